"""Any indicator broken down by any record-level dimension: the computing (records to tidy tables).

The same records and rules as the WRES figures
(:func:`wreslib.inputs.extracts.year_records`), grouped more finely: by an
ethnicity level (:data:`LEVELS`) and by any column the indicator's records
carry (:data:`DIMENSIONS`: cluster, band, staff group, pay band, occupation, disability (the WDES group: ethnicity by disability)
...; :func:`dimensions` says which for each indicator).

- :func:`workforce_people`: one row per person counted in indicator 1.
- :func:`composition`: each ethnic group's share of each ``by`` group
  (indicator 1's make-up, finer), with Wilson 95% intervals.
- :func:`rate_records`: the records behind an indicator 2-4 rate, as two
  frames (one row per event, one row per member of the base).
- :func:`rates`: within each ``by`` group, each ethnic group's rate (events /
  base, Wilson 95% interval) and its ratio to the reference group's rate in
  the same ``by`` group (group rate / White rate, Katz 95% interval), with the
  reason where a ratio is undefined. :func:`rates_by_group` reads the records
  and calls it; :func:`rate_table` is the same table from counts per group.
- :func:`published_rows`: the breakdowns the report publishes, as results rows.

Which group is the reference, what the indicator counts and its wording are
read from :data:`wreslib.standards.wres.INDICATORS`. Nothing here is
suppressed: :mod:`wreslib.report.breakdowns` suppresses (through the one
disclosure engine), formats and plots these tables. Person-level frames and
unsuppressed tables hold counts of 1 to 7 people: never publish them.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..classify.ethnicity import (BME, BROAD_GROUPS, CATEGORIES, DETAILED_CATEGORIES, UNKNOWN, WRES_GROUPS,
                                  classify_ethnicity, wres_of_broad)
from ..errors import InputError
from ..inputs.counts import CLUSTERS
from ..inputs.datanotes import DataNote
from ..inputs.extracts import FILES, year_folder, year_records
from ..inputs.reading import input_path
from ..standards.base import LIKELIHOOD
from ..standards.wres import ETHNICITY, INDICATORS
from .stats import likelihood_ratio, percent, wilson_interval

LEVELS = ("detailed", "broad", "wres")
#: The label of the all-groups row of :func:`rates`.
ALL = "All"
#: Suffix of a group whose source named only the coarser group ("Mixed, not specified").
NOT_SPECIFIED = ", not specified"
BME_NOT_SPECIFIED = BME + NOT_SPECIFIED

#: Record columns a breakdown can be by, in the order they are listed. Workforce records carry the first
#: five (``occupation`` when the file has it); recruitment records only the optional columns of
#: recruitment.csv that the file has (``staff_group``, ``vacancy_band``, ``internal``), never ``band``.
DIMENSIONS = ("cluster", "band", "staff_group", "pay_band", "occupation", "vacancy_band", "internal", "disability")
#: The value of a dimension a record does not give: a pay band that maps to no indicator 1 band, a person
#: absent from the workforce file (a leaver with a disciplinary case), an empty cell.
NO_VALUE = "Other or not known"
#: The files each indicator's records come from (3 and 4 take their dimensions from the workforce file).
RECORD_FILES = {1: ("workforce",), 2: ("recruitment",), 3: ("disciplinary", "workforce"),
                4: ("training", "workforce")}

#: How each counts-contract measure of indicators 2-4 (``Indicator.measures``) is found in the records of
#: :func:`wreslib.inputs.extracts.year_records`: (file, the rows counted; None for every row).
MEASURE_RECORDS = {
    "appointed": ("recruitment", lambda r: r["appointed"]),
    "shortlisted": ("recruitment", lambda r: r["shortlisted"]),
    "entered_disciplinary": ("disciplinary", None),  # already one row per person entering a case in the year
    "accessed_training": ("training", None),  # already one row per person trained in the year
    "headcount": ("workforce", lambda r: r["kind"] == "substantive"),  # not bank-only, not students
}


class DimensionError(ValueError):
    """A breakdown asked for a dimension the records do not carry (the message names both)."""


# ---------------------------------------------------------------- ethnicity levels

def classify(values) -> pd.DataFrame:
    """``code``, ``detailed``, ``broad``, ``wres`` of raw ethnicity values, with no gaps.

    As :func:`wreslib.classify.ethnicity.classify_ethnicity`, except that a level the
    source does not give is "<coarser group>, not specified" instead of
    ``<NA>`` (``code`` stays ``<NA>``): "Mixed" gives detailed "Mixed, not
    specified"; "BME" gives broad and detailed "BME, not specified".

    >>> classify(["H", "Mixed", "BME", ""])[["detailed", "broad", "wres"]].values.tolist()
    [['Indian', 'Asian or Asian British', 'BME'], ['Mixed, not specified', 'Mixed', 'BME'], \
['BME, not specified', 'BME, not specified', 'BME'], ['Not known', 'Unknown', 'Unknown']]
    """
    c = classify_ethnicity(values)
    broad = c["broad"].fillna(c["wres"] + NOT_SPECIFIED)
    detailed = c["detailed"].where(c["detailed"].notna(),
                                   broad.where(broad.str.endswith(NOT_SPECIFIED), broad + NOT_SPECIFIED))
    return pd.DataFrame({"code": c["code"], "detailed": detailed.astype(str), "broad": broad.astype(str),
                         "wres": c["wres"].astype(str)}, index=c.index)


def _broad_of_detailed() -> dict[str, str]:
    parents = dict(DETAILED_CATEGORIES)
    parents.update({b + NOT_SPECIFIED: b for b in BROAD_GROUPS if b != UNKNOWN})
    parents[BME_NOT_SPECIFIED] = BME_NOT_SPECIFIED
    return parents


_BROAD_OF = _broad_of_detailed()


def wres_of(group: str) -> str:
    """The WRES group (White, BME, Unknown) of a group of any level.

    >>> wres_of("Indian"), wres_of("Not stated"), wres_of("BME, not specified"), wres_of("White")
    ('BME', 'Unknown', 'BME', 'White')
    """
    return wres_of_broad(_BROAD_OF.get(group, group))


def _members(wres: str, labels: Sequence[str]) -> list[str]:
    """The groups among ``labels`` (of any level) that make up WRES group ``wres``, other than itself."""
    return [g for g in labels if g not in (ALL, *WRES_GROUPS) and wres_of(g) == wres]


def groups(level: str, present: Sequence[str] = ()) -> list[str]:
    """Every group of ``level`` in report order; "..., not specified" groups only if in ``present``.

    >>> groups("broad")
    ['White', 'Mixed', 'Asian or Asian British', 'Black or Black British', 'Other ethnic groups', 'Unknown']
    """
    _check_level(level)
    present = set(present)
    if level == "wres":
        out = list(WRES_GROUPS)
    elif level == "broad":
        out = [b for b in BROAD_GROUPS if b != UNKNOWN] + [BME_NOT_SPECIFIED, UNKNOWN]
    else:
        out = []
        for broad in [b for b in BROAD_GROUPS if b != UNKNOWN] + [BME_NOT_SPECIFIED, UNKNOWN]:
            out += [name for name, b in DETAILED_CATEGORIES if b == broad]
            if broad != UNKNOWN:
                out.append(broad if broad == BME_NOT_SPECIFIED else broad + NOT_SPECIFIED)
    # The 2021-only groups (Gypsy or Irish Traveller, Roma, Arab) appear only where the data have them.
    required = set(WRES_GROUPS) | set(BROAD_GROUPS) | {name for name, _ in CATEGORIES.values()}
    return [g for g in out if g in required or g in present] + sorted(present - set(out))


def _parents(group: str, level: str) -> list[tuple[str, str]]:
    """The coarser groups a group adds up into: [("broad", ...), ("wres", ...)] as applicable."""
    if level == "detailed":
        broad = _BROAD_OF.get(group)
        return [] if broad is None else [("broad", broad), ("wres", wres_of_broad(broad))]
    if level == "broad":
        return [("wres", wres_of_broad(group))]
    return []


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


# ---------------------------------------------------------------- dimensions

def _as_list(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def carried(frame: pd.DataFrame) -> tuple[str, ...]:
    """The :data:`DIMENSIONS` a record frame carries, in that order."""
    return tuple(d for d in DIMENSIONS if d in frame.columns)


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """:class:`DimensionError` naming the first of ``columns`` that ``frame`` lacks and what it has."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        has = carried(frame) or tuple(c for c in frame.columns if not str(c).startswith("_"))
        raise DimensionError(f"{what} has no column {missing[0]!r}; it carries: {', '.join(has) or 'nothing'}")


def _dimension_values(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """The ``by`` columns as text, a missing value as :data:`NO_VALUE` (so every record is in one group)."""
    out = pd.DataFrame(index=frame.index)
    for column in by:
        values = frame[column].astype(object)
        out[column] = values.where(values.notna() & (values.astype(str).str.strip() != ""), NO_VALUE).astype(str)
    return out


def _order(column: str, values) -> list:
    """Report order for a ``by`` column's values: clusters and bands as in indicator 1, others sorted,
    :data:`NO_VALUE` then :data:`ALL` last."""
    values = list(dict.fromkeys(values))
    if column == "cluster":
        ref = list(CLUSTERS)
    elif column == "band":
        ref = list(dict.fromkeys(b for bands in CLUSTERS.values() for b in bands))
    else:
        ref = []
    rank = {v: i for i, v in enumerate(ref)}
    return sorted(values, key=lambda v: (v == ALL, v == NO_VALUE, rank.get(v, len(ref)), str(v)))


def _ordered_keys(by: Sequence[str], keys) -> list[tuple]:
    """``by`` keys (tuples) in report order, the first column outermost."""
    keys = list(dict.fromkeys(keys))
    for j in range(len(by) - 1, -1, -1):
        order = {v: i for i, v in enumerate(_order(by[j], [k[j] for k in keys]))}
        keys.sort(key=lambda k: order[k[j]])
    return keys


def _counts_by_key(frame: pd.DataFrame, by: Sequence[str]) -> dict[tuple, pd.Series]:
    """{``by`` key: count of rows per ``group``} of a frame of ``by`` columns and ``group``."""
    if not by:
        return {(): frame["group"].value_counts()}
    out = {}
    for key, part in frame.groupby(list(by), sort=False):
        out[key if isinstance(key, tuple) else (key,)] = part["group"].value_counts()
    return out


# ---------------------------------------------------------------- people

def workforce_people(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                     allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> pd.DataFrame:
    """One row per person counted in WRES indicator 1 in ``year`` (31 March ``year``).

    Exactly the people of :func:`wreslib.inputs.extracts.extract_counts`' indicator 1
    headcount (read by :func:`wreslib.inputs.extracts.year_records`, so with the
    same ``wres.toml`` mapping, checks and rules): bank-only staff, students
    and staff whose band does not map to an indicator 1 band are left out;
    people with several assignments are one row, with their first non-bank,
    non-student assignment's ethnicity, band and staff group.

    Columns: ``staff_id``, ``code``, ``detailed``, ``broad``, ``wres``
    (see :func:`classify`; ``wres`` is the group indicator 1 counts),
    ``cluster`` (Non-clinical, Clinical, Medical and Dental), ``band``
    (indicator 1 band), ``staff_group`` and ``pay_band`` (as in the file),
    and ``occupation`` when the file has it. ``attrs["year"]`` is ``year``.
    Person-level: never publish.
    """
    records = year_records(data_dir, year, strict_ethnicity=strict_ethnicity,
                           allow_unknown_labels=allow_unknown_labels, notes=notes)
    if "workforce" not in records:
        raise InputError.one(input_path(year_folder(data_dir, year), "workforce"),
                             "a workforce file (ethnicity breakdowns need the workforce)")
    staff = records["workforce"]
    staff = staff[staff["indicator_1"]].reset_index(drop=True)
    levels = classify(staff["ethnicity"])
    out = pd.DataFrame({"staff_id": staff["staff_id"], "code": levels["code"], "detailed": levels["detailed"],
                        "broad": levels["broad"], "wres": staff["wres"].astype(str), "cluster": staff["cluster"],
                        "band": staff["band"], "staff_group": staff["staff_group"], "pay_band": staff["pay_band"]})
    if "occupation" in staff.columns:
        out["occupation"] = staff["occupation"].values
    out.attrs["year"] = year
    return out


# ---------------------------------------------------------------- composition (indicator 1, finer)

def composition(people: pd.DataFrame, by: Sequence[str] = ("cluster",), level: str = "broad") -> pd.DataFrame:
    """The ethnic make-up of each ``by`` group: counts and percentages with Wilson 95% intervals.

    Parameters
    ----------
    people
        One row per person with a ``level`` column and the ``by`` columns
        (e.g. :func:`workforce_people`).
    by
        Columns to break down by, e.g. ``["cluster", "band"]``; ``[]`` for the
        whole workforce. A missing value is its own group, :data:`NO_VALUE`.
    level
        ``"broad"``, ``"detailed"`` or ``"wres"`` (see :func:`groups`).

    Returns
    -------
    Tidy frame ``[*by, group, count, total, percent, ci_low, ci_high]``, one
    row per ``by`` group and ethnic group, every group of the level
    included (zeros too, so a group with no one shows 0). ``count``: people
    in the group; ``total``: people in the ``by`` group, Unknown ethnicity
    included; ``percent``: 100 * count / total (0-100); ``ci_low``,
    ``ci_high``: Wilson 95% interval, in percent. Not suppressed: pass it to
    :func:`wreslib.report.breakdowns.safe` or ``readable`` before showing it.
    Raises :class:`DimensionError` for a column ``people`` does not have.
    """
    _check_level(level)
    by = _as_list(by)
    _require(people, [*by, level], "people")
    cats = groups(level, people[level].dropna().unique())
    frame = _dimension_values(people, by).assign(group=people[level].astype(str).values)
    rows = {key: counts.reindex(cats, fill_value=0) for key, counts in _counts_by_key(frame, by).items()}
    records = []
    for key in _ordered_keys(by, rows):
        counts = rows[key]
        total = int(counts.sum())
        for group in cats:
            k = int(counts[group])
            low, high = wilson_interval(k, total)
            records.append((*key, group, k, total, percent(k, total), low, high))
    out = pd.DataFrame(records, columns=[*by, "group", "count", "total", "percent", "ci_low", "ci_high"])
    out = out.astype({"count": "int64", "total": "int64"})
    out.attrs.update(kind="composition", level=level, by=by, year=people.attrs.get("year"))
    return out


# ---------------------------------------------------------------- rates (indicators 2-4)

def _likelihood(indicator: int):
    if indicator not in INDICATORS or INDICATORS[indicator].kind != LIKELIHOOD:
        choices = sorted(n for n, d in INDICATORS.items() if d.kind == LIKELIHOOD)
        raise ValueError(f"indicator must be one of {choices}, not {indicator!r}")
    return INDICATORS[indicator]


@dataclass(frozen=True)
class _Words:
    """What a ratio's reason says, from the registry: who is compared, with whom, where."""
    reference: str
    indicator: object  # the registry's Indicator, or None (counts with no indicator)
    where: str  # " in this band", "" without ``by``

    def subjects(self) -> str:
        return self.indicator.subjects if self.indicator else "people"

    def nobody(self, group: str) -> str:
        """"no BME staff in this band", "no Mixed applicants shortlisted"."""
        base = self.indicator.measures[1] if self.indicator else "headcount"
        # A headcount is the staff themselves ("no BME staff"); another base is something done to them.
        counted = "" if base == "headcount" else " " + base.replace("_", " ")
        return f"no {group} {self.subjects()}{counted}{self.where}"

    def no_events(self, group: str) -> str:
        """"no Unknown applicants appointed from shortlisting" (from the registry's rate description)."""
        if self.indicator is None:
            return f"no {group} people counted{self.where}"
        return f"no {self.indicator.rate_description(group).removeprefix('% of ')}{self.where}"


def _words(indicator: int | None, by: Sequence[str]) -> _Words:
    ind = INDICATORS[indicator] if indicator is not None else None
    reference = ind.groups.reference if ind is not None else ETHNICITY.reference
    where = f" in this {' and '.join(dimension_label(c).lower() for c in by)}" if by else ""
    return _Words(reference, ind, where)


def ratio_to_reference(group: str, k: int, n: int, ref_k: int, ref_n: int, *, indicator: int | None = None,
                       by: Sequence[str] = ()) -> tuple[float, float, float, str]:
    """A group's rate over the reference group's (White), with its Katz 95% interval and, where it is
    undefined or has no interval, the reason.

    ``(k / n) / (ref_k / ref_n)``: the group's events ``k`` of its base ``n`` against the reference
    group's ``ref_k`` of ``ref_n`` in the same ``by`` group; above 1 = the group's rate is higher. Returns
    ``(ratio, low, high, reason)``, reason "" for an ordinary ratio. Undefined (NaN, with the reason):
    the all-groups row and Unknown ethnicity (not compared: the ratios compare known groups with the
    reference), a group or the reference with no one in the base (``n`` or ``ref_n`` 0) or with no
    events (a zero rate: the ratio would be 0 or infinite). More events than base (staff counted in the
    events but not in the headcount, e.g. leavers with cases): the ratio without an interval.

    >>> ratio_to_reference("BME", 3, 15, 4, 10, indicator=2)[0]
    0.5
    >>> ratio_to_reference("BME", 0, 0, 4, 10, indicator=3, by=["band"])[3]
    'no BME staff in this band'
    """
    w = _words(indicator, by)
    nan3 = (math.nan, math.nan, math.nan)
    if group == ALL:
        return (*nan3, "all groups: not compared")
    if wres_of(group) == ETHNICITY.unknown:
        return (*nan3, "ethnicity unknown: not compared")
    for who, events, base in ((group, k, n), (w.reference, ref_k, ref_n)):
        if base == 0:
            return (*nan3, w.nobody(who))
    for who, events in ((group, k), (w.reference, ref_k)):
        if events == 0:
            return (*nan3, w.no_events(who))
    if group == w.reference:
        return 1.0, math.nan, math.nan, "reference group"
    if k > n or ref_k > ref_n:
        return (k / n) / (ref_k / ref_n), math.nan, math.nan, "no interval: more counted than in the base"
    return (*likelihood_ratio(k, n, ref_k, ref_n), "")


def _rate_rows(key: tuple, events: pd.Series, base: pd.Series, cats: list[str], indicator: int | None,
               by: Sequence[str]) -> list[tuple]:
    """The rows of one ``by`` group: each group of ``cats``, each WRES group made of several of them, and All."""
    events = events.reindex(cats, fill_value=0).astype(int)
    base = base.reindex(cats, fill_value=0).astype(int)
    rows = [(g, int(events[g]), int(base[g])) for g in cats]
    for w in WRES_GROUPS:
        if w not in cats:  # a WRES group made of several groups of the level: its total row
            members = _members(w, cats)
            rows.append((w, int(events[members].sum()), int(base[members].sum())))
    rows.append((ALL, int(events.sum()), int(base.sum())))
    totals = {g: (k, n) for g, k, n in rows}
    ref_k, ref_n = totals[_words(indicator, by).reference]
    out = []
    for group, k, n in rows:
        low, high = wilson_interval(k, n) if 0 <= k <= n else (math.nan, math.nan)
        ratio = ratio_to_reference(group, k, n, ref_k, ref_n, indicator=indicator, by=by)
        out.append((*key, group, k, n, percent(k, n), low, high, *ratio))
    return out


RATE_COLUMNS = ["group", "events", "base", "percent", "ci_low", "ci_high", "relative_to_white", "rr_ci_low",
                "rr_ci_high", "ratio_note"]


def rates(events: pd.DataFrame, base: pd.DataFrame, by: Sequence[str] = (), level: str = "broad", *,
          indicator: int | None = None) -> pd.DataFrame:
    """Within each ``by`` group, each ethnic group's rate and its ratio to the reference group (White).

    Parameters
    ----------
    events, base
        One row per event (an application appointed, a person entering a
        case, a person trained) and one row per member of the base (an
        application shortlisted, a member of staff), each with the ``level``
        column and the ``by`` columns (:func:`rate_records`).
    by
        Columns to break down by, e.g. ``("band",)``, ``("cluster", "band")``,
        ``("staff_group",)``; ``()`` for the whole trust. A missing value is
        its own group, :data:`NO_VALUE`, so the ``by`` groups add up to the
        whole.
    level
        ``"broad"``, ``"detailed"`` or ``"wres"`` (see :func:`groups`).
    indicator
        2, 3 or 4: the reference group and the wording of the reasons are
        read from :data:`wreslib.standards.wres.INDICATORS`.

    Returns
    -------
    Tidy frame ``[*by, group, events, base, percent, ci_low, ci_high,
    relative_to_white, rr_ci_low, rr_ci_high, ratio_note]``. For each ``by``
    group (report order): one row per group of ``level`` (zeros included),
    then a total row for each WRES group made of several groups (``BME`` for
    ``"broad"``; ``White``, ``BME`` and ``Unknown`` for ``"detailed"``) and
    ``All``. ``percent`` = 100 * events / base (0-100, NaN for an empty base),
    Wilson 95% interval ``ci_low``/``ci_high`` in percent (none when events
    exceed the base). ``relative_to_white`` = (group's events / base) /
    (White events / base) **within the same by group**, for every indicator
    (above 1: the group is more likely than White staff or applicants to be
    appointed / to enter disciplinary / to access training; White's own row
    is 1), Katz 95% interval ``rr_ci_low``/``rr_ci_high``; NaN where it is
    undefined, with ``ratio_note`` saying why (:func:`ratio_to_reference`:
    Unknown ethnicity and All are not compared; a group with no one or no
    events). The WRES headline of indicators 2 and 4 is the other way up
    (White / BME): its value is 1 / this table's BME figure. Not suppressed.
    Raises :class:`DimensionError` for a column the records do not have.
    """
    _check_level(level)
    by = _as_list(by)
    if indicator is not None:
        _likelihood(indicator)
    _require(events, [*by, level], "events")
    _require(base, [*by, level], "base")
    keyed = [_dimension_values(f, by).assign(group=f[level].astype(str).values) for f in (events, base)]
    cats = groups(level, list(keyed[0]["group"].unique()) + list(keyed[1]["group"].unique()))
    event_counts, base_counts = (_counts_by_key(f, by) for f in keyed)
    empty = pd.Series(dtype=int)
    rows = []
    for key in _ordered_keys(by, [*event_counts, *base_counts]):
        rows += _rate_rows(key, event_counts.get(key, empty), base_counts.get(key, empty), cats, indicator, by)
    table = pd.DataFrame(rows, columns=[*by, *RATE_COLUMNS])
    table.attrs.update(kind="rates", level=level, indicator=indicator, by=by)
    return table


def rate_table(events: pd.Series, base: pd.Series, level: str, *, indicator: int | None = None) -> pd.DataFrame:
    """:func:`rates`' table (no ``by``) from counts per group (``events`` and ``base`` indexed by group)."""
    _check_level(level)
    cats = groups(level, list(events.index) + list(base.index))
    table = pd.DataFrame(_rate_rows((), events, base, cats, indicator, ()), columns=RATE_COLUMNS)
    table.attrs.update(kind="rates", level=level, indicator=indicator, by=[])
    return table


def _measure_records(records: dict[str, pd.DataFrame], measure: str) -> pd.DataFrame:
    """The rows of the year's records that a counts-contract measure counts (:data:`MEASURE_RECORDS`),
    with the ethnicity levels (:func:`classify`) and the dimensions the records carry (staff in the
    disciplinary and training files: those of their workforce record, by ``staff_id``)."""
    name, rows = MEASURE_RECORDS[measure]
    frame = records[name]
    if rows is not None:
        frame = frame[rows(frame).to_numpy(dtype=bool)]
    frame = frame.reset_index(drop=True)
    if name in ("disciplinary", "training"):
        staff = records["workforce"]
        dims = list(carried(staff))
        looked_up = staff.set_index("staff_id")[dims].reindex(frame["staff_id"]).reset_index(drop=True)
        frame = pd.concat([frame.drop(columns=[d for d in dims if d in frame.columns]), looked_up], axis=1)
    levels = classify(frame["ethnicity"])
    return pd.concat([levels[list(LEVELS)].reset_index(drop=True), frame[list(carried(frame))]], axis=1)


def rate_records(data_dir: str | Path, year: int, indicator: int, *, strict_ethnicity: bool = False,
                 allow_unknown_labels: bool = False, notes: list[DataNote] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records behind indicator 2, 3 or 4 in ``year``: ``(events, base)``.

    The same records and rules as the WRES figures
    (:func:`wreslib.inputs.extracts.year_records`), selected by the indicator's
    ``measures`` in :data:`wreslib.standards.wres.INDICATORS`
    (:data:`MEASURE_RECORDS`):

    - 2: events = applications appointed, base = applications shortlisted
      (the recruitment file's ethnicity and columns);
    - 3: events = staff entering a formal disciplinary case in the year
      (single year; the disciplinary file's ethnicity), base = non-bank,
      non-student staff (the workforce file's ethnicity);
    - 4: events = staff with a non-mandatory training record in the year
      (the training file's ethnicity, else the workforce's), base as 3.

    Each frame has ``detailed``, ``broad``, ``wres`` and the
    :data:`DIMENSIONS` the records carry (see :func:`dimensions`). Staff in
    the disciplinary and training files take their dimensions from their
    workforce record (missing for someone not in it). Person-level: never
    publish. Raises :class:`~wreslib.errors.InputError` when a file the
    indicator needs is not there.
    """
    ind = _likelihood(indicator)
    records = year_records(data_dir, year, strict_ethnicity=strict_ethnicity,
                           allow_unknown_labels=allow_unknown_labels, notes=notes)
    absent = [name for name in RECORD_FILES[indicator] if name not in records]
    if absent:  # point at a file that is not there (a disciplinary file without a workforce file is skipped)
        folder = year_folder(data_dir, year)
        missing = next((n for n in absent if not input_path(folder, n).is_file()), absent[0])
        files = " and ".join(f"a {name} file" for name in RECORD_FILES[indicator])
        raise InputError.one(input_path(folder, missing), f"{files} for indicator {indicator}")
    events, base = (_measure_records(records, m) for m in ind.measures)
    for frame in (events, base):
        frame.attrs.update(indicator=indicator, year=year)
    return events, base


def _check_dimensions(indicator: int, by: Sequence[str], frame: pd.DataFrame) -> None:
    """:class:`DimensionError` when indicator ``indicator``'s records (``frame``) lack one of ``by``: it names
    the dimension, the files, the dimensions the records carry and the optional columns that would add more."""
    missing = [c for c in by if c not in frame.columns]
    if not missing:
        return
    source = RECORD_FILES[indicator][-1]
    files = " and ".join(f"{name}.csv" for name in RECORD_FILES[indicator])
    has = ", ".join(carried(frame)) or "none"
    optional = [c for c in FILES[source].optional if c in DIMENSIONS and c not in frame.columns]
    more = f" ({source}.csv may also have {', '.join(optional)})" if optional else ""
    raise DimensionError(f"{INDICATORS[indicator].title} cannot be broken down by {missing[0]!r}: its records "
                         f"({files}) do not carry it. The dimensions they carry: {has}{more}.")


def rates_by_group(data_dir: str | Path, year: int, indicator: int, level: str = "broad",
                   by: Sequence[str] = (), *, strict_ethnicity: bool = False, allow_unknown_labels: bool = False,
                   notes: list[DataNote] | None = None) -> pd.DataFrame:
    """Indicator 2, 3 or 4 per ethnic group of ``level`` within each ``by`` group, relative to White.

    :func:`rates` of :func:`rate_records`: e.g. ``rates_by_group(d, 2024, 4,
    by=("band",))`` gives, in each band, each group's % of staff accessing
    non-mandatory training and its rate over the White rate in that band.
    ``by``: record columns (:func:`dimensions` lists them per indicator);
    recruitment records carry no ``band`` (a :class:`DimensionError` says
    so and lists what they carry). ``attrs["year"]`` is ``year``. Not
    suppressed.
    """
    events, base = rate_records(data_dir, year, indicator, strict_ethnicity=strict_ethnicity,
                                allow_unknown_labels=allow_unknown_labels, notes=notes)
    by = _as_list(by)
    _check_dimensions(indicator, by, base)
    table = rates(events, base, by, level, indicator=indicator)
    table.attrs["year"] = year
    return table


def dimensions(data_dir: str | Path, year: int) -> dict[int, tuple[str, ...]]:
    """The :data:`DIMENSIONS` each indicator's records carry in ``year``, e.g. {1: ("cluster", "band",
    "staff_group", "pay_band"), 2: (), 3: (...), 4: (...)}, for the indicators whose files are there.

    Indicators 1, 3 and 4 carry those of the workforce file, 2 those of the recruitment file (the last
    of :data:`RECORD_FILES`), as :func:`composition` of :func:`workforce_people` and :func:`rate_records`
    give them.
    """
    # Only the columns matter here: unrecognised ethnicity labels are for the breakdown itself to refuse.
    records = year_records(data_dir, year, allow_unknown_labels=True)
    return {indicator: carried(records[files[-1]]) for indicator, files in RECORD_FILES.items()
            if all(name in records for name in files)}


def dimension_label(column: str) -> str:
    """A column's name for reading: "staff_group" -> "Staff group".

    >>> dimension_label("staff_group"), dimension_label("band")
    ('Staff group', 'Band')
    """
    return column.replace("_", " ").capitalize()


# ---------------------------------------------------------------- published breakdowns

#: The breakdowns the report publishes (through the one disclosure engine, with the WRES figures):
#: (indicator, results breakdown prefix, level).
PUBLISHED = [(1, "Ethnic category", "detailed"), (2, "Broad group", "broad")]


def published_rows(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                   allow_unknown_labels: bool = False) -> pd.DataFrame:
    """The published breakdowns of ``year`` as rows of the results contract, not suppressed.

    - Indicator 1, ``Ethnic category|<NHS category>``, metric ``percent``:
      staff in the category (``numerator``) as % of the workforce
      (``denominator``, bank excluded, as indicator 1's Overall).
    - Indicator 2, ``Broad group|<group>``, metric ``percent``: applicants
      appointed (``numerator``) as % of those shortlisted (``denominator``);
      and ``relative_to_white``: the group's rate / the White rate (above 1:
      more likely than White applicants to be appointed), for each broad
      group but White and Unknown (Unknown ethnicity is not compared).

    Suppress them with the other results
    (:func:`wreslib.disclosure.engine.suppress_results`), which knows how they add
    up to the WRES figures. Empty when the folder has no records for the year.
    """
    from .indicators import RESULT_COLUMNS

    rows = []
    folder = Path(data_dir) / str(year)
    labels = dict(strict_ethnicity=strict_ethnicity, allow_unknown_labels=allow_unknown_labels)
    people = workforce_people(data_dir, year, **labels) if (
        input_path(folder, "workforce")).is_file() else pd.DataFrame()
    by_category = composition(people, by=[], level="detailed") if len(people) else pd.DataFrame()
    for r in by_category.itertuples(index=False):
        rows.append(dict(year=year, indicator=1, breakdown=f"Ethnic category|{r.group}", metric="percent",
                         value=r.percent, ci_low=r.ci_low, ci_high=r.ci_high, numerator=r.count,
                         denominator=r.total, description=f"{r.group} staff as % of all staff (bank excluded)"))
    if input_path(folder, "recruitment").is_file():
        ind = INDICATORS[2]
        reference = ind.groups.reference
        appointed = rates_by_group(data_dir, year, 2, level="broad", **labels)
        for r in appointed[~appointed["group"].isin([BME, ALL])].itertuples(index=False):
            where = f"Broad group|{r.group}"
            rows.append(dict(year=year, indicator=2, breakdown=where, metric="percent", value=r.percent,
                             ci_low=r.ci_low, ci_high=r.ci_high, numerator=r.events, denominator=r.base,
                             description=ind.rate_description(r.group)))
            if r.group != reference and wres_of(r.group) != ETHNICITY.unknown:
                rows.append(dict(year=year, indicator=2, breakdown=where, metric="relative_to_white",
                                 value=r.relative_to_white, ci_low=r.rr_ci_low, ci_high=r.rr_ci_high,
                                 description=f"Likelihood of {r.group} {ind.subjects} {ind.verbs[1]} relative to "
                                             f"{reference} {ind.subjects} (group rate / {reference} rate); 1.00 = "
                                             "equal, above 1 = the group more likely"))
    return pd.DataFrame(rows).reindex(columns=RESULT_COLUMNS)

