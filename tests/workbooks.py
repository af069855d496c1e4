"""Turning the tests' CSV inputs into Excel workbooks, as a trust's spreadsheet would hold them:
whole numbers and decimals as numbers (keeping the printed decimal places as the cell's number
format), ISO and UK dates as dates, everything else (ids with letters or leading zeros) as text."""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell

_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")
_DECIMAL = re.compile(r"^-?\d+\.(\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def typed_cell(sheet, text: str):
    """One CSV value as the cell a spreadsheet would hold."""
    if _INTEGER.match(text):
        return int(text)
    if (found := _DECIMAL.match(text)):
        cell = WriteOnlyCell(sheet, float(text))
        cell.number_format = "0." + "0" * len(found[1])
        return cell
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_UK_DATE, (2, 1, 0))):
        if (found := pattern.match(text)):
            parts = [int(found[i + 1]) for i in order]
            cell = WriteOnlyCell(sheet, dt.datetime(*parts))
            cell.number_format = "dd/mm/yyyy"
            return cell
    return text or None


def csv_to_xlsx(source: Path, target: Path, *, sheet: str = "Sheet1", before: tuple[str, ...] = ()) -> Path:
    """Write the CSV ``source`` as the workbook ``target`` with the data on ``sheet`` (after empty
    sheets named ``before``), typed as :func:`typed_cell` says."""
    book = openpyxl.Workbook(write_only=True)
    for name in before:
        book.create_sheet(name).append(["nothing here"])
    data = book.create_sheet(sheet)
    with open(source, newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle)):
            data.append(row if number == 0 else [typed_cell(data, v) for v in row])
    book.save(target)
    return target


def convert_folder(source: Path, target: Path) -> Path:
    """A copy of the data folder ``source`` with every CSV input as a workbook (``wres.toml`` kept)."""
    for path in sorted(source.rglob("*")):
        out = target / path.relative_to(source)
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".csv":
            out.parent.mkdir(parents=True, exist_ok=True)
            csv_to_xlsx(path, out.with_suffix(".xlsx"))
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(path.read_bytes())
    return target
