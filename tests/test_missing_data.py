"""Missing and partial data: each section says plainly what is not available and why, never a crash
or an empty table (issue 10), and counts may give indicator 1 overall only, any subset of the
indicators and a single year (issue 11).

Every combination of present and absent inputs (indicator groups 1, 2, 3, 4 and 9, survey tables,
survey respondents, the year before) runs through all six notebooks in this process
(:mod:`nbexec`); a covering set of them runs through ``wres run`` itself."""
from __future__ import annotations

import logging
import re

import pandas as pd
import pytest

import nbexec
import scenarios
from wreslib.report import coverage
from wreslib.publish import pipeline, site as publish
from wreslib.cli import main
from wreslib.inputs.counts import read_counts
from wreslib.disclosure.engine import Thresholds
from wreslib.errors import InputError
from wreslib.compute.indicators import compute_indicators
from wreslib.report.sections import NOTEBOOKS

YEAR = scenarios.YEAR
SECTION = {1: "02_workforce", 2: "03_recruitment_disciplinary_training", 3: "03_recruitment_disciplinary_training",
           4: "03_recruitment_disciplinary_training", 9: "05_board"}
INDICATOR_FACTORS = {1: "i1", 2: "i2", 3: "i3", 4: "i4", 9: "i9"}
NO_SURVEY = "No staff survey data was supplied for this trust for the 2023 survey (WRES 2024)"


def _results(rows):
    """A results frame with just the columns coverage reads."""
    return pd.DataFrame(rows, columns=["year", "indicator", "breakdown", "metric"])


# ------------------------------------------------------------------ the sentences, by hand

def test_missing_sentence_names_the_data_the_year_and_the_indicator():
    results = _results([(YEAR, 1, "Overall", "bme_percent")])
    assert coverage.missing_sentence(results, YEAR, 1) is None
    assert coverage.missing_sentence(results, YEAR, 2) == (
        "No recruitment counts (shortlisted and appointed applicants) were supplied for 2024, so indicator 2 "
        "(appointment from shortlisting) cannot be reported.")
    # Survey indicators name the survey year, the autumn before the WRES year.
    assert coverage.missing_sentence(results, YEAR, 7).startswith(
        "No NHS Staff Survey figures were supplied for the 2023 survey (WRES 2024)")
    # Last year's figure is not this year's.
    assert coverage.missing_sentence(_results([(YEAR - 1, 2, "All", "relative_likelihood")]), YEAR, 2) is not None


def test_a_hidden_figure_is_not_missing_data():
    results = _results([(YEAR, 9, "All", "board_bme_percent")]).assign(suppressed=True)
    assert coverage.missing_sentence(results, YEAR, 9) is None
    assert coverage.section_status(results, YEAR, "05_board") == ""


def test_bands_sentence_only_for_overall_only_workforce_data():
    overall_only = _results([(YEAR, 1, "Overall", "bme_percent"), (YEAR, 1, "Ethnic category|Indian", "percent")])
    assert coverage.bands_missing_sentence(overall_only, YEAR).startswith(
        "The workforce data for 2024 give the whole workforce only, not its pay bands")
    banded = _results([(YEAR, 1, "Clinical|Band 5", "bme_percent"), (YEAR, 1, "Overall", "bme_percent")])
    assert coverage.bands_missing_sentence(banded, YEAR) is None
    assert coverage.bands_missing_sentence(_results([]), YEAR) is None  # no indicator 1: missing_sentence says so


def test_section_status_lists_the_indicators_without_data():
    results = _results([(YEAR, 3, "single-year", "relative_likelihood")])
    stem = "03_recruitment_disciplinary_training"
    assert coverage.section_status(results, YEAR, stem) == "no data for indicators 2 and 4"
    assert coverage.section_status(_results([(YEAR, 2, "All", "x"), (YEAR, 3, "x", "x")]), YEAR, stem) == \
        "no data for indicator 4"
    assert coverage.section_status(_results([]), YEAR, stem) == "no data"
    assert coverage.section_status(_results([(YEAR, n, "x", "x") for n in (2, 3, 4)]), YEAR, stem) == ""


def test_survey_and_group_sentences():
    assert coverage.survey_missing_sentence(_results([]), YEAR).startswith(NO_SURVEY)
    assert coverage.survey_missing_sentence(_results([(YEAR, 6, "All", "bme_percent")]), YEAR) is None
    assert coverage.group_missing_sentence(_results([]), YEAR, (2, 3, 4)) == \
        "No recruitment counts, disciplinary counts or training counts were supplied for 2024."
    assert coverage.group_missing_sentence(_results([(YEAR, 4, "All", "x")]), YEAR, (2, 3, 4)) is None


# ------------------------------------------------------------------ indicator 1 overall only

def test_counts_may_give_indicator_1_overall_only(write_csv):
    # "990 BME of 7,422 staff": 990 / 7422 = 13.3387...%, 6300 / 7422 = 84.8828...%, 132 / 7422 = 1.7785%.
    path = write_csv("counts.csv", """\
        year,indicator,measure,breakdown,ethnicity,count
        2024,1,headcount,,BME,990
        2024,1,headcount,Overall,White,6300
        2024,1,headcount,,Unknown,132
        """)
    results = compute_indicators(read_counts(path))
    assert set(results["breakdown"]) == {"Overall"}
    value = results.set_index("metric")["value"]
    assert value["bme_percent"] == pytest.approx(100 * 990 / 7422)
    assert value["white_percent"] == pytest.approx(100 * 6300 / 7422)
    assert value["unknown_percent"] == pytest.approx(100 * 132 / 7422)
    assert results["change"].isna().all()  # a single year: no change


def test_bands_and_overall_in_one_year_are_refused(write_csv, run_cli):
    path = write_csv("counts.csv", """\
        year,indicator,measure,breakdown,ethnicity,count
        2024,1,headcount,Clinical|Band 5,BME,10
        2024,1,headcount,Overall,BME,990
        """)
    with pytest.raises(InputError, match="line 3, column 'breakdown': expected indicator 1 headcount for 2024 "
                                         "either by 'Cluster|Band' or 'Overall', not both"):
        read_counts(path)
    code, out, err = run_cli("indicators", "--counts", path)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


# ------------------------------------------------------------------ every combination, in process

COMBINATIONS = scenarios.all_combinations()


@pytest.fixture(scope="module")
def combo_root(tmp_path_factory):
    return tmp_path_factory.mktemp("combinations")


def _section_text(folder, stem, results_file) -> str:
    return nbexec.execute(stem, dict(reporting_year=YEAR, data_dir=str(folder), results_file=str(results_file),
                                     trust_name="Scenario NHS Trust", publication=True))


@pytest.mark.parametrize("present", COMBINATIONS, ids=lambda c: "+".join(sorted(c)) or "nothing")
def test_every_combination_of_inputs(present, combo_root):
    logging.disable(logging.WARNING)  # the survey's notes on respondent and published figures
    try:
        folder = scenarios.make_folder(combo_root, present, respondents_per_year=400)
        if not scenarios.valid(present):
            with pytest.raises(InputError):
                pipeline.report_results(folder, YEAR)
            return
        made = pipeline.report(folder, YEAR)
        results = made.results
        results_file = folder.parent / f"{folder.name}.pkl"
        made.save(results_file)
        pages = {stem: _section_text(folder, stem, results_file) for stem, _ in NOTEBOOKS}
        index = publish.index_html(results, YEAR, "Scenario NHS Trust", NOTEBOOKS, Thresholds())
    finally:
        logging.disable(logging.NOTSET)
    # Each indicator group: its figures when supplied, else its sentence in the summary and its section.
    for indicator, factor in INDICATOR_FACTORS.items():
        sentence = coverage.missing_sentence(results, YEAR, indicator)
        if factor in present:
            assert sentence is None and coverage.supplied(results, YEAR, indicator)
        else:
            assert sentence and sentence in pages["01_summary"] and sentence in pages[SECTION[indicator]]
            assert sentence in index
    has_survey = bool(present & {"survey_tables", "survey_respondents"})
    for text in (pages["01_summary"], pages["04_staff_survey"], index):
        assert (NO_SURVEY in text) is not has_survey
    assert ("NHS Staff Survey 2023." in index) is has_survey  # the subtitle names a survey only when there is one
    # The index says which sections have data.
    links = dict(re.findall(r'<a href="(\w+)\.html">[^<]*</a>( \([^)]*\))?', index))
    assert (links["05_board"] == " (no data)") is ("i9" not in present)
    assert (links["04_staff_survey"] == " (no data)") is (not has_survey)
    # No empty table anywhere: every table has a body row.
    for stem, text in [*pages.items(), ("index", index)]:
        for table in re.findall(r"<table.*?</table>", text, flags=re.S):
            assert "<td" in table, f"{stem}: a table with no rows"
    # Changes only with the year before.
    if "previous_year" not in present and "i1" in present:
        assert "no earlier year" in pages["01_summary"]


# ------------------------------------------------------------------ through `wres run`

RUN_COMBINATIONS = [
    frozenset({"i1"}),                                           # one indicator, one year, no survey
    frozenset({"survey_tables", "previous_year"}),               # a survey and nothing else
    frozenset({"i2", "i3", "i4", "survey_respondents"}),         # no workforce, no board
    frozenset({"i1", "i9", "survey_tables", "previous_year"}),   # no recruitment, disciplinary, training
]


@pytest.mark.parametrize("present", RUN_COMBINATIONS, ids=lambda c: "+".join(sorted(c)))
def test_wres_run_with_partial_data(present, tmp_path):
    folder = scenarios.make_folder(tmp_path / "data", present, respondents_per_year=400)
    out = tmp_path / "out"
    assert main(["run", "--data", str(folder), "--year", str(YEAR), "--out", str(out), "--quiet"]) == 0
    site = out / str(YEAR)
    published = pd.read_csv(site / "results.csv")
    expected = {n for n, f in INDICATOR_FACTORS.items() if f in present}
    if present & {"survey_tables", "survey_respondents"}:
        expected |= {5, 6, 7, 8}  # the 2023 survey asks all four
    assert set(published["indicator"]) == expected
    index = (site / "index.html").read_text(encoding="utf-8")
    for indicator, factor in INDICATOR_FACTORS.items():
        if factor not in present:
            sentence = re.escape(f"were supplied for {YEAR}, so indicator {indicator} (")
            assert re.search(sentence, index)
            assert re.search(sentence, (site / f"{SECTION[indicator]}.html").read_text(encoding="utf-8"))


def test_overall_only_workforce_says_band_tables_need_band_data(tmp_path):
    folder = tmp_path / "overall"
    folder.mkdir()
    (folder / "counts.csv").write_text("year,indicator,measure,breakdown,ethnicity,count\n"
                                       "2024,1,headcount,Overall,BME,990\n2024,1,headcount,Overall,White,6300\n"
                                       "2024,1,headcount,Overall,Unknown,132\n", encoding="utf-8")
    made = pipeline.report(folder, YEAR)
    results = made.results
    results_file = tmp_path / "results.pkl"
    made.save(results_file)
    page = _section_text(folder, "02_workforce", results_file)
    sentence = coverage.bands_missing_sentence(results, YEAR)
    assert sentence and page.count(sentence) == 2  # the band table and the Model Employer comparison
    assert "<table" not in page and "<img" not in page
    summary = _section_text(folder, "01_summary", results_file)
    assert "BME staff were 13.34% of the workforce" in summary  # 990 / 7422 = 13.339%
