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
:func:`wreslib.compute.indicators.compute_indicators` from counts. The rules (each
documented in ``data/README.md`` and tested):

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

import pandas as pd
import pandera.pandas as pa

from . import datanotes, reading
from .datanotes import DataNote
from .reading import toml_line
from .counts import CLUSTERS, COLUMNS, check_counts, classify_counts, composition_indicator
from ..errors import InputError, Problem
from ..classify.ethnicity import BME, UNKNOWN, WHITE
from ..standards.base import BOARD, LIKELIHOOD, Standard
from ..standards.wdes import WDES
from ..standards.wres import WRES

log = logging.getLogger(__name__)

MAPPING_FILE = reading.MAPPING_FILE
GROUPS = (WHITE, BME, UNKNOWN)
STUDENTS = "Students"


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
        return self.required + self.optional


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


def parse_bool(values: pd.Series) -> pd.Series:
    """Y/N, Yes/No, True/False, 1/0 (any case) to a nullable boolean; else <NA>."""
    low = values.astype(str).str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[low.isin(TRUE_VALUES)] = True
    out[low.isin(FALSE_VALUES)] = False
    return out


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in any of :data:`DATE_FORMATS` (a time of day after the date is ignored); else NaT."""
    text = values.astype(str).str.strip().str.replace(_TIME_SUFFIX, "", regex=True)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        missing = out.isna()
        if not missing.any():
            break
        parsed = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        # A mistyped year (0024, 2204) is not a date in any extract: unparseable, not "outside the year".
        plausible = parsed.dt.year.between(FIRST_YEAR, LAST_YEAR)
        out[missing] = parsed.where(plausible).astype("datetime64[ns]")
    return out


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


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes and backslashes escaped, anything unprintable as ``\\uXXXX``.

    >>> print(_toml_string('Pay "Band"\\x7f'))
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
            lines.append(f"{column} = {_toml_string(closest[column])}")
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
    frame = reading.read_csv(path, allow_empty=spec.may_be_empty)
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
    non_empty = pa.Check(lambda s: s.str.len() > 0, error="a value (it must not be empty)")
    boolean = pa.Check(lambda s: parse_bool(s).notna(), error=BOOL_EXPECTED)
    date = pa.Check(lambda s: parse_dates(s).notna(), error=DATE_EXPECTED)
    checks = {"staff_id": [non_empty], "application_id": [non_empty], "member_id": [non_empty],
              "shortlisted": [boolean], "appointed": [boolean], "voting": [boolean], "executive": [boolean],
              "date_entered": [date], "date": [date]}
    return pa.DataFrameSchema({c: pa.Column(str, checks.get(c, []), nullable=False) for c in columns},
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
    """Every repeated value of ``column`` (one row per application or member)."""
    repeated = frame[frame.duplicated(column, keep="first")]
    return [Problem(str(path), f"one row per {what}, but this {column} repeats an earlier row", int(row[reading.LINE]),
                    column, row[column]) for _, row in repeated.iterrows()]


def _appointed_unshortlisted(frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Every application appointed but not shortlisted."""
    wrong = frame[parse_bool(frame["appointed"]) & ~parse_bool(frame["shortlisted"])]
    return [Problem(str(path), f"appointed only when shortlisted (this application has shortlisted = "
                               f"{row['shortlisted']!r})", int(row[reading.LINE]), "appointed", row["appointed"])
            for _, row in wrong.iterrows()]


def row_problems(name: str, frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Checks across the rows of one validated file: repeated applications or board members,
    appointed without shortlisted. All of them, by line (``wres validate`` lists them)."""
    problems = []
    if name == "recruitment":
        problems = _duplicates(frame, "application_id", path, "application") + _appointed_unshortlisted(frame, path)
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


def _listing(labels: pd.Series) -> str:
    """``'Martian' (3), 'Whte' (1)``: each label with its count, the first :data:`_LABELS_SHOWN` of them."""
    shown = ", ".join(f"{value!r} ({n})" for value, n in labels.head(_LABELS_SHOWN).items())
    more = len(labels) - _LABELS_SHOWN
    return shown + (f" and {more} other label{'s' if more > 1 else ''}" if more > 0 else "")


def _wres(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes | None = None) -> pd.Series:
    """WRES group of each row's ``ethnicity`` (see :func:`_groups`)."""
    return _groups(frame, path, labels, note, WRES.characteristic)


def _groups(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes | None, characteristic) -> pd.Series:
    """The group of each row's label for one characteristic (``ethnicity`` -> WRES group;
    ``disability`` -> WDES group).

    Unrecognised labels count as Unknown and are listed with their counts in
    a note (a warning); with ``labels.strict`` every such row is a problem;
    otherwise, if the people with one are more than :data:`UNKNOWN_LABEL_LIMIT`
    % of the file's people (distinct :data:`_PERSON` values), the file is an
    error unless ``labels.allow_unknown``.
    """
    c = characteristic
    classes = c.classify(frame[c.label], log_unrecognised=False)
    bad = ~classes["recognised"].to_numpy(dtype=bool)
    if bad.any():
        rows = frame[bad]
        if labels.strict:
            expected = "an NHS ethnic category code or label" if c is WRES.characteristic else f"a {c.label} label"
            raise InputError([Problem(str(path), expected, int(line), c.label, value)
                              for line, value in zip(rows[reading.LINE], rows[c.label])])
        counted = rows[c.label].value_counts()
        person = _PERSON[path.stem]
        people, total = rows[person].nunique(), frame[person].nunique()
        share = 100 * people / total
        if share > UNKNOWN_LABEL_LIMIT and not labels.allow_unknown:
            raise InputError.one(path, f"unrecognised {c.label} labels for at most {UNKNOWN_LABEL_LIMIT:g}% of the "
                                       f"file's people, but {people} of {total} ({share:.1f}%) have one: "
                                       f"{_listing(counted)}; correct them (see data/README.md) or pass "
                                       "--allow-unknown-labels to count them as Unknown", column=c.label)
        code = "unrecognised_labels" if c is WRES.characteristic else f"unrecognised_{c.label}_labels"
        if note is None:
            log.warning("%s: %d %s label(s) not recognised, counted as Unknown: %s", path.name,
                        int(bad.sum()), c.label, _listing(counted))
        else:
            note(path, code, counts=dict(rows=int(bad.sum())), values=counted.items(), warn=True)
    return classes[c.column].astype(str)


class _Notes:
    """Collects :class:`~wreslib.inputs.datanotes.DataNote` for the caller and logs them (WARNING if a figure
    is affected)."""

    def __init__(self, year: int, sink: list[DataNote] | None):
        self.year, self.sink = year, sink

    def __call__(self, path: Path | str, code: str, *, warn: bool = False, **fields) -> None:
        data_note = datanotes.note(self.year, Path(path).name, code, warn=warn, **fields)
        if self.sink is not None:
            self.sink.append(data_note)
        log.log(logging.WARNING if warn else logging.INFO, "%s", data_note)


# ---------------------------------------------------------------- workforce

def people(workforce: pd.DataFrame, wres: pd.Series, path: Path, note: _Notes,
           keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per person (``staff_id``) from assignment rows.

    The person's row is their first non-bank, non-student assignment in file
    order, else their first row. Returns columns ``staff_id, wres,
    pay_band, staff_group, band, cluster, kind`` with ``kind`` one of
    ``substantive``, ``student`` or ``bank`` (every assignment is Bank);
    ``band`` and ``cluster`` are None where unmapped. ``keep`` names further
    columns of the file (e.g. ``ethnicity``, ``occupation``) to return, taken
    from the same chosen assignment; those not in the file are skipped.
    """
    frame = workforce.assign(
        wres=wres.values,
        bank=workforce["contract_type"].map(is_bank).values,
        cluster=workforce["staff_group"].map(map_staff_group).values,
        band=workforce["pay_band"].map(map_pay_band).values,
    )
    frame["student"] = frame["cluster"].eq(STUDENTS)
    # Say which contract types counted as bank: a trust's own spelling must not pass unnoticed.
    kinds = frame.groupby(["bank", "contract_type"]).size()
    for bank, code in ((True, "contract_types_bank"), (False, "contract_types_not_bank")):
        if bank in kinds.index.get_level_values(0):
            note(path, code, values=kinds.loc[bank].items())
    ordered = frame.sort_values(["staff_id", "bank", "student", reading.LINE], kind="stable")
    chosen = ordered.drop_duplicates("staff_id", keep="first").copy()
    merged = len(frame) - len(chosen)
    if merged:
        multi = int(frame["staff_id"].duplicated(keep=False).sum()) - merged
        note(path, "merged_assignments", counts=dict(rows=merged, people=multi))
        groups = frame.groupby("staff_id")["wres"].nunique()
        if (groups > 1).any():
            note(path, "mixed_ethnicity", counts=dict(people=int((groups > 1).sum())), warn=True)
    chosen["kind"] = "substantive"
    chosen.loc[chosen["student"], "kind"] = "student"
    chosen.loc[chosen["bank"], "kind"] = "bank"  # chosen is bank only when every assignment is
    extra = [c for c in keep if c in chosen.columns and c not in ("staff_id", "wres", "pay_band", "staff_group")]
    return chosen[["staff_id", "wres", "pay_band", "staff_group", "band", "cluster", "kind", *extra]
                  ].reset_index(drop=True)


def is_bank(contract_type: object) -> bool:
    """Whether a ``contract_type`` is a bank contract: the word "bank" in it, any case.

    >>> [is_bank(v) for v in ["Bank", "BANK STAFF", "Permanent", "Fixed Term Temp", "Bankside Porter"]]
    [True, True, False, False, False]
    """
    return re.search(r"\bbank\b", _norm(contract_type)) is not None


def _fits(cluster: object, band: object) -> bool:
    """Whether an indicator 1 band belongs to a cluster (medical grades only in Medical and Dental)."""
    return isinstance(cluster, str) and cluster in CLUSTERS and band in CLUSTERS[cluster]


def in_indicator_1(staff: pd.DataFrame) -> pd.Series:
    """For each person of :func:`people`, whether they count in indicator 1: substantive
    (not bank-only, not a student) with a band that belongs to their cluster."""
    fits = [k == "substantive" and _fits(c, b) for k, c, b in zip(staff["kind"], staff["cluster"], staff["band"])]
    return pd.Series(fits, index=staff.index, dtype=bool)


def workforce_counts(staff: pd.DataFrame, year: int, path: Path, note: _Notes) -> list[tuple]:
    """Indicator 1 ``headcount`` by cluster and band, ``bank_headcount``, and
    the indicator 3 and 4 ``headcount`` (all non-bank, non-student staff)."""
    substantive = staff[staff["kind"] == "substantive"]
    fits = in_indicator_1(substantive)
    mapped, unmapped = substantive[fits], substantive[~fits]
    if not unmapped.empty:
        reasons = unmapped.apply(_unmapped_reason, axis=1).value_counts()
        note(path, "no_indicator_1_band", counts=dict(people=len(unmapped)), values=reasons.items(),
             groups=_by_group(unmapped["wres"]), warn=True)
    if mapped.empty:
        note(path, "no_indicator_1_figures", warn=True)
    students = staff[staff["kind"] == "student"]
    if not students.empty:
        by_group = _by_group(students["wres"])
        note(path, "students", counts=dict(people=len(students), **{g.lower(): n for g, n in by_group.items()}))
    bank = staff[staff["kind"] == "bank"]
    note(path, "bank_only", counts=dict(people=len(bank)), groups=_by_group(bank["wres"]))
    return headcount_rows(staff, year, WRES)


def headcount_rows(staff: pd.DataFrame, year: int, standard: Standard) -> list[tuple]:
    """A standard's workforce counts from :func:`people`: the composition indicator's ``headcount`` by
    cluster and band and ``bank_headcount``, and the ``headcount`` of each likelihood whose base it is
    (all non-bank, non-student staff), by the standard's groups (``staff[characteristic.column]``)."""
    c = standard.characteristic
    first = composition_indicator(standard)
    substantive = staff[staff["kind"] == "substantive"]
    mapped = substantive[in_indicator_1(substantive)]
    rows = []
    head = mapped.assign(breakdown=mapped["cluster"] + "|" + mapped["band"])
    for (breakdown, group), n in head.groupby(["breakdown", c.column]).size().items():
        rows.append((year, first, "headcount", breakdown, group, int(n)))
    rows += _group_rows(year, first, "bank_headcount", "", staff.loc[staff["kind"] == "bank", c.column], c.groups)
    for indicator in standard.of_kind(LIKELIHOOD):
        if standard.indicators[indicator].measures[1] == "headcount":
            rows += _group_rows(year, indicator, "headcount", "", substantive[c.column], c.groups)
    return rows


def _by_group(groups: pd.Series) -> dict[str, int]:
    """{WRES group: how many} of ``groups``, every group of :data:`GROUPS` (zeros included)."""
    counts = groups.value_counts()
    return {g: int(counts.get(g, 0)) for g in GROUPS}


def _unmapped_reason(person: pd.Series) -> str:
    if person["cluster"] is None or pd.isna(person["cluster"]):
        return f"staff group {person['staff_group']!r} not recognised"
    if person["band"] is None or pd.isna(person["band"]):
        return f"pay band {person['pay_band']!r} not recognised"
    return f"pay band {person['pay_band']!r} is not a {person['cluster']} band"


def _group_rows(year: int, indicator, measure: str, breakdown: str, groups: pd.Series,
                names: tuple[str, ...] = GROUPS) -> list[tuple]:
    """One row per group of ``names`` (WRES groups by default; zeros included) counting the entries of ``groups``."""
    counts = groups.value_counts()
    return [(year, indicator, measure, breakdown, g, int(counts.get(g, 0))) for g in names]


# ---------------------------------------------------------------- indicators 2, 3, 4, 9

def application_rows(rows: pd.DataFrame, year: int, standard: Standard) -> list[tuple]:
    """A standard's recruitment likelihood (WRES 2, WDES 2) from :func:`recruitment_rows`: applications
    shortlisted and appointed by the standard's groups."""
    c = standard.characteristic
    number = next(n for n in standard.of_kind(LIKELIHOOD) if standard.indicators[n].measures[1] == "shortlisted")
    return (_group_rows(year, number, "shortlisted", "", rows.loc[rows["shortlisted"], c.column], c.groups)
            + _group_rows(year, number, "appointed", "", rows.loc[rows["appointed"], c.column], c.groups))


def recruitment_rows(frame: pd.DataFrame, path: Path, labels: Labels, note: _Notes) -> pd.DataFrame:
    """Indicator 2's applications, checked: ``frame`` plus ``wres`` and boolean ``shortlisted``, ``appointed``.

    Raises :class:`InputError` for a repeated ``application_id`` or an
    application appointed without being shortlisted.
    """
    _raise_any(row_problems("recruitment", frame, path))
    shortlisted, appointed = parse_bool(frame["shortlisted"]), parse_bool(frame["appointed"])
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
    """Rows dated in the reporting year; the others are counted in a note (a warning when
    none is in the year: most likely another year's extract in this folder)."""
    first, last = reporting_window(year)
    dates = parse_dates(frame[column])
    inside = dates.between(first, last).values
    if (~inside).any():
        none_inside = not inside.any()
        note(path, "none_in_year" if none_inside else "dated_outside_year", counts=dict(rows=int((~inside).sum())),
             params=dict(what=what, first=f"{first.day} {first:%B %Y}", last=f"{last.day} {last:%B %Y}"),
             warn=none_inside)
    return frame[inside].assign(_date=dates[inside].values)


def _outside_population(ids: pd.Series, staff: pd.DataFrame | None) -> pd.Series:
    """True for staff_ids that the workforce file shows as bank-only or students."""
    if staff is None:
        return pd.Series(False, index=ids.index)
    others = set(staff.loc[staff["kind"] != "substantive", "staff_id"])
    return ids.isin(others)


def disciplinary_counts(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                        note: _Notes) -> list[tuple]:
    """Indicator 3: distinct staff entering a formal disciplinary case in the year.

    A person's ethnicity is that of their earliest case in the year (the
    disciplinary file's own ``ethnicity``). Bank-only staff and students are
    left out, like the headcount they are compared with.
    """
    return _group_rows(year, 3, "entered_disciplinary", "",
                       disciplinary_people(frame, staff, year, path, labels, note)["wres"])


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
    cases = cases.sort_values(["_date", reading.LINE], kind="stable")
    return _one_per_person(cases, staff, path, note, "repeat_cases", "cases_outside_population")


def _one_per_person(records: pd.DataFrame, staff: pd.DataFrame | None, path: Path, note: _Notes, repeats: str,
                    outside_code: str) -> pd.DataFrame:
    """Each staff member's first row of ``records`` (sorted by the caller), without bank-only staff and
    students; the repeats and the people left out are noted (codes ``repeats`` and ``outside_code``)."""
    first = records.drop_duplicates("staff_id", keep="first")
    if len(records) > len(first):
        note(path, repeats, counts=dict(extra=len(records) - len(first)))
    outside = _outside_population(first["staff_id"], staff)
    if outside.any():
        note(path, outside_code, counts=dict(people=int(outside.sum())), warn=True)
    return first.loc[~outside]


def capability_counts(frame: pd.DataFrame, staff: pd.DataFrame | None, year: int, path: Path, labels: Labels,
                      note: _Notes) -> list[tuple]:
    """WDES metric 3: distinct staff entering a formal capability case on performance grounds in the year,
    by the case file's own ``disability`` (cases on other grounds, such as ill health, are left out, noted)."""
    _raise_any(row_problems("capability", frame, path))
    performance = frame["grounds"].map(lambda grounds: PERFORMANCE.search(str(grounds)) is not None)
    if not performance.all():
        note(path, "capability_other_grounds", counts=dict(rows=int((~performance).sum())),
             values=frame.loc[~performance, "grounds"].value_counts().items())
    c = WDES.characteristic
    number = next(n for n in WDES.of_kind(LIKELIHOOD) if WDES.indicators[n].measures[0] == "entered_capability")
    people_ = case_people(frame[performance.values], staff, year, path, labels, note, c)
    return _group_rows(year, number, "entered_capability", "", people_[c.column], c.groups)


def training_counts(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                    note: _Notes, leavers: str = "error") -> list[tuple]:
    """Indicator 4: distinct staff with at least one training record dated in the year.

    Ethnicity comes from the file's ``ethnicity`` column (the person's
    earliest record in the year) or, without one, from the workforce file by
    ``staff_id``: then a staff_id missing from the workforce is an error, or
    with ``leavers`` = "unknown" (``[rules] training_leavers`` in wres.toml)
    a person of Unknown ethnicity, counted in a note.
    """
    return _group_rows(year, 4, "accessed_training", "",
                       training_people(frame, staff, year, path, labels, note, leavers)["wres"])


def training_people(frame: pd.DataFrame, staff: pd.DataFrame, year: int, path: Path, labels: Labels,
                    note: _Notes, leavers: str = "error") -> pd.DataFrame:
    """The people indicator 4 counts: one row per staff member with a training record in the
    year (their earliest), with ``wres`` and, when the file or ``staff`` has one, ``ethnicity``;
    see :func:`training_counts`."""
    records = _in_year(frame, "date", year, path, "training record(s)", note)
    records = records.sort_values(["_date", reading.LINE], kind="stable")
    if "ethnicity" in records.columns:
        records = records.assign(wres=_wres(records, path, labels, note).values)
    else:
        known = staff.set_index("staff_id")["wres"]
        absent = records[~records["staff_id"].isin(known.index)]
        if not absent.empty and leavers == "unknown":
            note(path, "training_leavers", counts=dict(people=absent["staff_id"].nunique()), warn=True)
        elif not absent.empty:  # every such line, first line first (the CLI prints that one)
            _raise_any([Problem(str(path), "a staff_id found in workforce.csv (training.csv has no ethnicity "
                                           "column, so ethnicity comes from the workforce file; add one for leavers, "
                                           "or set [rules] training_leavers = \"unknown\" in wres.toml)",
                                int(row[reading.LINE]), "staff_id", row["staff_id"])
                        for _, row in absent.sort_values(reading.LINE).iterrows()])
        records = records.assign(wres=records["staff_id"].map(known).fillna(UNKNOWN).values)
        if "ethnicity" in staff.columns:
            records = records.assign(ethnicity=records["staff_id"].map(staff.set_index("staff_id")["ethnicity"]).values)
    return _one_per_person(records, staff, path, note, "repeat_training", "training_outside_population")


def member_rows(frame: pd.DataFrame, year: int, standard: Standard) -> list[tuple]:
    """A standard's board figure (WRES 9, WDES 10): members (All), voting and executive members by its groups."""
    c = standard.characteristic
    number = standard.of_kind(BOARD)[0]
    groups = frame[c.column]
    voting, executive = parse_bool(frame["voting"]), parse_bool(frame["executive"])
    return (_group_rows(year, number, "board_members", "All", groups, c.groups)
            + _group_rows(year, number, "board_members", "Voting", groups[voting.values], c.groups)
            + _group_rows(year, number, "board_members", "Executive", groups[executive.values], c.groups))


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


def _read_year(data_dir: str | Path, year: int) -> tuple[Path, dict[str, pd.DataFrame], Config]:
    """The year folder, its files that exist (read with the year's column tables, renamed and
    validated) and wres.toml.

    Kept for the next call while the files (and ``wres.toml``) are unchanged, by path, size and
    modification time; callers get copies, so nothing they do reaches the cache."""
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
        while len(_READ_CACHE) >= _READ_CACHE_SIZE:
            _READ_CACHE.pop(next(iter(_READ_CACHE)))
        _READ_CACHE[key] = frames, config
    frames, config = _READ_CACHE[key]
    return folder, {name: frame.copy() for name, frame in frames.items()}, config


def _file_headers(folder: Path, frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """{file: {column: the file's own header}} of the year's files, for :func:`own_headers`."""
    return {str(folder / f"{name}.csv"): frame.attrs.get("headers", {}) for name, frame in frames.items()}


def _note_absent(frames: dict[str, pd.DataFrame], note: _Notes) -> None:
    """A note for each optional column (``optional = [...]`` in wres.toml) that a file lacks."""
    for name, frame in frames.items():
        for column in frame.attrs.get("absent", []):
            note(f"{name}.csv", "optional_column_absent",
                 params=dict(column=column, consequence=OPTIONAL_COLUMNS[name][column]))


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
    note = _Notes(year, notes)
    labels = Labels(strict_ethnicity, allow_unknown_labels)
    out: dict[str, pd.DataFrame] = {}
    staff = None
    with own_headers(_file_headers(folder, frames)):
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
    return out


def _disability_group(records: pd.DataFrame) -> pd.DataFrame:
    """Records with ``disability`` as the WDES group (Disabled, Non-disabled, Unknown) where the file gave
    one: the dimension a breakdown uses, rather than the file's own spelling."""
    c = WDES.characteristic
    if c.column not in records.columns:
        return records
    return records.assign(**{c.label: records[c.column]}).drop(columns=c.column)


def extract_counts(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                   allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> pd.DataFrame:
    """One reporting year's extracts (``DIR/<year>/*.csv``) as counts.

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
    """
    folder, frames, config = _read_year(data_dir, year)
    with own_headers(_file_headers(folder, frames)):
        return _count_year(folder, frames, config, year, Labels(strict_ethnicity, allow_unknown_labels),
                           _Notes(year, notes))


def _count_year(folder: Path, frames: dict[str, pd.DataFrame], config: Config, year: int, labels: Labels,
                note: _Notes) -> pd.DataFrame:
    """:func:`extract_counts` of the files read."""
    rows: list[tuple] = []
    wdes: list[tuple] = []  # the WDES counts of the same people, when the files carry disability
    disability = WDES.characteristic
    staff = None
    _note_absent(frames, note)
    if "workforce" in frames:
        path = reading.input_path(folder, "workforce")
        workforce = _with_groups(frames["workforce"], path, labels, note)
        staff = people(workforce, workforce["wres"], path, note, keep=(disability.column,))
        rows += workforce_counts(staff, year, path, note)
        if disability.column in staff.columns:
            wdes += headcount_rows(staff, year, WDES)
    else:
        note("workforce.csv", "file_absent", warn=True,
             params=dict(consequence="indicator 1 skipped, and indicators 3, 4 and 9 (which need the workforce "
                                     "headcount)"))
    if "recruitment" in frames:
        applications = recruitment_rows(frames["recruitment"], reading.input_path(folder, "recruitment"), labels,
                                        note)
        rows += application_rows(applications, year, WRES)
        if disability.column in applications.columns:
            wdes += application_rows(applications, year, WDES)
    else:
        note("recruitment.csv", "file_absent", params=dict(consequence="indicator 2 skipped"), warn=True)
    if "disciplinary" not in frames:
        note("disciplinary.csv", "file_absent", params=dict(consequence="indicator 3 skipped"), warn=True)
    elif staff is not None:
        rows += disciplinary_counts(frames["disciplinary"], staff, year, reading.input_path(folder, "disciplinary"), labels, note)
    if "training" not in frames:
        note("training.csv", "file_absent", params=dict(consequence="indicator 4 skipped"), warn=True)
    elif staff is not None:
        rows += training_counts(frames["training"], staff, year, reading.input_path(folder, "training"), labels, note,
                                config.training_leavers)
    if "capability" in frames and staff is not None:
        wdes += capability_counts(frames["capability"], staff, year, reading.input_path(folder, "capability"),
                                  labels, note)
    if "board" not in frames:
        note("board.csv", "file_absent", params=dict(consequence="indicator 9 skipped"), warn=True)
    elif staff is not None and _has_headcount(rows, WRES):
        path = reading.input_path(folder, "board")
        _raise_any(row_problems("board", frames["board"], path))
        members = _with_groups(frames["board"], path, labels, note)
        rows += member_rows(members, year, WRES)
        # The board is compared with the workforce: no WDES board figure without the WDES headcount.
        if disability.column in members.columns and _has_headcount(wdes, WDES):
            wdes += member_rows(members, year, WDES)
    elif staff is not None:
        note(reading.input_path(folder, "board"), "board_without_workforce", warn=True)
    counts = pd.DataFrame(rows, columns=COLUMNS).astype({"year": "int64", "indicator": "int64", "count": "int64"})
    if wdes:
        counts = pd.concat([counts.assign(standard=WRES.code, disability=""),
                            pd.DataFrame(wdes, columns=[*COLUMNS[:4], disability.label, "count"])
                            .assign(standard=WDES.code, ethnicity="")], ignore_index=True)
    counts = classify_counts(counts)
    # The same cross-row rules as a counts file, so `wres counts` output always reads back.
    check_counts(counts, str(folder))
    return counts


def _has_headcount(rows: list[tuple], standard: Standard) -> bool:
    """Whether counted ``rows`` hold the standard's composition headcount (the board's comparison)."""
    first = composition_indicator(standard)
    return any(r[1] == first and r[2] == "headcount" for r in rows)


def extract_years(data_dir: str | Path, year: int, **kwargs) -> pd.DataFrame:
    """Counts of ``year`` and of the two years before it whose folders exist.

    Year Y-1 gives every figure's ``change`` and the two-year indicator 3;
    Y-2 gives the change of that two-year figure. Keyword arguments go to
    :func:`extract_counts`; the ``year`` folder itself must exist.
    """
    year_folder(data_dir, year)
    parts = []
    for earlier in (year - 2, year - 1):
        if (Path(data_dir) / str(earlier)).is_dir():
            parts.append(extract_counts(data_dir, earlier, **kwargs))
        else:
            log.info("%d: no %d folder in %s, so figures that need it are left empty", year, earlier, data_dir)
    parts.append(extract_counts(data_dir, year, **kwargs))
    return pd.concat(parts, ignore_index=True)
