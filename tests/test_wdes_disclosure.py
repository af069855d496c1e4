"""Disclosure control of the WDES beside the WRES: one engine, one model, worked by hand.

The WDES is decided after the WRES, with the WRES's decisions fixed: the WRES report is the same
with or without the WDES beside it, and a breakdown's headcount is one cell for both standards
(the same people, whichever characteristic splits them).
"""
import math

import pandas as pd
import pytest

from wreslib.disclosure import engine
from wreslib.publish import pipeline
from wreslib.standards.wdes import WDES

HEADER = "year,standard,indicator,measure,breakdown,ethnicity,disability,count\n"
# One band of 100 staff: White 60, BME 30, Unknown 10 (nothing small);
# Disabled 4 (small), Non-disabled 86, Unknown 10.
COUNTS = """\
2024,wres,1,headcount,Clinical|Band 5,White,,60
2024,wres,1,headcount,Clinical|Band 5,BME,,30
2024,wres,1,headcount,Clinical|Band 5,Unknown,,10
2024,wdes,1,headcount,Clinical|Band 5,,Disabled,4
2024,wdes,1,headcount,Clinical|Band 5,,Non-disabled,86
2024,wdes,1,headcount,Clinical|Band 5,,Unknown,10
2024,wdes,2,shortlisted,,,Non-disabled,100
2024,wdes,2,shortlisted,,,Disabled,20
2024,wdes,2,appointed,,,Non-disabled,30
2024,wdes,2,appointed,,,Disabled,3
2024,wdes,3,entered_capability,,,Disabled,0
2024,wdes,3,entered_capability,,,Non-disabled,9
2024,wdes,10,board_members,All,,Disabled,1
2024,wdes,10,board_members,All,,Non-disabled,9
2024,wdes,10,board_members,All,,Unknown,0
"""
SURVEY = """\
standard,survey_year,indicator,group,occupation,responses,percent,benchmark_percent
wdes,2023,5,Disabled,,9,40.0,50.0
wdes,2023,5,Non-disabled,,200,60.0,55.0
wdes,2023,7,Disabled,,50,40.0,45.0
wdes,2023,7,Non-disabled,,200,50.0,55.0
wdes,2023,9a,Disabled,,9,6.1,6.5
wdes,2023,9a,Non-disabled,,200,7.0,7.0
"""


def row(results, indicator, breakdown, metric, year=2024):
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (indicator, breakdown, metric)
    return rows.iloc[0]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    (data / "counts.csv").write_text(HEADER + COUNTS)
    (data / "survey.csv").write_text(SURVEY)
    return data, pipeline.reports(data, 2024)


def test_a_small_disabled_count_is_hidden_with_the_unknown_group_as_its_complement(made):
    _, reports = made
    wdes = reports["wdes"].results
    # Disabled 4 of 100: hidden. Its band's headcount (100) is published (WRES rows and the Non-disabled
    # row), so 4 = 100 - 86 - 10 unless one more group is hidden: Unknown, the cheapest.
    for breakdown in ("Clinical|Band 5", "Clinical", "Overall"):
        disabled, unknown = (row(wdes, "1", breakdown, m) for m in ("disabled_percent", "unknown_percent"))
        assert disabled["suppressed"] and disabled["suppression_reason"] == engine.Reason.SMALL_COUNT
        assert unknown["suppressed"] and unknown["suppression_reason"] == engine.Reason.SECONDARY
        shown = row(wdes, "1", breakdown, "non_disabled_percent")
        assert not shown["suppressed"] and shown["value"] == pytest.approx(86.0)
        assert (shown["numerator"], shown["denominator"]) == (86, 100)
    assert math.isnan(row(wdes, "1", "Overall", "disabled_percent")["numerator"])


def test_the_wres_report_is_the_same_with_or_without_the_wdes_beside_it(made):
    data, reports = made
    alone = pipeline.reports(data, 2024, standards=["wres"])
    assert list(alone) == ["wres"]
    pd.testing.assert_frame_equal(alone["wres"].results, reports["wres"].results)
    assert not reports["wres"].results["suppressed"].any()  # nothing small in the WRES rows
    assert reports["wres"].results["indicator"].dtype == alone["wres"].results["indicator"].dtype


def test_a_ratio_is_hidden_with_the_rate_it_is_built_on(made):
    wdes = made[1]["wdes"].results
    # Metric 2: 3 Disabled applicants appointed (small): the rate, the ratio and the distance are hidden;
    # the Non-disabled rate (30 of 100) stays.
    assert row(wdes, "2", "All", "disabled_percent")["suppressed"]
    for metric in ("relative_likelihood", "distance_from_equity"):
        assert row(wdes, "2", "All", metric)["suppression_reason"] == engine.Reason.DERIVED
    assert row(wdes, "2", "All", "non_disabled_percent")["value"] == pytest.approx(30.0)
    # Metric 3: 0 Disabled staff entered capability (0 may be shown), but the Disabled headcount is 4:
    # the rate's base is the hidden metric 1 count, so the rate is hidden; 9 of 86 Non-disabled is shown.
    capability = row(wdes, "3", "single-year", "disabled_percent")
    assert capability["suppressed"]
    assert not row(wdes, "3", "single-year", "non_disabled_percent")["suppressed"]


def test_board_counts_and_intervals_are_never_shown_but_the_percentage_is(made):
    wdes = made[1]["wdes"].results
    board = row(wdes, "10", "All", "board_disabled_percent")
    assert not board["suppressed"] and board["value"] == pytest.approx(10.0)  # 1 of 10 members
    assert all(math.isnan(board[c]) for c in ("numerator", "denominator", "ci_low", "ci_high"))
    # The workforce figure is metric 1's Overall Disabled % (4 of 100, hidden), and so is the difference.
    assert row(wdes, "10", "All", "workforce_disabled_percent")["suppressed"]
    assert row(wdes, "10", "All", "difference_pp")["suppression_reason"] == engine.Reason.DERIVED


def test_small_survey_groups_are_hidden_percentages_and_scores(made):
    wdes = made[1]["wdes"].results
    # 9 Disabled respondents (< 11): the percentage and the score are hidden, with the figures built on them.
    assert row(wdes, "5", "All", "disabled_percent")["suppression_reason"] == engine.Reason.SMALL_SURVEY_GROUP
    assert row(wdes, "5", "All", "difference_pp")["suppressed"]
    assert row(wdes, "9a", "All", "disabled_score")["suppression_reason"] == engine.Reason.SMALL_SURVEY_GROUP
    assert row(wdes, "9a", "All", "disabled_benchmark_gap")["suppressed"]
    assert not row(wdes, "9a", "All", "non_disabled_score")["suppressed"]
    # 50 and 200 respondents, 20 and 100 positive: nothing small.
    assert not row(wdes, "7", "All", "difference_pp")["suppressed"]
    assert row(wdes, "7", "All", "difference_pp")["value"] == pytest.approx(-10.0)


def test_a_breakdowns_headcount_is_one_cell_for_both_standards(made):
    data, _ = made
    wres = pipeline.load_results(data, 2024)
    wdes = pipeline.load_results(data, 2024, standard=WDES)
    joint = pd.concat([wres.assign(standard="wres"), wdes.assign(standard="wdes")], ignore_index=True)
    model, _, _ = engine._results_model(joint, engine.Thresholds())
    band = joint.index[(joint["standard"] == "wdes") & (joint["breakdown"] == "Clinical|Band 5")
                       & (joint["metric"] == "disabled_percent")][0]
    assert model.units[band][1] == (1, 2024, "Clinical|Band 5", "Total")  # the WRES's cell
    assert (("wdes", "1"), 2024, "Clinical|Band 5", "Total") not in model.values


def test_report_of_a_standard_the_data_does_not_have(tmp_path):
    (tmp_path / "counts.csv").write_text(HEADER + COUNTS.split("2024,wdes")[0])
    assert list(pipeline.reports(tmp_path, 2024)) == ["wres"]
    with pytest.raises(KeyError, match="no WDES figures"):
        pipeline.report(tmp_path, 2024, standard="wdes")


def test_derived_from_reads_each_standards_groups():
    assert engine.derived_from(WDES)["relative_likelihood"] == ("non_disabled_percent", "disabled_percent")
    assert engine.derived_from(WDES)["disabled_benchmark_gap"] == ("disabled_score",)
    assert engine.DERIVED_FROM["difference_pp"] == ("white_percent", "bme_percent", "board_bme_percent",
                                                    "workforce_bme_percent")
    assert "relative_to_white" not in engine.derived_from(WDES)


def test_the_all_staff_figure_is_the_total_of_the_groups(tmp_path):
    """15 Disabled respondents, 3 positive (hidden); 280 Non-disabled, 100 positive; all staff 300, 104
    positive. All staff minus Non-disabled leaves 20 respondents and 4 positive answers for Disabled and
    Unknown together: the hidden 3 would have 5 possible values (0-4), fewer than 8, so one more figure
    goes (the all-staff one, cheapest). Found by the independent attacker on a random trust."""
    (tmp_path / "counts.csv").write_text(HEADER + COUNTS)
    (tmp_path / "survey.csv").write_text(
        "standard,survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
        "wdes,2023,5,Disabled,,15,20.0,50.0\n"
        "wdes,2023,5,Non-disabled,,280,35.71,55.0\n"
        "wdes,2023,5,All staff,,300,34.67,55.0\n")
    wdes = pipeline.reports(tmp_path, 2024)["wdes"].results
    disabled = row(wdes, "5", "All", "disabled_percent")
    assert disabled["suppressed"] and disabled["suppression_reason"] == engine.Reason.SMALL_COUNT
    everyone, others = row(wdes, "5", "All", "percent"), row(wdes, "5", "All", "non_disabled_percent")
    assert everyone["suppressed"] and not others["suppressed"]
    assert everyone["suppression_reason"] in (engine.Reason.SECONDARY, engine.Reason.AUDIT)


def test_the_part_of_a_model_around_some_cells_keeps_the_models_order():
    """Ties are broken by the model's order: a part taken in a set's order would decide differently from one
    process to the next (hash randomisation), and two runs of the same data would publish different cells."""
    m = engine.CellModel()
    names = [("wdes", "1", str(i)) for i in range(40)]
    for name in names:
        m.values[name] = 3
    m.values[("total",)] = 3 * len(names)
    m.add_relation(("total",), names)
    for name in names:
        m.units[name] = (name,)
    part = engine._around(m, [names[0]])
    assert list(part.values) == list(m.values) and list(part.units) == list(m.units)
    assert part.relations == m.relations
