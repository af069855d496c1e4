"""Disclosure control: what may be published from a WRES analysis.

A WRES report goes on the trust's website and its inputs are staff records,
so no published figure may identify a person, and no hidden figure may be
worked out from the published ones. This module is the one suppression
engine for everything a reviewer sees; :mod:`wreslib.disclosure.audit` is the integer
audit it answers to.

Thresholds (:class:`Thresholds`, defaults from the method note, "Small numbers"):

- **counts** (workforce, recruitment, disciplinary, training, board): a count
  of 1 to ``count`` (default 7) people is hidden; 0 may be shown. A
  percentage is hidden when its numerator *or* its complement (denominator
  minus numerator) is 1 to ``count``.
- **survey** (indicators 5-8): a group with fewer than ``survey`` (default 11)
  responses is hidden, and so is a percentage whose positive or negative
  answers number 1 to ``count``.

The engine (as τ-ARGUS and sdcTable model a table):

- :class:`CellModel`: cells (counts), units (what is shown or hidden as one
  piece: a table cell, or a results row showing its numerator and
  denominator), additive relations, sensitive cells never shown, and a cost
  per unit;
- :func:`protect`: secondary suppression on a model: hide the cheapest units
  until no protected cell is a linear combination of shown cells (checked
  exactly with null spaces), then until the integer audit leaves no hidden
  non-zero count pinned and every hidden count of 1 to ``count`` with at
  least ``count + 1`` possible values;
- :func:`suppress_results`: the results contract (indicators 1-9 and the
  published breakdowns) through one model, year by year, with typed state
  (``suppressed``, ``change_suppressed``, ``suppression_reason``) and one
  note, :data:`HIDDEN_NOTE`, for every hidden figure;
- :func:`suppress_counts`, :func:`secondary_suppress`, :func:`protect_cells`:
  the same engine on count tables and bare cells;
- :func:`mark`, :func:`visible_groups`: display helpers;
- :func:`scan_for_disclosure`: the publish-time check of HTML, CSV, SVG, PNG
  text chunks and plain text files, with :func:`identifier_values`,
  :func:`is_count_header` and :func:`find_counts_in_text`;
- :func:`visible_text`: the text a reader sees in an HTML page.

Hidden figures become NaN and displays show :data:`MARKER` with
:func:`footnote` underneath. A 0 may be shown, and a hidden 0 may be worked
out: it counts no one.
"""
from __future__ import annotations

import csv
import io
import math
import re
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.linalg import qr

from .audit import cell_ranges, required_width
from .audit import violations as audit_violations
from ..inputs.datanotes import COUNT_SUMS, LINKS, VALUES_TOTAL, DataNote, hide
from ..classify.ethnicity import broad_of_category, wres_of_broad, wres_of_category
from ..inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD
from ..standards import REGISTRY, Standard
from ..standards import get as get_standard
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Indicator
from ..standards.wres import WRES

#: Shown in a table or text in place of a hidden figure.
MARKER = "*"

#: Results columns that hold figures (hidden as NaN when a row is suppressed).
FIGURE_COLUMNS = ["value", "ci_low", "ci_high", "numerator", "denominator", "change"]


@dataclass(frozen=True)
class Thresholds:
    """Suppression thresholds, in people (counts) and responses (survey).

    ``count``: the largest count that is hidden; counts 1 to ``count`` are
    hidden, 0 and ``count + 1`` upwards are shown (default 7, as NHS Digital's
    HES 1-7 rule and OpenSAFELY's <= 7).

    ``survey``: the smallest survey group that is shown; groups of 1 to
    ``survey - 1`` responses are hidden (default 11: the NHS Staff Survey
    does not report groups of fewer than 11).

    >>> Thresholds().count, Thresholds().survey
    (7, 11)
    """

    count: int = COUNT_THRESHOLD
    survey: int = SURVEY_THRESHOLD

    def __post_init__(self):
        if self.count < 0 or self.survey < 1:
            raise ValueError("thresholds must be count >= 0 and survey >= 1")


DEFAULT = Thresholds()


def thresholds(threshold: Thresholds | int | None) -> Thresholds:
    """A :class:`Thresholds` from None (the defaults), a count threshold or a :class:`Thresholds`.

    >>> thresholds(5)
    Thresholds(count=5, survey=11)
    """
    if threshold is None:
        return DEFAULT
    if isinstance(threshold, Thresholds):
        return threshold
    return Thresholds(count=int(threshold))


def footnote(threshold: Thresholds | int | None = None) -> str:
    """The footnote printed under any table, chart or text that shows :data:`MARKER`.

    >>> footnote(7)[:72]
    '* Not shown to protect confidentiality: a count of 1 to 7 people, a surv'
    """
    t = thresholds(threshold)
    return (f"{MARKER} Not shown to protect confidentiality: a count of 1 to {t.count} people, a survey group of "
            f"fewer than {t.survey} responses, or a figure from which such a number could be worked out.")


#: The footnote for the default thresholds.
FOOTNOTE = footnote(DEFAULT)
#: The footnote where the thresholds are not known (the summary page states them).
GENERIC_FOOTNOTE = (f"{MARKER} Not shown to protect confidentiality: the figure rests on a number of people small "
                    "enough to identify someone, or would let such a figure be worked out.")


def is_small(count, threshold: int) -> bool:
    """True for a count of 1 to ``threshold`` (hidden); False for 0, larger counts and NaN.

    >>> [is_small(x, 7) for x in (0, 1, 7, 8, float("nan"))]
    [False, True, True, False, False]
    """
    try:
        c = float(count)
    except (TypeError, ValueError):
        return False
    return not math.isnan(c) and 1 <= c <= threshold


class DisclosureError(RuntimeError):
    """Secondary suppression could not protect a hidden cell (inconsistent relations)."""


# ---------------------------------------------------------------------------
# The cell model behind secondary suppression.
#
# cells:     every count, published or not, with its value;
# units:     what is hidden or shown as one piece (a table cell, or a results
#            row that shows its numerator and denominator); a cell is visible
#            when any visible unit shows it;
# relations: total = sum(parts), over cells;
# sensitive: cells that no unit shows but that must not be recoverable (the
#            complement of a percentage, bank staff as incl-bank minus overall).
# ---------------------------------------------------------------------------


@dataclass
class CellModel:
    """A table as statistical offices model it for suppression (τ-ARGUS, sdcTable): cells with their
    counts, units (what is shown or hidden as one piece: a table cell, or a results row showing its
    numerator and denominator), additive relations and the sensitive cells never shown. Build one and
    pass it to :func:`protect`."""
    values: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)  # unit -> tuple of cells
    priority: dict = field(default_factory=dict)  # unit -> int; lower is hidden first
    relations: list = field(default_factory=list)  # (total, (parts...))
    sensitive: set = field(default_factory=set)
    protect_hidden: bool = True  # also protect hidden cells that are not sensitive
    lower: dict = field(default_factory=dict)  # cell -> a lower bound an attacker knows (a row's group is not empty)
    public: set = field(default_factory=set)  # cells that are sums of published figures by definition: never protected

    def add_relation(self, total, parts, *, check: bool = True) -> bool:
        """Add ``total = sum(parts)`` if all cells exist and (``check``) it holds."""
        parts = tuple(parts)
        if total not in self.values or not parts or any(p not in self.values for p in parts):
            return False
        if check and self.values[total] != sum(self.values[p] for p in parts):
            return False
        self.relations.append((total, parts))
        return True


def _coefficients(relation, unknown: set) -> dict:
    total, parts = relation
    coef = defaultdict(float)
    if total in unknown:
        coef[total] -= 1.0
    for p in parts:
        if p in unknown:
            coef[p] += 1.0
    return {c: v for c, v in coef.items() if v}


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the null space of ``matrix``, from a pivoted QR of
    its transpose (several times faster than the SVD for these 0/1 matrices,
    whose rank the pivoted QR finds reliably)."""
    q, r, _ = qr(matrix.T, mode="full", pivoting=True)
    diag = np.abs(np.diag(r))
    tol = max(matrix.shape) * np.finfo(float).eps * (diag[0] if diag.size else 0.0)
    rank = int((diag > tol).sum())
    return q[:, rank:]


def _solve(rows: list[dict]) -> set:
    """Cells fixed by the equations ``rows`` (cell -> coefficient) of one connected component.

    A cell is fixed exactly when its unit vector lies in the row space of the
    equations, i.e. when every vector of their null space is 0 there.
    """
    cells = sorted({c for coef in rows for c in coef}, key=repr)
    if len(cells) == 1:
        return set(cells)
    index = {c: j for j, c in enumerate(cells)}
    matrix = np.zeros((len(rows), len(cells)))
    for r, coef in enumerate(rows):
        for c, v in coef.items():
            matrix[r, index[c]] = v
    basis = _null_space(matrix)
    if basis.shape[1] == 0:
        return set(cells)
    free = np.abs(basis).max(axis=1) > 1e-9
    return {c for c, is_free in zip(cells, free) if not is_free}


def _occurrences(relations) -> dict:
    """How many relations each cell is in."""
    counts: dict = defaultdict(int)
    for total, parts in relations:
        for c in {total, *parts}:
            counts[c] += 1
    return counts


def _relations_by_cell(relations) -> dict:
    """cell -> the relations it is in (as total or part)."""
    by_cell = defaultdict(list)
    for r in relations:
        for c in (r[0],) + tuple(r[1]):
            by_cell[c].append(r)
    return by_cell


def _determined(relations, unknown: set, cache: dict | None = None, occurrences: dict | None = None) -> set:
    """Unknown cells whose value follows from the known cells and the relations
    (by subtraction or any linear combination), solved per connected component.
    ``cache`` keeps each component's answer between calls (most components
    do not change when one more unit is hidden); ``occurrences`` is
    :func:`_occurrences` of ``relations``, for callers that ask many times."""
    rows = []
    parent = {}

    def find(c):
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    occurrences = _occurrences(relations) if occurrences is None else occurrences
    determined = set()
    for relation in relations:
        if relation[0] not in unknown and unknown.isdisjoint(relation[1]):
            continue
        coef = _coefficients(relation, unknown)
        if not coef:
            continue
        private = [c for c in coef if occurrences[c] == 1]
        if private:
            # A cell in no other relation (a complement, a remainder) takes up whatever the relation leaves:
            # the relation fixes it when it is the only unknown, and constrains nothing else.
            if len(coef) == 1:
                determined.add(private[0])
            continue
        rows.append(coef)
        cells = list(coef)
        for c in cells[1:]:
            parent[find(c)] = find(cells[0])
    groups = defaultdict(list)
    for coef in rows:
        groups[find(next(iter(coef)))].append(coef)
    for component in groups.values():
        if cache is None:
            determined |= _solve(component)
            continue
        key = frozenset(frozenset(coef.items()) for coef in component)
        if key not in cache:
            cache[key] = _solve(component)
        determined |= cache[key]
    return determined


def _component(target, in_relations, unknown: set) -> list[dict]:
    """The equations of the connected component of unknown cells containing ``target``."""
    seen_cells, seen_rel, rows, todo = {target}, set(), [], [target]
    while todo:
        c = todo.pop()
        for relation in in_relations[c]:
            if id(relation) in seen_rel:
                continue
            seen_rel.add(id(relation))
            coef = _coefficients(relation, unknown)
            if not coef:
                continue
            rows.append(coef)
            for d in coef:
                if d not in seen_cells:
                    seen_cells.add(d)
                    todo.append(d)
    return rows


def _protect(model: CellModel, hidden_units: Iterable, locked: frozenset | set = frozenset()) -> tuple[set, list]:
    """Secondary suppression on the cell model.

    Hides further units until no protected cell can be worked out. Protected
    are the ``sensitive`` cells and, when ``model.protect_hidden``, every
    hidden non-zero cell that a unit shows.

    Each step takes one recoverable protected cell (one that is the only
    unknown of a relation first, then the cell shown by most units, then a
    stable order) and considers hiding each shown cell of the relations
    that contain it (all the units that show that cell). It hides the one
    that (0) is not zero, if possible, (1) leaves the cell unrecoverable,
    (2) leaves fewest recoverable protected cells around it, (3) is
    cheapest by (``priority``,
    fewest units, smallest value, unit order): in plain words, the smallest
    non-zero complementary cell that does the job, preferring cells low in
    the hierarchy. Repeats until nothing protected can be recovered.
    ``locked`` units are never hidden (figures already published, e.g. in
    last year's report). Returns (hidden units, units added, in order).
    """
    hidden = set(hidden_units)
    added = []
    order = {u: i for i, u in enumerate(model.units)}
    shown_by = defaultdict(list)
    for u, cells in model.units.items():
        for c in cells:
            shown_by[c].append(u)
    cell_order = {c: i for i, c in enumerate(model.values)}
    in_relations = _relations_by_cell(model.relations)

    def is_protected(c):
        return _is_protected(model, c, shown_by)

    solved: dict = {}
    occurrences = _occurrences(model.relations)
    while True:
        visible = {c for u, cells in model.units.items() if u not in hidden for c in cells}
        unknown = {c for c in model.values if c not in visible}
        bad = {c for c in _determined(model.relations, unknown, solved, occurrences) if is_protected(c)}
        if not bad:
            return hidden, added

        def exposed(c):
            return any(set(_coefficients(r, unknown)) == {c} for r in in_relations[c])

        target = min(bad, key=lambda c: (not exposed(c), -len(shown_by[c]), cell_order[c]))

        def best_of(relations):
            candidates = {}
            for relation in relations:
                for d in (relation[0],) + relation[1]:
                    if d not in visible:
                        continue
                    units = tuple(sorted((u for u in shown_by[d] if u not in hidden), key=order.__getitem__))
                    if not units or any(u in locked for u in units):
                        continue
                    cost = (model.values[d] == 0, max(model.priority.get(u, 0) for u in units), len(units),
                            model.values[d], order[units[0]])
                    candidates[units] = min(cost, candidates.get(units, cost))
            best = None
            for units, cost in candidates.items():
                newly = {c for u in units for c in model.units[u]
                         if all(v in hidden or v in units for v in shown_by[c])}
                trial = unknown | newly
                rows = _component(target, in_relations, trial)
                fixed = _solve(rows) if rows else set()
                score = (cost[0], target in fixed, sum(1 for c in fixed if is_protected(c)), cost, units)
                best = score if best is None or score < best else best
            return best

        # A relation in which the target is the only unknown can only be mended by hiding one of its cells.
        exposing = [r for r in in_relations[target] if set(_coefficients(r, unknown)) == {target}]
        best = best_of(exposing or in_relations[target])
        if not exposing and (best is None or best[1]):  # nothing next to the cell is enough: look across its whole component
            component = {c for coef in _component(target, in_relations, unknown) for c in coef}
            wider = best_of({id(r): r for c in component for r in in_relations[c]}.values())
            if wider is not None and (best is None or wider < best):
                best = wider
        if best is None:
            raise DisclosureError(f"cannot protect cell {target!r}: nothing left to hide in its relations")
        hidden.update(best[-1])
        added.extend(best[-1])


def protect_cells(values: Mapping[Hashable, int], relations: Sequence[tuple[Hashable, Sequence[Hashable]]],
                  hidden: Iterable[Hashable], *, priority: Mapping[Hashable, int] | None = None,
                  unpublished: Iterable[Hashable] = (), threshold: Thresholds | int | None = None) -> set:
    """Secondary suppression on bare cells: the set of cells to hide.

    ``values`` maps each cell to its count; ``relations`` lists
    ``(total, parts)`` meaning ``values[total] == sum(values[p] for p in parts)``;
    ``hidden`` are the primary-suppressed cells. ``unpublished`` cells are not
    shown at all and must not be recoverable either. Returns ``hidden`` plus
    the complementary cells, such that no hidden non-zero cell can be
    worked out from the shown cells, nor (:func:`protect`'s integer audit)
    pinned or a hidden count of 1 to ``threshold`` narrowed.

    >>> sorted(protect_cells({"W": 20, "B": 3, "U": 9, "T": 32}, [("T", ["W", "B", "U"])], {"B"}))
    ['B', 'U']
    """
    unpublished = set(unpublished)
    model = CellModel(values=dict(values), sensitive=unpublished & {c for c, v in values.items() if v})
    for c in values:
        if c not in unpublished:
            model.units[c] = (c,)
    model.priority = dict(priority or {})
    for total, parts in relations:
        model.add_relation(total, parts, check=False)
    hidden_units, _ = protect(model, set(hidden) - unpublished, threshold)
    return hidden_units


# ---------------------------------------------------------------------------
# Count tables
# ---------------------------------------------------------------------------


def _flag(col: str) -> str:
    return f"{col}_suppressed"


def suppress_counts(table: pd.DataFrame, count_cols: Sequence[str], threshold: Thresholds | int | None = None
                    ) -> pd.DataFrame:
    """Primary suppression of a count table: counts of 1 to ``threshold`` people become NaN.

    ``count_cols`` hold counts of people; 0 is shown. ``threshold`` is the
    largest hidden count (default 7) or a :class:`Thresholds`. Returns a copy
    with those columns as float (NaN where hidden), a boolean
    ``<col>_suppressed`` per count column and ``suppressed`` (any cell of the
    row hidden). Use :func:`mark` to display. Primary suppression alone is
    not safe when the table has totals: see :func:`secondary_suppress`.

    >>> suppress_counts(pd.DataFrame({"n": [0, 3, 7, 8]}), ["n"])["n"].tolist()
    [0.0, nan, nan, 8.0]
    """
    t = thresholds(threshold).count
    out = table.copy()
    for col in count_cols:
        small = out[col].map(lambda x: is_small(x, t)).astype(bool)
        out[_flag(col)] = small
        out[col] = out[col].astype(float).mask(small)
    out["suppressed"] = out[[_flag(c) for c in count_cols]].any(axis=1) if count_cols else False
    return out


def secondary_suppress(table: pd.DataFrame, count_cols: Sequence[str], *, total_col: str | None = None,
                       row_totals: Mapping[Hashable, Sequence[Hashable]] | None = None, key: str | None = None,
                       threshold: Thresholds | int | None = None, primary: pd.DataFrame | None = None,
                       by: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Primary and secondary suppression of a count table with totals.

    ``table`` holds the *unsuppressed* counts, one row per breakdown.
    Relations:

    - ``total_col``: in every row, ``sum(count_cols) == total_col``
      (e.g. White + BME + Unknown = Total);
    - ``row_totals``: ``{total_row: [component rows]}``, rows named by the
      ``key`` column (or the index); in every column the component rows add
      up to the total row (bands to a cluster, clusters to Overall).

    Primary suppression hides counts of 1 to ``threshold`` (default 7) in
    ``count_cols`` and ``total_col``, and every cell (zeros too) of a row
    whose ``total_col`` is 1 to ``threshold`` (no ethnicity breakdown of a
    tiny group); or, if given, exactly the cells flagged True in
    ``primary`` (a boolean frame with the same index and those columns).
    Secondary suppression then hides further cells until no hidden cell can
    be recovered from the shown cells by subtraction or any combination of
    the relations: each time, the smallest non-zero shown cell of a relation
    that gives a hidden cell away, preferring component cells to totals
    (deterministic: ties go to the first row, then the first column). Zeros
    are hidden only when nothing else can be.

    ``by``: columns (e.g. ``year``) to treat separately; relations hold
    within each group. Every relation must hold in the data (ValueError
    otherwise). Returns the format of :func:`suppress_counts`.
    """
    t = thresholds(threshold).count
    cols = list(count_cols) + ([total_col] if total_col else [])
    if by is not None:
        by_cols = [by] if isinstance(by, str) else list(by)
        parts = [secondary_suppress(g, count_cols, total_col=total_col, row_totals=row_totals, key=key,
                                    threshold=threshold, primary=None if primary is None else primary.loc[g.index])
                 for _, g in table.groupby(by_cols, sort=False)]
        return pd.concat(parts).loc[table.index] if parts else suppress_counts(table, cols, t)
    labels = list(table[key]) if key else list(table.index)
    if len(set(labels)) != len(labels):
        raise ValueError("row labels must be unique within a table (or group of `by`)")
    row_of = {label: i for i, label in enumerate(labels)}
    model = CellModel()
    depth = {}

    def level(label, seen=()):
        if label not in depth:
            members = (row_totals or {}).get(label, [])
            if label in seen:
                raise ValueError(f"row_totals is circular at row {label!r}")
            depth[label] = 1 + max((level(m, seen + (label,)) for m in members), default=-1) if members else 0
        return depth[label]

    for i, label in enumerate(labels):
        for col in cols:
            value = table[col].iloc[i]
            if pd.isna(value) or float(value) != int(value) or value < 0:
                raise ValueError(f"{col} of row {label!r} is {value!r}, not a count")
            cell = (i, col)
            model.values[cell] = int(value)
            model.units[cell] = (cell,)
            model.priority[cell] = (col == total_col) + level(label)
    for i, label in enumerate(labels):
        if total_col and not model.add_relation((i, total_col), [(i, c) for c in count_cols]):
            raise ValueError(f"row {label!r}: {' + '.join(count_cols)} is not {total_col}")
    for total, members in (row_totals or {}).items():
        if total not in row_of or any(m not in row_of for m in members):
            missing = [x for x in [total, *members] if x not in row_of]
            raise ValueError(f"row_totals names rows not in the table: {missing}")
        for col in cols:
            if not model.add_relation((row_of[total], col), [(row_of[m], col) for m in members]):
                raise ValueError(f"{col}: rows {list(members)} do not add up to row {total!r}")
    if primary is None:
        hidden = {c for c, v in model.values.items() if is_small(v, t)}
        if total_col:
            hidden |= {(i, col) for i in range(len(labels)) if is_small(model.values[(i, total_col)], t)
                       for col in cols}
    else:
        hidden = {(i, col) for i in range(len(labels)) for col in cols if bool(primary[col].iloc[i])}
    hidden, _ = protect(model, hidden, t)
    out = table.copy()
    for col in cols:
        flags = pd.Series([(i, col) in hidden for i in range(len(labels))], index=table.index)
        out[_flag(col)] = flags
        out[col] = out[col].astype(float).mask(flags)
    out["suppressed"] = out[[_flag(c) for c in cols]].any(axis=1)
    return out


def mark(table: pd.DataFrame, columns: Sequence[str], fmt: str = "{:,.0f}") -> pd.DataFrame:
    """A copy for display: ``columns`` formatted with ``fmt``, hidden cells as :data:`MARKER`.

    A cell is hidden when ``<col>_suppressed`` is True or, without that
    column (the results contract), when the row's ``suppressed`` is True;
    other NaN show as an empty string.

    >>> mark(suppress_counts(pd.DataFrame({"n": [0, 3, 1200]}), ["n"]), ["n"])["n"].tolist()
    ['0', '*', '1,200']
    """
    out = table.copy()
    for col in columns:
        hidden = out[_flag(col)] if _flag(col) in out else out.get("suppressed", pd.Series(False, index=out.index))
        hidden = hidden.fillna(False).astype(bool)
        out[col] = [MARKER if h else ("" if pd.isna(v) else fmt.format(v)) for v, h in zip(out[col], hidden)]
    return out


# ---------------------------------------------------------------------------
# The integer audit inside the engine
# ---------------------------------------------------------------------------


def _is_protected(model: CellModel, cell, shown_somewhere) -> bool:
    """Whether ``cell`` must not be worked out when hidden: a sensitive cell, or (``protect_hidden``) a
    non-zero cell that some unit shows; never a cell that is public by definition."""
    return cell not in model.public and (
        cell in model.sensitive or (model.protect_hidden and cell in shown_somewhere and model.values[cell] != 0))


def _protected_cells(model: CellModel, visible: set) -> set:
    """The hidden cells that must not be worked out (:func:`_is_protected`)."""
    shown_somewhere = {c for cells in model.units.values() for c in cells}
    return {c for c in model.values if c not in visible and _is_protected(model, c, shown_somewhere)}


def _audit_protect(model: CellModel, hidden: set, t: int, locked: frozenset | set = frozenset(),
                   cache: dict | None = None) -> list:
    """Hide further units until the integer audit (:func:`wreslib.disclosure.audit.cell_ranges`) passes.

    The linear pass (:func:`_protect`) guarantees that no protected cell is
    a linear combination of shown cells; whole numbers and non-negativity
    can still pin a cell or narrow a small one. For each cell the audit
    flags, the cheapest shown unit next to the cell's component (by
    ``priority``, then size) that clears the flag is hidden; if none does
    alone, the cheapest one is hidden and the audit runs again. Changes
    ``hidden`` in place; returns the units added, in order. ``cache``: see
    :func:`wreslib.disclosure.audit.cell_ranges`.
    """
    order = {u: i for i, u in enumerate(model.units)}
    shown_by = defaultdict(list)
    for u, cells in model.units.items():
        for c in cells:
            shown_by[c].append(u)
    in_relations = _relations_by_cell(model.relations)
    cell_order = {c: i for i, c in enumerate(model.values)}
    need = {c: w for c, v in model.values.items() if (w := required_width(v, t)) is not None}
    added = []
    while True:
        visible = {c for u, cells in model.units.items() if u not in hidden for c in cells}
        protected = _protected_cells(model, visible)
        ranges = cell_ranges(model.values, visible, model.relations, protected, cache=cache, need=need,
                             lower=model.lower)
        bad = audit_violations(model.values, ranges, t)
        if not bad:
            return added
        target = min(bad, key=cell_order.__getitem__)
        component, todo = {target}, [target]
        while todo:  # the unknown cells linked to the target
            for r in in_relations[todo.pop()]:
                for c in (r[0],) + tuple(r[1]):
                    if c not in visible and c not in component:
                        component.add(c)
                        todo.append(c)
        candidates = {}
        for c in component:
            for r in in_relations[c]:
                for d in (r[0],) + tuple(r[1]):
                    if d in visible:
                        units = tuple(sorted((u for u in shown_by[d] if u not in hidden), key=order.__getitem__))
                        if units and not any(u in locked for u in units):
                            candidates[units] = (max(model.priority.get(u, 0) for u in units), len(units),
                                                 model.values[d] == 0, model.values[d], order[units[0]])
        if not candidates:
            raise DisclosureError(f"cannot protect cell {target!r}: nothing left to hide next to it")
        ranked = sorted(candidates, key=candidates.__getitem__)
        choice = ranked[0]
        for units in ranked[:12]:
            trial = visible - {c for u in units for c in model.units[u]
                               if all(v in hidden or v in units for v in shown_by[c])}
            if target not in audit_violations(model.values, cell_ranges(model.values, trial, model.relations,
                                                                        {target}, cache=cache, need=need,
                                                                        lower=model.lower), t):
                choice = units
                break
        hidden.update(choice)
        added.extend(choice)


def protect(model: CellModel, primary: Iterable, threshold: Thresholds | int | None = None, *,
            locked: Iterable = ()) -> tuple[set, list]:
    """Secondary suppression on a :class:`CellModel`: the one engine behind every published table.

    ``primary``: the units hidden by the primary rules. Hides further units,
    cheapest first by ``model.priority``, until no protected cell (the
    ``sensitive`` cells and, with ``protect_hidden``, every hidden non-zero
    cell) is a linear combination of shown cells, and then until the
    integer audit (:mod:`wreslib.disclosure.audit`) leaves none pinned and every one of
    1 to ``threshold.count`` with at least ``count + 1`` possible values.
    ``locked`` units are never hidden (already published). Returns (hidden
    units, units added beyond ``primary``, in order).
    """
    t = thresholds(threshold).count
    locked = frozenset(locked)
    hidden, added = _protect(model, set(primary), locked)
    added = added + _audit_protect(model, hidden, t, locked)
    return hidden, added


# ---------------------------------------------------------------------------
# The results contract
# ---------------------------------------------------------------------------



def hidden_note(what: str | None = None) -> str:
    """The one note for a hidden figure, or for one hidden part (``"change"``, ``"ratio"``) of a shown row.

    >>> hidden_note(), hidden_note("change")
    ('* not shown to protect confidentiality', 'change * not shown to protect confidentiality')
    """
    return f"{what + ' ' if what else ''}{MARKER} not shown to protect confidentiality"


#: The one note of every hidden figure, in results.csv and the report: the reason stays internal.
HIDDEN_NOTE = hidden_note()
#: Added to the note of a shown figure whose change from last year is hidden.
HIDDEN_CHANGE_NOTE = hidden_note("change")
NOTE_BOARD_COUNTS = "board member counts not shown (board members can be named): percentage and difference only"


class Reason:
    """Why a figure is hidden: internal reason codes (column ``suppression_reason``), never published."""

    SMALL_COUNT = "small_count"  #: a count, or its complement, of 1 to the count threshold
    SMALL_SURVEY_GROUP = "small_survey_group"  #: fewer responses than the survey threshold
    SECONDARY = "secondary"  #: would let a hidden figure be worked out (linear relations)
    AUDIT = "integer_audit"  #: would let a hidden figure be pinned or narrowed (whole numbers, >= 0)
    DERIVED = "derived"  #: a ratio or difference built on a hidden figure
    #: a system's figure whose cell an organisation of the system hides (:func:`suppress_results`'s ``forced``)
    ORGANISATION = "hidden_by_an_organisation"


_OVERALL, _WITH_BANK = "Overall", "Overall including bank"


def _code(results: pd.DataFrame) -> pd.Series:
    """Each row's standard code (the ``standard`` column; a frame without one is the WRES's)."""
    if "standard" in results:
        return results["standard"].fillna(WRES.code).astype(str)
    return pd.Series(WRES.code, index=results.index)


def _key(code: str, indicator):
    """The cells' name for an indicator: its number for the WRES (as always), (code, number) for
    another standard, so that the WRES's indicator 1 and the WDES's metric "1" are different cells."""
    return int(indicator) if code == WRES.code else (code, indicator)


def _standard_of(key) -> Standard:
    return WRES if isinstance(key, int) else get_standard(key[0])


def _spec(key) -> Indicator:
    return _standard_of(key).indicators[key if isinstance(key, int) else key[1]]


def _keys_of(kind: str, codes) -> list:
    """The cell names of every indicator of ``kind`` in the standards ``codes``."""
    return [_key(code, n) for code in codes for n in get_standard(code).of_kind(kind)]


def _group_metrics(standard: Standard) -> dict:
    """Metric -> group of a standard's group percentages (``white_percent`` -> White ...)."""
    c = standard.characteristic
    return {c.metrics[g]: g for g in c.groups}


def _survey_metrics(standard: Standard) -> dict:
    """Metric -> group of a survey percentage's rows: the two compared groups and ``percent`` (All)."""
    c = standard.characteristic
    return {c.metrics[c.reference]: c.reference, c.metrics[c.focus]: c.focus, "percent": "All"}


def derived_from(standard: Standard) -> dict:
    """Rows without counts and the rows (same year, indicator, breakdown) they are built from: a ratio
    or difference is hidden where one of these is (WRES: ``relative_likelihood`` from ``white_percent``
    and ``bme_percent`` ...)."""
    c = standard.characteristic
    ref, focus = c.metrics[c.reference], c.metrics[c.focus]
    out = {"relative_likelihood": (ref, focus), "distance_from_equity": (ref, focus),
           "difference_pp": (ref, focus, "board_" + focus, "workforce_" + focus)}
    for prefix in (ref.removesuffix("percent"), focus.removesuffix("percent"), ""):
        out[prefix + "benchmark_gap_pp"] = (prefix + "percent",)
        out[prefix + "benchmark_gap"] = (prefix + "score",)  # a survey score's gap (WDES metric 9a)
    if standard is WRES:
        out["relative_to_white"] = ("percent",)  # and the White group's percent (see suppress_results)
    return out


#: The WRES's (:func:`derived_from`).
DERIVED_FROM = derived_from(WRES)


def _group_cost(standard: Standard, group: str) -> int:
    """Cost of hiding a group's figure: lower is hidden first. Headline figures (a band's focus group
    % and headcount) last; a survey group's "all staff" figure before the two compared groups'."""
    c = standard.characteristic
    return {"All": -1, c.unknown: 0, c.reference: 1, c.focus: 2}.get(group, 1)


def _int(x) -> int | None:
    return None if pd.isna(x) else int(round(float(x)))


def _split(breakdown: str) -> tuple[str, str]:
    """``"Occupation|Admin | Clerical"`` -> ``("Occupation", "Admin | Clerical")``: split at the first ``|``."""
    head, _, rest = str(breakdown).partition("|")
    return head, rest


def _add_sum(m: CellModel, total, parts: list, remainder, sensitive_limit: int) -> None:
    """``total = sum(parts)``, with an unpublished ``remainder`` cell for whatever the parts leave out
    (an attacker knows the parts add up to at most the total). A small remainder is protected too."""
    parts = [p for p in parts if p in m.values]
    if total not in m.values or not parts:
        return
    rest = m.values[total] - sum(m.values[p] for p in parts)
    if rest < 0:
        return  # not nested after all (e.g. published figures from another source)
    if rest:
        m.values[remainder] = rest
        parts = parts + [remainder]
        if is_small(rest, sensitive_limit):
            m.sensitive.add(remainder)
    m.add_relation(total, parts)


def _unit_cost(key, breakdown: str, group: str) -> int:
    """Priority of a results row for secondary suppression (lower is hidden first)."""
    head, rest = _split(breakdown)
    g = _group_cost(_standard_of(key), group)
    kind = _spec(key).kind
    if kind == COMPOSITION:
        if rest and head not in ("Ethnic category",):
            return 3 + g  # a band
        if head == "Ethnic category":
            return 0
        if breakdown == _OVERALL:
            return 12 + g
        if breakdown == _WITH_BANK:
            return 6 + g
        return 9 + g  # a cluster
    if kind == LIKELIHOOD:
        return (1 if breakdown == "two-year" else 0 if rest else 9) + g
    # Survey: categories first, then occupations, broad groups, the compared groups.
    return {"Ethnic category": 0, "Occupation": 2, "Broad group": 4}.get(head, 9) + g


def _results_model(results: pd.DataFrame, th: Thresholds) -> tuple[CellModel, set, dict]:
    """Cells, units (results rows), relations, primary-hidden rows and their reasons.

    Covers every standard's rows (the ``standard`` column; none: the
    WRES), by the kind of their indicator: composition (bands, clusters,
    Overall, bank; the WRES's ethnic categories), the workforce rows of the
    board figure, likelihoods (with the two-year form and the bases shared
    with the composition headcounts; the WRES's broad groups) and survey
    percentages (the compared groups; the WRES's broad groups, ethnic
    categories and occupations, with "the rest" as unpublished
    remainders). The composition headcount of a breakdown is the same
    people in every standard: one standard's total is tied to the
    WRES's.
    """
    t = th.count
    m = CellModel()
    primary: dict = {}

    def unit(idx, k_cell, n_cell, rest_cell, k, n, cost):
        for cell, v in ((k_cell, k), (n_cell, n)):
            if m.values.setdefault(cell, v) != v:
                return False
        m.values[rest_cell] = n - k
        m.add_relation(n_cell, [k_cell, rest_cell])
        m.units[idx] = (k_cell, n_cell)
        m.priority[idx] = cost
        if n >= 1:
            m.lower[n_cell] = 1  # a published row, even hidden, says its group is not empty
        return True

    rows = results[results["numerator"].notna() & results["denominator"].notna()]
    codes = _code(rows)
    order = {(code, n): (i, j) for i, code in enumerate(REGISTRY) for j, n in enumerate(REGISTRY[code].indicators)}
    # composition cells first (the other indicators share them); standards in the registry's order
    rows = rows.assign(_order=[order[(c, i)] for c, i in zip(codes, rows["indicator"])], _code=codes)
    rows = rows.sort_values("_order", kind="stable")
    for idx, code, ind, year, bd, metric, k, n in rows[["_code", "indicator", "year", "breakdown", "metric",
                                                        "numerator", "denominator"]].itertuples():
        std = get_standard(code)
        key, k, n = _key(code, ind), _int(k), _int(n)
        spec, c = std.indicators[ind], std.characteristic
        comp = _key(code, std.of_kind(COMPOSITION)[0])
        head, rest = _split(bd)
        groups = _group_metrics(std)
        if spec.kind == COMPOSITION and metric in groups:
            g = groups[metric]
            ok = unit(idx, (key, year, bd, g), _total(m, key, year, bd, n), (key, year, bd, "not " + g), k, n,
                      _unit_cost(key, bd, g))
        elif spec.kind == COMPOSITION and std is WRES and head == "Ethnic category" and metric == "percent":
            ok = unit(idx, (key, year, "category", rest), (key, year, _OVERALL, "Total"),
                      (key, year, "category", rest, "rest"), k, n, _unit_cost(key, bd, c.reference))
        elif spec.kind == BOARD and metric == "workforce_" + c.metrics[c.focus]:
            ok = unit(idx, (comp, year, _OVERALL, c.focus), _total(m, comp, year, _OVERALL, n),
                      (comp, year, _OVERALL, "not " + c.focus), k, n, _unit_cost(comp, _OVERALL, c.focus))
        elif spec.kind == LIKELIHOOD and metric in groups and groups[metric] != c.unknown:
            g = groups[metric]
            base = (key, year, bd, "base", g)
            if spec.measures[1] == "headcount" and bd != "two-year" and m.values.get((comp, year, _OVERALL, g)) == n:
                base = (comp, year, _OVERALL, g)  # the base is the composition headcount: the same count, one cell
            ok = unit(idx, (key, year, bd, "events", g), base, (key, year, bd, "non-events", g), k, n,
                      _unit_cost(key, bd, g))
        elif spec.kind == LIKELIHOOD and std is WRES and head == "Broad group" and metric == "percent":
            ok = unit(idx, (key, year, "broad", "events", rest), (key, year, "broad", "base", rest),
                      (key, year, "broad", "non-events", rest), k, n, _unit_cost(key, bd, c.reference))
        elif spec.kind == SURVEY and metric in _survey_metrics(std):
            g = _survey_metrics(std)[metric]
            pop = _survey_population(std, bd, metric)
            ok = unit(idx, (key, year, "survey", pop, "k"), (key, year, "survey", pop, "n"),
                      (key, year, "survey", pop, "not k"), k, n, _unit_cost(key, bd, g))
            if ok and is_small(n, th.survey - 1):
                primary[idx] = Reason.SMALL_SURVEY_GROUP
        else:
            continue
        if not ok:
            continue
        if idx not in primary and (is_small(k, t) or is_small(n - k, t)):
            primary[idx] = Reason.SMALL_COUNT

    present = [code for code in REGISTRY if (codes == code).any()]
    _composition_relations(m, t, present)
    _rate_relations(m, t, present)
    _survey_relations(m, t, present)
    # Protect every count of 1 to t implied but never shown (complements, remainders, bank staff); and
    # (protect_hidden) every hidden non-zero count: no hidden figure may be pinned.
    m.sensitive |= {c for c, v in m.values.items() if is_small(v, t) and not any(c in u for u in m.units.values())}
    m.protect_hidden = True
    return m, set(primary), primary


def _total(m: CellModel, key, year, breakdown: str, n: int | None = None) -> tuple:
    """The cell of a breakdown's headcount in composition ``key``: the WRES's cell when it holds the
    same count (the same people, whichever characteristic splits them), else the standard's own."""
    wres = (_key(WRES.code, WRES.of_kind(COMPOSITION)[0]), year, breakdown, "Total")
    own = (key, year, breakdown, "Total")
    if own not in m.values and wres in m.values and (n is None or m.values[wres] == n):
        return wres
    return own


def _composition_relations(m: CellModel, t: int, codes: list) -> None:
    """Groups add up to the headcount, bands to clusters, clusters to Overall, Overall and bank staff to
    Overall including bank (each standard's groups); the WRES's ethnic categories to their group; and
    a breakdown's headcount is the same people in every standard."""
    wres_key = _key(WRES.code, WRES.of_kind(COMPOSITION)[0])
    for key in _keys_of(COMPOSITION, codes):
        groups = _standard_of(key).characteristic.groups
        breakdowns = defaultdict(set)
        for c in m.values:
            if c[0] == key and len(c) == 4 and c[2] != "category":
                breakdowns[c[1]].add(c[2])
        for year, bds in breakdowns.items():
            def cell(bd, g):
                return _total(m, key, year, bd) if g == "Total" else (key, year, bd, g)

            for bd in bds:
                m.add_relation(cell(bd, "Total"), [cell(bd, g) for g in groups])
            clusters = sorted(b for b in bds if "|" not in b and b not in (_OVERALL, _WITH_BANK))
            for g in groups + ("Total",):
                if g == "Total" and key != wres_key and cell(_OVERALL, g)[0] == wres_key:
                    continue  # the WRES's headcounts, whose relations are there already
                for cluster in clusters:
                    bands = sorted(b for b in bds if b.startswith(cluster + "|"))
                    if bands:
                        _add_sum(m, cell(cluster, g), [cell(b, g) for b in bands], (key, year, cluster, g, "rest"), t)
                if clusters:
                    _add_sum(m, cell(_OVERALL, g), [cell(c, g) for c in clusters], (key, year, _OVERALL, g, "rest"), t)
                if _OVERALL in bds and _WITH_BANK in bds:
                    _add_sum(m, cell(_WITH_BANK, g), [cell(_OVERALL, g)], (key, year, "bank", g), t)
            if key != wres_key:
                continue
            # Ethnic categories add up to their WRES group.
            categories = sorted(c[3] for c in m.values if c[:3] == (key, year, "category") and len(c) == 4)
            for g in groups:
                _add_sum(m, (key, year, _OVERALL, g), [(key, year, "category", c) for c in categories
                                                       if wres_of_category(c) == g],
                         (key, year, _OVERALL, g, "categories rest"), t)


def _rate_relations(m: CellModel, t: int, codes: list) -> None:
    """Two-year figures are this year's and last year's counts added up; the WRES's broad groups add up
    to their group."""
    for key in _keys_of(LIKELIHOOD, codes):
        if not _spec(key).two_year:
            continue
        comp = _key(_standard_of(key).code, _standard_of(key).of_kind(COMPOSITION)[0])
        for c in [c for c in m.values if c[0] == key and len(c) == 5 and c[2] == "two-year"]:
            _, year, _, what, g = c

            def single(y):
                cell = (key, y, _spec(key).breakdown, what, g)
                overall = (comp, y, _OVERALL, g)
                return overall if what == "base" and cell not in m.values and overall in m.values else cell

            if m.add_relation(c, [single(year), single(year - 1)]) and what == "base" and all(
                    single(y)[0] == comp for y in (year, year - 1)):
                m.public.add(c)  # the two years' headcounts added up: no secret of its own
    likelihood_keys = set(_keys_of(LIKELIHOOD, codes))
    for ind, year in sorted({(c[0], c[1]) for c in m.values if c[0] in likelihood_keys and len(c) == 5
                             and c[2] == "broad"}, key=repr):
        names = sorted(c[4] for c in m.values if c[:4] == (ind, year, "broad", "events"))
        all_bd = _spec(ind).breakdown
        for g in (WRES.characteristic.reference, WRES.characteristic.focus):
            for what in ("events", "base"):
                _add_sum(m, (ind, year, all_bd, what, g), [(ind, year, "broad", what, b) for b in names
                                                           if wres_of_broad(b) == g],
                         (ind, year, "broad rest", g, what), t)
            _pair_answers(m, [(ind, year, "broad rest", g, "events")], "events", "base", "non-events", t)


def _survey_population(standard: Standard, breakdown: str, metric: str) -> tuple:
    """Who a survey figure counts, so that the same people are the same cells in every table."""
    head, rest = _split(breakdown)
    group = _survey_metrics(standard)[metric]
    if breakdown == "All" and group == "All":
        return ("all",)  # everyone who answered: the compared groups, the unknown group and any unpublished rest
    if breakdown == "All" and group != "All":
        return ("wres", group)  # a compared group of the whole staff (named "wres" for every standard)
    if standard is not WRES:
        return ("other", breakdown, metric)
    if head == "Broad group":
        return ("wres", wres_of_broad(rest)) if wres_of_broad(rest) != "BME" else ("broad", rest)
    if head == "Ethnic category":
        return ("category", rest)
    if head == "Occupation" and not any(f"|{level}|" in breakdown for level in ("Ethnic category", "Broad group")):
        return ("occupation", rest, group)
    return ("other", breakdown, metric)  # e.g. a published occupation by ethnic group: a figure of its own


def _survey_relations(m: CellModel, t: int, codes: list) -> None:
    survey_keys = set(_keys_of(SURVEY, codes))
    keys = sorted({(c[0], c[1]) for c in m.values if c[0] in survey_keys and len(c) == 5}, key=repr)
    for ind, year in keys:
        def cell(pop, what):
            return (ind, year, "survey", pop, what)

        ch = _standard_of(ind).characteristic
        pops = {c[3] for c in m.values if c[:3] == (ind, year, "survey") and len(c) == 5}
        for what in ("k", "n"):
            broad = sorted({p[1] for p in pops if p[0] == "broad"})
            _add_sum(m, cell(("wres", "BME"), what), [cell(("broad", b), what) for b in broad],
                     (ind, year, "survey rest", "BME broad", what), t)
            categories = sorted({p[1] for p in pops if p[0] == "category"})
            for b in broad + ["White", "Unknown"]:
                total = cell(("broad", b), what) if b not in ("White", "Unknown") else cell(("wres", b), what)
                _add_sum(m, total, [cell(("category", c), what) for c in categories if broad_of_category(c) == b],
                         (ind, year, "survey rest", "categories", b, what), t)
            # Everyone: the compared groups, and the occupations within it.
            wres_cells = [cell(("wres", g), what) for g in ch.groups if cell(("wres", g), what) in m.values]
            occupations = sorted({p[1] for p in pops if p[0] == "occupation"})
            # the published all-staff figure where there is one, else a cell of its own (never published)
            everyone = cell(("all",), what) if cell(("all",), what) in m.values else (ind, year, "survey everyone", what)
            occ_all = [cell(("occupation", o, "All"), what) for o in occupations
                       if cell(("occupation", o, "All"), what) in m.values]
            total_value = max(sum(m.values[c] for c in wres_cells), sum(m.values[c] for c in occ_all))
            if (wres_cells or occ_all) and everyone not in m.values:
                m.values[everyone] = total_value
            if everyone in m.values:
                _add_sum(m, everyone, wres_cells, (ind, year, "survey rest", "wres", what), t)
                _add_sum(m, everyone, occ_all, (ind, year, "survey rest", "occupations", what), t)
            for o in occupations:
                _add_sum(m, cell(("occupation", o, "All"), what),
                         [cell(("occupation", o, g), what) for g in (ch.reference, ch.focus)],
                         (ind, year, "survey rest", o, what), t)
            for g in (ch.reference, ch.focus):
                _add_sum(m, cell(("wres", g), what), [cell(("occupation", o, g), what) for o in occupations],
                         (ind, year, "survey rest", "occupations", g, what), t)
        # The unpublished groups (everyone, and each remainder) answer too: positive answers <= answers.
        _pair_answers(m, [c for c in m.values if c[:2] == (ind, year) and c[2] in ("survey rest", "survey everyone")],
                      "k", "n", "not k", t)


def _pair_answers(m: CellModel, cells: list, part: str, whole: str, rest: str, t: int) -> None:
    """For each unpublished group with both a ``part`` cell and a ``whole`` cell (positive answers and
    answers; events and base), ``whole = part + rest``: an attacker knows the part is not larger."""
    for c in cells:
        if c[-1] != part:
            continue
        n_cell, rest_cell = c[:-1] + (whole,), c[:-1] + (rest,)
        if n_cell in m.values and rest_cell not in m.values:
            m.values[rest_cell] = m.values[n_cell] - m.values[c]
            if m.values[rest_cell] >= 0 and m.add_relation(n_cell, [c, rest_cell]):
                if is_small(m.values[rest_cell], t):
                    m.sensitive.add(rest_cell)
            else:
                del m.values[rest_cell]


def board_safe(results: pd.DataFrame, threshold: Thresholds | int | None = None) -> pd.DataFrame:
    """The board rule, on indicator 9 rows of the results contract.

    Board members are people everyone can name, and the WRES requires
    indicator 9 for the whole board, its voting and its executive members, so:

    - ``board_bme_percent`` and ``difference_pp`` are shown for every
      board group, however small (they are the mandatory WRES figures, and
      who sits on a board is public), without intervals (a board is a
      census of named people, not a sample, and an interval would invert
      to the counts);
    - their ``numerator``/``denominator`` (the counts of board members by
      ethnicity) are always blanked, and no other breakdown of a board group
      by ethnicity is published.

    ``threshold`` is accepted for a uniform signature; board percentages do
    not depend on it. Other rows are returned unchanged. Adds
    ``suppressed`` if missing. Called by :func:`suppress_results`.
    """
    out = results.copy()
    if "suppressed" not in out:
        out["suppressed"] = False
    kinds = _kinds(out)
    board = (kinds == BOARD) & (out["metric"].str.startswith("board_"))
    out.loc[kinds == BOARD, ["ci_low", "ci_high"]] = math.nan
    for idx in out.index[board]:
        out.loc[idx, ["numerator", "denominator"]] = math.nan
        out.loc[idx, "note"] = _join(out.loc[idx, "note"], NOTE_BOARD_COUNTS)
    return out


def _kinds(results: pd.DataFrame) -> pd.Series:
    """Each row's indicator kind (:data:`wreslib.standards.base.KINDS`), from its standard's declaration."""
    return pd.Series([get_standard(code).indicators[ind].kind for code, ind in zip(_code(results), results["indicator"])],
                     index=results.index, dtype=object)


def _join(note, text: str) -> str:
    note = "" if pd.isna(note) else str(note)
    return note if text in note else "; ".join(filter(None, [note, text]))


#: Reports an attacker is assumed to combine: this year's and the two before.
WINDOW_YEARS = 3


def _choose_hidden(results: pd.DataFrame, th: Thresholds, forced: Mapping[Hashable, str] | None = None) -> dict:
    """Which counted rows to hide, year by year: ``{index: reason}``.

    Each reporting year is decided as its own report was, with its
    decisions then fixed, since they are published: with the
    :data:`WINDOW_YEARS` - 1 years before it, whose decisions are fixed
    too (the two-year indicator 3 links each year to the one before, so an
    attacker holding three reports can chain them; ``change`` reaches one
    year back).
    """
    decided: dict = {}
    cache: dict = {}  # integer ranges of components already audited (earlier years' stay the same)
    codes = _code(results)
    order = list(REGISTRY)
    for code in [c for c in order if (codes == c).any()]:
        # Standard by standard (the registry's order), each with the ones before it decided and locked:
        # the WRES is decided as if it were published alone; the WDES shares its headcounts.
        before = codes.isin(order[:order.index(code)])
        for year in sorted(results.loc[codes == code, "year"].dropna().unique()):
            in_window = results["year"].between(year - WINDOW_YEARS + 1, year)
            window = results[in_window & ((codes == code) | before)]
            model, _, primary = _results_model(window, th)
            if before.any():  # only the part of the standards before that shares cells with this one
                model = _around(model, [c for u, cells in model.units.items() if codes[u] == code for c in cells])
            locked = frozenset(u for u in model.units if results.at[u, "year"] != year or codes[u] != code)
            primary = {**{u: r for u, r in (forced or {}).items() if u in model.units}, **primary}
            _decide(model, {u: r for u, r in primary.items() if u in model.units}, locked, decided, cache, th)
    # Forced rows outside every model (no counts): hidden as they are.
    decided.update({u: r for u, r in (forced or {}).items() if u not in decided})
    return decided


def _decide(model: CellModel, primary: dict, locked: frozenset, decided: dict, cache: dict, th: Thresholds) -> None:
    """One report's decisions (the units not ``locked``) into ``decided``: primary, secondary, audit."""
    hidden = {u for u in locked if u in decided} | {u for u in primary if u not in locked}
    hidden, added = _protect(model, hidden, locked)
    more = _audit_protect(model, hidden, th.count, locked, cache)
    for u in model.units:
        if u in locked:
            continue
        if u in primary:
            decided[u] = primary[u]
        elif u in more:
            decided[u] = Reason.AUDIT
        elif u in hidden:
            decided[u] = Reason.SECONDARY


def _small_weighted_groups(results: pd.DataFrame, th: Thresholds) -> list:
    """Survey rows with a number of responses but no count of positive answers (a weighted percentage,
    shown as published) from a group of 1 to ``survey - 1`` responses: the small-group rule is the one
    that applies (their percentages are not whole numbers of people, so no count relation holds)."""
    kinds, codes = _kinds(results), _code(results)
    group_rows = pd.Series([metric in _survey_metrics(get_standard(code)) or metric.endswith("score")
                            for code, metric in zip(codes, results["metric"])], index=results.index, dtype=bool)
    rows = results[kinds.isin([SURVEY, SCORE]) & group_rows & ~results["metric"].str.startswith("benchmark_")
                   & results["numerator"].isna() & results["denominator"].notna() & ~results["suppressed"]]
    return [idx for idx, n in rows["denominator"].items() if is_small(_int(n), th.survey - 1)]


def suppress_results(results: pd.DataFrame, threshold: Thresholds | int | None = None, *,
                     forced: Mapping[Hashable, str] | None = None) -> pd.DataFrame:
    """All disclosure rules on the results contract (:data:`wreslib.compute.indicators.RESULT_COLUMNS`).

    Returns a copy, same rows and order, with three columns of suppression
    state: ``suppressed`` (the row's figures are hidden: ``value``,
    ``ci_low``, ``ci_high``, ``numerator``, ``denominator`` and ``change``
    NaN), ``change_suppressed`` (only the change is hidden) and
    ``suppression_reason`` (a :class:`Reason` code, internal: never
    published). Every hidden row gets the same note, :data:`HIDDEN_NOTE`,
    whatever the reason, so the note cannot give the reason away.
    ``threshold``: a :class:`Thresholds` or the count threshold (default 7).

    1. Primary: a percentage whose numerator or complement (denominator -
       numerator) is 1 to ``count`` people; survey indicators (5-8) also a
       group of 1 to ``survey - 1`` responses (weighted survey figures, which
       have responses but no count, by this rule alone).
    2. Secondary, on the cell model of every published count
       (:func:`_results_model`): White + BME + Unknown = headcount, bands to
       cluster to Overall, Overall plus bank staff = Overall including
       bank, ethnic categories to their WRES group, indicator 3 two-year =
       this year + last year, indicator 3/4 bases = indicator 1's
       headcounts, survey groups (WRES, broad, category, occupation, with
       the rest unpublished). Further rows are hidden until no hidden
       figure is a linear combination of shown ones, then until the
       integer audit (:mod:`wreslib.disclosure.audit`: whole numbers, >= 0) leaves no
       hidden non-zero count pinned and every hidden count of 1 to
       ``count`` at least ``count + 1`` possible values. Cheapest first:
       Unknown before White before BME, bands before clusters before
       Overall (headline figures last).
    3. Built on a hidden figure (:data:`DERIVED_FROM`): ratios and differences.
    4. Board (:func:`board_safe`): counts and intervals never shown;
       percentages and differences always shown.
    5. ``change`` is hidden where this or the previous year's figure is.

    ``forced``: rows (index: reason code) hidden as primary whatever their counts, with the secondary
    suppression that protects them: a system's figures whose cells one of its organisations hides
    (:func:`wreslib.publish.system.system_report`), so that the system's published figures are sums
    of figures its organisations publish.
    """
    th = thresholds(threshold)
    if not results.index.is_unique:
        raise ValueError("results must have a unique index")
    out = results.copy()
    out["suppressed"] = False
    out["change_suppressed"] = False
    out["suppression_reason"] = ""
    for reason, rows in _by_reason(_choose_hidden(results, th, forced)).items():
        _hide(out, rows, reason)
    _hide(out, _small_weighted_groups(out, th), Reason.SMALL_SURVEY_GROUP)
    out = board_safe(out, th)
    # Rows without counts (ratios, differences) built on a hidden figure.
    key = ["_code", "year", "indicator", "breakdown", "metric"]
    keyed = out.assign(_code=_code(out))
    hidden = set(map(tuple, keyed.loc[keyed["suppressed"], key].itertuples(index=False)))
    sources = {code: derived_from(get_standard(code)) for code in set(keyed["_code"])}
    derived = [idx for idx, code, year, ind, bd, metric in keyed.loc[~keyed["suppressed"], key].itertuples()
               if any((code, year, ind, bd, s) in hidden for s in sources[code].get(metric, ()))
               or (metric == "relative_to_white" and (code, year, ind, "Broad group|White", "percent") in hidden)]
    _hide(out, derived, Reason.DERIVED)
    # Change: this year minus last year reveals last year's hidden figure.
    keyed = out.assign(_code=_code(out))
    hidden = set(map(tuple, keyed.loc[keyed["suppressed"], key].itertuples(index=False)))
    changes = [idx for idx, code, year, ind, bd, metric, change in
               keyed.loc[~keyed["suppressed"], key + ["change"]].itertuples()
               if (code, year - 1, ind, bd, metric) in hidden and not pd.isna(change)]
    out.loc[changes, "change"] = math.nan
    out.loc[changes, "change_suppressed"] = True
    out.loc[changes, "note"] = [_join(n, HIDDEN_CHANGE_NOTE) for n in out.loc[changes, "note"]]
    return out


def _by_reason(decided: dict) -> dict:
    rows = defaultdict(list)
    for idx, reason in decided.items():
        rows[reason].append(idx)
    return rows


def _hide(out: pd.DataFrame, rows: list, reason: str) -> None:
    if not rows:
        return
    out.loc[rows, [c for c in FIGURE_COLUMNS if c in out]] = math.nan
    out.loc[rows, "suppressed"] = True
    out.loc[rows, "suppression_reason"] = reason
    out.loc[rows, "note"] = HIDDEN_NOTE


# ---------------------------------------------------------------------------
# Data notes
# ---------------------------------------------------------------------------

#: Priority of a data note's count: hidden before anything else (the results' decisions are fixed).
_NOTE_COST = -100
#: Results cells the indicator 3 and 4 headcounts of a group are (``no_indicator_1_band``):
#: (indicator, breakdown) of the rows whose denominator is that headcount.
_HEADCOUNT_ROWS = ((3, "single-year"), (4, "All"))


def _note_cells(m: CellModel, data_note: DataNote, key: tuple, t: int) -> set:
    """Add one note's counts to ``m`` as cells and units, with the relations an attacker knows
    (:data:`~wreslib.inputs.datanotes.VALUES_TOTAL`, :data:`~wreslib.inputs.datanotes.COUNT_SUMS`,
    :data:`~wreslib.inputs.datanotes.LINKS`). Returns the units hidden by the small-count rule."""
    primary = set()
    year = data_note.year
    shown = [(name, n) for name, n in data_note.counts] + [(f"value:{j}", n) for j, (_, n) in
                                                            enumerate(data_note.values)]
    for name, n in shown:
        cell = key + (name,)
        m.values[cell], m.units[cell], m.priority[cell] = n, (cell,), _NOTE_COST
        if is_small(n, t):
            primary.add(cell)
    if data_note.code in VALUES_TOTAL and data_note.values:
        m.add_relation(key + (VALUES_TOTAL[data_note.code],),
                       [key + (f"value:{j}",) for j in range(len(data_note.values))])
    if data_note.code in COUNT_SUMS:
        total, parts = COUNT_SUMS[data_note.code]
        m.add_relation(key + (total,), [key + (p,) for p in parts])
    link = LINKS.get(data_note.code)
    if link and data_note.groups:
        parts = []
        for g, n in data_note.groups:
            bank = (1, year, "bank", g)
            if link == "bank" and m.values.get(bank) == n:
                parts.append(bank)  # Overall including bank minus Overall: the same people
                continue
            cell = key + ("group", g)
            m.values[cell] = n
            parts.append(cell)
            tied = False
            if link == "no_band":  # in the indicator 3 and 4 headcounts, not in indicator 1's
                for ind, breakdown in _HEADCOUNT_ROWS:
                    tied |= m.add_relation((ind, year, breakdown, "base", g), [(1, year, _OVERALL, g), cell])
            # A group's count that the results give away already (a headcount minus another) is theirs to
            # protect; one that only the note would give away (the Unknown group's) must not be worked out.
            if is_small(n, t) and not tied:
                m.sensitive.add(cell)
        m.add_relation(key + ("people",), parts)
    return primary


def _around(m: CellModel, seeds: Iterable) -> CellModel:
    """The part of ``m`` linked to ``seeds`` by relations, with the units that show its cells.

    Parts that share no relation cannot narrow each other (linearly or in the integer audit), so
    with every other unit locked the engine decides the same on this part alone, sooner."""
    in_relations = _relations_by_cell(m.relations)
    cells, todo, relations = set(seeds), list(seeds), {}
    while todo:
        for r in in_relations[todo.pop()]:
            relations[id(r)] = r
            for c in (r[0],) + tuple(r[1]):
                if c not in cells:
                    cells.add(c)
                    todo.append(c)
    units = {u: cs for u, cs in m.units.items() if not cells.isdisjoint(cs)}
    cells |= {c for cs in units.values() for c in cs}
    # In the model's own order, not a set's: ties are broken by that order, and a set of tuples of text
    # iterates in an order that changes from one process to the next (hash randomisation).
    return CellModel(values={c: v for c, v in m.values.items() if c in cells}, units=units,
                     priority={u: m.priority[u] for u in units if u in m.priority},
                     relations=[r for r in m.relations if id(r) in relations], sensitive=m.sensitive & cells,
                     protect_hidden=m.protect_hidden,
                     lower={c: v for c, v in m.lower.items() if c in cells}, public=m.public & cells)


def protect_notes(notes: Sequence[DataNote], results: pd.DataFrame, shown: pd.DataFrame,
                  threshold: Thresholds | int | None = None) -> list[DataNote]:
    """Disclosure control on data notes: each note with the counts to hide marked (``hidden``).

    ``results``: the unsuppressed results and ``shown`` what
    :func:`suppress_results` made of them (same index). For each year the
    notes' counts join that year's cell model of the results
    (:func:`_results_model`, the :data:`WINDOW_YEARS` window) with every
    results row locked as decided, so the headline figures never change for
    a note's sake. A count of 1 to ``count`` is hidden; then, by the one
    engine (:func:`protect`), whatever else would let a hidden count, or a
    hidden figure of the results, be worked out: listed values add up to
    their total, students' groups to theirs, bank-only staff are Overall
    including bank minus Overall, and staff with no indicator 1 band are
    the indicator 3 and 4 headcounts minus indicator 1's, by group (the
    group split is never shown). A note so linked is hidden whole when any of
    the year's Overall indicator 1 figures is. Should the engine fail, every
    count of the year's notes is hidden.
    """
    th = thresholds(threshold)
    out = list(notes)
    for year in sorted({n.year for n in out}):
        window = results[results["year"].between(year - WINDOW_YEARS + 1, year)]
        model, _, _ = _results_model(window, th)
        locked = frozenset(model.units)
        hidden = {u for u in locked if bool(shown.at[u, "suppressed"])}
        mine = [i for i, n in enumerate(out) if n.year == year]
        for i in mine:
            hidden |= _note_cells(model, out[i], ("note", year, i), th.count)
        model = _around(model, [c for c in model.values if c[:1] == ("note",)])
        locked = locked & frozenset(model.units)
        hidden = {u for u in hidden if u in model.units}
        try:
            hidden, _ = protect(model, hidden, th, locked=locked)
        except DisclosureError:
            hidden = {u for u in model.units if isinstance(u, tuple) and u[:1] == ("note",)}
        # A linked note's total is a difference of headcounts (Overall including bank minus Overall; the
        # indicator 3 and 4 headcounts minus indicator 1's): with an Overall figure hidden, the note would
        # give the hidden Overall headcount away (found by the independent attacker), so all of it goes.
        overall = (shown["year"] == year) & (shown["indicator"] == 1) & (shown["breakdown"] == _OVERALL) & (
            _code(shown) == WRES.code)
        overall_hidden = bool(shown.loc[overall, "suppressed"].any())
        for i in mine:
            names = {u[3] for u in hidden if isinstance(u, tuple) and u[:3] == ("note", year, i)}
            if overall_hidden and out[i].code in LINKS:
                names |= {name for name, _ in out[i].counts} | {f"value:{j}" for j in range(len(out[i].values))}
            out[i] = hide(out[i], names)
    return out


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------


def visible_groups(frame: pd.DataFrame, *, count_col: str | None = None, min_count: int | None = None,
                   noun: str = "people", survey: bool = False,
                   threshold: Thresholds | int | None = None) -> tuple[pd.DataFrame, str]:
    """The rows of ``frame`` a chart may show, and a sentence saying how many were left out.

    A row (one group, e.g. a band or an ethnic group) is left out when its
    ``suppressed`` column (if any) is True, or when ``count_col`` (the
    group's size: ``denominator`` in the results contract, or responses) is
    1 to ``min_count - 1``. ``min_count`` defaults to ``threshold.count + 1``
    (8 people) or, with ``survey=True``, ``threshold.survey`` (11
    responses). Groups of 0 are kept. ``noun`` is accepted for callers that
    name what is counted; the sentence does not give the reason a group is
    hidden (small, or protecting another), since that would help an attacker.

    Returns ``(rows, sentence)``; ``sentence`` is empty when nothing was left
    out, e.g. "2 groups are not shown to protect confidentiality."

    >>> f = pd.DataFrame({"group": ["A", "B", "C"], "denominator": [40, 6, 9]})
    >>> rows, sentence = visible_groups(f, count_col="denominator", survey=True, noun="responses")
    >>> rows["group"].tolist(), sentence
    (['A'], '2 groups are not shown to protect confidentiality.')
    """
    t = thresholds(threshold)
    if min_count is None:
        min_count = t.survey if survey else t.count + 1
    leave_out = pd.Series(False, index=frame.index)
    if count_col is not None:
        leave_out |= frame[count_col].map(lambda x: is_small(x, min_count - 1)).astype(bool)
    if "suppressed" in frame:
        leave_out |= frame["suppressed"].fillna(False).astype(bool)
    n = int(leave_out.sum())
    sentence = "" if n == 0 else (f"{n} group{'s are' if n != 1 else ' is'} not shown to protect "
                                  "confidentiality.")
    return frame.loc[~leave_out], sentence


# ---------------------------------------------------------------------------
# Publish-time scan
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something in a file about to be published that may identify a person.

    ``kind``: ``"count"`` (a visible count of 1 to the threshold),
    ``"identifier"`` (an input identifier value), ``"identifier column"``
    (a column named like ``staff_id``) or ``"unscanned"`` (a file type the
    scan cannot read). ``line`` is 1-based, ``column`` 1-based within the
    line (0 when unknown), ``text`` the offending text, ``detail`` why.
    """

    file: str
    line: int
    column: int
    kind: str
    text: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.kind}: {self.detail}: {self.text!r}"


#: Words that make a table column header or CSV column a column of counts of people.
COUNT_HEADER_WORDS = frozenset({"n", "count", "counts", "numerator", "denominator", "responses", "respondents",
                                "headcount", "number", "people", "staff", "members", "applicants", "employees"})
#: Words that make a header *not* a count header even with a count word in it.
NOT_COUNT_HEADER_WORDS = frozenset({"percent", "percentage", "pct", "rate", "ratio", "likelihood", "share",
                                    "proportion", "indicator", "year", "band", "change", "difference", "id",
                                    "interval", "ci", "low", "high", "value", "average", "mean", "median",
                                    "score", "question", "metric", "pp"})
#: Nouns for people: "5 staff", "3 BME applicants", "(4 responses)".
PEOPLE_NOUNS = ("staff", "people", "persons", "person", "employees", "employee", "colleagues", "colleague",
                "members", "member", "responses", "response", "respondents", "respondent", "applicants",
                "applicant", "candidates", "candidate", "individuals", "individual", "cases", "case",
                "nurses", "nurse", "doctors", "doctor", "consultants", "consultant", "directors", "director",
                "appointments", "appointed", "shortlisted", "leavers", "starters", "men", "women")
#: Words allowed between a number and its noun: "3 BME board members", "2 Black African nurses".
QUALIFIERS = ("bme", "white", "black", "asian", "mixed", "chinese", "other", "minority", "minoritised", "ethnic",
              "ethnicity", "unknown", "british", "african", "caribbean", "indian", "pakistani", "bangladeshi",
              "irish", "board", "voting", "non-voting", "executive", "non-executive", "clinical", "non-clinical",
              "medical", "dental", "nursing", "female", "male", "disabled", "new", "more", "fewer", "additional",
              "bank", "agency", "senior", "junior", "survey", "staff", "ethnically", "diverse")
#: Words which, straight before a number, make it a label rather than a count: "Band 5 staff".
LABEL_WORDS = frozenset({"band", "bands", "indicator", "indicators", "table", "tables", "figure", "figures", "fig",
                         "chart", "page", "section", "chapter", "appendix", "question", "q", "grade", "level",
                         "step", "no", "number", "year", "years", "item", "part", "priority", "action", "objective",
                         "standard", "metric", "wres", "version", "phase", "stage", "tier", "ward", "room",
                         "cohort", "week", "month", "day", "quarter", "q1", "q2", "q3", "q4", "top", "over",
                         "under", "aged", "age", "than", "fewer", "least", "most", "below", "above", "to",
                         "in", "per", "every"})
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUM = r"(?<![\w.,£$€<>≤≥=/-])(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_WORD_NUMBERS) + r")(?![\w%]|[.,/]\d)"
_PEOPLE_RE = re.compile(_NUM + r"((?:\s+(?:" + "|".join(map(re.escape, QUALIFIERS)) + r")){0,3})\s+(?:"
                        + "|".join(PEOPLE_NOUNS) + r")\b", re.IGNORECASE)
_OF_RE = re.compile(_NUM + r"\s+(?:out\s+)?of\s+(?:the\s+|our\s+)?" + r"(\d{1,3}(?:,\d{3})+|\d+)(?![\w%]|[.,/]\d)"
                    + r"((?:\s+(?:" + "|".join(map(re.escape, QUALIFIERS)) + r")){0,3})\s+(?:"
                    + "|".join(PEOPLE_NOUNS) + r")\b", re.IGNORECASE)
_N_EQUALS_RE = re.compile(r"(?<![\w])n\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)(?![\w%]|[.,]\d)", re.IGNORECASE)
#: A cell that leads with a whole number: a count, unless a unit follows (``%``, ``pp``: points of a percentage).
_CELL_COUNT_RE = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?(?![\w%]|[.,]\d|\s*pp\b)")
_TOKEN_RE = re.compile(r"[A-Za-z0-9_]+(?:[-./:][A-Za-z0-9_]+)*")
#: Column names that hold person-level identifiers; publishing such a column is always a finding.
IDENTIFIER_COLUMNS = frozenset({"staff_id", "application_id", "respondent_id", "member_id", "applicant_id",
                                "employee_id", "person_id", "assignment_number", "nhs_number"})


def _number(text: str) -> int:
    text = text.lower()
    return _WORD_NUMBERS[text] if text in _WORD_NUMBERS else int(text.replace(",", ""))


def _words(header: str) -> set:
    return set(re.findall(r"[a-z0-9]+", header.lower().replace("%", " percent ")))


def is_count_header(header: str) -> bool:
    """Whether a column header names counts of people: a word of :data:`COUNT_HEADER_WORDS` and none of
    :data:`NOT_COUNT_HEADER_WORDS` (nor ``%``).

    A header that starts with ``n``, ``number``, ``count`` or ``headcount``
    and ends in ``(%)`` is a count header too: its cells lead with the count.

    >>> [is_count_header(h) for h in ("n", "Number of staff", "BME headcount", "n (%)", "% of staff", "Band",
    ...                               "Indicator number", "Staff %", "Metric 10: voting members (pp)")]
    [True, True, True, True, False, False, False, False, False]
    """
    if re.match(r"^\s*(?:n|number|count|headcount)\b[^(]*\(\s*%\s*\)\s*$", header, re.IGNORECASE):
        return True  # "n (%)": cells like "5 (12.5%)" lead with the count
    words = _words(header)
    return bool(words & COUNT_HEADER_WORDS) and not words & NOT_COUNT_HEADER_WORDS


#: Words of a column header naming an ethnic group or a total: "White", "BME", "Not stated", "Total".
GROUP_HEADER_WORDS = frozenset({"white", "bme", "bame", "unknown", "total", "black", "asian", "mixed", "other",
                                "chinese", "ethnic", "ethnicity", "groups", "group", "minority", "minoritised", "not",
                                "stated", "all", "and", "or", "british", "global", "majority"})
_INTEGER_RE = re.compile(r"^\s*(?:\d{1,3}(?:,\d{3})+|\d+)\s*$")
_HIDDEN_CELL_RE = re.compile(r"^\s*(?:\*|-|–|—|\.\.|:|x|c|n/?a|<\s*\d+|≤\s*\d+)?\s*$", re.IGNORECASE)


def is_group_count_column(header: str, cells: Sequence[str]) -> bool:
    """A column of counts by ethnic group: the header only names a group or a total (``White``, ``BME``,
    ``Not stated``, ``Total``) and every cell that is not empty or a marker (``*``, ``-``, ``<8``) is a whole
    number without ``%`` or decimals (a column of percentages has those).

    >>> is_group_count_column("BME", ["1,204", "3", "*"]), is_group_count_column("BME", ["62.7", "3.0"])
    (True, False)
    """
    words = _words(header)
    values = [c for c in cells if not _HIDDEN_CELL_RE.match(c)]
    return (bool(words) and words <= GROUP_HEADER_WORDS and bool(values)
            and all(_INTEGER_RE.match(c) for c in values))


def _previous_word(text: str, start: int) -> str:
    """The word before ``start`` (through spaces, ``.`` and ``#``); ``to`` for the end of a range ``1 to 7``,
    ``between 1 and 7`` or ``1-7``."""
    before = text[:start]
    if re.search(r"(?:\d\s*(?:-|–|to)|between\s+\S+\s+and)\s*$", before, re.IGNORECASE):
        return "to"
    m = re.search(r"([A-Za-z0-9]+)[\s.#]*$", before)
    return m.group(1).lower() if m else ""


def find_counts_in_text(text: str, threshold: int) -> list[tuple[int, str, str]]:
    """Counts of 1 to ``threshold`` people stated in free text: ``(offset, matched text, rule)``.

    What counts as a count in text:

    - ``n=5``, ``(n = 5)``, ``N=5`` (not ``head(n=5)``, code);
    - a number (digits, or ``two`` to ``ten``) followed by up to three
      qualifiers (:data:`QUALIFIERS`: ethnic groups, board, clinical, ...)
      and a people noun (:data:`PEOPLE_NOUNS`): ``5 staff``,
      ``3 BME board members``, ``(4 responses)``;
    - ``x of y`` / ``x out of y`` followed by a people noun: x, y or y - x of
      1 to ``threshold``.

    Not counts: numbers straight after a label word (:data:`LABEL_WORDS`:
    ``Band 5 staff``, ``Indicator 2``, ``Table 3``), numbers with decimals,
    a ``%`` sign, or next to ``<``, ``>``, ``=``, ``/``, ``-`` (``<8``,
    ``2023/24``), and numbers above the threshold (years).

    >>> [m[1] for m in find_counts_in_text("Band 5 staff: 3 BME staff (n=4); 12 people; 2.5 staff; 5%", 7)]
    ['3 BME staff', 'n=4']
    """
    found = []
    for m in _N_EQUALS_RE.finditer(text):
        if re.search(r"[\w\])]\($", text[:m.start()]):
            continue  # a keyword argument in code shown on the page: df.head(n=5)
        if is_small(_number(m.group(1)), threshold):
            found.append((m.start(), m.group(0), "n="))
    of_spans = []
    for m in _OF_RE.finditer(text):
        of_spans.append((m.start(), m.end()))
        if _previous_word(text, m.start()) in LABEL_WORDS:
            continue
        x, y = _number(m.group(1)), _number(m.group(2))
        if is_small(x, threshold) or is_small(y, threshold) or is_small(y - x, threshold):
            found.append((m.start(), m.group(0), "x of y people"))
    spans = of_spans + [(start, start + len(matched)) for start, matched, _ in found]
    for m in _PEOPLE_RE.finditer(text):
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in spans) \
                or _previous_word(text, m.start()) in LABEL_WORDS:
            continue
        if is_small(_number(m.group(1)), threshold):
            found.append((m.start(), m.group(0), "number of people"))
    return sorted(found)


def _line_col(text: str, offset: int, line: int = 1, col: int = 1) -> tuple[int, int]:
    """Line and column of ``offset`` in ``text`` that starts at (``line``, ``col``)."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        return line + newlines, offset - before.rfind("\n")
    return line, col + offset


#: A token shaped like an identifier code around a run of digits: ``E13907``, ``staff_13907``, ``ID-13907``.
_GLUED_ID_RE = re.compile(r"^(?:[A-Za-z]+[_-]?)?(\d+)(?:[_-]?[A-Za-z]+)?$")
#: Words which, straight before a number, make it an identifier: ``ID 13907``, ``Employee: 13907``, ``#13907``.
_ID_WORD_RE = re.compile(r"(?:\b(?:id|ids|identifier|employee|ref|reference|respondent|applicant|application|"
                         r"member|assignment|case)\b|#)\s*[:#.]?\s*$", re.IGNORECASE)


class _Scanner:
    def __init__(self, file: str, identifiers: set, threshold: int):
        self.file, self.threshold = file, threshold
        # Numeric identifiers are kept apart: a number in a published file is normally a figure.
        self.numbers = {i for i in identifiers if i.isdigit()}
        self.identifiers = set(identifiers) - self.numbers
        self.findings: list[Finding] = []

    def add(self, line, col, kind, text, detail):
        f = Finding(self.file, line, col, kind, text, detail)
        if f not in self.findings:
            self.findings.append(f)

    def text(self, text: str, line: int, col: int, *, counts: bool = True, where: str = "text",
             fixed: bool = False):
        """Search ``text`` starting at (line, col); ``fixed``: report (line, col) itself (a CSV field)."""
        def at(offset):
            return (line, col) if fixed else _line_col(text, offset, line, col)

        if counts:
            for offset, matched, rule in find_counts_in_text(text, self.threshold):
                self.add(*at(offset), "count", matched, f"a count of 1 to {self.threshold} in {where} ({rule})")
        if self.identifiers or self.numbers:
            for m in _TOKEN_RE.finditer(text):
                token = m.group(0)
                pieces = {token, *re.split(r"[-./:]", token)}
                hits = pieces & self.identifiers
                if self.numbers:
                    hits |= self._numeric_hits(token, text[:m.start()])
                for hit in sorted(hits):
                    self.add(*at(m.start()), "identifier", hit, f"an input identifier value in {where}")

    def _numeric_hits(self, token: str, before: str) -> set:
        """Numeric identifiers in ``token`` where it cannot be a figure: glued to letters (``E13907``)
        or straight after an identifier word (``ID 13907``). A bare number (``13907``, ``13,907``,
        ``13907.0``) is a figure."""
        glued = _GLUED_ID_RE.match(token)
        if glued and not token.isdigit() and glued.group(1) in self.numbers:
            return {glued.group(1)}
        if token.isdigit() and token in self.numbers and _ID_WORD_RE.search(before):
            return {token}
        return set()

    def name(self, parts: Sequence[str]) -> None:
        """A file's name and the folders it is in: no figure belongs there, so numeric identifiers
        are looked for in every run of digits too."""
        for part in parts:
            self.text(part, 0, 0, counts=False, where="a file name", fixed=True)
            for hit in sorted(set(re.findall(r"\d+", part)) & self.numbers):
                self.add(0, 0, "identifier", hit, "an input identifier value in a file name")

    def cell(self, text: str, line: int, col: int, where: str):
        m = _CELL_COUNT_RE.match(text)
        if m and is_small(_number(m.group(1)), self.threshold):
            self.add(line, col, "count", text.strip(), f"a count of 1 to {self.threshold} in {where}")


def _scan_csv(scanner: _Scanner, content: str) -> None:
    rows = list(csv.reader(io.StringIO(content)))
    if not rows:
        return
    header = rows[0]
    count_cols = {j for j, h in enumerate(header)
                  if is_count_header(h) or is_group_count_column(h, [r[j] for r in rows[1:] if j < len(r)])}
    for j, h in enumerate(header):
        if h.strip().lower() in IDENTIFIER_COLUMNS:
            scanner.add(1, j + 1, "identifier column", h, "a column of person-level identifiers")
        scanner.text(h, 1, j + 1, where="the header", fixed=True)
    # csv.reader loses line numbers with quoted newlines; track them by counting.
    line = 1
    for row in rows[1:]:
        line += 1
        for j, value in enumerate(row):
            where = f"column {header[j] if j < len(header) else j + 1}"
            if j in count_cols:
                scanner.cell(value, line, j + 1, "count " + where)
            scanner.text(value, line, j + 1, where=where, fixed=True)
        line += sum(v.count("\n") for v in row)


def _scan_workbook(scanner: _Scanner, path: Path) -> None:
    """Each sheet of an ``.xlsx`` workbook as a CSV (cell text, first row the header), and its name as text;
    a workbook that cannot be read is an ``unscanned`` finding."""
    from ..inputs.reading import workbook_text

    try:
        sheets = workbook_text(path)
    except Exception as err:  # noqa: BLE001 - whatever openpyxl raises, the file is not published unchecked
        scanner.add(0, 0, "unscanned", path.name, f"a workbook the disclosure scan cannot read ({err})")
        return
    for title, content in sheets:
        scanner.text(title, 0, 0, where=f"the sheet name '{title}'", fixed=True)
        _scan_csv(scanner, content)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr"}
_READER_ATTRS = ("alt", "title", "aria-label")


class _HTMLScan(HTMLParser):
    """Text, reader-facing attributes and table cells of an HTML (or SVG) file."""

    def __init__(self, scanner: _Scanner):
        super().__init__(convert_charrefs=True)
        self.s = scanner
        self.skip = []  # open script/style elements: scanned for identifiers only
        self.tables = []  # stack of tables: dict(rows=[...], row=None, cell=None)

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        for name, value in attrs:
            if value is None or value.startswith("data:"):
                continue
            self.s.text(value, line, col + 1, counts=name in _READER_ATTRS, where=f"attribute {name} of <{tag}>")
        if tag in ("script", "style"):
            self.skip.append(tag)
        elif tag == "table":
            self.tables.append(dict(rows=[], row=None, cell=None, head=False))
        elif self.tables:
            t = self.tables[-1]
            if tag == "thead":
                t["head"] = True
            elif tag in ("tbody", "tfoot"):
                t["head"] = False
            elif tag == "tr":
                t["row"] = dict(cells=[], head=t["head"])
                t["rows"].append(t["row"])
            elif tag in ("td", "th"):
                if t["row"] is None:
                    t["row"] = dict(cells=[], head=t["head"])
                    t["rows"].append(t["row"])
                span = dict(attrs).get("colspan") or "1"
                t["cell"] = dict(tag=tag, text=[], pos=(line, col + 1),
                                 span=int(span) if span.isdigit() else 1)
                t["row"]["cells"].append(t["cell"])

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()
        elif tag == "table" and self.tables:
            self._table(self.tables.pop())
        elif self.tables and tag in ("td", "th"):
            self.tables[-1]["cell"] = None

    def handle_data(self, data):
        line, col = self.getpos()
        if self.skip:
            self.s.text(data, line, col + 1, counts=False, where=f"<{self.skip[-1]}>")
            return
        self.s.text(data, line, col + 1)
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["text"].append(data)

    def _table(self, table):
        rows = [r for r in table["rows"] if r["cells"]]
        head_rows = [r for r in rows if r["head"] or all(c["tag"] == "th" for c in r["cells"])]
        labels = defaultdict(list)
        for r in head_rows:
            j = 0
            for c in r["cells"]:
                for k in range(c["span"]):
                    labels[j + k].append("".join(c["text"]).strip())
                j += c["span"]
        body = [r for r in rows if r not in head_rows]
        columns = defaultdict(list)
        for r in body:
            j = 0
            for c in r["cells"]:
                columns[j].append("".join(c["text"]))
                j += c["span"]
        count_cols = {j for j, parts in labels.items()
                      if is_count_header(" ".join(parts)) or is_group_count_column(" ".join(parts), columns[j])}
        for r in rows:
            if r in head_rows:
                continue
            first = "".join(r["cells"][0]["text"]).strip()
            count_row = is_count_header(first)
            j = 0
            for i, c in enumerate(r["cells"]):
                if j in count_cols or (count_row and i > 0):
                    header = " ".join(labels.get(j, [])).strip() or first
                    self.s.cell("".join(c["text"]), *c["pos"], f"a table cell under '{header}'")
                j += c["span"]


def _png_text(data: bytes) -> list[str]:
    """The tEXt, zTXt and iTXt chunks of a PNG (where matplotlib keeps metadata)."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return []
    texts, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"tEXt":
                texts.append(body.replace(b"\0", b": ", 1).decode("latin-1"))
            elif kind == b"zTXt":
                key, rest = body.split(b"\0", 1)
                texts.append(key.decode("latin-1") + ": " + zlib.decompress(rest[1:]).decode("latin-1"))
            elif kind == b"iTXt":
                key, rest = body.split(b"\0", 1)
                compressed, rest = rest[0], rest[2:]
                _lang, _tkey, text = rest.split(b"\0", 2)
                text = zlib.decompress(text) if compressed else text
                texts.append(key.decode("latin-1") + ": " + text.decode("utf-8"))
        except (ValueError, zlib.error, UnicodeDecodeError):
            continue
        if kind == b"IEND":
            break
    return texts


#: Input columns whose values :func:`scan_for_disclosure` looks for in published files.
IDENTIFIER_FIELDS = ("staff_id", "application_id", "respondent_id", "member_id")


def identifier_values(*frames: pd.DataFrame, fields: Sequence[str] = IDENTIFIER_FIELDS) -> set[str]:
    """The identifier values of the input frames, as stripped strings, for :func:`scan_for_disclosure`.

    Looks for columns named in ``fields`` (case-insensitive); empty values are skipped.

    >>> sorted(identifier_values(pd.DataFrame({"Staff_ID": ["E1", " E2 ", None], "band": ["5", "6", "7"]})))
    ['E1', 'E2']
    """
    wanted = {f.lower() for f in fields}
    values = set()
    for frame in frames:
        for col in frame.columns:
            if str(col).strip().lower() in wanted:
                values |= {str(v).strip() for v in frame[col].dropna() if str(v).strip()}
    return values


TEXT_SUFFIXES = {".txt", ".md", ".json", ".ipynb", ".toml", ".yml", ".yaml", ".log"}


def scan_for_disclosure(paths: Iterable[str | Path], identifiers: Iterable[str] = (),
                        threshold: Thresholds | int | None = None, *, min_identifier_length: int = 4,
                        root: str | Path | None = None) -> list[Finding]:
    """Scan files about to be published; an empty list means nothing was found.

    Reads each file in ``paths`` (UTF-8, falling back to Windows-1252):

    - **CSV** (``.csv``): a column is a count column when its header passes
      :func:`is_count_header` (``numerator``, ``denominator``, ``count``,
      ``n``, ``responses``, ``headcount``, ``Number of staff`` ...), and so
      is a column of whole numbers headed by an ethnic group or a total
      (:func:`is_group_count_column`: ``White``, ``BME``, ``Total``); a
      whole-number cell of 1 to ``threshold`` there is a finding. Every cell
      (and the header) is also searched as text (below). A column named like
      a person-level identifier (:data:`IDENTIFIER_COLUMNS`) is a finding.
    - **HTML/SVG** (``.html``, ``.htm``, ``.svg``): visible text and the
      ``alt``, ``title`` and ``aria-label`` attributes (the PNG alt text)
      are searched as text; in ``<table>`` s, a cell under a count header
      (``<th>`` rows or ``<thead>``, colspans followed), in a column of
      whole numbers under an ethnic group or total, or in a row whose first
      cell is a count header is checked like a CSV count cell.
      ``<script>``/``<style>`` and all other attribute values are searched
      for identifiers only; ``data:`` URIs are skipped.
    - **Excel** (``.xlsx``): each sheet's cell text as a CSV (its first row the header), and the
      sheet names as text.
    - **PNG**: text chunks (tEXt/zTXt/iTXt), as text.
    - ``.txt``, ``.md``, ``.json``, ``.ipynb`` and the like: as text.
    - anything else: an ``unscanned`` finding (publish only what is checked).

    Text is searched with :func:`find_counts_in_text` (``n=5``, ``5 staff``,
    ``3 BME board members``, ``5 of 40 applicants``); hidden cells shown as
    :data:`MARKER`, ``<8`` or empty are not counts, nor are years,
    percentages, decimals, ``Band 5`` and ``Indicator 2``.

    ``identifiers``: person-level identifier values from the inputs
    (``staff_id``, ``application_id``, ``respondent_id``, ``member_id``) as
    strings; each is found as a whole token (a run of letters, digits and
    ``_``, also split at ``-./:``), case-sensitively. Identifiers shorter
    than ``min_identifier_length`` characters, or all digits and shorter
    than 5, are not searched (they cannot be told apart from counts, years
    and band numbers; the identifier-column rule still applies).

    Identifiers that are all digits (staff numbered 1 to N) are looked for
    only where a number cannot be one of the pack's figures, so that a
    headcount of 13,907 does not fail a trust whose staff ids run past
    13907: in file and folder names (any run of digits), in a token that
    glues the digits to letters (``E13907``, ``staff_13907``,
    ``13907-A``), and straight after an identifier word (``ID 13907``,
    ``Employee: 13907``, ``#13907``). A bare number in text, a table cell
    or a CSV cell is a figure, not an identifier. Identifiers with a
    letter in them are looked for everywhere, names included.

    ``root``: the folder being published; the names of each file and of its
    folders below ``root`` are searched for identifiers (without ``root``,
    the file's name only).

    ``threshold``: the largest count hidden (default 7) or a :class:`Thresholds`.
    """
    t = thresholds(threshold).count
    ids = {str(i).strip() for i in identifiers}
    ids = {i for i in ids if len(i) >= min_identifier_length and not (i.isdigit() and len(i) < 5)}
    findings: list[Finding] = []
    for path in paths:
        path = Path(path)
        scanner = _Scanner(str(path), ids, t)
        scanner.name(path.relative_to(root).parts if root is not None else [path.name])
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if suffix == ".png":
            for text in _png_text(data):
                scanner.text(text, 1, 0, where="PNG text chunk")
        elif suffix == ".xlsx":
            _scan_workbook(scanner, path)
        elif suffix in (".csv", ".html", ".htm", ".svg") or suffix in TEXT_SUFFIXES:
            try:
                content = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                content = data.decode("cp1252", errors="replace")
            if suffix == ".csv":
                _scan_csv(scanner, content)
            elif suffix in (".html", ".htm", ".svg"):
                parser = _HTMLScan(scanner)
                parser.feed(content)
                parser.close()
            else:
                scanner.text(content, 1, 1)
        else:
            scanner.add(0, 0, "unscanned", path.name, "a file type the disclosure scan cannot read")
        findings += sorted(scanner.findings, key=lambda f: (f.line, f.column, f.kind, f.text))
    return findings


# ---------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul",
          "ol", "pre", "figure", "figcaption", "caption", "hr", "header", "footer", "main", "thead", "tbody", "dd",
          "dt", "blockquote"}


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.pre = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        style = (a.get("style") or "").replace(" ", "").lower()
        if self.skip:
            if tag == self.skip[-1] and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag in ("script", "style", "head", "template", "noscript") or "hidden" in a or "display:none" in style:
            if tag not in _VOID:
                self.skip.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        if tag == "img" and a.get("alt"):
            self.parts.append(f"[{a['alt']}]")

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(re.sub(r"[^\S\n]+", " ", data) if self.pre else re.sub(r"\s+", " ", data))


def visible_text(html: str) -> str:
    """The text a reader sees in an HTML page, normalised for comparing two renders.

    Drops ``<head>``, ``<script>``, ``<style>``, ``<template>``,
    ``<noscript>`` and elements with ``hidden`` or ``display:none``; keeps
    image alt text as ``[alt]``; collapses runs of spaces, one line per
    block element (and per line inside ``<pre>``), table cells separated by
    a space, no blank lines, no leading or trailing spaces.

    >>> visible_text("<html><head><title>x</title></head><body><p>Hello\\n  <b>world</b></p>"
    ...              "<script>var t=1</script><img alt='Chart'><p hidden>secret</p></body></html>")
    'Hello world\\n[Chart]'
    """
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
