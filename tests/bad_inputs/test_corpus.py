"""The bad-input corpus: the tiny valid trust of ``trust.py`` plus one mutation per case.

Every broken input goes through the CLI and must exit 2 with exactly one
line on stderr naming the file, line and column and what was expected, no
traceback, and the outputs folder byte-identical to before the run. Inputs
that are odd but valid (a BOM, Windows-1252, unknown bands, a missing
optional file) must be read correctly, with a warning where a figure is
affected and nothing dropped silently. ``wres validate`` must report every
error case too.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from helpers import error_line

from bad_inputs.mutations import (Files, append, drop_column, empty_year, header_only, make_trust, replace,
                                  replace_all, set_bytes, xlsx_bytes)


# ------------------------------------------------------------------ running

def tree_digest(root: Path) -> str:
    """SHA-256 over every path and file content under ``root`` (hidden files included)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def previous_outputs(tmp_path: Path) -> Path:
    """An outputs folder holding an earlier run's files, which a failed run must leave alone."""
    out = tmp_path / "outputs"
    (out / "2024").mkdir(parents=True)
    (out / "results.csv").write_text("year,indicator\n2024,1\n")
    (out / "survey_results.csv").write_text("year,indicator\n2024,5\n")
    (out / "2024" / "index.html").write_text("<html>earlier run</html>\n")
    return out


def command(kind: str, data: Path, out: Path) -> list:
    """The CLI arguments of one way of reading the trust."""
    return {
        "indicators": ["indicators", "--data", data, "--year", 2024, "--out", out / "results.csv"],
        "counts": ["indicators", "--counts", data / "counts.csv", "--year", 2024, "--out", out / "results.csv"],
        "survey": ["survey", "--data", data, "--out", out / "survey_results.csv"],
        "run": ["run", "--data", data, "--year", 2024, "--out", out, "--quiet"],
    }[kind]


# ------------------------------------------------------------------ broken inputs

@dataclass(frozen=True)
class Case:
    """One broken input: the mutation, how it is read, and what the one error line must say."""

    name: str
    mutate: Callable[[Files], None]
    file: str                # path of the file named, relative to the trust folder
    line: int | None         # None: the error is about the whole file
    column: str | None
    words: str               # part of what was expected
    kind: str = "indicators"  # see command()
    #: Whether `wres validate --data` can see it (a --counts file that is missing is not in the folder's reach).
    in_folder: bool = True
    #: The file's own header for ``column`` when it is not the pack's name: the line shows both.
    header: str | None = None
    #: Missing columns: the error line is followed by the wres.toml lines that would map them.
    hint: bool = False


W24, R24, D24, T24, B24 = (f"2024/{n}.csv" for n in ("workforce", "recruitment", "disciplinary", "training", "board"))
#: A valid action plan of one action; the cases append a bad row (line 3) or break the header.
ACTIONS = b"indicator,action,lead,due,status\n2,Train recruiters,Head of Recruitment,March 2025,in progress\n"

CASES = [
    # counts.csv
    Case("counts missing file", set_bytes("counts.csv", None), "counts.csv", None, None, "a file here", "counts",
         in_folder=False),
    Case("counts empty file", set_bytes("counts.csv", b""), "counts.csv", None, None, "the file is empty", "counts"),
    Case("counts header only", header_only("counts.csv"), "counts.csv", None, None, "at least one data row",
         "counts"),
    Case("counts misspelt column", replace("counts.csv", "ethnicity", "ethnicty"), "counts.csv", 1, "ethnicity",
         "a column named 'ethnicity'", "counts"),
    Case("counts semicolons", replace_all("counts.csv", ",", ";"), "counts.csv", 1, None, "separated by semicolons",
         "counts"),
    Case("counts negative", append("counts.csv", "2024,1,headcount,Clinical|Band 6,White,-3"), "counts.csv", 10,
         "count", "a whole number of 0 or more", "counts"),
    Case("counts fractional", append("counts.csv", "2024,1,headcount,Clinical|Band 6,White,2.5"), "counts.csv", 10,
         "count", "a whole number of 0 or more", "counts"),
    Case("counts too large for a whole number", append("counts.csv", "2024,1,headcount,Clinical|Band 6,White,"
                                                                    + "9" * 22), "counts.csv", 10, "count",
         "a whole number of 0 or more", "counts"),
    Case("counts duplicate key", append("counts.csv", "2024,1,headcount,Clinical|Band 5,BME,1"), "counts.csv", 10,
         "ethnicity", "one row per year, indicator, measure, breakdown and ethnicity", "counts"),
    Case("counts appointed over shortlisted", replace("counts.csv", "appointed,,BME,3", "appointed,,BME,16"),
         "counts.csv", 7, "count", "appointed of BME staff in 2024 (16) to be at most their shortlisted (15)",
         "counts"),
    Case("counts excel workbook", set_bytes("counts.csv", xlsx_bytes()), "counts.csv", None, None,
         "this is an Excel workbook", "counts"),
    # wres.toml
    # ("Pay Band" and "Staff Group" match pay_band and staff_group without a mapping: case and spaces do not count)
    Case("toml missing: ESR headers unmapped", set_bytes("wres.toml", None), "2023/workforce.csv", 1, None,
         "columns named 'staff_id', 'ethnicity', 'contract_type'", hint=True),
    Case("toml maps a column that does not exist", replace("wres.toml", '"Assignment Category"', '"Contract"'),
         "wres.toml", 9, "contract_type", "contract_type = 'Contract' to name a column of", header="Contract"),
    Case("toml invalid", replace("wres.toml", "[columns.workforce]", "[columns.workforce"), "wres.toml", 4, None,
         "valid TOML"),
    # [run] of wres.toml: read by `wres run` before anything else, and by `wres survey`
    Case("toml run negative threshold", replace("wres.toml", "[trust]", "[run]\ncount_threshold = -1\n\n[trust]"),
         "wres.toml", 2, "run.count_threshold", "a whole number of 0 or more", "run"),
    Case("toml run quoted threshold", replace("wres.toml", "[trust]", "[run]\nsurvey_threshold = \"11\"\n\n[trust]"),
         "wres.toml", 2, "run.survey_threshold", "a whole number of 1 or more", "survey"),
    # workforce.csv
    Case("workforce empty file", set_bytes(W24, b""), W24, None, None, "the file is empty"),
    Case("workforce header only", header_only(W24), W24, None, None, "at least one data row"),
    Case("workforce tab delimited", replace_all(W24, ",", "\t"), W24, 1, None, "separated by tabs"),
    Case("workforce excel workbook", set_bytes(W24, xlsx_bytes()), W24, None, None, "this is an Excel workbook"),
    Case("workforce empty staff id", replace(W24, "24007,", ","), W24, 8, "staff_id", "a value",
         header="Employee Number"),
    Case("workforce row with an extra field", append(W24, "24099,A,Band 5,Medical and Dental,Permanent,x"), W24,
         22, None, "5 comma-separated fields"),
    # recruitment.csv
    Case("recruitment misspelt column", replace(R24, "shortlisted", "shortlised"), R24, 1, "shortlisted",
         "a column named 'shortlisted', or the trust's header for it in wres.toml [columns.recruitment] (columns "
         "found: application_id, ethnicity, shortlised, appointed; closest: shortlisted 'shortlised')", hint=True),
    Case("recruitment appointed without shortlisted", replace(R24, "A202403,White British,N,N",
                                                              "A202403,White British,N,Y"),
         R24, 4, "appointed", "appointed only when shortlisted"),
    Case("recruitment duplicate application", replace(R24, "A202405", "A202404"), R24, 6, "application_id",
         "one row per application"),
    # disciplinary.csv
    Case("disciplinary missing column", drop_column(D24, "date_entered"), D24, 1, "date_entered",
         "a column named 'date_entered'", hint=True),
    Case("disciplinary unparseable date", replace(D24, "01/02/2024", "31/02/2024"), D24, 4, "date_entered",
         "a date such as"),
    Case("disciplinary date with a mistyped year", replace(D24, "01/02/2024", "01/02/0024"), D24, 4,
         "date_entered", "a date such as"),
    # training.csv
    Case("training two-digit year", replace(T24, "2023-05-01", "01/05/23"), T24, 2, "date", "a date such as"),
    Case("training staff not in workforce", replace(T24, "24003,", "99003,"), T24, 3, "staff_id",
         "a staff_id found in workforce.csv"),
    # board.csv
    Case("board header only", header_only(B24), B24, None, None, "at least one data row"),
    Case("board duplicate member", replace(B24, "B20242", "B20241"), B24, 3, "member_id", "one row per board member"),
    Case("board bad boolean", replace(B24, "Black African,N,N", "Black African,N,perhaps"), B24, 5, "executive",
         "Y/N, Yes/No"),
    Case("workforce binary garbage", set_bytes(W24, bytes(range(256)) * 4), W24, None, None,
         "binary data (NUL bytes)"),
    Case("board garbage with line breaks in the header", set_bytes(B24, b"id\x0bx\x0cz\x1fq,y\n1,2\n"),
         B24, 1, None, "columns named 'member_id', 'ethnicity', 'voting', 'executive'", hint=True),
    # headers, wres.toml tables per year and optional columns, grouped rows, unknown labels
    Case("workforce two headers for one column", replace_all(W24, "Assignment Category\n",
                                                              "Assignment Category,EMPLOYEE-NUMBER\n"),
         W24, 1, "staff_id", "the headers 'Employee Number' and 'EMPLOYEE-NUMBER' both name it",
         header="Employee Number"),
    Case("disciplinary several missing columns", lambda f: (drop_column(D24, "staff_id")(f),
                                                           drop_column(D24, "date_entered")(f)),
         D24, 1, None, "columns named 'staff_id', 'date_entered'", hint=True),
    Case("workforce several mapped columns missing", lambda f: (drop_column(W24, "Pay Band")(f),
                                                               drop_column(W24, "Assignment Category")(f)),
         "wres.toml", 7, "pay_band", "[columns.workforce] pay_band = 'Pay Band', contract_type = 'Assignment "
                                     "Category' to name columns of", header="Pay Band"),
    Case("toml year table maps a column that does not exist",
         append("wres.toml", '[2024.columns.training]\nstaff_id = "Staff Number"'), "wres.toml", 11, "staff_id",
         "[2024.columns.training] staff_id = 'Staff Number' to name a column of", header="Staff Number"),
    Case("toml optional column the pack needs", replace("wres.toml", "[columns.workforce]\n",
                                                        '[columns.workforce]\noptional = ["pay_band"]\n'),
         "wres.toml", 5, "columns.workforce.optional", "naming columns workforce.csv can do without (contract_type)"),
    Case("toml unknown training_leavers", append("wres.toml", '[rules]\ntraining_leavers = "maybe"'), "wres.toml",
         11, "rules.training_leavers", '"error" or "unknown"'),
    Case("board bad booleans on two rows", replace_all(B24, "White British,Y,", "White British,maybe,"), B24, None,
         "voting", "lines 2, 3: column 'voting': expected Y/N, Yes/No"),
    Case("workforce unrecognised labels over 2%", replace(W24, "24001,A White - British", "24001,Martian"), W24,
         None, "ethnicity", "1 of 20 (5.0%) have one: 'Martian' (1); correct them (see data/README.md) or pass "
                            "--allow-unknown-labels", header="Ethnic Origin"),
    Case("run: unrecognised labels over 2%", replace(W24, "24001,A White - British", "24001,Martian"), W24, None,
         "ethnicity", "'Martian' (1)", "run", header="Ethnic Origin"),
    # a year folder
    Case("year folder with no files", empty_year(2024), "2024", None, None, "but the folder has none of them"),
    # survey.csv
    Case("survey percent over 100", replace("survey.csv", "30.00", "130.00"), "survey.csv", 3, "percent",
         "a percentage from 0 to 100", "survey"),
    Case("survey responses too large", replace("survey.csv", ",80,", ",99999999999999999999,"), "survey.csv", 3,
         "responses", "a positive whole number of responses", "survey"),
    Case("survey misspelt column", replace("survey.csv", "percent,bench", "percnt,bench"), "survey.csv", 1,
         "percent", "a column named 'percent'", "survey"),
    Case("survey semicolons", replace_all("survey.csv", ",", ";"), "survey.csv", 1, None, "separated by semicolons",
         "survey"),
    Case("survey read by indicators too", replace("survey.csv", "2023,6,White", "2023,6,Martian"), "survey.csv", 2,
         "group", "an ethnicity label"),
    # survey_responses.csv
    Case("responses empty file", set_bytes("survey_responses.csv", b""), "survey_responses.csv", None, None,
         "the file is empty", "survey"),
    Case("responses answer not allowed", replace("survey_responses.csv", "2022,3,White British,Admin,Never",
                                                 "2022,3,White British,Admin,Sometimes"),
         "survey_responses.csv", 4, "Q14a", "one of Never, 1-2", "survey"),
    Case("responses duplicate respondent", replace("survey_responses.csv", "2022,5,", "2022,4,"),
         "survey_responses.csv", 6, "respondent_id", "each respondent once", "survey"),
    # published.csv (read by `wres run`, before any notebook starts)
    Case("published value not a number", replace("published.csv", "40.00", "forty"), "published.csv", 2, "value",
         "a number as printed", "run"),
    Case("published percent over 100", replace("published.csv", "40.00", "140.00"), "published.csv", 2, "value",
         "a percentage from 0 to 100", "run"),
    Case("published misspelt column", replace("published.csv", "metric", "metirc"), "published.csv", 1, "metric",
         "a column named 'metric'", "run"),
    # actions.csv and commentary/ (read by `wres run`, before any notebook starts)
    Case("actions indicator out of range", set_bytes("actions.csv", ACTIONS + b"10,Act,Lead,2025-03,done\n"),
         "actions.csv", 3, "indicator", "an indicator number from 1 to 9", "run"),
    Case("actions indicator blank", set_bytes("actions.csv", ACTIONS + b",Act,Lead,2025-03,done\n"),
         "actions.csv", 3, "indicator", "or 'all'", "run"),
    Case("actions action blank", set_bytes("actions.csv", ACTIONS + b"2,,Lead,2025-03,done\n"),
         "actions.csv", 3, "action", "the action, as text", "run"),
    Case("actions impossible due date", set_bytes("actions.csv", ACTIONS + b"2,Act,Lead,31/02/2025,done\n"),
         "actions.csv", 3, "due", "a date (2025-03-31 or 31/03/2025), a month", "run"),
    Case("actions due not a date", set_bytes("actions.csv", ACTIONS + b"2,Act,Lead,next year,done\n"),
         "actions.csv", 3, "due", "a date (2025-03-31 or 31/03/2025), a month", "run"),
    Case("actions unknown status", set_bytes("actions.csv", ACTIONS + b"2,Act,Lead,2025-03,complete\n"),
         "actions.csv", 3, "status", "one of not started, in progress, done, overdue", "run"),
    Case("actions misspelt column", set_bytes("actions.csv", ACTIONS.replace(b"status", b"stauts")),
         "actions.csv", 1, "status", "a column named 'status'", "run"),
    Case("actions header only", set_bytes("actions.csv", ACTIONS.split(b"\n")[0] + b"\n"), "actions.csv", None,
         None, "at least one data row", "run"),
    Case("commentary file named after no section", set_bytes("commentary/summary.md", b"Our words"),
         "commentary/summary.md", None, None, "a file named <section>.md, the section one of index", "run"),
    Case("commentary saved as a workbook", set_bytes("commentary/index.md", xlsx_bytes()), "commentary/index.md",
         None, None, "a Markdown text file", "run"),
    # and one extract case through `wres run`
    Case("run: year folder with no files", empty_year(2024), "2024", None, None, "but the folder has none of them", "run"),
]


def check_error_line(err: str, root: Path, case: Case) -> None:
    """Exactly one line, naming file, line and column and what was expected; no traceback. Missing
    columns: the wres.toml lines to paste follow that line (and nothing else does)."""
    line = error_line(err)
    assert (len(err.strip().splitlines()) > 1) == case.hint, err
    assert line.startswith("wres: error: "), line
    assert str(root / case.file) in line, line
    assert "expected " in line and case.words in line, line
    if case.line is not None:
        assert f"line {case.line}" in line, line
    if case.column is not None:
        named = f"'{case.header}' ({case.column})" if case.header else f"'{case.column}'"
        assert f"column {named}" in line, line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input_exits_2_with_one_line_and_outputs_untouched(run_cli, tmp_path, case):
    root = make_trust(tmp_path, case.mutate)
    out = previous_outputs(tmp_path)
    before = tree_digest(out)
    code, stdout, err = run_cli(*command(case.kind, root, out))
    assert code == 2, err
    assert stdout == ""
    check_error_line(err, root, case)
    assert tree_digest(out) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.in_folder], ids=[c.name for c in CASES if c.in_folder])
def test_validate_reports_each_broken_input(run_cli, tmp_path, case):
    root = make_trust(tmp_path, case.mutate)
    code, stdout, err = run_cli("validate", "--data", root)
    assert code == 2, stdout + err
    assert "Traceback" not in err
    named = [line for line in stdout.splitlines() if str(root / case.file) in line and case.words in line]
    assert named, stdout
    if case.line is not None:
        assert any(f"line {case.line}" in line for line in named), stdout


def test_corpus_size_and_file_types():
    """At least 25 cases, and every input file type has one."""
    assert len(CASES) >= 25
    named = {Path(c.file).name for c in CASES}
    assert {"counts.csv", "wres.toml", "workforce.csv", "recruitment.csv", "disciplinary.csv", "training.csv",
            "board.csv", "survey.csv", "survey_responses.csv", "published.csv", "actions.csv", "index.md"} <= named


# ------------------------------------------------------------------ odd but valid inputs

def counts_csv(run_cli, root: Path) -> tuple[pd.DataFrame, str]:
    code, out, err = run_cli("counts", "--data", root, "--year", 2024)
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), keep_default_na=False), err


def total(counts: pd.DataFrame, indicator: int, measure: str, year: int = 2024) -> int:
    rows = counts[(counts["year"] == year) & (counts["indicator"] == indicator) & (counts["measure"] == measure)]
    return int(rows["count"].sum())


def test_utf8_bom_workforce_is_read_like_plain_utf8(run_cli, tmp_path):
    clean, _ = counts_csv(run_cli, make_trust(tmp_path / "clean"))
    bom, _ = counts_csv(run_cli, make_trust(tmp_path / "bom", lambda f: f.update({W24: b"\xef\xbb\xbf" + f[W24]})))
    pd.testing.assert_frame_equal(clean, bom)


def test_windows_1252_workforce_is_read_and_its_values_come_through(run_cli, tmp_path):
    def to_cp1252(files):
        files[W24] = files[W24].decode().replace("Fixed Term Temp", "Fixed Term \u2013 Temp £").encode("cp1252")
    clean, _ = counts_csv(run_cli, make_trust(tmp_path / "clean"))
    cp, err = counts_csv(run_cli, make_trust(tmp_path / "cp", to_cp1252))
    pd.testing.assert_frame_equal(clean, cp)
    assert "'Fixed Term \u2013 Temp £' (3)" in err  # the note listing contract types shows the decoded value


def test_windows_1252_and_bom_survey_files_are_read_and_values_come_through(run_cli, tmp_path):
    def encode(files):
        survey = files["survey.csv"].decode() + "2023,7,White,Estates \u2013 Soft FM,60,50.00,\n"
        files["survey.csv"] = survey.encode("cp1252")
        responses = files["survey_responses.csv"].decode().replace(",Admin,", ",Médical £ staff,")
        files["survey_responses.csv"] = b"\xef\xbb\xbf" + responses.encode("utf-8")
    root = make_trust(tmp_path, encode)
    code, out, err = run_cli("survey", "--data", root, "--threshold", 1)
    assert code == 0, err
    results = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert "Occupation|Estates \u2013 Soft FM" in set(results["breakdown"])
    assert "Occupation|Médical £ staff" in set(results["breakdown"])


@pytest.mark.parametrize("old, new, reason", [
    ("Band 3,Additional Clinical Services,Fixed", "Band 10,Additional Clinical Services,Fixed",
     "pay band 'Band 10' not recognised (1)"),
    ("Band 2,Estates and Ancillary", "Band 2,Porters", "staff group 'Porters' not recognised (1)"),
    ("Band 4,Administrative and Clerical", "Consultant,Administrative and Clerical",
     "pay band 'Consultant' is not a Non-clinical band (1)"),
])
def test_unknown_band_or_staff_group_warns_and_keeps_the_person(run_cli, tmp_path, old, new, reason):
    clean, _ = counts_csv(run_cli, make_trust(tmp_path / "clean"))
    odd, err = counts_csv(run_cli, make_trust(tmp_path / "odd", replace(W24, old, new)))
    assert "wres: warning: 2024: workforce.csv: 1 staff left out of indicator 1" in err and reason in err, err
    assert total(odd, 1, "headcount") == total(clean, 1, "headcount") - 1
    # not dropped: still in the indicator 3 and 4 headcounts
    assert total(odd, 3, "headcount") == total(clean, 3, "headcount") == 19  # 20 staff, one bank-only
    assert total(odd, 4, "headcount") == total(clean, 4, "headcount") == 19


def test_dates_outside_the_year_are_left_out_and_counted(run_cli, tmp_path):
    clean, _ = counts_csv(run_cli, make_trust(tmp_path / "clean"))
    late, err = counts_csv(run_cli, make_trust(tmp_path / "late", replace(D24, "01/02/2024", "01/05/2024")))
    assert "2024: disciplinary.csv: 1 case(s) dated outside 1 April 2023 to 31 March 2024 left out" in err
    assert total(late, 3, "entered_disciplinary") == total(clean, 3, "entered_disciplinary") - 1 == 2


def test_missing_optional_file_skips_its_indicator_with_a_warning(run_cli, tmp_path):
    root = make_trust(tmp_path, set_bytes(T24, None))
    code, out, err = run_cli("indicators", "--data", root, "--year", 2024)
    assert code == 0 and "wres: warning: 2024: training.csv: not found: indicator 4 skipped" in err
    results = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert 4 not in set(results["indicator"]) and {1, 2, 3, 9} <= set(results["indicator"])


def test_utf16_export_is_read_like_utf8(run_cli, tmp_path):
    clean, _ = counts_csv(run_cli, make_trust(tmp_path / "clean"))
    utf16, _ = counts_csv(run_cli, make_trust(tmp_path / "u16", lambda f: f.update({W24: f[W24].decode().encode("utf-16")})))
    pd.testing.assert_frame_equal(clean, utf16)


@pytest.mark.parametrize("encode", [lambda t: t.encode("cp1252"), lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")],
                         ids=["cp1252", "utf-8 BOM"])
def test_wres_toml_in_windows_1252_or_with_bom_is_read_by_run(run_cli, tmp_path, encode):
    """`wres run` reads the trust name from wres.toml: an encoding must not stop it (a later bad
    published.csv keeps the run cheap: it stops before any notebook, with that file's error)."""
    def mutate(files):
        files["wres.toml"] = encode(files["wres.toml"].decode().replace("Tiny NHS Trust", "Hôpital – £ Trust"))
        replace("published.csv", "40.00", "forty")(files)
    root = make_trust(tmp_path, mutate)
    code, _, err = run_cli(*command("run", root, previous_outputs(tmp_path)))
    assert code == 2 and "published.csv, line 2, column 'value'" in err and len(err.strip().splitlines()) == 1, err
    from wreslib.publish.runner import trust_name
    assert trust_name(root) == "Hôpital – £ Trust"


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path):
    from wreslib.cli import _write

    def failing_writer(frame, path):
        Path(path).write_text("half")
        raise OSError("disk full")
    out = previous_outputs(tmp_path)
    before = tree_digest(out)
    with pytest.raises(OSError):
        _write(None, out / "results.csv", failing_writer)
    assert tree_digest(out) == before


def test_another_years_extract_is_a_warning_not_a_quiet_zero(run_cli, tmp_path):
    """Every case outside the year: the figure is 0, and stderr warns that the file may be the wrong year's."""
    def last_years_cases(files):
        files[D24] = files["2023/disciplinary.csv"]
    counts, err = counts_csv(run_cli, make_trust(tmp_path, last_years_cases))
    assert total(counts, 3, "entered_disciplinary") == 0
    assert ("wres: warning: 2024: disciplinary.csv: 3 case(s) dated outside 1 April 2023 to 31 March 2024 left out: "
            "none is in the year, is this the right year's extract?") in err, err
