"""Staff survey indicators 5-8: every formula against values worked out by hand, through ``wres survey``."""
import math

import pytest

from helpers import read_results
from wreslib.compute.survey import question_map, survey_trend_table

Z = 1.959963984540054
SURVEY_HEADER = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
RESP_HEADER = "survey_year,respondent_id,ethnicity,occupation,Q14a,Q14b,Q14c,Q15,Q16b\n"


def wilson_by_hand(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def get(results, survey_year, indicator, breakdown, metric, column="value"):
    rows = results[(results["survey_year"] == survey_year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (survey_year, indicator, breakdown, metric, len(rows))
    return rows[column].iloc[0]


@pytest.fixture
def survey(run_cli, tmp_path):
    """Write files into a data directory, run ``wres survey``; return the results."""

    def run(survey_csv=None, responses_csv=None, *extra):
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        if survey_csv is not None:
            (data / "survey.csv").write_text(survey_csv, encoding="utf-8")
        if responses_csv is not None:
            (data / "survey_responses.csv").write_text(responses_csv, encoding="utf-8")
        code, out, err = run_cli("survey", "--data", data, *extra)
        assert code == 0, err
        return read_results(out)

    return run


def test_wilson_and_newcombe_gap_by_hand(survey):
    # White 5 of 10 (50%), BME 2 of 10 (20%).
    r = survey(SURVEY_HEADER + "2023,8,White,,10,50,\n2023,8,BME,,10,20.00,\n", None, "--threshold", "1", "--count-threshold", "0")
    assert get(r, 2023, 8, "All", "white_percent") == pytest.approx(50.0)
    assert get(r, 2023, 8, "All", "white_percent", "numerator") == 5
    assert get(r, 2023, 8, "All", "white_percent", "denominator") == 10
    # Wilson 5/10: 23.66 to 76.34; 2/10: 5.67 to 50.98 (standard tables).
    assert get(r, 2023, 8, "All", "white_percent", "ci_low") == pytest.approx(23.66, abs=0.005)
    assert get(r, 2023, 8, "All", "white_percent", "ci_high") == pytest.approx(76.34, abs=0.005)
    assert get(r, 2023, 8, "All", "bme_percent", "ci_low") == pytest.approx(5.67, abs=0.005)
    assert get(r, 2023, 8, "All", "bme_percent", "ci_high") == pytest.approx(50.98, abs=0.005)
    # Newcombe hybrid score: BME minus White = -30 pp,
    # low = d - sqrt((pB - lB)^2 + (uW - pW)^2), high = d + sqrt((uB - pB)^2 + (pW - lW)^2).
    lw, uw = (x / 100 for x in wilson_by_hand(5, 10))
    lb, ub = (x / 100 for x in wilson_by_hand(2, 10))
    low = -0.3 - math.sqrt((0.2 - lb) ** 2 + (uw - 0.5) ** 2)
    high = -0.3 + math.sqrt((ub - 0.2) ** 2 + (0.5 - lw) ** 2)
    assert get(r, 2023, 8, "All", "difference_pp") == pytest.approx(-30.0)
    assert get(r, 2023, 8, "All", "difference_pp", "ci_low") == pytest.approx(100 * low)
    assert get(r, 2023, 8, "All", "difference_pp", "ci_high") == pytest.approx(100 * high)
    assert get(r, 2023, 8, "All", "difference_pp", "ci_low") == pytest.approx(-59.99, abs=0.01)
    assert get(r, 2023, 8, "All", "difference_pp", "ci_high") == pytest.approx(10.67, abs=0.01)
    assert get(r, 2023, 8, "All", "difference_pp", "significant") is False or \
        str(get(r, 2023, 8, "All", "difference_pp", "significant")) == "False"
    # WRES reporting year = survey year + 1.
    assert get(r, 2023, 8, "All", "white_percent", "year") == 2024


def test_significant_gap(survey):
    # 100 of 1000 vs 200 of 1000: gap +10 pp, interval clear of 0.
    r = survey(SURVEY_HEADER + "2023,8,White,,1000,10,\n2023,8,All other ethnic groups,,1000,20,\n")
    assert get(r, 2023, 8, "All", "difference_pp") == pytest.approx(10.0)
    assert str(get(r, 2023, 8, "All", "difference_pp", "significant")) == "True"
    assert get(r, 2023, 8, "All", "difference_pp", "ci_low") > 0


def test_k_from_published_percent_and_responses(survey):
    # 25.71% of 3042 -> k = round(782.1) = 782; value 782/3042 shows as 25.71.
    r = survey(SURVEY_HEADER + "2023,6,White,,3042,25.71,\n")
    assert get(r, 2023, 6, "All", "white_percent", "numerator") == 782
    assert get(r, 2023, 6, "All", "white_percent") == pytest.approx(100 * 782 / 3042)
    low, high = wilson_by_hand(782, 3042)
    assert get(r, 2023, 6, "All", "white_percent", "ci_low") == pytest.approx(low)
    assert get(r, 2023, 6, "All", "white_percent", "ci_high") == pytest.approx(high)


def test_published_percent_not_a_whole_number_of_responses_is_kept_and_flagged(survey):
    # 33.33% of 10 is no whole number of people: 3/10 = 30.00.
    r = survey(SURVEY_HEADER + "2023,6,White,,10,33.33,\n", None, "--threshold", "1", "--count-threshold", "0")
    assert get(r, 2023, 6, "All", "white_percent") == pytest.approx(33.33)
    assert "not a whole number" in get(r, 2023, 6, "All", "white_percent", "note")


def test_published_percent_without_responses_has_no_interval(survey):
    r = survey(SURVEY_HEADER + "2023,5,White,,,31.49,24.66\n2023,5,All other ethnic groups,,,30.92,28.58\n")
    assert get(r, 2023, 5, "All", "white_percent") == pytest.approx(31.49)
    assert math.isnan(get(r, 2023, 5, "All", "white_percent", "ci_low"))
    assert get(r, 2023, 5, "All", "difference_pp") == pytest.approx(30.92 - 31.49)
    assert math.isnan(get(r, 2023, 5, "All", "difference_pp", "ci_low"))
    assert "no interval" in get(r, 2023, 5, "All", "difference_pp", "note")


def test_change_and_benchmark_gap_by_hand(survey):
    r = survey(SURVEY_HEADER + "2022,7,White,,10,40,\n2023,7,White,,10,50,45.5\n", None, "--threshold", "1", "--count-threshold", "0")
    # change = 50 - 40 = +10 percentage points, on the later survey year only.
    assert get(r, 2023, 7, "All", "white_percent", "change") == pytest.approx(10.0)
    assert math.isnan(get(r, 2022, 7, "All", "white_percent", "change"))
    # benchmark gap = organisation - benchmark = 50 - 45.5 = 4.5; interval = Wilson(5/10) - 45.5.
    assert get(r, 2023, 7, "All", "benchmark_white_percent") == pytest.approx(45.5)
    assert get(r, 2023, 7, "All", "white_benchmark_gap_pp") == pytest.approx(4.5)
    low, high = wilson_by_hand(5, 10)
    assert get(r, 2023, 7, "All", "white_benchmark_gap_pp", "ci_low") == pytest.approx(low - 45.5)
    assert get(r, 2023, 7, "All", "white_benchmark_gap_pp", "ci_high") == pytest.approx(high - 45.5)
    assert "higher is better" in get(r, 2023, 7, "All", "white_percent", "description")


def test_change_needs_the_previous_survey_year(survey):
    r = survey(SURVEY_HEADER + "2020,7,White,,10,40,\n2023,7,White,,10,50,\n", None, "--threshold", "1", "--count-threshold", "0")
    assert math.isnan(get(r, 2023, 7, "All", "white_percent", "change"))


def test_published_breakdowns_get_their_own_names(survey):
    r = survey(SURVEY_HEADER + "2023,7,Black Caribbean,,,39.23,\n2023,7,Mixed,,,44,\n"
               "2023,5,White,Medical and Dental,,38.22,\n2023,5,Any other White background,Nursing,,75.78,\n")
    assert get(r, 2023, 7, "Ethnic category|Caribbean", "percent") == pytest.approx(39.23)
    assert get(r, 2023, 7, "Broad group|Mixed", "percent") == pytest.approx(44)
    assert get(r, 2023, 5, "Occupation|Medical and Dental", "white_percent") == pytest.approx(38.22)
    assert get(r, 2023, 5, "Occupation|Nursing|Ethnic category|Any other White background", "percent") == \
        pytest.approx(75.78)


def respondents(rows):
    return RESP_HEADER + "".join(f"2023,{i + 1},{row}\n" for i, row in enumerate(rows))


def test_indicator_6_is_managers_or_colleagues_per_respondent(survey):
    rows = ["A,Admin,Never,Never,1-2,Yes,No",          # colleagues only: positive
            "A,Admin,Never,Never,Never,Yes,No",        # neither: negative
            "A,Admin,Never,,3-5,Yes,No",               # managers not answered, colleagues yes: positive
            "A,Admin,Never,,,Yes,No",                  # neither answered: not counted
            "A,Admin,Never,More than 10,,Yes,No",      # managers only: positive
            "A,Admin,Never,1-2,6-10,Yes,No"]           # both: one positive respondent
    r = survey(None, respondents(rows), "--threshold", "1", "--count-threshold", "0")
    assert get(r, 2023, 6, "All", "white_percent", "numerator") == 4
    assert get(r, 2023, 6, "All", "white_percent", "denominator") == 5
    assert get(r, 2023, 6, "All", "white_percent") == pytest.approx(80.0)


def test_indicator_7_dont_know_counts_in_the_denominator_and_answers_are_normalised(survey):
    rows = ["N,Admin,Never,Never,Never,Yes,No", "N,Admin,Never,Never,Never,no,No",
            "N,Admin,Never,Never,Never,DON\u2019T KNOW,No", "N,Admin,Never,Never,Never,,No"]
    r = survey(None, respondents(rows), "--threshold", "1", "--count-threshold", "0")
    assert get(r, 2023, 7, "All", "bme_percent", "numerator") == 1
    assert get(r, 2023, 7, "All", "bme_percent", "denominator") == 3
    assert get(r, 2023, 8, "All", "bme_percent") == pytest.approx(0.0)


def test_respondent_breakdowns_and_unknown_ethnicity(survey):
    rows = (["White British,Nurses,1-2,Never,Never,Yes,No"] * 3 + ["White British,Admin,Never,Never,Never,No,No"]
            + ["Black Caribbean,Nurses,1-2,Never,Never,No,Yes"] * 2 + ["Indian,Admin,Never,Never,Never,Yes,No"] * 2
            + ["Prefer not to say,Nurses,1-2,Never,Never,Yes,No"])
    r = survey(None, respondents(rows), "--threshold", "1", "--count-threshold", "0")
    # Unknown ethnicity: in no WRES group, but in the occupation (all staff) figure.
    assert get(r, 2023, 5, "All", "white_percent") == pytest.approx(75.0)
    assert get(r, 2023, 5, "All", "bme_percent") == pytest.approx(50.0)
    assert get(r, 2023, 5, "Occupation|Nurses", "percent", "denominator") == 6
    assert get(r, 2023, 5, "Occupation|Nurses", "percent") == pytest.approx(100.0)
    assert get(r, 2023, 5, "Occupation|Nurses", "white_percent", "denominator") == 3
    assert get(r, 2023, 5, "Occupation|Admin", "difference_pp") == pytest.approx(0.0 - 0.0)
    assert get(r, 2023, 8, "Ethnic category|Caribbean", "percent") == pytest.approx(100.0)
    assert get(r, 2023, 8, "Broad group|Asian or Asian British", "percent") == pytest.approx(0.0)
    assert get(r, 2023, 8, "Ethnic category|Not stated", "percent", "denominator") == 1
    # No benchmark in respondent data.
    assert not (r["metric"].str.startswith("benchmark")).any()


def test_suppression_under_threshold_applies_to_everything_shown(survey, tmp_path):
    rows = ["White British,Nurses,1-2,Never,Never,Yes,No"] * 12 + ["Black African,Nurses,1-2,Never,Never,No,Yes"] * 10
    r = survey(None, respondents(rows))  # default threshold 11: the 10 BME respondents are hidden
    assert get(r, 2023, 5, "All", "white_percent") == pytest.approx(100.0)
    for breakdown in ("All", "Occupation|Nurses"):
        assert math.isnan(get(r, 2023, 5, breakdown, "bme_percent"))
        for column in ("ci_low", "ci_high", "numerator", "denominator"):
            assert math.isnan(get(r, 2023, 5, breakdown, "bme_percent", column))
        # The one note of every hidden figure: the reason (fewer than 11 responses) is not given away.
        assert get(r, 2023, 5, breakdown, "bme_percent", "note") == "* not shown to protect confidentiality"
        assert math.isnan(get(r, 2023, 5, breakdown, "difference_pp"))
    assert math.isnan(get(r, 2023, 8, "Ethnic category|African", "percent"))
    assert math.isnan(get(r, 2023, 8, "Broad group|Black or Black British", "percent"))
    table = survey_trend_table(r, 5)
    assert table.loc["All other ethnic groups (BME): Your org", 2023] == "*"
    assert table.loc["All other ethnic groups (BME): Responses", 2023] == "*"
    assert table.loc["White staff: Your org", 2023] == "100.00%"
    # The threshold is configurable: at 10 the group is shown.
    r10 = survey(None, respondents(rows), "--threshold", "10")
    assert get(r10, 2023, 5, "All", "bme_percent") == pytest.approx(100.0)
    assert get(r10, 2023, 5, "All", "bme_percent", "denominator") == 10


def test_secondary_suppression_hides_a_second_group(survey):
    rows = (["Black African,Admin,Never,Never,Never,Yes,No"] * 30 + ["Indian,Admin,Never,Never,Never,Yes,No"] * 20
            + ["Black Caribbean,Admin,Never,Never,Never,No,No"] * 5)
    r = survey(None, respondents(rows))
    # Indicator 7 (Q14 "Yes"): African 30 of 30, Indian 20 of 20, Caribbean 0 of 5 (fewer than 11: hidden).
    assert math.isnan(get(r, 2023, 7, "Ethnic category|Caribbean", "percent"))
    # Black is 30 of 35 and BME 50 of 55: 5 said no in each, a count of 1 to 7, so both are hidden too.
    assert math.isnan(get(r, 2023, 7, "Broad group|Black or Black British", "percent"))
    assert math.isnan(get(r, 2023, 7, "All", "bme_percent"))
    # Caribbean = Black - African needs Black, and Black = BME - Asian needs BME: African can be shown.
    assert get(r, 2023, 7, "Ethnic category|African", "percent") == pytest.approx(100.0)
    assert get(r, 2023, 7, "Ethnic category|Indian", "percent") == pytest.approx(100.0)
    assert get(r, 2023, 7, "Broad group|Asian or Asian British", "percent") == pytest.approx(100.0)


def test_published_rows_under_threshold_are_suppressed_too(survey):
    r = survey(SURVEY_HEADER + "2023,7,White,,200,50,\n2023,7,BME,,8,25,\n")
    assert math.isnan(get(r, 2023, 7, "All", "bme_percent"))
    assert math.isnan(get(r, 2023, 7, "All", "difference_pp"))


def test_both_files_published_first_and_disagreement_warned(run_cli, tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "survey.csv").write_text(SURVEY_HEADER + "2023,8,White,,12,50,\n")
    rows = ["White British,Admin,Never,Never,Never,Yes,Yes"] * 5 + ["White British,Admin,Never,Never,Never,Yes,No"] * 7
    (data / "survey_responses.csv").write_text(respondents(rows))
    code, out, err = run_cli("survey", "--data", data, "--count-threshold", "0")
    assert code == 0
    r = read_results(out)
    assert get(r, 2023, 8, "All", "white_percent", "numerator") == 6  # published 50% of 12
    assert get(r, 2023, 8, "All", "white_percent", "source") == "published"
    assert "disagree" in get(r, 2023, 8, "All", "white_percent", "note")
    assert "respondent data give 5 of 12" in err
    # Figures only the respondents give are added.
    assert get(r, 2023, 7, "All", "white_percent", "source") == "respondents"


def test_question_map_labels_2019_2020_unverified(survey):
    m = question_map()
    assert set(m.loc[m["survey_year"].isin([2019, 2020]), "verified"]) == {False}
    assert set(m.loc[m["survey_year"] >= 2021, "verified"]) == {True}
    row = m[(m["survey_year"] == 2020) & (m["indicator"] == 8)].iloc[0]
    assert row["questions"] == "Q15b" and row["positive"] == "Yes" and row["wres_year"] == 2021
    text = ("survey_year,respondent_id,ethnicity,occupation,Q13a,Q13b,Q13c,Q14,Q15b\n"
            + "".join(f"2019,{i},A,Admin,Never,Never,Never,Yes,No\n" for i in range(12)))
    r = survey(None, text)
    assert get(r, 2019, 7, "All", "white_percent") == pytest.approx(100.0)
    assert "unverified" in get(r, 2019, 7, "All", "white_percent", "note")
    assert get(r, 2019, 7, "All", "white_percent", "year") == 2020


def test_secondary_suppression_stays_inside_the_broad_group(survey):
    # Mixed: White and Black African 5 (hidden), White and Asian 40, Any other mixed 15.
    # The smallest other BME category overall is Bangladeshi (12), but hiding it would leave
    # White and Black African = Mixed - White and Asian - Any other mixed: Any other mixed is hidden as well.
    rows = (["White and Black African,Admin,Never,Never,Never,Yes,No"] * 5
            + ["White and Asian,Admin,Never,Never,Never,Yes,No"] * 40
            + ["Mixed Other,Admin,Never,Never,Never,No,No"] * 15
            + ["Bangladeshi,Admin,Never,Never,Never,No,No"] * 12
            + ["Indian,Admin,Never,Never,Never,No,No"] * 60)
    r = survey(None, respondents(rows))
    # Indicator 7: White and Black African 5 of 5, White and Asian 40 of 40, Any other mixed 0 of 15.
    assert math.isnan(get(r, 2023, 7, "Ethnic category|White and Black African", "percent"))
    # Mixed (45 of 60) minus the other two would give it: a second Mixed category is hidden. Any other
    # mixed has 0 positive answers (zeros are hidden last), so White and Asian goes; Bangladeshi stays.
    assert math.isnan(get(r, 2023, 7, "Ethnic category|White and Asian", "percent"))
    assert get(r, 2023, 7, "Ethnic category|Any other mixed background", "percent") == pytest.approx(0.0)
    assert get(r, 2023, 7, "Ethnic category|Bangladeshi", "percent") == pytest.approx(0.0)
    assert get(r, 2023, 7, "Broad group|Mixed", "percent") == pytest.approx(45 / 60 * 100)


def test_secondary_suppression_of_occupation_by_wres_group(survey):
    rows = (["White British,Admin,Never,Never,Never,Yes,No"] * 30 + ["Indian,Admin,Never,Never,Never,No,No"] * 4
            + ["White British,Nurses,Never,Never,Never,Yes,No"] * 20 + ["Indian,Nurses,Never,Never,Never,No,No"] * 40
            + ["White British,Medics,Never,Never,Never,No,No"] * 25 + ["Indian,Medics,Never,Never,Never,Yes,No"] * 15)
    r = survey(None, respondents(rows))
    # Indicator 7: Admin White 30 of 30, BME 0 of 4; Nurses White 20 of 20, BME 0 of 40; Medics White 0
    # of 25, BME 15 of 15. Admin BME (4 responses) is hidden, and the Admin all-staff figure (34) with it:
    # all staff minus White would give it (the all-staff figure goes before the White one, which the
    # WRES comparison needs). The BME column (59 in all) and the all-staff column would give Admin away:
    # Nurses' BME and all-staff figures go. Then Admin's and Nurses' BME "yes" answers are 0 + 0 = 15 - 15,
    # so their all-staff "yes" answers (30 + 0, 20 + 0) would be pinned: Medics' go as well.
    for occupation in ("Admin", "Nurses", "Medics"):
        for metric in ("bme_percent", "percent", "difference_pp"):
            assert math.isnan(get(r, 2023, 7, f"Occupation|{occupation}", metric)), (occupation, metric)
    # The White figures stay: the WRES groups' headline figures are the last to go.
    assert get(r, 2023, 7, "Occupation|Admin", "white_percent") == pytest.approx(100.0)
    assert get(r, 2023, 7, "Occupation|Nurses", "white_percent") == pytest.approx(100.0)
    assert get(r, 2023, 7, "Occupation|Medics", "white_percent") == pytest.approx(0.0)
    assert get(r, 2023, 7, "All", "bme_percent") == pytest.approx(15 / 59 * 100)
