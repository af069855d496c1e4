"""Breakdowns for exploration and the report: disclosure control, readable tables and plots.

The computing (records to tidy tables: :func:`workforce_people`,
:func:`composition`, :func:`rates_by_group`, :func:`rates`, :func:`dimensions`
...) lives in :mod:`wreslib.compute.breakdowns` and is re-exported here, so
that a notebook needs only this module. Here:

- :func:`from_results`: a published breakdown back from *suppressed* results.
- :func:`suppress`, :func:`safe`, :func:`safe_for_plot`: disclosure
  control of those tables (:mod:`wreslib.disclosure.engine`): primary and secondary
  suppression, then a display frame with :data:`~wreslib.disclosure.engine.MARKER`
  or the rows a plot may show with the sentence saying what was left out.
- :func:`readable`: a suppressed table as a person reads it: a title
  (``attrs["caption"]``, shown by :func:`wreslib.report.tables.show`), column
  names in words, compositions wide (``by`` groups down, ethnic groups
  across); :func:`readable_dimensions`: what each indicator can be broken
  down by.
- :func:`plot_composition`, :func:`plot_rates`: seaborn figures of the
  *suppressed* tables, in the style of :mod:`wreslib.report.plots`.

Ethnicity levels (:data:`LEVELS`): ``detailed`` (the 16 NHS categories,
"Not stated", "Not known"), ``broad`` (White, Mixed, Asian or Asian British,
Black or Black British, Other ethnic groups, Unknown) and ``wres`` (White,
BME, Unknown). A record whose source gives only a group ("White", "Mixed",
"BME") has no finer level; it is shown as "<group>, not specified" (e.g.
"Mixed, not specified", "BME, not specified") rather than dropped, so every
person is in every table and the totals agree with the WRES figures.

Nothing here is safe to publish before :func:`safe`, :func:`readable` (or
:func:`safe_for_plot`): the raw tables hold counts of 1 to 7 people.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from ..classify.ethnicity import BME, UNKNOWN, WHITE, WRES_GROUPS
from ..compute.breakdowns import (ALL, BME_NOT_SPECIFIED, DIMENSIONS, LEVELS, NO_VALUE, NOT_SPECIFIED, PUBLISHED,
                                  RECORD_FILES, DimensionError, _BROAD_OF, _members, _order, _parents, classify,
                                  composition, dimension_label, dimensions, groups, published_rows, rate_records,
                                  rate_table, rates, rates_by_group, ratio_to_reference, wres_of, workforce_people)
from ..disclosure import engine as disclosure
from ..inputs.settings import COUNT_THRESHOLD
from ..standards.wres import ETHNICITY, INDICATORS
from .plots import PALETTE, set_style
from .tables import fmt_interval, fmt_value

__all__ = ["ALL", "BME_NOT_SPECIFIED", "DIMENSIONS", "LEVELS", "NO_VALUE", "NOT_SPECIFIED", "PUBLISHED",
           "RECORD_FILES", "DimensionError", "classify", "composition", "composition_alt", "dimension_label",
           "dimensions", "from_results", "groups", "plot_composition", "plot_rates", "published_rows",
           "rate_headings", "rate_records", "rate_table", "rates", "rates_alt", "rates_by_group", "ratio_to_reference",
           "readable", "readable_dimensions", "safe", "safe_for_plot", "suppress", "table_title", "wres_of",
           "workforce_people"]

# Priorities for secondary suppression: lower is hidden first.
_PRIORITY_ELSEWHERE = 10  # figures assumed published in another table (coarser levels, the table without ``by``)


def _reference(table: pd.DataFrame) -> str:
    """The reference group of a rates table's ratios, from the registry (White)."""
    indicator = table.attrs.get("indicator")
    return INDICATORS[indicator].groups.reference if indicator in INDICATORS else ETHNICITY.reference


# ---------------------------------------------------------------- published breakdowns

def from_results(results: pd.DataFrame, year: int, indicator: int) -> pd.DataFrame:
    """A published breakdown (:func:`published_rows`) back from *suppressed* results, in the shape of
    :func:`composition` (indicator 1) or :func:`rates_by_group` (indicator 2), hidden figures NaN and
    flagged, with ``ratio_note`` (why a shown ratio is undefined: Unknown ethnicity has no published
    ratio) and ``attrs["year"]``. :func:`safe`, :func:`readable` and the plots show it as it is
    (``attrs["suppressed"]``): it has been through the one disclosure engine together with the WRES
    figures."""
    prefix = dict((i, p) for i, p, _ in PUBLISHED)[indicator]
    part = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & results["breakdown"].str.startswith(prefix + "|")]
    flags = part["suppressed"].astype(bool) if "suppressed" in part else pd.Series(False, index=part.index)
    names = part["breakdown"].str.split("|", n=1).str[1]
    if indicator == 1:
        out = pd.DataFrame({"group": names, "count": part["numerator"], "total": part["denominator"],
                            "percent": part["value"], "ci_low": part["ci_low"], "ci_high": part["ci_high"],
                            "count_suppressed": flags, "total_suppressed": flags, "suppressed": flags})
        out.attrs.update(kind="composition", level="detailed", by=[], suppressed=True, year=year)
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
    out["ratio_note"] = _ratio_notes(out, indicator)
    out.attrs.update(kind="rates", level="broad", indicator=indicator, by=[], suppressed=True, year=year)
    return out


def _ratio_notes(table: pd.DataFrame, indicator: int) -> list[str]:
    """Why each shown ratio of a published rates table is undefined (:func:`ratio_to_reference`), from the
    figures shown: "" where the ratio is hidden or its counts are not all shown."""
    reference = INDICATORS[indicator].groups.reference
    ref = table[table["group"] == reference]
    ref_k, ref_n = (ref["events"].iloc[0], ref["base"].iloc[0]) if len(ref) else (math.nan, math.nan)
    notes = []
    for group, k, n, hidden in zip(table["group"], table["events"], table["base"], table["ratio_suppressed"]):
        if hidden:
            notes.append("")
        elif any(pd.isna(x) for x in (k, n, ref_k, ref_n)):
            notes.append("reference group" if group == reference else "")
        else:
            notes.append(ratio_to_reference(group, int(k), int(n), int(ref_k), int(ref_n), indicator=indicator)[3])
    return notes


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
    (default 7) or a :class:`~wreslib.disclosure.engine.Thresholds`. ``attrs["suppressed"]`` is True, so that
    :func:`safe`, :func:`readable` and the plots show the result as it is.

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
    from the shown rows and the relations (within each ``by`` group, groups
    add up to ``BME`` and White + BME + Unknown to ``All``; with ``by``, each
    group's figures over the ``by`` groups add up to the table without
    ``by``, assumed shown elsewhere: a figure of it of 1 to ``threshold`` is
    protected, the others are hidden last and listed in
    ``attrs["also_hide"]`` when they had to be); ``relative_to_white`` and
    its interval are hidden with the row and on every row of the ``by``
    group when White's is (``ratio_suppressed``), and so is the
    ``ratio_note`` saying why a ratio is undefined (it could tell that a
    hidden count is 0). Not modelled: the sub-totals of a combination (a
    by-cluster table next to a by-cluster-and-band one).

    """
    t = disclosure.thresholds(threshold).count
    out = _suppress_rates(table, t) if _kind(table) == "rates" else _suppress_composition(table, t)
    out.attrs["suppressed"] = True  # safe(), readable() and the plots show it as it is
    return out


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
    """:func:`wreslib.disclosure.engine.protect`, keeping the units of ``keep`` (figures published
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
    by = _by_columns(table)
    keys = [tuple(r) for r in table[by].astype(str).itertuples(index=False)] if by else [()] * len(table)
    labels = list(table["group"])
    if len(set(zip(keys, labels))) != len(labels):
        raise ValueError("a rates table has one row per group" + (" within each by group" if by else ""))

    def cell(key, group, what):  # without ``by``, the cells are named as they always were (same choices)
        return (key, group, what) if by else (group, what)

    m = disclosure.CellModel()
    primary = set()
    for i, (key, g, k, n) in enumerate(zip(keys, labels, table["events"], table["base"])):
        k, n = int(k), int(n)
        m.values.update({cell(key, g, "events"): k, cell(key, g, "base"): n, cell(key, g, "non-events"): n - k})
        m.units[i] = (cell(key, g, "events"), cell(key, g, "base"))
        # Without ``by``, White and BME are the WRES headline's figures: hidden last, and members hidden instead
        # if need be. Within a ``by`` group they are not published, but hiding White hides every ratio there.
        top = 3 if by else _PRIORITY_ELSEWHERE
        m.priority[i] = top if g in (WHITE, BME) else 2 if g == ALL else 1 if g == UNKNOWN else 0
        m.add_relation(cell(key, g, "base"), [cell(key, g, "events"), cell(key, g, "non-events")], check=False)
        if any(disclosure.is_small(v, t) for v in (k, n, n - k)):
            primary.add(i)
    for key in dict.fromkeys(keys):
        present = [g for kk, g in zip(keys, labels) if kk == key]
        for what in ("events", "base", "non-events"):
            for w in WRES_GROUPS:
                members = _members(w, present)
                if w in present and members:
                    m.add_relation(cell(key, w, what), [cell(key, g, what) for g in members], check=False)
            if ALL in present:
                parts = [g for g in (WHITE, BME, UNKNOWN) if g in present]
                m.add_relation(cell(key, ALL, what), [cell(key, g, what) for g in parts], check=False)
    m.protect_hidden = False
    m.sensitive = {c for c, v in m.values.items() if disclosure.is_small(v, t)}
    if by:
        keep = _margins(m, keys, labels, t)
    else:
        index_of = {g: i for i, g in enumerate(labels)}
        keep = {index_of[w]: [index_of[g] for g in _members(w, labels)] for w in (WHITE, BME) if w in index_of}
    hidden, added, stuck = _protect_keeping(m, primary, keep, t,
                                            value=lambda i: m.values[cell(keys[i], labels[i], "events")])
    out = table.copy()
    out.attrs.update(table.attrs)
    # A kept figure that had to be hidden: a row of this table, or (with ``by``) a group's figure in the table
    # without ``by`` ("margin", group), which must then be hidden there too.
    out.attrs["also_hide"] = [u[1] if isinstance(u, tuple) else labels[u] for u in stuck]
    flags = pd.Series([i in hidden for i in range(len(out))], index=out.index)
    reference = _reference(table)
    reference_hidden = {key for key, g, f in zip(keys, labels, flags) if f and g == reference}
    ratio_hidden = pd.Series([key in reference_hidden for key in keys], index=out.index)
    out["suppressed"] = flags
    figures = ["events", "base", "percent", "ci_low", "ci_high"]
    out[figures] = out[figures].astype(float).mask(flags, axis=0)
    ratios = ["relative_to_white", "rr_ci_low", "rr_ci_high"]
    out["ratio_suppressed"] = flags | ratio_hidden
    out[ratios] = out[ratios].mask(out["ratio_suppressed"], axis=0)
    if "ratio_note" in out:  # the reason a hidden ratio is undefined could tell a hidden count is 0
        out["ratio_note"] = out["ratio_note"].where(~out["ratio_suppressed"], "")
    out["note"] = [disclosure.HIDDEN_NOTE if s else disclosure.hidden_note("ratio") if r else ""
                   for s, r in zip(out["suppressed"], ratio_hidden)]
    return out


def _margins(m: disclosure.CellModel, keys: list[tuple], labels: list[str], t: int) -> dict:
    """The table without ``by`` (each group's events, base and non-events over all ``by`` groups), assumed
    shown elsewhere, as cells of ``m`` with the relations margin = sum over the ``by`` groups.

    A margin figure of 1 to ``t`` (hidden where it is shown) is sensitive; the others are units kept
    shown where possible (hidden last). Returns {margin unit: the rows of its group} for
    :func:`_protect_keeping`."""
    keep = {}
    for g in dict.fromkeys(labels):
        rows = [i for i, label in enumerate(labels) if label == g]
        for what in ("events", "base", "non-events"):
            margin = ("margin", g, what)
            m.values[margin] = sum(m.values[(keys[i], g, what)] for i in rows)
            m.add_relation(margin, [(keys[i], g, what) for i in rows], check=False)
        if any(disclosure.is_small(m.values[("margin", g, what)], t) for what in ("events", "base", "non-events")):
            m.sensitive |= {("margin", g, what) for what in ("events", "base", "non-events")}
        else:
            m.units[("margin", g)] = (("margin", g, "events"), ("margin", g, "base"))
            m.priority[("margin", g)] = _PRIORITY_ELSEWHERE
            keep[("margin", g)] = rows
    return keep


def _percent_cells(hidden: pd.DataFrame, interval: bool = False) -> list[str]:
    """Each row's percentage to 2 dp (with its 95% interval when ``interval``), the marker where hidden."""
    out = []
    for p, lo, hi, s in zip(hidden["percent"], hidden["ci_low"], hidden["ci_high"], hidden["suppressed"]):
        text = fmt_interval(lo, hi, "percent") if interval else ""
        out.append(disclosure.MARKER if s else f"{fmt_value(p, 'percent')} {text}".strip())
    return out


def _ratio_cells(hidden: pd.DataFrame) -> list[str]:
    """Each row's ratio to 2 dp with its 95% interval, else with why it has none ("– (no BME staff in this
    band)", "1.00 (reference group)"), the marker where hidden."""
    notes = hidden["ratio_note"] if "ratio_note" in hidden else pd.Series("", index=hidden.index)
    out = []
    for r, lo, hi, note, s in zip(hidden["relative_to_white"], hidden["rr_ci_low"], hidden["rr_ci_high"], notes,
                                  hidden["ratio_suppressed"]):
        interval = "" if s else fmt_interval(lo, hi, "ratio")
        why = f" ({note})" if isinstance(note, str) and note else ""
        out.append(disclosure.MARKER if s else f"{fmt_value(r, 'ratio')} {interval}" if interval else
                   fmt_value(r, "ratio") + why)
    return out


def safe(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD) -> pd.DataFrame:
    """A :func:`composition` or :func:`rates_by_group` table ready to show, still long: suppressed and formatted.

    Suppression as :func:`suppress`; hidden figures show
    :data:`wreslib.disclosure.engine.MARKER` (put :func:`wreslib.disclosure.engine.footnote`
    under the table). Counts with thousands separators, percentages to 2 dp,
    intervals as "(low to high)", ratios to 2 dp. Composition columns:
    ``[*by, group, count, total, percent, 95% interval]``; rates: ``[*by, group,
    events, base, percent, 95% interval, relative_to_white, ratio 95%
    interval]``. For reading, :func:`readable` names the columns in words.
    """
    hidden = table if table.attrs.get("suppressed") else suppress(table, threshold)
    by = _by_columns(table)
    intervals = [disclosure.MARKER if s else fmt_interval(lo, hi, "percent")
                 for lo, hi, s in zip(hidden["ci_low"], hidden["ci_high"], hidden["suppressed"])]
    if _kind(table) == "composition":
        shown = disclosure.mark(hidden, ["count", "total"])
        return pd.DataFrame({
            **{c: shown[c] for c in by}, "group": shown["group"], "count": shown["count"], "total": shown["total"],
            "percent": _percent_cells(hidden), "95% interval": intervals,
        }).reset_index(drop=True)
    shown = disclosure.mark(hidden, ["events", "base"])
    return pd.DataFrame({
        **{c: shown[c] for c in by}, "group": shown["group"], "events": shown["events"], "base": shown["base"],
        "percent": _percent_cells(hidden), "95% interval": intervals,
        "relative_to_white": [disclosure.MARKER if s else fmt_value(r, "ratio") if not pd.isna(r) else "–"
                              for r, s in zip(hidden["relative_to_white"], hidden["ratio_suppressed"])],
        "ratio 95% interval": [disclosure.MARKER if s else fmt_interval(lo, hi, "ratio")
                               for lo, hi, s in zip(hidden["rr_ci_low"], hidden["rr_ci_high"],
                                                    hidden["ratio_suppressed"])],
    }).reset_index(drop=True)


# ---------------------------------------------------------------- readable tables

#: The heading of the ethnic group column, by level.
GROUP_HEADINGS = {"detailed": "NHS ethnic category", "broad": "Broad ethnic group", "wres": "Ethnic group"}
_LEVEL_WORDS = {"detailed": "NHS ethnic category", "broad": "broad ethnic group",
                "wres": "ethnic group (White, BME, Unknown)"}


def _by_words(by: Sequence[str], *more: str) -> str:
    """"band", "cluster and band", "cluster, band and broad ethnic group"."""
    words = [dimension_label(c).lower() for c in by] + list(more)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def rate_headings(indicator: int | None, reference: str = ETHNICITY.reference) -> dict[str, str]:
    """The readable names of a rates table's columns, from the indicator's ``measures`` and reference group.

    >>> rate_headings(2)
    {'events': 'Appointed', 'base': 'Shortlisted', 'percent': '% appointed (95% interval)', 'ratio': 'Ratio to White (95% interval)'}
    """
    events, base = INDICATORS[indicator].measures if indicator in INDICATORS else ("events", "base")
    words = events.replace("_", " ")
    return {"events": dimension_label(events), "base": dimension_label(base),
            "percent": f"% {words} (95% interval)", "ratio": f"Ratio to {reference} (95% interval)"}


def table_title(table: pd.DataFrame) -> str:
    """A breakdown's title from its ``attrs`` (kind, indicator, level, ``by``, year) and the registry, e.g.
    "Indicator 4: accessing non-mandatory training and CPD, by band and ethnic group (White, BME, Unknown),
    2024. Ratio to White: the group's rate / the White rate in the same band; above 1 = more likely than
    White staff." """
    by = _by_columns(table)
    level = _level(table)
    year = f", {table.attrs['year']}" if table.attrs.get("year") else ""
    if _kind(table) == "composition":
        if not by:
            return f"The workforce by {_LEVEL_WORDS[level]}{year}: each group's % of all staff (95% interval)"
        return (f"Staff by {_by_words(by, _LEVEL_WORDS[level])}{year}: each group's % of the staff in the "
                f"{_by_words(by)} (95% interval)")
    indicator = table.attrs.get("indicator")
    ind = INDICATORS.get(indicator)
    reference = _reference(table)
    what = f"{ind.title}{' (single year)' if ind.two_year else ''}" if ind else "Rates"
    within = f" in the same {_by_words(by)}" if by else ""
    who = f" {ind.subjects}" if ind else ""
    return (f"{what}, by {_by_words(by, _LEVEL_WORDS[level])}{year}. Ratio to "
            f"{reference}: the group's rate / the {reference} rate{within}; above 1 = more likely than "
            f"{reference}{who}.")


def _first_only(table: pd.DataFrame, by: Sequence[str]) -> dict[str, list]:
    """The ``by`` columns for reading: a value only where it changes (a band names its first row)."""
    out = {}
    keys = [tuple(r) for r in table[list(by)].astype(str).itertuples(index=False)]
    for j, column in enumerate(by):
        out[dimension_label(column)] = [k[j] if i == 0 or keys[i - 1][:j + 1] != k[:j + 1] else ""
                                        for i, k in enumerate(keys)]
    return out


def readable(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD, *,
             title: str | None = None) -> pd.DataFrame:
    """A :func:`composition` or :func:`rates_by_group` table as a person reads it, after suppression.

    Suppression as :func:`suppress` (a table that went through it, or through the engine with
    :func:`from_results`, is shown as it is); hidden figures are
    :data:`wreslib.disclosure.engine.MARKER`. ``attrs["caption"]`` is ``title``, by default
    :func:`table_title` (what the table is, the year, and for rates which way the ratio points);
    :func:`wreslib.report.tables.show` puts it on the table.

    - Composition with ``by``: wide, one row per ``by`` group (e.g. bands down; with several ``by``
      columns, a cluster on its first band's row only), then ``Staff`` (headcount, Unknown ethnicity
      included) and one column per ethnic group (across) holding "25.00% (10.18% to 49.50%)": the
      group's % of the row's staff with its 95% interval.
    - Composition without ``by``: one row per ethnic group: ``Staff`` and ``% of staff (95%
      interval)``.
    - Rates: one row per ``by`` group and ethnic group (a ``by`` value on its group's first row
      only): the counts named from the indicator's measures ("Appointed", "Shortlisted"), "%
      appointed (95% interval)" and "Ratio to White (95% interval)" (group rate / White rate in the
      same ``by`` group; where undefined, "–" and why; White's own "1.00 (reference group)").

    The tidy tables stay as they are for analysts' own code.
    """
    hidden = table if table.attrs.get("suppressed") else suppress(table, threshold)
    out = _readable_composition(hidden) if _kind(table) == "composition" else _readable_rates(hidden)
    out.attrs["caption"] = title or table_title(hidden)
    return out


def _readable_composition(hidden: pd.DataFrame) -> pd.DataFrame:
    by = _by_columns(hidden)
    heading = GROUP_HEADINGS[_level(hidden)]
    shown = disclosure.mark(hidden, ["count", "total"])
    cells = _percent_cells(hidden, interval=True)
    if not by:
        return pd.DataFrame({heading: hidden["group"].to_numpy(), "Staff": shown["count"].to_numpy(),
                             "% of staff (95% interval)": cells})
    keys = [tuple(r) for r in hidden[by].astype(str).itertuples(index=False)]
    rows: dict[tuple, dict] = {}
    for key, group, total, cell in zip(keys, hidden["group"], shown["total"], cells):
        rows.setdefault(key, {"Staff": total})[group] = cell
    labels = _first_only(pd.DataFrame(list(rows), columns=by), by)
    return pd.concat([pd.DataFrame(labels), pd.DataFrame(list(rows.values()))], axis=1)


def _readable_rates(hidden: pd.DataFrame) -> pd.DataFrame:
    by = _by_columns(hidden)
    names = rate_headings(hidden.attrs.get("indicator"), _reference(hidden))
    shown = disclosure.mark(hidden, ["events", "base"])
    return pd.DataFrame({
        **_first_only(hidden, by), GROUP_HEADINGS[_level(hidden)]: hidden["group"].to_numpy(),
        names["events"]: shown["events"].to_numpy(), names["base"]: shown["base"].to_numpy(),
        names["percent"]: _percent_cells(hidden, interval=True), names["ratio"]: _ratio_cells(hidden)})


def readable_dimensions(dims: dict[int, tuple[str, ...]], year: int | None = None) -> pd.DataFrame:
    """:func:`dimensions` for reading: each indicator, the files its records come from and what they can be
    broken down by besides ethnicity (every indicator can be broken down by every ethnicity level)."""
    out = pd.DataFrame({
        "Indicator": [INDICATORS[n].title for n in dims],
        "Records": [", ".join(f"{name}.csv" for name in RECORD_FILES[n]) for n in dims],
        "Can be broken down by": [", ".join(dimension_label(d) for d in ds) or "ethnicity only"
                                  for ds in dims.values()]})
    out.attrs["caption"] = ("What each indicator's records carry to break it down by, besides ethnicity"
                            + (f", {year}" if year else ""))
    return out


def safe_for_plot(table: pd.DataFrame, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD
                  ) -> tuple[pd.DataFrame, str]:
    """The rows of a :func:`composition` or :func:`rates_by_group` table a chart may show, and the
    sentence saying what was left out (:func:`wreslib.disclosure.engine.visible_groups`).

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
    """Colours from seaborn's colour-blind palette: White, BME and Unknown as in :data:`wreslib.report.plots.PALETTE`
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
    set_style()
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
    fig.left_out = sentence  # wreslib.report.plots.show puts it in the caption and alt text
    return fig, sentence


#: Colour groups of the ethnic-category chart: the broad groups ("BME, not specified" with Other).
_CATEGORY_COLOUR_OF = {BME_NOT_SPECIFIED: "Other ethnic groups"}


def _plot_categories(rows: pd.DataFrame, sentence: str, title: str | None):
    """The whole workforce by NHS ethnic category: horizontal bars, largest first, with 95%
    intervals, coloured by broad group (at most six colours; the legend lists the broad groups)."""
    set_style()
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
    rows, _ = _ratio_rows(table, threshold)
    reference = _reference(table)
    indicator = table.attrs.get("indicator")
    what = INDICATORS[indicator].verbs[2] if indicator in INDICATORS else "rate"  # as worded: "... and CPD"
    when = f" in {year}" if year else ""
    if rows.empty:
        return (f"Dot chart: each ethnic group's likelihood of {what} relative to {reference} staff{when}: "
                "no group shown.")
    low = rows.loc[rows["relative_to_white"].idxmin()]
    high = rows.loc[rows["relative_to_white"].idxmax()]
    span = (f"{low['_label']} {low['relative_to_white']:.2f}" if len(rows) == 1 else
            f"from {low['_label']} {low['relative_to_white']:.2f} to {high['_label']} "
            f"{high['relative_to_white']:.2f}")
    return (f"Dot chart: each ethnic group's likelihood of {what} relative to {reference}{when} (1.00 = equal), "
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


def _rate_title(indicator: int | None) -> str:
    """"Appointment from shortlisting": the indicator's noun in the registry, capitalised."""
    noun = INDICATORS[indicator].verbs[2] if indicator in INDICATORS else "rate"
    return noun[:1].upper() + noun[1:]


def _ratio_rows(table: pd.DataFrame, threshold) -> tuple[pd.DataFrame, str]:
    """The rows of a rates table whose ratio a chart may show (not the reference group's own, not an
    undefined one), labelled ``_label`` ("Band 5: Indian" with ``by``), and the sentence of what was left out."""
    rows, sentence = safe_for_plot(table, threshold)
    rows = rows[(rows["group"] != _reference(table)) & rows["relative_to_white"].notna()]
    by = _by_columns(table)
    labels = [": ".join(map(str, r)) for r in rows[[*by, "group"]].itertuples(index=False)]
    return rows.assign(_label=labels), sentence


def plot_rates(table: pd.DataFrame, *, threshold: disclosure.Thresholds | int | None = COUNT_THRESHOLD,
               title: str | None = None):
    """Each group's likelihood relative to White (dots, 95% intervals, a line at 1 = equal), suppressed.

    ``table``: a :func:`rates_by_group` table (unsuppressed). Only groups
    whose ratio may be shown are plotted (:func:`safe_for_plot`); White
    (the reference) and groups whose ratio is undefined are left off the
    axis; with ``by``, each dot is labelled "<by value>: <group>". Returns
    ``(figure, sentence)``.
    """
    rows, sentence = _ratio_rows(table, threshold)
    reference = _reference(table)
    set_style()
    fig, ax = plt.subplots(figsize=(8, 0.5 * max(len(rows), 3) + 1.5))
    y = list(range(len(rows)))
    ax.errorbar(rows["relative_to_white"], y,
                xerr=[(rows["relative_to_white"] - rows["rr_ci_low"]).fillna(0),
                      (rows["rr_ci_high"] - rows["relative_to_white"]).fillna(0)],
                fmt="o", color=sns.color_palette("colorblind")[2], capsize=3)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, list(rows["_label"]))
    ax.invert_yaxis()
    ax.set(xlabel=f"Likelihood relative to {reference} (95% interval)", ylabel="")
    what = _rate_title(table.attrs.get("indicator"))
    ax.set_title(title or f"{what}: each group / {reference} (above 1 = more likely than {reference})", fontsize=10)
    if sentence:
        fig.text(0.01, -0.01, sentence, fontsize=8, ha="left", va="top")
    fig.tight_layout()
    fig.left_out = sentence  # wreslib.report.plots.show puts it in the caption and alt text
    return fig, sentence
