"""WDES metrics 4-9a from published staff survey tables (``survey.csv`` with a ``standard`` column),
through the WRES survey code parameterised by the standard: every figure against values worked by hand."""
import math

import pandas as pd
import pytest

from wreslib.compute.stats import newcombe_difference
from wreslib.compute.survey import (SCORE_NOTE, compute_survey, read_survey, survey_results,
                                    write_survey_results)
from wreslib.errors import InputError
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES

Z = 1.959963984540054
HEADER = "standard,survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
WRES_HEADER = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
DEMO = "data/demo/survey.csv"


def wilson_by_hand(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def get(results, survey_year, indicator, breakdown, metric, column="value"):
    rows = results[(results["survey_year"] == survey_year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (survey_year, indicator, breakdown, metric, len(rows))
    return rows[column].iloc[0]


def metrics(results, survey_year, indicator):
    rows = results[(results["survey_year"] == survey_year) & (results["indicator"] == indicator)]
    return set(rows["metric"])


@pytest.fixture
def wdes(tmp_path):
    """Write survey.csv into a data directory; return the WDES survey results."""

    def run(text, standard=WDES):
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        (data / "survey.csv").write_text(text, encoding="utf-8")
        return survey_results(data, standard=standard)

    return run


# ---------------------------------------------------------------------------
# Percentages: metric 4a-i, the difference and its direction
# ---------------------------------------------------------------------------

PERCENT_ROWS = ("wdes,2023,4a-i,Disabled,,200,30.0,28.0\n"
                "wdes,2023,4a-i,Non-disabled,,800,20.0,\n"
                "wdes,2023,4a-i,All staff,,1000,22.0,\n")


def test_group_percentages_from_published_percent_and_responses(wdes):
    r = wdes(HEADER + PERCENT_ROWS)
    # Disabled 30.0% of 200 -> k = 60; Non-disabled 20.0% of 800 -> k = 160; all staff 22.0% of 1000 -> 220.
    for metric, k, n in (("disabled_percent", 60, 200), ("non_disabled_percent", 160, 800), ("percent", 220, 1000)):
        assert get(r, 2023, "4a-i", "All", metric) == pytest.approx(100 * k / n)
        assert get(r, 2023, "4a-i", "All", metric, "numerator") == k
        assert get(r, 2023, "4a-i", "All", metric, "denominator") == n
        low, high = wilson_by_hand(k, n)
        assert get(r, 2023, "4a-i", "All", metric, "ci_low") == pytest.approx(low)
        assert get(r, 2023, "4a-i", "All", metric, "ci_high") == pytest.approx(high)
    # Wilson 60/200 = 24.07 to 36.68 (worked by hand).
    assert get(r, 2023, "4a-i", "All", "disabled_percent", "ci_low") == pytest.approx(24.07, abs=0.005)
    assert get(r, 2023, "4a-i", "All", "disabled_percent", "ci_high") == pytest.approx(36.68, abs=0.005)
    # The WDES report of year Y uses the survey of Y - 1 (the standard's survey_year_lag).
    assert get(r, 2023, "4a-i", "All", "disabled_percent", "year") == 2023 + WDES.survey_year_lag == 2024
    assert get(r, 2023, "4a-i", "All", "disabled_percent", "description") == (
        "% of Disabled staff experiencing harassment, bullying or abuse at work from patients, service users, their "
        "relatives or other members of the public in the last 12 months; lower is better")


def test_difference_is_disabled_minus_non_disabled_with_newcombe_interval(wdes):
    r = wdes(HEADER + PERCENT_ROWS)
    # 30.0 - 20.0 = +10.0 pp; Newcombe hybrid score interval from the two Wilson intervals.
    ld, ud = (x / 100 for x in wilson_by_hand(60, 200))
    ln, un = (x / 100 for x in wilson_by_hand(160, 800))
    low = 0.1 - math.sqrt((0.3 - ld) ** 2 + (un - 0.2) ** 2)
    high = 0.1 + math.sqrt((ud - 0.3) ** 2 + (0.2 - ln) ** 2)
    assert get(r, 2023, "4a-i", "All", "difference_pp") == pytest.approx(10.0)
    assert get(r, 2023, "4a-i", "All", "difference_pp", "ci_low") == pytest.approx(100 * low)
    assert get(r, 2023, "4a-i", "All", "difference_pp", "ci_high") == pytest.approx(100 * high)
    assert (get(r, 2023, "4a-i", "All", "difference_pp", "ci_low"),
            get(r, 2023, "4a-i", "All", "difference_pp", "ci_high")) == pytest.approx(
        newcombe_difference(60, 200, 160, 800)[1:])
    assert get(r, 2023, "4a-i", "All", "difference_pp", "ci_low") == pytest.approx(3.40, abs=0.005)
    assert get(r, 2023, "4a-i", "All", "difference_pp", "ci_high") == pytest.approx(17.18, abs=0.005)
    assert bool(get(r, 2023, "4a-i", "All", "difference_pp", "significant")) is True
    # Lower is better for harassment: Disabled staff 10 pp above Non-disabled staff fare worse (registry words).
    indicator = WDES.indicators["4a-i"]
    assert indicator.distance_direction(get(r, 2023, "4a-i", "All", "difference_pp")) == "Disabled staff fare worse"
    assert get(r, 2023, "4a-i", "All", "difference_pp", "description") == (
        "Disabled % minus Non-disabled %, percentage points; 0 = equal, positive = Disabled staff fare worse "
        "(distance from equity)")


def test_benchmark_gap_and_change(wdes):
    r = wdes(HEADER + "wdes,2022,4a-i,Disabled,,200,35.0,\n" + PERCENT_ROWS)
    assert get(r, 2023, "4a-i", "All", "benchmark_disabled_percent") == pytest.approx(28.0)
    # Organisation minus benchmark: 30.0 - 28.0 = +2.0 pp; interval: Wilson(60/200) - 28.
    assert get(r, 2023, "4a-i", "All", "disabled_benchmark_gap_pp") == pytest.approx(2.0)
    low, high = wilson_by_hand(60, 200)
    assert get(r, 2023, "4a-i", "All", "disabled_benchmark_gap_pp", "ci_low") == pytest.approx(low - 28.0)
    assert get(r, 2023, "4a-i", "All", "disabled_benchmark_gap_pp", "ci_high") == pytest.approx(high - 28.0)
    assert "(worse than the benchmark)" in get(r, 2023, "4a-i", "All", "disabled_benchmark_gap_pp", "description")
    # change = 30.0 - 35.0 = -5.0 pp on the later survey year.
    assert get(r, 2023, "4a-i", "All", "disabled_percent", "change") == pytest.approx(-5.0)


def test_disability_labels_and_occupations(wdes):
    r = wdes(HEADER + "wdes,2023,5,Yes,Nursing,50,40.0,\nwdes,2023,5,no,Nursing,100,50.0,\n")
    assert get(r, 2023, "5", "Occupation|Nursing", "disabled_percent") == pytest.approx(40.0)
    assert get(r, 2023, "5", "Occupation|Nursing", "non_disabled_percent") == pytest.approx(50.0)
    # Higher is better for career progression: -10 pp means Disabled staff fare worse.
    assert get(r, 2023, "5", "Occupation|Nursing", "difference_pp") == pytest.approx(-10.0)
    assert WDES.indicators["5"].distance_direction(-10.0) == "Disabled staff fare worse"


# ---------------------------------------------------------------------------
# Metric 8 (Disabled staff only) and metric 9a (a score)
# ---------------------------------------------------------------------------

def test_metric_8_is_disabled_staff_only_without_a_difference(wdes):
    r = wdes(HEADER + "wdes,2023,8,Disabled,,150,40.0,42.0\n")
    assert get(r, 2023, "8", "All", "disabled_percent") == pytest.approx(40.0)
    assert get(r, 2023, "8", "All", "disabled_percent", "numerator") == 60
    assert metrics(r, 2023, "8") == {"disabled_percent", "benchmark_disabled_percent", "disabled_benchmark_gap_pp"}


SCORE_ROWS = ("wdes,2023,9a,Disabled,,200,6.8,6.9\n"
              "wdes,2023,9a,Non-disabled,,800,7.1,\n"
              "wdes,2023,9a,Overall,,1000,7.0,\n")


def test_engagement_scores_have_no_interval_and_no_difference(wdes):
    r = wdes(HEADER + "wdes,2022,9a,Disabled,,190,7.0,\n" + SCORE_ROWS)
    assert get(r, 2023, "9a", "All", "disabled_score") == pytest.approx(6.8)
    assert get(r, 2023, "9a", "All", "non_disabled_score") == pytest.approx(7.1)
    assert get(r, 2023, "9a", "All", "score") == pytest.approx(7.0)
    for metric, n in (("disabled_score", 200), ("non_disabled_score", 800), ("score", 1000)):
        assert get(r, 2023, "9a", "All", metric, "denominator") == n
        # A mean score is no count of people: no k, and no interval without its standard deviation.
        for column in ("numerator", "ci_low", "ci_high"):
            assert math.isnan(get(r, 2023, "9a", "All", metric, column)), (metric, column)
        assert SCORE_NOTE in get(r, 2023, "9a", "All", metric, "note")
        assert "standard deviation" in get(r, 2023, "9a", "All", metric, "note")
    assert "difference_pp" not in metrics(r, 2023, "9a")
    # Benchmark gap in score points: 6.8 - 6.9 = -0.1; change 6.8 - 7.0 = -0.2.
    assert get(r, 2023, "9a", "All", "disabled_benchmark_gap") == pytest.approx(-0.1)
    assert math.isnan(get(r, 2023, "9a", "All", "disabled_benchmark_gap", "ci_low"))
    assert get(r, 2023, "9a", "All", "disabled_benchmark_gap", "note") == SCORE_NOTE
    assert get(r, 2023, "9a", "All", "disabled_score", "change") == pytest.approx(-0.2)
    assert get(r, 2023, "9a", "All", "disabled_score", "description") == (
        "Staff engagement score of Disabled staff, 0-10; higher is better")
    assert get(r, 2023, "9a", "All", "score", "description") == (
        "Staff engagement score of all staff, 0-10; higher is better")
    assert get(r, 2023, "9a", "All", "disabled_benchmark_gap", "description").startswith(
        "Organisation minus benchmark average for Disabled staff, points on the 0-10 scale; positive = organisation "
        "higher (better")


def test_scores_are_left_out_of_the_fractions_check(wdes, tmp_path):
    # Scores below 1 are scores (0-10), not fractions of a percentage.
    r = wdes(HEADER + "wdes,2023,9a,Disabled,,200,0.8,\nwdes,2023,9a,Non-disabled,,800,0.5,\n")
    assert get(r, 2023, "9a", "All", "disabled_score") == pytest.approx(0.8)
    # ... and do not hide percentages given as fractions.
    path = tmp_path / "fractions.csv"
    path.write_text(HEADER + SCORE_ROWS + "wdes,2023,5,Disabled,,200,0.4,\nwdes,2023,5,Non-disabled,,800,0.5,\n")
    with pytest.raises(InputError) as caught:
        read_survey(path)
    assert caught.value.problems[0].column == "percent" and "fractions" in caught.value.problems[0].expected


# ---------------------------------------------------------------------------
# Each standard gets only its rows; a WRES file reads as it always did
# ---------------------------------------------------------------------------

WRES_ROWS = "2023,6,White,,3042,25.71,22.37\n2023,6,BME,,1000,30.00,\n"


def test_mixed_file_gives_each_standard_only_its_rows(tmp_path):
    mixed, plain = tmp_path / "mixed", tmp_path / "plain"
    mixed.mkdir(), plain.mkdir()
    (mixed / "survey.csv").write_text(HEADER + "".join("," + row for row in WRES_ROWS.splitlines(True))
                                      + PERCENT_ROWS + SCORE_ROWS)
    (plain / "survey.csv").write_text(WRES_HEADER + WRES_ROWS)
    wres = survey_results(mixed)
    assert set(wres["indicator"]) == {6}
    pd.testing.assert_frame_equal(wres, survey_results(plain))
    wdes = survey_results(mixed, standard=WDES)
    assert set(wdes["indicator"]) == {"4a-i", "9a"}
    assert list(pd.unique(wdes["indicator"])) == ["4a-i", "9a"]  # the declaration's order
    assert not wdes["metric"].str.contains("white|bme").any()
    # The frame read once gives either standard.
    survey = read_survey(mixed / "survey.csv")
    pd.testing.assert_frame_equal(compute_survey(survey, standard=WDES), wdes)


def test_wres_file_without_standard_column_is_byte_identical(tmp_path):
    # The demo's WRES rows alone, without a standard column, with one of "wres" and of empty values, and
    # the demo file itself (WRES and WDES rows): the same WRES bytes.
    demo = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    wres_only = demo[demo["standard"] == ""].drop(columns="standard")
    variants = {"plain": wres_only, "wres": wres_only.assign(standard="wres"), "empty": wres_only.assign(standard=""),
                "demo": demo}
    outputs = {}
    for name, frame in variants.items():
        data = tmp_path / name
        data.mkdir()
        frame.to_csv(data / "survey.csv", index=False, lineterminator="\n")
        (data / "survey_responses.csv").write_bytes(open("data/demo/survey_responses.csv", "rb").read())
        out = tmp_path / f"{name}.csv"
        write_survey_results(survey_results(data), out)
        outputs[name] = out.read_bytes()
    assert len(set(outputs.values())) == 1
    assert read_survey(tmp_path / "plain" / "survey.csv")["indicator"].dtype == "int64"
    assert set(read_survey(DEMO)["standard"]) == {"wres", "wdes"}


def test_wdes_reads_respondents_only_with_a_disability_column(tmp_path):
    # Respondents without a disability column give no WDES figure (test_wdes_responses.py: with one).
    data = tmp_path / "data"
    data.mkdir()
    (data / "survey_responses.csv").write_text("survey_year,respondent_id,ethnicity,occupation\n")
    with pytest.raises(InputError) as caught:
        survey_results(data, standard=WDES)
    assert "a column named 'disability' for WDES figures from respondents" in str(caught.value)
    with pytest.raises(ValueError, match="read_responses\\(path, standard=WDES\\)"):
        compute_survey(None, pd.DataFrame(columns=["survey_year", "respondent_id"]), standard=WDES)
    # survey_responses.csv without disability next to survey.csv is not read for the WDES (it is the WRES's).
    (data / "survey.csv").write_text(HEADER + PERCENT_ROWS)
    assert set(survey_results(data, standard=WDES)["indicator"]) == {"4a-i"}
    (data / "survey_responses.csv").unlink()
    assert survey_results(data).empty  # no WRES rows


# ---------------------------------------------------------------------------
# Errors: file, line, column (through `wres survey`, which reads every row of survey.csv)
# ---------------------------------------------------------------------------

GOOD = "wdes,2023,4a-i,Disabled,,200,30.0,\n"


@pytest.mark.parametrize("body, line, column, words", [
    (GOOD + "wdes,2023,4a-i,Disabeld,,800,20.0,\n", 3, "group", "did you mean 'Disabled'?"),
    (GOOD + "wdes,2023,4a-i,Not declared,,800,20.0,\n", 3, "group", "disability status label of Disabled or "
                                                                    "Non-disabled staff, or All staff"),
    (GOOD + "wdes,2023,9a,Disabled,,200,11,\n", 3, "percent", "a score from 0 to 10 (Metric 9a"),
    (GOOD + "wdes,2023,9a,Disabled,,200,6.8,10.5\n", 3, "benchmark_percent", "a score from 0 to 10, or empty"),
    (GOOD + "wdes,2023,9a,Disabled,,200,101,\n", 3, "percent", "a score from 0 to 10 for WDES 9a"),
    (GOOD + "wdes,2023,4c,Disabled,,200,30.0,\n", 3, "indicator", "WDES 4a-i, 4a-ii, 4a-iii, 4b, 5, 6, 7, 8, 9a"),
    (GOOD + "wdes,2023,1,Disabled,,200,30.0,\n", 3, "indicator", "a staff survey figure of its standard: WRES 5"),
    (GOOD + "wres,2023,9a,White,,200,6.8,\n", 3, "indicator",
     "a staff survey indicator of the WRES, one of 5, 6, 7, 8"),
    (GOOD + "wdes,2023,8,Non-disabled,,200,30.0,\n", 3, "group", "Metric 8 is asked of Disabled staff only"),
    (GOOD + "wdes,2023,4a-i,Yes,,200,30.0,\n", 3, "group", "repeats line 2"),
    (GOOD + "wdis,2023,4a-i,Non-disabled,,200,30.0,\n", 3, "standard", "a standard, one of wres, wdes"),
    (GOOD + "wdes,2023,4a-i,White,,800,20.0,\n", 3, "group", "(such as Yes, No or Not Declared"),
])
def test_wdes_survey_csv_errors(run_cli, tmp_path, body, line, column, words):
    data = tmp_path / "data"
    data.mkdir()
    path = data / "survey.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    code, out, err = run_cli("survey", "--data", data)
    assert code == 2 and out == "" and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err and f"line {line}" in err and f"column '{column}'" in err and words in err, err
    with pytest.raises(InputError) as caught:
        read_survey(path)
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (line, column)


def test_registry_names_the_metrics_once():
    a, score, wres = WDES.indicators["4a-i"], WDES.indicators["9a"], WRES.indicators[5]
    assert (a.metric(), a.metric("Disabled"), a.gap_metric("Non-disabled")) == (
        "percent", "disabled_percent", "non_disabled_benchmark_gap_pp")
    assert (score.metric(), score.metric("Non-disabled"), score.gap_metric(), score.scale) == (
        "score", "non_disabled_score", "benchmark_gap", 10.0)
    assert (wres.metric("White"), wres.gap_metric("BME"), wres.scale) == (
        "white_percent", "bme_benchmark_gap_pp", 100.0)
