"""A system of organisations (issue 13): layouts, errors that name the organisation and the original
line, the system's figures from summed counts and their disclosure control, and end to end: each
organisation's report identical to a single-trust run, the system's page and results.csv, a rerun."""
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wreslib.cli import main
from wreslib.compute.indicators import RESULT_COLUMNS
from wreslib.demo.national import write_national
from wreslib.disclosure.engine import Reason, Thresholds
from wreslib.errors import InputError
from wreslib.publish.runner import RunConfig, run
from wreslib.inputs.reading import BENCHMARK_FILE
from wreslib.publish.system import find_system, split_extract, system_report, system_results
from wreslib.publish.system_site import SYSTEM, funnel_frame, headline_rows, organisations_table

ORGS = "code,name,system\nR0A,Alpha Hospitals NHS Trust,Demo ICS\nR0B,Beta & <b>Gamma</b> NHS Trust,Demo ICS\n"


def one_extract(root: Path, organisations: int = 2, staff: int = 3000) -> Path:
    write_national(root, staff=staff, organisations=organisations, years=(2023, 2024))
    return root


def single_trust(extract: Path, code: str, name: str, into: Path) -> Path:
    """The organisation's rows of ``extract`` as a single trust's folder, written independently of the pack."""
    for path in sorted(extract.glob("*/*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        mine = frame[frame["organisation"] == code].drop(columns="organisation")
        target = into / path.relative_to(extract)
        target.parent.mkdir(parents=True, exist_ok=True)
        mine.to_csv(target, index=False, lineterminator="\n")
    (into / "wres.toml").write_text(f'[trust]\nname = "{name}"\ncode = "{code}"\n', encoding="utf-8")
    return into


# ------------------------------------------------------------------------------------------------ layouts

def test_a_folder_of_organisation_folders_is_a_system(tmp_path):
    for code, name in (("RAA", "Alpha"), ("RBB", "Beta")):
        (tmp_path / code).mkdir()
        (tmp_path / code / "wres.toml").write_text(f'[trust]\nname = "{name}"\ncode = "{code}"\n')
    (tmp_path / "system.toml").write_text('[system]\nname = "North West London ICS"\n')
    system = find_system(tmp_path)
    assert system.layout == "folders" and system.name == "North West London ICS"
    assert [(o.code, o.name, o.data_dir) for o in system.organisations] == [
        ("RAA", "Alpha", tmp_path / "RAA"), ("RBB", "Beta", tmp_path / "RBB")]


@pytest.mark.parametrize("toml, expected", [
    ('[trust]\nname = "Alpha"\n', "[trust] code"),
    ('[trust]\ncode = "RAA"\n', "[trust] name"),
    ('[trust]\nname = "Alpha"\ncode = "RXX"\n', "the name of the organisation's folder"),
])
def test_an_organisation_folder_without_its_code_or_name_is_one_error(tmp_path, toml, expected, capsys):
    (tmp_path / "RAA").mkdir()
    (tmp_path / "RAA" / "wres.toml").write_text(toml)
    with pytest.raises(InputError) as err:
        find_system(tmp_path)
    assert expected in str(err.value) and "RAA/wres.toml" in str(err.value)
    assert main(["validate", "--data", str(tmp_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_single_trusts_extract_with_its_own_code_stays_a_single_trust(tmp_path):
    one_extract(tmp_path, organisations=1, staff=300)
    assert find_system(tmp_path) is None


def test_one_extract_of_many_organisations_is_a_system_named_from_organisations_csv(tmp_path):
    one_extract(tmp_path, staff=600)
    assert [o.name for o in find_system(tmp_path).organisations] == ["R0A", "R0B"]  # no list: named by code
    (tmp_path / "organisations.csv").write_text(ORGS)
    (tmp_path / "system.toml").write_text('[system]\nname = "Demo ICS"\n')
    system = find_system(tmp_path)
    assert (system.layout, system.name) == ("extract", "Demo ICS")
    assert [(o.code, o.name, o.system) for o in system.organisations] == [
        ("R0A", "Alpha Hospitals NHS Trust", "Demo ICS"), ("R0B", "Beta & <b>Gamma</b> NHS Trust", "Demo ICS")]


def test_an_organisation_without_a_name_or_not_listed_is_one_error(tmp_path):
    one_extract(tmp_path, staff=600)
    (tmp_path / "organisations.csv").write_text("code,name\nR0A,Alpha\nR0B,\n")
    with pytest.raises(InputError, match=r"organisations.csv, line 3, column 'name': expected a name for "
                                         r"organisation 'R0B'"):
        find_system(tmp_path)
    (tmp_path / "organisations.csv").write_text("code,name\nR0A,Alpha\n")
    with pytest.raises(InputError, match=r"2023/workforce.csv, line \d+, column 'organisation': expected an organisation code listed in "
                                         r"organisations.csv, got 'R0B'"):
        find_system(tmp_path)


def test_a_missing_code_or_a_file_without_the_column_is_one_error(tmp_path):
    one_extract(tmp_path, staff=600)
    path = tmp_path / "2024" / "training.csv"
    lines = path.read_text().splitlines()
    lines[3] = "," + lines[3].split(",", 1)[1]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"2024/training.csv, line 4, column 'organisation': expected an "
                                         r"organisation code"):
        find_system(tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).iloc[[0, 1, 2, 4]].drop(columns="organisation")
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"2024/training.csv: expected an 'organisation' column"):
        find_system(tmp_path)


def test_an_organisations_bad_line_is_named_with_the_organisation_and_the_original_line(tmp_path, capsys):
    one_extract(tmp_path, staff=600)
    path = tmp_path / "2024" / "training.csv"
    lines = path.read_text().splitlines()
    # The last R0B record: its line in the whole file is not its line in R0B's own rows.
    number = max(i for i, line in enumerate(lines) if line.startswith("R0B,"))
    fields = lines[number].split(",")
    header = lines[0].split(",")
    fields[header.index("date")] = "not a date"
    lines[number] = ",".join(fields)
    before = "\n".join(lines) + "\n"
    path.write_text(before)
    assert main(["validate", "--data", str(tmp_path), "--year", "2024"]) == 2
    out = capsys.readouterr().out
    assert f"2024/training.csv, line {number + 1}, column 'date': expected for organisation 'R0B'" in out
    out_dir = tmp_path.parent / "out"
    assert main(["run", "--data", str(tmp_path), "--year", "2024", "--out", str(out_dir), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "organisation 'R0B'" in err and f"line {number + 1}" in err
    assert not (out_dir / "2024").exists() and path.read_text() == before  # nothing written, input untouched


def test_each_organisations_rows_are_split_as_written_with_the_whole_survey_as_its_benchmark(tmp_path):
    root = one_extract(tmp_path / "data", staff=600)
    (root / "survey.csv").write_text("organisation,survey_year,indicator,group,percent\nR0A,2023,5,BME,30\n"
                                     "R0B,2023,5,BME,40\nRZZ,2023,5,BME,50\n")
    (root / "wres.toml").write_text('[trust]\nname = "Not one trust"\n\n[run]\ncount_threshold = 9\n')
    split = tmp_path / "split"
    split_extract(find_system(root), split)
    original = pd.read_csv(root / "2024" / "workforce.csv", dtype=str, keep_default_na=False)
    mine = pd.read_csv(split / "R0B" / "2024" / "workforce.csv", dtype=str, keep_default_na=False)
    expected = original[original["organisation"] == "R0B"].drop(columns="organisation").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, expected)
    assert (split / "R0A" / "survey.csv").read_text() == "survey_year,indicator,group,percent\n2023,5,BME,30\n"
    assert (split / "R0A" / BENCHMARK_FILE).read_bytes() == (root / "survey.csv").read_bytes()
    toml = (split / "R0B" / "wres.toml").read_text()
    assert 'code = "R0B"' in toml and "count_threshold = 9" in toml and "Not one trust" not in toml


# ------------------------------------------------------------------------------ the system's figures

def _results(rows):
    frame = pd.DataFrame([dict(year=2024, indicator=1, breakdown=b, metric=m, value=100 * k / n, ci_low=math.nan,
                               ci_high=math.nan, numerator=k, denominator=n, change=math.nan, description="", note="")
                          for b, m, k, n in rows], columns=RESULT_COLUMNS)
    return frame


def test_the_systems_figures_are_the_summed_counts(tmp_path):
    root = one_extract(tmp_path / "data", staff=900)
    system = find_system(root)
    folders = [tmp_path / "single" / o.code for o in system.organisations]
    for o, folder in zip(system.organisations, folders):
        single_trust(root, o.code, o.name, folder)
    from wreslib.publish.pipeline import load_results

    each = [load_results(f, 2024) for f in folders]
    summed = system_results(folders, 2024)

    def figure(frame, ind, bd, metric, col):
        return frame[(frame["year"] == 2024) & (frame["indicator"] == ind) & (frame["breakdown"] == bd)
                     & (frame["metric"] == metric)][col].iloc[0]

    for ind, bd, metric in ((1, "Overall", "bme_percent"), (2, "All", "white_percent"), (4, "All", "bme_percent")):
        k = sum(figure(f, ind, bd, metric, "numerator") for f in each)
        n = sum(figure(f, ind, bd, metric, "denominator") for f in each)
        assert (figure(summed, ind, bd, metric, "numerator"), figure(summed, ind, bd, metric, "denominator")) == (k, n)
        assert figure(summed, ind, bd, metric, "value") == pytest.approx(100 * k / n)
    # Indicator 2's ratio is the ratio of the pooled rates (White / BME), not an average of the ratios.
    rate = {g: sum(figure(f, 2, "All", f"{g}_percent", "numerator") for f in each)
            / sum(figure(f, 2, "All", f"{g}_percent", "denominator") for f in each) for g in ("white", "bme")}
    assert figure(summed, 2, "All", "relative_likelihood", "value") == pytest.approx(rate["white"] / rate["bme"])


def test_a_cell_an_organisation_hides_is_hidden_in_the_system_with_what_protects_it():
    # Band 5: 40 BME, 50 White, 10 Unknown of 100 in the system. Organisation A hides its BME count.
    system = _results([("Overall", "bme_percent", 40, 100), ("Overall", "white_percent", 50, 100),
                       ("Overall", "unknown_percent", 10, 100)])
    org_a = system.assign(suppressed=[True, False, False])
    org_b = system.assign(suppressed=False)
    shown = system_report(system, [org_a, org_b], Thresholds(count=7, survey=11))
    assert shown.loc[0, "suppressed"] and shown.loc[0, "suppression_reason"] == Reason.ORGANISATION
    # BME = 100 - White - Unknown: one more figure is hidden so that the forced one stays hidden.
    assert shown["suppressed"].sum() >= 2
    # Without any organisation hiding anything, the system shows all three (no small counts).
    assert not system_report(system, [org_b], Thresholds(count=7, survey=11))["suppressed"].any()


# ------------------------------------------------------------------------------------------ end to end

@pytest.fixture(scope="module")
def system_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("system")
    root = one_extract(base / "data", staff=3000)
    (root / "organisations.csv").write_text(ORGS)
    (root / "system.toml").write_text('[system]\nname = "Demo <ICS>"\n')
    out = base / "out"
    assert main(["run", "--data", str(root), "--year", "2024", "--out", str(out), "--standard", "wres",
                 "--quiet"]) == 0
    return root, out


def test_each_organisations_report_is_a_single_trust_runs_byte_for_byte(system_run, tmp_path):
    root, out = system_run
    for code, name in (("R0A", "Alpha Hospitals NHS Trust"), ("R0B", "Beta & <b>Gamma</b> NHS Trust")):
        folder = single_trust(root, code, name, tmp_path / code)
        run(RunConfig(data_dir=folder, year=2024, out=tmp_path / f"out-{code}", standards=("wres",),
                      progress=False), log=lambda m: None)
        mine = (out / "2024" / code / "results.csv").read_bytes()
        assert mine == (tmp_path / f"out-{code}" / "2024" / "results.csv").read_bytes()


def test_the_systems_results_csv_has_every_organisations_rows_and_the_systems(system_run):
    _, out = system_run
    results = pd.read_csv(out / "2024" / "results.csv", dtype={"organisation": str})
    assert list(results.columns[:2]) == ["organisation", "standard"]
    assert list(dict.fromkeys(results["organisation"])) == ["R0A", "R0B", SYSTEM]
    for code in ("R0A", "R0B"):
        own = pd.read_csv(out / "2024" / code / "results.csv")
        pd.testing.assert_frame_equal(results[results["organisation"] == code].drop(columns="organisation")
                                      .reset_index(drop=True), own)
    # A system count is shown only where both organisations show theirs, and is then their sum.
    key = ["indicator", "breakdown", "metric"]
    system = results[results["organisation"] == SYSTEM].set_index(key)
    a, b = (results[results["organisation"] == c].set_index(key) for c in ("R0A", "R0B"))
    shown = system[system["numerator"].notna()]
    assert len(shown) > 5
    for idx, row in shown.iterrows():
        assert idx in a.index and idx in b.index and not a.loc[idx, "suppressed"] and not b.loc[idx, "suppressed"]
        assert row["numerator"] == a.loc[idx, "numerator"] + b.loc[idx, "numerator"]
        assert row["denominator"] == a.loc[idx, "denominator"] + b.loc[idx, "denominator"]
    for idx in system.index:
        if (idx in a.index and a.loc[idx, "suppressed"]) or (idx in b.index and b.loc[idx, "suppressed"]):
            assert system.loc[idx, "suppressed"]


def test_the_systems_page_compares_the_organisations(system_run):
    _, out = system_run
    page = (out / "2024" / "index.html").read_text()
    assert "Demo &lt;ICS&gt;: Workforce Race Equality Standard 2024, 2 organisations" in page
    assert '<a href="R0B/index.html">Beta &amp; &lt;b&gt;Gamma&lt;/b&gt; NHS Trust</a>' in page
    assert "<b>Gamma</b>" not in page and "&amp;amp;" not in page
    assert page.count("<h3>Indicator") >= 4 and "Funnel plot of" in page
    record = json.loads((out / "2024" / "run.json").read_text())
    assert record["system"] == {"name": "Demo <ICS>", "layout": "extract"}
    assert set(record["organisations"]) == {"R0A", "R0B"} and "2024/workforce.csv" in record["inputs"]


def test_the_organisations_table_and_funnels_show_only_what_each_report_shows(system_run):
    from wreslib.publish.runner import load_reports

    root, out = system_run
    system = find_system(root)
    made = {o.code: load_reports(out, f"2024/{o.code}") for o in system.organisations}
    # Hide R0A's indicator 1 count as if its report had: it leaves the funnel and the table shows the marker.
    results = made["R0A"]["wres"].results
    row = (results["year"] == 2024) & (results["indicator"] == 1) & (results["breakdown"] == "Overall") & (
        results["metric"] == "bme_percent")
    results.loc[row, ["value", "ci_low", "ci_high", "numerator", "denominator"]] = math.nan
    results.loc[row, "suppressed"] = True
    frame = funnel_frame(made, system.organisations, 2024, 1)
    assert frame.loc[0, ["numerator", "denominator"]].isna().all() and frame.loc[1, "denominator"] > 0
    table = organisations_table(made, system.organisations, 2024)
    assert table.loc[0, headline_rows()[0][0]] == "*"
    assert table.loc[1, headline_rows()[0][0]].endswith("%)")
    # Each likelihood's funnel point is the organisation's published ratio, in the registry's direction
    # (indicator 2 White / BME, indicator 4 White / BME): a swapped group would give its reciprocal.
    from wreslib.compute.funnel import funnel_table
    from wreslib.standards.wres import WRES

    for indicator in (2, 4):
        spec = WRES.indicators[indicator]
        funnel = funnel_table(funnel_frame(made, system.organisations, 2024, indicator), spec)
        published = made["R0B"]["wres"].results
        ratio = published[(published["year"] == 2024) & (published["indicator"] == indicator)
                          & (published["breakdown"] == spec.breakdown)
                          & (published["metric"] == "relative_likelihood")]["value"].iloc[0]
        assert ratio != pytest.approx(1.0) and funnel.loc[1, "value"] == pytest.approx(ratio)


def test_a_rerun_with_one_organisations_data_changed_runs_only_that_organisation(system_run):
    # Last in the module: it changes the module's data folder (the cache keys hold the folders' paths).
    root, out = system_run
    path = root / "2024" / "training.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.drop(index=frame.index[frame["organisation"] == "R0B"][:5])
    frame.to_csv(path, index=False, lineterminator="\n")
    before = (out / "2024" / "R0A" / "run.json").read_bytes()
    assert main(["run", "--data", str(root), "--year", "2024", "--out", str(out), "--standard", "wres",
                 "--quiet"]) == 0
    executed = {code: o["notebooks_executed"] for code, o in
                json.loads((out / "2024" / "run.json").read_text())["organisations"].items()}
    assert executed == {"R0A": 0, "R0B": 8}
    assert (out / "2024" / "R0A" / "run.json").read_bytes() == before


def test_the_demo_system_is_the_generators_byte_for_byte(tmp_path):
    from helpers import REPO
    from wreslib.demo.national import write_system_demo

    write_system_demo(tmp_path)
    shipped = REPO / "data" / "demo_system"
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(shipped).as_posix() for p in shipped.rglob("*") if p.is_file())
    for name in files:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), f"data/demo_system/{name} is stale"


def test_the_systems_survey_figures_pool_the_responses_with_a_wilson_interval(tmp_path):
    from scipy.stats import binomtest

    rows = {"A": [(2022, 5, "White", 400, "25.00"), (2023, 5, "White", 400, "20.00"),
                  (2023, 5, "All other ethnic groups", 100, "30.00")],
            "B": [(2022, 5, "White", 600, "30.00"), (2023, 5, "White", 600, "30.00"),
                  (2023, 5, "All other ethnic groups", 300, "40.00")]}
    folders = []
    for name, lines in rows.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "survey.csv").write_text("survey_year,indicator,group,responses,percent\n" + "".join(
            ",".join(map(str, line)) + "\n" for line in lines))
        folders.append(folder)
    summed = system_results(folders, 2024)
    white = summed[(summed["survey_year"] == 2023) & (summed["metric"] == "white_percent")].iloc[0]
    # 20% of 400 = 80 and 30% of 600 = 180: 260 of 1,000.
    assert (white["numerator"], white["denominator"], white["value"]) == (260, 1000, 26.0)
    ci = binomtest(260, 1000).proportion_ci(method="wilson")
    assert (white["ci_low"], white["ci_high"]) == (pytest.approx(100 * ci.low), pytest.approx(100 * ci.high))
    # 2022: 100 + 180 = 280 of 1,000 (28%): 26% is 2 points lower.
    assert white["change"] == pytest.approx(-2.0)
    bme = summed[(summed["survey_year"] == 2023) & (summed["metric"] == "bme_percent")].iloc[0]
    assert (bme["numerator"], bme["denominator"]) == (30 + 120, 400) and math.isnan(bme["change"])
