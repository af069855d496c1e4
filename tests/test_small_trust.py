"""A small trust (a few hundred staff, groups of 1 to 6) through `wres run`: nothing
published may show a count of 1 to 7 people or an input identifier."""
import math
import re
import shutil

import nbformat
import pandas as pd
import pytest

from wreslib.cli import main
from wreslib.inputs.counts import write_counts
from wreslib.demo.trust import demo_counts, demo_records, mapping_toml
from wreslib.disclosure.engine import MARKER, visible_text
from wreslib.publish.site import input_identifiers
from wreslib.publish.runner import NOTEBOOK_DIR

SCALE = 40  # the demo trust is ~15,000 staff; this one ~370


def small_counts() -> pd.DataFrame:
    counts = demo_counts()
    counts = counts[counts["year"].isin([2023, 2024])].copy()
    events = counts["measure"].isin(["appointed", "entered_disciplinary", "accessed_training"])
    scaled = counts["count"] / SCALE
    counts["count"] = scaled.where(events, scaled.apply(math.ceil)).astype(int)  # events rounded down, bases up
    counts.loc[events, "count"] = scaled[events].astype(int)
    counts.loc[counts["indicator"] == 9, "count"] = demo_counts().loc[counts.index[counts["indicator"] == 9],
                                                                       "count"]
    return counts


@pytest.fixture(scope="module")
def small_trust(tmp_path_factory):
    root = tmp_path_factory.mktemp("small") / "data"
    root.mkdir()
    counts = small_counts()
    write_counts(counts, root / "counts.csv")
    (root / "wres.toml").write_text(mapping_toml().replace("Demo NHS Trust", "Small Demo Trust"))
    for year, files in demo_records(counts).items():
        (root / str(year)).mkdir()
        for name, frame in files.items():
            frame.to_csv(root / str(year) / f"{name}.csv", index=False)
    # A survey with one group under 11 responses and one with 3 positive answers.
    (root / "survey.csv").write_text(
        "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
        "2023,7,White,,40,50.00,58.84\n2023,7,BME,,9,44.44,49.64\n"
        "2023,8,White,,40,7.50,6.73\n2023,8,BME,,60,20.00,16.17\n")
    return root


@pytest.fixture(scope="module")
def small_run(small_trust, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["run", "--data", str(small_trust), "--year", "2024", "--out", str(out), "--quiet"]) == 0
    return out / "2024"


def test_small_trust_is_small(small_trust):
    staff = pd.read_csv(small_trust / "2024" / "workforce.csv", dtype=str)
    assert 250 <= staff["Employee Number"].nunique() <= 600


def test_publish_check_passed_and_small_figures_are_hidden(small_run):
    results = pd.read_csv(small_run / "results.csv")
    assert results["suppressed"].any()
    hidden = results[results["suppressed"]]
    assert hidden[["value", "numerator", "denominator"]].isna().all().all()
    shown = results[~results["suppressed"]].dropna(subset=["numerator", "denominator"])
    small = shown[(shown["numerator"].between(1, 7)) | ((shown["denominator"] - shown["numerator"]).between(1, 7))]
    assert small.empty, small
    # Survey: 9 BME responses and 3 of 40 White are hidden; 12 of 60 shown.
    assert results.query("indicator == 7 and metric == 'bme_percent'")["suppressed"].all()
    assert results.query("indicator == 8 and metric == 'white_percent'")["suppressed"].all()
    assert not results.query("indicator == 8 and metric == 'bme_percent'")["suppressed"].any()


def test_pages_mark_hidden_figures_and_show_no_identifiers(small_run, small_trust):
    workforce = visible_text((small_run / "02_workforce.html").read_text())
    assert MARKER in workforce and "Not shown to protect confidentiality" in workforce
    summary = visible_text((small_run / "index.html").read_text())
    assert "a count of 1 to 7 people" in summary and "fewer than 11 responses" in summary
    identifiers = input_identifiers(small_trust)
    assert len(identifiers) > 300
    for page in small_run.glob("*.html"):
        tokens = set(re.findall(r"[A-Za-z0-9_]+", visible_text(page.read_text())))
        assert not tokens & identifiers, page.name


def test_plots_say_what_they_leave_out(small_run):
    markup = (small_run / "02_workforce.html").read_text()
    assert re.search(r"<figcaption>\d+ bands? not shown: hidden to protect small numbers", markup)


def test_a_leak_fails_the_run_and_keeps_the_previous_outputs(small_trust, small_run, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(small_run, out / "2024")
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, notebooks)
    leaky = nbformat.read(notebooks / "05_board.ipynb", as_version=4)
    leaky.cells.append(nbformat.v4.new_markdown_cell("There are 3 BME staff in Band 9."))
    nbformat.write(leaky, notebooks / "05_board.ipynb")
    from wreslib.errors import PublishCheckFailed
    from wreslib.publish.runner import RunConfig, run
    with pytest.raises(PublishCheckFailed, match=r"05_board.html:\d+:\d+: count"):
        run(RunConfig(data_dir=small_trust, year=2024, out=out, notebook_dir=notebooks, progress=False, force=True),
            log=lambda m: None)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_without_an_action_plan_the_summary_says_so_and_appendices_show_none(small_run, small_trust):
    from wreslib.inputs.actions import NO_PLAN

    assert not (small_trust / "actions.csv").exists() and not (small_trust / "commentary").exists()
    for page in ("index.html", "01_summary.html"):
        text = visible_text((small_run / page).read_text())
        assert f"Action plan\n{NO_PLAN}" in text, page
    for page in small_run.glob("0[2-6]_*.html"):
        text = visible_text(page.read_text())
        assert "Action plan" not in text and "Commentary from the trust" not in text, page.name
