"""End to end: `wres run` on the demo data, as a reviewer and a rerunning analyst see it."""
import hashlib
import html
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import REPO
from wreslib.cli import main
from wreslib.standards.wres import INDICATORS
from wreslib.publish.runner import NOTEBOOK_DIR, NotebookFailed, RunConfig, package_versions, run
from wreslib.report.sections import NOTEBOOKS, STANDARD_NOTEBOOKS
from wreslib.inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD

DEMO = REPO / "data" / "demo"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'src="data:[^"]*"', "", markup)
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    assert main(["run", "--data", str(DEMO), "--year", "2024", "--out", str(out), "--quiet"]) == 0
    return out / "2024"


def test_outputs_are_all_there(demo_run):
    for stem, _ in NOTEBOOKS:
        assert (demo_run / f"{stem}.html").is_file()
        assert (demo_run.parent / ".analyst" / "2024" / f"{stem}.ipynb").is_file()
    assert (demo_run / "index.html").is_file() and (demo_run / "results.csv").is_file()
    assert list((demo_run / "figures").rglob("*.png"))
    # OUT/Y holds only what can go on a website: pages, results, figures and the run record.
    published = {p.relative_to(demo_run).as_posix() for p in demo_run.rglob("*") if p.is_file()}
    # The WDES report beside the WRES one (the demo's extracts carry disability), in wdes/.
    wdes = STANDARD_NOTEBOOKS["wdes"]
    assert {p for p in published if not p.startswith(("figures/", "wdes/figures/"))} == \
        {f"{stem}.html" for stem, _ in NOTEBOOKS} | {"index.html", "results.csv", "results.xlsx", "run.json"} | \
        {f"wdes/{stem}.html" for stem, _ in wdes} | {"wdes/index.html", "wdes/results.csv", "wdes/results.xlsx"}
    assert all(p.endswith(".png") for p in published if p.startswith(("figures/", "wdes/figures/")))
    for stem, _ in wdes:
        assert (demo_run.parent / ".analyst" / "2024" / "wdes" / f"{stem}.ipynb").is_file()
    record = json.loads((demo_run / "run.json").read_text())
    assert record["standards"] == ["wres", "wdes"]
    assert set(record["notebooks"]) == {s for s, _ in NOTEBOOKS} | {f"wdes/{s}" for s, _ in wdes}
    assert record["parameters"]["reporting_year"] == 2024
    # No [run] table in the demo's wres.toml and no options: the defaults, as resolved (jobs: one per core).
    assert (record["parameters"]["count_threshold"], record["parameters"]["survey_threshold"]) == \
        (COUNT_THRESHOLD, SURVEY_THRESHOLD)
    assert record["parameters"]["allow_unknown_labels"] is False and record["parameters"]["jobs"] >= 1
    for name in ("counts.csv", "2024/workforce.csv", "survey.csv"):
        assert record["inputs"][name] == hashlib.sha256((DEMO / name).read_bytes()).hexdigest()
    # The versions the cache keys were made with (tests/test_cache_keys.py).
    assert record["packages"] == package_versions() and record["packages"]["pandas"] != "not installed"
    assert all(n["executed"] for n in record["notebooks"].values())


@pytest.mark.parametrize("figure", ["1.32", "62.70%", "62.50%", "67.40%", "1.50", "1.24", "-32.7 pp", "-42.7 pp",
                                    "60.10%", "30.92%", "31.49%", "25.77%", "25.71%", "49.55%", "59.08%", "13.59%",
                                    "9.51%"])
def test_seed_figures_appear_in_the_summary(demo_run, figure):
    text = " ".join(visible_text((demo_run / f"{stem}.html").read_text()) for stem in ("index", "01_summary"))
    assert figure in text


@pytest.mark.parametrize("figure", ["25.71%", "25.77%", "3042", "5119", "59.08%", "49.55%", "13.59%", "15.28%",
                                    "7.04%", "12.94%", "2686", "2574", "60.23%", "46.36%"])
def test_seed_appendix_figures_appear_in_the_survey_page(demo_run, figure):
    assert figure in visible_text((demo_run / "04_staff_survey.html").read_text())


def test_html_has_no_code_no_tracebacks_no_external_scripts_and_alt_text(demo_run):
    for page in demo_run.rglob("*.html"):
        markup = page.read_text()
        text = visible_text(markup)
        for leak in ("import ", "load_results(", "Traceback", "reporting_year =", "In [", "Out["):
            assert leak not in text, (page.name, leak)
        assert "<script" not in markup
        assert not re.search(r'(src|href)="https?://', markup)
        for img in re.findall(r"<img\b[^>]*>", markup):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and alt.group(1).strip(), (page.name, img[:80])


def test_second_run_executes_nothing(demo_run, capsys):
    before = tree_digest(demo_run)
    assert main(["run", "--data", str(DEMO), "--year", "2024", "--out", str(demo_run.parent)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert tree_digest(demo_run) == before


def test_forced_rerun_is_reproducible(demo_run, tmp_path):
    out = tmp_path / "again"
    record = run(RunConfig(data_dir=DEMO, year=2024, out=out, force=True, progress=False), log=lambda m: None)
    assert all(n["executed"] for n in record["notebooks"].values())
    assert (out / "2024" / "results.csv").read_bytes() == (demo_run / "results.csv").read_bytes()
    assert (out / "2024" / "results.xlsx").read_bytes() == (demo_run / "results.xlsx").read_bytes()
    assert (out / "2024" / "wdes" / "results.csv").read_bytes() == (demo_run / "wdes" / "results.csv").read_bytes()
    for stem in ["index"] + [s for s, _ in NOTEBOOKS] + [f"wdes/{s}" for s in ["index"] + [
            s for s, _ in STANDARD_NOTEBOOKS["wdes"]]]:
        assert visible_text((out / "2024" / f"{stem}.html").read_text()) == \
            visible_text((demo_run / f"{stem}.html").read_text()), stem


def test_changed_input_reruns_and_failing_notebook_keeps_previous_outputs(demo_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(demo_run, out / "2024")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, notebooks)
    broken = nbformat.read(notebooks / "05_board.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('board data broken')"))
    nbformat.write(broken, notebooks / "05_board.ipynb")
    before = tree_digest(out / "2024")
    with pytest.raises(NotebookFailed, match=r"notebook 05_board failed in cell \d+: RuntimeError: board data broken"):
        run(RunConfig(data_dir=DEMO, year=2024, out=out, notebook_dir=notebooks, progress=False, jobs=2),
            log=lambda m: None)
    assert tree_digest(out / "2024") == before
    assert not [p for p in out.rglob("*") if p.name.startswith((".staging-", ".old-"))]  # no staging left behind


def test_bad_input_exits_2_and_leaves_outputs(demo_run, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    board = data / "2024" / "board.csv"
    lines = board.read_text().splitlines()
    board.write_text("\n".join(lines + ["B999,A,maybe,N"]) + "\n")
    out = tmp_path / "out"
    shutil.copytree(demo_run, out / "2024")
    before = tree_digest(out / "2024")
    assert main(["run", "--data", str(data), "--year", "2024", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"board.csv, line {len(lines) + 1}, column 'voting'" in err and "Traceback" not in err
    assert tree_digest(out / "2024") == before


def test_committed_notebooks_carry_no_outputs():
    # The package's notebook folder holds the reports' notebooks and no others (a glob of nothing would pass).
    assert sorted(p.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix() for p in NOTEBOOK_DIR.rglob("*.ipynb")) == \
        sorted([stem for stem, _ in NOTEBOOKS] + [f"wdes/{stem}" for stem, _ in STANDARD_NOTEBOOKS["wdes"]])
    for path in NOTEBOOK_DIR.rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
        tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.parametrize("signum, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_killed_run_leaves_no_staging_and_says_one_line(tmp_path, signum, code, word):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "wreslib", "run", "--data", str(DEMO), "--year", "2024",
                                "--out", str(out), "--force", "--quiet"], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        # Once papermill has written a notebook into the analyst's staging folder, kernels are running.
        wait_for(lambda: list(out.glob(".analyst/.staging-*/*.ipynb")) or process.poll() is not None)
        time.sleep(1)
        process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == code
    assert err == f"wres: {word}; previous outputs left as they were\n"
    assert not [p for p in out.rglob("*") if p.name.startswith((".staging-", ".old-"))]
    assert not (out / "2024").exists()


def test_next_run_repairs_a_swap_cut_short_and_removes_leftovers(demo_run, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(demo_run, out / ".old-2024-123")  # killed between year_dir -> .old and staging -> year_dir
    shutil.copytree(demo_run.parent / ".analyst", out / ".analyst")
    dead = subprocess.Popen(["true"])  # the pid of a process that has ended: a run no longer running
    dead.wait()
    for leftover in (out / f".staging-2024-{dead.pid}", out / ".analyst" / f".staging-2024-{dead.pid}",
                     out / ".old-2023-77"):
        leftover.mkdir(parents=True)
        (leftover / "index.html").write_text("<p>3 BME staff, unchecked</p>")
    assert main(["run", "--data", str(DEMO), "--year", "2024", "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().err  # the previous output was put back, so nothing to redo
    assert tree_digest(out / "2024") == tree_digest(demo_run)
    assert sorted(p.name for p in out.iterdir()) == [".analyst", "2024"]
    assert [p.name for p in (out / ".analyst").iterdir()] == ["2024"]


class _Tables(__import__("html.parser").parser.HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(path: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def test_pages_and_results_csv_agree_cell_for_cell(demo_run):
    """What results.csv hides, the pages hide; what it shows, they show: the band table and the board."""
    import pandas as pd

    results = pd.read_csv(demo_run / "results.csv")
    band_table = next(t for t in page_tables(demo_run / "02_workforce.html") if t and t[0][:3] == ["Cluster", "Band",
                                                                                                    "Staff"])
    header = band_table[0]
    checked = 0
    for cells in band_table[1:]:
        shown = dict(zip(header, cells))
        breakdown = shown["Cluster"] if shown["Band"] == "All" else f"{shown['Cluster']}|{shown['Band']}"
        for metric, column in (("bme_percent", "BME %"), ("white_percent", "White %"),
                               ("unknown_percent", "Unknown %")):
            r = results[(results["indicator"] == 1) & (results["breakdown"] == breakdown)
                        & (results["metric"] == metric)].iloc[0]
            expected = "*" if r["suppressed"] else f"{r['value']:.2f}%"
            assert shown[column] == expected, (breakdown, metric)
            checked += 1
    assert checked >= 60 and (results["suppressed"] & (results["indicator"] == 1)).any()
    board = next(t for t in page_tables(demo_run / "05_board.html") if t and t[0][0] == "Board members")
    names = {"Whole board": "All", "Voting members": "Voting", "Executive members": "Executive"}
    for cells in board[1:]:
        shown = dict(zip(board[0], cells))
        r = results[(results["indicator"] == 9) & (results["breakdown"] == names[shown["Board members"]])
                    & (results["metric"] == "board_bme_percent")].iloc[0]
        assert not r["suppressed"] and shown["BME % of board"] == f"{r['value']:.2f}%"
        assert pd.isna(r["ci_low"]) and pd.isna(r["numerator"])


def captioned_tables(path: Path) -> dict[str, list[list[str]]]:
    """The tables of a page that have a caption, by caption text (rows of cell texts, header first)."""
    markup = path.read_text(encoding="utf-8")
    found = {}
    for caption, table in re.findall(r"<table\b[^>]*><caption>(.*?)</caption>(.*?)</table>", markup, re.S):
        parser = _Tables()
        parser.feed(f"<table>{table}</table>")
        found[html.unescape(caption)] = parser.tables[0]
    return found


def test_demo_actions_are_shown_beside_their_indicator_and_in_the_summary(demo_run):
    """The demo's action plan (data/demo/actions.csv): each action beside its own indicator, every one in
    the summary and on the index page, and the action due in December 2023 still in progress shown overdue."""
    plan = pd.read_csv(DEMO / "actions.csv", dtype=str)
    for page in ("index.html", "01_summary.html"):
        table = captioned_tables(demo_run / page)["Action plan"]
        assert table[0] == ["Indicator", "Action", "Lead", "Due", "Status"]
        assert [row[1] for row in table[1:]] == list(plan["action"])
        assert table[1 + 5] == ["4", plan["action"][5], "Head of Learning and Development", "December 2023",
                                "Overdue (marked in progress)"]
        assert table[-1][0] == "All" and table[-1][3:] == ["Ongoing", "In progress"]
    pages = {1: "02_workforce", 2: "03_recruitment_disciplinary_training", 3: "03_recruitment_disciplinary_training",
             4: "03_recruitment_disciplinary_training", 5: "04_staff_survey", 6: "04_staff_survey",
             7: "04_staff_survey", 8: "04_staff_survey", 9: "05_board"}
    for indicator, stem in pages.items():
        table = captioned_tables(demo_run / f"{stem}.html")[f"Action plan: indicator {indicator}"]
        expected = [a for i, a in zip(plan["indicator"], plan["action"]) if str(indicator) in i.split(";")]
        assert [row[0] for row in table[1:]] == expected, indicator
    # Each survey indicator's actions follow its own chart, before the next indicator's heading.
    survey = visible_text((demo_run / "04_staff_survey.html").read_text())
    survey = survey[survey.index("Five years of each indicator"):]
    for indicator, following in ((5, 6), (6, 7), (7, 8)):
        assert survey.index(INDICATORS[indicator].title) < survey.index(f"Action plan: indicator {indicator}") \
            < survey.index(INDICATORS[following].title)
    assert "Follow the actions of the NHS equality" not in (demo_run / "02_workforce.html").read_text()


def test_demo_commentary_is_at_the_top_of_its_sections(demo_run):
    index = visible_text((demo_run / "index.html").read_text())
    assert index.index("Commentary from the trust The Demo NHS Trust is fictional") < index.index(
        "Indicators from workforce records")
    section = visible_text((demo_run / "03_recruitment_disciplinary_training.html").read_text())
    assert section.index("Commentary from the trust How we use these figures") < section.index(
        "The rates behind the ratios")
    for stem in ("01_summary", "02_workforce", "04_staff_survey", "05_board", "06_explore"):
        assert "Commentary from the trust" not in (demo_run / f"{stem}.html").read_text(), stem


def test_public_pages_say_no_unverified_and_the_index_does_not_link_to_itself(demo_run):
    # "Unverified" belongs to quality assurance, not to what a reviewer publishes.
    for page in sorted(demo_run.glob("*.html")):
        assert "unverified" not in page.read_text(encoding="utf-8").lower(), page.name
    index = (demo_run / "index.html").read_text(encoding="utf-8")
    assert 'href="index.html"' not in index
    assert 'href="02_workforce.html"' in index
    assert 'href="index.html"' in (demo_run / "02_workforce.html").read_text(encoding="utf-8")
    # The demo has every input, so no section is marked as lacking data.
    assert "(no data" not in index


def test_reconciliation_is_in_quality_assurance_with_a_pointer_in_the_summary(demo_run):
    summary = (demo_run / "01_summary.html").read_text(encoding="utf-8")
    qa = (demo_run / "07_quality_assurance.html").read_text(encoding="utf-8")
    assert re.search(r"\d+ of \d+ published figures differ from the figures recomputed from the data; "
                     r"see Quality assurance\.", summary)
    assert "Likely cause" not in summary and "Likely cause" in qa
    assert "Indicator 1, whole workforce: BME %" in qa
    assert "difference_pp" not in qa and "bme_percent" not in qa  # plain labels, not internal keys


def test_each_index_links_the_other_report(demo_run):
    wres, wdes = (demo_run / "index.html").read_text(), (demo_run / "wdes" / "index.html").read_text()
    assert 'href="wdes/index.html"' in wres and "Workforce Disability Equality Standard 2024" in wres
    assert 'href="../index.html"' in wdes and "Workforce Race Equality Standard 2024" in wdes
    assert "Demo NHS Trust: Workforce Disability Equality Standard 2024" in visible_text(wdes)
    # Metric 9b: the demo supplies no narrative, and the page says so.
    assert "has not supplied its metric 9b narrative" in visible_text(wdes)


def test_results_csv_names_its_standard(demo_run):
    import pandas as pd

    wres, wdes = (pd.read_csv(demo_run / folder / "results.csv") for folder in ("", "wdes"))
    assert list(wres.columns[:2]) == ["standard", "year"] and set(wres["standard"]) == {"wres"}
    assert set(wdes["standard"]) == {"wdes"} and set(wdes["year"]) == {2024}
    # WDES metric 2 is Non-disabled rate / Disabled rate, as its description says.
    ratio = wdes[(wdes["indicator"] == "2") & (wdes["metric"] == "relative_likelihood")].iloc[0]
    assert "(Non-disabled rate / Disabled rate)" in ratio["description"]


def test_one_standard_only(tmp_path):
    record = run(RunConfig(data_dir=DEMO, year=2024, out=tmp_path, standards=("wdes",), progress=False),
                 log=lambda m: None)
    assert record["standards"] == ["wdes"]
    published = {p.relative_to(tmp_path / "2024").as_posix() for p in (tmp_path / "2024").rglob("*") if p.is_file()}
    assert "index.html" not in published and "wdes/index.html" in published and "run.json" in published
    assert 'href="../index.html"' not in (tmp_path / "2024" / "wdes" / "index.html").read_text()
