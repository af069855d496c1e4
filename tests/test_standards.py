"""The standards registry: the WDES declaration worded and pointed by hand, and the rules every standard keeps."""
import math

import pytest

from wreslib import standards
from wreslib.classify.disability import DISABLED, NON_DISABLED
from wreslib.standards.base import (BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Characteristic, Indicator, Standard,
                                    register)
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES


def test_registry_knows_both_standards():
    assert standards.get("wres") is WRES and standards.get("wdes") is WDES
    with pytest.raises(KeyError, match="the pack knows wdes, wres"):
        standards.get("bank")


def test_wdes_groups():
    c = WDES.characteristic
    assert (c.reference, c.focus, c.unknown) == ("Non-disabled", "Disabled", "Unknown")
    assert c.metrics[DISABLED] == "disabled_percent" and c.metrics[NON_DISABLED] == "non_disabled_percent"
    assert c.other(DISABLED) == NON_DISABLED and c.other(NON_DISABLED) == DISABLED and c.other("Unknown") == ""
    assert list(c.classify(["Yes", "N", "Prefer not to answer"])[c.column]) == ["Disabled", "Non-disabled", "Unknown"]


def test_wdes_metric_kinds_and_directions():
    kinds = {n: (d.kind, d.better) for n, d in WDES.indicators.items()}
    assert kinds == {
        "1": (COMPOSITION, ""), "2": (LIKELIHOOD, "closer to 1"), "3": (LIKELIHOOD, "closer to 1"),
        "4a-i": (SURVEY, "lower"), "4a-ii": (SURVEY, "lower"), "4a-iii": (SURVEY, "lower"), "4b": (SURVEY, "higher"),
        "5": (SURVEY, "higher"), "6": (SURVEY, "lower"), "7": (SURVEY, "higher"), "8": (SURVEY, "higher"),
        "9a": (SCORE, "higher"), "10": (BOARD, "closer to 0")}
    assert WDES.of_kind(LIKELIHOOD) == ("2", "3")
    assert [n for n, d in WDES.indicators.items() if d.focus_only] == ["8"]


def test_wdes_ratios_point_the_way_the_guidance_says():
    two, three = WDES.indicators["2"], WDES.indicators["3"]
    # metric 2: Non-disabled rate / Disabled rate; metric 3: Disabled rate / Non-disabled rate
    assert (two.numerator, two.denominator, two.ratio_label) == ("Non-disabled", "Disabled", "Non-disabled / Disabled")
    assert (three.numerator, three.denominator, three.ratio_label) == ("Disabled", "Non-disabled",
                                                                       "Disabled / Non-disabled")
    assert two.measures == ("appointed", "shortlisted") and three.measures == ("entered_capability", "headcount")
    assert three.two_year and not two.two_year
    assert two.ratio_sentence("1.25") == ("Non-disabled applicants were 1.25 times as likely as Disabled applicants "
                                          "to be appointed from shortlisting")
    assert three.description == (
        "Likelihood of Disabled staff entering the formal capability process relative to Non-disabled staff "
        "(Disabled rate / Non-disabled rate); 1.00 = equal, above 1 = Disabled staff more likely")
    assert three.distance_direction(0.40) == "Disabled staff more likely"
    assert three.distance_direction(-0.40) == "Non-disabled staff more likely"
    assert two.rate_description(DISABLED) == "% of Disabled applicants appointed from shortlisting"


def test_wdes_survey_wording_and_direction():
    public, adjust, reported = WDES.indicators["4a-i"], WDES.indicators["8"], WDES.indicators["4b"]
    assert public.title == ("Metric 4a-i: harassment, bullying or abuse at work from patients, service users, their "
                            "relatives or other members of the public")
    assert public.survey_sentence("30.00%", "20.00%", 2023) == (
        "In the 2023 staff survey, 30.00% of Disabled staff experienced harassment, bullying or abuse at work from "
        "patients, service users, their relatives or other members of the public in the last 12 months, against "
        "20.00% of Non-disabled staff")
    # lower is better for harassment: Disabled 30% against Non-disabled 20% is a gap of +10 pp, worse
    assert public.distance(30.0, 20.0) == pytest.approx(10.0)
    assert public.distance_direction(10.0) == "Disabled staff fare worse"
    assert public.fare_worse == "Disabled staff fare worse"
    # higher is better for reporting it: +10 pp is better
    assert reported.distance_direction(10.0) == "Disabled staff fare better"
    assert reported.judge(55.0, 50.0) == "better" and public.judge(55.0, 50.0) == "worse"
    assert public.survey_description("disabled_percent") == (
        "% of Disabled staff experiencing harassment, bullying or abuse at work from patients, service users, their "
        "relatives or other members of the public in the last 12 months; lower is better")
    assert public.survey_description("difference_pp").startswith("Disabled % minus Non-disabled %, percentage points")
    assert "Non-disabled staff in the benchmark group" in public.survey_description("benchmark_non_disabled_percent")
    assert "for Disabled staff" in public.survey_description("disabled_benchmark_gap_pp")
    assert adjust.alt.startswith("Line chart by survey year of the percentage of Disabled staff saying that their")


def test_wdes_engagement_score_and_board():
    engagement, board = WDES.indicators["9a"], WDES.indicators["10"]
    assert engagement.judge(6.9, 7.1) == "worse" and engagement.axis_label == "Score (0-10)"
    assert math.isnan(engagement.distance(6.9, 7.1))
    assert board.title == "Metric 10: board minus workforce Disabled %"
    assert board.board_descriptions("Voting") == {
        "board_disabled_percent": "Disabled members as % of voting board members (unknown disability status in the "
                                  "denominator)",
        "workforce_disabled_percent": "Disabled staff as % of the overall workforce (bank excluded)",
        "difference_pp": "Board Disabled % minus workforce Disabled %, percentage points; 0 = equal, negative = "
                         "Disabled staff under-represented on the board"}
    assert board.judge(-2.0, -5.0) == "better" and board.judge(3.0, -2.0) == "further from equal"
    assert WDES.indicators["1"].composition_description("Unknown", "Band 5") == (
        "Unknown staff as % of Band 5 (unknown disability status in the denominator)")


def test_how_to_read_ratios_per_standard():
    assert WDES.how_to_read_ratios().splitlines() == [
        "- **Metric 2** divides the Non-disabled rate of appointment from shortlisting by the Disabled rate: above 1 = "
        "Non-disabled applicants more likely; closer to 1 is better (1.00 = equal).",
        "- **Metric 3** divides the Disabled rate of entering the formal capability process by the Non-disabled rate: "
        "above 1 = Disabled staff more likely; closer to 1 is better (1.00 = equal)."]
    assert WRES.how_to_read_ratios().splitlines()[1].startswith("- **Indicator 3** divides the BME rate")


def test_register_refuses_a_second_standard_with_a_code_and_a_misnumbered_indicator():
    groups = Characteristic("toy", "A", "B", "Unknown", {"A": "a_percent", "B": "b_percent", "Unknown": "unknown_percent"})
    with pytest.raises(ValueError, match="already registered"):
        register(Standard("wres", "Another", "X", groups, {}))
    with pytest.raises(ValueError, match="indicator 2: number 3"):
        register(Standard("toy-misnumbered", "Toy", "T", groups, {2: Indicator(3, SURVEY, "lower", "x", groups)}))
    assert "toy-misnumbered" not in standards.REGISTRY
