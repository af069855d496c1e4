"""``wres validate``: every problem in one pass, one line each, and a summary line."""
from pathlib import Path

from bad_inputs.mutations import append, make_trust, replace
from helpers import REPO
from wreslib.publish.validate import validate_folder


R24, B24 = "2024/recruitment.csv", "2024/board.csv"


def problem_lines(stdout: str) -> list[str]:
    return stdout.strip().splitlines()[:-1]


def test_problems_in_three_files_are_all_reported(run_cli, tmp_path):
    root = make_trust(
        tmp_path,
        replace(R24, "A202403,White British,N,N", "A202403,White British,N,Y"),  # appointed, not shortlisted
        replace(R24, "A202405", "A202404"),                                      # repeated application
        replace(B24, "Black African,N,N", "Black African,N,perhaps"),            # not a boolean
        replace("survey.csv", "30.00", "130.00"),                                # over 100
        append("survey.csv", "2023,9,White,,10,20.00,"),                         # not a survey indicator
    )
    code, stdout, err = run_cli("validate", "--data", root)
    assert code == 2 and "Traceback" not in err
    lines = problem_lines(stdout)
    expected = [(R24, 4, "appointed"), (R24, 6, "application_id"), (B24, 5, "executive"),
                ("survey.csv", 3, "percent"), ("survey.csv", 4, "indicator")]
    assert len(lines) == len(expected), stdout
    for (file, line, column), text in zip(expected, lines):
        assert text.startswith(f"{root / file}, line {line}, column '{column}': expected "), text
    assert stdout.strip().splitlines()[-1] == "5 problems in 3 files"


def test_problems_in_several_years_and_files_without_stopping(tmp_path):
    root = make_trust(tmp_path, replace("2023/board.csv", "B20232", "B20231"),
                      replace("2024/training.csv", "2023-05-01", "someday"),
                      replace("published.csv", "40.00", "forty"))
    found = [(Path(p.file).relative_to(root).as_posix(), p.line, p.column) for p in validate_folder(root)]
    assert found == [("2023/board.csv", 3, "member_id"), ("2024/training.csv", 2, "date"),
                     ("published.csv", 2, "value")]


def test_year_limits_the_year_folders(run_cli, tmp_path):
    root = make_trust(tmp_path, replace(B24, "B20242", "B20241"))
    code, stdout, _ = run_cli("validate", "--data", root, "--year", 2023)
    assert code == 0 and stdout.strip().startswith("no problems found in ")
    code, stdout, _ = run_cli("validate", "--data", root, "--year", 2024)
    assert code == 2 and "board.csv, line 3, column 'member_id'" in stdout
    code, stdout, _ = run_cli("validate", "--data", root, "--year", 2025)  # counts.csv has no 2025 rows
    assert code == 2 and "rows for the reporting year 2025" in stdout


def test_clean_tiny_trust_and_demo_report_nothing(run_cli, tmp_path):
    code, stdout, _ = run_cli("validate", "--data", make_trust(tmp_path))
    assert code == 0 and stdout == "no problems found in 15 files\n"
    demo = REPO / "data" / "demo"
    files = len([p for p in demo.rglob("*") if p.suffix in (".csv", ".toml", ".md")])
    assert (demo / "actions.csv").is_file() and (demo / "commentary" / "index.md").is_file()
    code, stdout, err = run_cli("validate", "--data", demo)
    assert code == 0, stdout + err
    assert stdout == f"no problems found in {files} files\n"


def test_missing_or_empty_folder(run_cli, tmp_path):
    code, stdout, _ = run_cli("validate", "--data", tmp_path / "nope")
    assert code == 2 and "a data folder, but there is none" in stdout and stdout.endswith("1 problem in 1 file\n")
    code, stdout, _ = run_cli("validate", "--data", tmp_path)
    assert code == 2 and "year folders of extracts" in stdout


def test_every_repeated_survey_figure_is_listed(tmp_path):
    root = make_trust(tmp_path, append("survey.csv", "2023,6,White staff,,120,25.00,"),
                      append("survey.csv", "2023,6,BME,,80,30.00,"))
    found = [(p.line, p.expected) for p in validate_folder(root)]
    assert found == [(4, "one figure per survey year, indicator, group and occupation, but this repeats line 2"),
                     (5, "one figure per survey year, indicator, group and occupation, but this repeats line 3")]


def test_every_training_record_of_unknown_staff_is_listed(tmp_path):
    root = make_trust(tmp_path, replace("2024/training.csv", "24003,", "99003,"),
                      replace("2024/training.csv", "24014,", "99014,"))
    found = [(Path(p.file).name, p.line, p.got) for p in validate_folder(root)]
    assert found == [("training.csv", 3, "99003"), ("training.csv", 6, "99014")]
