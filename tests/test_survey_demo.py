"""The shipped demo survey data reproduce the seed report's staff survey figures, through ``wres survey``.

The seed values below are typed from the seed report (appendix tables and text),
not taken from ``wreslib.demo.survey``, so these tests fail if the demo or the
calculation drifts.
"""
import shutil

import pandas as pd
import pytest

from helpers import REPO, read_results
from wreslib.compute.survey import survey_trend_table
from wreslib.demo.survey import write_survey_demo

DEMO = REPO / "data" / "demo"
YEARS = [2019, 2020, 2021, 2022, 2023]

# Seed appendix: indicator -> rows (label, [2019..2023]) exactly as printed.
SEED = {
    6: {"White staff: Your org": ["29.60%", "28.63%", "30.21%", "27.82%", "25.71%"],
        "All other ethnic groups (BME): Your org": ["28.10%", "30.09%", "31.45%", "28.93%", "25.77%"],
        "White staff: Average": ["24.44%", "24.37%", "23.65%", "23.25%", "22.37%"],
        "All other ethnic groups (BME): Average": ["28.39%", "29.07%", "28.53%", "28.81%", "26.20%"],
        "White staff: Responses": ["2716", "2578", "2592", "2868", "3042"],
        "All other ethnic groups (BME): Responses": ["2605", "2682", "2785", "4304", "5119"]},
    7: {"White staff: Your org": ["60.23%", "56.95%", "55.78%", "58.28%", "59.08%"],
        "All other ethnic groups (BME): Your org": ["46.36%", "42.83%", "41.20%", "47.82%", "49.55%"],
        "White staff: Average": ["60.00%", "59.39%", "58.64%", "58.65%", "58.84%"],
        "All other ethnic groups (BME): Average": ["46.62%", "45.24%", "44.56%", "47.00%", "49.64%"],
        "White staff: Responses": ["2718", "2581", "2594", "2869", "3045"],
        "All other ethnic groups (BME): Responses": ["2612", "2690", "2794", "4287", "5102"]},
    8: {"White staff: Your org": ["7.04%", "9.50%", "10.53%", "9.90%", "9.51%"],
        "All other ethnic groups (BME): Your org": ["12.94%", "16.65%", "16.33%", "15.28%", "13.59%"],
        "White staff: Average": ["5.85%", "6.09%", "6.67%", "6.52%", "6.73%"],
        "All other ethnic groups (BME): Average": ["14.14%", "16.77%", "17.28%", "17.33%", "16.17%"],
        "White staff: Responses": ["2686", "2557", "2584", "2848", "3029"],
        "All other ethnic groups (BME): Responses": ["2574", "2660", "2755", "4273", "5085"]},
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Each source alone and both together, through the public command."""
    from wreslib.cli import main

    found = {}
    for key, files in {"published": ["survey.csv"], "respondents": ["survey_responses.csv"],
                       "both": ["survey.csv", "survey_responses.csv"]}.items():
        data = tmp_path_factory.mktemp(key)
        for name in files:
            shutil.copy(DEMO / name, data / name)
        out = data / "results.csv"
        assert main(["survey", "--data", str(data), "--out", str(out)]) == 0
        found[key] = read_results(out.read_text())
    return found


def value(r, survey_year, indicator, breakdown, metric, column="value"):
    rows = r[(r["survey_year"] == survey_year) & (r["indicator"] == indicator) & (r["breakdown"] == breakdown)
             & (r["metric"] == metric)]
    assert len(rows) == 1, (survey_year, indicator, breakdown, metric)
    return rows[column].iloc[0]


@pytest.mark.parametrize("source", ["published", "both"])
@pytest.mark.parametrize("indicator", [6, 7, 8])
def test_seed_appendix_tables_exactly(results, source, indicator):
    table = survey_trend_table(results[source], indicator)
    for row, printed in SEED[indicator].items():
        assert table.loc[row, YEARS].tolist() == printed, (indicator, row)


@pytest.mark.parametrize("indicator", [6, 7, 8])
def test_seed_appendix_your_org_and_responses_from_respondents(results, indicator):
    table = survey_trend_table(results["respondents"], indicator)
    for row, printed in SEED[indicator].items():
        if "Average" in row:
            assert table.loc[row, YEARS].tolist() == [""] * 5  # no benchmark in respondent data
        else:
            assert table.loc[row, YEARS].tolist() == printed, (indicator, row)


def test_named_seed_values(results):
    for source in ("published", "respondents"):
        r = results[source]
        assert round(value(r, 2023, 6, "All", "white_percent"), 2) == 25.71
        assert round(value(r, 2023, 7, "All", "white_percent"), 2) == 59.08
        assert round(value(r, 2023, 8, "All", "bme_percent"), 2) == 13.59
        assert value(r, 2023, 6, "All", "white_percent", "denominator") == 3042
        assert value(r, 2023, 6, "All", "bme_percent", "denominator") == 5119
        assert value(r, 2023, 6, "All", "white_percent", "year") == 2024


def test_indicator_5(results):
    for source in ("published", "respondents", "both"):
        r = results[source]
        assert round(value(r, 2023, 5, "All", "white_percent"), 2) == 31.49
        assert round(value(r, 2023, 5, "All", "bme_percent"), 2) == 30.92
    r = results["published"]
    assert value(r, 2023, 5, "All", "benchmark_white_percent") == pytest.approx(24.66)
    assert value(r, 2023, 5, "All", "benchmark_bme_percent") == pytest.approx(28.58)
    # Seed summary table: 31.5% (5.5% decrease), 30.9% (3.1% decrease), distance 0.6.
    assert round(value(r, 2023, 5, "All", "white_percent", "change"), 1) == -5.5
    assert round(value(r, 2023, 5, "All", "bme_percent", "change"), 1) == -3.1
    assert round(abs(value(r, 2023, 5, "All", "difference_pp")), 1) == 0.6
    assert "derived" in value(r, 2022, 5, "All", "white_percent", "note")
    # With respondent data the published 2023 figure gains a count and an interval.
    both = results["both"]
    assert value(both, 2023, 5, "All", "white_percent", "denominator") > 0
    assert value(both, 2023, 5, "All", "white_percent", "ci_low") < 31.49 < value(both, 2023, 5, "All",
                                                                                   "white_percent", "ci_high")


def test_seed_summary_table_changes_and_distance(results):
    r = results["published"]
    # (indicator, metric, printed change from 2022, decimals)
    for indicator, metric, change, places in [(6, "bme_percent", -3.2, 1), (6, "white_percent", -2.1, 1),
                                              (7, "bme_percent", 1.73, 2), (7, "white_percent", 0.8, 1),
                                              (8, "white_percent", -0.4, 1)]:
        assert round(value(r, 2023, indicator, "All", metric, "change"), places) == change, (indicator, metric)
    # Distance from equity (BME - White): 0.10, 9.50 (White higher), 4.10.
    assert round(value(r, 2023, 6, "All", "difference_pp"), 1) == 0.1
    assert round(value(r, 2023, 7, "All", "difference_pp"), 1) == -9.5
    assert round(value(r, 2023, 8, "All", "difference_pp"), 1) == 4.1
    # The seed prints "1.6% decrease" for indicator 8 BME; its own tables give 13.59 - 15.28 = -1.69.
    assert round(value(r, 2023, 8, "All", "bme_percent", "change"), 2) == -1.69


QUOTED_2023 = [
    (7, "Ethnic category|White British", 63.34), (7, "Ethnic category|Any other White background", 50.16),
    (7, "Ethnic category|Indian", 56.20), (7, "Ethnic category|Chinese", 56.15),
    (7, "Ethnic category|Any other Asian background", 55.92), (7, "Ethnic category|Any other Black background", 28.42),
    (7, "Ethnic category|Caribbean", 39.23), (7, "Ethnic category|White and Black Caribbean", 39.34),
    (8, "Ethnic category|White Irish", 12.07), (8, "Ethnic category|Any other White background", 14.70),
    (8, "Ethnic category|White and Asian", 12.00), (8, "Ethnic category|Indian", 11.51),
    (8, "Ethnic category|African", 14.29), (8, "Ethnic category|Caribbean", 12.69),
    (8, "Ethnic category|Any other Black background", 20.41), (8, "Ethnic category|White and Black African", 20.00),
    (8, "Ethnic category|Any other ethnic group", 19.93),
]


@pytest.mark.parametrize("indicator, breakdown, printed", QUOTED_2023)
def test_disaggregated_figures_quoted_in_the_appendix(results, indicator, breakdown, printed):
    assert round(value(results["respondents"], 2023, indicator, breakdown, "percent"), 2) == printed


def categories(r, indicator, wres=None):
    rows = r[(r["survey_year"] == 2023) & (r["indicator"] == indicator) & (r["metric"] == "percent")
             & r["breakdown"].str.startswith("Ethnic category|")]
    return rows.set_index(rows["breakdown"].str.split("|").str[1])["value"]


def test_appendix_orderings(results):
    r = results["respondents"]
    bme = ["White and Black Caribbean", "White and Black African", "White and Asian", "Any other mixed background",
           "Indian", "Pakistani", "Bangladeshi", "Any other Asian background", "Caribbean", "African",
           "Any other Black background", "Chinese", "Any other ethnic group"]
    q15 = categories(r, 7)[bme]
    # The three lowest BME groups: Any other Black, then Caribbean, then White and Black Caribbean.
    assert q15.sort_values().index[:3].tolist() == ["Any other Black background", "Caribbean",
                                                    "White and Black Caribbean"]
    q16 = categories(r, 8)
    assert q16[bme].sort_values(ascending=False).index[:3].tolist() == [
        "Any other Black background", "White and Black African", "Any other ethnic group"]
    asian = ["Indian", "Pakistani", "Bangladeshi", "Any other Asian background"]
    assert (q16[asian] < q16["Any other White background"]).all()
    six = categories(r, 6).sort_values(ascending=False)
    assert six.index[:4].tolist() == ["White and Black Caribbean", "White and Black African", "White Irish",
                                      "Any other Black background"]


def test_indicator_5_by_occupation_and_wres_group(results):
    r = results["respondents"]
    for metric, expected in [
        ("white_percent", [("Nursing and Healthcare Assistants", 40.19), ("Medical and Dental", 38.22),
                           ("Registered Nurses and Midwives", 37.18)]),
        ("bme_percent", [("Registered Nurses and Midwives", 41.52), ("Nursing and Healthcare Assistants", 41.39),
                         ("Medical and Dental", 38.91)]),
    ]:
        rows = r[(r["survey_year"] == 2023) & (r["indicator"] == 5) & (r["metric"] == metric)
                 & r["breakdown"].str.startswith("Occupation|")]
        top = rows.sort_values("value", ascending=False).head(3)
        assert [(b.split("|")[1], round(v, 2)) for b, v in zip(top["breakdown"], top["value"])] == expected


def test_managers_and_colleagues_parts_of_indicator_6():
    responses = pd.read_csv(DEMO / "survey_responses.csv", dtype=str, keep_default_na=False)
    y = responses[responses["survey_year"] == "2023"]
    from wreslib.classify.ethnicity import wres_group

    group = wres_group(y["ethnicity"]).to_numpy()
    for wres, managers, colleagues in (("White", 11.68, 21.10), ("BME", 10.48, 22.05)):
        g = y[group == wres]
        for column, printed in (("Q14b", managers), ("Q14c", colleagues)):
            answered = g[g[column] != ""]
            assert round(100 * (answered[column] != "Never").mean(), 2) == printed, (wres, column)


def test_demo_suppresses_a_small_group(results):
    r = results["respondents"]
    assert pd.isna(value(r, 2019, 7, "Ethnic category|White and Black African", "percent"))
    assert value(r, 2019, 7, "Ethnic category|White and Black African", "percent", "note") == \
        "* not shown to protect confidentiality"  # the one note: the reason stays internal
    assert pd.isna(value(r, 2019, 7, "Ethnic category|White and Black African", "percent", "denominator"))
    assert "unverified" in value(r, 2019, 7, "All", "white_percent", "note")


def test_both_sources_agree_without_warnings(run_cli, tmp_path):
    for name in ("survey.csv", "survey_responses.csv"):
        shutil.copy(DEMO / name, tmp_path / name)
    code, _, err = run_cli("survey", "--data", tmp_path, "--out", tmp_path / "r.csv")
    assert code == 0 and err == ""


def test_demo_files_are_regenerated_byte_identically(tmp_path):
    paths = write_survey_demo(tmp_path)
    for path in paths:
        assert path.read_bytes() == (DEMO / path.name).read_bytes(), path.name


def test_breakdown_display_tables(results):
    from wreslib.compute.survey import survey_breakdown_table

    r = results["both"]
    q15 = survey_breakdown_table(r, 7, 2023)
    assert q15.loc["Indian", "Percent"] == "56.20"
    assert q15.loc["Caribbean", "Percent"] == "39.23"
    small = survey_breakdown_table(r, 8, 2019)
    assert small.loc["White and Black African"].tolist() == ["*", "*", "*"]
    occupations = survey_breakdown_table(r, 5, 2023, "Occupation")
    assert occupations.loc["Medical and Dental", ["White", "BME"]].tolist() == ["38.22", "38.91"]
    with pytest.raises(ValueError):
        survey_breakdown_table(r, 5, 2023, "Band")


def test_trend_table_tidy_form(results):
    tidy = survey_trend_table(results["published"], 8, tidy=True)
    assert set(tidy.columns) >= {"survey_year", "group", "measure", "value"}
    row = tidy[(tidy["survey_year"] == 2021) & (tidy["group"] == "BME") & (tidy["measure"] == "Responses")]
    assert row["value"].tolist() == [2755]
    row = tidy[(tidy["survey_year"] == 2021) & (tidy["group"] == "White") & (tidy["measure"] == "Average")]
    assert row["value"].tolist() == [pytest.approx(6.67)]


def test_trend_table_years_are_whole_numbers_even_from_float_years(results):
    r = results["published"].astype({"survey_year": float})  # as after a concat with rows of no survey year
    table = survey_trend_table(r, 8)
    assert list(table.columns) == sorted(int(y) for y in r["survey_year"].dropna().unique())
    assert all(type(c) is int for c in table.columns)
