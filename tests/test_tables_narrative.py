"""Report tables and sentences, against values worked out by hand."""
import math

import pandas as pd
import pytest

from wreslib.inputs.counts import COLUMNS
from wreslib.disclosure.engine import MARKER, suppress_results
from wreslib.classify.ethnicity import classify_ethnicity
from wreslib.compute.indicators import compute_indicators
from wreslib.report.narrative import (likelihood_sentence, percent_change_significant, ratio_change_significant,
                               survey_sentence, workforce_sentence)
from wreslib.report.tables import (band_composition, display_board, display_esr_summary, display_model_employer,
                            board_table, esr_summary, fmt_change, model_employer, survey_summary)

def results_from(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    counts = pd.concat([frame, classify_ethnicity(frame["ethnicity"]).drop(columns="ethnicity")], axis=1)
    return compute_indicators(counts)


WORKFORCE = [
    # 2024: Non-clinical Band 8a 20 BME of 100, Clinical Band 8a 30 of 100, Band 5 150 of 200: overall 200 of 400.
    (2024, 1, "headcount", "Non-clinical|Band 8a", "BME", 20), (2024, 1, "headcount", "Non-clinical|Band 8a", "White", 80),
    (2024, 1, "headcount", "Clinical|Band 8a", "BME", 30), (2024, 1, "headcount", "Clinical|Band 8a", "White", 70),
    (2024, 1, "headcount", "Clinical|Band 5", "BME", 150), (2024, 1, "headcount", "Clinical|Band 5", "White", 50),
    (2024, 9, "board_members", "All", "BME", 2), (2024, 9, "board_members", "All", "White", 8),
    (2023, 1, "headcount", "Clinical|Band 5", "BME", 180), (2023, 1, "headcount", "Clinical|Band 5", "White", 220),
    (2023, 9, "board_members", "All", "BME", 1), (2023, 9, "board_members", "All", "White", 9),
]


def test_model_employer_by_hand():
    table = model_employer(results_from(WORKFORCE), 2024)
    row = table.set_index("band").loc["Band 8a"]
    assert row["staff"] == 200 and row["bme"] == 50
    assert row["bme_percent"] == pytest.approx(25.0)
    assert row["workforce_bme_percent"] == pytest.approx(50.0)  # 200 of 400
    assert row["gap_pp"] == pytest.approx(-25.0)
    assert row["bme_needed_for_parity"] == 50  # 50% of 200 = 100 BME, 50 now
    assert list(table["band"]) == ["Band 8a"]  # bands nobody is in are left out


def test_model_employer_hides_a_band_built_on_a_hidden_cell():
    rows = [r for r in WORKFORCE if r[3] != "Clinical|Band 8a"] + [
        (2024, 1, "headcount", "Clinical|Band 8a", "BME", 3), (2024, 1, "headcount", "Clinical|Band 8a", "White", 97)]
    shown = suppress_results(results_from(rows))
    table = model_employer(shown, 2024).set_index("band")
    assert table.loc["Band 8a", "hidden"] and math.isnan(table.loc["Band 8a", "bme_percent"])
    assert display_model_employer(table.reset_index()).loc[0, "BME %"] == MARKER


def test_esr_summary_distance_and_change():
    r = results_from(WORKFORCE + [
        (2024, 2, "shortlisted", "", "White", 100), (2024, 2, "appointed", "", "White", 30),
        (2024, 2, "shortlisted", "", "BME", 200), (2024, 2, "appointed", "", "BME", 40)])
    summary = esr_summary(r, 2024).set_index("measure")
    ratio = summary.loc["Indicator 2: appointment from shortlisting, White / BME"]
    assert ratio["value"] == pytest.approx(0.3 / 0.2) and ratio["distance_from_equity"] == pytest.approx(0.5)
    board = summary.loc["Indicator 9: board minus workforce BME %, overall (pp)"]
    # Indicator 9's result already is the difference from equity: no distance of its own (not a repeat of -30).
    assert board["value"] == pytest.approx(20 - 50) and math.isnan(board["distance_from_equity"])
    assert board["change"] == pytest.approx((20 - 50) - (10 - 45))  # 2023: 1 of 10 against 180 of 400
    overall = summary.loc["Indicator 1: BME % of the workforce, overall"]
    assert overall["change"] == pytest.approx(50 - 45) and math.isnan(overall["distance_from_equity"])
    shown = display_esr_summary(esr_summary(r, 2024)).set_index("Measure")
    assert shown.loc["Indicator 2: appointment from shortlisting, White / BME", "Result"] == "1.50"
    # 45% (180/400) -> 50% (200/400): Newcombe interval of the 5 pp change includes 0.
    assert shown.loc["Indicator 1: BME % of the workforce, overall", "Change from last year"] == \
        "no clear change (within the play of chance)"
    assert shown.loc["Indicator 9: board minus workforce BME %, overall (pp)", "Distance from equity"] == ""


def test_board_table_and_band_composition():
    r = results_from(WORKFORCE)
    board = display_board(board_table(r, 2024))
    assert board.loc[0, "BME % of board"] == "20.00%" and board.loc[0, "Difference (board minus workforce)"] == "-30.0 pp"
    bands = band_composition(r, 2024).set_index(["cluster", "band"])
    assert bands.loc[("Clinical", "All"), "staff"] == 300 and bands.loc[("Clinical", "All"), "bme"] == 180
    assert bands.loc[("Clinical", "Band 5"), "bme_percent"] == pytest.approx(75)


@pytest.mark.parametrize("change, kind, text", [(-0.04, "ratio", "0.04 lower"), (1.46, "percent", "1.5 pp higher"),
                                                (0.0004, "ratio", "no change"), (math.nan, "pp", "no earlier year")])
def test_fmt_change(change, kind, text):
    assert fmt_change(change, kind) == text


def test_ratio_change_significance_by_hand():
    # Intervals symmetric on the log scale: se = ln(1.25) / 1.96 = 0.1139 for each year.
    now = pd.Series(dict(value=1.5, ci_low=1.2, ci_high=1.875))
    # 2.0 -> 1.5: z = ln(0.75) / (0.1139 * sqrt 2) = -0.2877 / 0.1610 = -1.79: within chance.
    assert ratio_change_significant(now, pd.Series(dict(value=2.0, ci_low=1.6, ci_high=2.5))) is False
    # 3.0 -> 1.5: z = ln(0.5) / 0.1610 = -4.31: beyond chance.
    assert ratio_change_significant(now, pd.Series(dict(value=3.0, ci_low=2.4, ci_high=3.75))) is True
    nothing = pd.Series(dict(value=math.nan, ci_low=math.nan, ci_high=math.nan))
    assert ratio_change_significant(nothing, now) is None


def test_percent_change_significance():
    big = pd.Series(dict(numerator=600, denominator=1000))
    small = pd.Series(dict(numerator=500, denominator=1000))
    assert percent_change_significant(big, small) is True   # 10 pp on 1000 each
    assert percent_change_significant(pd.Series(dict(numerator=6, denominator=10)),
                                      pd.Series(dict(numerator=5, denominator=10))) is False


def test_sentences_state_direction_interval_and_hidden_figures():
    r = results_from(WORKFORCE + [
        (2024, 3, "headcount", "", "White", 1000), (2024, 3, "entered_disciplinary", "", "White", 10),
        (2024, 3, "headcount", "", "BME", 1000), (2024, 3, "entered_disciplinary", "", "BME", 12)])
    text = likelihood_sentence(r, 2024, 3)
    assert text.startswith("BME staff were 1.20 times as likely as White staff to enter the formal disciplinary")
    assert "the interval includes 1.00" in text
    assert "no clear change from 2023 (within the play of chance)" in workforce_sentence(r, 2024)
    hidden = suppress_results(results_from([(2024, 1, "headcount", "Clinical|Band 5", "BME", 3),
                                            (2024, 1, "headcount", "Clinical|Band 5", "White", 40)]))
    assert "not shown" in workforce_sentence(hidden, 2024) and "%" not in workforce_sentence(hidden, 2024)


def test_survey_summary_and_sentence():
    base = dict(ci_low=math.nan, ci_high=math.nan, numerator=math.nan, denominator=math.nan, change=math.nan,
                description="", note="")
    r = pd.DataFrame([
        dict(year=2024, indicator=7, breakdown="All", metric="white_percent", value=59.08, **base),
        dict(year=2024, indicator=7, breakdown="All", metric="bme_percent", value=49.55, **base),
        dict(year=2024, indicator=7, breakdown="All", metric="benchmark_bme_percent", value=49.64, **base),
        dict(year=2024, indicator=7, breakdown="All", metric="difference_pp", value=49.55 - 59.08,
             **(base | dict(ci_low=-11.74, ci_high=-7.30))),
    ])
    table = survey_summary(r, 2024).set_index("group")
    assert table.loc["BME", "distance_from_equity"] == pytest.approx(-9.53)
    assert table.loc["BME", "benchmark"] == pytest.approx(49.64) and math.isnan(table.loc["White", "benchmark"])
    text = survey_sentence(r, 2024, 7)
    assert "In the 2023 staff survey, 49.55% of BME staff" in text and "59.08% of White staff" in text
    assert "larger than chance" in text and "higher is better" in text
