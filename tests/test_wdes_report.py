"""The WDES report: tables, sentences and charts from the standard's declaration, against values worked out
by hand (the notebooks: test_wdes_notebooks.py).

The hand-made trust (counts below, computed by the pack's own WDES code):

- Metric 1, 2024: Clinical Band 5 20 Disabled, 165 Non-disabled, 15 Unknown (200): 10%, 82.5%, 7.5%;
  Clinical Band 8a 5, 35, 10 (50): 10%, 70%, 20%. Overall 25 of 250 = 10% Disabled, 200 Non-disabled
  (80%). 2023: Band 5 10, 170, 20 (200): Disabled 5%.
- Metric 2, 2024: Non-disabled 30 of 100 appointed (30%), Disabled 40 of 200 (20%): Non-disabled /
  Disabled = 0.30 / 0.20 = 1.50, distance +0.50 (Non-disabled applicants more likely).
- Metric 3 (headcounts from metric 1): 2024 Disabled 5 of 25 (20%), Non-disabled 20 of 200 (10%):
  Disabled / Non-disabled = 2.00; 2023 1 of 10 and 17 of 170: 1.00. Two-year: 6 of 35 = 17.14% against
  37 of 370 = 10%: 1.71. The change +1.00 is within chance: Katz se of log ratio 0.453 (2024) and 0.976
  (2023), z = ln 2 / sqrt(0.453^2 + 0.976^2) = 0.64.
- Metric 10: board 2 of 10 Disabled (20%) against 10% of the workforce: +10.0 pp; 2023 1 of 10 (10%)
  against 5%: +5.0 pp. From +5 to +10 is further from 0: worse (closer to 0 is better).
- Survey (hand-made results rows, survey of 2023 for WDES 2024): metric 4a-ii (lower is better) Disabled
  25% (250/1000) against Non-disabled 20%, gap +5.00 (Disabled staff fare worse); Disabled 30% in the 2022
  survey: 5.0 pp lower, better (Newcombe interval of -5 pp on 1000 and 1000 excludes 0). Metric 5 (higher
  is better) Disabled 50% against 60%, gap -10.00 (Disabled staff fare worse); Disabled 45% before: 5.0 pp
  higher, better. Metric 8: Disabled staff only, 73.50%. Metric 9a: scores 6.5 (Disabled), 7.0
  (Non-disabled), 6.9 (all staff), 0-10, no interval; Disabled +0.1 from 6.4: better.
"""
import math
from dataclasses import replace

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from wreslib.classify.disability import DISABLED, NON_DISABLED
from wreslib.compute.indicators import compute_indicators
from wreslib.disclosure.engine import GENERIC_FOOTNOTE, MARKER
from wreslib.inputs.counts import read_counts
from wreslib.report import coverage, narrative, plots, tables
from wreslib.standards.base import Standard
from wreslib.standards.wdes import DISABILITY, WDES

matplotlib.use("Agg")
NAN = math.nan
YEAR = 2024

COUNTS = """\
year,standard,indicator,measure,breakdown,ethnicity,disability,count
2023,wdes,1,headcount,Clinical|Band 5,,Disabled,10
2023,wdes,1,headcount,Clinical|Band 5,,Non-disabled,170
2023,wdes,1,headcount,Clinical|Band 5,,Unknown,20
2023,wdes,3,entered_capability,,,Disabled,1
2023,wdes,3,entered_capability,,,Non-disabled,17
2023,wdes,10,board_members,All,,Disabled,1
2023,wdes,10,board_members,All,,Non-disabled,9
2024,wdes,1,headcount,Clinical|Band 5,,Disabled,20
2024,wdes,1,headcount,Clinical|Band 5,,Non-disabled,165
2024,wdes,1,headcount,Clinical|Band 5,,Unknown,15
2024,wdes,1,headcount,Clinical|Band 8a,,Disabled,5
2024,wdes,1,headcount,Clinical|Band 8a,,Non-disabled,35
2024,wdes,1,headcount,Clinical|Band 8a,,Unknown,10
2024,wdes,2,shortlisted,,,Non-disabled,100
2024,wdes,2,appointed,,,Non-disabled,30
2024,wdes,2,shortlisted,,,Disabled,200
2024,wdes,2,appointed,,,Disabled,40
2024,wdes,3,entered_capability,,,Disabled,5
2024,wdes,3,entered_capability,,,Non-disabled,20
2024,wdes,10,board_members,All,,Disabled,2
2024,wdes,10,board_members,All,,Non-disabled,8
"""


def row(year, indicator, metric, value, **kw):
    base = dict(breakdown="All", ci_low=NAN, ci_high=NAN, numerator=NAN, denominator=NAN, change=NAN,
                description="", note="", survey_year=year - 1)
    return dict(year=year, indicator=indicator, metric=metric, value=value, **(base | kw))


SURVEY = [
    # 4a-ii, lower is better
    row(2024, "4a-ii", "disabled_percent", 25.0, numerator=250, denominator=1000, ci_low=22.4, ci_high=27.8,
        change=-5.0),
    row(2024, "4a-ii", "non_disabled_percent", 20.0, numerator=200, denominator=1000, ci_low=17.6, ci_high=22.6,
        change=-1.0),
    row(2024, "4a-ii", "difference_pp", 5.0, ci_low=1.3, ci_high=8.7),
    row(2024, "4a-ii", "benchmark_disabled_percent", 24.0),
    row(2024, "4a-ii", "benchmark_non_disabled_percent", 19.0),
    row(2023, "4a-ii", "disabled_percent", 30.0, numerator=300, denominator=1000, ci_low=27.2, ci_high=32.9),
    row(2023, "4a-ii", "non_disabled_percent", 21.0, numerator=210, denominator=1000, ci_low=18.6, ci_high=23.6),
    # 5, higher is better
    row(2024, "5", "disabled_percent", 50.0, numerator=500, denominator=1000, ci_low=46.9, ci_high=53.1,
        change=5.0),
    row(2024, "5", "non_disabled_percent", 60.0, numerator=600, denominator=1000, ci_low=56.9, ci_high=63.0),
    row(2024, "5", "difference_pp", -10.0, ci_low=-14.3, ci_high=-5.7),
    row(2023, "5", "disabled_percent", 45.0, numerator=450, denominator=1000, ci_low=41.9, ci_high=48.1),
    # 8, Disabled staff only
    row(2024, "8", "disabled_percent", 73.5, numerator=735, denominator=1000, ci_low=70.7, ci_high=76.1),
    row(2024, "8", "benchmark_disabled_percent", 72.0),
    # 9a, a score
    row(2024, "9a", "disabled_score", 6.5, denominator=1000, change=0.1),
    row(2024, "9a", "non_disabled_score", 7.0, denominator=4000),
    row(2024, "9a", "score", 6.9, denominator=5000),
    row(2024, "9a", "benchmark_disabled_score", 6.4),
    row(2024, "9a", "benchmark_non_disabled_score", 7.1),
    row(2024, "9a", "benchmark_score", 6.9),
    row(2023, "9a", "disabled_score", 6.4, denominator=1000),
    row(2023, "9a", "non_disabled_score", 7.0, denominator=4000),
    row(2023, "9a", "score", 6.8, denominator=5000),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The hand-made trust's WDES results as the report sees them (nothing hidden)."""
    path = tmp_path_factory.mktemp("wdes") / "counts.csv"
    path.write_text(COUNTS)
    counted = compute_indicators(read_counts(path), WDES)
    frame = pd.concat([counted, pd.DataFrame(SURVEY)], ignore_index=True)
    return frame.assign(suppressed=False, change_suppressed=False)


def hide(results: pd.DataFrame, indicator, metrics, breakdown=None, year=YEAR) -> pd.DataFrame:
    """``results`` with those figures hidden as disclosure control hides them (NaN, ``suppressed`` True)."""
    out = results.copy()
    pick = (out["year"] == year) & (out["indicator"] == indicator) & out["metric"].isin(metrics)
    if breakdown is not None:
        pick &= out["breakdown"] == breakdown
    assert pick.any()
    out.loc[pick, ["value", "ci_low", "ci_high", "numerator", "denominator", "change"]] = NAN
    out.loc[pick, "suppressed"] = True
    return out


def by(table: pd.DataFrame, column: str) -> pd.DataFrame:
    return table.set_index(column)


# --------------------------------------------------------------------------- summary of figures from records

def test_summary_table_metrics_1_2_3_and_10_by_hand(results):
    summary = by(tables.esr_summary(results, YEAR, WDES), "measure")
    assert list(summary.index) == [
        "Metric 1: Disabled % of the workforce, overall", "Metric 1: Disabled %, clinical",
        "Metric 2: appointment from shortlisting, Non-disabled / Disabled",
        "Metric 3: entering the formal capability process, Disabled / Non-disabled",
        "Metric 3: two-year, Disabled / Non-disabled",
        "Metric 10: board minus workforce Disabled %, overall (pp)"]
    assert summary.loc["Metric 1: Disabled % of the workforce, overall", "value"] == pytest.approx(10.0)
    assert summary.loc["Metric 1: Disabled % of the workforce, overall", "change"] == pytest.approx(5.0)
    assert summary.loc["Metric 2: appointment from shortlisting, Non-disabled / Disabled", "value"] == \
        pytest.approx(1.5)
    assert summary.loc["Metric 2: appointment from shortlisting, Non-disabled / Disabled",
                       "distance_from_equity"] == pytest.approx(0.5)
    assert summary.loc["Metric 3: two-year, Disabled / Non-disabled", "value"] == pytest.approx((6 / 35) / (37 / 370))
    assert summary.loc["Metric 10: board minus workforce Disabled %, overall (pp)", "value"] == pytest.approx(10.0)
    assert math.isnan(summary.loc["Metric 10: board minus workforce Disabled %, overall (pp)", "distance_from_equity"])

    shown = by(tables.display_esr_summary(tables.esr_summary(results, YEAR, WDES), WDES), "Measure")
    assert shown.loc["Metric 1: Disabled % of the workforce, overall", "Result"] == "10.00%"
    # Composition has no better or worse; 10 of 200 -> 25 of 250: the Newcombe interval includes 0.
    assert shown.loc["Metric 1: Disabled % of the workforce, overall", "Change from last year"] == \
        "no clear change (within the play of chance)"
    assert shown.loc["Metric 1: Disabled % of the workforce, overall", "Distance from equity"] == ""
    metric2 = shown.loc["Metric 2: appointment from shortlisting, Non-disabled / Disabled"]
    assert (metric2["Result"], metric2["Distance from equity"]) == \
        ("1.50", "+0.50 (Non-disabled applicants more likely)")
    metric3 = shown.loc["Metric 3: entering the formal capability process, Disabled / Non-disabled"]
    assert (metric3["Result"], metric3["Distance from equity"]) == ("2.00", "+1.00 (Disabled staff more likely)")
    assert metric3["Change from last year"] == "no clear change (within the play of chance)"  # z = 0.64
    board = shown.loc["Metric 10: board minus workforce Disabled %, overall (pp)"]
    assert (board["Result"], board["Change from last year"]) == ("+10.0 pp", "5.0 pp higher (worse)")


# --------------------------------------------------------------------------- metric 1 by band

def test_band_table_and_chart_by_hand(results):
    bands = by(tables.band_composition(results, YEAR, WDES).assign(key=lambda f: f["cluster"] + "|" + f["band"]),
               "key")
    assert bands.loc["Clinical|Band 5", ["disabled", "non_disabled", "unknown"]].tolist() == [20, 165, 15]
    assert bands.loc["Clinical|Band 8a", "disabled_percent"] == pytest.approx(10.0)
    assert bands.loc["Clinical|Band 8a", "unknown_percent"] == pytest.approx(20.0)
    assert bands.loc["Clinical|All", "staff"] == 250
    shown = tables.display_band_composition(tables.band_composition(results, YEAR, WDES), WDES)
    assert list(shown.columns) == ["Cluster", "Band", "Staff", "Disabled %", "Non-disabled %", "Unknown %",
                                   "Disabled % change from last year"]
    band5 = shown[shown["Band"] == "Band 5"].iloc[0]
    assert band5[["Staff", "Disabled %", "Non-disabled %", "Unknown %"]].tolist() == ["200", "10.00%", "82.50%",
                                                                                      "7.50%"]
    assert "better" not in band5["Disabled % change from last year"]  # composition: no better or worse
    fig = plots.plot_band_bme(results, YEAR, WDES)
    ax = fig.axes[0]
    assert sorted(p.get_width() for p in ax.patches) == pytest.approx([10.0, 10.0])  # Disabled %, not 82.5 or 70
    dashed = [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert dashed == pytest.approx([10.0])  # the overall Disabled %, not Non-disabled 80%
    assert ax.get_xlabel() == WDES.indicators["1"].axis_label
    alt = plots.band_bme_alt(results, YEAR, WDES)
    assert alt.startswith("Bar chart: Disabled percentage of staff in each pay band in 2024") and \
        alt.endswith("against 10.0% of the whole workforce (dashed line).")
    assert list(plots.band_bme_data(results, YEAR, WDES).columns) == ["Cluster", "Band", "Disabled %", "95% interval"]
    plots.plt.close("all")


# --------------------------------------------------------------------------- metrics 2 and 3: which group is divided

def _check_likelihoods(results, standard):
    """The likelihood table, sentences and chart of the hand-made trust, as the WDES must word them."""
    shown = tables.display_likelihoods(tables.likelihood_table(results, YEAR, standard), standard)
    assert list(shown.columns) == ["Metric", "Measure", "Non-disabled", "Disabled", "Relative likelihood",
                                   "95% interval", "Change from last year"]
    assert shown.to_dict("records") == [
        {"Metric": "2", "Measure": "Appointed from shortlisting", "Non-disabled": "30 of 100 (30.00%)",
         "Disabled": "40 of 200 (20.00%)", "Relative likelihood": "1.50 Non-disabled / Disabled",
         "95% interval": "(1.00 to 2.26)", "Change from last year": "no earlier year"},
        {"Metric": "3", "Measure": "Entered formal capability", "Non-disabled": "20 of 200 (10.00%)",
         "Disabled": "5 of 25 (20.00%)", "Relative likelihood": "2.00 Disabled / Non-disabled",
         "95% interval": "(0.82 to 4.86)", "Change from last year": "no clear change (within the play of chance)"},
        {"Metric": "3", "Measure": "Entered formal capability (two years)", "Non-disabled": "37 of 370 (10.00%)",
         "Disabled": "6 of 35 (17.14%)", "Relative likelihood": "1.71 Disabled / Non-disabled",
         "95% interval": "(0.78 to 3.78)", "Change from last year": "no earlier year"},
    ]
    assert narrative.likelihood_sentence(results, YEAR, "2", standard).startswith(
        "Non-disabled applicants were 1.50 times as likely as Disabled applicants to be appointed from shortlisting "
        "(95% interval 1.00 to 2.26; the interval includes 1.00")
    assert narrative.likelihood_sentence(results, YEAR, "3", standard) == (
        "Disabled staff were 2.00 times as likely as Non-disabled staff to enter the formal capability process "
        "(95% interval 0.82 to 4.86; the interval includes 1.00, so equal likelihood cannot be ruled out), no clear "
        "change from 2023 (within the play of chance).")
    ax = plots.plot_likelihood_trend(results, "2", standard).axes[0]
    assert ax.get_title() == ("Appointment from shortlisting: Non-disabled / Disabled likelihood (above 1 = "
                              "Non-disabled applicants more likely)")
    assert ax.get_xlabel() == "WDES reporting year"
    assert plots.likelihood_alt(results, "3", standard).startswith(
        "Line chart: the Disabled to Non-disabled relative likelihood of entering the formal capability process "
        "rose from 1.00 in 2023 to 2.00 in 2024")
    # The characteristic's focus group (Disabled) is what metric 1 and the board are about.
    summary = tables.esr_summary(results, YEAR, standard)
    assert summary["measure"].iloc[0] == "Metric 1: Disabled % of the workforce, overall"
    assert summary["value"].iloc[0] == pytest.approx(10.0)
    plots.plt.close("all")


def test_likelihood_numerators_by_hand(results):
    _check_likelihoods(results, WDES)


def _swap_groups(standard: Standard) -> Standard:
    """The WDES with Disabled as the reference group and Non-disabled as the focus group."""
    swapped = replace(DISABILITY, reference=DISABLED, focus=NON_DISABLED)
    return replace(standard, characteristic=swapped,
                   indicators={n: replace(d, groups=swapped) for n, d in standard.indicators.items()})


def _swap_numerators(standard: Standard) -> Standard:
    """The WDES with each ratio's groups the other way round (metric 2 Disabled / Non-disabled ...)."""
    c = standard.characteristic
    return replace(standard, indicators={n: replace(d, numerator=c.other(d.numerator)) if d.numerator else d
                                         for n, d in standard.indicators.items()})


@pytest.mark.parametrize("swap", [_swap_groups, _swap_numerators])
def test_the_checks_fail_when_the_groups_are_swapped(results, swap):
    with pytest.raises(AssertionError):
        _check_likelihoods(results, swap(WDES))
    plots.plt.close("all")


# --------------------------------------------------------------------------- metric 10

def test_board_table_sentence_and_chart_by_hand(results):
    shown = tables.display_board(tables.board_table(results, YEAR, WDES), WDES)
    assert shown.to_dict("records") == [{
        "Board members": "Whole board", "Disabled % of board": "20.00%", "Disabled % of workforce": "10.00%",
        "Difference (board minus workforce)": "+10.0 pp", "Change from last year": "5.0 pp higher (worse)"}]
    assert narrative.board_sentence(results, YEAR, WDES) == (
        "Disabled members were 20.0% of the board against 10.00% of the workforce: 10.0 percentage points above "
        "equal representation; the difference is 5.0 pp higher than 2023 (worse).")
    assert plots.board_alt(results, WDES).startswith(
        "Line chart: Disabled percentage of the board rose from 10.0% in 2023 to 20.0% in 2024, against 10.0% of the "
        "workforce in 2024")
    assert list(plots.board_data(results, WDES).columns) == ["Year", "Whole board: Disabled %",
                                                            "Workforce: Disabled %"]
    assert plots.plot_board(results, WDES).axes[0].get_xlabel() == "WDES reporting year"
    plots.plt.close("all")


# --------------------------------------------------------------------------- survey metrics

def _survey_rows(results, indicator):
    shown = tables.display_survey_summary(tables.survey_summary(results, YEAR, WDES), WDES)
    first = shown.index[shown["Metric"].str.startswith(f"Metric {indicator}:")][0]
    rows = [first]
    while rows[-1] + 1 in shown.index and shown.loc[rows[-1] + 1, "Metric"] == "":
        rows.append(rows[-1] + 1)
    return shown.loc[rows]


GAP = "Distance from equity (Disabled minus Non-disabled)"


def test_survey_lower_is_better_by_hand(results):
    rows = by(_survey_rows(results, "4a-ii"), "Group")
    assert list(rows.index) == ["Disabled", "Non-disabled"]  # the focus group first
    assert rows.loc["Disabled", "Result"] == "25.00%" and rows.loc["Non-disabled", "Result"] == "20.00%"
    assert rows.loc["Disabled", "Change from last survey"] == "5.0 pp lower (better, beyond the play of chance)"
    assert rows.loc["Disabled", GAP] == "+5.00 pp (+1.30 to +8.70), Disabled staff fare worse"
    assert rows.loc["Non-disabled", GAP] == "" and rows.loc["Disabled", "National average"] == "24.00%"
    assert tables.fmt_change(2.0, "percent", indicator="4a-ii", value=27.0, standard=WDES) == "2.0 pp higher (worse)"
    assert narrative.survey_sentence(results, YEAR, "4a-ii", WDES) == (
        "In the 2023 staff survey, 25.00% of Disabled staff experienced harassment, bullying or abuse at work from "
        "managers in the last 12 months, against 20.00% of Non-disabled staff: a gap of +5.00 percentage points (95% "
        "interval +1.30 to +8.70; positive = Disabled staff fare worse), larger than chance alone would explain "
        "(lower is better).")


def test_survey_higher_is_better_by_hand(results):
    rows = by(_survey_rows(results, "5"), "Group")
    assert rows.loc["Disabled", "Change from last survey"] == "5.0 pp higher (better, beyond the play of chance)"
    assert rows.loc["Disabled", GAP] == "-10.00 pp (-14.30 to -5.70), Disabled staff fare worse"
    assert tables.fmt_change(2.0, "percent", indicator="5", value=52.0, standard=WDES) == "2.0 pp higher (better)"
    assert tables.fmt_change(-2.0, "percent", indicator="5", value=48.0, standard=WDES) == "2.0 pp lower (worse)"
    text = narrative.survey_sentence(results, YEAR, "5", WDES)
    assert text.startswith("In the 2023 staff survey, 50.00% of Disabled staff believed the organisation provides "
                           "equal opportunities for career progression or promotion, against 60.00% of Non-disabled "
                           "staff: a gap of -10.00 percentage points")
    assert "positive = Disabled staff fare better" in text and text.endswith("(higher is better).")
    ax = plots.plot_survey_trend(results, "5", WDES).axes[0]
    assert ax.get_title().endswith("(higher is better)") and ax.get_xticks().tolist() == [2022, 2023]
    plots.plt.close("all")


def test_metric_8_is_for_disabled_staff_only(results):
    rows = _survey_rows(results, "8")
    assert rows["Group"].tolist() == ["Disabled"]
    assert rows[["Result", "95% interval", GAP, "National average"]].iloc[0].tolist() == [
        "73.50%", "(70.70% to 76.10%)", "", "72.00%"]
    assert narrative.survey_sentence(results, YEAR, "8", WDES) == (
        "In the 2023 staff survey, 73.50% of Disabled staff said that their employer has made adequate adjustment(s) "
        "to enable them to carry out their work (95% interval 70.70% to 76.10%; higher is better).")
    fig = plots.plot_survey_trend(results, "8", WDES)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Disabled" in legend and "Non-disabled" not in legend
    assert list(plots.survey_data(results, "8", WDES).columns) == [
        "Survey year", "Disabled %: trust", "Disabled 95% interval", "Disabled %: national average"]
    assert "Non-disabled" not in plots.survey_alt(results, "8", WDES)
    plots.plt.close("all")


def test_metric_9a_is_a_score_without_an_interval(results):
    rows = by(_survey_rows(results, "9a"), "Group")
    assert list(rows.index) == ["Disabled", "Non-disabled", "All staff"]
    assert rows["Result"].tolist() == ["6.5", "7.0", "6.9"]  # a score, not a percentage
    assert rows["95% interval"].tolist() == ["", "", ""] and rows[GAP].tolist() == ["", "", ""]
    assert rows.loc["Disabled", "Change from last survey"] == "0.1 higher (better)"  # no "pp", no significance
    assert rows.loc["Disabled", "National average"] == "6.4"
    assert narrative.survey_sentence(results, YEAR, "9a", WDES) == (
        "In the 2023 staff survey, the staff engagement score was 6.5 for Disabled staff, against 7.0 for "
        "Non-disabled staff and 6.9 for all staff (0-10; higher is better).")
    data = plots.survey_data(results, "9a", WDES)
    assert not any("interval" in c for c in data.columns)
    assert data.loc[data["Survey year"] == "2023", "Disabled score: trust"].item() == "6.5"
    ax = plots.plot_survey_trend(results, "9a", WDES).axes[0]
    assert ax.get_ylim() == (0, 10) and ax.get_ylabel() == "Score (0-10)"
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert all(np.ptp(p.vertices[:, 1]) == 0 for c in bands for p in c.get_paths())  # no interval band
    assert "all staff rose from 6.8 in 2022 to 6.9 in 2023" in plots.survey_alt(results, "9a", WDES)
    plots.plt.close("all")


def test_summary_sentences_in_order(results):
    sentences = narrative.summary_sentences(results, YEAR, WDES)
    assert sentences[0].startswith("Disabled staff were 10.00% of the workforce")
    assert [s.split(" ")[0] for s in sentences[1:3]] == ["Non-disabled", "Disabled"]  # metrics 2 and 3
    assert sum("Disabled staff experienced harassment, bullying or abuse at work from managers" in s
               for s in sentences) == 1
    assert sentences[-2].startswith("In the 2023 staff survey, the staff engagement score")
    assert sentences[-1].startswith("Disabled members were 20.0% of the board")
    # Metrics without data (4a-i, 4a-iii, 4b, 6, 7) say so, naming the survey and the WDES year.
    assert ("No NHS Staff Survey figures were supplied for the 2023 survey (WDES 2024), so metric 6 (pressure from "
            "their manager to come to work when not feeling well enough to perform their duties) cannot be "
            "reported.") in sentences


# --------------------------------------------------------------------------- hidden figures

def test_hidden_figures_are_stars(results):
    hidden = hide(results, "3", ["disabled_percent", "relative_likelihood", "distance_from_equity"], "single-year")
    hidden = hide(hidden, "4a-ii", ["disabled_percent", "difference_pp"])
    hidden = hide(hidden, "9a", ["disabled_score"])
    hidden = hide(hidden, "1", ["disabled_percent"], "Clinical|Band 8a")
    hidden = hide(hidden, "10", ["board_disabled_percent", "difference_pp"])

    rates = tables.display_likelihoods(tables.likelihood_table(hidden, YEAR, WDES), WDES).iloc[1]
    assert (rates["Disabled"], rates["Relative likelihood"], rates["95% interval"], rates["Change from last year"]) == \
        (MARKER, f"{MARKER} Disabled / Non-disabled", "", MARKER)
    assert narrative.likelihood_sentence(hidden, YEAR, "3", WDES) == (
        "The metric 3 figure for 2024 is not shown: it rests on numbers small enough to identify people.")
    summary = by(tables.display_esr_summary(tables.esr_summary(hidden, YEAR, WDES), WDES), "Measure")
    assert summary.loc["Metric 3: entering the formal capability process, Disabled / Non-disabled",
                       "Distance from equity"] == MARKER

    survey = by(_survey_rows(hidden, "4a-ii"), "Group")
    assert (survey.loc["Disabled", "Result"], survey.loc["Disabled", GAP]) == (MARKER, MARKER)
    assert narrative.survey_sentence(hidden, YEAR, "4a-ii", WDES).startswith(
        "The metric 4a-ii figures for the 2023 survey are not shown")
    assert by(_survey_rows(hidden, "9a"), "Group").loc["Disabled", "Result"] == MARKER
    assert narrative.survey_sentence(hidden, YEAR, "9a", WDES).startswith("The metric 9a figures for the 2023 survey")

    bands = tables.display_band_composition(tables.band_composition(hidden, YEAR, WDES), WDES)
    assert bands.loc[bands["Band"] == "Band 8a", "Disabled %"].item() == MARKER
    assert plots.plot_band_bme(hidden, YEAR, WDES).left_out.startswith("1 band not shown")
    assert tables.display_board(tables.board_table(hidden, YEAR, WDES), WDES)["Disabled % of board"].item() == MARKER
    assert narrative.board_sentence(hidden, YEAR, WDES).startswith("The board figure for 2024 is not shown")

    markup = tables.show(tables.display_survey_summary(tables.survey_summary(hidden, YEAR, WDES), WDES)).data
    assert GENERIC_FOOTNOTE.replace("'", "&#x27;") in markup
    plots.plt.close("all")


def test_missing_wdes_data_is_named(results):
    nothing = results.iloc[:0]
    assert coverage.missing_sentence(nothing, YEAR, "3", WDES) == (
        "No capability counts (staff entering the formal capability process) were supplied for 2024, so metric 3 "
        "(entering the formal capability process) cannot be reported.")
    assert coverage.survey_missing_sentence(nothing, YEAR, WDES) == (
        "No staff survey data was supplied for this trust for the 2023 survey (WDES 2024), so metrics 4a-i to 9a "
        "cannot be reported.")
    assert coverage.section_status(results, YEAR, "04_staff_survey", WDES) == \
        "no data for metrics 4a-i, 4a-iii, 4b, 6 and 7"
    assert coverage.section_status(results, YEAR, "03_recruitment_capability", WDES) == ""
    assert coverage.record_indicators(WDES) == ("1", "2", "3", "10")
