"""Reading the CSV files a trust exports, and validating them with pandera.

All values are read as text so that nothing is guessed: each reader parses
and checks its own columns and reports problems by file, line and column.
"""
from __future__ import annotations

import io as _io
import re
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import InputError, Problem

if TYPE_CHECKING:  # pandas and pandera are imported where used: read_text stays light for `wres run`'s cache check
    import pandas as pd
    import pandera.pandas as pa

#: Column holding the line of the source file a row came from (header = 1).
LINE = "source_line"

_EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: str | Path) -> str:
    """Return the text of ``path``, accepting UTF-8 (with or without BOM),
    UTF-16 with a BOM and Windows-1252, which is what spreadsheet exports use.
    Excel workbooks and other binary files are an :class:`InputError`."""
    path = Path(path)
    if not path.is_file():
        raise InputError.one(path, "a file here, but there is none")
    raw = path.read_bytes()
    if raw.startswith(_EXCEL_SIGNATURES):
        raise InputError.one(path, "a CSV text file, but this is an Excel workbook: save it as CSV (comma delimited)")
    if raw.startswith(_UTF16_BOMS):  # Excel's "Unicode Text" export
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError.one(path, f"UTF-16 text after its byte order mark ({err.reason})") from None
    if b"\x00" in raw[:4096]:
        raise InputError.one(path, "a CSV text file, but this holds binary data (NUL bytes): export it as CSV again")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_csv(path: str | Path, *, required: list[str] | None = None, allow_empty: bool = False) -> pd.DataFrame:
    """Read a CSV as text columns with a ``source_line`` column of source lines.

    Headers and values are stripped of surrounding spaces; blank lines are skipped (but
    counted, so ``source_line`` matches what an editor shows). ``required`` columns
    must all be present. Raises :class:`InputError` for an empty file, a file
    with another delimiter, or missing columns.
    """
    import pandas as pd

    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise InputError.one(path, "a header line and data rows, but the file is empty")
    header = text.splitlines()[0]
    try:
        frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as err:
        raise _parser_error(path, err, header) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("").apply(lambda col: col.str.strip())
    # Every file wreslib reads has several columns, so one column means another delimiter
    # (checked before any column mapping, which would otherwise be blamed).
    if len(frame.columns) == 1 and (required is None or len(required) > 1):
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in header:
                raise InputError.one(path, f"comma-separated columns, but the header is separated by {name}", line=1)
    frame[LINE] = range(2, len(frame) + 2)
    values = frame.drop(columns=LINE)
    frame = frame[~(values == "").all(axis=1)].reset_index(drop=True)
    if required:
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise InputError.one(path, f"a column named '{missing[0]}' (columns found: {', '.join(values.columns)})",
                                 line=1, column=missing[0])
    if frame.empty and not allow_empty:
        raise InputError.one(path, "at least one data row after the header")
    return frame


_HEADER_SPACING = re.compile(r"[\s_\-]+")
_PANDAS_REPEAT = re.compile(r"\.\d+$")  # pandas names a repeated header "X.1", "X.2"


def normalise_header(header: str) -> str:
    """A header as it is matched: lower case, without spaces, ``_`` or ``-`` (any of them, anywhere).

    >>> {normalise_header(h) for h in ["Staff ID", "staff-id", " STAFF_ID ", "staff_id", "Staff  I D"]}
    {'staffid'}
    """
    return _HEADER_SPACING.sub("", str(header)).casefold()


def match_headers(headers: list[str], wanted: dict[str, str], file: str | Path) -> dict[str, str]:
    """Find each wanted header among a file's ``headers``, forgiving case, spaces, ``_`` and ``-``.

    ``wanted`` maps a key (the pack's column name) to the header looked for.
    Returns {key: the file's header} for the keys found. Two headers of the
    file that match the same wanted header ("Staff ID" and "staff_id") are
    an :class:`InputError` naming both; so is a header repeated as it is
    (which pandas reads as "X" and "X.1").
    """
    by_norm: dict[str, list[str]] = {}
    for header in headers:
        base = _PANDAS_REPEAT.sub("", header)
        key = normalise_header(base if base != header and base in headers else header)
        by_norm.setdefault(key, []).append(header)
    found = {}
    for key, header in wanted.items():
        same = by_norm.get(normalise_header(header), [])
        if len(same) > 1:
            first, second = (_PANDAS_REPEAT.sub("", h) if _PANDAS_REPEAT.sub("", h) in headers else h
                             for h in same[:2])
            raise InputError.one(file, f"one column for '{header}', but the headers '{first}' and '{second}' both "
                                       "name it (case, spaces, '_' and '-' do not count): rename or remove one",
                                 line=1, column=key, header=first if first != key else None)
        if same:
            found[key] = same[0]
    return found


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parser_error(path: Path, err: Exception, header: str) -> InputError:
    """A CSV that pandas cannot split, as a problem on the line it names (pandas counts the header as 1)."""
    found = _FIELDS.search(str(err))
    if found is None:
        return InputError.one(path, f"comma-separated values ({str(err).strip()})")
    expected, line, saw = (int(n) for n in found.groups())
    return InputError.one(path, f"{expected} comma-separated fields as in the header ({header.strip()}), but this line "
                                f"has {saw}: put a value holding a comma in double quotes", line=line)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str | Path) -> pd.DataFrame:
    """Validate ``frame`` (from :func:`read_csv`) against ``schema``, lazily.

    Every failing cell becomes a :class:`Problem` whose ``expected`` is the
    check's ``error`` text; problems are sorted by line and raised together.
    """
    import pandera.pandas as pa

    try:
        schema.validate(frame.drop(columns=LINE), lazy=True)
        return frame
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            if case.column is None or case.index is None:
                problems.append(Problem(str(file), f"only the columns {', '.join(schema.columns)}",
                                        line=1, column=str(case.failure_case)))
                continue
            row = frame.loc[int(case.index)]
            problems.append(Problem(str(file), str(case.check), line=int(row[LINE]), column=str(case.column),
                                    got=str(case.failure_case)))
        problems.sort(key=lambda p: (p.line or 0, p.column or ""))
        raise InputError(problems) from None
