"""Survey inputs: percentages given as fractions are refused; weighted percentages are shown as published."""
import math

import pandas as pd
import pytest

from helpers import read_results
from wreslib.compute.survey import WEIGHTED_NOTE, weighted_note

HEADER = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
W_HEADER = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent,weighted\n"


def run_survey(run_cli, tmp_path, text, *extra):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "survey.csv").write_text(text, encoding="utf-8")
    return data / "survey.csv", run_cli("survey", "--data", data, *extra)


def get(results, indicator, breakdown, metric, column="value"):
    rows = results[(results["indicator"] == indicator) & (results["breakdown"] == breakdown)
                   & (results["metric"] == metric)]
    assert len(rows) == 1
    return rows[column].iloc[0]


@pytest.mark.parametrize("body, line, column, got", [
    ("2023,6,White,,3042,0.2571,0.2237\n2023,6,BME,,2000,0.30,0.271\n", 2, "percent", "0.2571"),
    ("2023,6,White,,3042,0.2571,\n2023,6,BME,,2000,1,\n", 2, "percent", "0.2571"),  # 1 (100%) with the rest
    ("2023,6,White,,3042,25.71,0.2237\n2023,6,BME,,2000,30.00,0.271\n", 2, "benchmark_percent", "0.2237"),
])
def test_fractions_in_every_row_are_refused_with_a_hint(run_cli, tmp_path, body, line, column, got):
    path, (code, out, err) = run_survey(run_cli, tmp_path, HEADER + body)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"{path}, line {line}, column '{column}'" in err
    assert "look like fractions; multiply them by 100 (0.253 -> 25.3)" in err and f"got '{got}'" in err


def test_one_small_percentage_among_others_is_not_a_fraction(run_cli, tmp_path):
    # 0.5% for one group is a real figure when the other rows are ordinary percentages; so are
    # all-zero figures (no value strictly between 0 and 1).
    _, (code, out, err) = run_survey(run_cli, tmp_path, HEADER + "2023,6,White,,3042,0.5,\n2023,6,BME,,2000,30,\n")
    assert code == 0, err
    assert get(read_results(out), 6, "All", "white_percent") == pytest.approx(100 * 15 / 3042)  # 15 of 3042
    _, (code, _, err) = run_survey(run_cli, tmp_path, HEADER + "2023,6,White,,3042,0,\n2023,6,BME,,2000,0,\n")
    assert code == 0, err


def test_weighted_percentages_are_shown_as_published_without_interval_or_significance(run_cli, tmp_path):
    # Weighted 25.71% of 3042 White and 30.05% of 2000 BME respondents: not turned into 782 of 3042
    # (25.71% as a count would be 782.1, shown as 25.71%) nor into an interval; the gap is 30.05 - 25.71
    # = 4.34 pp with no interval and no significance test. Unweighted indicator 7 keeps its interval.
    body = ("2023,6,White,,3042,25.71,22.37,true\n2023,6,BME,,2000,30.05,27.10,TRUE\n"
            "2023,7,White,,3042,60.00,,false\n2023,7,BME,,2000,45.00,,\n")
    _, (code, out, err) = run_survey(run_cli, tmp_path, W_HEADER + body)
    assert code == 0, err
    r = read_results(out)
    assert get(r, 6, "All", "white_percent") == 25.71 and get(r, 6, "All", "bme_percent") == 30.05
    for metric in ("white_percent", "bme_percent", "difference_pp"):
        for column in ("ci_low", "ci_high", "numerator"):
            assert math.isnan(get(r, 6, "All", metric, column)), (metric, column)
        assert WEIGHTED_NOTE in get(r, 6, "All", metric, "note")
    assert get(r, 6, "All", "white_percent", "denominator") == 3042  # the responses stay (small groups hide)
    assert get(r, 6, "All", "difference_pp") == pytest.approx(4.34)
    assert pd.isna(get(r, 6, "All", "difference_pp", "significant"))
    # Indicator 7 (weighted false or empty): 1825 of 3042 = 59.99... shown as 60.00, with its interval.
    assert get(r, 7, "All", "white_percent", "numerator") == 1825
    assert not math.isnan(get(r, 7, "All", "difference_pp", "ci_low"))
    assert get(r, 7, "All", "difference_pp", "significant") in (True, "True")


def test_a_weighted_group_under_the_threshold_is_hidden(run_cli, tmp_path):
    body = "2023,6,White,,3042,25.71,,yes\n2023,6,BME,,9,33.3,,yes\n"
    _, (code, out, err) = run_survey(run_cli, tmp_path, W_HEADER + body)
    assert code == 0, err
    r = read_results(out)
    assert math.isnan(get(r, 6, "All", "bme_percent")) and math.isnan(get(r, 6, "All", "difference_pp"))
    assert get(r, 6, "All", "white_percent") == 25.71


def test_a_bad_weighted_value_is_an_error(run_cli, tmp_path):
    path, (code, out, err) = run_survey(run_cli, tmp_path, W_HEADER + "2023,6,White,,3042,25.71,,sometimes\n")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"{path}, line 2, column 'weighted': expected Y/N, Yes/No, True/False or 1/0, or empty" in err


def test_the_survey_section_notes_weighted_figures():
    results = pd.DataFrame({"year": [2024, 2024, 2023], "indicator": [6, 2, 7],
                            "note": [f"x; {WEIGHTED_NOTE}", WEIGHTED_NOTE, ""]})
    assert weighted_note(results, 2024).startswith("Some figures are weighted percentages, shown as published")
    assert "no interval" in weighted_note(results, 2024) and "no significance test" in weighted_note(results, 2024)
    assert weighted_note(results, 2023) == ""  # indicator 7 of 2023 is not weighted
    assert weighted_note(results.iloc[1:], 2024) == ""  # a non-survey note does not count
