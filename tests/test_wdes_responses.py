"""WDES metrics 4a-i to 8 from respondent-level staff survey data (``survey_responses.csv`` with a
``disability`` column): every figure of a small file against counts worked out by hand, the question
table's verified and unverified entries, errors, and the WRES unchanged."""
import io
import logging
import math

import pandas as pd
import pytest

from wreslib.compute.survey import (ADJUSTMENTS, QUESTIONS, REPORTED, SATISFACTION, UNVERIFIED, WDES_QUESTIONS,
                                    compute_survey, question_map, read_responses, read_survey, respondent_counts,
                                    survey_results, write_survey_results)
from wreslib.errors import InputError
from wreslib.publish.pipeline import load_results, load_survey
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES

Z = 1.959963984540054
#: The 2024 columns: the WRES's (Q14a-c, Q15, Q16b) and the WDES's (Q14a-d, Q15, Q11e, Q4b, Q31b).
HEADER = "survey_year,respondent_id,ethnicity,occupation,disability,Q14a,Q14b,Q14c,Q14d,Q15,Q16b,Q11e,Q4b,Q31b"
QUESTION_COLUMNS = ["Q14a", "Q14b", "Q14c", "Q14d", "Q15", "Q11e", "Q4b", "Q31b"]
SURVEY_HEADER = "standard,survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
DEMO = "data/demo"


def wilson_by_hand(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def newcombe_by_hand(k1, n1, k2, n2):
    """Group 1 minus group 2, percentage points, hybrid score interval."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = (x / 100 for x in wilson_by_hand(k1, n1))
    l2, u2 = (x / 100 for x in wilson_by_hand(k2, n2))
    d = p1 - p2
    return 100 * d, 100 * (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)), \
        100 * (d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def get(results, survey_year, indicator, metric, column="value", breakdown="All"):
    rows = results[(results["survey_year"] == survey_year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (survey_year, indicator, breakdown, metric, len(rows))
    return rows[column].iloc[0]


# ---------------------------------------------------------------------------
# A small file worked by hand: 12 Disabled, 30 Non-disabled and 2 Unknown respondents (survey 2024)
# ---------------------------------------------------------------------------

#: Each group's answers, question by question, in respondent order ("" = not answered).
DISABLED = {
    "Q14a": ["1-2", "1-2", "3-5", "6-10", "More than 10"] + ["Never"] * 7,                    # 5 of 12
    "Q14b": ["1-2"] * 3 + ["Never"] * 8 + [""],                                                # 3 of 11
    "Q14c": ["3-5"] * 2 + ["Never"] * 10,                                                      # 2 of 12
    "Q14d": ["Yes, I reported it"] * 3 + ["Yes, a colleague reported it", "No", "No", "Don't know"]
            + [""] * 5,                                                                        # 4 of 7
    "Q15": ["Yes"] * 4 + ["No"] * 6 + ["Don't know"] * 2,                                      # 4 of 12
    "Q11e": ["Yes"] * 3 + ["No"] * 5 + [""] * 4,                                               # 3 of 8
    "Q4b": ["Satisfied"] * 2 + ["Very satisfied"] + ["Neither satisfied nor dissatisfied"] * 3
           + ["Dissatisfied"] * 4 + ["Very dissatisfied"] * 2,                                 # 3 of 12
    "Q31b": ["Yes"] * 6 + ["No"] * 3 + ["No adjustment required"] * 3,                         # 6 of 9
}
NON_DISABLED = {
    "Q14a": ["1-2"] * 6 + ["Never"] * 24,                                                      # 6 of 30
    "Q14b": ["1-2"] * 3 + ["Never"] * 27,                                                      # 3 of 30
    "Q14c": ["1-2"] * 4 + ["Never"] * 25 + [""],                                               # 4 of 29
    "Q14d": ["Yes I reported it"] * 2 + ["No"] * 4 + [""] * 24,  # no comma: read as "Yes, I reported it"; 2 of 6
    "Q15": ["Yes"] * 18 + ["No"] * 10 + ["Don't know"] * 2,                                    # 18 of 30
    "Q11e": ["Yes"] * 3 + ["No"] * 12 + [""] * 15,                                             # 3 of 15
    "Q4b": ["Satisfied"] * 12 + ["Very satisfied"] * 3 + ["Dissatisfied"] * 15,                # 15 of 30
    "Q31b": ["Yes"] + [""] * 29,  # asked of Disabled staff only: left out
}
UNKNOWN = {  # disability blank, then "Prefer not to say"
    "Q14a": ["1-2", "Never"], "Q14b": ["Never", "Never"], "Q14c": ["", ""], "Q14d": ["No", ""],
    "Q15": ["Yes", "Yes"], "Q11e": ["", ""], "Q4b": ["Very satisfied", ""], "Q31b": ["No", ""],
}
#: Disability as respondents gave it: every spelling the classifier knows for each group.
LABELS = {"Disabled": ["Yes", "Y", "Disabled"], "Non-disabled": ["No", "N", "Non-disabled"],
          "Unknown": ["", "Prefer not to say"]}

#: k positive of n answering, worked from the lists above: (Disabled, Non-disabled, all staff).
EXPECTED = {
    "4a-i": ((5, 12), (6, 30), (5 + 6 + 1, 12 + 30 + 2)),
    "4a-ii": ((3, 11), (3, 30), (6, 43)),
    "4a-iii": ((2, 12), (4, 29), (6, 41)),
    "4b": ((4, 7), (2, 6), (6, 14)),
    "5": ((4, 12), (18, 30), (24, 44)),
    "6": ((3, 8), (3, 15), (6, 23)),
    "7": ((3, 12), (15, 30), (19, 43)),
}


def respondent_rows(year=2024, groups=(("Disabled", DISABLED), ("Non-disabled", NON_DISABLED),
                                       ("Unknown", UNKNOWN)), labels=LABELS):
    lines, number = [HEADER], 0
    for group, answers in groups:
        size = len(answers["Q14a"])
        for i in range(size):
            number += 1
            label = labels[group][i % len(labels[group])]
            cells = [answers[q][i] for q in QUESTION_COLUMNS]
            q14 = cells[:4]
            lines.append(",".join([str(year), f"R{number}", "White British", "Admin", label,
                                   *[f'"{c}"' if "," in c else c for c in q14], cells[4], "No", *cells[5:]]))
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path):
    """A data folder holding the given files."""

    def make(name="data", **files):
        data = tmp_path / name
        data.mkdir()
        for file, text in files.items():
            (data / f"{file}.csv").write_text(text, encoding="utf-8")
        return data

    return make


@pytest.fixture
def hand(folder):
    return survey_results(folder(survey_responses=respondent_rows()), standard=WDES)


def test_counts_percentages_and_intervals_worked_by_hand(hand):
    for metric, groups in EXPECTED.items():
        for name, (k, n) in zip(("disabled_percent", "non_disabled_percent", "percent"), groups):
            assert (get(hand, 2024, metric, name, "numerator"), get(hand, 2024, metric, name, "denominator")) == (
                k, n), (metric, name)
            assert get(hand, 2024, metric, name) == pytest.approx(100 * k / n), (metric, name)
            low, high = wilson_by_hand(k, n)
            assert get(hand, 2024, metric, name, "ci_low") == pytest.approx(low), (metric, name)
            assert get(hand, 2024, metric, name, "ci_high") == pytest.approx(high), (metric, name)
            assert get(hand, 2024, metric, name, "source") == "respondents"
            assert get(hand, 2024, metric, name, "year") == 2025  # the WDES report of 2025 uses the 2024 survey
    # Metric 4a-i: Disabled 5 of 12 = 41.67%, Non-disabled 6 of 30 = 20.00%, all staff 12 of 44 = 27.27%.
    assert get(hand, 2024, "4a-i", "disabled_percent") == pytest.approx(41.6667, abs=1e-4)
    assert get(hand, 2024, "4a-i", "non_disabled_percent") == pytest.approx(20.0)
    assert get(hand, 2024, "4a-i", "percent") == pytest.approx(27.2727, abs=1e-4)
    # Wilson 5/12 = 19.33 to 68.05 (standard tables).
    assert get(hand, 2024, "4a-i", "disabled_percent", "ci_low") == pytest.approx(19.33, abs=0.005)
    assert get(hand, 2024, "4a-i", "disabled_percent", "ci_high") == pytest.approx(68.05, abs=0.005)
    # Metric 9a (a score) never comes from respondents; metric 8 is checked below.
    assert set(hand["indicator"]) == {"4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8"}
    assert set(hand["breakdown"]) == {"All"}


def test_difference_is_disabled_minus_non_disabled_with_its_interval(hand):
    for metric, ((kd, nd), (kn, nn), _) in EXPECTED.items():
        diff, low, high = newcombe_by_hand(kd, nd, kn, nn)
        assert get(hand, 2024, metric, "difference_pp") == pytest.approx(diff), metric
        assert get(hand, 2024, metric, "difference_pp", "ci_low") == pytest.approx(low), metric
        assert get(hand, 2024, metric, "difference_pp", "ci_high") == pytest.approx(high), metric
        assert bool(get(hand, 2024, metric, "difference_pp", "significant")) == (low > 0 or high < 0), metric
    # 4a-i: 41.67 - 20.00 = +21.67 pp (Disabled staff fare worse: lower is better); 5: 33.33 - 60.00 = -26.67 pp.
    assert get(hand, 2024, "4a-i", "difference_pp") == pytest.approx(21.6667, abs=1e-4)
    assert get(hand, 2024, "5", "difference_pp") == pytest.approx(-26.6667, abs=1e-4)
    assert WDES.indicators["5"].distance_direction(get(hand, 2024, "5", "difference_pp")) == \
        "Disabled staff fare worse"
    assert get(hand, 2024, "4a-i", "difference_pp", "description").startswith("Disabled % minus Non-disabled %")


def test_disabled_and_non_disabled_are_not_swapped(folder):
    # Every Disabled respondent ("Yes") harassed by the public, no Non-disabled one ("No"): swapping the groups
    # anywhere would give Disabled 0% and a difference of -100 pp.
    yes = {q: (["1-2"] if q == "Q14a" else [""]) * 12 for q in QUESTION_COLUMNS}
    no = {q: (["Never"] if q == "Q14a" else [""]) * 30 for q in QUESTION_COLUMNS}
    text = respondent_rows(groups=(("Disabled", yes), ("Non-disabled", no)),
                           labels={"Disabled": ["Yes"], "Non-disabled": ["No"]})
    r = survey_results(folder(survey_responses=text), standard=WDES)
    assert get(r, 2024, "4a-i", "disabled_percent") == pytest.approx(100.0)
    assert get(r, 2024, "4a-i", "disabled_percent", "denominator") == 12
    assert get(r, 2024, "4a-i", "non_disabled_percent") == pytest.approx(0.0)
    assert get(r, 2024, "4a-i", "non_disabled_percent", "denominator") == 30
    assert get(r, 2024, "4a-i", "difference_pp") == pytest.approx(100.0)
    assert WDES.indicators["4a-i"].distance_direction(100.0) == "Disabled staff fare worse"
    counts = respondent_counts(read_responses(folder("again", survey_responses=text) / "survey_responses.csv",
                                              standard=WDES), WDES).set_index("metric")
    assert (counts.loc["disabled_percent", "k"], counts.loc["disabled_percent", "n"]) == (12, 12)
    assert (counts.loc["non_disabled_percent", "k"], counts.loc["non_disabled_percent", "n"]) == (0, 30)


def test_unknown_disability_is_in_all_staff_only(hand, folder):
    # The two Unknown respondents (blank; "Prefer not to say") add 1 of 2 to 4a-i's all-staff figure only.
    assert get(hand, 2024, "4a-i", "percent", "denominator") == 12 + 30 + 2
    assert get(hand, 2024, "4a-i", "disabled_percent", "denominator") + \
        get(hand, 2024, "4a-i", "non_disabled_percent", "denominator") == 42
    # With no one of known disability, only the all-staff figures are given.
    only_unknown = respondent_rows(groups=(("Unknown", UNKNOWN),))
    r = survey_results(folder("unknown", survey_responses=only_unknown), standard=WDES)
    assert set(r["metric"]) == {"percent"}
    assert get(r, 2024, "4a-i", "percent", "numerator") == 1 and get(r, 2024, "4a-i", "percent", "denominator") == 2


def test_metric_8_is_disabled_staff_only(hand):
    # Yes 6, No 3 and "No adjustment required" 3 (left out): 6 of 9. The Non-disabled "Yes" and the Unknown
    # "No" are not counted anywhere: the question is asked of Disabled staff.
    assert set(hand.loc[hand["indicator"] == "8", "metric"]) == {"disabled_percent"}
    assert (get(hand, 2024, "8", "disabled_percent", "numerator"),
            get(hand, 2024, "8", "disabled_percent", "denominator")) == (6, 9)
    assert get(hand, 2024, "8", "disabled_percent") == pytest.approx(66.6667, abs=1e-4)
    assert get(hand, 2024, "8", "disabled_percent", "description").startswith(
        "% of Disabled staff saying that their employer has made adequate adjustment(s)")


# ---------------------------------------------------------------------------
# The question table: verified entries cite a source, the others say UNVERIFIED, and so do their figures
# ---------------------------------------------------------------------------

def test_question_table_covers_every_metric_and_year_once():
    years = range(2019, 2025)
    metrics = [n for n, d in WDES.indicators.items() if d.kind == "survey percentage"]
    assert metrics == ["4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8"]
    entries = [(y, q.indicator) for q in WDES_QUESTIONS for y in q.survey_years]
    assert sorted(entries, key=str) == sorted([(y, m) for y in years for m in metrics], key=str)
    assert "9a" not in {q.indicator for q in WDES_QUESTIONS}  # the engagement score: published tables only
    for q in WDES_QUESTIONS:
        assert set(q.positive) <= set(q.answers) and set(q.not_counted) <= set(q.answers) - set(q.positive)


def test_unverified_entries_are_labelled_and_verified_ones_cite_a_source():
    m = question_map(WDES)
    assert list(m.columns[:3]) == ["survey_year", "wdes_year", "indicator"]
    for q in WDES_QUESTIONS:
        if q.verified:
            assert "UNVERIFIED" not in q.source and "github" in q.source, q
        else:
            assert q.source == UNVERIFIED == "from memory: UNVERIFIED", q
    verified = set(map(tuple, m.loc[m["verified"], ["survey_year", "indicator"]].to_numpy()))
    assert verified == {(2023, "4a-i"), (2023, "5"), (2024, "4a-i"), (2024, "4a-ii"), (2024, "4a-iii"),
                        (2024, "5"), (2024, "6"), (2024, "7")}
    # 4b's and 8's answers are not confirmed in any year, nor is any 2019-2022 number.
    assert not m.loc[m["indicator"].isin(["4b", "8"]) | (m["survey_year"] <= 2022), "verified"].any()
    row = m[(m["survey_year"] == 2024) & (m["indicator"] == "8")].iloc[0]
    assert (row["questions"], row["positive"], row["not_counted"], row["wdes_year"]) == (
        "Q31b", "Yes", "No adjustment required", 2025)
    assert m[(m["survey_year"] == 2024) & (m["indicator"] == "4b")].iloc[0]["positive"] == "|".join(REPORTED[:2])
    assert SATISFACTION[3:] == ("Satisfied", "Very satisfied") and ADJUSTMENTS[-1] == "No adjustment required"


def test_figures_from_unverified_entries_say_so(hand, folder):
    # 2024: 4b and 8 are unverified, so are their figures (and 4b's difference); the others are not.
    for metric in ("4b", "8"):
        notes = hand.loc[hand["indicator"] == metric, "note"]
        assert notes.str.contains(f"question mapping for survey 2024 unverified").all(), metric
    assert "unverified (Q14d)" in get(hand, 2024, "4b", "difference_pp", "note")
    assert (hand.loc[~hand["indicator"].isin(["4b", "8"]), "note"] == "").all()
    # 2021: every WDES entry is unverified, and every figure says so.
    r = survey_results(folder("y2021", survey_responses=respondent_rows(year=2021)), standard=WDES)
    assert len(r) and r["note"].str.contains("question mapping for survey 2021 unverified").all()
    assert get(r, 2021, "7", "disabled_percent", "note") == "question mapping for survey 2021 unverified (Q4b)"
    assert get(r, 2021, "7", "disabled_percent") == pytest.approx(25.0)  # the same numbers as 2024: 3 of 12


# ---------------------------------------------------------------------------
# Errors and unrecognised labels
# ---------------------------------------------------------------------------

def test_bad_disability_label_is_an_error_naming_file_line_and_column_when_strict(run_cli, folder):
    text = respondent_rows().replace("\n2024,R2,White British,Admin,Y,", "\n2024,R2,White British,Admin,Yess,")
    data = folder(survey_responses=text)
    path = data / "survey_responses.csv"
    with pytest.raises(InputError) as caught:
        survey_results(data, standard=WDES, strict_ethnicity=True)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column, problem.got) == (str(path), 3, "disability", "Yess")
    assert "did you mean 'Yes'?" in problem.expected
    # Through the command line: one line, exit 2, naming file, line and column.
    code, out, err = run_cli("indicators", "--data", data, "--year", 2025, "--standard", "wdes", "--strict-ethnicity")
    assert code == 2 and out == "" and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err and "line 3" in err and "column 'disability'" in err and "Yess" in err, err


def test_unrecognised_disability_label_is_unknown_with_a_warning(folder, caplog):
    # As the disability classifier treats an extract's labels: Unknown (in all staff only), with a warning.
    text = respondent_rows().replace("\n2024,R2,White British,Admin,Y,", "\n2024,R2,White British,Admin,Yess,")
    data = folder(survey_responses=text)
    with caplog.at_level(logging.WARNING):
        r = survey_results(data, standard=WDES)
    assert "not recognised and counted as Unknown: 'Yess' (1)" in caplog.text
    assert str(data / "survey_responses.csv") in caplog.text
    # R2 (Disabled, Q14a "1-2") moves from the Disabled figure to all staff only.
    assert (get(r, 2024, "4a-i", "disabled_percent", "numerator"),
            get(r, 2024, "4a-i", "disabled_percent", "denominator")) == (4, 11)
    assert (get(r, 2024, "4a-i", "percent", "numerator"), get(r, 2024, "4a-i", "percent", "denominator")) == (12, 44)


def test_bad_wdes_answer_and_missing_wdes_column(folder):
    text = respondent_rows().replace('"Yes, a colleague reported it"', "Maybe", 1)
    path = folder(survey_responses=text) / "survey_responses.csv"
    with pytest.raises(InputError) as caught:
        read_responses(path, standard=WDES)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.got) == (5, "Q14d", "Maybe")
    assert "one of Yes, I reported it, Yes, a colleague reported it, No, Don't know" in problem.expected
    # The WRES does not read the WDES questions: the same file gives its figures.
    assert not survey_results(path.parent).empty
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="Q31b")
    missing = folder("missing")
    frame.to_csv(missing / "survey_responses.csv", index=False)
    with pytest.raises(InputError) as caught:
        survey_results(missing, standard=WDES)
    assert (caught.value.problems[0].column, caught.value.problems[0].line) == ("Q31b", 1)
    assert "metric 8 in survey year 2024" in caught.value.problems[0].expected


def test_validate_lists_wdes_answers_only_with_a_disability_column(run_cli, folder):
    text = respondent_rows().replace("Neither satisfied nor dissatisfied", "Meh", 1)
    with_column = folder("with", survey_responses=text)
    code, out, err = run_cli("validate", "--data", with_column)
    assert "column 'Q4b'" in out + err and "Meh" in out + err, out + err
    without = folder("without", survey_responses=pd.read_csv(with_column / "survey_responses.csv", dtype=str,
                                                              keep_default_na=False)
                     .drop(columns="disability").to_csv(index=False))
    code, out, err = run_cli("validate", "--data", without)
    assert "Q4b" not in out + err and "Meh" not in out + err, out + err


# ---------------------------------------------------------------------------
# Published tables and respondents together; the pipeline
# ---------------------------------------------------------------------------

def test_published_figures_win_as_for_the_wres(folder, caplog):
    survey = (SURVEY_HEADER + "wdes,2024,4a-i,Disabled,,12,50.0,\n"   # respondents: 5 of 12, published 6 of 12
              "wdes,2024,5,Non-disabled,,,60.0,\n"                    # no responses: respondents' 18 of 30 agree
              "wdes,2024,9a,Disabled,,12,6.5,\n")                     # a score: published only
    data = folder(survey=survey, survey_responses=respondent_rows())
    with caplog.at_level(logging.WARNING):
        r = survey_results(data, standard=WDES)
    # Disagreement: the published figure is kept, the note and a warning say so.
    assert (get(r, 2024, "4a-i", "disabled_percent", "numerator"), get(r, 2024, "4a-i", "disabled_percent", "source"),
            get(r, 2024, "4a-i", "disabled_percent", "value")) == (6, "published", pytest.approx(50.0))
    assert "respondent data disagree" in get(r, 2024, "4a-i", "disabled_percent", "note")
    assert "respondent data give 5 of 12 but the published figure is 6 of 12" in caplog.text
    # The difference uses the published Disabled figure and the respondents' Non-disabled one (6 of 30).
    diff, low, high = newcombe_by_hand(6, 12, 6, 30)
    assert get(r, 2024, "4a-i", "difference_pp") == pytest.approx(diff)
    assert get(r, 2024, "4a-i", "difference_pp", "ci_low") == pytest.approx(low)
    # Agreement with a published percentage without responses: count and interval from the respondents.
    assert (get(r, 2024, "5", "non_disabled_percent", "numerator"),
            get(r, 2024, "5", "non_disabled_percent", "denominator")) == (18, 30)
    assert "count and interval from survey_responses.csv" in get(r, 2024, "5", "non_disabled_percent", "note")
    assert get(r, 2024, "5", "non_disabled_percent", "ci_low") == pytest.approx(wilson_by_hand(18, 30)[0])
    # Figures only the respondents give are added; the score stays as published.
    assert get(r, 2024, "7", "disabled_percent", "source") == "respondents"
    assert get(r, 2024, "9a", "disabled_score") == pytest.approx(6.5)
    # The frames read once give the same.
    pd.testing.assert_frame_equal(compute_survey(read_survey(data / "survey.csv"),
                                                 read_responses(data / "survey_responses.csv", standard=WDES), WDES), r)


def test_load_survey_and_load_results_give_the_respondents_figures(folder):
    with_column = folder("with", survey_responses=respondent_rows())
    survey = load_survey(with_column, 2025, standard=WDES)
    pd.testing.assert_frame_equal(survey, survey_results(with_column, standard=WDES))
    results = load_results(with_column, 2025, standard=WDES)  # survey data only: metrics 4-8 alone
    assert get(results, 2024, "4a-i", "disabled_percent", "numerator") == 5
    assert set(results["indicator"]) == set(EXPECTED) | {"8"}
    assert load_survey(with_column, 2024, standard=WDES).empty  # reporting years up to 2024: none
    # Without the disability column the respondents serve the WRES only.
    plain = pd.read_csv(with_column / "survey_responses.csv", dtype=str, keep_default_na=False)
    without = folder("without", survey_responses=plain.drop(columns="disability").to_csv(index=False))
    assert load_survey(without, 2025, standard=WDES) is None
    assert not load_survey(without, 2025).empty


# ---------------------------------------------------------------------------
# The WRES unchanged
# ---------------------------------------------------------------------------

def _wres_bytes(data, tmp_path, name):
    out = tmp_path / f"{name}.csv"
    write_survey_results(survey_results(data), out)
    return out.read_bytes()


def test_wres_figures_of_test_files_are_byte_identical(folder, tmp_path):
    text = respondent_rows()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    wres_only = frame[["survey_year", "respondent_id", "ethnicity", "occupation", "Q14a", "Q14b", "Q14c", "Q15",
                       "Q16b"]]
    plain = folder("plain", survey_responses=wres_only.to_csv(index=False))
    both = folder("both", survey_responses=text)
    baseline = _wres_bytes(plain, tmp_path, "plain")
    assert _wres_bytes(both, tmp_path, "both") == baseline
    # WRES published rows next to them: the same again.
    wres_rows = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n2024,5,White,,42,30,\n"
    for name, responses in (("p1", wres_only.to_csv(index=False)), ("p2", text)):
        folder(name, survey=wres_rows, survey_responses=responses)
    assert _wres_bytes(tmp_path / "p1", tmp_path, "p1") == _wres_bytes(tmp_path / "p2", tmp_path, "p2")
    # The WRES's question table is as it was.
    assert [q.indicator for q in QUESTIONS] == [5, 6, 7, 8] * 2 and not any(q.not_counted for q in QUESTIONS)


def test_wres_figures_of_the_demo_are_byte_identical(tmp_path):
    demo = pd.read_csv(f"{DEMO}/survey_responses.csv", dtype=str, keep_default_na=False)
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("survey.csv", "survey_responses.csv"):
        (plain / name).write_bytes(open(f"{DEMO}/{name}", "rb").read())
    # The demo's respondents with a disability answer and the WDES questions of each survey year.
    with_wdes = demo.assign(disability=[("Yes", "No", "No", "Prefer not to say", "", "No")[i % 6]
                                        for i in range(len(demo))])
    year = with_wdes["survey_year"].astype(int)
    for column, value in (("Q13d", "No"), ("Q5f", "Satisfied"), ("Q28b", "Yes"), ("Q14d", "Don't know"),
                          ("Q4b", "Dissatisfied"), ("Q31b", "No adjustment required"), ("Q11e", "Yes")):
        old = column in ("Q13d", "Q5f", "Q28b")
        with_wdes[column] = [value if (y <= 2020) == old or column == "Q11e" else "" for y in year]
    both = tmp_path / "both"
    both.mkdir()
    (both / "survey.csv").write_bytes((plain / "survey.csv").read_bytes())
    with_wdes.to_csv(both / "survey_responses.csv", index=False, lineterminator="\n")
    assert _wres_bytes(both, tmp_path, "both") == _wres_bytes(plain, tmp_path, "plain")
    # ... and the same folder gives the WDES figures the demo's published table lacks (2019-2021: it has 2022-2023).
    wdes = survey_results(both, standard=WDES)
    assert set(wdes.loc[wdes["source"] == "respondents", "survey_year"]) >= {2019, 2020, 2021}
    assert get(wdes, 2021, "7", "disabled_percent") == pytest.approx(0.0)  # everyone "Dissatisfied"
