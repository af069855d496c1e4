"""Reconciliation for the WDES: ``published.csv``'s ``standard`` column, WDES figures reconciled and worded from
the registry, the likely causes for WDES metric names, and the WDES executive summary's table.

The hand-made WDES trust (:mod:`test_wdes_report`), 2024: metric 1 overall Disabled 25 of 250 staff (10.00%),
Non-disabled 200 (80.00%), Unknown 25; 2023 Disabled 10 of 200 (5.00%), so the change is 5.0 pp. Metric 2:
Non-disabled 30 of 100 shortlisted appointed (30%), Disabled 40 of 200 (20%): ratio 30 / 20 = 1.50. Metric 10:
board 2 of 10 Disabled (20%) against the workforce's 10%: 10.0 pp. Metric 4a-ii: Disabled 25%, Non-disabled
20%: distance from equity 5.0.
"""
import pandas as pd
import pytest

import nbexec
from test_wdes_report import YEAR, results  # noqa: F401  (results: the hand-made trust, a fixture)
from wreslib.errors import InputError
from wreslib.report import reconcile as rec
from wreslib.report.reconcile import display_reconciliation, figure_label, read_published, reconcile
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES

HEADER = "year,standard,indicator,breakdown,metric,value,source\n"


def published(rows):
    return pd.DataFrame([dict(year=y, standard="wdes", indicator=i, breakdown=b, metric=m, value=v)
                         for y, i, b, m, v in rows])


def test_published_wdes_figures_that_match(results):
    table = reconcile(results, published([
        (YEAR, "1", "Overall", "disabled_percent", "10.00"),
        (YEAR, "1", "Overall", "disabled_percent.change", "5.0"),
        (YEAR, "2", "All", "relative_likelihood", "1.50"),
        (YEAR, "10", "All", "difference_pp", "10.0"),
        (YEAR, "4a-ii", "All", "distance_from_equity", "5.0"),   # |25 - 20|, a survey metric's distance
        (YEAR, "5", "All", "distance_from_equity", "10.0"),      # |50 - 60|
        (YEAR, "9a", "All", "disabled_score", "6.5"),
    ]), WDES)
    assert table["matches"].all(), table
    assert (table["likely_cause"] == "").all()


@pytest.mark.parametrize("row, cause", [
    # Metric 2 printed the wrong way up: Disabled / Non-disabled = 20 / 30 = 0.67, not 30 / 20 = 1.50.
    ((YEAR, "2", "All", "relative_likelihood", "0.67"), "groups swapped: the ratio is inverted"),
    # Metric 10 printed as workforce minus board: 10 - 20 = -10.0.
    ((YEAR, "10", "All", "difference_pp", "-10.0"), "groups swapped: the sign is reversed"),
    # Disabled 25 of the 225 of known disability status = 11.11%, not 25 of all 250.
    ((YEAR, "1", "Overall", "disabled_percent", "11.11"), "different denominator: unknown disability status left out"),
    # 10.00% printed as 9.9: not rounding, truncation or the other group.
    ((YEAR, "1", "Overall", "disabled_percent", "9.9"),
     "not one of the usual causes: check the published source against its own tables"),
])
def test_a_wdes_figure_that_differs_gets_its_cause(results, row, cause):
    table = reconcile(results, published([row]), WDES)
    assert not table["matches"].iloc[0]
    assert table["likely_cause"].iloc[0] == cause


def test_wdes_figures_in_plain_words_from_the_registry():
    assert figure_label("2", "All", "relative_likelihood", WDES) == "Metric 2: relative likelihood"
    assert figure_label("1", "Clinical|Band 5", "disabled_percent", WDES) == "Metric 1, Clinical Band 5: Disabled %"
    assert figure_label("10", "All", "difference_pp.change", WDES) == \
        "Metric 10, whole board: board minus workforce Disabled % (percentage points), change from last year"
    assert figure_label("4a-ii", "All", "difference_pp", WDES) == \
        "Metric 4a-ii: Disabled % minus Non-disabled % (percentage points)"
    assert figure_label("9a", "All", "benchmark_disabled_score", WDES) == "Metric 9a: national average, Disabled score"
    # The WRES's words are derived the same way and read as they always did.
    assert rec.METRIC_WORDS == rec.metric_words(WRES)
    assert rec.METRIC_WORDS["benchmark_white_percent"] == "national average, White %"
    assert figure_label(9, "All", "difference_pp") == \
        "Indicator 9, whole board: board minus workforce BME % (percentage points)"


def test_the_standard_column_reads_and_checks_each_rows_indicator(write_csv):
    path = write_csv("published.csv", HEADER + "2024,wdes,4a-i,All,disabled_percent,31.6,\n"
                                              "2024,wdes,9a,All,disabled_score,6.5,\n"
                                              "2024,,2,All,relative_likelihood,1.50,\n"
                                              "2024,wres,9,All,difference_pp,-3.0,\n")
    frame = read_published(path)
    assert frame["standard"].tolist() == ["wdes", "wdes", "wres", "wres"]
    assert frame["indicator"].tolist() == ["4a-i", "9a", 2, 9]
    assert [type(i) for i in frame["indicator"]] == [str, str, int, int]  # WRES rows keep int indicators


@pytest.mark.parametrize("row, expected", [
    ("2024,wdes,9,All,disabled_score,6.5,",   # 9a is a WDES metric; 9 is not
     "line 2, column 'indicator': expected an indicator of the WDES: 1, 2, 3, 4a-i, 4a-ii, 4a-iii, 4b, 5, 6, 7, 8, "
     "9a, 10"),
    ("2024,,4a-i,All,bme_percent,31.6,", "line 2, column 'indicator': expected an indicator of the WRES: 1, 2, 3, 4, "
                                         "5, 6, 7, 8, 9"),
    ("2024,wdess,2,All,relative_likelihood,1.5,", "line 2, column 'standard': expected a standard, one of wres, wdes"),
])
def test_an_indicator_not_of_the_rows_standard_is_an_input_error(write_csv, row, expected):
    path = write_csv("published.csv", HEADER + row + "\n")
    with pytest.raises(InputError) as error:
        read_published(path)
    assert "published.csv" in str(error.value) and expected in str(error.value)


def test_an_indicator_error_exits_2_naming_file_line_and_column(run_cli, tmp_path):
    from helpers import REPO
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "demo", data)
    (data / "published.csv").write_text(HEADER + "2024,wdes,9,All,disabled_score,6.5,\n", encoding="utf-8")
    code, out, err = run_cli("validate", "--data", data, "--year", 2024)
    assert code == 2
    assert "published.csv, line 2, column 'indicator': expected an indicator of the WDES" in out + err


def test_wres_rows_are_unchanged_by_wdes_rows_beside_them(write_csv, tmp_path):
    from helpers import REPO
    from wreslib.publish.pipeline import load_results

    demo = (REPO / "data" / "demo" / "published.csv").read_text(encoding="utf-8")
    wres_only = read_published(REPO / "data" / "demo" / "published.csv")
    assert "standard" not in wres_only.columns and wres_only["indicator"].dtype.kind == "i"
    lines = demo.splitlines()
    mixed = write_csv("published.csv", "\n".join([lines[0] + ",standard"] + [line + "," for line in lines[1:]]
                                                 + ["2024,2,All,relative_likelihood,0.67,wdes text,wdes"]) + "\n")
    mixed = read_published(mixed)
    results = load_results(REPO / "data" / "demo", 2024)
    before, after = reconcile(results, wres_only), reconcile(results, mixed)
    pd.testing.assert_frame_equal(before, after)
    assert display_reconciliation(before).equals(display_reconciliation(after))
    assert reconcile(results, wres_only, WDES).empty  # a file without a standard column is all WRES


def _summary(results, monkeypatch, tmp_path, csv):
    from wreslib.publish import pipeline

    (tmp_path / "published.csv").write_text(csv, encoding="utf-8")
    monkeypatch.setattr(pipeline, "report_results", lambda *a, **kw: results)
    return nbexec.execute("wdes/01_summary", dict(reporting_year=YEAR, data_dir=str(tmp_path), publication=True))


def test_the_wdes_summary_shows_its_reconciliation(results, monkeypatch, tmp_path):
    text = _summary(results, monkeypatch, tmp_path, HEADER + "2024,wdes,2,All,relative_likelihood,0.67,annual report\n"
                                                             "2024,wdes,1,Overall,disabled_percent,10.00,\n"
                                                             "2024,,1,Overall,bme_percent,62.70,\n")
    assert "## Agreement with published figures" in text
    assert "1 of 2 published figures differ from the figures recomputed from the data; see the table below." in text
    assert "Metric 2: relative likelihood" in text and "groups swapped: the ratio is inverted" in text
    assert "Metric 1, whole workforce: Disabled %" in text
    assert "BME" not in text and "Indicator 1" not in text  # the WRES row is the WRES report's


def test_the_wdes_summary_leaves_it_out_without_wdes_figures(results, monkeypatch, tmp_path):
    text = _summary(results, monkeypatch, tmp_path, "year,indicator,breakdown,metric,value\n"
                                                    "2024,1,Overall,bme_percent,62.70\n")
    assert "Agreement with published figures" not in text and "published figures" not in text


@pytest.mark.parametrize("row, cause", [
    # The demo's WDES workforce: Disabled 5.467% of staff, 5.495% with bank-only staff.
    (("1", "Overall", "disabled_percent", "5.495"),
     "different denominator: bank staff included (the 'Overall including bank' figure)"),
    (("1", "Overall including bank", "disabled_percent", "5.467"),
     "different denominator: bank staff left out (the 'Overall' figure)"),
    (("10", "All", "workforce_disabled_percent", "5.495"),
     "different denominator: bank staff included (the 'Overall including bank' figure)"),
])
def test_bank_staff_denominators_for_the_wdes(row, cause):
    from helpers import REPO
    from wreslib.publish import pipeline

    demo = pipeline.report_results(REPO / "data" / "demo", 2024, standard="wdes")
    table = reconcile(demo, published([(2024, *row)]), WDES)
    assert table["likely_cause"].iloc[0] == cause
