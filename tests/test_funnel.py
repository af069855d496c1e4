"""Funnel plots (Spiegelhalter 2005): the limits against values worked by hand, the pooled
target, which organisations fall outside which limits, the sentence naming them, the chart and
its alt text.

Two hand-made systems, each designed so that every organisation is well clear of the limits
that decide its flag (by 0.2 pp or more for percentages; 5% or more for ratios):

- PERCENT (indicator 1): headcounts and BME staff of six organisations and one with a published
  figure only. Summed: 3,040 BME of 15,200 staff = 20.00% exactly; the average of the six
  percentages is (30 + 21.5 + 19.733 + 18.5 + 10 + 24) / 6 = 20.62%, which would move the
  flags.
- RATIO (indicator 3, BME rate / White rate of entering the formal disciplinary process):
  five organisations with counts, one with zero BME events (ratio undefined) and one with no
  counts. Summed over all six with counts: BME 185 of 8,000 (2.3125%), White 340 of 17,000
  (2%): target 2.3125 / 2 = 1.15625.
"""
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from test_charts import _legends_outside
from wreslib.compute.funnel import (ABOVE, BELOW, LEVELS, WITHIN, funnel_table, log_ratio_limits,
                                    log_ratio_precision, outside_categories, outside_label, proportion_limits, z_value)
from wreslib.compute.stats import likelihood_ratio
from wreslib.report.funnel import (funnel_alt, funnel_data, funnel_plot, outside_sentence, side_words)
from wreslib.standards.wres import INDICATORS

matplotlib.use("Agg")

Z95, Z998 = 1.959963984540054, 3.090232306167813  # the standard normal's 97.5% and 99.9% points, from tables


def binomial_cdf(r, n, theta):
    """P(R <= r), R ~ Binomial(n, theta), summed term by term (not scipy: an independent check)."""
    return sum(math.comb(n, i) * theta ** i * (1 - theta) ** (n - i) for i in range(r + 1))


def binomial_pmf(r, n, theta):
    return math.comb(n, r) * theta ** r * (1 - theta) ** (n - r)


# ---------------------------------------------------------------------------------------------
# Limits worked by hand
# ---------------------------------------------------------------------------------------------

def test_z_values_are_the_normal_quantiles():
    assert z_value(0.95) == pytest.approx(Z95)
    assert z_value(0.998) == pytest.approx(Z998)


def test_exact_binomial_limits_small_n_by_hand():
    # Target 20%, n = 5. P(R = r) for r = 0..5: 0.32768, 0.4096, 0.2048, 0.0512, 0.0064, 0.00032;
    # P(R <= r): 0.32768, 0.73728, 0.94208, 0.99328, 0.99968, 1.
    # Upper 95% (p = 0.975): r_p = 3 (0.94208 < 0.975 <= 0.99328);
    #   alpha = (0.99328 - 0.975) / 0.0512 = 0.35703125; limit = (3 - 0.35703125) / 5 = 52.859375%.
    # Upper 99.8% (p = 0.999): r_p = 4 (0.99328 < 0.999 <= 0.99968);
    #   alpha = (0.99968 - 0.999) / 0.0064 = 0.10625; limit = (4 - 0.10625) / 5 = 77.875%.
    # Lower 95% (p = 0.025): r_p = 0 (0.32768 >= 0.025); alpha = (0.32768 - 0.025) / 0.32768 = 0.9237;
    #   limit = -0.9237 / 5 < 0, cut to 0% (and so for 99.8%).
    limits = proportion_limits(20, [5]).iloc[0]
    assert limits["upper_95"] == pytest.approx(52.859375)
    assert limits["upper_99.8"] == pytest.approx(77.875)
    assert limits["lower_95"] == 0 and limits["lower_99.8"] == 0


def test_exact_binomial_limits_n100_and_the_normal_approximation():
    # Target 20%, n = 100.
    # Normal approximation: 20 +/- 1.96 x sqrt(0.2 x 0.8 / 100) x 100 = 20 +/- 1.96 x 4 = 12.16 to 27.84.
    # Exact (Spiegelhalter 2005, Appendix A.1.1), from the binomial terms:
    #   upper, p = 0.975: P(R <= 27) = 0.965848 < 0.975 <= P(R <= 28) = 0.979980, so r_p = 28;
    #     P(R = 28) = 0.014131; alpha = (0.979980 - 0.975) / 0.014131 = 0.3524;
    #     limit = (28 - 0.3524) / 100 = 27.648%.
    #   lower, p = 0.025: P(R <= 11) = 0.012575 < 0.025 <= P(R <= 12) = 0.025329, so r_p = 12;
    #     P(R = 12) = 0.012754; alpha = (0.025329 - 0.025) / 0.012754 = 0.0258;
    #     limit = (12 - 0.0258) / 100 = 11.974%.
    # The exact limits sit lower than the normal ones: the binomial is skewed to the right.
    def exact(p, r):
        return 100 * (r - (binomial_cdf(r, 100, 0.2) - p) / binomial_pmf(r, 100, 0.2)) / 100

    assert binomial_cdf(27, 100, 0.2) < 0.975 <= binomial_cdf(28, 100, 0.2)
    assert binomial_cdf(11, 100, 0.2) < 0.025 <= binomial_cdf(12, 100, 0.2)
    limits = proportion_limits(20, [100], levels=(0.95,)).iloc[0]
    assert limits["upper_95"] == pytest.approx(exact(0.975, 28)) == pytest.approx(27.6476, abs=1e-4)
    assert limits["lower_95"] == pytest.approx(exact(0.025, 12)) == pytest.approx(11.9742, abs=1e-4)
    normal = (20 - Z95 * 4, 20 + Z95 * 4)
    assert normal == pytest.approx((12.16, 27.84), abs=0.001)
    assert limits["lower_95"] < normal[0] and limits["upper_95"] < normal[1]


def test_exact_limits_come_close_to_the_normal_ones_for_large_organisations():
    # n = 4,000 at 20%: standard error sqrt(0.16 / 4000) = 0.632 pp; the normal limits are
    # 20 +/- 1.96 x 0.632 = 18.76 to 21.24 and 20 +/- 3.09 x 0.632 = 18.05 to 21.95.
    se = 100 * math.sqrt(0.2 * 0.8 / 4000)
    limits = proportion_limits(20, [4000]).iloc[0]
    for z, (lower, upper) in ((Z95, ("lower_95", "upper_95")), (Z998, ("lower_99.8", "upper_99.8"))):
        assert limits[lower] == pytest.approx(20 - z * se, abs=0.02)
        assert limits[upper] == pytest.approx(20 + z * se, abs=0.02)


def test_proportion_limits_refuse_what_has_no_funnel():
    with pytest.raises(ValueError):
        proportion_limits(0, [100])
    with pytest.raises(ValueError):
        proportion_limits(20, [100.5])
    assert proportion_limits(20, [0])[["lower_95", "upper_95"]].isna().all(axis=None)


def test_log_ratio_precision_by_hand():
    # Katz: var(log RR) = 1/60 - 1/1000 + 1/60 - 1/3000 = 0.0333333 - 0.001 - 0.0003333 = 0.032;
    # precision = 1 / 0.032 = 31.25. The same whichever group is first.
    assert log_ratio_precision(60, 1000, 60, 3000) == pytest.approx(31.25)
    assert log_ratio_precision(60, 3000, 60, 1000) == pytest.approx(31.25)
    # 1/20 - 1/100 + 1/10 - 1/100 = 0.13: 1 / 0.13 = 7.6923
    assert log_ratio_precision(20, 100, 10, 100) == pytest.approx(1 / 0.13)
    assert np.isnan(log_ratio_precision(0, 500, 20, 1500))   # no events: the ratio is 0, its log undefined
    assert np.isnan(log_ratio_precision(5, 0, 20, 1500))     # no one in the group
    assert np.isnan(log_ratio_precision(10, 10, 20, 20))     # everyone counted: variance 0
    assert log_ratio_precision([60, 20], [1000, 100], [60, 10], [3000, 100]) == pytest.approx([31.25, 1 / 0.13])


def test_log_ratio_limits_by_hand():
    # Target 1.15625, precision 31.25: standard error of the log = sqrt(1 / 31.25) = sqrt(0.032) = 0.178885;
    # log(1.15625) = 0.145182.
    # 95%:   0.145182 -/+ 1.959964 x 0.178885 = 0.145182 -/+ 0.350609 -> exp: 0.814300 to 1.641796.
    # 99.8%: 0.145182 -/+ 3.090232 x 0.178885 = 0.145182 -/+ 0.552798 -> exp: 0.665235 to 2.009688.
    limits = log_ratio_limits(1.15625, [31.25]).iloc[0]
    assert limits["lower_95"] == pytest.approx(0.814300, abs=1e-6)
    assert limits["upper_95"] == pytest.approx(1.641796, abs=1e-6)
    assert limits["lower_99.8"] == pytest.approx(0.665235, abs=1e-6)
    assert limits["upper_99.8"] == pytest.approx(2.009688, abs=1e-6)


def test_ratio_limits_at_an_organisations_precision_are_its_katz_interval_moved_to_the_target():
    # One method: the 95% limits around a ratio at its own precision are the Katz interval the pack
    # already publishes for it (wreslib.compute.stats.likelihood_ratio).
    ratio, low, high = likelihood_ratio(47, 100, 15, 100)
    limits = log_ratio_limits(ratio, [log_ratio_precision(47, 100, 15, 100)], levels=(0.95,)).iloc[0]
    assert (limits["lower_95"], limits["upper_95"]) == pytest.approx((low, high))


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------

PERCENT = pd.DataFrame({
    "organisation": ["N1", "E1", "S1", "W1", "R1", "H1", "L1"],
    "name": ["Northgate", "Eastfield", "Southmoor", "Westbury", "Riverside", "Hilltop", "Lakeside"],
    "numerator": [600, 860, 592, 740, 200, 48, None],
    "denominator": [2000, 4000, 3000, 4000, 2000, 200, None],
    "value": [None, None, None, None, None, None, 33.0],  # Lakeside: a published percentage, no counts
})
# Expected flags. Around 20%, normal limits for orientation (the table uses exact ones, within 0.02 pp here):
#   Northgate 30.00% of 2,000: 99.8% upper 20 + 3.09 x 0.894 = 22.76       -> above 99.8%
#   Eastfield 21.50% of 4,000: 95% upper 21.24 < 21.50 < 99.8% upper 21.95 -> above 95%
#   Southmoor 19.73% of 3,000: 95% limits 20 -/+ 1.96 x 0.730 = 18.57 to 21.43 -> within
#   Westbury  18.50% of 4,000: 99.8% lower 18.05 < 18.50 < 95% lower 18.76 -> below 95%
#   Riverside 10.00% of 2,000: 99.8% lower 17.24                          -> below 99.8%
#   Hilltop   24.00% of   200: 95% limits 20 -/+ 1.96 x 2.83 = 14.46 to 25.54 -> within
PERCENT_FLAGS = ["above 99.8%", "above 95%", "within", "below 95%", "below 99.8%", "within", None]

RATIO = pd.DataFrame({
    "organisation": ["A1", "B1", "C1", "D1", "E2", "F1", "G1"],
    "name": ["Alder", "Birch", "Cedar", "Damson", "Elm", "Fir", "Gorse"],
    "bme_events": [60, 28, 10, 57, 0, None, 30], "bme_base": [1000, 2000, 2000, 1000, 500, None, 1500],
    "white_events": [60, 60, 80, 60, 20, None, 60], "white_base": [3000, 3000, 4000, 2000, 1500, None, 3500],
    "value": [None, None, None, None, None, 1.2, None],
})
# Expected flags around 1.15625 (limits: 1.15625 x exp(-/+ z / sqrt(precision))):
#   Alder  (6% / 2% = 3.00), precision 31.25: 99.8% upper 2.01               -> above 99.8%
#   Birch  (1.4% / 2% = 0.70), precision 1/(1/28 - 1/2000 + 1/60 - 1/3000) = 19.40:
#          99.8% lower 1.15625 x exp(-3.09 / 4.405) = 0.573 < 0.70 < 95% lower x exp(-1.96 / 4.405) = 0.741 -> below 95%
#   Cedar  (0.5% / 2% = 0.25), precision 8.95: 99.8% lower 0.41            -> below 99.8%
#   Damson (5.7% / 3% = 1.90), precision 30.57: 95% upper 1.65 < 1.90 < 99.8% upper 2.02 -> above 95%
#   Elm    (0 BME of 500 entered): ratio undefined, not compared, but its counts are in the target
#   Fir    (no counts, published 1.20): not compared, not in the target
#   Gorse  (2% / 1.714% = 1.17), precision 20.39: 95% limits 0.75 to 1.78   -> within
RATIO_FLAGS = ["above 99.8%", "below 95%", "below 99.8%", "above 95%", None, None, "within"]


def _flags(table):
    return [None if pd.isna(x) else x for x in table["outside"]]


def test_percentage_target_pools_the_counts():
    table = funnel_table(PERCENT, 1)
    assert table["target"].tolist() == pytest.approx([100 * 3040 / 15200] * 7)  # 20.00%, not the mean 20.62%


def test_percentage_flags():
    table = funnel_table(PERCENT, 1)
    assert _flags(table) == PERCENT_FLAGS
    assert table["value"].tolist()[:6] == pytest.approx([30, 21.5, 592 / 30, 18.5, 10, 24])
    assert table["size"].tolist()[:6] == [2000, 4000, 3000, 4000, 2000, 200]
    assert table["outside"].cat.ordered and list(table["outside"].cat.categories) == outside_categories(LEVELS)


def test_an_organisation_without_counts_stays_in_the_table_and_out_of_the_target():
    table = funnel_table(PERCENT, 1).set_index("organisation")
    lake = table.loc["L1"]
    assert pd.isna(lake["outside"]) and lake["reason"] == "no counts: published figure only"
    assert lake["value"] == 33.0 and pd.isna(lake["size"]) and pd.isna(lake["upper_95"])
    assert (table.drop(index="L1")["reason"] == "").all()
    # a half-given row (headcount but no BME count) is "no counts" too, and its headcount is not pooled
    half = pd.concat([PERCENT, pd.DataFrame({"organisation": ["X1"], "name": ["Half"], "numerator": [None],
                                             "denominator": [10000]})], ignore_index=True)
    halved = funnel_table(half, 1)
    assert halved["target"].iloc[0] == pytest.approx(20.0)
    assert halved["reason"].iloc[-1] == "no counts"


def test_an_organisation_with_no_staff_is_not_compared():
    table = funnel_table(pd.concat([PERCENT, pd.DataFrame({"organisation": ["Z1"], "name": ["Empty"],
                                                           "numerator": [0], "denominator": [0]})]), 1)
    assert pd.isna(table["outside"].iloc[-1]) and table["reason"].iloc[-1] == "no staff counted (headcount 0)"
    assert _flags(table)[:-1] == PERCENT_FLAGS


def test_ratio_target_is_the_ratio_of_the_pooled_rates_with_undefined_organisations_counted():
    table = funnel_table(RATIO, 3)
    # (185 / 8000) / (340 / 17000) = 0.023125 / 0.02; without Elm's counts it would be
    # (185 / 7500) / (320 / 15500) = 1.1948, and the mean of the five ratios 1.40.
    assert table["target"].iloc[0] == pytest.approx(1.15625)


def test_ratio_flags_values_and_precisions():
    table = funnel_table(RATIO, 3)
    assert _flags(table) == RATIO_FLAGS
    assert table["value"].iloc[0] == pytest.approx(3.0)  # BME rate / White rate: the registry's orientation
    assert table["size"].iloc[0] == pytest.approx(31.25)
    assert table.loc[0, ["lower_95", "upper_95", "lower_99.8", "upper_99.8"]].tolist() == pytest.approx(
        [0.814300, 1.641796, 0.665235, 2.009688], abs=1e-6)


def test_zero_events_make_the_ratio_undefined_and_say_why():
    table = funnel_table(RATIO, 3).set_index("organisation")
    elm = table.loc["E2"]
    assert pd.isna(elm["outside"]) and pd.isna(elm["value"]) and pd.isna(elm["size"])
    assert elm["reason"] == "ratio undefined: no BME staff entering the formal disciplinary process"
    assert table.loc["F1", "reason"] == "no counts: published figure only" and table.loc["F1", "value"] == 1.2


@pytest.mark.parametrize("counts, reason", [
    ((0, 40, 5, 50), "ratio undefined: no White applicants appointed from shortlisting"),
    ((5, 40, 0, 0), "ratio undefined: no BME applicants"),
    ((0, 40, 0, 50), "ratio undefined: no White applicants appointed from shortlisting and no BME applicants "
                     "appointed from shortlisting"),
    ((40, 40, 50, 50), "not compared: both rates are 100%, so the ratio has no chance variation"),
])
def test_each_undefined_ratio_says_why(counts, reason):
    odd = pd.DataFrame([dict(zip(["white_events", "white_base", "bme_events", "bme_base"], counts),
                             organisation="Q1", name="Quince")])
    table = funnel_table(pd.concat([RATIO, odd], ignore_index=True), 2)
    assert pd.isna(table["outside"].iloc[-1]) and table["reason"].iloc[-1] == reason


def test_ratio_orientation_follows_the_registry():
    # Indicator 2 divides the White rate by the BME rate: the same counts give the reciprocal ratio.
    recruitment = RATIO.drop(columns="value")
    white, bme = funnel_table(recruitment, 2), funnel_table(recruitment, 3)
    assert white["value"].iloc[0] == pytest.approx(1 / bme["value"].iloc[0])
    assert white["target"].iloc[0] == pytest.approx(1 / 1.15625)
    flipped = {"above 99.8%": "below 99.8%", "above 95%": "below 95%", "below 95%": "above 95%",
               "below 99.8%": "above 99.8%", "within": "within", None: None}
    assert _flags(white) == [flipped[f] for f in RATIO_FLAGS]


def test_outside_labels_are_built_not_parsed():
    assert outside_label(ABOVE, 0.998) == "above 99.8%" and outside_label(BELOW, 0.95) == "below 95%"
    assert outside_label(WITHIN) == "within"
    assert outside_categories() == ["below 99.8%", "below 95%", "within", "above 95%", "above 99.8%"]


# ---------------------------------------------------------------------------------------------
# The sentence
# ---------------------------------------------------------------------------------------------

def test_sentence_names_both_sides_for_a_ratio():
    assert outside_sentence(funnel_table(RATIO, 3), 3) == (
        "The funnel plot compares 5 organisations with the system's BME / White relative likelihood of entering "
        "the formal disciplinary process, 1.16 (from their summed counts). "
        "Above the limits (BME staff more likely, relative to White staff, to enter the formal disciplinary "
        "process than in the system as a whole): outside the 99.8% limits, Alder (3.00); outside the 95% limits "
        "only, Damson (1.90). "
        "Below the limits (BME staff less likely, relative to White staff, to enter the formal disciplinary "
        "process than in the system as a whole): outside the 99.8% limits, Cedar (0.25); outside the 95% limits "
        "only, Birch (0.70). "
        "By chance alone, about 1 organisation in 20 is outside the 95% limits and 1 in 500 is outside the 99.8% "
        "limits. "
        "Not compared: Elm (ratio undefined: no BME staff entering the formal disciplinary process); Fir (no "
        "counts: published figure only).")


def test_sentence_for_the_workforce_and_one_side_only():
    # The sentence reads only the table: with the two organisations below set within, none is below.
    table = funnel_table(PERCENT, 1)
    table.loc[table["organisation"].isin(["W1", "R1"]), "outside"] = WITHIN
    assert outside_sentence(table, 1) == (
        "The funnel plot compares 6 organisations with the system's BME % of the workforce, 20.00% (from their "
        "summed counts). Above the limits (a higher BME % of the workforce than the system as a whole): outside "
        "the 99.8% limits, Northgate (30.00%); outside the 95% limits only, Eastfield (21.50%). None is below the "
        "95% limits. By chance alone, about 1 organisation in 20 is outside the 95% limits and 1 in 500 is outside "
        "the 99.8% limits. Not compared: Lakeside (no counts: published figure only).")


def test_sentence_when_none_is_outside():
    within = PERCENT[PERCENT["organisation"].isin(["S1", "H1"])]
    assert outside_sentence(funnel_table(within, 1), 1) == (
        "The funnel plot compares 2 organisations with the system's BME % of the workforce, 20.00% (from their "
        "summed counts). None is outside the 95% limits: each differs from the system by no more than chance "
        "would explain for its size.")


def test_sentence_escapes_names_for_markdown():
    frame = PERCENT.assign(name=PERCENT["name"].replace("Northgate", "[Northgate](javascript:x) <b>*NHS*</b>"))
    sentence = outside_sentence(funnel_table(frame, 1), 1)
    assert r"\[Northgate\]\(javascript:x\) &lt;b&gt;\*NHS\*&lt;/b&gt; (30.00%)" in sentence
    assert "<b>" not in sentence and "[Northgate]" not in sentence


@pytest.mark.parametrize("indicator, above, below", [
    (2, "White applicants more likely, relative to BME applicants, to be appointed from shortlisting than in the "
        "system as a whole", "White applicants less likely, relative to BME applicants, to be appointed"),
    (4, "White staff more likely, relative to BME staff, to access non-mandatory training and CPD than in the "
        "system as a whole", "White staff less likely"),
    (1, "a higher BME % of the workforce than the system as a whole", "a lower BME % of the workforce"),
])
def test_side_words_follow_each_indicators_definition(indicator, above, below):
    assert side_words(indicator, ABOVE) == above
    assert side_words(indicator, BELOW).startswith(below)


def test_sentence_when_nothing_can_be_compared():
    table = funnel_table(PERCENT[PERCENT["organisation"] == "L1"].assign(numerator=np.nan, denominator=np.nan), 1)
    assert outside_sentence(table, 1).startswith("No organisation has the counts to be compared")
    assert funnel_plot(table, 1) is None


# ---------------------------------------------------------------------------------------------
# The chart, its alt text and its data
# ---------------------------------------------------------------------------------------------

def _limit_lines(ax):
    return {line.get_label(): line for line in ax.get_lines() if line.get_label().endswith("limits")}


def test_ratio_plot_has_a_log_axis_with_ratio_ticks():
    fig = funnel_plot(funnel_table(RATIO, 3), 3)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert {"0.50", "1.00", "2.00"} <= set(labels), labels
    assert ax.get_xlabel().startswith("Precision") and "BME / White" in ax.get_ylabel()
    assert any(line.get_label() == "1.00 = equal" for line in ax.get_lines())
    matplotlib.pyplot.close(fig)


def test_percentage_plot_axes_and_lines():
    fig = funnel_plot(funnel_table(PERCENT, 1), 1)
    ax = fig.axes[0]
    assert ax.get_yscale() == "linear" and ax.get_xlabel() == "Headcount (staff)"
    assert ax.get_ylabel() == "BME % of the workforce"
    lines = _limit_lines(ax)
    assert set(lines) == {"95% limits", "99.8% limits"}
    assert lines["95% limits"].get_linestyle() != lines["99.8% limits"].get_linestyle()
    target = [line for line in ax.get_lines() if line.get_label().startswith("System value")]
    assert len(target) == 1 and target[0].get_ydata()[0] == pytest.approx(20.0)
    assert not any(line.get_label() == "1.00 = equal" for line in ax.get_lines())
    matplotlib.pyplot.close(fig)


def test_points_differ_by_marker_as_well_as_colour_and_the_legend_is_outside():
    fig = funnel_plot(funnel_table(PERCENT, 1), 1)
    ax = fig.axes[0]
    points = {c.get_label(): c for c in ax.collections}
    assert set(points) == {"Within the 95% limits", "Above the 95% limits", "Below the 95% limits"}
    assert [len(points[k].get_offsets()) for k in ("Within the 95% limits", "Above the 95% limits",
                                                   "Below the 95% limits")] == [2, 2, 2]
    paths = {k: tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for k, c in points.items()}
    assert len(set(paths.values())) == 3
    _legends_outside(fig)
    matplotlib.pyplot.close(fig)


def test_limits_drawn_are_the_limits_in_the_table():
    table = funnel_table(PERCENT, 1)
    fig = funnel_plot(table, 1)
    dashed = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "--"]
    x, y = (np.concatenate([line.get_xdata() for line in dashed]), np.concatenate([line.get_ydata() for line in dashed]))
    for size, low, high in table.loc[:5, ["size", "lower_95", "upper_95"]].itertuples(index=False):
        assert sorted(y[x == size]) == pytest.approx([low, high])
    matplotlib.pyplot.close(fig)


def test_alt_text_says_what_the_chart_shows():
    assert funnel_alt(funnel_table(PERCENT, 1), 1) == (
        "Funnel plot of 6 organisations: BME % of the workforce against headcount, around the system's value of "
        "20.00% (solid line), with 95% (dashed) and 99.8% (dotted) limits. 2 outside the 99.8% limits (1 above, "
        "1 below); 2 outside the 95% limits only (1 above, 1 below); 2 within. 1 organisation not shown (no "
        "counts or no figure to compare).")
    one_side = funnel_table(PERCENT, 1)
    one_side.loc[one_side["organisation"].isin(["W1", "R1"]), "outside"] = WITHIN
    assert ("1 outside the 99.8% limits (1 above, 0 below); 1 outside the 95% limits only (1 above, 0 below); "
            "4 within.") in funnel_alt(one_side, 1)
    ratio = funnel_alt(funnel_table(RATIO, 3), 3)
    assert ratio.startswith("Funnel plot of 5 organisations: BME / White relative likelihood of entering the formal "
                            "disciplinary process against precision, around the system's value of 1.16")
    assert "2 organisations not shown" in ratio


def test_data_table_for_reading():
    data = funnel_data(funnel_table(PERCENT, 1), 1)
    assert list(data.columns) == ["Organisation", "BME % of the workforce", "Headcount", "95% limits", "99.8% limits",
                                  "Position"]
    north = data.iloc[0]
    assert (north["BME % of the workforce"], north["Headcount"], north["Position"]) == ("30.00%", "2,000",
                                                                                      "above the 99.8% limits")
    assert data.iloc[-1]["Position"] == "no counts: published figure only"


def test_the_registry_is_where_the_ratio_is_oriented():
    assert (INDICATORS[3].numerator, INDICATORS[2].numerator) == ("BME", "White")


def test_sentence_lists_several_names_most_extreme_first():
    table = funnel_table(PERCENT, 1)
    table.loc[table["organisation"] == "E1", "outside"] = outside_label(ABOVE, 0.998)
    assert ("Above the limits (a higher BME % of the workforce than the system as a whole): outside the 99.8% "
            "limits, Northgate (30.00%) and Eastfield (21.50%). Below") in outside_sentence(table, 1)
