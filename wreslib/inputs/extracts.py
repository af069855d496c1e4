"""Record-level extracts (ESR-style CSV files) to the counts contract.

A data folder holds one sub-folder per WRES reporting year, ``DIR/<year>/``,
with up to five files (see :data:`FILES`; extra columns are allowed)::

    workforce.csv     staff_id, ethnicity, pay_band, staff_group, contract_type
    recruitment.csv   application_id, ethnicity, shortlisted, appointed
    disciplinary.csv  case_id, staff_id, ethnicity, date_entered
    training.csv      staff_id, course, date   (optional: ethnicity)
    board.csv         member_id, ethnicity, voting, executive
    capability.csv    case_id, staff_id, disability, date_entered, grounds   (WDES only)

Each of workforce, recruitment and board may also carry a ``disability``
column (ESR's "Disability Flag": Yes, No, Not Declared ...): then the same
people are counted for the WDES too (:mod:`wreslib.standards.wdes`), as
counts rows with ``standard`` = ``wdes``: metric 1 and the metric 3 headcount
from the workforce file, metric 2 from recruitment, metric 10 from the board,
and metric 3's cases from ``capability.csv`` (cases on performance grounds
only; other grounds, such as ill health, are left out with a note).

Headers match forgivingly (case, spaces, ``_`` and ``-`` do not count). An
optional ``DIR/wres.toml`` (:func:`read_config`) maps a trust's own headers
onto these, for every year or for one year's folder, marks columns a file
may lack, names the trust and sets rules::

    [trust]
    name = "Example NHS Trust"

    [columns.workforce]
    staff_id = "Employee Number"
    optional = ["contract_type"]

    [2025.columns.training]      # the 2025 folder only, instead of [columns.training]
    ethnicity = "Ethnic Group"

    [rules]
    training_leavers = "unknown"

:func:`extract_counts` aggregates one year's files into the counts contract
(:mod:`wreslib.inputs.counts`), so every indicator is still computed by
:func:`wreslib.compute.indicators.compute_indicators` from counts.

**Many organisations.** Any file may have an ``organisation`` column (a
code). One trust's extract may hold one code only (:func:`extract_counts`
refuses more, one line). An extract of many organisations (a national ESR
extract) is counted by :func:`extract_counts_by_organisation`: every
organisation in one pass, each exactly as its own extract would be. Both
run the same code: each file is read once (labels, bands, staff groups,
contract types and dates as categoricals, each distinct value parsed and
classified once; ids written as plain digits as whole numbers), every row
gets its organisation's number and a key per (organisation, person), and
each count is a bincount or a sort of those numbers over all organisations
at once; a single trust is the case of one organisation. Only the data notes,
a few sentences per organisation, are written one by one.

The rules (each documented in ``data/README.md`` and tested):

- Headcount is people, not assignments: rows with the same ``staff_id`` are
  merged; the person takes the first non-bank, non-student assignment in
  file order (else the first row).
- Bank-only people (every assignment ``contract_type`` = Bank) are left out
  of indicator 1 and of the indicator 3 and 4 headcounts, and counted in
  indicator 1 ``bank_headcount`` for the BME % including bank.
- Students (staff group Students) are reported apart: a note with their
  count, and no indicator figure.
- A pay band or staff group that maps to no indicator 1 band is reported
  with its count and left out of indicator 1 (all its rows, so also the
  overall %), but the person stays in the indicator 3 and 4 headcounts.
- Indicator 3: distinct staff with a case whose ``date_entered`` is in the
  reporting year (1 April Y-1 to 31 March Y, inclusive); indicator 4:
  distinct staff with at least one training record dated in the year.
- Indicators 2 and 9 count rows (applications, board members).
- WDES metric 3: distinct staff with a capability case on performance
  grounds whose ``date_entered`` is in the reporting year, by the case
  file's own ``disability``, as indicator 3 counts disciplinary cases.

Notes about what was merged, left out or skipped go to the
``wreslib.inputs.extracts`` logger (WARNING when a figure is affected, INFO
otherwise) and, if given, to the ``notes`` list of :func:`extract_counts`, as
:class:`~wreslib.inputs.datanotes.DataNote` (data: a template code and named counts).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import datanotes, reading
from .datanotes import DataNote
from .reading import toml_line
from .counts import AFC_BANDS, CLUSTERS, COLUMNS, MEDICAL_GRADES, check_counts, check_counts_by_organisation, classify_counts, composition_indicator
from ..errors import InputError, Problem
from ..classify.ethnicity import BME, UNKNOWN, WHITE
from ..standards.base import BOARD, LIKELIHOOD, Standard
from ..standards.wdes import WDES
from ..standards.wres import WRES

log = logging.getLogger(__name__)

MAPPING_FILE = reading.MAPPING_FILE
GROUPS = (WHITE, BME, UNKNOWN)
STUDENTS = "Students"
#: The column of an extract of several organisations (any file may have it): each row's organisation code.
ORGANISATION = "organisation"
#: Columns whose every value is its own (read as plain strings; every other column is read as a
#: categorical, each distinct value once).
ID_COLUMNS = ("staff_id", "application_id", "case_id", "member_id")


@dataclass(frozen=True)
class FileSpec:
    """One extract file: its columns and the indicators it feeds."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    indicators: tuple[int, ...]
    #: Whether a header-only file is valid (a year with no cases is real; a trust with no staff is not).
    may_be_empty: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the pack reads from the file: required, optional, and :data:`ORGANISATION`."""
        return self.required + self.optional + (ORGANISATION,)


FILES: dict[str, FileSpec] = {
    "workforce": FileSpec(("staff_id", "ethnicity", "pay_band", "staff_group", "contract_type"),
                          ("occupation", "gender", "disability"), (1, 3, 4, 9), may_be_empty=False),
    "recruitment": FileSpec(("application_id", "ethnicity", "shortlisted", "appointed"),
                            ("internal", "vacancy_band", "staff_group", "disability"), (2,)),
    "disciplinary": FileSpec(("case_id", "staff_id", "ethnicity", "date_entered"), (), (3,)),
    "training": FileSpec(("staff_id", "course", "date"), ("ethnicity",), (4,)),
    "board": FileSpec(("member_id", "ethnicity", "voting", "executive"), ("disability",), (9,), may_be_empty=False),
    # WDES metric 3 (no WRES indicator): read only when present.
    "capability": FileSpec(("case_id", "staff_id", "disability", "date_entered", "grounds"), (), ()),
}
#: A capability case counts for WDES metric 3 when its grounds say performance (not ill health or other grounds).
PERFORMANCE = re.compile(r"\bperformance\b", re.IGNORECASE)

# ---------------------------------------------------------------- values

TRUE_VALUES = ("y", "yes", "true", "1")
FALSE_VALUES = ("n", "no", "false", "0")
BOOL_EXPECTED = "Y/N, Yes/No, True/False or 1/0"

# UK extracts: day before month. Two-digit years are refused (ambiguous).
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d-%m-%Y")
DATE_EXPECTED = "a date such as 2024-03-31, 31/03/2024 or 31-Mar-2024 (day before month)"
#: Years a date in an extract can have; others are typing errors.
FIRST_YEAR, LAST_YEAR = 1900, 2099
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each value's number (-1 for a missing one) and the distinct values (a plain Series), so that a
    column of many rows and few values (a categorical of an extract) is parsed once per value."""
    values = values if isinstance(values, pd.Series) else pd.Series(values)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    return codes, pd.Series(np.asarray(uniques, dtype=object), dtype=object)


def parse_bool(values: pd.Series) -> pd.Series:
    """Y/N, Yes/No, True/False, 1/0 (any case) to a nullable boolean; else <NA> (each distinct value read once)."""
    codes, uniques = _distinct(values)
    low = uniques.astype(str).str.strip().str.lower()
    state = np.where(low.isin(TRUE_VALUES), 1, np.where(low.isin(FALSE_VALUES), 0, -1)).astype(np.int8)
    state = np.append(state, np.int8(-1))[codes]
    out = pd.arrays.BooleanArray(state == 1, state < 0)
    return pd.Series(out, index=getattr(values, "index", None), copy=False)


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in any of :data:`DATE_FORMATS` (a time of day after the date is ignored); else NaT (each
    distinct value read once)."""
    codes, dates = _distinct_dates(values)
    return pd.Series(dates[codes], index=getattr(values, "index", None), dtype="datetime64[ns]", copy=False)


def _distinct_dates(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's number and the distinct values as dates (:func:`parse_dates`; NaT last, for -1)."""
    codes, uniques = _distinct(values)
    text = uniques.astype(str).str.strip().str.replace(_TIME_SUFFIX, "", regex=True)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        missing = out.isna()
        if not missing.any():
            break
        parsed = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        # A mistyped year (0024, 2204) is not a date in any extract: unparseable, not "outside the year".
        plausible = parsed.dt.year.between(FIRST_YEAR, LAST_YEAR)
        out[missing] = parsed.where(plausible).astype("datetime64[ns]")
    return codes, np.append(out.to_numpy(), np.datetime64("NaT", "ns"))


def reporting_window(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day (inclusive) of WRES reporting year ``year``: 1 April Y-1 to 31 March Y."""
    return pd.Timestamp(dt.date(year - 1, 4, 1)), pd.Timestamp(dt.date(year, 3, 31))


def _norm(value: object) -> str:
    """Lower case, '&' as 'and', punctuation as spaces, single spaces."""
    text = str(value).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


# ---------------------------------------------------------------- pay bands

#: Medical and dental grades (normalised, see ``_norm``) -> indicator 1 medical subgroup.
#: Clinical fellows, trust grades and other locally employed doctors are not in
#: a training programme nor on a career-grade contract: Other.
MEDICAL_GRADE_NAMES: dict[str, str] = {
    **dict.fromkeys(["consultant", "consultants", "medical consultant", "dental consultant"], "Consultant"),
    **dict.fromkeys(["specialty doctor", "speciality doctor", "specialist", "associate specialist", "staff grade",
                     "staff grade doctor", "non consultant career grade", "nccg", "sas doctor"],
                    "Non-consultant career grade"),
    **dict.fromkeys(["foundation year 1", "foundation year 2", "foundation year 1 2", "foundation doctor year 1",
                     "foundation doctor year 2", "fy1", "fy2", "f1", "f2", "specialty registrar",
                     "speciality registrar", "specialist registrar", "specialty registrar str", "registrar",
                     "spr", "str", "core training", "core trainee", "core medical training", "specialty trainee",
                     "trainee", "trainee grade", "training grade", "senior house officer", "sho",
                     "house officer", "pre registration house officer"], "Trainee grade"),
    **dict.fromkeys(["clinical fellow", "research fellow", "trust grade", "trust grade doctor", "trust doctor",
                     "locally employed doctor", "hospital practitioner", "clinical assistant", "other",
                     "other medical", "medical other"], "Other"),
}
_TRAINEE_CODE = re.compile(r"^(st|ct|spr|str|specialty registrar st|specialty registrar ct|core training ct)\s?[1-8]$")
_AFC = re.compile(r"^(?:agenda for change |afc |review body )?(?:band )?(?P<n>[1-9])(?: range)?(?: ?(?P<r>[a-d]))?$")
_VSM = {"vsm", "very senior manager", "very senior managers", "very senior management", "executive vsm"}
_UNDER_1 = {"under band 1", "below band 1", "band 0", "apprentice below band 1"}


def map_pay_band(value: object) -> str | None:
    """An ESR pay band or medical grade to its indicator 1 band, or None if unmapped.

    >>> [map_pay_band(v) for v in ["AfC Band 5", "Band 8 - Range A", "8a", "VSM", "ST3", "Staff Grade", "Band 5a"]]
    ['Band 5', 'Band 8a', 'Band 8a', 'VSM', 'Trainee grade', 'Non-consultant career grade', None]
    """
    text = _norm(value)
    if text in MEDICAL_GRADE_NAMES:
        return MEDICAL_GRADE_NAMES[text]
    if _TRAINEE_CODE.match(text):
        return "Trainee grade"
    if text in _VSM:
        return "VSM"
    if text in _UNDER_1:
        return "Under Band 1"
    m = _AFC.match(text)
    if m is None:
        return None
    n, r = int(m["n"]), m["r"]
    if n == 8 and r:
        return f"Band 8{r}"
    if n != 8 and not r:
        return f"Band {n}"
    return None  # "Band 8" without its range, or "Band 5a"


# ---------------------------------------------------------------- staff groups

#: ESR staff groups (normalised) -> indicator 1 cluster, or Students (reported apart).
STAFF_GROUPS: dict[str, str] = {
    **dict.fromkeys(["medical and dental", "medical", "dental"], "Medical and Dental"),
    **dict.fromkeys(["nursing and midwifery registered", "registered nursing and midwifery", "nursing and midwifery",
                     "nursing midwifery registered", "registered nurses and midwives", "additional clinical services",
                     "allied health professionals", "allied health professional", "healthcare scientists",
                     "healthcare scientist", "add prof scientific and technic", "add prof scientific and technical",
                     "additional professional scientific and technical",
                     "additional professional scientific and technical staff"], "Clinical"),
    **dict.fromkeys(["administrative and clerical", "admin and clerical", "estates and ancillary"], "Non-clinical"),
    **dict.fromkeys(["students", "student"], STUDENTS),
}


def map_staff_group(value: object) -> str | None:
    """An ESR staff group to ``Non-clinical``, ``Clinical``, ``Medical and Dental`` or ``Students``; None if unknown.

    >>> [map_staff_group(v) for v in ["Add Prof Scientific and Technic", "Estates & Ancillary", "Students", "Porters"]]
    ['Clinical', 'Non-clinical', 'Students', None]
    """
    return STAFF_GROUPS.get(_norm(value))


# ---------------------------------------------------------------- reading

#: Columns that ``optional = [...]`` in a wres.toml table may name (file -> column -> what the pack does
#: without it). The others feed a figure: without them the file cannot be counted.
OPTIONAL_COLUMNS: dict[str, dict[str, str]] = {
    "workforce": {"contract_type": "no one is counted as bank staff"},
    "disciplinary": {"case_id": "cases are counted by staff_id and date, as always"},
    "training": {"course": "records are counted by staff_id and date, as always"},
}
#: ``[rules] training_leavers`` in wres.toml: what a training record (of the year) of someone not in
#: workforce.csv is when training.csv has no ethnicity column: an error (the default), or a person of
#: Unknown ethnicity, with a note.
TRAINING_LEAVERS = ("error", "unknown")


@dataclass(frozen=True)
class ColumnMap:
    """One ``[columns.<file>]`` or ``[<year>.columns.<file>]`` table of wres.toml."""

    #: The pack's column name -> the trust's header.
    headers: dict[str, str] = field(default_factory=dict)
    #: Columns the file may lack (see :data:`OPTIONAL_COLUMNS`).
    optional: tuple[str, ...] = ()
    #: The table's name ("columns.workforce", "2025.columns.training"); None when wres.toml has none.
    table: str | None = None

    def header(self, column: str) -> str:
        """The header looked for in the file for ``column``."""
        return self.headers.get(column, column)


@dataclass(frozen=True)
class Config:
    """``DIR/wres.toml``: column tables for every year and per year, the trust's name and the rules."""

    columns: dict[str, ColumnMap] = field(default_factory=dict)
    years: dict[int, dict[str, ColumnMap]] = field(default_factory=dict)
    trust_name: str | None = None
    training_leavers: str = "error"

    def mapping(self, year: int | None = None) -> dict[str, ColumnMap]:
        """The column tables of ``year``'s folder: ``[<year>.columns.<file>]`` replaces ``[columns.<file>]``
        (the whole table) for that year only."""
        return {**self.columns, **(self.years.get(year, {}) if year is not None else {})}


def read_config(data_dir: str | Path) -> Config:
    """``DIR/wres.toml`` read and checked; an empty :class:`Config` if there is none.

    Raises :class:`InputError` naming wres.toml (and the line where it can)
    for bad TOML, an unknown file or column name, a header that is not a
    string, a column that may not be optional, or an unknown rule.
    """
    path = Path(data_dir) / MAPPING_FILE
    if not path.is_file():
        return Config()
    config = reading.read_data_toml(data_dir)
    years = {}
    for key, value in config.items():
        if key.isdigit():
            if not isinstance(value, dict) or set(value) - {"columns"}:
                raise InputError.one(path, f"only [{key}.columns.<file>] tables under a year, such as "
                                           f"[{key}.columns.workforce]", column=key)
            years[int(key)] = _column_tables(path, value.get("columns", {}), f"{key}.columns")
    trust = config.get("trust", {})
    name = trust.get("name") if isinstance(trust, dict) else None
    if not isinstance(trust, dict) or (name is not None and (not isinstance(name, str) or not name.strip())):
        raise InputError.one(path, "[trust] name = \"the trust's name\" as a quoted string",
                             line=toml_line(path, "trust", "name"), column="trust.name")
    rules = config.get("rules", {})
    if not isinstance(rules, dict) or set(rules) - {"training_leavers"}:
        raise InputError.one(path, "[rules] with training_leavers only", line=toml_line(path, "rules"),
                             column="rules")
    leavers = rules.get("training_leavers", "error")
    if leavers not in TRAINING_LEAVERS:
        raise InputError.one(path, " or ".join(f'"{v}"' for v in TRAINING_LEAVERS),
                             line=toml_line(path, "rules", "training_leavers"), column="rules.training_leavers",
                             got=str(leavers))
    return Config(_column_tables(path, config.get("columns", {}), "columns"), years,
                  name.strip() if name else None, leavers)


def _column_tables(path: Path, columns: object, prefix: str) -> dict[str, ColumnMap]:
    """The ``[<prefix>.<file>]`` tables of wres.toml, checked."""
    if not isinstance(columns, dict):
        raise InputError.one(path, f"a [{prefix}.<file>] table such as [{prefix}.workforce]", column=prefix)
    tables: dict[str, ColumnMap] = {}
    for name, table in columns.items():
        where = f"{prefix}.{name}"
        if name not in FILES or not isinstance(table, dict):
            raise InputError.one(path, f"[{prefix}.<file>] with <file> one of {', '.join(FILES)}",
                                 line=toml_line(path, where), column=where)
        optional = table.get("optional", [])
        allowed = OPTIONAL_COLUMNS.get(name, {})
        if not isinstance(optional, list) or any(c not in allowed for c in optional):
            raise InputError.one(path, f"optional = [...] naming columns {name}.csv can do without "
                                       f"({', '.join(allowed) or 'none'})", line=toml_line(path, where, "optional"),
                                 column=f"{where}.optional", got=str(optional))
        headers = {}
        for canonical, header in table.items():
            if canonical == "optional":
                continue
            if canonical not in FILES[name].columns:
                raise InputError.one(path, f"a {name}.csv column name, one of {', '.join(FILES[name].columns)}",
                                     line=toml_line(path, where, canonical), column=f"{where}.{canonical}")
            if not isinstance(header, str) or not header.strip():
                raise InputError.one(path, "the trust's column header as a quoted string",
                                     line=toml_line(path, where, canonical), column=f"{where}.{canonical}",
                                     got=str(header))
            headers[canonical] = header.strip()
        normalised = [reading.normalise_header(h) for h in headers.values()]
        if len(set(normalised)) != len(normalised):
            raise InputError.one(path, "each header mapped to one column only (case, spaces, '_' and '-' do not "
                                       "count)", line=toml_line(path, where), column=where)
        tables[name] = ColumnMap(headers, tuple(optional), where)
    return tables


def read_mapping(data_dir: str | Path, year: int | None = None) -> dict[str, ColumnMap]:
    """The column tables of wres.toml for ``year``'s folder (default: the tables for every year):
    {file: :class:`ColumnMap`}; empty if there is no wres.toml. See :func:`read_config`."""
    return read_config(data_dir).mapping(year)


def locate_columns(headers: list[str], name: str, table: ColumnMap | None, file: str | Path) -> dict[str, str]:
    """{the pack's column: the file's header} for each column of extract ``name`` found among ``headers``
    (by the header ``table`` maps it to, or its own name), forgiving case, spaces, ``_`` and ``-``.
    Two headers that both match a column are an :class:`InputError` (:func:`wreslib.inputs.reading.match_headers`)."""
    table = table or ColumnMap()
    return reading.match_headers(headers, {c: table.header(c) for c in FILES[name].columns}, file)


def _closest_header(column: str, headers: list[str]) -> str | None:
    """The header most like ``column`` (difflib, on normalised spellings), or None if none is close."""
    normalised = {reading.normalise_header(h): h for h in headers}
    match = difflib.get_close_matches(reading.normalise_header(column), list(normalised), n=1, cutoff=0.6)
    return normalised[match[0]] if match else None


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes and backslashes escaped, anything unprintable as ``\\uXXXX``.

    >>> print(toml_string('Pay "Band"\\x7f'))
    "Pay \\"Band\\"\\u007f"
    """
    def escape(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        if c.isprintable():
            return c
        return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
    return '"' + "".join(escape(c) for c in text) + '"'



def _missing_columns(path: Path, name: str, missing: list[str], found: list[str], located: dict[str, str],
                     table: ColumnMap | None, mapping_file: Path) -> InputError:
    """One error for every required column missing from a file: the columns found, the closest of them to
    each missing one, and (as its hint) the wres.toml lines that would map them, ready to paste."""
    spare = [h for h in found if h not in located.values()]
    closest: dict[str, str] = {}
    for column in missing:
        near = _closest_header(column, [h for h in spare if h not in closest.values()])
        if near is not None:
            closest[column] = near
    listing = ", ".join(f"'{c}'" for c in missing)
    where = table.table if table is not None and table.table else f"columns.{name}"
    text = (f"{'a column' if len(missing) == 1 else 'columns'} named {listing}, or the trust's "
            f"header{'s' if len(missing) > 1 else ''} for {'it' if len(missing) == 1 else 'them'} in "
            f"{mapping_file.name} [{where}] (columns found: {', '.join(found) or 'none'}")
    if closest:
        text += "; closest: " + ", ".join(f"{c} '{h}'" for c, h in closest.items())
    text += ")"
    exists = table is not None and table.table is not None
    lines = [f"# the wres.toml lines for {'it' if len(missing) == 1 else 'them'}: add them "
             + (f"under [{where}] in {mapping_file}" if exists else f"to {mapping_file}") + " (check each header):"]
    if not exists:
        lines.append(f"[{where}]")
    for column in missing:
        if column in closest:
            lines.append(f"{column} = {toml_string(closest[column])}")
        else:
            lines.append(f"# {column} = \"...\"  (no header like it: the trust's header for {column})")
    return InputError.one(path, text, line=1, column=missing[0] if len(missing) == 1 else None,
                          hint="\n".join(lines))


def read_extract(path: Path, name: str, mapping: dict[str, ColumnMap], mapping_file: Path) -> pd.DataFrame:
    """Read one extract file, renaming the trust's headers to the canonical ones.

    Headers match forgiving case, spaces, ``_`` and ``-`` (``Staff ID`` is
    ``staff_id``). Raises :class:`InputError` if a mapped header is not in
    the file (naming wres.toml, the file and the column), or naming the file
    for two headers that match one column, a column both mapped and present
    under its own name, or every missing required column at once (with the
    wres.toml lines to map them as the error's hint). A column the table
    marks optional and the file lacks is added empty; ``frame.attrs`` holds
    ``headers`` ({column: the file's header} where they differ) and
    ``absent`` (those optional columns).
    """
    spec = FILES[name]
    table = mapping.get(name)
    # Id columns (each value its own) as text; every other column as a categorical (each distinct value once).
    ids = {reading.normalise_header(h) for c in ID_COLUMNS if c in spec.columns
           for h in {c, (table or ColumnMap()).header(c)}}
    frame = reading.read_csv(path, allow_empty=spec.may_be_empty,
                             categorical=lambda header: reading.normalise_header(header) not in ids)
    found = [c for c in frame.columns if c != reading.LINE]
    located = locate_columns(found, name, table, path)
    optional = table.optional if table is not None else ()
    headers = table.headers if table is not None else {}
    unmatched = {c: h for c, h in headers.items() if c not in located and c not in optional}
    if unmatched:  # every mapped header the file lacks, in one error
        first, header = next(iter(unmatched.items()))
        closest = {c: _closest_header(h, found) for c, h in unmatched.items()}
        near = "; ".join(f"closest to '{h}': '{closest[c]}'" for c, h in unmatched.items() if closest[c])
        mapped = ", ".join(f"{c} = '{h}'" for c, h in unmatched.items())
        what = "a column" if len(unmatched) == 1 else "columns"
        raise InputError.one(mapping_file, f"[{table.table}] {mapped} to name {what} of {path} (columns found: "
                                           f"{', '.join(found)}" + (f"; {near})" if near else ")"),
                             line=toml_line(mapping_file, table.table, first), column=first, header=header)
    for canonical, header in headers.items():
        own = reading.match_headers(found, {canonical: canonical}, path).get(canonical)
        if own is not None and own != located.get(canonical) and own not in located.values():
            raise InputError.one(path, f"one column for '{canonical}', but {mapping_file} maps "
                                       f"'{header}' onto it too", line=1, column=canonical, header=own)
    missing = [c for c in spec.required if c not in located and c not in optional]
    if missing:
        raise _missing_columns(path, name, missing, found, located, table, mapping_file)
    frame = frame.rename(columns={h: c for c, h in located.items()})
    absent = [c for c in spec.required if c not in located]
    for column in absent:
        frame[column] = ""
    frame.attrs["headers"] = {c: h for c, h in located.items() if h != c}
    frame.attrs["absent"] = absent
    return frame


def _schema(name: str, columns: list[str]) -> pa.DataFrameSchema:
    """Cell checks for one file (extra columns allowed)."""
    non_empty = pa.Check(lambda s: s != "", error="a value (it must not be empty)")
    boolean = pa.Check(lambda s: parse_bool(s).notna(), error=BOOL_EXPECTED)
    date = pa.Check(lambda s: parse_dates(s).notna(), error=DATE_EXPECTED)
    organisation = pa.Check(lambda s: s != "", error="an organisation code (it must not be empty)")
    checks = {"staff_id": [non_empty], "application_id": [non_empty], "member_id": [non_empty],
              "shortlisted": [boolean], "appointed": [boolean], "voting": [boolean], "executive": [boolean],
              "date_entered": [date], "date": [date], ORGANISATION: [organisation]}
    # Columns are text: plain strings (ids) or categoricals of strings (the others), as read_extract reads them.
    return pa.DataFrameSchema({c: pa.Column(None, checks.get(c, []), nullable=False) for c in columns},
                              strict=False, name=name)


def _validate(frame: pd.DataFrame, name: str, path: Path) -> pd.DataFrame:
    columns = [c for c in FILES[name].columns if c in frame.columns]
    return reading.validate(frame, _schema(name, columns), path)


def read_valid_extract(path: Path, name: str, mapping: dict[str, ColumnMap], mapping_file: Path) -> pd.DataFrame:
    """:func:`read_extract` and its cell checks (every failing cell in one :class:`InputError`, each
    naming the file's own header as well as the pack's column)."""
    frame = read_extract(path, name, mapping, mapping_file)
    with own_headers({str(path): frame.attrs["headers"]}):
        return _validate(frame, name, path)


def name_headers(problems: list[Problem], headers: dict[str, dict[str, str]]) -> list[Problem]:
    """``problems`` with the file's own header added where a file's header for the column named is not the
    pack's name: ``headers`` is {file: {column: header}} (``frame.attrs["headers"]`` of :func:`read_extract`)."""
    return [replace(p, header=headers[p.file][p.column]) if p.header is None and p.column in headers.get(p.file, {})
            else p for p in problems]


@contextlib.contextmanager
def own_headers(headers: dict[str, dict[str, str]]):
    """Re-raise an :class:`InputError` from the block with the files' own headers named (:func:`name_headers`)."""
    try:
        yield
    except InputError as err:
        raise InputError(name_headers(err.problems, headers)) from None


def _duplicates(frame: pd.DataFrame, column: str, path: Path, what: str) -> list[Problem]:
    """Every repeated value of ``column`` (one row per application or member): within an organisation,
    when the file has an ``organisation`` column."""
    if _KEY in frame.columns:
        keys = frame[_KEY].to_numpy()
        ordered = np.sort(keys)
        if not (ordered[1:] == ordered[:-1]).any():  # no repeat: the usual case, found by one sort
            return []
        repeated = frame[pd.Series(keys).duplicated(keep="first").to_numpy()]
    else:
        key = [ORGANISATION, column] if ORGANISATION in frame.columns else [column]
        repeated = frame[frame.duplicated(key, keep="first").to_numpy()]
    return [Problem(str(path), f"one row per {what}, but this {column} repeats an earlier row", int(row[reading.LINE]),
                    column, str(row[column])) for _, row in repeated.iterrows()]


def _appointed_unshortlisted(frame: pd.DataFrame, path: Path, parsed: tuple | None = None) -> list[Problem]:
    """Every application appointed but not shortlisted (``parsed``: :func:`parse_bool` of the appointed and
    shortlisted columns, when the caller has them)."""
    appointed, shortlisted = parsed or (parse_bool(frame["appointed"]), parse_bool(frame["shortlisted"]))
    wrong = frame[(appointed & ~shortlisted).to_numpy(dtype=bool, na_value=False)]
    return [Problem(str(path), f"appointed only when shortlisted (this application has shortlisted = "
                               f"{row['shortlisted']!r})", int(row[reading.LINE]), "appointed", row["appointed"])
            for _, row in wrong.iterrows()]


def row_problems(name: str, frame: pd.DataFrame, path: Path, parsed: tuple | None = None) -> list[Problem]:
    """Checks across the rows of one validated file: repeated applications or board members (within an
    organisation), appointed without shortlisted (``parsed``: see :func:`_appointed_unshortlisted`). All
    of them, by line (``wres validate`` lists them)."""
    problems = []
    if name == "recruitment":
        problems = (_duplicates(frame, "application_id", path, "application")
                    + _appointed_unshortlisted(frame, path, parsed))
    elif name == "board":
        problems = _duplicates(frame, "member_id", path, "board member")
    return name_headers(sorted(problems, key=lambda p: p.line or 0), {str(path): frame.attrs.get("headers", {})})


def _raise_any(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


#: Unrecognised ethnicity labels may cover at most this share of a file's people (percent) unless
#: ``--allow-unknown-labels``: more is most likely a coding scheme the pack does not know, not a few typos.
UNKNOWN_LABEL_LIMIT = 2.0
#: The column that tells a file's people (or applications, or board members) apart.
_PERSON = {"workforce": "staff_id", "recruitment": "application_id", "disciplinary": "staff_id",
           "training": "staff_id", "board": "member_id", "capability": "staff_id"}
#: Unrecognised labels listed by name in a note or an error; the rest are counted.
_LABELS_SHOWN = 10


@dataclass(frozen=True)
class Labels:
    """How unrecognised ethnicity labels of an extract count: as an error (``strict``,
    ``--strict-ethnicity``), or as Unknown with a note, an error when they cover more than
    :data:`UNKNOWN_LABEL_LIMIT` % of a file's people unless ``allow_unknown`` (``--allow-unknown-labels``)."""

    strict: bool = False
    allow_unknown: bool = False


def _listing(labels) -> str:
    """``'Martian' (3), 'Whte' (1)``: each label with its count, the first :data:`_LABELS_SHOWN` of them
    (``labels``: a value_counts Series, or (label, count) pairs)."""
    pairs = list(labels.items()) if isinstance(labels, pd.Series) else list(labels)
    shown = ", ".join(f"{value!r} ({n})" for value, n in pairs[:_LABELS_SHOWN])
    more = len(pairs) - _LABELS_SHOWN
    return shown + (f" and {more} other label{'s' if more > 1 else ''}" if more > 0 else "")


# ---------------------------------------------------------------- organisations, keys, tallies
#
# Every frame counted carries two internal columns: ``_ORG``, the row's organisation as a number
# (an index into the tuple of organisation codes; 0 for a single trust), and ``_KEY``, one int64
# per (organisation, person) (staff_id, application_id or member_id: :data:`_PERSON`). Staff ids of
# every file are numbered from the workforce file's, so that the same person has the same key in
# every file. Each count is then a bincount or a group-by over those numbers: one pass for all the
# organisations, and labels, bands, staff groups, contract types and dates are read once per
# distinct value (pandas categoricals, :func:`_per_value`).

_ORG = "_org"
_KEY = "_key"
#: people(): whether the person counts in indicator 1 (:func:`in_indicator_1`), worked out once.
_IN_1 = "_in_1"
#: Keys are (organisation << _SHIFT) | the id's number.
_SHIFT = 40


def _orgs_of(frame: pd.DataFrame) -> np.ndarray:
    """Each row's organisation number (zeros when the frame has none)."""
    if _ORG in frame.columns:
        return frame[_ORG].to_numpy()
    return np.zeros(len(frame), dtype=np.int64)


def _per_org(org: np.ndarray, n_orgs: int, mask=None) -> np.ndarray:
    """How many rows of each organisation (those of ``mask`` only, if given)."""
    return np.bincount(org if mask is None else org[mask], minlength=n_orgs)


def _n_orgs(note: _Notes | None, *frames: pd.DataFrame) -> int:
    if note is not None:
        return len(note.orgs)
    return max([1] + [int(_orgs_of(f).max()) + 1 for f in frames if len(f)])


def _distinct_values(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's number (-1 for a missing value) and the values numbered (a categorical's own codes and
    categories; else by first appearance)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), np.asarray(values.cat.categories, dtype=object)
    codes, uniques = pd.factorize(values)
    return codes, np.asarray(uniques, dtype=object)


def _per_value(values: pd.Series, function, dtype=object) -> np.ndarray:
    """``function`` of each row's value, computed once per distinct value."""
    codes, uniques = _distinct_values(values)
    mapped = np.array([function(v) for v in np.asarray(uniques, dtype=object)] + [function("")], dtype=dtype)
    return mapped[codes]


def _id_numbers(columns: list[pd.Series]) -> list[np.ndarray]:
    """A whole number for each id of ``columns`` (of one or several files), the same for the same id
    across them: the id itself where every id is a whole number (as :func:`reading.read_csv` reads
    ids written as plain digits) below 2**40, else the id's place among the distinct ids (ids read as
    numbers compared as the text they were written as)."""
    if any(c.dtype.kind in "iu" for c in columns):
        # Ids of some files read as numbers: the others' ids too, where each is a plainly written number.
        columns = [c if c.dtype.kind in "iu" or not c.astype(str).str.fullmatch(reading._PLAIN_NUMBER).all()
                   else c.astype(np.int64) for c in columns]
    if all(c.dtype.kind in "iu" for c in columns):
        numbers = [c.to_numpy().astype(np.int64, copy=False) for c in columns]
        filled = [n for n in numbers if len(n)]
        if not filled or (min(n.min() for n in filled) >= 0 and max(n.max() for n in filled) < 1 << _SHIFT):
            return numbers
        _, inverse = np.unique(np.concatenate(numbers), return_inverse=True)
    else:
        texts = [c.to_numpy().astype(str).astype(object) if c.dtype.kind in "iu" else c.to_numpy(dtype=object)
                 for c in columns]
        inverse, _ = pd.factorize(np.concatenate(texts) if texts else np.zeros(0, dtype=object))
    bounds = np.cumsum([0] + [len(c) for c in columns])
    return [inverse[a:b].astype(np.int64) for a, b in zip(bounds[:-1], bounds[1:])]


def _id_keys(org: np.ndarray, ids: pd.Series) -> np.ndarray:
    """One int64 per row, the same for the same (organisation, id)."""
    return (org.astype(np.int64) << _SHIFT) | _id_numbers([ids])[0]


def _least_per_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` (ascending) and, for each, the least of its rows' ``values``: one sort of
    whole numbers, no hashing."""
    by = np.argsort(keys)
    ordered = keys[by]
    if not len(ordered):
        return ordered, values[:0]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.minimum.reduceat(values[by], starts)


def _sorted_lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each of ``keys``, its position in ``sorted_keys`` (ascending), or -1 where it is not there."""
    if not len(sorted_keys):
        return np.full(len(keys), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == keys, at, -1)


def _tallies(org: np.ndarray, values, n_orgs: int) -> list[list[tuple[str, int]]]:
    """For each organisation, each distinct value of ``values`` (one per row of ``org``) with its count:
    most frequent first, ties in order of first appearance (as ``value_counts`` orders them)."""
    out: list[list[tuple[str, int]]] = [[] for _ in range(n_orgs)]
    codes, uniques = pd.factorize(values)
    if not len(codes):
        return out
    uniques = np.asarray(uniques, dtype=object)
    key = org.astype(np.int64) * len(uniques) + codes
    keys, first, counts = np.unique(key, return_index=True, return_counts=True)
    orgs, which = keys // len(uniques), keys % len(uniques)
    for i in np.lexsort((first, -counts, orgs)):
        out[orgs[i]].append((uniques[which[i]], int(counts[i])))
    return out


def _group_codes(groups: pd.Series) -> np.ndarray:
    """The group numbers (positions in the characteristic's groups) of a group column."""
    return groups.cat.codes.to_numpy().astype(np.int64)


def _group_counts(org: np.ndarray, groups: pd.Series, n_orgs: int, mask=None, cells=None) -> np.ndarray:
    """(organisations x groups) counts of rows by their group (a categorical of the characteristic's groups);
    ``cells``, each row's :func:`_cells`, when the caller has them."""
    n_groups = len(groups.cat.categories)
    cells = _cells(org, groups) if cells is None else cells
    return np.bincount(cells if mask is None else cells[mask], minlength=n_orgs * n_groups).reshape(n_orgs, n_groups)


def _cells(org: np.ndarray, groups: pd.Series) -> np.ndarray:
    """Each row's (organisation, group) cell: organisation * number of groups + group."""
    return org.astype(np.int64) * len(groups.cat.categories) + groups.cat.codes.to_numpy()


def _block(n_orgs: int, year: int, indicator, measure: str, breakdown: str, counts: np.ndarray, names,
           keep: np.ndarray | None = None) -> pd.DataFrame:
    """Counts rows of every organisation (those of ``keep`` only): one per group of ``names``, zeros included."""
    orgs = np.repeat(np.arange(n_orgs), len(names))
    block = pd.DataFrame({"org": orgs, "year": year, "indicator": [indicator] * len(orgs), "measure": measure,
                          "breakdown": breakdown, "group": np.tile(np.asarray(names, dtype=object), n_orgs),
                          "count": counts.reshape(-1)})
    return block if keep is None else block[keep[orgs]]


def _group_block(year: int, indicator, measure: str, breakdown: str, org: np.ndarray, groups: pd.Series,
                 n_orgs: int, mask=None, keep=None, cells=None) -> pd.DataFrame:
    """:func:`_block` of the rows' groups (the rows of ``mask``)."""
    return _block(n_orgs, year, indicator, measure, breakdown, _group_counts(org, groups, n_orgs, mask, cells),
                  list(groups.cat.categories), keep)


def _group_dict(row: np.ndarray) -> dict[str, int]:
    """{WRES group: count} of one organisation's row of :func:`_group_counts` (WRES groups)."""
    return {g: int(n) for g, n in zip(GROUPS, row)}


# ---------------------------------------------------------------- labels

def _wres(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes | None = None) -> pd.Series:
    """WRES group of each row's ``ethnicity`` (see :func:`_groups`)."""
    return _groups(frame, path, labels, note, WRES.characteristic)


def _groups(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes | None, characteristic) -> pd.Series:
    """The group of each row's label for one characteristic (``ethnicity`` -> WRES group;
    ``disability`` -> WDES group), as a categorical of the characteristic's groups.

    Each distinct label is classified once. Unrecognised labels count as
    Unknown and are listed with their counts in a note (a warning), per
    organisation; with ``labels.strict`` every such row is a problem;
    otherwise, if an organisation's people with one are more than
    :data:`UNKNOWN_LABEL_LIMIT` % of its people in the file (distinct
    :data:`_PERSON` values), the file is an error unless ``labels.allow_unknown``.
    """
    c = characteristic
    codes, uniques = _distinct_values(frame[c.label])
    classes = c.classify(pd.Series(uniques, dtype=object), log_unrecognised=False)
    group_of = np.append(pd.Index(c.groups).get_indexer(classes[c.column].astype(object)),
                         c.groups.index(c.unknown)).astype(np.int8)
    recognised = np.append(classes["recognised"].to_numpy(dtype=bool), True)
    bad = ~recognised[codes]
    if bad.any():
        rows = frame[bad]
        if labels.strict:
            expected = "an NHS ethnic category code or label" if c is WRES.characteristic else f"a {c.label} label"
            raise InputError([Problem(str(path), expected, int(line), c.label, value)
                              for line, value in zip(rows[reading.LINE], rows[c.label])])
        n_orgs = _n_orgs(note, frame)
        org = _orgs_of(frame)
        tallies = _tallies(org[bad], rows[c.label], n_orgs)
        over = []
        if not labels.allow_unknown:
            keys = frame[_KEY].to_numpy() if _KEY in frame.columns else _id_keys(org, frame[_PERSON[path.stem]])
            people = _per_org(np.unique(keys[bad]) >> _SHIFT, n_orgs)
            total = _per_org(np.unique(keys) >> _SHIFT, n_orgs)
            share = 100 * people / np.maximum(total, 1)
            over = np.flatnonzero(share > UNKNOWN_LABEL_LIMIT)
        if len(over):
            o = over[0]
            whose = "the file's people" if note is None or note.orgs[o] is None else \
                f"organisation {note.orgs[o]}'s people in the file"
            raise InputError.one(path, f"unrecognised {c.label} labels for at most {UNKNOWN_LABEL_LIMIT:g}% of "
                                       f"{whose}, but {people[o]} of {total[o]} ({share[o]:.1f}%) have one: "
                                       f"{_listing(tallies[o])}; correct them (see data/README.md) or pass "
                                       "--allow-unknown-labels to count them as Unknown", column=c.label)
        code = "unrecognised_labels" if c is WRES.characteristic else f"unrecognised_{c.label}_labels"
        n_bad = _per_org(org, n_orgs, bad)
        for o in np.flatnonzero(n_bad):
            if note is None:
                log.warning("%s: %d %s label(s) not recognised, counted as Unknown: %s", path.name,
                            int(n_bad[o]), c.label, _listing(tallies[o]))
            else:
                note(path, code, org=o, counts=dict(rows=int(n_bad[o])), values=tallies[o], warn=True)
    return pd.Series(pd.Categorical.from_codes(group_of[codes], categories=list(c.groups), validate=False),
                     index=frame.index,
                     copy=False)


class _Notes:
    """Collects :class:`~wreslib.inputs.datanotes.DataNote` for the caller and logs them (WARNING if a figure
    is affected). ``orgs``: the organisation codes (``(None,)`` for one trust's extract): a note about one
    organisation's data names it."""

    def __init__(self, year: int, sink: list[DataNote] | None, orgs: tuple = (None,)):
        self.year, self.sink, self.orgs = year, sink, tuple(orgs)
        self._names: dict = {}

    def __call__(self, path: Path | str, code: str, *, org: int | None = None, warn: bool = False, **fields) -> None:
        organisation = None if org is None else self.orgs[org]
        name = self._names.get(path)
        if name is None:
            name = self._names[path] = Path(path).name
        data_note = datanotes.note(self.year, name, code, warn=warn, organisation=organisation, **fields)
        if self.sink is not None:
            self.sink.append(data_note)
        if log.isEnabledFor(logging.WARNING if warn else logging.INFO):
            log.log(logging.WARNING if warn else logging.INFO, "%s", data_note)


# ---------------------------------------------------------------- workforce

def people(workforce: pd.DataFrame, wres: pd.Series, path: Path, note: _Notes,
           keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per person (``staff_id``, within an organisation) from assignment rows.

    The person's row is their first non-bank, non-student assignment in file
    order, else their first row. Returns columns ``staff_id, wres,
    pay_band, staff_group, band, cluster, kind`` with ``kind`` one of
    ``substantive``, ``student`` or ``bank`` (every assignment is Bank);
    ``band`` and ``cluster`` (categoricals of :data:`BANDS` and
    :data:`CLUSTER_NAMES`) are missing where unmapped. ``keep`` names further
    columns of the file (e.g. ``ethnicity``, ``occupation``) to return, taken
    from the same chosen assignment; those not in the file are skipped. People
    come in the order of their ``_key`` (organisation, then staff id), with the
    internal columns ``_org`` and ``_key``.
    """
    n_orgs = _n_orgs(note, workforce)
    org = _orgs_of(workforce)
    n = len(workforce)
    types, names = _distinct_values(workforce["contract_type"])
    groups_, group_names = _distinct_values(workforce["staff_group"])
    bands_, band_names = _distinct_values(workforce["pay_band"])
    banked = np.append([is_bank(v) for v in names], False)  # (-1, a missing value: the last entry)
    cluster_of = np.append([_place(CLUSTER_NAMES, map_staff_group(v)) for v in group_names], -1).astype(np.int8)
    band_of = np.append([_place(BANDS, map_pay_band(v)) for v in band_names], -1).astype(np.int8)
    # Say which contract types counted as bank: a trust's own spelling must not pass unnoticed.
    n_names = max(len(names), 1)
    sizes = np.bincount(org * n_names + types, minlength=n_orgs * n_names).reshape(n_orgs, n_names)
    by_name = np.argsort(names.astype(str), kind="stable")
    for flag, code in ((True, "contract_types_bank"), (False, "contract_types_not_bank")):
        listed = by_name[banked[by_name] == flag]
        for o in np.flatnonzero(sizes[:, listed].sum(axis=1)) if len(listed) else []:
            note(path, code, org=o, values=[(names[t], int(sizes[o, t])) for t in listed if sizes[o, t]])
    keys = workforce[_KEY].to_numpy() if _KEY in workforce.columns else _id_keys(org, workforce["staff_id"])
    # Each person's rows (one sort of their keys); a person with one row is that row, else their first
    # non-bank, non-student assignment in file order (the rows are in file order), else their first row.
    by = np.argsort(keys)
    ordered = keys[by]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if n else np.zeros(0, dtype=np.int64)
    rows_per_person = np.diff(np.r_[starts, n])
    chosen = by[starts]
    shared = np.flatnonzero(rows_per_person > 1)  # the people with several rows
    if len(shared):
        first, count = starts[shared], rows_per_person[shared]
        where = np.repeat(first - np.r_[0, np.cumsum(count)[:-1]], count) + np.arange(int(count.sum()))
        rows = by[where]  # their rows, person by person
        student = cluster_of[groups_[rows]] == CLUSTER_NAMES.index(STUDENTS)
        preference = (banked[types[rows]].astype(np.int64) * 2 + student) * n + rows
        offsets = np.r_[0, np.cumsum(count)[:-1]]
        chosen[shared] = np.minimum.reduceat(preference, offsets) % n
        person_org = org[chosen[shared]]
        merged = np.bincount(person_org, weights=count - 1, minlength=n_orgs).astype(np.int64)
        multi = _per_org(person_org, n_orgs)
        # People whose assignments disagree on their group: a row's group differs from the chosen row's.
        groups = _group_codes(wres)
        differs = groups[rows] != np.repeat(groups[chosen[shared]], count)
        mixed = _per_org(person_org, n_orgs, np.add.reduceat(differs, offsets) > 0)
        for o in np.flatnonzero(merged):
            note(path, "merged_assignments", org=o, counts=dict(rows=int(merged[o]), people=int(multi[o])))
            if mixed[o]:
                note(path, "mixed_ethnicity", org=o, counts=dict(people=int(mixed[o])), warn=True)
    cluster, band = cluster_of[groups_[chosen]], band_of[bands_[chosen]]
    bank = banked[types[chosen]]
    kind = pd.Categorical.from_codes(np.where(bank, 2, np.where(cluster == CLUSTER_NAMES.index(STUDENTS), 1,
                                                                0)).astype(np.int8), validate=False,
                                     categories=KINDS)
    extra = [c for c in keep if c in workforce.columns and c not in ("staff_id", "wres", "pay_band", "staff_group")]

    def take(values):
        return values.array.take(chosen)
    return pd.DataFrame({"staff_id": take(workforce["staff_id"]), "wres": take(wres),
                         "pay_band": take(workforce["pay_band"]), "staff_group": take(workforce["staff_group"]),
                         "band": pd.Categorical.from_codes(band, categories=BANDS, validate=False),
                         "cluster": pd.Categorical.from_codes(cluster, categories=CLUSTER_NAMES, validate=False),
                         "kind": kind, **{c: take(workforce[c]) for c in extra},
                         _ORG: org[chosen], _KEY: keys[chosen],
                         _IN_1: _FITS[cluster, band] & (kind.codes == 0)}, copy=False)


#: A person's ``kind`` (:func:`people`).
KINDS = ["substantive", "student", "bank"]
#: The indicator 1 bands and clusters (with Students) that :func:`map_pay_band` and :func:`map_staff_group` give.
BANDS = list(dict.fromkeys(AFC_BANDS + MEDICAL_GRADES))
CLUSTER_NAMES = [*CLUSTERS, STUDENTS]


def _place(names: list[str], value) -> int:
    """The position of ``value`` in ``names``; -1 for None (unmapped)."""
    return -1 if value is None else names.index(value)


def is_bank(contract_type: object) -> bool:
    """Whether a ``contract_type`` is a bank contract: the word "bank" in it, any case.

    >>> [is_bank(v) for v in ["Bank", "BANK STAFF", "Permanent", "Fixed Term Temp", "Bankside Porter"]]
    [True, True, False, False, False]
    """
    return re.search(r"\bbank\b", _norm(contract_type)) is not None


def _fits(cluster: object, band: object) -> bool:
    """Whether an indicator 1 band belongs to a cluster (medical grades only in Medical and Dental)."""
    return isinstance(cluster, str) and cluster in CLUSTERS and band in CLUSTERS[cluster]


#: _FITS[cluster][band] (positions in CLUSTER_NAMES and BANDS; -1, the last, for unmapped): :func:`_fits`.
_FITS = np.array([[_fits(c, b) for b in BANDS + [None]] for c in CLUSTER_NAMES + [None]], dtype=bool)


def in_indicator_1(staff: pd.DataFrame) -> pd.Series:
    """For each person of :func:`people`, whether they count in indicator 1: substantive
    (not bank-only, not a student) with a band that belongs to their cluster."""
    if _IN_1 in staff.columns:
        return pd.Series(staff[_IN_1].to_numpy(), index=staff.index, dtype=bool, copy=False)
    cluster, band = staff["cluster"], staff["band"]
    if (isinstance(cluster.dtype, pd.CategoricalDtype) and list(cluster.cat.categories) == CLUSTER_NAMES
            and isinstance(band.dtype, pd.CategoricalDtype) and list(band.cat.categories) == BANDS):
        fits = _FITS[cluster.cat.codes.to_numpy(), band.cat.codes.to_numpy()]
    else:
        fits = np.array([_fits(c, b) for c, b in zip(cluster, band)], dtype=bool)
    return pd.Series(fits & _is_kind(staff, "substantive"), index=staff.index, dtype=bool, copy=False)


def _is_kind(staff: pd.DataFrame, kind: str) -> np.ndarray:
    """True for the people of :func:`people` of ``kind`` (substantive, student, bank)."""
    return (staff["kind"] == kind).to_numpy(dtype=bool)


def workforce_counts(staff: pd.DataFrame, year: int, path: Path, note: _Notes) -> list[pd.DataFrame]:
    """Indicator 1 ``headcount`` by cluster and band, ``bank_headcount``, and
    the indicator 3 and 4 ``headcount`` (all non-bank, non-student staff), of each organisation."""
    n_orgs = _n_orgs(note, staff)
    tally = _tally(staff, "wres", n_orgs)
    unmapped = tally[:, :, 0, 0]  # substantive, no indicator 1 band
    if unmapped.any():
        # Reasons in the order of the people's staff ids (the order people came in before organisations).
        rows = staff[_is_kind(staff, "substantive") & ~in_indicator_1(staff).to_numpy()]
        rows = rows.assign(_reason=[_unmapped_reason_of(g, p, c, b) for g, p, c, b in zip(
            rows["staff_group"], rows["pay_band"], rows["cluster"], rows["band"])], _id=rows["staff_id"].astype(str))
        rows = rows.sort_values([_ORG, "_id"], kind="stable")
        reasons = _tallies(rows[_ORG].to_numpy(), rows["_reason"], n_orgs)
        for o in np.flatnonzero(unmapped.sum(axis=1)):
            note(path, "no_indicator_1_band", org=o, counts=dict(people=int(unmapped[o].sum())), values=reasons[o],
                 groups=_group_dict(unmapped[o]), warn=True)
    for o in np.flatnonzero(tally[:, :, 0, 1].sum(axis=1) == 0):
        note(path, "no_indicator_1_figures", org=o, warn=True)
    students = tally[:, :, 1, :].sum(axis=2)
    for o in np.flatnonzero(students.sum(axis=1)):
        note(path, "students", org=o, counts=dict(people=int(students[o].sum()),
                                                  **{g.lower(): n for g, n in _group_dict(students[o]).items()}))
    bank = tally[:, :, 2, :].sum(axis=2)
    for o in range(n_orgs):
        note(path, "bank_only", org=o, counts=dict(people=int(bank[o].sum())), groups=_group_dict(bank[o]))
    return headcount_rows(staff, year, WRES, n_orgs, tally)


def _tally(staff: pd.DataFrame, column: str, n_orgs: int) -> np.ndarray:
    """The people of :func:`people` counted once for everything the workforce counts need: an array
    (organisation, group of ``column``, kind (substantive, student, bank), in indicator 1 (no, yes))."""
    groups = staff[column]
    n_groups = len(groups.cat.categories)
    kinds = staff["kind"].cat.codes.to_numpy().astype(np.int64)
    cell = ((_orgs_of(staff).astype(np.int64) * n_groups + groups.cat.codes.to_numpy()) * len(KINDS) + kinds) * 2
    cell += in_indicator_1(staff).to_numpy()
    return np.bincount(cell, minlength=n_orgs * n_groups * len(KINDS) * 2).reshape(n_orgs, n_groups, len(KINDS), 2)


#: Every "cluster|band" breakdown of indicator 1 (position cluster * len(BANDS) + band), and its rank by name.
_BREAKDOWNS = np.array([f"{c}|{b}" for c in CLUSTER_NAMES for b in BANDS], dtype=object)
_BREAKDOWN_RANK = np.argsort(np.argsort(_BREAKDOWNS.astype(str), kind="stable"), kind="stable")


def headcount_rows(staff: pd.DataFrame, year: int, standard: Standard, n_orgs: int = 1,
                   tally: np.ndarray | None = None) -> list[pd.DataFrame]:
    """A standard's workforce counts from :func:`people`: the composition indicator's ``headcount`` by
    cluster and band and ``bank_headcount``, and the ``headcount`` of each likelihood whose base it is
    (all non-bank, non-student staff), by the standard's groups (``staff[characteristic.column]``);
    ``tally``: :func:`_tally` of those groups, when the caller has it."""
    c = standard.characteristic
    first = composition_indicator(standard)
    org = _orgs_of(staff)
    mapped = in_indicator_1(staff).to_numpy()
    groups = staff[c.column]
    tally = _tally(staff, c.column, n_orgs) if tally is None else tally
    # Headcount by breakdown: the (breakdown, group) pairs that have people, in the order of their names.
    n_groups, n_pairs = len(c.groups), len(_BREAKDOWNS)
    pair = staff["cluster"].cat.codes.to_numpy().astype(np.int64) * len(BANDS) + staff["band"].cat.codes.to_numpy()
    place = np.where(mapped, _BREAKDOWN_RANK[np.maximum(pair, 0)], n_pairs)  # (the unmapped: a place of their own)
    group_rank = np.argsort(np.argsort(np.asarray(c.groups, dtype=str), kind="stable"), kind="stable")
    cells = np.bincount((org * (n_pairs + 1) + place) * n_groups + group_rank[_group_codes(groups)],
                        minlength=n_orgs * (n_pairs + 1) * n_groups).reshape(n_orgs, n_pairs + 1, n_groups)
    cells = cells[:, :n_pairs, :].reshape(-1)
    found = np.flatnonzero(cells)
    rest, g = np.divmod(found, n_groups)
    o, r = np.divmod(rest, n_pairs)
    by_rank = np.empty(n_pairs, dtype=object)
    by_rank[_BREAKDOWN_RANK] = _BREAKDOWNS
    group_of_rank = np.empty(n_groups, dtype=object)
    group_of_rank[group_rank] = np.asarray(c.groups, dtype=object)
    blocks = [pd.DataFrame({"org": o, "year": year, "indicator": [first] * len(found), "measure": "headcount",
                            "breakdown": by_rank[r], "group": group_of_rank[g], "count": cells[found]})]
    names = list(groups.cat.categories)
    blocks.append(_block(n_orgs, year, first, "bank_headcount", "", tally[:, :, 2, :].sum(axis=2), names))
    for indicator in standard.of_kind(LIKELIHOOD):
        if standard.indicators[indicator].measures[1] == "headcount":
            blocks.append(_block(n_orgs, year, indicator, "headcount", "", tally[:, :, 0, :].sum(axis=2), names))
    return blocks


def _unmapped_reason_of(staff_group, pay_band, cluster, band) -> str:
    if cluster is None or pd.isna(cluster):
        return f"staff group {staff_group!r} not recognised"
    if band is None or pd.isna(band):
        return f"pay band {pay_band!r} not recognised"
    return f"pay band {pay_band!r} is not a {cluster} band"


# ---------------------------------------------------------------- indicators 2, 3, 4, 9

def application_rows(rows: pd.DataFrame, year: int, standard: Standard, n_orgs: int = 1) -> list[pd.DataFrame]:
    """A standard's recruitment likelihood (WRES 2, WDES 2) from :func:`recruitment_rows`: applications
    shortlisted and appointed by the standard's groups."""
    c = standard.characteristic
    number = next(n for n in standard.of_kind(LIKELIHOOD) if standard.indicators[n].measures[1] == "shortlisted")
    org = _orgs_of(rows)
    return [_group_block(year, number, "shortlisted", "", org, rows[c.column], n_orgs,
                         rows["shortlisted"].to_numpy(dtype=bool)),
            _group_block(year, number, "appointed", "", org, rows[c.column], n_orgs,
                         rows["appointed"].to_numpy(dtype=bool))]


def recruitment_rows(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes) -> pd.DataFrame:
    """Indicator 2's applications, checked: ``frame`` plus ``wres`` and boolean ``shortlisted``, ``appointed``.

    Raises :class:`InputError` for a repeated ``application_id`` (within an organisation) or an
    application appointed without being shortlisted.
    """
    shortlisted, appointed = parse_bool(frame["shortlisted"]), parse_bool(frame["appointed"])
    _raise_any(row_problems("recruitment", frame, path, (appointed, shortlisted)))
    frame = _with_groups(frame, path, labels, note)
    return frame.assign(shortlisted=shortlisted.astype(bool).values, appointed=appointed.astype(bool).values)


def _with_groups(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes) -> pd.DataFrame:
    """``frame`` with ``wres`` and, when it has a ``disability`` column, ``wdes``."""
    frame = frame.assign(wres=_wres(frame, path, labels, note).values)
    if WDES.characteristic.label in frame.columns:
        frame = frame.assign(**{WDES.characteristic.column: _groups(frame, path, labels, note,
                                                                    WDES.characteristic).values})
    return frame


def _in_year(frame: pd.DataFrame, column: str, year: int, path: Path, what: str, note: _Notes) -> pd.DataFrame:
    """Rows dated in the reporting year; the others are counted in a note, per organisation (a warning
    when none of its rows is in the year: most likely another year's extract in this folder)."""
    first, last = reporting_window(year)
    codes, dates = _distinct_dates(frame[column])  # each distinct date read and placed once
    inside = ((dates >= first.to_datetime64()) & (dates <= last.to_datetime64()))[codes]
    n_orgs = _n_orgs(note, frame)
    org = _orgs_of(frame)
    outside, within = _per_org(org, n_orgs, ~inside), _per_org(org, n_orgs, inside)
    for o in np.flatnonzero(outside):
        none_inside = not within[o]
        note(path, "none_in_year" if none_inside else "dated_outside_year", org=o,
             counts=dict(rows=int(outside[o])),
             params=dict(what=what, first=f"{first.day} {first:%B %Y}", last=f"{last.day} {last:%B %Y}"),
             warn=none_inside)
    return frame[inside].assign(_date=dates[codes[inside]])


def _first_records(records: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The positions (in ``records``, of :func:`_in_year`, in file order) of each person's first record by
    date, then source line, in the order of the people's keys, and the order that puts them by date, then
    source line: one sort of whole numbers, and one of the people's first records."""
    days = records["_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    _, least = _least_per_key(records[_KEY].to_numpy(), days * (1 << 32) + np.arange(len(records)))
    return least & ((1 << 32) - 1), np.argsort(least)


def _outside_population(keys: pd.Series, staff: pd.DataFrame | None) -> np.ndarray:
    """True for the people (``_key`` values) that the workforce file shows as bank-only or students."""
    if staff is None:
        return np.zeros(len(keys), dtype=bool)
    others = np.sort(staff.loc[~_is_kind(staff, "substantive"), _KEY].to_numpy())
    return _sorted_lookup(others, keys.to_numpy()) >= 0


def disciplinary_counts(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                        note: _Notes) -> list[pd.DataFrame]:
    """Indicator 3: distinct staff entering a formal disciplinary case in the year.

    A person's ethnicity is that of their earliest case in the year (the
    disciplinary file's own ``ethnicity``). Bank-only staff and students are
    left out, like the headcount they are compared with.
    """
    cases = disciplinary_people(frame, staff, year, path, labels, note)
    return [_group_block(year, 3, "entered_disciplinary", "", _orgs_of(cases), cases["wres"],
                         _n_orgs(note, frame))]


def disciplinary_people(frame: pd.DataFrame, staff: pd.DataFrame | None, year: int, path: Path, labels: Labels,
                        note: _Notes) -> pd.DataFrame:
    """The people indicator 3 counts: one row per staff member entering a case in the year
    (their earliest case in the year, with its ``ethnicity`` and ``wres``); see :func:`disciplinary_counts`."""
    return case_people(frame, staff, year, path, labels, note, WRES.characteristic)


def case_people(frame: pd.DataFrame, staff: pd.DataFrame | None, year: int, path: Path, labels: Labels,
                note: _Notes, characteristic) -> pd.DataFrame:
    """One row per staff member entering a case (disciplinary; capability) in the year: their
    earliest case in the year, with the case file's own label and its group in
    ``characteristic.column``. Bank-only staff and students are left out, like the headcount."""
    c = characteristic
    frame = frame.assign(**{c.column: _groups(frame, path, labels, note, c).values})
    cases = _in_year(frame, "date_entered", year, path, "case(s)", note)
    return _one_per_person(cases, staff, path, note, "repeat_cases", "cases_outside_population")


def _one_per_person(records: pd.DataFrame, staff: pd.DataFrame | None, path: Path, note: _Notes, repeats: str,
                    outside_code: str, first: tuple | None = None, **columns) -> pd.DataFrame:
    """Each staff member's first record of ``records`` (of :func:`_in_year`) by date, then source line,
    in that order (``first``: :func:`_first_records`, when the caller has it; ``columns``: values to add
    to those rows, in that order), without bank-only staff and students; the repeats and the people left out are noted,
    per organisation (codes ``repeats`` and ``outside_code``)."""
    n_orgs = _n_orgs(note, records)
    by_key, by_date = _first_records(records) if first is None else first
    first = records.iloc[by_key[by_date]]
    if columns:
        first = first.assign(**columns)
    extra = _per_org(_orgs_of(records), n_orgs) - _per_org(_orgs_of(first), n_orgs)
    for o in np.flatnonzero(extra):
        note(path, repeats, org=o, counts=dict(extra=int(extra[o])))
    # (Looked up in the order of the keys, which is cheaper, then put in the records' order.)
    outside = _outside_population(pd.Series(records[_KEY].to_numpy()[by_key]), staff)[by_date]
    left_out = _per_org(_orgs_of(first), n_orgs, outside)
    for o in np.flatnonzero(left_out):
        note(path, outside_code, org=o, counts=dict(people=int(left_out[o])), warn=True)
    return first.loc[~outside]


def capability_counts(frame: pd.DataFrame, staff: pd.DataFrame | None, year: int, path: Path, labels: Labels,
                      note: _Notes) -> list[pd.DataFrame]:
    """WDES metric 3: distinct staff entering a formal capability case on performance grounds in the year,
    by the case file's own ``disability`` (cases on other grounds, such as ill health, are left out, noted)."""
    _raise_any(row_problems("capability", frame, path))
    n_orgs = _n_orgs(note, frame)
    org = _orgs_of(frame)
    performance = _per_value(frame["grounds"], lambda grounds: PERFORMANCE.search(str(grounds)) is not None, bool)
    if not performance.all():
        others = _tallies(org[~performance], frame["grounds"][~performance], n_orgs)
        rows = _per_org(org, n_orgs, ~performance)
        for o in np.flatnonzero(rows):
            note(path, "capability_other_grounds", org=o, counts=dict(rows=int(rows[o])), values=others[o])
    c = WDES.characteristic
    number = next(n for n in WDES.of_kind(LIKELIHOOD) if WDES.indicators[n].measures[0] == "entered_capability")
    people_ = case_people(frame[performance], staff, year, path, labels, note, c)
    return [_group_block(year, number, "entered_capability", "", _orgs_of(people_), people_[c.column], n_orgs)]


def training_counts(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                    note: _Notes, leavers: str = "error") -> list[pd.DataFrame]:
    """Indicator 4: distinct staff with at least one training record dated in the year.

    Ethnicity comes from the file's ``ethnicity`` column (the person's
    earliest record in the year) or, without one, from the workforce file by
    ``staff_id``: then a staff_id missing from the workforce is an error, or
    with ``leavers`` = "unknown" (``[rules] training_leavers`` in wres.toml)
    a person of Unknown ethnicity, counted in a note.
    """
    trained = training_people(frame, staff, year, path, labels, note, leavers)
    return [_group_block(year, 4, "accessed_training", "", _orgs_of(trained), trained["wres"],
                         _n_orgs(note, frame))]


def training_people(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                    note: _Notes, leavers: str = "error") -> pd.DataFrame:
    """The people indicator 4 counts: one row per staff member with a training record in the
    year (their earliest), with ``wres`` and, when the file or ``staff`` has one, ``ethnicity``;
    see :func:`training_counts`."""
    records = _in_year(frame, "date", year, path, "training record(s)", note)
    if "ethnicity" in records.columns:
        records = records.assign(wres=_wres(records, path, labels, note).values)
        return _one_per_person(records, staff, path, note, "repeat_training", "training_outside_population")
    # Ethnicity from the workforce file: looked up for each person's first record (the same person has
    # the same ethnicity on every record).
    by_key, by_date = _first_records(records)
    staff_keys = staff[_KEY].to_numpy()  # people are in key order: the keys looked up in order, cheaply
    first, found = by_key[by_date], _sorted_lookup(staff_keys, records[_KEY].to_numpy()[by_key])[by_date]
    absent = found < 0
    if absent.any() and leavers == "unknown":
        n_orgs = _n_orgs(note, records)
        people_ = _per_org(_orgs_of(records)[first], n_orgs, absent)
        for o in np.flatnonzero(people_):
            note(path, "training_leavers", org=o, counts=dict(people=int(people_[o])), warn=True)
    elif absent.any():  # every such line, first line first (the CLI prints that one)
        rows = records[_sorted_lookup(staff_keys, records[_KEY].to_numpy()) < 0].sort_values(reading.LINE)
        _raise_any([Problem(str(path), "a staff_id found in workforce.csv (training.csv has no ethnicity "
                                       "column, so ethnicity comes from the workforce file; add one for leavers, "
                                       "or set [rules] training_leavers = \"unknown\" in wres.toml)",
                            int(line), "staff_id", str(staff_id))
                    for line, staff_id in zip(rows[reading.LINE], rows["staff_id"])])
    c = WRES.characteristic
    codes = np.append(_group_codes(staff["wres"]), c.groups.index(c.unknown))[found]
    columns = dict(wres=pd.Categorical.from_codes(codes, categories=list(c.groups)))
    if "ethnicity" in staff.columns:
        columns["ethnicity"] = np.append(staff["ethnicity"].to_numpy(dtype=object), np.nan)[found]
    return _one_per_person(records, staff, path, note, "repeat_training", "training_outside_population",
                           (by_key, by_date), **columns)


def member_rows(frame: pd.DataFrame, year: int, standard: Standard, n_orgs: int = 1,
                keep: np.ndarray | None = None) -> list[pd.DataFrame]:
    """A standard's board figure (WRES 9, WDES 10): members (All), voting and executive members by its
    groups, for the organisations of ``keep`` (all by default)."""
    c = standard.characteristic
    number = standard.of_kind(BOARD)[0]
    org = _orgs_of(frame)
    groups = frame[c.column]
    voting = parse_bool(frame["voting"]).to_numpy(dtype=bool, na_value=False)
    executive = parse_bool(frame["executive"]).to_numpy(dtype=bool, na_value=False)
    return [_group_block(year, number, "board_members", "All", org, groups, n_orgs, keep=keep),
            _group_block(year, number, "board_members", "Voting", org, groups, n_orgs, voting, keep),
            _group_block(year, number, "board_members", "Executive", org, groups, n_orgs, executive, keep)]


# ---------------------------------------------------------------- the year

def year_folder(data_dir: str | Path, year: int) -> Path:
    """``DIR/<year>``; :class:`InputError` if it does not exist."""
    folder = Path(data_dir) / str(year)
    if not folder.is_dir():
        raise InputError.one(folder, f"a folder of {year}'s extracts (workforce.csv, recruitment.csv, ...), "
                                     "but there is none")
    return folder


#: The last few years read (the counts and the published breakdowns read the same files): key -> frames.
_READ_CACHE: dict = {}
_READ_CACHE_SIZE = 4


def _read_year(data_dir: str | Path, year: int, cache: bool = True) -> tuple[Path, dict[str, pd.DataFrame], Config]:
    """The year folder, its files that exist (read with the year's column tables, renamed and
    validated) and wres.toml.

    Kept for the next call while the files (and ``wres.toml``) are unchanged, by path, size and
    modification time (unless ``cache`` is False: an extract of many organisations, read once, is
    not kept); callers get copies, so nothing they do reaches the cache."""
    folder = year_folder(data_dir, year)
    mapping_file = Path(data_dir) / MAPPING_FILE
    paths = [reading.input_path(folder, name) for name in FILES] + [mapping_file]
    key = (str(folder.resolve()), tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else None
                                        for p in paths))
    if key not in _READ_CACHE:
        config = read_config(data_dir)
        mapping = config.mapping(year)
        frames = {}
        for name in FILES:
            path = reading.input_path(folder, name)
            if path.is_file():
                frames[name] = read_valid_extract(path, name, mapping, mapping_file)
        if not frames:
            # Without this an empty folder gives a results file with no rows and exit 0.
            raise InputError.one(folder, f"one or more of the year's extracts "
                                         f"({', '.join(f'{n}.csv' for n in FILES)}), but the folder has none of them")
        if not cache:
            return folder, frames, config
        while len(_READ_CACHE) >= _READ_CACHE_SIZE:
            _READ_CACHE.pop(next(iter(_READ_CACHE)))
        _READ_CACHE[key] = frames, config
    frames, config = _READ_CACHE[key]
    # With copy-on-write (pandas 3) a shallow copy is enough for nothing the caller does to reach the cache.
    return folder, {name: frame.copy(deep=_DEEP_COPIES) for name, frame in frames.items()}, config


_DEEP_COPIES = int(pd.__version__.split(".")[0]) < 3


def _file_headers(folder: Path, frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """{file: {column: the file's own header}} of the year's files, for :func:`own_headers`."""
    return {str(reading.input_path(folder, name)): frame.attrs.get("headers", {}) for name, frame in frames.items()}


def _note_absent(frames: dict[str, pd.DataFrame], note: _Notes) -> None:
    """A note for each optional column (``optional = [...]`` in wres.toml) that a file lacks."""
    for name, frame in frames.items():
        for column in frame.attrs.get("absent", []):
            note(f"{name}.csv", "optional_column_absent",
                 params=dict(column=column, consequence=OPTIONAL_COLUMNS[name][column]))


def _codes_seen(frame: pd.DataFrame) -> list[str]:
    """The distinct organisation codes of a file."""
    codes, names = _distinct_values(frame[ORGANISATION])
    return [str(names[c]) for c in np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(names)))]


def _organisations(folder: Path, frames: dict[str, pd.DataFrame], multi: bool) -> tuple[tuple, dict]:
    """The year's organisations, and each frame with ``_ORG`` (the row's organisation number) and ``_KEY``.

    One trust's extract (``multi`` False) may have an ``organisation`` column with one code only (else
    :class:`InputError` at the first row with another code: use the multi-organisation route); its
    organisations are ``(None,)``. An extract of several organisations needs the column in every file;
    its organisations are the codes of all its files, sorted, and the workforce and board files need
    rows of each.
    """
    if not multi:
        first = None
        for name, frame in frames.items():
            if ORGANISATION not in frame.columns or not len(frame):
                continue
            codes = frame[ORGANISATION]
            if first is None:
                first = (str(codes.iloc[0]), reading.input_path(folder, name).name)
            other = (codes != first[0]).to_numpy()
            if other.any():
                row = frame[other].iloc[0]
                raise InputError.one(reading.input_path(folder, name),
                                     f"one organisation code in a single trust's extract ({first[1]} has "
                                     f"'{first[0]}'): for an extract of several organisations use the "
                                     "multi-organisation route (extract_counts_by_organisation), which counts "
                                     "each organisation apart", line=int(row[reading.LINE]), column=ORGANISATION,
                                     got=str(row[ORGANISATION]))
        orgs: tuple = (None,)
        numbers = {name: np.zeros(len(frame), dtype=np.int64) for name, frame in frames.items()}
    else:
        lacking = [name for name, frame in frames.items() if ORGANISATION not in frame.columns]
        if lacking:
            others = [name for name in frames if name not in lacking]
            raise InputError.one(reading.input_path(folder, lacking[0]),
                                 f"a column named '{ORGANISATION}' (the code of each row's organisation)"
                                 + (f", as {others[0]}.csv has" if others else
                                    " in an extract of several organisations"), line=1, column=ORGANISATION)
        orgs = tuple(sorted(set().union(*(_codes_seen(frame) for frame in frames.values()))))
        index = pd.Index(orgs, dtype=object)
        numbers = {}
        for name, frame in frames.items():
            codes, names_ = _distinct_values(frame[ORGANISATION])
            numbers[name] = index.get_indexer(pd.Index(names_, dtype=object)).astype(np.int64)[codes]
            if not FILES[name].may_be_empty:
                missing = [code for code, n in zip(orgs, np.bincount(numbers[name], minlength=len(orgs))) if not n]
                if missing:
                    holder = next(other for other, f in frames.items()
                                  if other != name and missing[0] in set(_codes_seen(f)))
                    raise InputError.one(reading.input_path(folder, name),
                                         f"rows for every organisation of the year's files, but organisation "
                                         f"'{missing[0]}' has none here (it has rows in {holder}.csv)",
                                         column=ORGANISATION, got=missing[0])
    # Staff ids are numbered together across the files that hold them, so a person has one key in all.
    staff_files = [name for name in frames if _PERSON[name] == "staff_id"]
    others = [name for name in frames if name not in staff_files]
    numbered = {}
    for names in [staff_files] + [[name] for name in others]:
        ids = _id_numbers([frames[name][_PERSON[name]] for name in names])
        for name, number in zip(names, ids):
            numbered[name] = frames[name].assign(**{_ORG: numbers[name], _KEY: (numbers[name] << _SHIFT) | number})
    return orgs, {name: numbered[name] for name in frames}


def year_records(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                 allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> dict[str, pd.DataFrame]:
    """One year's records as the indicators count them, for breakdowns finer than WRES groups.

    The same reading, checks and rules as :func:`extract_counts` (which
    counts these frames by WRES group); a missing file's key is absent.

    - ``workforce``: one row per person (:func:`people`), with the chosen
      assignment's raw ``ethnicity`` (and ``occupation`` if the file has
      it), ``kind`` (substantive, student, bank) and ``indicator_1`` (True
      for the people indicator 1 counts, :func:`in_indicator_1`); with a
      ``disability`` column, ``disability`` is the person's WDES group.
    - ``recruitment``: one row per application (:func:`recruitment_rows`), ``disability`` as for workforce.
    - ``disciplinary``: one row per person indicator 3 counts
      (:func:`disciplinary_people`); empty without a workforce file.
    - ``training``: one row per person indicator 4 counts
      (:func:`training_people`); empty without a workforce file.
    """
    folder, frames, config = _read_year(data_dir, year)
    labels = Labels(strict_ethnicity, allow_unknown_labels)
    out: dict[str, pd.DataFrame] = {}
    staff = None
    with own_headers(_file_headers(folder, frames)):
        orgs, frames = _organisations(folder, frames, multi=False)
        note = _Notes(year, notes, orgs)
        _note_absent(frames, note)
        if "workforce" in frames:
            path = reading.input_path(folder, "workforce")
            workforce = _with_groups(frames["workforce"], path, labels, note)
            staff = people(workforce, workforce["wres"], path, note,
                           keep=("ethnicity", "occupation", WDES.characteristic.column))
            out["workforce"] = _disability_group(staff.assign(indicator_1=in_indicator_1(staff).values))
        if "recruitment" in frames:
            out["recruitment"] = _disability_group(recruitment_rows(frames["recruitment"],
                                                                    reading.input_path(folder, "recruitment"), labels,
                                                                    note))
        if "disciplinary" in frames and staff is not None:
            out["disciplinary"] = disciplinary_people(frames["disciplinary"], staff, year,
                                                      reading.input_path(folder, "disciplinary"), labels, note)
        if "training" in frames and staff is not None:
            out["training"] = training_people(frames["training"], staff, year, reading.input_path(folder, "training"), labels, note,
                                              config.training_leavers)
    out = {name: _plain(frame) for name, frame in out.items()}
    if "workforce" in out:  # people in the order of their staff ids, as text
        out["workforce"] = out["workforce"].sort_values("staff_id", kind="stable").reset_index(drop=True)
    return out


def _plain(records: pd.DataFrame) -> pd.DataFrame:
    """Records without the internal columns, as text (not categoricals or ids read as numbers), for
    breakdowns: ``band`` and ``cluster`` None where unmapped, a leaver's ``ethnicity`` missing."""
    records = records.drop(columns=[c for c in (_ORG, _KEY, _IN_1) if c in records.columns])
    out = {}
    for column in records.columns:
        values = records[column]
        if column in ("band", "cluster") and isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            named = np.asarray(values.cat.categories, dtype=object)[np.maximum(codes, 0)] if len(codes) else codes
            out[column] = np.where(codes >= 0, named, None).astype(object)
        elif isinstance(values.dtype, pd.CategoricalDtype) or column in ID_COLUMNS:
            out[column] = values.astype(str)
        elif values.dtype == object and column != "ethnicity":
            out[column] = values.astype(str)
    return records.assign(**out) if out else records


def _disability_group(records: pd.DataFrame) -> pd.DataFrame:
    """Records with ``disability`` as the WDES group (Disabled, Non-disabled, Unknown) where the file gave
    one: the dimension a breakdown uses, rather than the file's own spelling."""
    c = WDES.characteristic
    if c.column not in records.columns:
        return records
    return records.assign(**{c.label: records[c.column]}).drop(columns=c.column)


def extract_counts(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                   allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> pd.DataFrame:
    """One reporting year's extracts (``DIR/<year>/*.csv``) of one trust, as counts.

    Parameters
    ----------
    data_dir
        The data folder (holding ``<year>/`` and optionally ``wres.toml``).
    year
        WRES reporting year: workforce at 31 March ``year``, activity from
        1 April ``year - 1`` to 31 March ``year``.
    strict_ethnicity
        Make an unrecognised ethnicity value an error instead of Unknown.
    allow_unknown_labels
        Count unrecognised ethnicity values as Unknown however many there
        are (without it, more than :data:`UNKNOWN_LABEL_LIMIT` % of a file's
        people is an error).
    notes
        If given, data notes (merged assignments, records left out, skipped
        indicators, unrecognised labels) are appended to it as
        :class:`~wreslib.inputs.datanotes.DataNote`; they are always logged to the
        ``wreslib.inputs.extracts`` logger too.

    Returns
    -------
    The counts contract (:data:`wreslib.inputs.counts.COLUMNS`, ``ethnicity`` one
    of White, BME, Unknown, zeros included) plus the classification columns
    of :func:`~wreslib.classify.ethnicity.classify_ethnicity`, ready for
    :func:`wreslib.compute.indicators.compute_indicators`. A missing file means its
    indicator is skipped (noted); a bad file raises :class:`InputError`
    naming file, line and column (and the file's own header for a column).
    Files with an ``organisation`` column must hold one code only: an
    extract of several organisations is an error here (naming the first row
    of another organisation); count it with :func:`extract_counts_by_organisation`.
    """
    return _extract(data_dir, year, strict_ethnicity, allow_unknown_labels, notes, multi=False)


def extract_counts_by_organisation(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                                   allow_unknown_labels: bool = False,
                                   notes: list[DataNote] | None = None) -> pd.DataFrame:
    """One reporting year's extracts of many organisations (every file with an ``organisation`` column,
    a code) as counts, in one pass.

    The counts contract of :func:`extract_counts` with an ``organisation``
    column first: each organisation's rows are exactly (row for row, in the
    same order and types) what :func:`extract_counts` gives for that
    organisation's rows alone in a folder of their own, and the
    organisations come in the order of their codes. Each distinct label,
    band, staff group, contract type and date is read once, whatever the
    number of organisations; people, applications and board members are
    told apart within an organisation (the same staff_id in two
    organisations is two people); the rules apply per organisation (the
    share of unrecognised labels, the cross-row checks of the counts).
    ``notes`` get each data note about one organisation's data with its
    code in ``organisation`` (notes about a whole file, such as a file
    not supplied, have None). Raises :class:`InputError` (one line) for a
    file without the ``organisation`` column, an empty code, an
    organisation with no workforce or board rows, and everything
    :func:`extract_counts` refuses, naming the organisation where the
    problem is one organisation's.
    """
    return _extract(data_dir, year, strict_ethnicity, allow_unknown_labels, notes, multi=True)


def _extract(data_dir, year, strict_ethnicity, allow_unknown_labels, notes, multi: bool) -> pd.DataFrame:
    folder, frames, config = _read_year(data_dir, year, cache=not multi)
    with own_headers(_file_headers(folder, frames)):
        orgs, frames = _organisations(folder, frames, multi)
        return _count_year(folder, frames, config, year, Labels(strict_ethnicity, allow_unknown_labels),
                           _Notes(year, notes, orgs), multi)


def _count_year(folder: Path, frames: dict[str, pd.DataFrame], config: Config, year: int, labels: Labels,
                note: _Notes, multi: bool = False) -> pd.DataFrame:
    """:func:`extract_counts` of the files read (numbered by :func:`_organisations`), every organisation
    at once: each step counts all organisations in one pass, as blocks of rows tagged with the
    organisation's number, put in each organisation's order at the end."""
    n_orgs = len(note.orgs)
    rows: list[pd.DataFrame] = []
    wdes: list[pd.DataFrame] = []  # the WDES counts of the same people, when the files carry disability
    disability = WDES.characteristic
    staff = None
    has_headcount = np.zeros(n_orgs, dtype=bool)
    _note_absent(frames, note)
    if "workforce" in frames:
        path = reading.input_path(folder, "workforce")
        workforce = _with_groups(frames["workforce"], path, labels, note)
        staff = people(workforce, workforce["wres"], path, note, keep=(disability.column,))
        rows += workforce_counts(staff, year, path, note)
        has_headcount = _per_org(_orgs_of(staff), n_orgs, in_indicator_1(staff).to_numpy()) > 0
        if disability.column in staff.columns:
            wdes += headcount_rows(staff, year, WDES, n_orgs)
    else:
        note("workforce.csv", "file_absent", warn=True,
             params=dict(consequence="indicator 1 skipped, and indicators 3, 4 and 9 (which need the workforce "
                                     "headcount)"))
    if "recruitment" in frames:
        applications = recruitment_rows(frames["recruitment"], reading.input_path(folder, "recruitment"), labels,
                                        note)
        rows += application_rows(applications, year, WRES, n_orgs)
        if disability.column in applications.columns:
            wdes += application_rows(applications, year, WDES, n_orgs)
    else:
        note("recruitment.csv", "file_absent", params=dict(consequence="indicator 2 skipped"), warn=True)
    if "disciplinary" not in frames:
        note("disciplinary.csv", "file_absent", params=dict(consequence="indicator 3 skipped"), warn=True)
    elif staff is not None:
        rows += disciplinary_counts(frames["disciplinary"], staff, year, reading.input_path(folder, "disciplinary"),
                                    labels, note)
    if "training" not in frames:
        note("training.csv", "file_absent", params=dict(consequence="indicator 4 skipped"), warn=True)
    elif staff is not None:
        rows += training_counts(_needed(frames["training"], "training"), staff, year,
                                reading.input_path(folder, "training"), labels, note, config.training_leavers)
    if "capability" in frames and staff is not None:
        wdes += capability_counts(frames["capability"], staff, year, reading.input_path(folder, "capability"),
                                  labels, note)
    if "board" not in frames:
        note("board.csv", "file_absent", params=dict(consequence="indicator 9 skipped"), warn=True)
    elif staff is not None:
        path = reading.input_path(folder, "board")
        board = frames["board"]
        if has_headcount.any():
            board = board[has_headcount[_orgs_of(board)]]
            _raise_any(row_problems("board", board, path))
            members = _with_groups(board, path, labels, note)
            rows += member_rows(members, year, WRES, n_orgs, has_headcount)
            # The board is compared with the workforce: no WDES board figure without the WDES headcount
            # (the same people: those with an indicator 1 band).
            if disability.column in members.columns and disability.column in staff.columns:
                wdes += member_rows(members, year, WDES, n_orgs, has_headcount)
        for o in np.flatnonzero(~has_headcount):
            note(path, "board_without_workforce", org=o, warn=True)
    counts = _assemble(rows, wdes, note.orgs if multi else None)
    counts = classify_counts(counts)
    # The same cross-row rules as a counts file, so `wres counts` output always reads back.
    if multi:
        check_counts_by_organisation(counts, str(folder))
    else:
        check_counts(counts, str(folder))
    return counts


def _needed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The columns of an extract that its counts read (so that filtering its rows copies no others)."""
    keep = {"training": ("staff_id", "date", "ethnicity")}[name]
    return frame[[c for c in frame.columns if c in keep or c in (reading.LINE, _ORG, _KEY)]]


def _rows_of(blocks: list[pd.DataFrame]) -> tuple[np.ndarray, list[list]]:
    """The blocks' rows as columns (year, indicator, measure, breakdown, group, count: lists of Python
    values), each organisation's rows together in the order the blocks gave them, and each row's
    organisation number."""
    if not blocks:
        return np.zeros(0, dtype=np.int64), [[] for _ in range(6)]
    order = np.argsort(np.concatenate([b["org"].to_numpy() for b in blocks]), kind="stable")
    columns = []
    for c in ("year", "indicator", "measure", "breakdown", "group", "count"):
        values = np.concatenate([b[c].to_numpy(dtype=object) for b in blocks])
        columns.append(values[order].tolist())
    return np.concatenate([b["org"].to_numpy() for b in blocks])[order], columns


def _assemble(rows: list[pd.DataFrame], wdes: list[pd.DataFrame], orgs: tuple | None) -> pd.DataFrame:
    """The counts frame of the counted blocks: per organisation its WRES rows, then its WDES rows; with
    ``orgs`` (several organisations) an ``organisation`` column first."""
    org, columns = _rows_of(rows)
    counts = pd.DataFrame(dict(zip(COLUMNS, columns)), columns=COLUMNS).astype(
        {"year": "int64", "indicator": "int64", "count": "int64"})
    if wdes:
        wdes_org, wdes_columns = _rows_of(wdes)
        disability = WDES.characteristic
        counts = pd.concat([counts.assign(standard=WRES.code, disability=""),
                            pd.DataFrame(dict(zip([*COLUMNS[:4], disability.label, "count"], wdes_columns)))
                            .assign(standard=WDES.code, ethnicity="")], ignore_index=True)
        org = np.concatenate([org, wdes_org])
        order = np.argsort(org, kind="stable")
        counts, org = counts.iloc[order].reset_index(drop=True), org[order]
    if orgs is not None:
        counts.insert(0, ORGANISATION, np.asarray(orgs, dtype=object)[org] if len(org) else [])
    return counts


def extract_years(data_dir: str | Path, year: int, **kwargs) -> pd.DataFrame:
    """Counts of ``year`` and of the two years before it whose folders exist.

    Year Y-1 gives every figure's ``change`` and the two-year indicator 3;
    Y-2 gives the change of that two-year figure. Keyword arguments go to
    :func:`extract_counts`; the ``year`` folder itself must exist.
    """
    return _years(data_dir, year, extract_counts, **kwargs)


def extract_years_by_organisation(data_dir: str | Path, year: int, **kwargs) -> pd.DataFrame:
    """:func:`extract_years` of an extract of many organisations (:func:`extract_counts_by_organisation`)."""
    return _years(data_dir, year, extract_counts_by_organisation, **kwargs)


def _years(data_dir: str | Path, year: int, extract, **kwargs) -> pd.DataFrame:
    year_folder(data_dir, year)
    parts = []
    for earlier in (year - 2, year - 1):
        if (Path(data_dir) / str(earlier)).is_dir():
            parts.append(extract(data_dir, earlier, **kwargs))
        else:
            log.info("%d: no %d folder in %s, so figures that need it are left empty", year, earlier, data_dir)
    parts.append(extract(data_dir, year, **kwargs))
    return pd.concat(parts, ignore_index=True)
