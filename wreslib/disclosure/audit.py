"""The integer audit of a suppressed table, as statistical offices audit theirs.

τ-ARGUS and sdcTable check a suppression pattern by asking, for every hidden
cell, what an attacker can derive from everything published: the smallest
and largest value the cell can take given the shown cells, the linear
relations between cells (totals), non-negativity and whole numbers. This
module does exactly that, with integer linear programming (scipy's
:func:`~scipy.optimize.milp`, HiGHS), and knows nothing about how the
pattern was chosen, so it can check the suppression engine
(:mod:`wreslib.disclosure.engine`) from outside.

A problem is stated as plain data:

- ``values``: every cell (any hashable key) with its true count;
- ``shown``: the cells an attacker reads exactly;
- ``relations``: ``(total, parts)`` meaning total = sum(parts) (sums the
  attacker knows, e.g. White + BME + Unknown = headcount, bands to cluster);
- ``targets``: the hidden cells whose range is wanted.

Every cell is a whole number >= 0. A target's **range** is
``[low, high]``; the guarantees a publication needs are checked by
:func:`violations`:

1. no hidden non-zero cell is pinned to one value (``low < high``);
2. every hidden cell whose true count is 1 to ``threshold`` keeps at least
   ``threshold + 1`` possible values (``high - low >= threshold``), so an
   attacker cannot narrow "somewhere from 1 to 7" down.

Cells are solved per connected component of the unknown cells (a hidden
cell's range depends only on the relations that link it to other hidden
cells), which keeps each integer programme small.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from ..inputs.settings import COUNT_THRESHOLD

Relation = tuple[Hashable, Sequence[Hashable]]
#: Larger than any count of people: a cell that reaches it has no upper bound.
_CAP = 10**9


@dataclass(frozen=True)
class Range:
    """What an attacker can derive about one hidden cell: ``low`` <= cell <= ``high`` (whole numbers)."""

    low: int
    high: int

    @property
    def width(self) -> int:
        """``high - low``: 0 means the cell is pinned to one value."""
        return self.high - self.low


def _components(relations: Sequence[Relation], unknown: set) -> list[tuple[list, list]]:
    """Connected components of the unknown cells: (cells, relations) linked through relations."""
    parent: dict = {}

    def find(c):
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    linked = []
    for total, parts in relations:
        cells = [c for c in (total, *parts) if c in unknown]
        if not cells:
            continue
        linked.append(((total, tuple(parts)), cells))
        for c in cells[1:]:
            parent[find(c)] = find(cells[0])
    groups: dict = defaultdict(lambda: ([], []))
    for relation, cells in linked:
        groups[find(cells[0])][1].append(relation)
    for c in unknown:
        groups[find(c)][0].append(c)
    return list(groups.values())


class _Programme:
    """The integer programme over some unknown cells: their relations, with the known cells moved right."""

    def __init__(self, cells: list, relations: list, values: Mapping, upper: Mapping, lower: Mapping | None = None):
        self.index = {c: j for j, c in enumerate(cells)}
        rows, cols, data, rhs = [], [], [], []
        for r, (total, parts) in enumerate(relations):
            known = 0.0
            coef: dict = defaultdict(float)
            coef[total] -= 1.0
            for p in parts:
                coef[p] += 1.0
            for c, v in coef.items():
                if c in self.index:
                    rows.append(r)
                    cols.append(self.index[c])
                    data.append(v)
                else:
                    known += v * values[c]
            rhs.append(-known)
        self.n = len(cells)
        self.constraints = []
        self.matrix, self.rhs = None, np.array(rhs)
        if relations:
            self.matrix = coo_matrix((data, (rows, cols)), shape=(len(relations), self.n)).tocsr()
            self.constraints.append(LinearConstraint(self.matrix, self.rhs, self.rhs))
        # A finite cap keeps HiGHS from answering "infeasible or unbounded"; reaching it means "no cap".
        caps = np.array([min(upper.get(c, _CAP), _CAP) for c in cells], dtype=float)
        floors = np.array([(lower or {}).get(c, 0) for c in cells], dtype=float)
        self.bounds = Bounds(floors, caps)

    def feasible(self, x: np.ndarray) -> bool:
        """Whether ``x`` is a whole-number solution: every relation holds, every cell within its bounds."""
        if x is None or np.abs(x - np.round(x)).max(initial=0) > 1e-6:
            return False
        x = np.round(x)
        ok = bool((x >= self.bounds.lb - 1e-6).all() and (x <= self.bounds.ub + 1e-6).all())
        return ok and (self.matrix is None or bool(np.abs(self.matrix @ x - self.rhs).max(initial=0) < 1e-6))

    def solve(self, weights: dict, what: str) -> np.ndarray:
        """A whole-number solution minimising sum(weight * cell), checked to be one.

        Ranges are built only from checked solutions, so they lie inside the true ones: a solver that
        stopped short could make the audit hide too much, never too little. HiGHS's MIP presolve has been
        seen to return a wrong point, so a point that fails the check is sought again without presolve."""
        objective = np.zeros(self.n)
        for c, w in weights.items():
            objective[self.index[c]] = w
        for options in ({"mip_rel_gap": 0.0}, {"mip_rel_gap": 0.0, "presolve": False}):
            res = milp(objective, constraints=self.constraints, bounds=self.bounds, integrality=np.ones(self.n),
                       options=options)
            if res.status == 0 and self.feasible(res.x):
                return np.round(res.x)
        raise ValueError(f"the audit could not solve for {what}: {res.message}")


def _screen(components: list, values: Mapping, upper: Mapping, need: Mapping, lower: Mapping) -> dict:
    """Ranges settled by two programmes over every component at once (they are independent, so the
    joint optimum is each one's): every target pushed down, then up. A component with one target gets
    its exact range; in a larger one the two solutions bound each target's range from inside, which is
    enough where that is already as wide as ``need`` asks. The rest are left to :func:`_exact`."""
    cells = [c for comp_cells, _, _ in components for c in comp_cells]
    relations = [r for _, comp_relations, _ in components for r in comp_relations]
    programme = _Programme(cells, relations, values, upper, lower)
    targets = [t for _, _, wanted in components for t in wanted]
    solutions = [programme.solve({t: 1.0 for t in targets}, "the screening minimum"),
                 programme.solve({t: -1.0 for t in targets}, "the screening maximum")]
    settled = {}

    def settle():
        for _, _, wanted in components:
            for t in wanted:
                if t in settled:
                    continue
                seen = [x[programme.index[t]] for x in solutions]
                r = Range(int(min(seen)), np.inf if max(seen) >= _CAP else int(max(seen)))
                if len(wanted) == 1 or r.width >= need.get(t, np.inf):
                    settled[t] = r

    settle()
    # A few more witnesses, each target pushed one way or the other at random (seeded: the same every run).
    rng = np.random.default_rng(0)
    for _ in range(4):
        left = [t for t in targets if t not in settled]
        if not left:
            break
        signs = rng.choice([-1.0, 1.0], size=len(left))
        solutions.append(programme.solve(dict(zip(left, signs)), "a screening witness"))
        settle()
    return settled


def cell_ranges(values: Mapping[Hashable, int], shown: Iterable[Hashable], relations: Sequence[Relation],
                targets: Iterable[Hashable] | None = None, *, upper: Mapping[Hashable, int] | None = None,
                cache: dict | None = None, need: Mapping[Hashable, int] | None = None,
                lower: Mapping[Hashable, int] | None = None) -> dict[Hashable, Range]:
    """The smallest and largest whole number an attacker can derive for each target cell.

    ``values``: every cell's true count (only the shown cells' values are
    used as known; the others are only needed to state the relations).
    ``shown``: cells the attacker reads. ``relations``: ``(total, parts)``.
    ``targets``: cells to bound (default: every cell not shown). ``upper``:
    optional known upper bounds (e.g. a published "fewer than 11"); ``lower``:
    known lower bounds (a published row's group has at least 1 member). Returns
    ``{cell: Range}``; ``high`` is ``inf`` when nothing published caps the
    cell. ``cache``: a dict kept between calls on the same ``values``; a
    component (the same unknown cells and relations) already solved is not
    solved again, since hiding more elsewhere cannot change it. ``need``:
    for a screening audit, the width each target must have; a target
    shown to be at least that wide by two whole-number solutions gets that
    inner range (possibly narrower than the exact one) instead of an exact
    one. Without ``need`` every range is exact.

    >>> r = cell_ranges({"W": 17, "B": 8, "U": 1, "T": 26}, {"W", "T"}, [("T", ["W", "B", "U"])])
    >>> r["B"], r["U"]
    (Range(low=0, high=9), Range(low=0, high=9))
    >>> cell_ranges({"W": 17, "B": 8, "U": 1, "T": 26}, {"W", "T", "U"}, [("T", ["W", "B", "U"])])["B"]
    Range(low=8, high=8)
    """
    shown = set(shown)
    unknown = set(values) - shown
    targets = unknown if targets is None else set(targets) & unknown
    upper = upper or {}
    cache = {} if cache is None or upper else cache
    ranges: dict = {}
    pending = []
    for cells, relations_of in _components(relations, unknown):
        wanted = [c for c in cells if c in targets]
        if not wanted:
            continue
        known = cache.setdefault((frozenset(cells), frozenset(relations_of)), {})
        todo = [c for c in wanted if c not in known]
        if todo:
            pending.append((cells, relations_of, todo))
        ranges.update({c: known[c] for c in wanted if c in known})
    settled = _screen(pending, values, upper, need, lower or {}) if need is not None and pending else {}
    for cells, relations_of, todo in pending:
        known = cache[(frozenset(cells), frozenset(relations_of))]
        left = [c for c in todo if c not in settled]
        if left:
            settled.update(_exact(_Programme(cells, relations_of, values, upper, lower), left, need or {}))
        for c in todo:
            known[c] = ranges[c] = settled[c]
    return ranges


def _exact(programme: _Programme, targets: list, need: Mapping) -> dict:
    """Each target's range, exactly, or (screening, with ``need``) from inside once it is wide enough:
    every solution found for one target is also a witness for the others."""
    solutions = []
    out = {}
    for t in targets:
        j = programme.index[t]
        seen = [x[j] for x in solutions]
        if seen and t in need and max(seen) - min(seen) >= need[t]:
            out[t] = Range(int(min(seen)), np.inf if max(seen) >= _CAP else int(max(seen)))
            continue
        solutions += [programme.solve({t: 1.0}, f"cell {t!r}"), programme.solve({t: -1.0}, f"cell {t!r}")]
        out[t] = Range(int(solutions[-2][j]), np.inf if solutions[-1][j] >= _CAP else int(solutions[-1][j]))
    return out


def required_width(value: int, threshold: int = COUNT_THRESHOLD) -> int | None:
    """The range width a hidden cell of true count ``value`` needs: ``threshold`` for 1 to
    ``threshold``, 1 (not pinned) above, None for 0 (nothing to protect).

    >>> [required_width(v) for v in (0, 1, 7, 8)]
    [None, 7, 7, 1]
    """
    return None if value == 0 else threshold if 1 <= value <= threshold else 1


def violations(values: Mapping[Hashable, int], ranges: Mapping[Hashable, Range], threshold: int = COUNT_THRESHOLD
               ) -> dict[Hashable, str]:
    """The cells whose range breaks a guarantee, with why (empty: the pattern is safe).

    A non-zero cell pinned to one value, or a cell whose true count is 1 to
    ``threshold`` with fewer than ``threshold + 1`` possible values.

    >>> violations({"B": 8, "U": 1}, {"B": Range(8, 8), "U": Range(0, 9)})
    {'B': 'pinned at 8'}
    >>> violations({"U": 3}, {"U": Range(0, 5)})
    {'U': 'a count of 1 to 7 narrowed to 0..5'}
    """
    bad = {}
    for cell, r in ranges.items():
        width = required_width(values[cell], threshold)
        if width is None or r.width >= width:
            continue
        bad[cell] = f"pinned at {r.low}" if width == 1 else \
            f"a count of 1 to {threshold} narrowed to {r.low}..{r.high}"
    return bad
