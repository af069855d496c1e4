"""WDES metrics 1, 2, 3 and 10 from counts, against values worked out by hand; one counts file for both standards."""
import pandas as pd
import pytest

from wreslib.compute.indicators import compute_indicators
from wreslib.errors import InputError
from wreslib.inputs.counts import read_counts, write_counts
from wreslib.standards.wdes import WDES

WRES_ROWS = """\
2024,wres,1,headcount,Clinical|Band 5,White,,70
2024,wres,1,headcount,Clinical|Band 5,BME,,25
2024,wres,1,headcount,Clinical|Band 5,Not stated,,5
"""
# 2023: Band 5 with 10 Disabled, 80 Non-disabled, 10 Unknown (100); 2024 the same.
WDES_ROWS = """\
2023,wdes,1,headcount,Clinical|Band 5,,Yes,10
2023,wdes,1,headcount,Clinical|Band 5,,No,80
2023,wdes,1,headcount,Clinical|Band 5,,Not Declared,10
2023,wdes,3,entered_capability,,,Disabled,1
2023,wdes,3,entered_capability,,,Non-disabled,4
2024,wdes,1,headcount,Clinical|Band 5,,Y,10
2024,wdes,1,headcount,Clinical|Band 5,,N,80
2024,wdes,1,headcount,Clinical|Band 5,,Prefer Not To Answer,10
2024,wdes,2,shortlisted,,,Non-disabled,100
2024,wdes,2,shortlisted,,,Disabled,20
2024,wdes,2,appointed,,,Non-disabled,30
2024,wdes,2,appointed,,,Disabled,3
2024,wdes,3,entered_capability,,,Disabled,2
2024,wdes,3,entered_capability,,,Non-disabled,4
2024,wdes,10,board_members,All,,Disabled,0
2024,wdes,10,board_members,All,,Non-disabled,9
2024,wdes,10,board_members,All,,Unknown,1
"""
HEADER = "year,standard,indicator,measure,breakdown,ethnicity,disability,count\n"


def _file(tmp_path, body, header=HEADER):
    path = tmp_path / "counts.csv"
    path.write_text(header + body)
    return path


def pick(results, year, indicator, breakdown, metric, column="value"):
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (year, indicator, breakdown, metric)
    return rows.iloc[0][column]


@pytest.fixture
def both(tmp_path):
    return read_counts(_file(tmp_path, WRES_ROWS + WDES_ROWS))


def test_metric_1_composition_unknown_in_denominator(both):
    r = compute_indicators(both, WDES)
    # 10 Disabled of 100 staff (10 Unknown stay in the denominator): 10%; Non-disabled 80%; Unknown 10%.
    assert pick(r, 2024, "1", "Overall", "disabled_percent") == pytest.approx(10.0)
    assert pick(r, 2024, "1", "Overall", "non_disabled_percent") == pytest.approx(80.0)
    assert pick(r, 2024, "1", "Clinical|Band 5", "unknown_percent") == pytest.approx(10.0)
    assert pick(r, 2024, "1", "Overall", "disabled_percent", "denominator") == 100
    assert pick(r, 2024, "1", "Overall", "disabled_percent", "change") == pytest.approx(0.0)
    assert "(unknown disability status in the denominator)" in pick(r, 2024, "1", "Overall", "disabled_percent",
                                                                    "description")


def test_metric_2_non_disabled_over_disabled(both):
    r = compute_indicators(both, WDES)
    # Non-disabled 30/100 = 30%, Disabled 3/20 = 15%: Non-disabled / Disabled = 2.00.
    # Katz: var log RR = 1/30 - 1/100 + 1/3 - 1/20 = 0.306667, se 0.553775; 2 * exp(-+1.959964 * se) = 0.676, 5.921
    assert pick(r, 2024, "2", "All", "relative_likelihood") == pytest.approx(2.0)
    assert pick(r, 2024, "2", "All", "relative_likelihood", "ci_low") == pytest.approx(0.67555, abs=1e-4)
    assert pick(r, 2024, "2", "All", "relative_likelihood", "ci_high") == pytest.approx(5.92112, abs=1e-4)
    assert pick(r, 2024, "2", "All", "disabled_percent") == pytest.approx(15.0)
    assert pick(r, 2024, "2", "All", "non_disabled_percent") == pytest.approx(30.0)
    assert pick(r, 2024, "2", "All", "distance_from_equity") == pytest.approx(1.0)
    assert "(Non-disabled rate / Disabled rate)" in pick(r, 2024, "2", "All", "relative_likelihood", "description")


def test_metric_3_disabled_over_non_disabled_single_and_two_year(both):
    r = compute_indicators(both, WDES)
    # No metric 3 headcount rows: metric 1's headcount is the base. 2024: Disabled 2/10 = 20%,
    # Non-disabled 4/80 = 5%: 4.00 (Katz 0.836 to 19.129). 2023: 1/10 over 4/80 = 2.00.
    assert pick(r, 2024, "3", "single-year", "relative_likelihood") == pytest.approx(4.0)
    assert pick(r, 2024, "3", "single-year", "relative_likelihood", "ci_low") == pytest.approx(0.83643, abs=1e-4)
    assert pick(r, 2023, "3", "single-year", "relative_likelihood") == pytest.approx(2.0)
    assert pick(r, 2024, "3", "single-year", "relative_likelihood", "change") == pytest.approx(2.0)
    assert "headcount taken from metric 1" in pick(r, 2024, "3", "single-year", "relative_likelihood", "note")
    # Two-year: (1 + 2) / (10 + 10) = 15% over (4 + 4) / (80 + 80) = 5%: 3.00 (Katz 0.866 to 10.396).
    assert pick(r, 2024, "3", "two-year", "relative_likelihood") == pytest.approx(3.0)
    assert pick(r, 2024, "3", "two-year", "relative_likelihood", "ci_high") == pytest.approx(10.39605, abs=1e-4)


def test_metric_10_board_minus_workforce(both):
    r = compute_indicators(both, WDES)
    # Board: 0 Disabled of 10 members = 0%; workforce Disabled 10%: 0 - 10 = -10 pp.
    assert pick(r, 2024, "10", "All", "board_disabled_percent") == pytest.approx(0.0)
    assert pick(r, 2024, "10", "All", "workforce_disabled_percent") == pytest.approx(10.0)
    assert pick(r, 2024, "10", "All", "difference_pp") == pytest.approx(-10.0)




def test_each_standard_reads_only_its_rows(both, tmp_path):
    wdes = compute_indicators(both, WDES)
    wres = compute_indicators(both)
    assert list(pd.unique(wdes.loc[wdes["year"] == 2024, "indicator"])) == ["1", "2", "3", "10"]
    assert set(wres["indicator"]) == {1}
    # The WRES rows give what a WRES-only file (the old header, no standard column) gives.
    alone = read_counts(_file(tmp_path, WRES_ROWS.replace(",wres,", ",").replace(",,", ","),
                              "year,indicator,measure,breakdown,ethnicity,count\n"))
    pd.testing.assert_frame_equal(wres.reset_index(drop=True), compute_indicators(alone).reset_index(drop=True),
                                  check_dtype=False)
    assert pick(wres, 2024, 1, "Overall", "bme_percent") == pytest.approx(25.0)


def test_written_counts_read_back_the_same(both, tmp_path):
    path = tmp_path / "again.csv"
    write_counts(both, path)
    assert path.read_text().splitlines()[0] == "year,standard,indicator,measure,breakdown,ethnicity,disability,count"
    again = read_counts(path)
    for standard in (None, WDES):
        a = compute_indicators(both, standard) if standard else compute_indicators(both)
        b = compute_indicators(again, standard) if standard else compute_indicators(again)
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("body, line, column, expected", [
    ("2024,wdes,4,headcount,,,Yes,3\n", 2, "indicator", "an indicator number of the WDES, one of 1, 2, 3, 10"),
    ("2024,wdes,5,headcount,,,Yes,3\n", 2, "indicator", "an indicator number of its standard"),
    ("2024,wdes,9,board_members,All,,Yes,3\n", 2, "indicator", "an indicator number of the WDES, one of 1, 2, 3, 10"),
    ("2024,wres,10,board_members,All,White,,3\n", 2, "indicator",
     "an indicator number of the WRES, one of 1, 2, 3, 4, 9"),
    ("2024,wdes,3,entered_disciplinary,,,Yes,3\n", 2, "measure",
     "a measure of indicator 3, one of headcount, entered_capability"),
    ("2024,wdes,1,headcount,Clinical|Band 5,,Yess,3\n", 2, "disability", "(did you mean 'Yes'?)"),
    ("2024,bank,1,headcount,Clinical|Band 5,,Yes,3\n", 2, "standard", "a standard, one of wres, wdes"),
    ("2024,wdes,1,headcount,Clinical|Band 5,,Yes,3\n2024,wdes,1,headcount,Clinical|Band 5,,Yes,4\n", 3, "disability",
     "one row per year, indicator, measure, breakdown and disability"),
])
def test_wdes_rows_are_checked_like_wres_rows(tmp_path, body, line, column, expected):
    with pytest.raises(InputError) as err:
        read_counts(_file(tmp_path, body))
    text = str(err.value)
    assert f"line {line}" in text and f"column '{column}'" in text and expected in text, text


def test_a_wdes_row_needs_the_disability_column(tmp_path):
    with pytest.raises(InputError, match="a column named 'disability'"):
        read_counts(_file(tmp_path, "2024,wdes,1,headcount,Clinical|Band 5,Yes,3\n",
                          "year,standard,indicator,measure,breakdown,ethnicity,count\n"))


def test_more_capability_cases_than_staff_is_refused(tmp_path):
    body = ("2024,wdes,1,headcount,Clinical|Band 5,,Yes,2\n2024,wdes,1,headcount,Clinical|Band 5,,No,20\n"
            "2024,wdes,3,entered_capability,,,Yes,3\n")
    with pytest.raises(InputError, match=r"entered_capability of Disabled staff in 2024 \(3\) to be at most their "
                                         r"headcount \(2\)"):
        read_counts(_file(tmp_path, body))



def test_two_year_figures_only_where_declared(tmp_path):
    # Metric 2 has a previous year too, but only metric 3 is declared two_year.
    earlier = ("2023,wdes,2,shortlisted,,,Non-disabled,50\n2023,wdes,2,shortlisted,,,Disabled,10\n"
               "2023,wdes,2,appointed,,,Non-disabled,10\n2023,wdes,2,appointed,,,Disabled,2\n")
    r = compute_indicators(read_counts(_file(tmp_path, WDES_ROWS + earlier)), WDES)
    assert set(r.loc[(r["year"] == 2024) & (r["indicator"] == "2"), "breakdown"]) == {"All"}
    assert set(r.loc[(r["year"] == 2024) & (r["indicator"] == "3"), "breakdown"]) == {"single-year", "two-year"}
    # 2023: 10/50 = 20% over 2/10 = 20%: 1.00; 2024: 2.00, so the change is +1.00
    assert pick(r, 2024, "2", "All", "relative_likelihood", "change") == pytest.approx(1.0)
