"""Disaggregated ethnicity breakdowns for exploration: detailed categories, broad groups, cluster, band, occupation.

Plain functions over tidy frames, for the exploration notebook:

- :func:`workforce_people`: one row per person counted in indicator 1 (the
  same people and rules as :func:`wreslib.extracts.extract_counts`), with
  every ethnicity level.
- :func:`composition`: the share of each ethnic group within each ``by``
  group (e.g. each band), with Wilson 95% intervals.
- :func:`rates_by_group`: indicators 2-4 per ethnic group (appointed from
  shortlisting, entering formal disciplinary, accessing non-mandatory
  training) and each group's rate relative to White staff.
- :func:`suppress`, :func:`safe`, :func:`safe_for_plot`: disclosure
  control of those tables (:mod:`wreslib.disclosure`): primary and secondary
  suppression, then a display frame with :data:`~wreslib.disclosure.MARKER`
  or the rows a plot may show with the sentence saying what was left out.
- :func:`plot_composition`, :func:`plot_rates`: seaborn figures of the
  *suppressed* tables, in the style of :mod:`wreslib.plots`.

Ethnicity levels (:data:`LEVELS`): ``detailed`` (the 16 NHS categories,
"Not stated", "Not known"), ``broad`` (White, Mixed, Asian or Asian British,
Black or Black British, Other ethnic groups, Unknown) and ``wres`` (White,
BME, Unknown). A record whose source gives only a group ("White", "Mixed",
"BME") has no finer level; it is shown as "<group>, not specified" (e.g.
"Mixed, not specified", "BME, not specified") rather than dropped, so every
person is in every table and the totals agree with the WRES figures.

Nothing here is safe to publish before :func:`safe` (or
:func:`safe_for_plot`): the raw tables hold counts of 1 to 7 people.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import disclosure
from .counts import CLUSTERS
from .definitions import rate_description
from .errors import InputError
from .ethnicity import (BME, BROAD_GROUPS, CATEGORIES, CATEGORIES_2021, DETAILED_CATEGORIES, UNKNOWN, WHITE,
                        WRES_GROUPS, classify_ethnicity)
from .extracts import year_folder, year_records
from .datanotes import DataNote
from .reading import input_path
from .plots import PALETTE, _style
from .settings import COUNT_THRESHOLD
from .stats import likelihood_ratio, percent, wilson_interval
from .tables import fmt_interval, fmt_value

LEVELS = ("detailed", "broad", "wres")
#: The label of the all-groups row of :func:`rates_by_group`.
ALL = "All"
#: Suffix of a group whose source named only the coarser group ("Mixed, not specified").
NOT_SPECIFIED = ", not specified"
BME_NOT_SPECIFIED = BME + NOT_SPECIFIED

#: Indicators :func:`rates_by_group` computes: (events, base, description).
RATE_INDICATORS = {
    2: ("appointed", "shortlisted", "appointed from shortlisting (applications)"),
    3: ("entered_disciplinary", "headcount", "entering a formal disciplinary process (staff)"),
    4: ("accessed_training", "headcount", "accessing non-mandatory training and CPD (staff)"),
}

# Priorities for secondary suppression: lower is hidden first.
_PRIORITY_ELSEWHERE = 10  # figures assumed published in another table (coarser levels of the same row)


# ---------------------------------------------------------------- ethnicity levels

def classify(values) -> pd.DataFrame:
    """``code``, ``detailed``, ``broad``, ``wres`` of raw ethnicity values, with no gaps.

    As :func:`wreslib.ethnicity.classify_ethnicity`, except that a level the
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


def _wres_of_broad(broad: str) -> str:
    return WHITE if broad == WHITE else UNKNOWN if broad == UNKNOWN else BME


def _members(wres: str, labels: Sequence[str]) -> list[str]:
    """The groups among ``labels`` (of any level) that make up WRES group ``wres``, other than itself."""
    return [g for g in labels if g not in (ALL, *WRES_GROUPS) and _wres_of_broad(_BROAD_OF.get(g, g)) == wres]


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
        return [] if broad is None else [("broad", broad), ("wres", _wres_of_broad(broad))]
    if level == "broad":
        return [("wres", _wres_of_broad(group))]
    return []


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


# ---------------------------------------------------------------- people

def workforce_people(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                     allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> pd.DataFrame:
    """One row per person counted in WRES indicator 1 in ``year`` (31 March ``year``).

    Exactly the people of :func:`wreslib.extracts.extract_counts`' indicator 1
    headcount (read by :func:`wreslib.extracts.year_records`, so with the
    same ``wres.toml`` mapping, checks and rules): bank-only staff, students
    and staff whose band does not map to an indicator 1 band are left out;
    people with several assignments are one row, with their first non-bank,
    non-student assignment's ethnicity, band and staff group.

    Columns: ``staff_id``, ``code``, ``detailed``, ``broad``, ``wres``
    (see :func:`classify`; ``wres`` is the group indicator 1 counts),
    ``cluster`` (Non-clinical, Clinical, Medical and Dental), ``band``
    (indicator 1 band), ``staff_group`` and ``pay_band`` (as in the file),
    and ``occupation`` when the file has it. Person-level: never publish.
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
    return out


# ---------------------------------------------------------------- composition

def _order(column: str, values) -> list:
    """Report order for a ``by`` column's values: clusters and bands as in indicator 1, others sorted."""
    values = list(dict.fromkeys(values))
    if column == "cluster":
        ref = list(CLUSTERS)
    elif column == "band":
        ref = list(dict.fromkeys(b for bands in CLUSTERS.values() for b in bands))
    else:
        ref = []
    rank = {v: i for i, v in enumerate(ref)}
    return sorted(values, key=lambda v: (v == ALL, rank.get(v, len(ref)), str(v)))


def composition(people: pd.DataFrame, by: Sequence[str] = ("cluster",), level: str = "broad") -> pd.DataFrame:
    """The ethnic make-up of each ``by`` group: counts and percentages with Wilson 95% intervals.

    Parameters
    ----------
    people
        One row per person with a ``level`` column and the ``by`` columns
        (e.g. :func:`workforce_people`).
    by
        Columns to break down by, e.g. ``["cluster", "band"]``; ``[]`` for the
        whole workforce.
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
    :func:`safe` before showing it.
    """
    _check_level(level)
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*by, level] if c not in people.columns]
    if missing:
        raise ValueError(f"people has no column {missing[0]!r}")
    cats = groups(level, people[level].dropna().unique())
    frame = people[by].astype(str).assign(group=people[level].astype(str).values) if by else \
        pd.DataFrame({"group": people[level].astype(str).values})
    rows: dict[tuple, pd.Series] = {}
    if by:
        counts = frame.groupby(by + ["group"]).size()
        for key, part in counts.groupby(level=list(range(len(by)))):
            key = key if isinstance(key, tuple) else (key,)
            rows[key] = part.droplevel(list(range(len(by)))).reindex(cats, fill_value=0)
    else:
        rows[()] = frame["group"].value_counts().reindex(cats, fill_value=0)
    keys = list(rows)
    for j in range(len(by) - 1, -1, -1):
        order = {v: i for i, v in enumerate(_order(by[j], [k[j] for k in keys]))}
        keys.sort(key=lambda k: order[k[j]])
    records = []
    for key in keys:
        counts = rows[key]
        total = int(counts.sum())
        for group in cats:
            k = int(counts[group])
            low, high = wilson_interval(k, total)
            records.append((*key, group, k, total, percent(k, total), low, high))
    out = pd.DataFrame(records, columns=[*by, "group", "count", "total", "percent", "ci_low", "ci_high"])
    out = out.astype({"count": "int64", "total": "int64"})
    out.attrs.update(kind="composition", level=level, by=by)
    return out


# ---------------------------------------------------------------- rates (indicators 2-4)

def rates_by_group(data_dir: str | Path, year: int, indicator: int, level: str = "broad", *,
                   strict_ethnicity: bool = False, allow_unknown_labels: bool = False,
                   notes: list[DataNote] | None = None) -> pd.DataFrame:
    """Indicator 2, 3 or 4 per ethnic group, relative to White.

    The same records and rules as the WRES figures
    (:func:`wreslib.extracts.year_records`); only the grouping is finer.

    - 2: ``events`` = applications appointed, ``base`` = applications
      shortlisted (recruitment file's ethnicity).
    - 3: ``events`` = staff entering a formal disciplinary case in the year
      (single year; the disciplinary file's ethnicity), ``base`` = headcount
      of non-bank, non-student staff (the workforce file's ethnicity).
    - 4: ``events`` = staff with a non-mandatory training record in the year
      (the training file's ethnicity, else the workforce's), ``base`` = the
      same headcount as 3.

    Returns one row per group of ``level`` (zeros included), then a total
    row for each WRES group made of several groups (``BME`` for
    ``level="broad"``; ``White``, ``BME`` and ``Unknown`` for ``"detailed"``)
    and ``All``: ``group``, ``events``, ``base``,
    ``percent`` (100 * events / base), ``ci_low``, ``ci_high`` (Wilson 95%),
    ``relative_to_white`` = (group's events / base) / (White events / base)
    for **all three indicators** (above 1: the group is more likely than
    White staff or applicants to be appointed / to enter disciplinary / to
    access training; White's own row is 1), ``rr_ci_low``, ``rr_ci_high``
    (Katz 95% interval). The WRES headline for indicators 2 and 4 is the
    other way up (White / BME): its value is 1 / this table's BME figure.
    A ratio is NaN when either rate is 0. Not suppressed: pass it to
    :func:`safe` before showing it.
    """
    _check_level(level)
    if indicator not in RATE_INDICATORS:
        raise ValueError(f"indicator must be one of {sorted(RATE_INDICATORS)}, not {indicator!r}")
    records = year_records(data_dir, year, strict_ethnicity=strict_ethnicity,
                           allow_unknown_labels=allow_unknown_labels, notes=notes)
    folder = year_folder(data_dir, year)
    if indicator == 2:
        if "recruitment" not in records:
            raise InputError.one(input_path(folder, "recruitment"), "a recruitment file for indicator 2")
        apps = records["recruitment"]
        apps = apps.assign(group=classify(apps["ethnicity"])[level].values)
        events, base = apps.loc[apps["appointed"], "group"], apps.loc[apps["shortlisted"], "group"]
    else:
        name = "disciplinary" if indicator == 3 else "training"
        if "workforce" not in records or name not in records:
            raise InputError.one(input_path(folder, name), f"a {name} file and a workforce file for indicator "
                                                         f"{indicator}")
        staff = records["workforce"]
        staff = staff[staff["kind"] == "substantive"]
        base = classify(staff["ethnicity"])[level]
        counted = records[name]
        if "ethnicity" in counted.columns:
            events = classify(counted["ethnicity"])[level]
        else:  # cannot happen: training_people takes ethnicity from the workforce
            raise ValueError(f"{name} records have no ethnicity")
    return rate_table(events.astype(str).value_counts(), base.astype(str).value_counts(), level,
                      indicator=indicator)


def rate_table(events: pd.Series, base: pd.Series, level: str, *, indicator: int | None = None) -> pd.DataFrame:
    """:func:`rates_by_group`'s table from counts per group (``events`` and ``base`` indexed by group)."""
    cats = groups(level, list(events.index) + list(base.index))
    events = events.reindex(cats, fill_value=0).astype(int)
    base = base.reindex(cats, fill_value=0).astype(int)
    rows = [(g, int(events[g]), int(base[g])) for g in cats]
    for w in WRES_GROUPS:
        if w not in cats:  # a WRES group made of several groups of the level: its total row
            members = _members(w, cats)
            rows.append((w, int(events[members].sum()), int(base[members].sum())))
    rows.append((ALL, int(events.sum()), int(base.sum())))
    totals = {g: (k, n) for g, k, n in rows}
    white_k, white_n = totals[WHITE]
    out = []
    for group, k, n in rows:
        proper = 0 <= k <= n
        low, high = wilson_interval(k, n) if proper else (math.nan, math.nan)
        if group == WHITE:
            ratio = (1.0, math.nan, math.nan) if k > 0 else (math.nan,) * 3
        elif proper and 0 <= white_k <= white_n:
            ratio = likelihood_ratio(k, n, white_k, white_n)
        else:  # more events than base (e.g. leavers with cases): the ratio only, no interval
            r = (k / n) / (white_k / white_n) if n and white_n and k and white_k else math.nan
            ratio = (r, math.nan, math.nan)
        out.append((group, k, n, percent(k, n), low, high, *ratio))
    table = pd.DataFrame(out, columns=["group", "events", "base", "percent", "ci_low", "ci_high",
                                       "relative_to_white", "rr_ci_low", "rr_ci_high"])
    table.attrs.update(kind="rates", level=level, indicator=indicator, by=[])
    return table


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
      more likely than White applicants to be appointed).

    Suppress them with the other results
    (:func:`wreslib.disclosure.suppress_results`), which knows how they add
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
        appointed = rates_by_group(data_dir, year, 2, level="broad", **labels)
        for r in appointed[~appointed["group"].isin([BME, ALL])].itertuples(index=False):
            where = f"Broad group|{r.group}"
            rows.append(dict(year=year, indicator=2, breakdown=where, metric="percent", value=r.percent,
                             ci_low=r.ci_low, ci_high=r.ci_high, numerator=r.events, denominator=r.base,
                             description=rate_description(2, r.group)))
            if r.group != WHITE:
                rows.append(dict(year=year, indicator=2, breakdown=where, metric="relative_to_white",
                                 value=r.relative_to_white, ci_low=r.rr_ci_low, ci_high=r.rr_ci_high,
                                 description=f"Likelihood of {r.group} applicants being appointed from "
                                             "shortlisting relative to White applicants (group rate / White "
                                             "rate); 1.00 = equal, above 1 = the group more likely"))
    return pd.DataFrame(rows).reindex(columns=RESULT_COLUMNS)


def from_results(results: pd.DataFrame, year: int, indicator: int) -> pd.DataFrame:
    """A published breakdown (:func:`published_rows`) back from *suppressed* results, in the shape of
    :func:`composition` (indicator 1) or :func:`rates_by_group` (indicator 2), hidden figures NaN and
    flagged. :func:`safe` and the plots show it as it is (``attrs["suppressed"]``): it has been through
    the one disclosure engine together with the WRES figures."""
    prefix = dict((i, p) for i, p, _ in PUBLISHED)[indicator]
    part = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & results["breakdown"].str.startswith(prefix + "|")]
    flags = part["suppressed"].astype(bool) if "suppressed" in part else pd.Series(False, index=part.index)
    names = part["breakdown"].str.split("|", n=1).str[1]
    if indicator == 1:
        out = pd.DataFrame({"group": names, "count": part["numerator"], "total": part["denominator"],
                            "percent": part["value"], "ci_low": part["ci_low"], "ci_high": part["ci_high"],
                            "count_suppressed": flags, "total_suppressed": flags, "suppressed": flags})
        out.attrs.update(kind="composition", level="detailed", by=[], suppressed=True)
        return out.reset_index(drop=True)
    rate = part[part["metric"] == "percent"].set_index("breakdown")
    ratio = part[part["metric"] == "relative_to_white"].set_index("breakdown")
    ratio = ratio.reindex(rate.index)
    hidden = flags[part["metric"] == "percent"].to_numpy()
    # eq(True), not fillna(False): the same flags, without pandas 2's downcasting FutureWarning.
    ratio_hidden = ratio["suppressed"].eq(True).to_numpy(dtype=bool, na_value=False) | hidden
    white = rate.index == f"{prefix}|{WHITE}"
    out = pd.DataFrame({"group": rate.index.str.split("|", n=1).str[1], "events": rate["numerator"].to_numpy(),
                        "base": rate["denominator"].to_numpy(), "percent": rate["value"].to_numpy(),
                        "ci_low": rate["ci_low"].to_numpy(), "ci_high": rate["ci_high"].to_numpy(),
                        "relative_to_white": ratio["value"].where(~white, 1.0).to_numpy(),
                        "rr_ci_low": ratio["ci_low"].to_numpy(), "rr_ci_high": ratio["ci_high"].to_numpy(),
                        "suppressed": hidden, "ratio_suppressed": ratio_hidden & ~white})
    out.attrs.update(kind="rates", level="broad", indicator=indicator, by=[], suppressed=True)
    return out


# ---------------------------------------------------------------- disclosure control

def _kind(table: pd.DataFrame) -> str:
    if {"events", "base"} <= set(table.columns):
        return "rates"
    if {"count", "total", "group"} <= set(table.columns):
        return "composition"
    raise ValueError("not a composition() or rates_by_group() table")


def _by_columns(table: pd.DataFrame) -> list[str]:
    """The ``by`` columns of a composition table: those before ``group``."""
    cols = list(table.columns)
    return cols[:cols.index("group")]


def _level(table: pd.DataFrame) -> str:
    if table.attrs.get("level") in LEVELS:
        return table.attrs["level"]
    present = set(table["group"]) - {ALL, *WRES_GROUPS}
    if not present:
        return "wres"
    if present <= set(groups("broad", present)):
        return "broad"
    return "detailed"


def suppress(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD) -> pd.DataFrame:
    """Primary and secondary suppression of a :func:`composition` or :func:`rates_by_group` table.

    Returns a copy with hidden figures as NaN, boolean columns saying what
    was hidden and ``note`` (why). ``threshold``: the largest hidden count
    (default 7) or a :class:`~wreslib.disclosure.Thresholds`.

    Composition (``count_suppressed``, ``total_suppressed``, ``suppressed``):

    - primary: a count of 1 to ``threshold``; a count whose complement
      (``total - count``) is 1 to ``threshold`` (its percentage would give
      the complement away); every cell of a ``by`` group whose total is 1 to
      ``threshold`` (no ethnicity breakdown of a tiny group), total included.
    - secondary: further counts (or totals) are hidden until no hidden count
      and no small complement can be worked out, by subtraction or any
      combination, from the shown figures and the relations: the groups of
      a row add up to its total; and, assumed published elsewhere,
      the coarser levels (broad groups and White / BME / Unknown for each
      row, as indicator 1 and the broad table show them). A coarser figure
      of 1 to ``threshold``, or whose complement in the row is, is assumed
      hidden where it is published (the same rules hide it there), and is
      protected here too. When a hidden count can only be protected by
      hiding a coarser figure as well (e.g. Unknown = total - White - BME
      in a band with 2 Unknown), that figure is listed in
      ``attrs["also_hide"]`` as ``(*by values, level, group)``: it must be
      hidden wherever it is shown (indicator 1's own suppression hides
      such figures in the results).
    - Not modelled: relations *between rows* (a by-cluster table shown next
      to a by-cluster-and-band one: a band's hidden count could be the
      cluster's figure minus the other bands'). Show one ``by`` per set of
      people, or check such pairs yourself.
    - ``percent``, ``ci_low``, ``ci_high`` are hidden (``suppressed``) when
      the count or the row's total is hidden.

    Rates (``suppressed``): a group's row (events, base, percent, interval)
    is hidden when its events, base or non-events (base - events) are 1 to
    ``threshold``, and further rows until none of those can be worked out
    from the shown rows and the relations (groups add up to ``BME`` and
    White + BME + Unknown to ``All``); ``relative_to_white`` and its
    interval are hidden with the row and on every row when White's is.

    """
    t = disclosure.thresholds(threshold).count
    if _kind(table) == "rates":
        return _suppress_rates(table, t)
    return _suppress_composition(table, t)


def _suppress_composition(table: pd.DataFrame, t: int) -> pd.DataFrame:
    by = _by_columns(table)
    level = _level(table)
    keys = [tuple(r) for r in table[by].astype(str).itertuples(index=False)] if by else [()] * len(table)
    m = disclosure.CellModel()
    row_totals: dict[tuple, int] = {}
    cell_of_row = {}
    elsewhere = set()
    # Cells of the table: (key, group) and (key, TOTAL).
    for i, (key, group, k, n) in enumerate(zip(keys, table["group"], table["count"], table["total"])):
        cell = (key, "group", group)
        m.values[cell] = int(k)
        m.units[cell] = (cell,)
        cell_of_row[i] = cell
        if row_totals.setdefault(key, int(n)) != int(n):
            raise ValueError(f"rows of {key} disagree on the total")
    table_keys = list(row_totals)
    for key, n in row_totals.items():
        m.values[(key, "total")] = n
        m.units[(key, "total")] = ((key, "total"),)
    for cell in list(m.units):
        m.priority[cell] = int(cell[1] == "total")
    row_groups = {key: [c for c in m.values if c[0] == key and c[1] == "group"] for key in table_keys}
    all_keys = list(table_keys)
    group_names = list(dict.fromkeys(table["group"]))
    # Coarser levels of every row: assumed published.
    members: dict[tuple, list] = {}
    for key in all_keys:
        subtotals: dict[tuple, list] = {}
        for g in group_names:
            for parent in _parents(g, level):
                subtotals.setdefault((key, "sub") + parent, []).append((key, "group", g))
        for cell, parts in subtotals.items():
            m.values[cell] = sum(m.values[p] for p in parts)
            elsewhere.add(cell)
            m.add_relation(cell, parts)
            members[cell] = parts
        m.add_relation((key, "total"), [(key, "group", g) for g in group_names])
    # Elsewhere-published cells: shown (last to be hidden), or, if small, hidden where published: protected.
    for cell in elsewhere:
        v, n = m.values[cell], m.values[(cell[0], "total")]
        if disclosure.is_small(v, t) or disclosure.is_small(n - v, t):
            m.sensitive.add(cell)
        else:
            m.units[cell] = (cell,)
            m.priority[cell] = _PRIORITY_ELSEWHERE
    # Primary.
    primary = set()
    for key in table_keys:
        n = row_totals[key]
        if disclosure.is_small(n, t):
            primary |= {(key, "total"), *row_groups[key]}
            continue
        for cell in row_groups[key]:
            k = m.values[cell]
            if disclosure.is_small(k, t):
                primary.add(cell)
            if disclosure.is_small(n - k, t):
                primary.add(cell)
                rest = (key, "not", cell[2])
                m.values[rest] = n - k
                m.sensitive.add(rest)
                m.add_relation((key, "total"), [cell, rest])
    m.protect_hidden = True
    hidden, added, stuck = _protect_keeping(m, primary, {c: members[c] for c in elsewhere if c in m.units}, t)
    also_hide = sorted(((*c[0], c[2], c[3]) for c in stuck), key=repr)
    out = table.copy()
    count_hidden = pd.Series([cell_of_row[i] in hidden for i in range(len(out))], index=out.index)
    total_hidden = pd.Series([(k, "total") in hidden for k in keys], index=out.index)
    out["count_suppressed"] = count_hidden
    out["total_suppressed"] = total_hidden
    out["suppressed"] = count_hidden | total_hidden
    out["count"] = out["count"].astype(float).mask(count_hidden)
    out["total"] = out["total"].astype(float).mask(total_hidden)
    out[["percent", "ci_low", "ci_high"]] = out[["percent", "ci_low", "ci_high"]].mask(out["suppressed"], axis=0)
    out["note"] = [disclosure.HIDDEN_NOTE if s else "" for s in out["suppressed"]]
    out.attrs.update(table.attrs)
    out.attrs["also_hide"] = also_hide
    return out


def _protect_keeping(m, primary: set, keep: dict, t: int, value=None, rounds: int = 100) -> tuple[set, set, list]:
    """:func:`wreslib.disclosure.protect`, keeping the units of ``keep`` (figures published
    elsewhere) shown where possible: when secondary suppression hides one, the smallest non-zero
    shown unit of its ``keep[unit]`` members is hidden instead and protection is run again.

    Returns (hidden units, units hidden beyond ``primary``, kept units that had to be hidden all the same).
    """
    value = value or (lambda u: m.values[u])
    forced = set(primary)
    for _ in range(rounds):
        hidden, _ = disclosure.protect(m, forced, t)
        bad = sorted((u for u in hidden if u in keep and u not in primary), key=repr)
        progress = False
        for u in bad:
            options = [v for v in keep[u] if v not in hidden and value(v) != 0]
            if options:
                forced.add(min(options, key=lambda v: (value(v), repr(v))))
                progress = True
        if not bad or not progress:
            return hidden, hidden - set(primary), bad
    return hidden, hidden - set(primary), bad


def _suppress_rates(table: pd.DataFrame, t: int) -> pd.DataFrame:
    level = _level(table)
    labels = list(table["group"])
    if len(set(labels)) != len(labels):
        raise ValueError("a rates table has one row per group")
    m = disclosure.CellModel()
    primary = set()
    for i, (g, k, n) in enumerate(zip(labels, table["events"], table["base"])):
        k, n = int(k), int(n)
        m.values.update({(g, "events"): k, (g, "base"): n, (g, "non-events"): n - k})
        m.units[i] = ((g, "events"), (g, "base"))
        # White and BME are the WRES headline's figures: hidden last, and members hidden instead if need be.
        m.priority[i] = _PRIORITY_ELSEWHERE if g in (WHITE, BME) else 2 if g == ALL else 1 if g == UNKNOWN else 0
        m.add_relation((g, "base"), [(g, "events"), (g, "non-events")], check=False)
        if any(disclosure.is_small(v, t) for v in (k, n, n - k)):
            primary.add(i)
    for what in ("events", "base", "non-events"):
        for w in WRES_GROUPS:
            members = _members(w, labels)
            if w in labels and members:
                m.add_relation((w, what), [(g, what) for g in members], check=False)
        if ALL in labels:
            parts = [g for g in (WHITE, BME, UNKNOWN) if g in labels]
            m.add_relation((ALL, what), [(g, what) for g in parts], check=False)
    m.protect_hidden = False
    m.sensitive = {c for c, v in m.values.items() if disclosure.is_small(v, t)}
    index_of = {g: i for i, g in enumerate(labels)}
    keep = {index_of[w]: [index_of[g] for g in _members(w, labels)] for w in (WHITE, BME) if w in index_of}
    hidden, added, stuck = _protect_keeping(m, primary, keep, t, value=lambda i: m.values[(labels[i], "events")])
    out = table.copy()
    out.attrs.update(table.attrs)
    out.attrs["also_hide"] = [labels[i] for i in stuck]
    flags = pd.Series([i in hidden for i in range(len(out))], index=out.index)
    white_hidden = bool(flags[out["group"] == WHITE].any())
    out["suppressed"] = flags
    figures = ["events", "base", "percent", "ci_low", "ci_high"]
    out[figures] = out[figures].astype(float).mask(flags, axis=0)
    ratios = ["relative_to_white", "rr_ci_low", "rr_ci_high"]
    out["ratio_suppressed"] = flags | white_hidden
    out[ratios] = out[ratios].mask(out["ratio_suppressed"], axis=0)
    out["note"] = [disclosure.HIDDEN_NOTE if s else disclosure.hidden_note("ratio") if white_hidden else ""
                   for s in out["suppressed"]]
    return out


def safe(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD) -> pd.DataFrame:
    """A :func:`composition` or :func:`rates_by_group` table ready to show: suppressed and formatted.

    Suppression as :func:`suppress`; hidden figures show
    :data:`wreslib.disclosure.MARKER` (put :func:`wreslib.disclosure.footnote`
    under the table). Counts with thousands separators, percentages to 2 dp,
    intervals as "(low to high)", ratios to 2 dp. Composition columns:
    ``[*by, group, count, total, percent, 95% interval]``; rates: ``group,
    events, base, percent, 95% interval, relative_to_white, ratio 95%
    interval``.
    """
    hidden = table if table.attrs.get("suppressed") else suppress(table, threshold)
    if _kind(table) == "composition":
        by = _by_columns(table)
        shown = disclosure.mark(hidden, ["count", "total"])
        return pd.DataFrame({
            **{c: shown[c] for c in by}, "group": shown["group"], "count": shown["count"], "total": shown["total"],
            "percent": [disclosure.MARKER if s else fmt_value(p, "percent")
                        for p, s in zip(hidden["percent"], hidden["suppressed"])],
            "95% interval": [disclosure.MARKER if s else fmt_interval(lo, hi, "percent")
                             for lo, hi, s in zip(hidden["ci_low"], hidden["ci_high"], hidden["suppressed"])],
        }).reset_index(drop=True)
    shown = disclosure.mark(hidden, ["events", "base"])
    return pd.DataFrame({
        "group": shown["group"], "events": shown["events"], "base": shown["base"],
        "percent": [disclosure.MARKER if s else fmt_value(p, "percent")
                    for p, s in zip(hidden["percent"], hidden["suppressed"])],
        "95% interval": [disclosure.MARKER if s else fmt_interval(lo, hi, "percent")
                         for lo, hi, s in zip(hidden["ci_low"], hidden["ci_high"], hidden["suppressed"])],
        "relative_to_white": [disclosure.MARKER if s else fmt_value(r, "ratio") if not pd.isna(r) else "–"
                              for r, s in zip(hidden["relative_to_white"], hidden["ratio_suppressed"])],
        "ratio 95% interval": [disclosure.MARKER if s else fmt_interval(lo, hi, "ratio")
                               for lo, hi, s in zip(hidden["rr_ci_low"], hidden["rr_ci_high"],
                                                    hidden["ratio_suppressed"])],
    }).reset_index(drop=True)


def safe_for_plot(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD
                  ) -> tuple[pd.DataFrame, str]:
    """The rows of a :func:`composition` or :func:`rates_by_group` table a chart may show, and the
    sentence saying what was left out (:func:`wreslib.disclosure.visible_groups`).

    Suppression as :func:`suppress`; a row is left out when its percentage
    is hidden (for rates, also when its ratio is). Returns the suppressed
    numeric rows (NaN-free in ``percent``) and the sentence ("" when
    nothing was left out), e.g. "3 groups with fewer than 8 people are not
    shown." Put the sentence in the figure's caption or alt text.
    """
    t = disclosure.thresholds(threshold)
    hidden = table if table.attrs.get("suppressed") else suppress(table, t)
    flags = hidden.copy()
    if "ratio_suppressed" in flags:
        flags["suppressed"] = flags["suppressed"] | flags["ratio_suppressed"]
    rows, sentence = disclosure.visible_groups(flags, threshold=t)
    return hidden.loc[rows.index], sentence


# ---------------------------------------------------------------- plots

def _palette(names: Sequence[str]) -> dict:
    """Colours from seaborn's colour-blind palette: White, BME and Unknown as in :data:`wreslib.plots.PALETTE`
    (Not stated and Not known grey too), the other groups in turn (more than 7 repeat colours:
    plot the broad level, not the detailed one)."""
    fixed = {WHITE: PALETTE[WHITE], BME: PALETTE[BME], UNKNOWN: PALETTE[UNKNOWN]}
    others = [c for i, c in enumerate(sns.color_palette("colorblind")) if i not in (0, 7)]
    out, i = {}, 0
    for name in names:
        if name in fixed:
            out[name] = fixed[name]
        elif _BROAD_OF.get(name) == UNKNOWN:
            out[name] = PALETTE[UNKNOWN]
        else:
            out[name] = others[i % len(others)]
            i += 1
    return out


def plot_composition(table: pd.DataFrame, *, x: str | None = None,
                     threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD, title: str | None = None):
    """Grouped bars: each ethnic group's % of staff within each ``x`` group (e.g. band), suppressed.

    ``table``: a :func:`composition` table (unsuppressed; this function
    suppresses it with :func:`safe_for_plot` and plots only the figures
    that may be shown). ``x``: the ``by`` column on the axis (default: the
    last one; with several ``by`` columns, one panel per value of the
    first). Bars are percent of the ``x`` group's staff (Unknown ethnicity
    in the denominator) with 95% intervals, in seaborn's colour-blind
    palette. Returns ``(figure, sentence)``, the sentence saying what was
    left out (put it in the alt text).
    """
    rows, sentence = safe_for_plot(table, threshold)
    by = _by_columns(table)
    if not by and _level(table) == "detailed":
        return _plot_categories(rows, sentence, title)
    if not by:
        rows = rows.assign(_all="All staff")
        by = ["_all"]
    x = x or by[-1]
    panel = by[0] if len(by) > 1 and by[0] != x else None
    level = _level(table)
    names = [g for g in groups(level, table["group"].unique()) if g in set(table["group"])]
    palette = _palette(names)
    _style()
    panels = _order(panel, rows[panel]) if panel else [None]
    panels = [p for p in panels if p != ALL] or [None]
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.6 * len(panels)), squeeze=False)
    for ax, p in zip(axes[:, 0], panels):
        data = rows if p is None else rows[rows[panel] == p]
        data = data[data[x] != ALL] if x in data else data
        order = _order(x, data[x]) if len(data) else []
        hue_order = [g for g in names if g in set(data["group"])]
        if len(data):
            sns.barplot(data=data, x=x, y="percent", hue="group", order=order, hue_order=hue_order,
                        palette=palette, ax=ax, errorbar=None)
            _error_bars(ax, data, x, order, hue_order)
        ax.set(ylim=(0, 100), xlabel="" if x == "_all" else x.replace("_", " ").capitalize(),
               ylabel="% of staff in group", title=p or "")
        ax.tick_params(axis="x", rotation=30)
        if ax.get_legend() is not None:  # outside the axes, never over a bar
            ax.legend(title="", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    what = "by " + x.replace("_", " ") if x != "_all" else "in the whole workforce"
    fig.suptitle(title or f"Ethnic make-up of staff {what}: each group's % of the staff in that "
                          f"{'group' if x == '_all' else x.replace('_', ' ')} (95% intervals)", fontsize=11)
    if sentence:
        fig.text(0.01, -0.01, sentence, fontsize=8, ha="left", va="top")
    fig.tight_layout()
    fig.left_out = sentence  # wreslib.plots.show puts it in the caption and alt text
    return fig, sentence


#: Colour groups of the ethnic-category chart: the broad groups ("BME, not specified" with Other).
_CATEGORY_COLOUR_OF = {BME_NOT_SPECIFIED: "Other ethnic groups"}


def _plot_categories(rows: pd.DataFrame, sentence: str, title: str | None):
    """The whole workforce by NHS ethnic category: horizontal bars, largest first, with 95%
    intervals, coloured by broad group (at most six colours; the legend lists the broad groups)."""
    _style()
    data = rows.dropna(subset=["percent"]).sort_values("percent", ascending=False, kind="stable")
    broad = [_CATEGORY_COLOUR_OF.get(_BROAD_OF.get(g, g), _BROAD_OF.get(g, g)) for g in data["group"]]
    names = [g for g in groups("broad") if g in set(broad)]
    colours = sns.color_palette("colorblind")  # six well-separated ones: blue, brown, green, vermillion, purple, grey
    palette = dict(zip(groups("broad"), [colours[0], colours[5], colours[2], colours[3], colours[4], colours[7]]))
    palette.update({WHITE: PALETTE[WHITE], UNKNOWN: PALETTE[UNKNOWN]})
    palette = {n: palette.get(n, colours[4]) for n in names}
    fig, ax = plt.subplots(figsize=(9, 0.3 * max(len(data), 4) + 1.6))
    y = list(range(len(data)))
    ax.barh(y, data["percent"], color=[palette[b] for b in broad], height=0.7)
    ci = data["ci_low"].notna().to_numpy()
    if ci.any():
        shown = data[ci]
        ax.errorbar(shown["percent"], [i for i, c in zip(y, ci) if c],
                    xerr=[shown["percent"] - shown["ci_low"], shown["ci_high"] - shown["percent"]],
                    fmt="none", ecolor="black", elinewidth=0.8, capsize=2)
    ax.set_yticks(y, list(data["group"]))
    ax.invert_yaxis()
    top = float(data[["percent", "ci_high"]].max().max()) if len(data) else 10.0
    ax.set(xlabel="% of the workforce (95% interval)", ylabel="", xlim=(0, max(5.0, top * 1.1)))
    ax.grid(axis="y", visible=False)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=palette[n], label=n) for n in names], title="Broad group", fontsize=8,
              title_fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(title or "The workforce by NHS ethnic category, largest first (95% intervals)", fontsize=11)
    if sentence:
        fig.text(0.01, -0.01, sentence, fontsize=8, ha="left", va="top")
    fig.tight_layout()
    fig.left_out = sentence
    return fig, sentence


def composition_alt(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD,
                    year: int | None = None) -> str:
    """Alt text for :func:`plot_composition` of the whole workforce: the largest and smallest
    groups shown, e.g. "Horizontal bar chart: the workforce by NHS ethnic category in 2024, largest
    first: White British 24.3%, African 17.0% and Indian 14.8% ...; smallest shown: ... " """
    rows, _ = safe_for_plot(table, threshold)
    by = _by_columns(table)
    when = f" in {year}" if year else ""
    what = "NHS ethnic category" if _level(table) == "detailed" else "ethnic group"
    if by:
        return f"Bar chart: each {what}'s percentage of staff by {by[-1].replace('_', ' ')}{when}, with 95% intervals."
    rows = rows.dropna(subset=["percent"]).sort_values("percent", ascending=False, kind="stable")
    if rows.empty:
        return f"Horizontal bar chart: the workforce by {what}{when}: no group shown."

    def listed(part):
        return ", ".join(f"{g} {p:.1f}%" for g, p in zip(part["group"], part["percent"]))

    tail = f"; smallest shown: {listed(rows.tail(1))}" if len(rows) > 3 else ""
    return (f"Horizontal bar chart: the workforce by {what}{when}, largest first, with 95% intervals and bars "
            f"coloured by broad group: {listed(rows.head(3))}{tail}.")


def rates_alt(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD,
              year: int | None = None) -> str:
    """Alt text for :func:`plot_rates`: the lowest and highest ratio to White among the groups shown."""
    rows, _ = safe_for_plot(table, threshold)
    rows = rows[(rows["group"] != WHITE) & rows["relative_to_white"].notna()]
    what = _RATE_TITLES.get(table.attrs.get("indicator"), "Rate").lower()
    when = f" in {year}" if year else ""
    if rows.empty:
        return f"Dot chart: each ethnic group's likelihood of {what} relative to White staff{when}: no group shown."
    low = rows.loc[rows["relative_to_white"].idxmin()]
    high = rows.loc[rows["relative_to_white"].idxmax()]
    span = (f"{low['group']} {low['relative_to_white']:.2f}" if len(rows) == 1 else
            f"from {low['group']} {low['relative_to_white']:.2f} to {high['group']} {high['relative_to_white']:.2f}")
    return (f"Dot chart: each ethnic group's likelihood of {what} relative to White{when} (1.00 = equal), "
            f"with 95% intervals: {span}.")


def _error_bars(ax, data: pd.DataFrame, x: str, order: list, hue_order: list) -> None:
    """Wilson intervals on seaborn's bars (matched by x position and hue order); none where the bar
    is hidden or missing (no bare whisker)."""
    n = len(hue_order)
    width = 0.8 / max(n, 1)
    for _, row in data.iterrows():
        if pd.isna(row["ci_low"]) or pd.isna(row["percent"]) or bool(row.get("suppressed", False)):
            continue
        xi = order.index(row[x]) - 0.4 + width * (hue_order.index(row["group"]) + 0.5)
        ax.errorbar(xi, row["percent"], yerr=[[row["percent"] - row["ci_low"]], [row["ci_high"] - row["percent"]]],
                    fmt="none", ecolor="black", elinewidth=0.8, capsize=2)


_RATE_TITLES = {
    2: "Appointment from shortlisting",
    3: "Entering formal disciplinary",
    4: "Non-mandatory training and CPD",
}


def plot_rates(table: pd.DataFrame, *, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD,
               title: str | None = None):
    """Each group's likelihood relative to White (dots, 95% intervals, a line at 1 = equal), suppressed.

    ``table``: a :func:`rates_by_group` table (unsuppressed). Only groups
    whose ratio may be shown are plotted (:func:`safe_for_plot`); White
    (the reference) and groups whose ratio is undefined are left off the
    axis. Returns ``(figure, sentence)``.
    """
    rows, sentence = safe_for_plot(table, threshold)
    rows = rows[(rows["group"] != WHITE) & rows["relative_to_white"].notna()]
    indicator = table.attrs.get("indicator")
    _style()
    fig, ax = plt.subplots(figsize=(8, 0.5 * max(len(rows), 3) + 1.5))
    y = list(range(len(rows)))
    ax.errorbar(rows["relative_to_white"], y,
                xerr=[(rows["relative_to_white"] - rows["rr_ci_low"]).fillna(0),
                      (rows["rr_ci_high"] - rows["relative_to_white"]).fillna(0)],
                fmt="o", color=sns.color_palette("colorblind")[2], capsize=3)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, list(rows["group"]))
    ax.invert_yaxis()
    ax.set(xlabel="Likelihood relative to White (95% interval)", ylabel="")
    what = _RATE_TITLES.get(indicator, "Rate")
    ax.set_title(title or f"{what}: each group / White (above 1 = more likely than White)", fontsize=10)
    if sentence:
        fig.text(0.01, -0.01, sentence, fontsize=8, ha="left", va="top")
    fig.tight_layout()
    fig.left_out = sentence  # wreslib.plots.show puts it in the caption and alt text
    return fig, sentence
