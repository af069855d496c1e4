"""The publish step keeps inputs and outputs safe (issue 9): a trust numbering its staff 1..N
publishes, identifiers still fail the check, input text is escaped, run.json names only what the
pack reads with no absolute path, and --out may not overlap the data folder."""
import csv
import hashlib
import html
import json
import re
import shutil

import pandas as pd
import pytest

from helpers import REPO
from wreslib.cli import main
from wreslib.errors import PublishCheckFailed
from wreslib.publish.site import check_publishable, input_identifiers, write_site
from wreslib.publish.runner import RunConfig, cache_keys, input_files
from wreslib.report.sections import NOTEBOOKS

DEMO = REPO / "data" / "demo"
TRUST = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"
RAW_TAGS = ("<script>alert", "<img src=x", "<b>x</b>")


def tree_digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def elements(markup):
    """Every start tag of a page: (tag, attributes)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(markup)
    return found


def renumber_staff(data):
    """Number every member of staff 1..N (the same number in every year and file)."""
    years = sorted(p for p in data.iterdir() if p.is_dir() and p.name.isdigit())
    files = {(y, name): pd.read_csv(y / f"{name}.csv", dtype=str, keep_default_na=False)
             for y in years for name in ("workforce", "disciplinary", "training")}
    ids = sorted({i for (_, name), f in files.items() if name == "workforce" for i in f["Employee Number"]})
    number = {old: str(n) for n, old in enumerate(ids, start=1)}
    for (year, name), frame in files.items():
        column = "Employee Number" if name == "workforce" else "staff_id"
        frame[column] = frame[column].map(number)
        if name == "training":
            frame["course"] = frame["course"].where(frame.index % 2 == 0, "<b>x</b> course")
        frame.to_csv(year / f"{name}.csv", index=False)
    return len(ids)


@pytest.fixture(scope="module")
def trust(tmp_path_factory):
    """The demo trust with staff ids 1..N, a hostile trust name, occupation and published source,
    and files the pack does not read."""
    data = tmp_path_factory.mktemp("hostile") / "trust_data"
    shutil.copytree(DEMO, data)
    assert renumber_staff(data) > 13000  # so that headcounts and the like are staff ids too
    toml = data / "wres.toml"
    toml.write_text(toml.read_text().replace('name = "Demo NHS Trust"', f'name = "{TRUST}"'))
    responses = data / "survey_responses.csv"
    responses.write_text(responses.read_text().replace("Admin and Clerical", "<b>x</b> Admin"))
    published = data / "published.csv"
    published.write_text(published.read_text().replace("ESR table", "<b>x</b> table", 1))
    with open(data / "actions.csv", "a", encoding="utf-8") as plan:
        plan.write(f'2,"{TRUST} <b>x</b> [y](javascript:alert(1))",=cmd|\' /C calc\'!A0,2025-03,done\n')
    (data / "commentary" / "02_workforce.md").write_text(
        f"{TRUST}\n\nOur <b>x</b> [link](javascript:alert(1)) ![web](https://example.com/x.png) [site](https://nhs.uk)\n")
    (data / "notes.txt").write_text("private notes\n")
    (data / "secret.xlsx").write_bytes(b"PK\x03\x04")
    return data


@pytest.fixture(scope="module")
def published(trust, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    before = tree_digest(trust)
    assert main(["run", "--data", str(trust), "--year", "2024", "--out", str(out), "--quiet"]) == 0
    assert tree_digest(trust) == before  # inputs never modified
    return out / "2024"


def test_sequential_numeric_staff_ids_publish(trust, published):
    results = pd.read_csv(published / "results.csv")
    figures = {str(int(v)) for v in pd.concat([results["numerator"], results["denominator"]]).dropna()}
    ids = input_identifiers(trust)
    assert {f for f in figures if len(f) >= 5} & ids  # a figure equal to a staff id: published all the same
    assert (published / "index.html").is_file()


@pytest.mark.parametrize("plant", ["text", "file name", "id word", "alt text"])
def test_an_identifier_in_published_text_still_fails(trust, published, tmp_path, plant):
    site = tmp_path / "2024"
    shutil.copytree(published, site)
    config = RunConfig(data_dir=trust, year=2024, out=tmp_path)
    check_publishable(site, config)  # the copy is clean
    page = site / "02_workforce.html"
    markup = page.read_text()
    if plant == "text":
        page.write_text(markup.replace("</h1>", " (occupation E12345)</h1>", 1))
    elif plant == "id word":
        page.write_text(markup.replace("</h1>", " staff ID: 12345</h1>", 1))
    elif plant == "alt text":
        page.write_text(re.sub(r'alt="', 'alt="Staff_12345 ', markup, count=1))
    else:
        shutil.copy(next((site / "figures").rglob("*.png")), site / "figures" / "band_12345.png")
    with pytest.raises(PublishCheckFailed, match=r"identifier: an input identifier value.*'12345'"):
        check_publishable(site, config)


def test_figures_equal_to_numeric_ids_are_not_identifiers(tmp_path):
    from wreslib.disclosure.engine import scan_for_disclosure

    page = tmp_path / "p.html"
    page.write_text("<p>13,907 staff in 2024; 13907 of 15000 staff.</p><table><tr><th>Staff</th></tr>"
                    "<tr><td>13907</td></tr></table>")
    csv = tmp_path / "results.csv"
    csv.write_text("breakdown,numerator,denominator,value\nOverall,13907,15000,92.71\n")
    assert scan_for_disclosure([page, csv], {"13907", "15000"}) == []
    assert [f.text for f in scan_for_disclosure([page], {"E13907"})] == []
    leak = tmp_path / "q.html"
    leak.write_text("<p>Case E13907 and staff_15000; respondent #13907.</p>")
    assert {f.text for f in scan_for_disclosure([leak], {"13907", "15000"})} == {"13907", "15000"}


def test_a_wdes_board_rows_whole_change_in_points_is_not_a_count(tmp_path):
    """Found by a 40-organisation run: "Metric 10: voting members (pp)" named a count row (its "members"),
    so a board change of exactly "6.0 pp" stopped the run. Points and metrics are not counts of people;
    a count row is still scanned."""
    from wreslib.disclosure.engine import scan_for_disclosure

    page = tmp_path / "p.html"
    page.write_text("<table><tr><th>Measure</th><th>Result</th><th>Change from last year</th></tr>"
                    "<tr><td>Metric 10: voting members (pp)</td><td>-5.0 pp</td><td>6.0 pp higher (better)</td></tr>"
                    "</table>")
    assert scan_for_disclosure([page], set()) == []
    # The board page's rows are "Voting members" (a count word): a change in points is still no count.
    page.write_text("<table><tr><th>Board members</th><th>Change from last year</th></tr>"
                    "<tr><td>Voting members</td><td>6.0 pp higher (better)</td></tr></table>")
    assert scan_for_disclosure([page], set()) == []
    page.write_text("<table><tr><th>Measure</th><th>2024</th></tr><tr><td>Disabled staff</td><td>6</td></tr></table>")
    assert [f.text for f in scan_for_disclosure([page], set())] == ["6"]


def test_a_model_employer_shortfall_of_one_is_no_count(tmp_path):
    """Found by a 40-organisation run: "More BME staff needed for parity" read as a count column, so a band one
    person short of parity stopped the run. The shortfall is worked out from the figures beside it."""
    from wreslib.disclosure.engine import scan_for_disclosure
    from wreslib.report.tables import display_model_employer

    table = pd.DataFrame(dict(band=["Band 8a"], staff=[40], bme=[8], bme_percent=[20.0], workforce_bme_percent=[22.0],
                              gap_pp=[-2.0], bme_needed_for_parity=[1], hidden=[False]))
    page = tmp_path / "p.html"
    page.write_text(display_model_employer(table).to_html(index=False))
    assert "Shortfall to parity (BME)" in page.read_text() and scan_for_disclosure([page], set()) == []


def test_input_text_is_escaped_in_every_page(published):
    pages = sorted(published.glob("*.html"))
    assert [p.stem for p in pages] == sorted(["index", *(stem for stem, _ in NOTEBOOKS)])
    for page in pages:
        markup = page.read_text()
        for tag in RAW_TAGS:
            assert tag not in markup, (page.name, tag)
        tags = elements(markup)
        assert not [t for t in tags if t[0] in ("script", "b") or (t[0] == "img" and ("src", "x") in t[1])], page.name
        assert not [t for t in tags if any(name.startswith("on") for name, _ in t[1])], page.name
    escaped = html.escape("<script>alert(1)</script>", quote=False)
    for name in ("index.html", "01_summary.html"):
        assert escaped in (published / name).read_text(), name
    assert "&lt;b&gt;x&lt;/b&gt; Admin" in (published / "04_staff_survey.html").read_text()
    assert "&lt;b&gt;x&lt;/b&gt; table" in (published / "07_quality_assurance.html").read_text()


def test_action_text_and_commentary_are_escaped_and_link_nowhere(published):
    hostile = html.escape(f"{TRUST} <b>x</b> [y](javascript:alert(1))", quote=False)
    for name in ("index.html", "01_summary.html", "03_recruitment_disciplinary_training.html"):
        markup = published / name
        assert hostile in markup.read_text(), name
        assert "=cmd|' /C calc'!A0" in markup.read_text(), name
    workforce = (published / "02_workforce.html").read_text()
    assert "<p>Our &lt;b&gt;x&lt;/b&gt; link [image not shown: web] site (https://nhs.uk)</p>" in workforce
    for page in published.rglob("*.html"):
        markup = page.read_text()
        assert "javascript:alert" not in markup.replace("[y](javascript:alert(1))", ""), page.name
        links = [dict(attrs).get("href", "") for tag, attrs in elements(markup) if tag == "a"]
        # the report's own pages only: its sections, its index, and the other standard's index
        assert all(re.fullmatch(r"\d\d_\w+\.html|index\.html|wdes/index\.html|\.\./index\.html", h)
                   for h in links), (page.name, links)
        assert not [t for t in elements(markup) if t[0] == "img" and not dict(t[1]).get("src", "").startswith("data:")]


def test_run_json_relative_paths_and_only_read_inputs(trust, published, tmp_path, monkeypatch):
    text = (published / "run.json").read_text()
    record = json.loads(text)
    assert str(trust) not in text and str(published.parent) not in text and str(REPO) not in text
    assert record["parameters"]["data_dir"] == "trust_data"
    expected = {"wres.toml", "counts.csv", "survey.csv", "survey_responses.csv", "published.csv", "actions.csv",
                "commentary/index.md", "commentary/02_workforce.md",
                "commentary/03_recruitment_disciplinary_training.md"} | {
        f"{y}/{n}.csv" for y in range(2020, 2025)
        for n in ("workforce", "recruitment", "disciplinary", "training", "board", "capability")}
    assert set(record["inputs"]) == expected
    for name in ("2024/workforce.csv", "wres.toml"):
        assert record["inputs"][name] == hashlib.sha256((trust / name).read_bytes()).hexdigest()
    # A relative --data is recorded as given.
    monkeypatch.chdir(trust.parent)
    assert RunConfig(data_dir="trust_data", year=2024).data_dir_given.as_posix() == "trust_data"


def test_cache_key_follows_read_inputs_only(tmp_path):
    data = tmp_path / "d"
    shutil.copytree(DEMO, data)
    config = RunConfig(data_dir=data, year=2023, out=tmp_path / "out")

    def keys():
        return cache_keys(config, {p.relative_to(data).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                                   for p in input_files(data, 2023)})

    first = keys()
    (data / "notes.txt").write_text("x")
    with open(data / "2024" / "workforce.csv", "a") as f:  # a later year is not read for 2023
        f.write("\n")
    assert keys() == first
    with open(data / "2022" / "training.csv", "a") as f:
        f.write("\n")
    assert keys() != first
    assert data / "notes.txt" not in input_files(data, 2023)


@pytest.mark.parametrize("where", ["same", "inside", "containing"])
def test_out_overlapping_data_is_refused(tmp_path, capsys, where):
    data = tmp_path / "trust" / "data"
    shutil.copytree(DEMO, data)
    out = {"same": data, "inside": data / "outputs", "containing": tmp_path / "trust"}[where]
    before = tree_digest(tmp_path)
    assert main(["run", "--data", str(data), "--year", "2024", "--out", str(out), "--quiet", "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "expected an output folder apart from the data folder" in err
    assert tree_digest(tmp_path) == before
    assert not (data / "outputs").exists()


def test_results_csv_text_cannot_run_in_a_spreadsheet(tmp_path, monkeypatch):
    results = pd.DataFrame({
        "year": [2024, 2024, 2024], "indicator": [1, 1, 7],
        "breakdown": ['Cluster|=HYPERLINK("http://x")', '=HYPERLINK("http://x")', "-cmd"],
        "metric": ["bme_percent", "@SUM(A1)", "difference_pp"], "value": [50.0, 12.5, -0.5],
        "ci_low": [40.0, 10.0, -1.5], "ci_high": [60.0, 15.0, 0.5], "numerator": [20.0, 5.0, None],
        "denominator": [40.0, 40.0, None], "change": [-1.25, None, None], "description": ["+1 more", "ok", "x"],
        "note": ["", "-", None], "suppressed": [False, False, False]})
    config = RunConfig(data_dir=DEMO, year=2024, out=tmp_path)
    monkeypatch.setattr("wreslib.publish.site.index_html", lambda *args, **kwargs: "")  # only results.csv is tested here
    write_site(tmp_path, results, config, [])
    rows = list(csv.DictReader((tmp_path / "results.csv").open()))
    assert [r["breakdown"] for r in rows] == ['Cluster|=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', "'-cmd"]
    assert [r["metric"] for r in rows] == ["bme_percent", "'@SUM(A1)", "difference_pp"]
    assert [r["description"] for r in rows][0] == "'+1 more" and rows[1]["note"] == "'-"
    assert [r["value"] for r in rows] == ["50", "12.5", "-0.5"] and rows[0]["change"] == "-1.25"
    assert rows[2]["ci_low"] == "-1.5"


def test_only_published_file_types_pass_the_check(trust, published, tmp_path):
    site = tmp_path / "2024"
    shutil.copytree(published, site)
    (site / "01_summary.ipynb").write_text("{}")
    with pytest.raises(PublishCheckFailed, match=r"01_summary.ipynb:0:0: unpublished type"):
        check_publishable(site, RunConfig(data_dir=trust, year=2024, out=tmp_path))
