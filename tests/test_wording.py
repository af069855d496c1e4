"""Wording that cannot point the wrong way: every sentence, title, axis and change
against expectations worked out by hand. Each test here fails if a direction
(higher/lower, better/worse, White/BME in a ratio, above/below, the survey
year lag, ceil/floor) is reversed."""
import ast
import math
from pathlib import Path

import pandas as pd
import pytest

from wreslib.standards import wres as definitions
from wreslib.report import plots, tables
from wreslib.inputs.counts import COLUMNS
from wreslib.standards.wres import INDICATORS, distance_direction, judge, survey_description
from wreslib.disclosure.engine import MARKER
from wreslib.classify.ethnicity import classify_ethnicity
from wreslib.compute.indicators import compute_indicators
from wreslib.report.narrative import board_sentence, likelihood_sentence, survey_sentence, workforce_sentence
from wreslib.report.tables import fmt_change, fmt_value, signed

NAN = math.nan


def results_from(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    counts = pd.concat([frame, classify_ethnicity(frame["ethnicity"]).drop(columns="ethnicity")], axis=1)
    return compute_indicators(counts)


def row(year, indicator, breakdown, metric, value, **kw):
    base = dict(ci_low=NAN, ci_high=NAN, numerator=NAN, denominator=NAN, change=NAN, description="", note="")
    return dict(year=year, indicator=indicator, breakdown=breakdown, metric=metric, value=value, **(base | kw))


# 2024: overall BME 200 of 400 = 50%; board 2 of 10 = 20%: board minus workforce = 20 - 50 = -30 pp.
# 2023: overall BME 180 of 400 = 45%; board 1 of 10 = 10%: 10 - 45 = -35 pp. Change -30 - (-35) = +5 pp,
# |-30| < |-35|: closer to 0, better.
WORKFORCE = [
    (2024, 1, "headcount", "Clinical|Band 8a", "BME", 10), (2024, 1, "headcount", "Clinical|Band 8a", "White", 21),
    (2024, 1, "headcount", "Clinical|Band 5", "BME", 190), (2024, 1, "headcount", "Clinical|Band 5", "White", 179),
    (2024, 9, "board_members", "All", "BME", 2), (2024, 9, "board_members", "All", "White", 8),
    (2023, 1, "headcount", "Clinical|Band 5", "BME", 180), (2023, 1, "headcount", "Clinical|Band 5", "White", 220),
    (2023, 9, "board_members", "All", "BME", 1), (2023, 9, "board_members", "All", "White", 9),
]
# Indicator 2, 2024: White 30 of 100 appointed = 30%, BME 40 of 200 = 20%: White / BME = 0.30 / 0.20 = 1.50.
# Indicator 3, 2024: BME 12 of 1000 = 1.2%, White 10 of 1000 = 1.0%: BME / White = 1.20.
LIKELIHOODS = [
    (2024, 2, "shortlisted", "", "White", 100), (2024, 2, "appointed", "", "White", 30),
    (2024, 2, "shortlisted", "", "BME", 200), (2024, 2, "appointed", "", "BME", 40),
    (2024, 3, "headcount", "", "White", 1000), (2024, 3, "entered_disciplinary", "", "White", 10),
    (2024, 3, "headcount", "", "BME", 1000), (2024, 3, "entered_disciplinary", "", "BME", 12),
]


# --- board sentence: above / below equal representation -------------------------------------------------

def test_board_sentence_below_and_better_by_hand():
    text = board_sentence(results_from(WORKFORCE), 2024)
    assert text == ("BME members were 20.0% of the board against 50.00% of the workforce: 30.0 percentage points "
                    "below equal representation; the difference is 5.0 pp higher than 2023 (better).")


def test_board_sentence_above_and_equal():
    # Board 6 of 10 = 60% against 50%: +10 pp, above. No 2023 board: no change.
    above = [r for r in WORKFORCE if r[1] != 9 or r[0] == 2023] + [
        (2024, 9, "board_members", "All", "BME", 6), (2024, 9, "board_members", "All", "White", 4)]
    above = [r for r in above if not (r[0] == 2023 and r[1] == 9)]
    assert board_sentence(results_from(above), 2024).endswith(": 10.0 percentage points above equal representation.")
    # Board 5 of 10 = 50% against 50%: equal.
    equal = [r for r in above if r[1] != 9] + [
        (2024, 9, "board_members", "All", "BME", 5), (2024, 9, "board_members", "All", "White", 5)]
    assert board_sentence(results_from(equal), 2024).endswith("of the workforce: equal representation.")


def test_board_table_change_words():
    shown = tables.display_board(tables.board_table(results_from(WORKFORCE), 2024))
    assert shown.loc[0, "Difference (board minus workforce)"] == "-30.0 pp"
    assert shown.loc[0, "Change from last year"] == "5.0 pp higher (better)"


# --- likelihood table, sentences and descriptions: which group is the numerator ---------------------------

def test_likelihood_table_direction_by_hand():
    r = results_from(WORKFORCE + LIKELIHOODS)
    table = tables.likelihood_table(r, 2024).set_index(["indicator", "measure"])
    assert table.loc[(2, "Appointed from shortlisting"), "relative_likelihood"] == pytest.approx(1.5)
    assert table.loc[(3, "Entered formal disciplinary"), "relative_likelihood"] == pytest.approx(1.2)
    shown = tables.display_likelihoods(tables.likelihood_table(r, 2024)).set_index("Indicator")
    assert shown.loc[2, "Relative likelihood"] == "1.50 White / BME"
    assert shown.loc[3, "Relative likelihood"] == "1.20 BME / White"
    assert shown.loc[2, "White"] == "30 of 100 (30.00%)" and shown.loc[2, "BME"] == "40 of 200 (20.00%)"


def test_likelihood_sentences_and_descriptions_by_hand():
    r = results_from(WORKFORCE + LIKELIHOODS)
    assert likelihood_sentence(r, 2024, 2).startswith(
        "White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting")
    assert likelihood_sentence(r, 2024, 3).startswith(
        "BME staff were 1.20 times as likely as White staff to enter the formal disciplinary process")
    ratio = r[(r["indicator"] == 2) & (r["metric"] == "relative_likelihood")].iloc[0]
    assert ratio["description"] == ("Likelihood of White applicants being appointed from shortlisting relative to "
                                    "BME applicants (White rate / BME rate); 1.00 = equal, above 1 = White "
                                    "applicants more likely")
    ratio3 = r[(r["indicator"] == 3) & (r["metric"] == "relative_likelihood")].iloc[0]
    assert "(BME rate / White rate)" in ratio3["description"] and "above 1 = BME staff more likely" in \
        ratio3["description"]
    rates = r[(r["indicator"] == 2) & (r["metric"] == "bme_percent")].iloc[0]
    assert rates["description"] == "% of BME applicants appointed from shortlisting"


def test_esr_summary_labels_distance_and_change_words():
    r = results_from(WORKFORCE + LIKELIHOODS)
    summary = tables.esr_summary(r, 2024).set_index("measure")
    assert summary.loc["Indicator 2: appointment from shortlisting, White / BME", "distance_from_equity"] == \
        pytest.approx(0.5)  # 1.50 - 1
    assert math.isnan(summary.loc["Indicator 9: board minus workforce BME %, overall (pp)", "distance_from_equity"])
    assert math.isnan(summary.loc["Indicator 1: BME % of the workforce, overall", "distance_from_equity"])
    shown = tables.display_esr_summary(tables.esr_summary(r, 2024)).set_index("Measure")
    assert shown.loc["Indicator 2: appointment from shortlisting, White / BME", "Distance from equity"] == \
        "+0.50 (White applicants more likely)"
    assert shown.loc["Indicator 3: entering the formal disciplinary process, BME / White",
                     "Distance from equity"] == "+0.20 (BME staff more likely)"
    assert shown.loc["Indicator 9: board minus workforce BME %, overall (pp)", "Change from last year"] == \
        "5.0 pp higher (better)"  # no interval for the board difference: just the direction and better/worse


# --- plots: titles and axes ---------------------------------------------------------------------------

def test_likelihood_plot_titles_and_axes():
    r = results_from(WORKFORCE + LIKELIHOODS)
    fig = plots.plot_likelihood_trend(r, 2)
    ax = fig.axes[0]
    assert ax.get_title() == "Appointment from shortlisting: White / BME likelihood (above 1 = White applicants more likely)"
    assert ax.get_ylabel() == "Relative likelihood, White / BME (95% interval)"
    fig3 = plots.plot_likelihood_trend(r, 3)
    assert fig3.axes[0].get_title() == "Entering formal disciplinary: BME / White likelihood (above 1 = BME staff more likely)"
    training = [(2024, 4, "accessed_training", "", "White", 50), (2024, 4, "accessed_training", "", "BME", 40)]
    fig4 = plots.plot_likelihood_trend(results_from(WORKFORCE + training), 4)
    assert fig4.axes[0].get_title().startswith("Non-mandatory training and CPD: White / BME likelihood")
    # No indicator 4 data: nothing drawn (the section's sentence says what is missing), never an empty chart.
    assert plots.plot_likelihood_trend(results_from(WORKFORCE), 4) is None
    plots.plt.close("all")


def test_survey_plot_uses_the_survey_year_and_says_which_way_is_better():
    # WRES years 2023 and 2024 use the surveys of 2022 and 2023.
    r = pd.DataFrame([row(y, i, "All", m, v, ci_low=v - 2, ci_high=v + 2) for y in (2023, 2024) for i in (6, 7)
                      for m, v in (("white_percent", 20.0), ("bme_percent", 25.0))])
    fig = plots.plot_survey_trend(r, 6)
    ax = fig.axes[0]
    assert [int(t) for t in ax.get_xticks()] == [2022, 2023]
    assert ax.get_xlabel() == "NHS Staff Survey year"
    assert ax.get_title() == ("Experiencing harassment, bullying or abuse from staff (managers or other colleagues) "
                              "(lower is better)")
    assert plots.plot_survey_trend(r, 7).axes[0].get_title().endswith("(higher is better)")
    assert definitions.survey_year(2024) == 2023
    plots.plt.close("all")


# --- Model Employer: more BME staff needed rounds up ----------------------------------------------------

def test_model_employer_rounds_the_staff_needed_up():
    # Workforce 200 BME of 400 = 50%. Band 8a: 10 BME of 31; parity needs 50% of 31 = 15.5, so 15.5 - 10 = 5.5
    # more: 6 people (5 would leave the band below parity).
    table = tables.model_employer(results_from(WORKFORCE), 2024).set_index("band")
    assert table.loc["Band 8a", "bme_needed_for_parity"] == 6
    assert table.loc["Band 8a", "gap_pp"] == pytest.approx(100 * 10 / 31 - 50)  # -17.74: below the workforce
    assert tables.display_model_employer(table.reset_index()).loc[0, "Gap (band minus workforce)"] == "-17.7 pp"


# --- one formatter for every change --------------------------------------------------------------------

@pytest.mark.parametrize("change, kind, indicator, value, text", [
    # likelihoods: better = closer to 1 (|ratio - 1| fell)
    (-0.04, "ratio", 2, 1.28, "0.04 lower (better)"),               # 1.32 -> 1.28
    (0.04, "ratio", 2, 1.36, "0.04 higher (worse)"),                # 1.32 -> 1.36
    (-0.05, "ratio", 3, 0.80, "0.05 lower (worse)"),                # 0.85 -> 0.80: further below 1
    (0.05, "ratio", 4, 0.90, "0.05 higher (better)"),               # 0.85 -> 0.90: towards 1
    (0.15, "ratio", 2, 1.05, "0.15 higher (closer to equal)"),      # 0.90 -> 1.05 crosses 1, |0.05| < |0.10|
    (0.30, "ratio", 3, 1.20, "0.30 higher (further from equal)"),   # 0.90 -> 1.20 crosses 1, |0.20| > |0.10|
    (-0.30, "ratio", 2, 0.85, "0.30 lower (as far from equal)"),    # 1.15 -> 0.85 crosses 1, |0.15| = |-0.15|
    # survey: lower is better for 5, 6, 8; higher for 7
    (-3.1, "percent", 5, 30.9, "3.1 pp lower (better)"),
    (2.0, "percent", 6, 27.0, "2.0 pp higher (worse)"),
    (2.0, "percent", 7, 51.0, "2.0 pp higher (better)"),
    (-2.0, "percent", 7, 49.0, "2.0 pp lower (worse)"),
    (1.0, "percent", 8, 14.0, "1.0 pp higher (worse)"),
    # board minus workforce: closer to 0 is better
    (-14.8, "pp", 9, -42.7, "14.8 pp lower (worse)"),               # -27.9 -> -42.7: gap widens below
    (3.5, "pp", 9, -32.7, "3.5 pp higher (better)"),                # -36.2 -> -32.7
    (4.0, "pp", 9, 10.0, "4.0 pp higher (worse)"),                  # 6 -> 10 above the workforce
    (-3.0, "pp", 9, 5.0, "3.0 pp lower (better)"),                  # 8 -> 5
    (5.0, "pp", 9, 2.0, "5.0 pp higher (closer to equal)"),         # -3 -> 2 crosses 0
    (-8.0, "pp", 9, -5.0, "8.0 pp lower (further from equal)"),     # 3 -> -5 crosses 0
    # composition: no better or worse
    (1.5, "percent", 1, 62.7, "1.5 pp higher"),
    (-1.5, "percent", 1, 60.0, "1.5 pp lower"),
    # rounded zero is no change, never -0.00 / -0.0 pp
    (-0.004, "ratio", 2, 1.3, "no change"),
    (-0.04, "pp", 9, -30.0, "no change"),
    (-0.04, "percent", 5, 30.0, "no change"),
    (NAN, "pp", 9, -30.0, "no earlier year"),
])
def test_fmt_change_says_better_or_worse(change, kind, indicator, value, text):
    assert fmt_change(change, kind, indicator=indicator, value=value) == text


def test_fmt_change_chance_years_and_hidden():
    assert fmt_change(-0.04, "ratio", indicator=2, value=1.28, significant=False) == \
        "no clear change (within the play of chance)"
    assert fmt_change(-0.04, "ratio", indicator=2, value=1.28, significant=True) == \
        "0.04 lower (better, beyond the play of chance)"
    assert fmt_change(1.5, "percent", indicator=1, value=62.7, significant=True) == \
        "1.5 pp higher (beyond the play of chance)"
    assert fmt_change(-0.04, "ratio", indicator=2, value=1.28, than=2023) == "0.04 lower than 2023 (better)"
    assert fmt_change(0.001, "ratio", indicator=2, value=1.28, than=2023) == "no change from 2023"
    assert fmt_change(0.3, "ratio", indicator=2, value=1.28, significant=False, than=2023) == \
        "no clear change from 2023 (within the play of chance)"
    assert fmt_change(0.3, "ratio", hidden=True) == MARKER
    assert fmt_change(-0.04, "ratio") == "0.04 lower"  # no indicator: direction only


def test_never_minus_zero():
    assert signed(-0.001, 2) == "0.00" and signed(-0.04, 1) == "0.0" and signed(0.5, 2) == "+0.50"
    assert signed(-0.5, 2) == "-0.50"
    assert fmt_value(-0.04, "pp") == "0.0 pp" and fmt_value(-0.4, "pp") == "-0.4 pp"
    for change in (-0.0001, -0.004, 0.0, -0.049):
        for kind in ("ratio", "pp", "percent"):
            assert "-" not in fmt_change(change, kind, indicator=9 if kind == "pp" else 2, value=1.0)


@pytest.mark.parametrize("indicator, value, before, verdict", [
    (2, 1.10, 1.20, "better"), (2, 1.20, 1.10, "worse"), (2, 0.95, 0.90, "better"), (2, 0.85, 0.90, "worse"),
    (2, 1.00, 1.10, "better"), (2, 1.05, 0.90, "closer to equal"), (2, 0.80, 1.10, "further from equal"),
    (2, 1.10, 0.90, "as far from equal"), (2, 1.10, 1.10, ""),
    (9, -10.0, -20.0, "better"), (9, -20.0, -10.0, "worse"), (9, 10.0, 20.0, "better"), (9, 4.0, -5.0, "closer to equal"),
    (5, 20.0, 25.0, "better"), (5, 25.0, 20.0, "worse"), (7, 25.0, 20.0, "better"), (7, 20.0, 25.0, "worse"),
    (1, 60.0, 50.0, ""), (2, NAN, 1.0, ""),
])
def test_judge(indicator, value, before, verdict):
    assert judge(indicator, value, before) == verdict


# --- distance from equity ------------------------------------------------------------------------------

def test_distance_from_equity_per_indicator():
    assert definitions.distance_from_equity(2, 1.32) == pytest.approx(0.32)  # seed: 1.32 -> 0.32
    assert definitions.distance_from_equity(7, 49.55, 59.08) == pytest.approx(-9.53)
    assert math.isnan(definitions.distance_from_equity(9, -30.0))  # the result already is a difference
    assert math.isnan(definitions.distance_from_equity(1, 62.7))
    assert distance_direction(2, 0.32) == "White applicants more likely"
    assert distance_direction(2, -0.20) == "BME applicants more likely"
    assert distance_direction(3, 0.50) == "BME staff more likely"
    assert distance_direction(4, -0.10) == "BME staff more likely"
    assert distance_direction(7, -9.53) == "BME staff fare worse"   # fewer BME staff believe in equal chances
    assert distance_direction(8, 4.08) == "BME staff fare worse"    # more BME staff discriminated against
    assert distance_direction(5, -0.57) == "BME staff fare better"
    assert distance_direction(5, -0.001) == "equal"


def test_survey_summary_distance_and_sentence_directions():
    r = pd.DataFrame([
        row(2024, 7, "All", "white_percent", 59.08), row(2024, 7, "All", "bme_percent", 49.55),
        row(2024, 7, "All", "difference_pp", 49.55 - 59.08, ci_low=-11.74, ci_high=-7.30),
        row(2024, 6, "All", "white_percent", 20.0, numerator=200, denominator=1000),
        row(2024, 6, "All", "bme_percent", 25.0, numerator=250, denominator=1000, change=-5.0),
        row(2023, 6, "All", "bme_percent", 30.0, numerator=300, denominator=1000),
        row(2024, 6, "All", "difference_pp", 5.0, ci_low=1.3, ci_high=8.7),
    ])
    shown = tables.display_survey_summary(tables.survey_summary(r, 2024))
    bme7 = shown[(shown["Group"] == "BME") & shown["Indicator"].str.startswith("Indicator 7")].iloc[0]
    assert bme7["Distance from equity (BME minus White)"] == "-9.53 pp (-11.74 to -7.30), BME staff fare worse"
    bme6 = shown[(shown["Group"] == "BME") & shown["Indicator"].str.startswith("Indicator 6")].iloc[0]
    assert bme6["Indicator"] == "Indicator 6: harassment, bullying or abuse from staff (managers or other colleagues)"
    assert bme6["Distance from equity (BME minus White)"] == "+5.00 pp (+1.30 to +8.70), BME staff fare worse"
    # 30% (300/1000) -> 25% (250/1000): Newcombe interval of -5 pp excludes 0; lower harassment is better.
    assert bme6["Change from last survey"] == "5.0 pp lower (better, beyond the play of chance)"
    text7 = survey_sentence(r, 2024, 7)
    assert text7.startswith("In the 2023 staff survey, 49.55% of BME staff believed the organisation provides equal "
                            "opportunities for career progression or promotion, against 59.08% of White staff")
    assert "positive = BME staff fare better" in text7 and text7.endswith("(higher is better).")
    text6 = survey_sentence(r, 2024, 6)
    assert "experienced harassment, bullying or abuse from staff (managers or other colleagues) in the last 12 " \
           "months" in text6
    assert "positive = BME staff fare worse" in text6 and text6.endswith("(lower is better).")


def test_likelihood_sentence_change_by_hand():
    # Intervals symmetric on the log scale, se = ln(1.25) / 1.96 each year (see test_tables_narrative).
    now = row(2024, 2, "All", "relative_likelihood", 1.5, ci_low=1.2, ci_high=1.875)
    within = pd.DataFrame([now | dict(change=-0.5), row(2023, 2, "All", "relative_likelihood", 2.0, ci_low=1.6,
                                                        ci_high=2.5)])
    assert likelihood_sentence(within, 2024, 2).endswith(
        ", no clear change from 2023 (within the play of chance).")  # z = -1.79
    beyond = pd.DataFrame([now | dict(change=-1.5), row(2023, 2, "All", "relative_likelihood", 3.0, ci_low=2.4,
                                                        ci_high=3.75)])
    # 3.00 -> 1.50: z = -4.31, and |0.50| < |2.00|: better.
    assert likelihood_sentence(beyond, 2024, 2) == (
        "White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting (95% interval "
        "1.20 to 1.88), 1.50 lower than 2023 (better, beyond the play of chance).")
    worse = pd.DataFrame([now | dict(value=3.0, ci_low=2.4, ci_high=3.75, change=1.5),
                          row(2023, 2, "All", "relative_likelihood", 1.5, ci_low=1.2, ci_high=1.875)])
    assert likelihood_sentence(worse, 2024, 2).endswith(", 1.50 higher than 2023 (worse, beyond the play of chance).")


def test_workforce_sentence_has_no_better_or_worse():
    # 2023 800 of 2000 = 40%, 2024 1000 of 2000 = 50%: +10 pp, beyond chance; composition: no better/worse.
    rows = [(2023, 1, "headcount", "Clinical|Band 5", "BME", 800), (2023, 1, "headcount", "Clinical|Band 5", "White", 1200),
            (2024, 1, "headcount", "Clinical|Band 5", "BME", 1000), (2024, 1, "headcount", "Clinical|Band 5", "White", 1000)]
    text = workforce_sentence(results_from(rows), 2024)
    assert text.endswith("10.0 pp higher than 2023 (beyond the play of chance).")
    bands = tables.display_band_composition(tables.band_composition(results_from(rows), 2024))
    assert bands.loc[0, "BME % change from last year"] == "10.0 pp higher (beyond the play of chance)"


# --- one definition per indicator ----------------------------------------------------------------------

def test_every_indicator_defined_once_with_a_direction():
    assert sorted(INDICATORS) == list(range(1, 10))
    assert {n: d.better for n, d in INDICATORS.items()} == {
        1: "", 2: "closer to 1", 3: "closer to 1", 4: "closer to 1", 5: "lower", 6: "lower", 7: "higher",
        8: "lower", 9: "closer to 0"}
    assert {n: INDICATORS[n].ratio_label for n in (2, 3, 4)} == {2: "White / BME", 3: "BME / White", 4: "White / BME"}
    assert survey_description(6, "bme_percent") == (
        "% of BME staff experiencing harassment, bullying or abuse from staff (managers or other colleagues) in the "
        "last 12 months; lower is better")
    assert survey_description(7, "difference_pp").endswith("positive = BME staff fare better (distance from equity)")
    assert survey_description(5, "difference_pp").endswith("positive = BME staff fare worse (distance from equity)")
    assert "(better than the benchmark)" in survey_description(7, "bme_benchmark_gap_pp")
    assert "(worse than the benchmark)" in survey_description(8, "bme_benchmark_gap_pp")


#: Wording that may only be spelt out in wreslib/standards/ (the declarations and their shared templates).
DEFINED_ONCE = ["White / BME", "BME / White", "White rate / BME rate", "BME rate / White rate", "higher is better",
                "lower is better", "times as likely", "from managers or", "abuse from staff",
                "appointed from shortlisting", "formal disciplinary process", "non-mandatory training and CPD",
                "equal opportunities for", "discrimination at work", "above 1 ="]


def test_wording_lives_only_in_definitions():
    package = Path(definitions.__file__).parents[1]
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.parent.name == "standards" or path.name == "breakdowns.py":  # breakdowns compares each group with White, by design
            continue
        tree = ast.parse(path.read_text())
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [(path.name, phrase) for phrase in DEFINED_ONCE if phrase in node.value]
    assert found == []
