"""Reading the CSV files (or Excel workbooks) a trust exports, and validating them with pandera.

All values are read as text so that nothing is guessed: each reader parses
and checks its own columns and reports problems by file, line and column.
An input may be ``NAME.csv`` or ``NAME.xlsx`` (:func:`input_path`); a
workbook's sheet is turned into the same text a CSV gives
(:func:`read_workbook`), so both go through the same checks. (Named
``reading``, not ``io``, so as not to shadow the standard library's ``io``.)
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from pathlib import Path

from typing import TYPE_CHECKING

from ..errors import InputError, Problem, note_sheet

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
    return _read_source(path)[0]


def _read_source(path: str | Path) -> tuple[str, bytes | None]:
    """:func:`read_text`'s text, and the file's bytes when the text is their UTF-8 (so that the CSV
    parser can read the bytes as they are, rather than the text encoded again); else None."""
    path = Path(path)
    if not path.is_file():
        raise InputError.one(path, "a file here, but there is none")
    raw = path.read_bytes()
    if raw.startswith(_EXCEL_SIGNATURES):
        raise InputError.one(path, "a CSV text file, but this is an Excel workbook: save it as CSV (comma delimited)")
    if raw.startswith(_UTF16_BOMS):  # Excel's "Unicode Text" export
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as err:
            raise InputError.one(path, f"UTF-16 text after its byte order mark ({err.reason})") from None
    if b"\x00" in raw[:4096]:
        raise InputError.one(path, "a CSV text file, but this holds binary data (NUL bytes): export it as CSV again")
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), None


def _first_line(text: str) -> str:
    """The first line of ``text`` (as ``text.splitlines()[0]`` gives it), without splitting the whole text."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        if len(lines) > 1 or size >= len(text):
            return lines[0] if lines else ""
        size *= 4


#: ``str.strip`` as a numpy ufunc over object arrays (made on first use: numpy is imported lazily).
_STRIP = None


def _stripped(values):
    """An object array of ``values`` (strings) each stripped of surrounding whitespace (``str.strip``)."""
    import numpy as np

    global _STRIP
    if _STRIP is None:
        _STRIP = np.frompyfunc(str.strip, 1, 1)
    return _STRIP(np.asarray(values, dtype=object)) if len(values) else np.asarray(values, dtype=object)


def _categorical(column: pd.Series) -> pd.Series:
    """A column of strings (or a categorical of strings) as a categorical of its values stripped, a
    missing value (a short row) as ``""``: each distinct value is stripped once, not every cell."""
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
        stripped = _stripped(uniques)
        if (not len(codes) or codes.min() >= 0) and (stripped == uniques).all() and len(set(uniques)) == len(uniques):
            return column  # nothing to strip, nothing missing: as read
    else:
        codes, uniques = pd.factorize(column)
    texts = list(_stripped(np.asarray(uniques, dtype=object))) + [""]
    new_codes, names = pd.factorize(pd.Index(texts, dtype=object))
    # Missing values (code -1) take the last entry, "".
    return pd.Series(pd.Categorical.from_codes(new_codes[codes], categories=pd.Index(names, dtype=object)),
                     index=column.index, name=column.name)


def read_csv(path: str | Path, *, required: list[str] | None = None, allow_empty: bool = False,
             known: list[str] | None = None, categorical=None) -> pd.DataFrame:
    """Read a CSV as text columns with a ``source_line`` column of source lines.

    Headers and values are stripped of surrounding spaces; blank lines are skipped (but
    counted, so ``source_line`` matches what an editor shows). ``required`` columns
    must all be present. Headers matching a ``required`` or ``known`` (optional)
    column but for case, spaces, ``_`` and ``-`` (``Survey Year``, ``q14a``) are
    renamed to the pack's spelling (:func:`match_headers`). Raises
    :class:`InputError` for an empty file, a file with another delimiter, or
    missing columns (all of them in one error).

    ``categorical``, a predicate on a (stripped) header: the columns for which it is true become
    pandas categoricals of text (each distinct value stripped once, and counted by its number: much
    faster and smaller for columns of a few distinct values, such as labels, bands and dates), the
    others plain Python strings (object columns; an id column, whose values are all distinct).
    Without it, every column is text (``str``), as for every input but the record-level extracts.
    """
    import pandas as pd

    path = Path(path)
    frame = None
    # A UTF-8 extract is parsed straight from the file (no copy of it in memory); anything else (UTF-16,
    # Windows-1252, a workbook), and every input but the extracts, from its text.
    header = _streamable(path) if categorical is not None and not is_workbook(path) else None
    if header is not None:
        try:
            frame = _read_categorical(lambda: path, categorical, dict(keep_default_na=False, skip_blank_lines=False,
                                                                      encoding="utf-8-sig"), _Bytes(path=path), header)
        except UnicodeDecodeError:
            frame = None
        except pd.errors.ParserError as err:
            raise _parser_error(path, err, header) from None
    if frame is None:
        text, raw = (read_workbook(path), None) if is_workbook(path) else _read_source(path)
        if not text or text.isspace():
            raise InputError.one(path, "a header line and data rows, but the file is empty")
        header = _first_line(text)
        options = dict(keep_default_na=False, skip_blank_lines=False)

        def source():
            return io.BytesIO(raw) if raw is not None else io.StringIO(text)
        if raw is not None:
            options["encoding"] = "utf-8-sig"
        try:
            if categorical is None:
                frame = pd.read_csv(source(), dtype=str, **options)
            else:
                frame = _read_categorical(source, categorical, options, _Bytes(raw=raw) if raw is not None else None,
                                          header)
        except pd.errors.ParserError as err:
            raise _parser_error(path, err, header) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if categorical is None:
        frame = frame.fillna("").apply(lambda col: col.str.strip())
    else:
        for column in frame.columns:
            values = frame[column]
            if isinstance(values.dtype, pd.CategoricalDtype) or categorical(column):
                frame[column] = _categorical(values)
            elif values.dtype.kind in "iu":
                continue  # whole numbers written plainly (see _read_categorical): nothing to strip
            else:
                frame[column] = pd.Series(_stripped(values.fillna("").to_numpy(dtype=object)), index=frame.index,
                                          dtype=object)
    # Every file wreslib reads has several columns, so one column means another delimiter
    # (checked before any column mapping, which would otherwise be blamed).
    if len(frame.columns) == 1 and (required is None or len(required) > 1):
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in header:
                raise InputError.one(path, f"comma-separated columns, but the header is separated by {name}", line=1)
    names = list(dict.fromkeys([*(required or []), *(known or [])]))
    if names:
        located = match_headers(list(frame.columns), {n: n for n in names}, path)
        frame = frame.rename(columns={h: n for n, h in located.items() if h != n})
    found = list(frame.columns)
    frame[LINE] = range(2, len(frame) + 2)
    frame = frame[~_blank_rows(frame, found)].reset_index(drop=True)
    if required:
        require_columns(frame, required, path, found=found)
    if frame.empty and not allow_empty:
        raise InputError.one(path, "at least one data row after the header")
    return frame


_HEAD = 1 << 20


def _streamable(path: Path) -> str | None:
    """The header line of a file the CSV parser can read straight from disk as UTF-8 (a CSV file, not
    UTF-16, not empty, its header in its first megabyte), else None (:func:`read_csv` then reads the
    text, which says what is wrong with a file that is not a CSV file)."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    if head.startswith(_EXCEL_SIGNATURES) or head.startswith(_UTF16_BOMS) or b"\x00" in head[:4096]:
        return None
    if not head.strip():
        return None
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    if len(lines) < 2 and len(head) == _HEAD:
        return None
    return lines[0]


class _Bytes:
    """What :func:`_written_plainly` needs to know of a file's bytes: its size, whether it starts with a
    byte order mark, and how many line-end bytes (``\\n``, ``\\r``) it holds: from the bytes in memory,
    or from the file (its size, its first and last bytes, and one search for a ``\\r``, a block at a time;
    the line ends are counted only in a file that has one)."""

    def __init__(self, raw: bytes | None = None, path: Path | None = None):
        self.raw, self.path = raw, path

    def facts(self, rows: int) -> tuple[int, int, bool]:
        """Size, line-end bytes and byte order mark of a file the parser read as ``rows`` rows after its
        header, every line a row (no blank lines: they would be rows of missing values)."""
        if self.raw is not None:
            raw = self.raw
            return len(raw), raw.count(b"\n") + raw.count(b"\r"), raw.startswith(b"\xef\xbb\xbf")
        import numpy as np

        size = self.path.stat().st_size
        block = bytearray(1 << 22)  # one buffer, reused: no copy of the file in memory
        with self.path.open("rb") as handle:
            bom = handle.read(3) == b"\xef\xbb\xbf"
            handle.seek(max(size - 1, 0))
            last = handle.read(1)
            handle.seek(0)
            carriage = False
            while not carriage and (n := handle.readinto(block)):
                carriage = block.find(b"\r", 0, n) >= 0
            if not carriage:  # line ends are the newlines between the header and the rows, and after the last
                return size, rows + (last == b"\n") if size else 0, bom
            ends = 0
            handle.seek(0)
            while n := handle.readinto(block):
                data = np.frombuffer(block, dtype=np.uint8, count=n)
                ends += int(np.count_nonzero(data == 10)) + int(np.count_nonzero(data == 13))
        return size, ends, bom


def _read_categorical(source, categorical, options: dict, raw: _Bytes | None, header: str) -> pd.DataFrame:
    """The CSV of ``source()`` with the columns ``categorical`` names read as categoricals (by the parser,
    which stores each distinct value once) and the others (ids) as Python strings, or as whole numbers
    (int64) when every one of them is written as plain decimal digits.

    The parser may read a categorical's values as numbers or booleans ("01" as 1, "TRUE" as True,
    merging values): a thousands separator no file holds keeps numbers text (pandas 3 does not turn
    categories into numbers when one is set), and a column read as anything but text all the same
    (booleans) is read again as plain strings (:func:`read_csv` makes it a categorical of them). Ids are read as numbers only when that loses nothing: the parser would read
    "00123", "+123" and " 123" as 123 too, so the file's size is checked against the sizes of the
    values read (:func:`_written_plainly`); any difference (a quote, a leading zero ...), a missing value
    or a value that is not a whole number, and the ids are read as text."""
    import pandas as pd

    first = pd.read_csv(source(), nrows=_SAMPLE_ROWS, dtype=object, **options)  # the header, and a sample
    names = first.columns
    cats = [n for n in names if categorical(str(n).strip())]
    # Only the id columns whose first rows are all plain digits are worth trying to read as numbers.
    ids = [n for n in names if n not in cats and first[n].fillna("").str.fullmatch(_PLAIN_NUMBER).all()]
    frame = None
    if ids and raw is not None:
        try:
            frame = pd.read_csv(source(), dtype={**dict.fromkeys(cats, "category"), **dict.fromkeys(ids, "int64")},
                                thousands="\x01", low_memory=False, **options)
        except (ValueError, OverflowError, TypeError):
            frame = None
        if frame is not None and not _written_plainly(frame, ids, raw, header):
            frame = None
    if frame is None:
        frame = pd.read_csv(source(), dtype={**dict.fromkeys(cats, "category"),
                                             **dict.fromkeys([n for n in names if n not in cats], object)},
                            thousands="\x01", low_memory=False, **options)
    retyped = [n for n in cats if not _text_categories(frame[n])]
    if retyped:
        again = pd.read_csv(source(), dtype=object, usecols=retyped, **options)
        for n in retyped:
            frame[n] = again[n]
    return frame


def _text_categories(column) -> bool:
    """Whether a categorical column's categories are text (not numbers or booleans the parser made of them)."""
    import pandas as pd

    categories = column.cat.categories
    return pd.api.types.is_string_dtype(categories.dtype) and all(isinstance(v, str) for v in categories)


#: How many rows :func:`_read_categorical` looks at to choose the id columns it tries to read as numbers.
_SAMPLE_ROWS = 1000
#: A whole number written plainly: no sign, no leading zero, no spaces, at most 18 digits.
_PLAIN_NUMBER = r"0|[1-9][0-9]{0,17}"

#: 10, 100, ..., 10**18: a whole number v >= 0 has 1 + (how many of these are <= v) decimal digits.
_POWERS_OF_TEN = [10 ** k for k in range(1, 19)]


def _written_plainly(frame: pd.DataFrame, ids: list, raw: _Bytes, header: str) -> bool:
    """Whether the file (``raw``) is exactly the values of ``frame`` (categoricals as read, ``ids`` as whole
    numbers in plain decimal digits) separated by commas, one row a line, under ``header``.

    Every other way of writing an id that the parser reads as the same number ("00123", "+123", " 123")
    is longer, and so is a quoted value (its quotes, doubled quotes and line ends inside the quotes are
    bytes no value or line accounts for); a row missing fields is refused outright: so the sizes agree
    only when reading the ids as numbers loses nothing of the text."""
    import numpy as np
    import pandas as pd

    body = (len(frame.columns) - 1) * len(frame)
    for column in frame.columns:
        values = frame[column]
        if column in ids:
            numbers = values.to_numpy()
            if not len(numbers):
                continue
            low, high = int(numbers.min()), int(numbers.max())
            if low < 0:
                return False
            if len(str(low)) == len(str(high)):  # every id as long as the others (the usual case)
                body += len(numbers) * len(str(low))
            else:
                body += len(numbers) + int(np.searchsorted(np.array(_POWERS_OF_TEN, dtype=np.int64), numbers,
                                                           side="right").sum())
        elif not isinstance(values.dtype, pd.CategoricalDtype):  # an id column read as text
            if values.isna().any():
                return False
            body += sum(len(v.encode("utf-8")) for v in values)
        else:
            if not _text_categories(values):
                return False
            codes = values.cat.codes.to_numpy()
            if len(codes) and codes.min() < 0:
                return False
            sizes = np.array([len(v.encode("utf-8")) for v in values.cat.categories], dtype=np.int32)
            body += int(sizes[codes].sum(dtype=np.int64)) if len(sizes) else 0
    size, line_ends, bom = raw.facts(len(frame))
    return size == 3 * bom + len(header.encode("utf-8")) + line_ends + body


def _blank_rows(frame: pd.DataFrame, columns: list[str]):
    """True for the rows whose every value of ``columns`` is empty (a blank line, or ``,,,``): each
    column compared only on the rows still blank in the ones before it."""
    import numpy as np

    blank = np.ones(len(frame), dtype=bool)
    for column in columns:
        if frame[column].dtype.kind in "iu":  # whole numbers: never empty
            return np.zeros(len(frame), dtype=bool)
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        blank[rows] = (frame[column].iloc[rows] == "").to_numpy(dtype=bool)
    return blank


def require_columns(frame, required: list[str], path: str | Path, *, found=None) -> None:
    """Raise :class:`InputError` (line 1) naming every column of ``required`` missing from ``frame``
    and the columns found (``found``: the file's own columns, default ``frame``'s)."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        named = ", ".join(f"'{c}'" for c in missing)
        found = [c for c in (frame.columns if found is None else found) if c != LINE]
        raise InputError.one(path, f"{'a column' if len(missing) == 1 else 'columns'} named {named} (columns "
                                   f"found: {', '.join(found)})", line=1, column=missing[0])


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


# ---------------------------------------------------------------- Excel workbooks

#: The inputs a data folder may hold, by name without extension: each may be NAME.csv or NAME.xlsx,
#: and is the key of its sheet under ``[sheets]`` in ``wres.toml``.
#: The national survey benchmark of a data folder (:mod:`wreslib.compute.benchmark`).
BENCHMARK_FILE = "survey_benchmark.csv"
INPUT_NAMES = ("workforce", "recruitment", "disciplinary", "training", "board",
               "counts", "survey", "survey_responses", "survey_benchmark", "published", "actions")
#: Extensions an input may have, the first being the one named when there is none.
INPUT_SUFFIXES = (".csv", ".xlsx", ".xls")
MAPPING_FILE = "wres.toml"
SHEETS_KEY = "sheets"

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # Compound File: an .xls workbook, or an encrypted .xlsx
_ZIP_SIGNATURE = b"PK\x03\x04"
_FIXED_DECIMALS = re.compile(r"^[#,0]*0\.(0+)$")  # number formats such as 0.00 or #,##0.0


def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` is named as an Excel workbook (``.xlsx`` or ``.xls``)."""
    return Path(path).suffix.lower() in INPUT_SUFFIXES[1:]


def input_path(folder: str | Path, name: str) -> Path:
    """The input ``name`` of ``folder``: ``NAME.csv`` or ``NAME.xlsx`` (or ``NAME.xls``, which
    :func:`read_csv` refuses with a hint), whichever exists; ``NAME.csv`` when none does.

    Raises :class:`InputError` naming both when more than one exists (which one holds
    the figures cannot be guessed).
    """
    folder = Path(folder)
    found = [folder / f"{name}{suffix}" for suffix in INPUT_SUFFIXES if (folder / f"{name}{suffix}").is_file()]
    if len(found) > 1:
        raise InputError.one(found[0], f"one file for {name}, but {' and '.join(p.name for p in found)} are both "
                                       "in the folder: remove or rename all but one")
    return found[0] if found else folder / f"{name}{INPUT_SUFFIXES[0]}"


def read_toml(path: str | Path) -> dict:
    """``path`` (``wres.toml``) parsed; :class:`InputError` with the line for bad TOML."""
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as err:
        at = re.search(r"\(at line (\d+)", str(err))
        raise InputError.one(path, f"valid TOML ({err})", line=int(at[1]) if at else None) from None


def read_data_toml(data_dir: str | Path) -> dict:
    """``DIR/wres.toml`` parsed (every table; empty when there is none): the one place the data folder's
    settings file is read (the column tables, ``[trust]``, ``[rules]``, ``[sheets]`` and ``[run]`` are
    checked where they are used). Standard library only: ``wres run`` reads it before any heavy import."""
    path = Path(data_dir) / MAPPING_FILE
    return read_toml(path) if path.is_file() else {}


def toml_line(path: Path, table: str, key: str | None = None) -> int | None:
    """Line of ``[table]`` (or of ``key = ...`` inside it) in a TOML file, so errors can point at it."""
    current = None
    for number, raw in enumerate(read_text(path).splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if text.startswith("["):
            current = text.strip("[] ")
            if key is None and current == table:
                return number
        elif key is not None and current == table and re.match(rf'"?{re.escape(key)}"?\s*=', text):
            return number
    return None


def sheet_setting(path: str | Path) -> tuple[str | None, Path | None]:
    """The sheet ``wres.toml`` names for the workbook ``path`` (``[sheets] NAME = "Sheet"``, NAME the
    file's name without extension) and the ``wres.toml`` it is in; ``(None, None)`` if none does.

    ``wres.toml`` is the data folder's: beside the file, or one folder up for a year folder's extract.
    Raises :class:`InputError` naming ``wres.toml`` for a ``[sheets]`` entry that is not a known input
    or whose value is not a sheet name.
    """
    path = Path(path)
    folders = [path.parent] + ([path.parent.parent] if re.fullmatch(r"\d{4}", path.parent.name) else [])
    for folder in folders:
        config_file = folder / MAPPING_FILE
        if not config_file.is_file():
            continue
        sheets = read_data_toml(folder).get(SHEETS_KEY, {})
        if not isinstance(sheets, dict):
            raise InputError.one(config_file, "a [sheets] table of file = \"sheet name\" lines", column=SHEETS_KEY)
        for key, value in sheets.items():
            where = dict(line=toml_line(config_file, SHEETS_KEY, key), column=f"{SHEETS_KEY}.{key}")
            if key not in INPUT_NAMES:
                raise InputError.one(config_file, f"an input's name (without .xlsx), one of {', '.join(INPUT_NAMES)}",
                                     **where)
            if not isinstance(value, str) or not value.strip():
                raise InputError.one(config_file, "the sheet's name as a quoted string", got=str(value), **where)
        if path.stem in sheets:
            return sheets[path.stem].strip(), config_file
        return None, config_file
    return None, None


def cell_text(value, number_format: str = "General") -> str:
    """One spreadsheet cell as the text a CSV of it would hold, so that the same checks apply.

    Empty is ``""``; text is kept as it is; a whole number is written without a decimal point
    (``7.0`` -> ``"7"``) unless its number format has fixed decimals (``0.00`` -> ``"7.00"``,
    as the sheet shows it and as "Save as CSV" writes it), which any other number keeps too
    (``1.5`` as ``0.00`` -> ``"1.50"``); other numbers as Excel shows them under General (15
    significant digits), with no thousands separator; a percent-formatted number as the fraction it
    holds (``0.627``); dates as ``2024-03-31`` (with `` HH:MM:SS`` if they have a time of day);
    TRUE/FALSE as ``TRUE``/``FALSE``.

    >>> [cell_text(v) for v in (None, " Band 5", 7.0, 7, 62.7, 0.1 + 0.2, True)]
    ['', ' Band 5', '7', '7', '62.7', '0.3', 'TRUE']
    >>> [cell_text(1.5, "0.00"), cell_text(7, "#,##0.0"), cell_text(0.627, "0.0%"), cell_text(1234567.0, "#,##0")]
    ['1.50', '7.0', '0.627', '1234567']
    >>> [cell_text(dt.datetime(2024, 3, 31)), cell_text(dt.datetime(2024, 3, 31, 9, 30)), cell_text(dt.date(2023, 4, 1))]
    ['2024-03-31', '2024-03-31 09:30:00', '2023-04-01']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        fixed = _FIXED_DECIMALS.match(number_format or "")
        if fixed:
            return f"{value:.{len(fixed[1])}f}"
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.15g}"
    return str(value)


#: Sheets read as text, by (file, size, modification time, sheet setting): (sheet name, text).
_WORKBOOK_CACHE: dict = {}
_WORKBOOK_CACHE_SIZE = 64


def read_workbook(path: str | Path) -> str:
    """The sheet of the workbook ``path`` that :func:`sheet_setting` names (else the first) as CSV
    text, each row of the sheet one record (so ``source_line`` is the sheet's row number) and each
    cell through :func:`cell_text`; :func:`read_csv` reads it as it reads a CSV file.

    A workbook is read once while its file is unchanged (same size and modification time).
    Raises :class:`InputError` (one line) for an ``.xls`` workbook, a password-protected one, a file
    that is not a workbook, a sheet that ``wres.toml`` names but the workbook lacks, or a value in a
    column without a header.
    """
    import zipfile

    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise InputError.one(path, "a file here, but there is none")
    with path.open("rb") as handle:
        start = handle.read(8)
    if path.suffix.lower() == ".xls":
        raise InputError.one(path, "an Excel workbook (.xlsx) or a CSV file, but .xls (Excel 97-2003) workbooks "
                                   "cannot be read: open it in Excel and save it as Excel Workbook (.xlsx) or CSV")
    if start.startswith(_OLE_SIGNATURE):
        raise InputError.one(path, "a workbook without a password, but this one is password-protected (encrypted): "
                                   "save a copy with the password removed, or save it as CSV")
    if not start.startswith(_ZIP_SIGNATURE):
        raise InputError.one(path, "an Excel workbook (.xlsx), but this file is not one: save it again from Excel "
                                   "as Excel Workbook (.xlsx) or as CSV")
    wanted, config_file = sheet_setting(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, wanted)
    if key in _WORKBOOK_CACHE:  # openpyxl reads some 50,000 cells a second: read each workbook once
        title, text = _WORKBOOK_CACHE[key]
        note_sheet(path, title)
        return text
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise InputError.one(path, f"a readable Excel workbook (.xlsx) ({err}): save it again from Excel") from None
    try:
        if wanted is not None and wanted not in book.sheetnames:
            raise InputError.one(config_file, f"a sheet of {path.name} named '{wanted}' (sheets found: "
                                              f"{', '.join(book.sheetnames)})", line=toml_line(
                                                  config_file, SHEETS_KEY, path.stem),
                                 column=f"{SHEETS_KEY}.{path.stem}")
        if wanted is None and not book.worksheets:
            raise InputError.one(path, "a worksheet in the workbook, but it has none")
        sheet = book[wanted] if wanted is not None else book.worksheets[0]
        note_sheet(path, sheet.title)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        width = None
        for number, cells in enumerate(_rows_text(sheet), start=1):
            if width is None:  # the header: its last non-empty cell ends the table
                width = max((i + 1 for i, text in enumerate(cells) if text.strip()), default=0)
            beyond = [i for i, text in enumerate(cells[width:], start=width) if text.strip()]
            if beyond:
                raise InputError.one(path, "values only in columns with a header in row 1, but column "
                                           f"{get_column_letter(beyond[0] + 1)} has none", line=number,
                                     got=cells[beyond[0]])
            writer.writerow(cells[:width])
        while len(_WORKBOOK_CACHE) >= _WORKBOOK_CACHE_SIZE:
            _WORKBOOK_CACHE.pop(next(iter(_WORKBOOK_CACHE)))
        _WORKBOOK_CACHE[key] = (sheet.title, out.getvalue())
        return out.getvalue()
    finally:
        book.close()


def _rows_text(sheet):
    """Each row of an openpyxl worksheet as a list of :func:`cell_text` strings (empty rows included)."""
    for row in sheet.iter_rows():
        yield [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]


def workbook_text(path: str | Path) -> list[tuple[str, str]]:
    """Every worksheet of the workbook ``path`` as ``(sheet name, CSV text)``, each cell through
    :func:`cell_text`: what the publish check scans in a workbook the pack writes."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in book.worksheets:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(_rows_text(sheet))
            sheets.append((sheet.title, out.getvalue()))
        return sheets
    finally:
        book.close()
