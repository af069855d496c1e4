"""Reconciliation against published figures: matches at printed precision and the likely causes."""
import math

import pandas as pd
import pytest

from helpers import REPO
from wreslib.inputs.counts import COLUMNS
from wreslib.compute.indicators import compute_indicators
from wreslib.report.reconcile import decimals, read_published, reconcile


def counts(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    from wreslib.classify.ethnicity import classify_ethnicity
    return pd.concat([frame, classify_ethnicity(frame["ethnicity"]).drop(columns="ethnicity")], axis=1)


@pytest.fixture
def results():
    return compute_indicators(counts([
        (2023, 1, "headcount", "Clinical|Band 5", "White", 500), (2023, 1, "headcount", "Clinical|Band 5", "BME", 460),
        (2023, 1, "headcount", "Clinical|Band 5", "Unknown", 40),
        (2024, 1, "headcount", "Clinical|Band 5", "White", 470), (2024, 1, "headcount", "Clinical|Band 5", "BME", 487),
        (2024, 1, "headcount", "Clinical|Band 5", "Unknown", 43),
        (2024, 2, "shortlisted", "", "White", 100), (2024, 2, "appointed", "", "White", 40),
        (2024, 2, "shortlisted", "", "BME", 200), (2024, 2, "appointed", "", "BME", 50),
    ]))


def published(rows):
    return pd.DataFrame(rows, columns=["year", "indicator", "breakdown", "metric", "value"])


def test_decimals():
    assert (decimals("62.70"), decimals("-33"), decimals("1.5")) == (2, 0, 1)


def test_matches_at_published_precision(results):
    # 487/1000 = 48.7%; 2023 460/1000 = 46.0% -> change 2.7 pp; ratio (40/100)/(50/200) = 1.6
    table = reconcile(results, published([(2024, 1, "Overall", "bme_percent", "48.70"),
                                          (2024, 1, "Overall", "bme_percent", "49"),
                                          (2024, 1, "Overall", "bme_percent.change", "2.7"),
                                          (2024, 2, "All", "relative_likelihood", "1.60")]))
    assert table["matches"].tolist() == [True, True, True, True]
    assert table["likely_cause"].tolist() == ["", "", "", ""]


@pytest.mark.parametrize("row, cause", [
    ((2024, 2, "All", "relative_likelihood", "0.625"), "ratio is inverted"),       # 1/1.6
    ((2024, 1, "Overall", "bme_percent.change", "-2.7"), "sign is reversed"),
    ((2024, 1, "Overall", "bme_percent", "50.89"), "unknown ethnicity left out"),  # 487/957
    ((2024, 1, "Overall", "bme_percent", "12.34"), "not one of the usual causes"),
])
def test_likely_causes(results, row, cause):
    table = reconcile(results, published([row]))
    assert not table["matches"].iloc[0]
    assert cause in table["likely_cause"].iloc[0]


def test_rounded_before_subtracting_and_truncation():
    # 2023 1233/2000 = 61.65%, 2024 1263/2000 = 63.15%: the change is 1.50 pp, but rounding both to
    # whole numbers first gives 63 - 62 = 1, so a printed "1.0" was computed from rounded figures.
    r = compute_indicators(counts([
        (2023, 1, "headcount", "Clinical|Band 5", "BME", 1233), (2023, 1, "headcount", "Clinical|Band 5", "White", 767),
        (2024, 1, "headcount", "Clinical|Band 5", "BME", 1263), (2024, 1, "headcount", "Clinical|Band 5", "White", 737),
    ]))
    table = reconcile(r, published([(2024, 1, "Overall", "bme_percent.change", "1.0")]))
    assert "already rounded to 0" in table["likely_cause"].iloc[0]
    r = compute_indicators(counts([
        (2023, 1, "headcount", "Clinical|Band 5", "BME", 1528), (2023, 1, "headcount", "Clinical|Band 5", "White", 8472),
        (2024, 1, "headcount", "Clinical|Band 5", "BME", 1359), (2024, 1, "headcount", "Clinical|Band 5", "White", 8641),
    ]))  # 15.28% -> 13.59%: change -1.69 (the seed's indicator 8 example)
    table = reconcile(r, published([(2024, 1, "Overall", "bme_percent.change", "-1.6")]))
    assert table["likely_cause"].iloc[0] == "truncated instead of rounded"


def test_missing_figure(results):
    table = reconcile(results, published([(2024, 4, "All", "relative_likelihood", "1.2")]))
    assert table["recomputed"].iloc[0] == "–" and "no recomputed figure" in table["likely_cause"].iloc[0]
    assert math.isnan(table["recomputed_value"].iloc[0])


def test_demo_published_file_reads_and_shows_the_seed_disagreements():
    from wreslib.publish.pipeline import load_results
    table = reconcile(load_results(REPO / "data" / "demo", 2024), read_published(REPO / "data" / "demo" /
                                                                                  "published.csv"))
    mismatched = set(zip(table.loc[~table["matches"], "metric"], table.loc[~table["matches"], "published"]))
    assert ("bme_percent", "62.72") in mismatched
    assert ("difference_pp.change", "3.2") in mismatched and ("difference_pp.change", "-15.1") in mismatched
    assert table.loc[table["published"] == "62.70", "matches"].all()
    # The three disagreements of the seed's survey summary with its own appendix (issue 6).
    cause = {(r.indicator, r.metric, r.published): r.likely_cause for r in table.itertuples()}
    assert "already rounded to 1" in cause[(6, "distance_from_equity", "0.10")]      # 25.80 - 25.70, not 0.06
    assert "not one of the usual causes" in cause[(5, "benchmark_bme_percent", "28.1")]  # appendix: 28.58
    assert cause[(8, "bme_percent.change", "-1.6")] == "truncated instead of rounded"  # 13.59 - 15.28 = -1.69
    assert cause[(7, "bme_percent", "49.60")].startswith("rounded twice")             # 49.55 -> 49.6


def test_published_errors_name_file_line_column(run_cli, write_csv, tmp_path):
    from wreslib.errors import InputError
    path = write_csv("published.csv", "year,indicator,breakdown,metric,value\n2024,2,All,relative_likelihood,1.3x\n")
    with pytest.raises(InputError, match=r"published.csv, line 2, column 'value': expected a number as printed"):
        read_published(path)


# ---------------------------------------------------------------- causes for percentages and ratios

@pytest.fixture
def wider():
    """Band 5: 487 BME, 470 White, 43 Unknown (48.70% BME, 47.00% White); bank-only staff 300 BME and
    200 White (BME including bank 787 / 1500 = 52.4667%); indicator 2: White 124 of 10000 appointed
    (1.24%), BME 69 of 10000 (0.69%), ratio 1.7971; board 1 BME of 4 (25%)."""
    return compute_indicators(counts([
        (2024, 1, "headcount", "Clinical|Band 5", "White", 470), (2024, 1, "headcount", "Clinical|Band 5", "BME", 487),
        (2024, 1, "headcount", "Clinical|Band 5", "Unknown", 43),
        (2024, 1, "bank_headcount", "", "White", 200), (2024, 1, "bank_headcount", "", "BME", 300),
        (2024, 2, "shortlisted", "", "White", 10000), (2024, 2, "appointed", "", "White", 124),
        (2024, 2, "shortlisted", "", "BME", 10000), (2024, 2, "appointed", "", "BME", 69),
        (2024, 9, "board_members", "All", "White", 3), (2024, 9, "board_members", "All", "BME", 1),
    ]))


def cause(results, *row):
    table = reconcile(results, published([row]))
    assert not table["matches"].iloc[0], table
    return table["likely_cause"].iloc[0]


def test_a_truncated_percentage():
    # 63187 of 1,000,000 = 6.3187%: rounded 6.32; "6.31" is truncated (6.30 would be rounded to 1 place).
    r = compute_indicators(counts([(2024, 1, "headcount", "Clinical|Band 5", "BME", 63187),
                                   (2024, 1, "headcount", "Clinical|Band 5", "White", 936813)]))
    assert cause(r, 2024, 1, "Overall", "bme_percent", "6.31") == "truncated instead of rounded"
    assert cause(r, 2024, 1, "Overall", "bme_percent", "6.30") == "rounded to 1 decimal place(s), then printed with 2"


def test_a_truncated_ratio():
    # White 40 of 100 (40%), BME 49 of 300 (16.3333%): ratio 2.44898, rounded 2.45, truncated "2.44". Ratios
    # of rounded rates give 40 / 16 = 2.50, 40 / 16.3 = 2.454, 40 / 16.33 = 2.4495: none prints "2.44".
    r = compute_indicators(counts([(2024, 2, "shortlisted", "", "White", 100), (2024, 2, "appointed", "", "White", 40),
                                   (2024, 2, "shortlisted", "", "BME", 300), (2024, 2, "appointed", "", "BME", 49)]))
    assert cause(r, 2024, 2, "All", "relative_likelihood", "2.44") == "truncated instead of rounded"


def test_a_ratio_of_rounded_rates(wider):
    # 1.24% / 0.69% = 1.797 (1.8), but 1.2 / 0.7 = 1.714 prints as 1.7.
    assert cause(wider, 2024, 2, "All", "relative_likelihood", "1.7") == \
        "a ratio of rates already rounded to 1 decimal place(s) (1.2 / 0.7)"


def test_a_difference_of_rounded_percentages(wider):
    # Board 25% minus workforce 48.7% = -23.7 pp; 25 - 49 = -24 from whole-number percentages.
    assert cause(wider, 2024, 9, "All", "difference_pp", "-24.0") == \
        "computed from figures already rounded to 0 decimal place(s)"


@pytest.mark.parametrize("row, expected", [
    # Overall BME 48.70% printed as 52.47: the figure including bank staff, 787 / 1500.
    ((2024, 1, "Overall", "bme_percent", "52.47"),
     "different denominator: bank staff included (the 'Overall including bank' figure)"),
    # ... and the other way round.
    ((2024, 1, "Overall including bank", "bme_percent", "48.70"),
     "different denominator: bank staff left out (the 'Overall' figure)"),
    # Indicator 9's workforce BME % (48.70) printed with bank staff: 52.5.
    ((2024, 9, "All", "workforce_bme_percent", "52.5"),
     "different denominator: bank staff included (the 'Overall including bank' figure)"),
    # White 470 of the 957 of known ethnicity = 49.11%, not 47.00% of all 1000.
    ((2024, 1, "Overall", "white_percent", "49.11"), "different denominator: unknown ethnicity left out"),
    ((2024, 1, "Overall", "white_percent", "51.23"),
     "not one of the usual causes: check the published source against its own tables"),
])
def test_a_different_denominator(wider, row, expected):
    assert cause(wider, *row) == expected


def test_figures_in_plain_words():
    from wreslib.report.reconcile import figure_label
    assert figure_label(9, "All", "difference_pp.change") == \
        "Indicator 9, whole board: board minus workforce BME % (percentage points), change from last year"
    assert figure_label(1, "Clinical|Band 5", "bme_percent") == "Indicator 1, Clinical Band 5: BME %"
    assert figure_label(1, "Overall including bank", "bme_percent") == \
        "Indicator 1, whole workforce including bank staff: BME %"
    assert figure_label(2, "All", "relative_likelihood") == "Indicator 2: relative likelihood"
    assert figure_label(3, "two-year", "distance_from_equity") == "Indicator 3, two years pooled: distance from equity"


def test_summary_pointer_counts_disagreements():
    from wreslib.report.reconcile import summary_pointer
    checked = pd.DataFrame({"matches": [True, False, False, True]})
    assert summary_pointer(checked) == ("2 of 4 published figures differ from the figures recomputed from the data; "
                                        "see Quality assurance.")
    assert summary_pointer(checked, pointer=False).endswith("recomputed from the data.")
    assert summary_pointer(checked[checked["matches"]]) == (
        "All 2 published figures agree with the figures recomputed from the data; see Quality assurance.")
    assert summary_pointer(None).startswith("No published figures were given")
