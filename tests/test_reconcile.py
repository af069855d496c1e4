"""Reconciliation against published figures: matches at printed precision and the likely causes."""
import math

import pandas as pd
import pytest

from helpers import REPO
from wreslib.counts import COLUMNS
from wreslib.indicators import compute_indicators
from wreslib.reconcile import decimals, read_published, reconcile


def counts(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    from wreslib.ethnicity import classify_ethnicity
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
    from wreslib.pipeline import load_results
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
