"""Excel in and out: any input may be NAME.xlsx instead of NAME.csv (read as the same text, through
the same checks, with problems naming the sheet and row), and a run writes results.xlsx."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from bad_inputs.trust import write_trust
from workbooks import convert_folder, csv_to_xlsx
from wreslib.inputs import reading
from wreslib.disclosure.engine import Thresholds, scan_for_disclosure
from wreslib.errors import InputError
from wreslib.publish.pipeline import report_results
from wreslib.publish.site import check_publishable, input_identifiers, results_workbook, write_site
from wreslib.publish.runner import input_files

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
COUNTS = ("year,indicator,measure,breakdown,ethnicity,count\n"
          "2024,1,headcount,Clinical|Band 5,White,12\n"
          "2024,1,headcount,Clinical|Band 5,BME,9\n")


def workbook(path: Path, rows: list[list], *, sheet: str = "Sheet1", before: tuple[str, ...] = ()) -> Path:
    """A workbook holding ``rows`` on ``sheet`` (cells as given: numbers, dates, text), after the sheets ``before``."""
    book = openpyxl.Workbook()
    book.active.title = before[0] if before else sheet
    for name in before[1:]:
        book.create_sheet(name)
    data = book[sheet] if not before else book.create_sheet(sheet)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                data.cell(number, column, value)
    book.save(path)
    return path


def one_line_error(run_cli, *args) -> str:
    """Run the CLI, check it failed as bad input should (exit 2, one line, no traceback) and return the line."""
    code, out, err = run_cli(*args)
    assert code == 2, (out, err)
    assert out == "" and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


# ---------------------------------------------------------------- the same text as a CSV

def test_a_sheet_reads_as_the_same_text_frame_as_its_csv(tmp_path):
    # Typed cells (whole numbers, a float 10.0, fixed decimals, a date with and without a time, TRUE) and a
    # blank row give the text the CSV holds, with the same source lines (the blank row 3 is counted).
    (tmp_path / "x.csv").write_text("id,n,share,when,flag,name\n"
                                    "E1,7,62.70,2024-03-31,TRUE, Band 5 \n"
                                    "\n"
                                    "007,10,1.5,2023-04-01 09:30:00,FALSE,=SUM(A1)\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", "n", "share", "when", "flag", "name"], ["E1", 7, 62.7, dt.datetime(2024, 3, 31), True, " Band 5 "],
                [], ["007", 10.0, 1.5, dt.datetime(2023, 4, 1, 9, 30), False, "=SUM(A1)"]):
        sheet.append(row)
    sheet["C2"].number_format = "0.00"
    sheet["F4"].data_type = "s"  # text that looks like a formula stays text
    book.save(tmp_path / "x.xlsx")
    from_csv, from_xlsx = reading.read_csv(tmp_path / "x.csv"), reading.read_csv(tmp_path / "x.xlsx")
    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    assert list(from_xlsx[reading.LINE]) == [2, 4]
    assert list(from_xlsx["n"]) == ["7", "10"] and list(from_xlsx["share"]) == ["62.70", "1.5"]


def test_input_path_finds_either_and_refuses_both(tmp_path):
    assert reading.input_path(tmp_path, "counts") == tmp_path / "counts.csv"  # neither: the CSV name
    (tmp_path / "counts.xlsx").write_bytes(b"")
    assert reading.input_path(tmp_path, "counts") == tmp_path / "counts.xlsx"
    (tmp_path / "counts.csv").write_text(COUNTS)
    with pytest.raises(InputError, match=r"counts.csv and counts.xlsx are both in the folder"):
        reading.input_path(tmp_path, "counts")


# ---------------------------------------------------------------- errors through the CLI

def test_an_error_names_the_sheet_and_the_row(run_cli, tmp_path):
    # The sheet wres.toml names ([sheets] counts = "Table 1"), after a cover sheet; row 3's count is 2.5.
    (tmp_path / "wres.toml").write_text('[sheets]\ncounts = "Table 1"\n')
    rows = [line.split(",") for line in COUNTS.splitlines()]
    rows[2][5] = 2.5
    path = workbook(tmp_path / "counts.xlsx", rows, sheet="Table 1", before=("Cover",))
    line = one_line_error(run_cli, "indicators", "--counts", path)
    assert line == (f"wres: error: {path}, sheet 'Table 1', row 3, column 'count': expected a whole number of 0 or "
                    "more (at most 999999999), got '2.5'")


def test_without_a_sheet_setting_the_first_sheet_is_read(run_cli, tmp_path):
    rows = [line.split(",") for line in COUNTS.splitlines()]
    path = workbook(tmp_path / "counts.xlsx", rows + [["2024", "1", "headcount", "Clinical|Band 6", "Martian", 3]])
    line = one_line_error(run_cli, "indicators", "--counts", path)
    assert f"{path}, sheet 'Sheet1', row 4, column 'ethnicity'" in line and "'Martian'" in line


def test_a_sheet_wres_toml_names_must_exist(run_cli, tmp_path):
    (tmp_path / "wres.toml").write_text('[trust]\nname = "X"\n\n[sheets]\ncounts = "Table 9"\n')
    workbook(tmp_path / "counts.xlsx", [line.split(",") for line in COUNTS.splitlines()], sheet="Table 1")
    line = one_line_error(run_cli, "indicators", "--counts", tmp_path / "counts.xlsx")
    assert f"{tmp_path / 'wres.toml'}, line 5, column 'sheets.counts': expected a sheet of counts.xlsx named " \
           "'Table 9' (sheets found: Table 1)" in line


def test_an_unknown_sheets_key_is_an_error(run_cli, tmp_path):
    (tmp_path / "wres.toml").write_text('[sheets]\ncount = "Table 1"\n')
    workbook(tmp_path / "counts.xlsx", [line.split(",") for line in COUNTS.splitlines()])
    line = one_line_error(run_cli, "indicators", "--counts", tmp_path / "counts.xlsx")
    assert "wres.toml, line 2, column 'sheets.count': expected an input's name" in line


def test_a_value_in_a_column_without_header_is_an_error(run_cli, tmp_path):
    rows = [line.split(",") for line in COUNTS.splitlines()]
    rows[1] += [None, "stray"]
    path = workbook(tmp_path / "counts.xlsx", rows)
    line = one_line_error(run_cli, "indicators", "--counts", path)
    assert f"{path}, sheet 'Sheet1', row 2: expected values only in columns with a header in row 1, but column H " \
           "has none, got 'stray'" in line


def test_xls_and_encrypted_workbooks_are_refused(run_cli, tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # a Compound File: .xls, or an encrypted .xlsx
    (tmp_path / "counts.xls").write_bytes(ole)
    line = one_line_error(run_cli, "indicators", "--counts", tmp_path / "counts.xls")
    assert "counts.xls: expected an Excel workbook (.xlsx) or a CSV file, but .xls (Excel 97-2003)" in line
    assert "save it as Excel Workbook (.xlsx) or CSV" in line
    (tmp_path / "secret.xlsx").write_bytes(ole)
    line = one_line_error(run_cli, "indicators", "--counts", tmp_path / "secret.xlsx")
    assert "secret.xlsx: expected a workbook without a password, but this one is password-protected" in line
    (tmp_path / "text.xlsx").write_text(COUNTS)
    assert "is not one" in one_line_error(run_cli, "indicators", "--counts", tmp_path / "text.xlsx")


def test_an_xls_extract_in_a_year_folder_is_refused(run_cli, tmp_path):
    root = write_trust(tmp_path / "trust")
    (root / "2024" / "board.csv").unlink()
    (root / "2024" / "board.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    line = one_line_error(run_cli, "indicators", "--data", root, "--year", "2024")
    assert "board.xls: expected an Excel workbook (.xlsx) or a CSV file" in line


def test_both_csv_and_xlsx_present_is_an_error_naming_both(run_cli, tmp_path):
    root = write_trust(tmp_path / "trust")
    csv_to_xlsx(root / "2024" / "board.csv", root / "2024" / "board.xlsx")
    line = one_line_error(run_cli, "indicators", "--data", root, "--year", "2024")
    assert "board.csv and board.xlsx are both in the folder" in line
    code, out, _ = run_cli("validate", "--data", root)
    assert code == 2 and "board.csv and board.xlsx" in out


def test_an_extract_error_in_a_workbook_names_sheet_and_row(run_cli, tmp_path):
    root = write_trust(tmp_path / "trust")
    source = root / "2024" / "recruitment.csv"
    source.write_text(source.read_text().replace("A202403,White British,N,N", "A202403,White British,maybe,N"))
    csv_to_xlsx(source, root / "2024" / "recruitment.xlsx", sheet="Applications")
    source.unlink()
    line = one_line_error(run_cli, "indicators", "--data", root, "--year", "2024")
    assert f"{root / '2024' / 'recruitment.xlsx'}, sheet 'Applications', row 4, column 'shortlisted'" in line
    assert "'maybe'" in line


def test_a_tiny_trust_in_workbooks_gives_the_same_indicators_and_validates(run_cli, tmp_path):
    root = write_trust(tmp_path / "trust")
    books = convert_folder(root, tmp_path / "books")
    assert not list(books.rglob("*.csv"))
    for args in (("indicators", "--data"), ("counts", "--data")):
        code, from_csv, _ = run_cli(*args, root, "--year", "2024")
        assert code == 0
        code, from_xlsx, _ = run_cli(*args, books, "--year", "2024")
        assert code == 0 and from_xlsx == from_csv
    code, out, _ = run_cli("survey", "--data", books)
    assert code == 0 and out == run_cli("survey", "--data", root)[1]
    code, out, _ = run_cli("validate", "--data", books)
    assert code == 0 and "no problems found in 15 files" in out == run_cli("validate", "--data", root)[1]
    # run.json hashes the workbooks a run reads; the id scan reads them too.
    names = [p.relative_to(books).as_posix() for p in input_files(books, 2024)]
    assert {"wres.toml", "counts.xlsx", "survey.xlsx", "published.xlsx", "2024/workforce.xlsx"} <= set(names)
    assert input_identifiers(books) == input_identifiers(root)
    assert "24001" in input_identifiers(books) and "B20241" in input_identifiers(books)


# ---------------------------------------------------------------- the demo, as workbooks

@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    return convert_folder(DEMO, tmp_path_factory.mktemp("demo_books") / "demo")


def test_the_demo_in_workbooks_publishes_the_same_results(demo_books, tmp_path):
    # The same publishing function as `wres run` (report_results, then write_site), on the CSV and the
    # workbook copies of the demo: byte-identical results.csv and results.xlsx.
    config = SimpleNamespace(year=2024, count_threshold=7, survey_threshold=11, trust_name="Demo NHS Trust",
                             data_dir=None)
    written = {}
    for name, folder in (("csv", DEMO), ("xlsx", demo_books)):
        site = tmp_path / name
        site.mkdir()
        config.data_dir = folder
        write_site(site, report_results(folder, 2024), config, [])
        written[name] = site
    assert (written["xlsx"] / "results.csv").read_bytes() == (written["csv"] / "results.csv").read_bytes()
    assert (written["xlsx"] / "results.xlsx").read_bytes() == (written["csv"] / "results.xlsx").read_bytes()
    # The publish check reads the workbooks' ids and scans results.xlsx.
    assert input_identifiers(demo_books) == input_identifiers(DEMO)
    (written["xlsx"] / "index.html").unlink()  # built without notebooks here; not what is being checked
    check_publishable(written["xlsx"], SimpleNamespace(data_dir=demo_books, count_threshold=7, survey_threshold=11))


# ---------------------------------------------------------------- results.xlsx

def _results() -> pd.DataFrame:
    """Four rows of 2024 (one hidden, one with a hidden change, one text starting with '=') and one of 2023."""
    base = dict(ci_low=float("nan"), ci_high=float("nan"), numerator=float("nan"), denominator=float("nan"),
                change=float("nan"), description="d", note="", suppressed=False, change_suppressed=False)
    rows = [dict(base, year=2024, indicator=1, breakdown="Overall", metric="bme_percent", value=62.7,
                 ci_low=61.9, ci_high=63.4, numerator=9370, denominator=14943, change=1.5),
            dict(base, year=2024, indicator=1, breakdown="Clinical|Band 9", metric="bme_percent", suppressed=True,
                 note="* not shown to protect confidentiality"),
            dict(base, year=2024, indicator=2, breakdown="=HYPERLINK(\"x\")", metric="relative_likelihood",
                 value=1.3212345678912, change_suppressed=True, note="change * not shown to protect confidentiality"),
            dict(base, year=2024, indicator=9, breakdown="All", metric="difference_pp", value=-33.0),
            dict(base, year=2023, indicator=3, breakdown="single-year", metric="relative_likelihood", value=1.1)]
    return pd.DataFrame(rows)


def test_results_workbook_sheets_markers_and_safe_text():
    data = results_workbook(_results(), 2024, "@Trust", Thresholds(7, 11))
    book = openpyxl.load_workbook(io.BytesIO(data))
    # An About sheet, then one sheet per indicator with rows this year (2023's indicator 3 has none).
    assert book.sheetnames == ["About", "Workforce (1)", "Recruitment (2)", "Board (9)"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Trust"] == "'@Trust" and about["WRES reporting year"] == 2024
    assert about["Hidden figures"].startswith("* Not shown to protect confidentiality: a count of 1 to 7 people")
    workforce = list(book["Workforce (1)"].iter_rows(values_only=True))
    assert workforce[0][:5] == ("year", "indicator", "breakdown", "metric", "value")
    assert workforce[1][:10] == (2024, 1, "Overall", "bme_percent", 62.7, 61.9, 63.4, 9370, 14943, 1.5)
    assert workforce[2][4:10] == ("*",) * 6  # a hidden figure: *, as in the HTML
    recruitment = list(book["Recruitment (2)"].iter_rows(values_only=True))[1]
    assert recruitment[2] == "'=HYPERLINK(\"x\")" and recruitment[4] == 1.321234568 and recruitment[9] == "*"
    assert book["Recruitment (2)"]["C2"].data_type == "s"  # text, never a formula
    assert list(book["Board (9)"].iter_rows(values_only=True))[1][4:10] == (-33, None, None, None, None, None)


def test_results_workbook_is_the_same_bytes_each_time(monkeypatch):
    first = results_workbook(_results(), 2024, "Trust", Thresholds(7, 11))
    import time
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # a later clock changes nothing
    assert results_workbook(_results(), 2024, "Trust", Thresholds(7, 11)) == first
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created == book.properties.modified == dt.datetime(2000, 1, 1)


def test_the_publish_scan_reads_workbook_cells(tmp_path):
    clean = tmp_path / "results.xlsx"
    clean.write_bytes(results_workbook(_results(), 2024, "Trust", Thresholds(7, 11)))
    assert scan_for_disclosure([clean], {"E13907"}, 7) == []
    leaky = _results()
    leaky.loc[0, "note"] = "see staff E13907"
    leaky.loc[3, "numerator"] = 3  # a count of 3 shown in a numerator column
    bad = tmp_path / "leaky.xlsx"
    bad.write_bytes(results_workbook(leaky, 2024, "Trust", Thresholds(7, 11)))
    kinds = {f.kind for f in scan_for_disclosure([bad], {"E13907"}, 7)}
    assert len(kinds) == 2 and any("identifier" in k for k in kinds), kinds
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert [f.kind for f in scan_for_disclosure([broken], set(), 7)] == ["unscanned"]
