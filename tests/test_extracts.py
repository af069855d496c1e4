"""Record-level extracts to counts and indicators: each rule against values worked out by hand,
each error through the CLI (exit 2, one line naming file, line and column)."""
import logging
import textwrap

import pandas as pd
import pytest

from helpers import error_line, pick, read_results
from wreslib.inputs.counts import read_counts
from wreslib.inputs.extracts import extract_counts, map_pay_band, map_staff_group, parse_bool, parse_dates

WF = "staff_id,ethnicity,pay_band,staff_group,contract_type\n"
REC = "application_id,ethnicity,shortlisted,appointed\n"
DIS = "case_id,staff_id,ethnicity,date_entered\n"
TRN = "staff_id,course,date\n"
BRD = "member_id,ethnicity,voting,executive\n"

# A small trust, 2024. Substantive staff: White 1, 4, 7 (3); BME 2, 3, 6, 8 (4); Unknown 5 (1).
WORKFORCE = WF + """\
1,A White - British,Band 5,Nursing and Midwifery Registered,Permanent
2,N Black or Black British - African,AfC Band 5,Nursing and Midwifery Registered,Permanent
3,H,Band 8 - Range A,Administrative and Clerical,Fixed Term Temp
4,C3,8a,Estates and Ancillary,Permanent
5,Z Not Stated,Consultant,Medical and Dental,Permanent
6,M,Specialty Registrar,Medical and Dental,Permanent
7,B,Very Senior Manager,Administrative and Clerical,Permanent
8,LK,VSM,Administrative and Clerical,Permanent
"""
RECRUITMENT = REC + """\
a1,White British,Y,Y
a2,White British,Y,N
a3,Indian,Y,Y
a4,Indian,Y,N
a5,Indian,Y,N
a6,Indian,Y,N
a7,Indian,N,N
"""
DISCIPLINARY = DIS + """\
c1,2,N,2023-06-01
c2,3,H,2023-07-01
c3,1,A,2023-08-01
"""
TRAINING = TRN + """\
1,Coaching,2023-05-01
4,Coaching,2023-05-01
2,Coaching,2023-05-01
"""
BOARD = BRD + """\
b1,White British,Y,Y
b2,White British,Y,Y
b3,Indian,Y,N
b4,White British,N,N
"""
FILES = dict(workforce=WORKFORCE, recruitment=RECRUITMENT, disciplinary=DISCIPLINARY, training=TRAINING, board=BOARD)


@pytest.fixture
def data(tmp_path):
    """Write a data folder: data(year, workforce=TEXT, ..., toml=TEXT); a file given as None is left out."""
    root = tmp_path / "data"

    def make(year=2024, toml=None, **files):
        folder = root / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in {**FILES, **files}.items():
            if text is not None:
                (folder / f"{name}.csv").write_text(textwrap.dedent(text), encoding="utf-8")
        if toml is not None:
            (root / "wres.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
        return root

    return make


def counts_of(counts, indicator, measure, breakdown=""):
    """{WRES group: count} of one indicator, measure and breakdown (zeros for missing groups)."""
    rows = counts[(counts["indicator"] == indicator) & (counts["measure"] == measure)
                  & (counts["breakdown"] == breakdown)]
    got = rows.groupby("wres")["count"].sum().to_dict()
    return {g: int(got.get(g, 0)) for g in ("White", "BME", "Unknown")}


def results(run_cli, root, year=2024, *extra):
    code, out, err = run_cli("indicators", "--data", root, "--year", year, *extra)
    assert code == 0, err
    return read_results(out), err


# ------------------------------------------------------------------ mapping tables

@pytest.mark.parametrize("spelling, band", [
    ("Band 5", "Band 5"), ("AfC Band 5", "Band 5"), ("band  5", "Band 5"), ("5", "Band 5"),
    ("Band 8 - Range A", "Band 8a"), ("Band 8A", "Band 8a"), ("8a", "Band 8a"), ("Band 8 Range D", "Band 8d"),
    ("Band 9", "Band 9"), ("Band 1", "Band 1"), ("Under Band 1", "Under Band 1"),
    ("Very Senior Manager", "VSM"), ("VSM", "VSM"),
    ("Consultant", "Consultant"),
    ("Specialty Doctor", "Non-consultant career grade"), ("Associate Specialist", "Non-consultant career grade"),
    ("Staff Grade", "Non-consultant career grade"),
    ("Foundation Year 1", "Trainee grade"), ("Foundation Year 2", "Trainee grade"), ("FY1", "Trainee grade"),
    ("Specialty Registrar", "Trainee grade"), ("Core Training", "Trainee grade"), ("ST1", "Trainee grade"),
    ("ST8", "Trainee grade"), ("CT2", "Trainee grade"),
    ("Clinical Fellow", "Other"), ("Trust Grade Doctor", "Other"),
    ("Band 8", None), ("Band 5a", None), ("Band 10", None), ("ST9", None), ("Grade 7", None), ("", None),
])
def test_pay_band_spellings(spelling, band):
    assert map_pay_band(spelling) == band


@pytest.mark.parametrize("group, cluster", [
    ("Medical and Dental", "Medical and Dental"), ("Nursing and Midwifery Registered", "Clinical"),
    ("Registered Nursing and Midwifery", "Clinical"), ("Additional Clinical Services", "Clinical"),
    ("Allied Health Professionals", "Clinical"), ("Healthcare Scientists", "Clinical"),
    ("Add Prof Scientific and Technic", "Clinical"), ("Additional Professional Scientific and Technical", "Clinical"),
    ("Administrative and Clerical", "Non-clinical"), ("Estates & Ancillary", "Non-clinical"),
    ("Students", "Students"), ("Volunteers", None),
])
def test_staff_groups(group, cluster):
    assert map_staff_group(group) == cluster


@pytest.mark.parametrize("value, expected", [
    ("Y", True), ("y", True), ("Yes", True), ("TRUE", True), ("True", True), ("1", True),
    ("N", False), ("no", False), ("False", False), ("0", False), ("", None), ("maybe", None), ("2", None),
])
def test_booleans(value, expected):
    got = parse_bool(pd.Series([value])).iloc[0]
    assert (None if pd.isna(got) else bool(got)) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-03-31", "2024-03-31"), ("31/03/2024", "2024-03-31"), ("01/04/2023", "2023-04-01"),
    ("31-Mar-2024", "2024-03-31"), ("31-MAR-2024", "2024-03-31"), ("31/03/2024 00:00", "2024-03-31"),
    ("31/03/24", None), ("2024-02-30", None), ("soon", None), ("", None),
])
def test_dates_day_before_month(value, expected):
    got = parse_dates(pd.Series([value])).iloc[0]
    assert (None if pd.isna(got) else got.strftime("%Y-%m-%d")) == expected


# ------------------------------------------------------------------ indicator 1

def test_indicator_1_bands_and_clusters(data):
    counts = extract_counts(data(), 2024)
    assert counts_of(counts, 1, "headcount", "Clinical|Band 5") == {"White": 1, "BME": 1, "Unknown": 0}
    # "Band 8 - Range A" (BME) and "8a" (C3 = White) are the same band.
    assert counts_of(counts, 1, "headcount", "Non-clinical|Band 8a") == {"White": 1, "BME": 1, "Unknown": 0}
    assert counts_of(counts, 1, "headcount", "Non-clinical|VSM") == {"White": 1, "BME": 1, "Unknown": 0}
    assert counts_of(counts, 1, "headcount", "Medical and Dental|Consultant") == {"White": 0, "BME": 0, "Unknown": 1}
    assert counts_of(counts, 1, "headcount", "Medical and Dental|Trainee grade") == {"White": 0, "BME": 1,
                                                                                     "Unknown": 0}
    assert counts.loc[(counts["indicator"] == 1) & (counts["measure"] == "headcount"), "count"].sum() == 8


def test_indicator_1_results_through_cli(run_cli, data):
    r, _ = results(run_cli, data())
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(100 * 4 / 8)
    assert pick(r, 2024, 1, "Overall", "unknown_percent") == pytest.approx(100 * 1 / 8)
    assert pick(r, 2024, 1, "Non-clinical", "bme_percent") == pytest.approx(100 * 2 / 4)
    assert pick(r, 2024, 1, "Medical and Dental", "bme_percent") == pytest.approx(50)


def test_person_counted_once_first_non_bank_assignment(data, caplog):
    workforce = WF + """\
1,A,Band 5,Nursing and Midwifery Registered,Permanent
1,A,Band 6,Nursing and Midwifery Registered,Permanent
2,N,Band 3,Additional Clinical Services,Bank
2,N,Band 7,Nursing and Midwifery Registered,Permanent
2,N,Band 2,Additional Clinical Services,Bank
3,H,Band 4,Administrative and Clerical,Permanent
"""
    notes = []
    with caplog.at_level(logging.INFO, logger="wreslib"):
        counts = extract_counts(data(workforce=workforce, training=None), 2024, notes=notes)
    # Person 1: the first row (Band 5), not Band 6; person 2: the Permanent Band 7 row, not the
    # bank rows before and after it; so 3 people, not 6 rows.
    assert counts_of(counts, 1, "headcount", "Clinical|Band 5") == {"White": 1, "BME": 0, "Unknown": 0}
    assert counts_of(counts, 1, "headcount", "Clinical|Band 6") == {"White": 0, "BME": 0, "Unknown": 0}
    assert counts_of(counts, 1, "headcount", "Clinical|Band 7") == {"White": 0, "BME": 1, "Unknown": 0}
    assert counts_of(counts, 3, "headcount") == {"White": 1, "BME": 2, "Unknown": 0}
    assert counts_of(counts, 1, "bank_headcount") == {"White": 0, "BME": 0, "Unknown": 0}
    merged = [n for n in map(str, notes) if "merged" in n]
    assert len(merged) == 1 and "3 extra assignment row(s) of 2 people merged" in merged[0]
    assert any("3 extra assignment row(s) of 2 people" in r.getMessage() for r in caplog.records)


def test_bank_only_staff_out_of_indicator_1_and_in_the_bank_figure(run_cli, data):
    workforce = WF + """\
1,A,Band 5,Nursing and Midwifery Registered,Permanent
2,N,Band 5,Nursing and Midwifery Registered,Permanent
3,H,Band 5,Nursing and Midwifery Registered,Permanent
4,M,Band 5,Nursing and Midwifery Registered,Permanent
5,A,Band 3,Additional Clinical Services,Bank
6,A,Band 3,Additional Clinical Services,bank
6,A,Band 2,Additional Clinical Services,Bank
7,B,Band 3,Additional Clinical Services,Bank
8,N,Band 3,Additional Clinical Services,Bank
"""
    workforce = workforce.replace("7,B,Band 3,Additional Clinical Services,Bank", "7,B,Band 3,Admin,Bank Staff")
    root = data(workforce=workforce, disciplinary=None, training=None)
    counts = extract_counts(root, 2024)
    assert counts_of(counts, 1, "bank_headcount") == {"White": 3, "BME": 1, "Unknown": 0}
    r, err = results(run_cli, root)
    assert "contract types read as bank (assignments): 'Bank' (3), 'Bank Staff' (1), 'bank' (1)" in err
    assert "contract types read as not bank (assignments): 'Permanent' (4)" in err
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(75)  # 3 of 4, bank excluded
    assert pick(r, 2024, 1, "Overall including bank", "bme_percent") == pytest.approx(50)  # 4 of 8
    assert pick(r, 2024, 9, "All", "workforce_bme_percent") == pytest.approx(75)  # bank excluded


def test_unmapped_band_reported_with_count_kept_in_headcounts(run_cli, data):
    workforce = WORKFORCE + """\
9,A,Band 10,Administrative and Clerical,Permanent
10,N,Band 10,Administrative and Clerical,Permanent
11,N,Band 5,Volunteers,Permanent
12,A,Band 6,Medical and Dental,Permanent
"""
    root = data(workforce=workforce)
    r, err = results(run_cli, root)
    assert "4 staff left out of indicator 1" in err
    assert "pay band 'Band 10' not recognised (2)" in err
    assert "staff group 'Volunteers' not recognised (1)" in err
    assert "pay band 'Band 6' is not a Medical and Dental band (1)" in err
    # Indicator 1 as without them; indicators 3 and 4 count them: White 3+2, BME 4+2.
    assert pick(r, 2024, 1, "Overall", "bme_percent") == pytest.approx(50)
    assert pick(r, 2024, 1, "Overall", "bme_percent", "denominator") == 8
    assert pick(r, 2024, 3, "single-year", "white_percent", "denominator") == 5
    assert pick(r, 2024, 3, "single-year", "bme_percent", "denominator") == 6


def test_unmapped_band_is_a_logged_warning(data, caplog):
    workforce = WORKFORCE + "9,A,Band 8,Administrative and Clerical,Permanent\n"
    with caplog.at_level(logging.INFO, logger="wreslib.inputs.extracts"):
        extract_counts(data(workforce=workforce), 2024)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("pay band 'Band 8' not recognised (1)" in w for w in warnings), warnings


def test_assignments_disagreeing_on_ethnicity_are_warned(data, caplog):
    workforce = WF + ("1,A,Band 5,Nursing and Midwifery Registered,Permanent\n"
                      "1,N,Band 3,Additional Clinical Services,Bank\n")
    notes = []
    counts = extract_counts(data(workforce=workforce, training=None, disciplinary=None), 2024, notes=notes)
    assert counts_of(counts, 1, "headcount", "Clinical|Band 5") == {"White": 1, "BME": 0, "Unknown": 0}
    assert any("1 people have assignments with different ethnicity groups" in n for n in map(str, notes))


def test_cases_and_training_of_bank_staff_and_students_left_out(data):
    workforce = WORKFORCE + "9,N,Band 3,Additional Clinical Services,Bank\n10,N,Band 3,Students,Permanent\n"
    disciplinary = DIS + "c1,9,N,2023-06-01\nc2,10,N,2023-06-01\nc3,2,N,2023-06-01\n"
    training = TRN + "9,C,2023-06-01\n10,C,2023-06-01\n2,C,2023-06-01\n"
    notes = []
    counts = extract_counts(data(workforce=workforce, disciplinary=disciplinary, training=training), 2024,
                            notes=notes)
    assert counts_of(counts, 3, "entered_disciplinary") == {"White": 0, "BME": 1, "Unknown": 0}
    assert counts_of(counts, 4, "accessed_training") == {"White": 0, "BME": 1, "Unknown": 0}
    assert any("2 bank-only staff or students with cases left out" in n for n in map(str, notes))
    assert any("2 bank-only staff or students with training left out" in n for n in map(str, notes))


def test_students_reported_apart(run_cli, data):
    workforce = WORKFORCE + "9,N,Band 3,Students,Permanent\n10,A,Band 4,Student,Fixed Term Temp\n"
    r, err = results(run_cli, data(workforce=workforce))
    assert "2 students reported apart" in err and "White 1, BME 1, Unknown 0" in err
    assert pick(r, 2024, 1, "Overall", "bme_percent", "denominator") == 8
    assert pick(r, 2024, 4, "All", "bme_percent", "denominator") == 4


# ------------------------------------------------------------------ indicators 2, 3, 4, 9

def test_indicator_2_from_applications(run_cli, data):
    r, _ = results(run_cli, data())
    # White 1 of 2 shortlisted appointed (50%), BME 1 of 4 (25%; the unshortlisted a7 is not counted).
    assert pick(r, 2024, 2, "All", "white_percent") == pytest.approx(50)
    assert pick(r, 2024, 2, "All", "bme_percent") == pytest.approx(25)
    assert pick(r, 2024, 2, "All", "relative_likelihood") == pytest.approx(2.0)


@pytest.mark.parametrize("yes, no", [("Y", "N"), ("Yes", "No"), ("True", "False"), ("1", "0"), ("yes", "FALSE")])
def test_indicator_2_boolean_spellings(data, yes, no):
    recruitment = REC + f"a1,A,{yes},{yes}\na2,A,{yes},{no}\na3,N,{no},{no}\na4,N,{yes},{no}\n"
    counts = extract_counts(data(recruitment=recruitment), 2024)
    assert counts_of(counts, 2, "shortlisted") == {"White": 2, "BME": 1, "Unknown": 0}
    assert counts_of(counts, 2, "appointed") == {"White": 1, "BME": 0, "Unknown": 0}


def test_indicator_3_staff_not_cases_within_the_year(run_cli, data):
    disciplinary = DIS + """\
c1,2,N,31/03/2023
c2,2,N,01/04/2023
c3,2,N,2023-10-10
c4,3,H,31-Mar-2024
c5,6,M,01/04/2024
c6,1,A,2023-09-09
"""
    root = data(disciplinary=disciplinary)
    counts = extract_counts(root, 2024)
    # c1 (31 March 2023) and c5 (1 April 2024) are outside 2023/24; staff 2 counts once.
    assert counts_of(counts, 3, "entered_disciplinary") == {"White": 1, "BME": 2, "Unknown": 0}
    r, err = results(run_cli, root)
    assert pick(r, 2024, 3, "single-year", "relative_likelihood") == pytest.approx((2 / 4) / (1 / 3))
    assert "2 case(s) dated outside" in err and "1 case(s) in the year were of people with another case" in err


def test_indicator_4_distinct_staff_ethnicity_from_workforce(data):
    training = TRN + """\
1,Coaching,2023-05-01
1,Leadership,2023-06-01
1,MSc,2024-01-15
2,Coaching,2024-04-01
3,Coaching,31/03/2024
5,Coaching,01/04/2023
"""
    counts = extract_counts(data(training=training), 2024)
    # 1 (White, three records) once; 2's record is after the year; 3 BME; 5 Unknown.
    assert counts_of(counts, 4, "accessed_training") == {"White": 1, "BME": 1, "Unknown": 1}
    assert counts_of(counts, 4, "headcount") == {"White": 3, "BME": 4, "Unknown": 1}


def test_indicator_4_ethnicity_column_used_when_present(data):
    # Staff 99 left before 31 March: not in the workforce, counted by the file's own ethnicity.
    training = "staff_id,course,date,ethnicity\n1,Coaching,2023-05-01,A\n99,Coaching,2023-05-01,N\n"
    counts = extract_counts(data(training=training), 2024)
    assert counts_of(counts, 4, "accessed_training") == {"White": 1, "BME": 1, "Unknown": 0}


def test_indicator_9_board(run_cli, data):
    r, _ = results(run_cli, data())
    # Board: 1 BME of 4 (25%), voting 1 of 3, executive 0 of 2; workforce 4 of 8 = 50%.
    assert pick(r, 2024, 9, "All", "difference_pp") == pytest.approx(25 - 50)
    assert pick(r, 2024, 9, "Voting", "difference_pp") == pytest.approx(100 / 3 - 50)
    assert pick(r, 2024, 9, "Executive", "difference_pp") == pytest.approx(0 - 50)


def test_previous_year_gives_change_and_two_year_indicator_3(run_cli, data):
    data(2023, workforce=WF + "1,A,Band 5,Nursing and Midwifery Registered,Permanent\n"
                              "2,N,Band 5,Nursing and Midwifery Registered,Permanent\n",
         disciplinary=DIS + "c1,2,N,2022-05-05\nc2,1,A,2022-06-06\n", board=BRD + "b1,A,Y,Y\n")
    r, _ = results(run_cli, data(2024))
    assert set(r["year"]) == {2024}
    # 2023: 1 BME of 2 staff = 50%; 2024: 4 of 8 = 50% -> change 0. Indicator 9 2023: 0 - 50 = -50.
    assert pick(r, 2024, 1, "Overall", "bme_percent", "change") == pytest.approx(0)
    assert pick(r, 2024, 9, "All", "difference_pp", "change") == pytest.approx(-25 - -50)
    # Two-year indicator 3: BME (1+2)/(1+4), White (1+1)/(1+3).
    assert pick(r, 2024, 3, "two-year", "relative_likelihood") == pytest.approx((3 / 5) / (2 / 4))
    assert pick(r, 2024, 3, "single-year", "relative_likelihood", "change") == pytest.approx(
        (2 / 4) / (1 / 3) - (1 / 1) / (1 / 1))


def test_counts_then_indicators_equals_indicators_from_data(run_cli, data, tmp_path):
    data(2023, recruitment=REC + "a1,A,Y,Y\na2,N,Y,Y\n")
    root = data(2024)
    out = tmp_path / "counts.csv"
    code, _, err = run_cli("counts", "--data", root, "--year", 2024, "--out", out)
    assert code == 0, err
    counts = read_counts(out)
    assert sorted(counts["year"].unique()) == [2023, 2024]
    code, via_counts, _ = run_cli("indicators", "--counts", out, "--year", 2024)
    assert code == 0
    code, via_data, _ = run_cli("indicators", "--data", root, "--year", 2024)
    assert code == 0
    assert via_counts == via_data and via_data.count("\n") > 40
    code, _, err = run_cli("indicators", "--counts", out, "--year", 2022)
    assert code == 2 and "expected counts for 2022 (the file has 2023, 2024)" in err


def test_missing_file_skips_its_indicator_and_says_so(run_cli, data):
    r, err = results(run_cli, data(training=None, recruitment=None))
    assert "training.csv: not found: indicator 4 skipped" in err
    assert "recruitment.csv: not found: indicator 2 skipped" in err
    assert set(r["indicator"]) == {1, 3, 9}


def test_missing_workforce_skips_the_indicators_that_need_it(run_cli, data):
    r, err = results(run_cli, data(workforce=None))
    assert "workforce.csv: not found" in err
    assert set(r["indicator"]) == {2}


def test_header_only_activity_files_give_zero_counts(data):
    counts = extract_counts(data(recruitment=REC, disciplinary=DIS, training=TRN), 2024)
    for indicator, measure in ((2, "shortlisted"), (2, "appointed"), (3, "entered_disciplinary"),
                               (4, "accessed_training")):
        assert counts_of(counts, indicator, measure) == {"White": 0, "BME": 0, "Unknown": 0}


def test_all_bank_workforce_has_no_indicator_1_or_9(run_cli, data):
    root = data(workforce=WF + "1,A,Band 5,Nursing and Midwifery Registered,Bank\r\n", training=None,
                disciplinary=None)
    r, err = results(run_cli, root)
    assert "indicator 1 has no figures" in err and "indicator 9 skipped" in err
    assert set(r["indicator"]) == {2}


def test_unrecognised_ethnicity_warns_or_strict_error(run_cli, data):
    root = data(workforce=WORKFORCE + "9,Martian,Band 5,Nursing and Midwifery Registered,Permanent\n")
    r, err = results(run_cli, root, 2024, "--allow-unknown-labels")  # 1 of 9 people: over 2%, so allowed
    assert "wres: warning: 2024: workforce.csv: 1 ethnicity label(s) not recognised, counted as Unknown: " \
           "'Martian' (1)" in err
    assert pick(r, 2024, 1, "Overall", "unknown_percent") == pytest.approx(100 * 2 / 9)
    code, _, err = run_cli("indicators", "--data", root, "--year", 2024, "--strict-ethnicity")
    assert code == 2 and "workforce.csv, line 10, column 'ethnicity'" in err


# ------------------------------------------------------------------ wres.toml

ESR_WORKFORCE = WORKFORCE.replace(WF, "Employee Number,Ethnic Origin,Pay Band,Staff Group,Assignment Category\n")
ESR_TOML = """\
[columns.workforce]
staff_id = "Employee Number"
ethnicity = "Ethnic Origin"
pay_band = "Pay Band"
staff_group = "Staff Group"
contract_type = "Assignment Category"
"""


def test_toml_mapping_gives_the_same_counts(data, tmp_path):
    plain = extract_counts(data(), 2024)
    mapped_root = tmp_path / "esr"
    (mapped_root / "2024").mkdir(parents=True)
    (mapped_root / "wres.toml").write_text(ESR_TOML)
    for name, text in {**FILES, "workforce": ESR_WORKFORCE}.items():
        (mapped_root / "2024" / f"{name}.csv").write_text(text)
    mapped = extract_counts(mapped_root, 2024)
    pd.testing.assert_frame_equal(plain, mapped)


@pytest.mark.parametrize("toml, column, words", [
    (ESR_TOML.replace('"Pay Band"', '"Grade"'), "Grade", "pay_band = 'Grade' to name a column of"),
    ("[columns.workforce]\nstaf_id = \"Employee Number\"\n", "columns.workforce.staf_id", "one of staff_id"),
    ("[columns.workfroce]\nstaff_id = \"Employee Number\"\n", "columns.workfroce", "one of workforce"),
    ("[columns.workforce\n", None, "valid TOML"),
])
def test_toml_errors_name_the_mapping_file_and_column(run_cli, data, toml, column, words):
    root = data(workforce=ESR_WORKFORCE, toml=toml)
    code, out, err = run_cli("indicators", "--data", root, "--year", 2024)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "wres.toml" in err and words in err, err
    if column:
        assert f"column '{column}'" in err
    if column == "Grade":
        assert "workforce.csv" in err


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("file, text, line, column, words", [
    ("recruitment", REC + "a1,A,Y,Y\na2,N,N,Y\n", "line 3", "appointed", "appointed only when shortlisted"),
    ("recruitment", REC + "a1,A,Y,Y\na2,N,maybe,N\n", "line 3", "shortlisted", "Y/N, Yes/No, True/False or 1/0"),
    ("recruitment", REC + "a1,A,Y,Y\na1,N,Y,N\n", "line 3", "application_id", "one row per application"),
    ("recruitment", "application_id,ethnicity,appointed\na1,A,Y\n", "line 1", "shortlisted",
     "column named 'shortlisted'"),
    ("disciplinary", DIS + "c1,2,N,2023-06-01\nc2,3,H,31/13/2023\n", "line 3", "date_entered", "a date such as"),
    ("disciplinary", DIS + "c1,,N,2023-06-01\n", "line 2", "staff_id", "must not be empty"),
    ("workforce", WORKFORCE + ",A,Band 5,Nursing and Midwifery Registered,Permanent\n", "line 10", "staff_id",
     "must not be empty"),
    ("workforce", "staff_id,ethnicity,pay_band,staff_group\n1,A,Band 5,Medical and Dental\n", "line 1", "contract_type",
     "column named 'contract_type'"),
    ("training", TRN + "1,Coaching,2023-05-01\n42,Coaching,2023-09-01\n43,Coaching,2023-04-05\n", "lines 3, 4",
     "staff_id", "a staff_id found in workforce.csv"),  # the same problem on two lines: one line, "lines 3, 4"
    ("training", TRN + "1,Coaching,next week\n", "line 2", "date", "a date such as"),
    ("board", BRD + "b1,A,Y,Y\nb2,N,Y,perhaps\n", "line 3", "executive", "Y/N, Yes/No"),
    ("board", BRD + "b1,A,Y,Y\nb1,N,Y,N\n", "line 3", "member_id", "one row per board member"),
])
def test_bad_rows_are_errors_naming_file_line_column(run_cli, data, tmp_path, file, text, line, column, words):
    root = data(**{file: text})
    for command in ("indicators", "counts"):
        code, out, err = run_cli(command, "--data", root, "--year", 2024)
        assert code == 2 and out == ""
        err = error_line(err)  # one line (a missing column's wres.toml lines may follow it)
        assert f"{file}.csv" in err and line in err and f"column '{column}'" in err and words in err, err


def test_missing_year_folder_and_empty_workforce(run_cli, data):
    root = data(2024)
    code, _, err = run_cli("indicators", "--data", root, "--year", 2025)
    assert code == 2 and "2025" in err and "folder" in err
    code, _, err = run_cli("indicators", "--data", data(workforce=WF), "--year", 2024)
    assert code == 2 and "workforce.csv" in err and "at least one data row" in err
    code, _, err = run_cli("indicators", "--data", root)
    assert code == 2 and "--year" in err


def test_data_and_counts_are_mutually_exclusive(run_cli, data, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        run_cli("indicators", "--data", data(), "--counts", tmp_path / "c.csv", "--year", 2024)
    assert exit_.value.code == 2


def test_indicator_events_above_headcount_are_an_error(run_cli, data):
    # Leavers in the training file (with ethnicity) can outnumber the workforce: the counts would not read back.
    training = "staff_id,course,date,ethnicity\n" + "".join(f"{i},C,2023-05-01,Z\n" for i in range(90, 93))
    code, _, err = run_cli("counts", "--data", data(training=training), "--year", 2024)
    assert code == 2 and "accessed_training of Unknown staff in 2024 (3) to be at most their headcount (1)" in err
