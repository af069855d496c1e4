"""Data as trusts supply it: forgiving headers, wres.toml per year and optional columns, one error for
every missing column (with the wres.toml lines to paste), the trust's own header in errors, grouped row
errors, leavers in the training file, no guessed trust name, and unrecognised ethnicity labels."""
import textwrap

import pandas as pd
import pytest

from helpers import error_line
from test_extracts import BOARD, DISCIPLINARY, FILES, RECRUITMENT, TRAINING, WORKFORCE, counts_of
from wreslib.errors import Problem, group
from wreslib.inputs.extracts import extract_counts
from wreslib.inputs.reading import normalise_header


def write(root, year=2024, toml=None, **files):
    """A data folder: ``root/<year>/<name>.csv`` for FILES updated by ``files`` (None: left out)."""
    folder = root / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **files}.items():
        if text is not None:
            (folder / f"{name}.csv").write_text(textwrap.dedent(text), encoding="utf-8")
    if toml is not None:
        (root / "wres.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
    return root


def rename_header(text, old, new):
    head, rest = text.split("\n", 1)
    assert old in head.split(","), (old, head)
    return ",".join(new if h == old else h for h in head.split(",")) + "\n" + rest


def fails(run_cli, *args):
    """Run a command expected to fail on bad input: exit 2, nothing on stdout; the one error line."""
    code, out, err = run_cli(*args)
    assert code == 2 and out == "", err
    return error_line(err)


# ------------------------------------------------------------------ 1. forgiving headers

@pytest.mark.parametrize("header", ["Staff ID", "staff-id", "STAFF_ID", " Staff  Id ", "staff id"])
def test_header_spellings_match_the_packs_name(tmp_path, header):
    plain = extract_counts(write(tmp_path / "plain"), 2024)
    odd = write(tmp_path / "odd", workforce=rename_header(WORKFORCE, "staff_id", header),
                training=rename_header(TRAINING, "staff_id", header))
    pd.testing.assert_frame_equal(plain, extract_counts(odd, 2024))


def test_normalise_header():
    assert {normalise_header(h) for h in ("Staff ID", "staff-id", "STAFF_ID", "staff_id")} == {"staffid"}
    assert normalise_header("Pay Band") != normalise_header("Pay Bands")


def test_mapped_header_matches_forgivingly(tmp_path):
    plain = extract_counts(write(tmp_path / "plain"), 2024)
    mapped = write(tmp_path / "mapped", workforce=rename_header(WORKFORCE, "staff_id", "EMPLOYEE_NUMBER"),
                   toml='[columns.workforce]\nstaff_id = "Employee Number"\n')
    pd.testing.assert_frame_equal(plain, extract_counts(mapped, 2024))


def test_two_headers_for_one_column_are_an_error_naming_both(run_cli, tmp_path):
    workforce = WORKFORCE.replace("contract_type\n", "contract_type,Staff ID\n")
    root = write(tmp_path, workforce=workforce)
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)
    assert line == (f"wres: error: {root / '2024' / 'workforce.csv'}, line 1, column 'staff_id': expected one column "
                    "for 'staff_id', but the headers 'staff_id' and 'Staff ID' both name it (case, spaces, '_' and "
                    "'-' do not count): rename or remove one")


def test_a_repeated_extra_column_is_no_error_but_a_repeated_needed_one_is(run_cli, tmp_path):
    root = write(tmp_path / "extra", workforce=WORKFORCE.replace("contract_type\n", "contract_type,Notes,notes\n"))
    code, _, err = run_cli("counts", "--data", root, "--year", 2024)
    assert code == 0, err
    root = write(tmp_path / "needed", workforce=WORKFORCE.replace("contract_type\n", "contract_type,pay_band\n"))
    assert "the headers 'pay_band' and 'pay_band' both name it" in fails(run_cli, "counts", "--data", root,
                                                                         "--year", 2024)


# ------------------------------------------------------------------ 2. one error for every missing column

ODD_WORKFORCE = rename_header(rename_header(rename_header(WORKFORCE, "pay_band", "Pay Band Name"),
                                            "staff_group", "Staff Grp"), "contract_type", "Contract Types")


def test_missing_columns_are_one_error_with_the_toml_lines_to_paste(run_cli, tmp_path):
    root = write(tmp_path, workforce=ODD_WORKFORCE)
    path = root / "2024" / "workforce.csv"
    code, out, err = run_cli("indicators", "--data", root, "--year", 2024)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == (f"wres: error: {path}, line 1: expected columns named 'pay_band', 'staff_group', "
                        "'contract_type', or the trust's headers for them in wres.toml [columns.workforce] (columns "
                        "found: staff_id, ethnicity, Pay Band Name, Staff Grp, Contract Types; closest: pay_band "
                        "'Pay Band Name', staff_group 'Staff Grp', contract_type 'Contract Types')")
    assert lines[1:] == [f"# the wres.toml lines for them: add them to {root / 'wres.toml'} (check each header):",
                         "[columns.workforce]", 'pay_band = "Pay Band Name"', 'staff_group = "Staff Grp"',
                         'contract_type = "Contract Types"']
    # Pasted as they are, they work: the same counts as the pack's own headers.
    (root / "wres.toml").write_text("\n".join(lines[2:]) + "\n")
    pd.testing.assert_frame_equal(extract_counts(root, 2024), extract_counts(write(tmp_path / "plain"), 2024))


def test_missing_column_without_a_close_header_and_an_existing_table(run_cli, tmp_path):
    workforce = rename_header(rename_header(WORKFORCE, "staff_id", "Employee Number"), "pay_band", "Grade Thing")
    root = write(tmp_path, workforce=workforce, toml='[columns.workforce]\nstaff_id = "Employee Number"\n')
    code, _, err = run_cli("counts", "--data", root, "--year", 2024)
    lines = err.strip().splitlines()
    assert code == 2 and "expected a column named 'pay_band', or the trust's header for it in wres.toml " \
                         "[columns.workforce] (columns found: Employee Number, ethnicity, Grade Thing, " \
                         "staff_group, contract_type)" in lines[0]
    assert "column 'pay_band'" in lines[0]
    assert lines[1:] == [f"# the wres.toml lines for it: add them under [columns.workforce] in {root / 'wres.toml'} "
                         "(check each header):",
                         '# pay_band = "..."  (no header like it: the trust\'s header for pay_band)']


def test_validate_prints_the_toml_lines_on_stderr_after_its_one_line_problems(run_cli, tmp_path):
    root = write(tmp_path, workforce=ODD_WORKFORCE)
    code, out, err = run_cli("validate", "--data", root)
    assert code == 2
    assert out.splitlines()[1:] == ["1 problem in 1 file"] and "closest: pay_band 'Pay Band Name'" in out
    assert err.startswith("# the wres.toml lines for them") and 'pay_band = "Pay Band Name"' in err


# ------------------------------------------------------------------ 3. the trust's own header in errors

def test_errors_name_the_trusts_header_and_the_packs_name(run_cli, tmp_path):
    disciplinary = rename_header(DISCIPLINARY, "date_entered", "Formal Start Date").replace("2023-07-01", "someday")
    root = write(tmp_path, disciplinary=disciplinary,
                 toml='[columns.disciplinary]\ndate_entered = "Formal Start Date"\n')
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)
    assert line == (f"wres: error: {root / '2024' / 'disciplinary.csv'}, line 3, column 'Formal Start Date' "
                    "(date_entered): expected a date such as 2024-03-31, 31/03/2024 or 31-Mar-2024 (day before "
                    "month), got 'someday'")


def test_a_header_spelt_differently_is_named_as_the_file_spells_it(run_cli, tmp_path):
    root = write(tmp_path, board=rename_header(BOARD, "voting", "VOTING").replace("b3,Indian,Y", "b3,Indian,?"))
    assert "line 4, column 'VOTING' (voting): expected Y/N" in fails(run_cli, "counts", "--data", root,
                                                                             "--year", 2024)


def test_cross_file_errors_name_the_trusts_header(run_cli, tmp_path):
    training = rename_header(TRAINING, "staff_id", "Employee No") + "42,Coaching,2023-09-01\n"
    root = write(tmp_path, training=training, toml='[columns.training]\nstaff_id = "Employee No"\n')
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)
    assert "training.csv, line 5, column 'Employee No' (staff_id): expected a staff_id found in workforce.csv" in line


# ------------------------------------------------------------------ 4. wres.toml per year, optional columns

# 2023's training file has no ethnicity column; 2024's has one, under the trust's header "Ethnic Group",
# with a leaver (staff 42, not in the workforce) counted from it.
TRAINING_2024 = "staff_id,course,date,Ethnic Group\n1,Coaching,2023-05-01,A\n42,Coaching,2023-06-01,N\n"
TRAINING_2023 = "staff_id,course,date\n1,Coaching,2022-05-01\n"


def two_years(root, toml):
    write(root, 2023, training=TRAINING_2023, disciplinary=DISCIPLINARY.replace("2023-", "2022-"))
    return write(root, 2024, training=TRAINING_2024, toml=toml)


def test_a_column_added_for_every_year_breaks_the_year_without_it(run_cli, tmp_path):
    root = two_years(tmp_path, '[columns.training]\nethnicity = "Ethnic Group"\n')
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)  # reads 2023 too, for the change
    assert line == (f"wres: error: {root / 'wres.toml'}, line 2, column 'Ethnic Group' (ethnicity): expected "
                    "[columns.training] ethnicity = 'Ethnic Group' to name a column of "
                    f"{root / '2023' / 'training.csv'}"
                    " (columns found: staff_id, course, date)")


def test_a_year_table_maps_that_year_only(run_cli, tmp_path):
    root = two_years(tmp_path, '[2024.columns.training]\nethnicity = "Ethnic Group"\n')
    counts_2024 = extract_counts(root, 2024)
    # 2024: staff 1 (White, from the file) and the leaver 42 (BME, from the file's own column).
    assert counts_of(counts_2024, 4, "accessed_training") == {"White": 1, "BME": 1, "Unknown": 0}
    assert counts_of(extract_counts(root, 2023), 4, "accessed_training") == {"White": 1, "BME": 0, "Unknown": 0}
    code, _, err = run_cli("validate", "--data", root)
    assert code == 0, err


def test_a_year_table_replaces_the_whole_table_for_its_year(tmp_path):
    toml = '[columns.training]\nstaff_id = "Employee No"\n[2024.columns.training]\nethnicity = "Ethnic Group"\n'
    write(tmp_path, 2023, training=rename_header(TRAINING_2023, "staff_id", "Employee No"),
          disciplinary=DISCIPLINARY.replace("2023-", "2022-"))
    root = write(tmp_path, 2024, training=TRAINING_2024, toml=toml)  # 2024 has staff_id under its own name
    assert counts_of(extract_counts(root, 2023), 4, "accessed_training")["White"] == 1
    assert counts_of(extract_counts(root, 2024), 4, "accessed_training")["BME"] == 1


def test_optional_contract_type(run_cli, tmp_path):
    workforce = WORKFORCE.replace(",Bank\n", ",Permanent\n")  # (none is bank)
    dropped = "".join(",".join(row.split(",")[:4]) + "\n" for row in workforce.splitlines())
    plain = extract_counts(write(tmp_path / "plain", workforce=workforce), 2024)
    root = write(tmp_path / "lean", workforce=dropped)
    line = fails(run_cli, "counts", "--data", root, "--year", 2024)
    assert "expected a column named 'contract_type'" in line
    (root / "wres.toml").write_text('[columns.workforce]\noptional = ["contract_type"]\n')
    notes = []
    counts = extract_counts(root, 2024, notes=notes)
    pd.testing.assert_frame_equal(plain, counts)
    assert ("2024: workforce.csv: no contract_type column (optional in wres.toml): no one is counted as bank "
            "staff") in map(str, notes)
    assert counts_of(counts, 1, "bank_headcount") == {"White": 0, "BME": 0, "Unknown": 0}


def test_optional_column_present_is_read(tmp_path):
    root = write(tmp_path, toml='[columns.workforce]\noptional = ["contract_type"]\n',
                 workforce=WORKFORCE + "9,A,Band 5,Nursing and Midwifery Registered,Bank\n")
    assert counts_of(extract_counts(root, 2024), 1, "bank_headcount") == {"White": 1, "BME": 0, "Unknown": 0}


@pytest.mark.parametrize("toml, column, words", [
    ('[columns.workforce]\noptional = ["pay_band"]\n', "columns.workforce.optional",
     "optional = [...] naming columns workforce.csv can do without (contract_type), got \"['pay_band']\""),
    ('[columns.board]\noptional = ["member_id"]\n', "columns.board.optional", "board.csv can do without (none)"),
    ('[2024.columns.training]\noptional = "course"\n', "2024.columns.training.optional", "got 'course'"),
    ('[2024]\nname = "x"\n', "2024", "only [2024.columns.<file>] tables under a year"),
    ('[2024.columns.trainng]\nstaff_id = "x"\n', "2024.columns.trainng", "one of workforce"),
    ('[rules]\ntraining_leaver = "unknown"\n', "rules", "[rules] with training_leavers only"),
    ('[trust]\nname = 3\n', "trust.name", "as a quoted string"),
])
def test_bad_year_tables_optional_and_rules_name_wres_toml(run_cli, tmp_path, toml, column, words):
    root = write(tmp_path, toml=toml)
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)
    assert f"{root / 'wres.toml'}" in line and f"column '{column}'" in line and words in line, line


# ------------------------------------------------------------------ 5. grouped row errors

def test_group_merges_the_same_problem_on_several_lines_only():
    same = [Problem("f.csv", "Y/N", line, "voting", value) for line, value in
            ((4, "x"), (9, "x"), (12, "?"), (20, "x"), (31, "x"), (40, "x"), (41, "x"))]
    other = Problem("f.csv", "Y/N", 5, "executive", "x")
    grouped = group([same[0], other, *same[1:]])
    assert [str(p) for p in grouped] == [
        "f.csv: lines 4, 9, 12, 20, 31 and 2 more: column 'voting': expected Y/N, got 'x' and 1 other value",
        "f.csv, line 5, column 'executive': expected Y/N, got 'x'"]
    assert grouped[0].lines == (4, 9, 12, 20, 31, 40, 41)
    assert group([other]) == [other]


def test_repeated_row_errors_are_one_line_through_the_cli(run_cli, tmp_path):
    board = "member_id,Voting Member,ethnicity,executive\n" + "".join(f"b{i},perhaps,A,Y\n" for i in range(1, 9))
    root = write(tmp_path, board=board.replace("b3,perhaps,A,Y", "b3,Y,A,maybe"),
                 toml='[columns.board]\nvoting = "Voting Member"\n')
    board_csv = root / "2024" / "board.csv"
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024)
    assert line == (f"wres: error: {board_csv}: lines 2, 3, 5, 6, 7 and 2 more: column 'Voting Member' (voting): "
                    "expected Y/N, Yes/No, True/False or 1/0, got 'perhaps'")
    code, out, _ = run_cli("validate", "--data", root)  # every different problem, each once
    assert code == 2 and out.splitlines() == [
        line.removeprefix("wres: error: "),
        f"{board_csv}, line 4, column 'executive': expected Y/N, Yes/No, True/False or 1/0, got 'maybe'",
        "2 problems in 1 file"]


def test_strict_ethnicity_lists_every_row_grouped(run_cli, tmp_path):
    workforce = WORKFORCE + "".join(f"{i},Martian,Band 5,Nursing and Midwifery Registered,Permanent\n"
                                    for i in range(9, 16))
    root = write(tmp_path, workforce=workforce)
    line = fails(run_cli, "indicators", "--data", root, "--year", 2024, "--strict-ethnicity")
    assert line.endswith("workforce.csv: lines 10, 11, 12, 13, 14 and 2 more: column 'ethnicity': expected an NHS "
                         "ethnic category code or label, got 'Martian'")


# ------------------------------------------------------------------ 6. leavers in the training file

LEAVERS = TRAINING + "42,Coaching,2023-06-01\n43,Coaching,2023-07-01\n42,Mentoring,2023-08-01\n"


def test_training_leavers_are_an_error_by_default(run_cli, tmp_path):
    line = fails(run_cli, "counts", "--data", write(tmp_path, training=LEAVERS), "--year", 2024)
    assert ": lines 5, 6, 7: column 'staff_id': expected a staff_id found in workforce.csv" in line
    assert 'or set [rules] training_leavers = "unknown" in wres.toml' in line


def test_training_leavers_unknown_counts_them_as_unknown_with_a_note(run_cli, tmp_path):
    training = TRAINING + "42,Coaching,2023-06-01\n42,Mentoring,2023-08-01\n"
    root = write(tmp_path, training=training)
    line = fails(run_cli, "counts", "--data", root, "--year", 2024)
    assert "column 'staff_id': expected a staff_id found in workforce.csv" in line
    (root / "wres.toml").write_text('[rules]\ntraining_leavers = "unknown"\n')
    notes = []
    counts = extract_counts(root, 2024, notes=notes)
    # staff 1, 4 (White), 2 (BME) and the leaver 42 (Unknown, twice in the file: one person).
    assert counts_of(counts, 4, "accessed_training") == {"White": 2, "BME": 1, "Unknown": 1}
    assert ('2024: training.csv: 1 people with training in the year are not in the workforce file (leavers) and are '
            'counted as Unknown ethnicity ([rules] training_leavers = "unknown" in wres.toml)') in map(str, notes)
    code, _, err = run_cli("counts", "--data", root, "--year", 2024)
    assert code == 0 and "1 people with training in the year are not in the workforce file" in err
    # More leavers than the Unknown headcount (1, staff 5) break the counts contract's check, as leavers
    # counted from a training file's own ethnicity column do.
    (root / "2024" / "training.csv").write_text(training + "43,Coaching,2023-06-01\n")
    line = fails(run_cli, "counts", "--data", root, "--year", 2024)
    assert "accessed_training of Unknown staff in 2024 (2) to be at most their headcount (1)" in line


def test_training_leavers_rule_leaves_a_training_file_with_ethnicity_alone(tmp_path):
    training = "staff_id,course,date,ethnicity\n1,C,2023-05-01,A\n42,C,2023-06-01,N\n"
    root = write(tmp_path, training=training, toml='[rules]\ntraining_leavers = "unknown"\n')
    assert counts_of(extract_counts(root, 2024), 4, "accessed_training") == {"White": 1, "BME": 1, "Unknown": 0}


# ------------------------------------------------------------------ 7. the trust's name is never guessed

def test_trust_name_is_not_guessed_from_the_folder(run_cli, tmp_path, monkeypatch):
    from wreslib.publish import runner

    root = write(tmp_path / "royal_example_hospitals")
    assert runner.trust_name(root) == runner.TRUST_NAME_NOT_GIVEN == "Trust name not given"
    seen = []
    monkeypatch.setattr(runner, "run", lambda config, log: seen.append(config.trust_name) or {})
    out = tmp_path / "out"
    assert run_cli("run", "--data", root, "--year", 2024, "--out", out, "--quiet")[0] == 0
    (root / "wres.toml").write_text('[trust]\nname = "Example NHS Trust"\n')
    assert run_cli("run", "--data", root, "--year", 2024, "--out", out, "--quiet")[0] == 0
    assert run_cli("run", "--data", root, "--year", 2024, "--out", out, "--quiet", "--trust", "Given")[0] == 0
    assert seen == ["Trust name not given", "Example NHS Trust", "Given"]
    assert runner.RunConfig(data_dir=root, year=2024, trust_name="Given").trust_name == "Given"
    # RunConfig without a name reads wres.toml, as the CLI does; without [trust] name it is not guessed.
    assert runner.RunConfig(data_dir=root, year=2024).trust_name == "Example NHS Trust"
    (root / "wres.toml").unlink()
    assert runner.RunConfig(data_dir=root, year=2024).trust_name == "Trust name not given"


def test_index_page_says_the_trust_name_was_not_given():
    from wreslib.disclosure.engine import Thresholds
    from wreslib.publish.site import index_html
    from wreslib.publish.runner import TRUST_NAME_NOT_GIVEN

    results = pd.DataFrame(columns=["year", "indicator", "breakdown", "metric", "value", "ci_low", "ci_high",
                                    "numerator", "denominator", "change", "description", "suppressed", "note"])
    try:
        page = index_html(results, 2024, TRUST_NAME_NOT_GIVEN, [], Thresholds(count=7, survey=11))
    except (KeyError, ValueError, IndexError):
        pytest.skip("index_html needs a full results frame")
    assert "<h1>Trust name not given: Workforce Race Equality Standard 2024</h1>" in page


# ------------------------------------------------------------------ 8. unrecognised labels in extracts

def big_workforce(martians: int, people: int = 50) -> str:
    """``people`` staff, the first ``martians`` with an unrecognised label, staff 1-8 as WORKFORCE."""
    rows = WORKFORCE.splitlines()[1:]
    rows += [f"{i},{'A' if i % 2 else 'N'},Band 5,Nursing and Midwifery Registered,Permanent"
             for i in range(9, people + 1)]
    rows = [f"{row.split(',')[0]},Martian{'s' * (i % 2)}," + ",".join(row.split(",")[2:]) if i < martians else row
            for i, row in enumerate(rows)]
    return WORKFORCE.splitlines()[0] + "\n" + "\n".join(rows) + "\n"


def test_unrecognised_labels_up_to_2_percent_are_unknown_with_a_note(run_cli, tmp_path):
    root = write(tmp_path, workforce=big_workforce(1))  # 1 of 50 people: 2%, not more
    notes = []
    counts = extract_counts(root, 2024, notes=notes)
    assert "2024: workforce.csv: 1 ethnicity label(s) not recognised, counted as Unknown: 'Martian' (1)" in map(str, notes)
    # Staff 1 (White British in WORKFORCE) is now Unknown: Unknown 2 (with staff 5), White 2 + 21 odd ids 9-49.
    headcount = counts_of(counts, 3, "headcount")
    assert headcount == {"White": 2 + 21, "BME": 4 + 21, "Unknown": 2}


def test_unrecognised_labels_over_2_percent_fail_unless_allowed(run_cli, tmp_path):
    root = write(tmp_path, workforce=big_workforce(2))  # 2 of 50: 4%
    path = root / "2024" / "workforce.csv"
    expected = (f"wres: error: {path}, column 'ethnicity': expected unrecognised ethnicity labels for at most 2% of "
                "the file's people, but 2 of 50 (4.0%) have one: 'Martian' (1), 'Martians' (1); correct them (see "
                "data/README.md) or pass --allow-unknown-labels to count them as Unknown")
    for command in (["indicators", "--year", 2024], ["counts", "--year", 2024]):
        assert fails(run_cli, command[0], "--data", root, *command[1:]) == expected
    code, out, _ = run_cli("validate", "--data", root)
    assert code == 2 and out.splitlines()[0] == expected.removeprefix("wres: error: ")
    for command in (["indicators", "--year", 2024], ["counts", "--year", 2024], ["validate"]):
        code, _, err = run_cli(command[0], "--data", root, *command[1:], "--allow-unknown-labels")
        assert code == 0, err
        assert "2 ethnicity label(s) not recognised, counted as Unknown: 'Martian' (1), 'Martians' (1)" in err
    counts = extract_counts(root, 2024, allow_unknown_labels=True)
    assert counts_of(counts, 3, "headcount") == {"White": 2 + 21, "BME": 3 + 21, "Unknown": 3}


def test_allow_unknown_labels_in_the_run_table_counts_for_every_command(run_cli, tmp_path):
    """`[run] allow_unknown_labels = true` in wres.toml decides for indicators, counts and validate as for
    `wres run`; --no-allow-unknown-labels overrides it."""
    root = write(tmp_path, workforce=big_workforce(2), toml="[run]\nallow_unknown_labels = true\n")
    for command in (["indicators", "--year", 2024], ["counts", "--year", 2024], ["validate"]):
        code, _, err = run_cli(command[0], "--data", root, *command[1:])
        assert code == 0, (command, err)
        code, _, err = run_cli(command[0], "--data", root, *command[1:], "--no-allow-unknown-labels")
        assert code == 2 and "2 of 50 (4.0%) have one" in err + _, command


def test_unrecognised_labels_share_is_of_people_not_rows(tmp_path):
    # One person with an unrecognised label on 3 assignments of 52 rows is 1 of 50 people (2%): no error.
    workforce = big_workforce(1) + "1,Martian,Band 5,Nursing and Midwifery Registered,Bank\n" * 2
    notes = []
    extract_counts(write(tmp_path, workforce=workforce), 2024, notes=notes)
    assert any("3 ethnicity label(s) not recognised, counted as Unknown: 'Martian' (3)" in n for n in map(str, notes))


def test_counts_files_still_refuse_unknown_labels(run_cli, tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text("year,indicator,measure,breakdown,ethnicity,count\n2024,2,shortlisted,,Martian,3\n"
                      "2024,2,appointed,,Martian,1\n")
    line = fails(run_cli, "indicators", "--counts", counts, "--year", 2024)
    assert "an ethnicity label the pack knows" in line and "'Martian'" in line


def test_recruitment_and_board_labels_follow_the_same_rule(run_cli, tmp_path):
    root = write(tmp_path, recruitment=RECRUITMENT.replace("a7,Indian", "a7,Klingon"))  # 1 of 7 applications
    line = fails(run_cli, "counts", "--data", root, "--year", 2024)
    assert "recruitment.csv, column 'ethnicity'" in line and "1 of 7 (14.3%) have one: 'Klingon' (1)" in line
