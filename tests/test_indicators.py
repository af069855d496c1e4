"""Indicators from counts, each against values worked out by hand."""
import math

import pandas as pd
import pytest

from helpers import pick, read_results

HEADER = "year,indicator,measure,breakdown,ethnicity,count\n"


def results_for(run_cli, write_csv, body):
    path = write_csv("counts.csv", HEADER + body)
    code, out, err = run_cli("indicators", "--counts", path)
    assert code == 0, err
    return read_results(out)


def test_indicator_1_published_example_unknown_in_denominator(run_cli, write_csv):
    # 990 BME of 7,422 staff = 13% only when unknowns stay in the denominator.
    r = results_for(run_cli, write_csv, """\
2024,1,headcount,Clinical|Band 5,White,6200
2024,1,headcount,Clinical|Band 5,BME,990
2024,1,headcount,Clinical|Band 5,Z Not Stated,232
""")
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(100 * 990 / 7422)
    assert round(pick(r, 2024, 1, "Overall", "bme_percent")) == 13
    assert pick(r, 2024, 1, "Overall", "bme_percent", "denominator") == 7422
    assert pick(r, 2024, 1, "Clinical", "unknown_percent") == pytest.approx(100 * 232 / 7422)
    assert pick(r, 2024, 1, "Clinical|Band 5", "white_percent") == pytest.approx(100 * 6200 / 7422)
    # One year only: no change.
    assert math.isnan(pick(r, 2024, 1, "Overall", "bme_percent", "change"))


def test_indicator_1_clusters_all_unknown_band_and_change(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2023,1,headcount,Non-clinical|Band 2,White,30
2023,1,headcount,Non-clinical|Band 2,BME,10
2024,1,headcount,Non-clinical|Band 2,White,30
2024,1,headcount,Non-clinical|Band 2,BME,20
2024,1,headcount,Non-clinical|VSM,Not stated,4
2024,1,headcount,Medical and Dental|Consultant,H,6
2024,1,headcount,Medical and Dental|Consultant,A,4
""")
    assert pick(r, 2024, 1, "Non-clinical|VSM", "bme_percent") == 0
    assert pick(r, 2024, 1, "Non-clinical|VSM", "unknown_percent") == 100
    assert pick(r, 2024, 1, "Non-clinical", "bme_percent") == pytest.approx(100 * 20 / 54)
    assert pick(r, 2024, 1, "Medical and Dental", "bme_percent") == pytest.approx(60)
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(100 * 26 / 64)
    # change = 2024 value minus 2023 value of the same breakdown (pp)
    assert pick(r, 2024, 1, "Non-clinical|Band 2", "bme_percent", "change") == pytest.approx(40 - 25)
    assert pick(r, 2024, 1, "Overall", "bme_percent", "change") == pytest.approx(100 * 26 / 64 - 25)


def test_indicator_1_bank_figure(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2024,1,headcount,Clinical|Band 5,White,40
2024,1,headcount,Clinical|Band 5,BME,60
2024,1,bank_headcount,,White,30
2024,1,bank_headcount,,BME,20
""")
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(60)
    assert pick(r, 2024, 1, "Overall including bank", "bme_percent") == pytest.approx(100 * 80 / 150)


def test_indicator_2_direction_white_over_bme_and_published_example(run_cli, write_csv):
    # thechristie 2022: White 46.99% vs BME 14.65% appointed -> 3.2
    r = results_for(run_cli, write_csv, """\
2024,2,shortlisted,,White,10000
2024,2,appointed,,White,4699
2024,2,shortlisted,,BME,10000
2024,2,appointed,,BME,1465
2024,2,shortlisted,,Unknown,50
2024,2,appointed,,Unknown,50
""")
    ratio = pick(r, 2024, 2, "All", "relative_likelihood")
    assert round(ratio, 2) == 3.21
    assert ratio == pytest.approx(0.4699 / 0.1465)  # unknowns left out
    assert pick(r, 2024, 2, "All", "distance_from_equity") == pytest.approx(ratio - 1)
    assert pick(r, 2024, 2, "All", "white_percent") == pytest.approx(46.99)
    assert "White applicants" in pick(r, 2024, 2, "All", "relative_likelihood", "description")
    low, high = pick(r, 2024, 2, "All", "relative_likelihood", "ci_low"), pick(r, 2024, 2, "All",
                                                                                "relative_likelihood", "ci_high")
    se = math.sqrt(1 / 4699 - 1 / 10000 + 1 / 1465 - 1 / 10000)
    assert low == pytest.approx(ratio * math.exp(-1.959963984540054 * se))
    assert high == pytest.approx(ratio * math.exp(1.959963984540054 * se))


def test_indicator_3_direction_bme_over_white_from_counts_not_rounded_percentages(run_cli, write_csv):
    # kmpt 2020: BME 1.2% vs White 0.7% -> 1.7. Counts 31/2500 (1.24%) and 34/5000 (0.68%):
    # from counts 1.82, from the rounded percentages 1.71.
    r = results_for(run_cli, write_csv, """\
2024,3,headcount,,BME,2500
2024,3,entered_disciplinary,,BME,31
2024,3,headcount,,White,5000
2024,3,entered_disciplinary,,White,34
""")
    ratio = pick(r, 2024, 3, "single-year", "relative_likelihood")
    assert ratio == pytest.approx((31 / 2500) / (34 / 5000))
    assert round(ratio, 2) == 1.82
    assert "BME staff" in pick(r, 2024, 3, "single-year", "relative_likelihood", "description")
    assert not (r["breakdown"] == "two-year").any()  # one year only


def test_indicator_3_two_year_and_headcount_from_indicator_1(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2023,1,headcount,Clinical|Band 5,White,1000
2023,1,headcount,Clinical|Band 5,BME,500
2023,3,entered_disciplinary,,White,10
2023,3,entered_disciplinary,,BME,10
2024,1,headcount,Clinical|Band 5,White,1000
2024,1,headcount,Clinical|Band 5,BME,1000
2024,3,entered_disciplinary,,White,5
2024,3,entered_disciplinary,,BME,20
""")
    assert pick(r, 2023, 3, "single-year", "relative_likelihood") == pytest.approx((10 / 500) / (10 / 1000))
    assert pick(r, 2024, 3, "single-year", "relative_likelihood") == pytest.approx((20 / 1000) / (5 / 1000))
    assert pick(r, 2024, 3, "two-year", "relative_likelihood") == pytest.approx((30 / 1500) / (15 / 2000))
    assert pick(r, 2024, 3, "single-year", "relative_likelihood", "change") == pytest.approx(4 - 2)
    assert "indicator 1" in pick(r, 2024, 3, "single-year", "relative_likelihood", "note")


def test_indicator_4_direction_and_zero_rate(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2024,4,headcount,,White,200
2024,4,accessed_training,,White,50
2024,4,headcount,,BME,300
2024,4,accessed_training,,BME,0
2023,4,headcount,,White,200
2023,4,accessed_training,,White,50
2023,4,headcount,,BME,300
2023,4,accessed_training,,BME,60
""")
    assert pick(r, 2023, 4, "All", "relative_likelihood") == pytest.approx((50 / 200) / (60 / 300))
    assert math.isnan(pick(r, 2024, 4, "All", "relative_likelihood"))
    assert math.isnan(pick(r, 2024, 4, "All", "relative_likelihood", "change"))
    assert "BME staff is 0" in pick(r, 2024, 4, "All", "relative_likelihood", "note")
    assert pick(r, 2024, 4, "All", "bme_percent") == 0


def test_group_with_no_one_in_it(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2024,2,shortlisted,,White,10
2024,2,appointed,,White,5
""")
    assert math.isnan(pick(r, 2024, 2, "All", "bme_percent"))
    assert math.isnan(pick(r, 2024, 2, "All", "relative_likelihood"))
    assert "no one" in pick(r, 2024, 2, "All", "bme_percent", "note")


def test_indicator_9_board_minus_workforce(run_cli, write_csv):
    r = results_for(run_cli, write_csv, """\
2024,1,headcount,Clinical|Band 5,White,373
2024,1,headcount,Clinical|Band 5,BME,627
2024,9,board_members,All,White,7
2024,9,board_members,All,BME,3
2024,9,board_members,Executive,White,3
2024,9,board_members,Executive,BME,1
2024,9,board_members,Executive,Not stated,1
""")
    assert pick(r, 2024, 9, "All", "board_bme_percent") == pytest.approx(30)
    assert pick(r, 2024, 9, "All", "workforce_bme_percent") == pytest.approx(62.7)
    assert pick(r, 2024, 9, "All", "difference_pp") == pytest.approx(30 - 62.7)
    assert pick(r, 2024, 9, "Executive", "difference_pp") == pytest.approx(20 - 62.7)  # unknown in denominator
    assert not (r["breakdown"] == "Voting").any()
