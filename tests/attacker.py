"""An independent attacker on the published WRES reports (project issue 9).

It reads only published files - ``results.csv`` and the data notes of
``run.json`` (a year's report folder and, where given, the previous year's) -
and works out, with integer linear
programming (``scipy.optimize.milp``, HiGHS), the smallest and largest whole
number that every hidden count can take given everything that is shown:
published counts, whole numbers, non-negativity, the relations between rows
(groups add up to totals, bands to clusters, clusters to Overall, Overall
including bank minus Overall, single years to the two-year indicator 3,
survey categories to broad groups ...), rates given away by ratios,
differences and changes, and the counts of the published data notes (students
by group, staff with no indicator 1 band, bank-only staff, unrecognised labels)
with their relations to each other and to the results.

Deliberately imports nothing from ``wreslib``: disclosure code must never be
checked by the code that did the hiding.

Public functions:

- :func:`read_report` - one ``results.csv`` as a frame (text guards stripped).
- :func:`read_notes` - the data notes of one report's ``run.json`` (none if absent).
- :func:`attack` - the attacker's bounds on every hidden count (results and notes).
- :func:`true_counts`, :func:`true_note_counts` - the true counts, from
  unsuppressed results and from the analyst's ``run.json`` files.
- :func:`violations` - the guarantees checked against the true counts.
- :func:`published_violations` - checks on the published files alone (one
  note for every hidden row, no board intervals or counts, hidden rows empty,
  no shown count of 1-7, in the results or the data notes).
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

THRESHOLD = 7
WHITE, BME, UNKNOWN = "white_percent", "bme_percent", "unknown_percent"
GROUP_METRICS = (WHITE, BME, UNKNOWN)
COUNT_METRICS = {WHITE, BME, UNKNOWN, "percent", "workforce_bme_percent"}
RATIO_METRICS = ("relative_likelihood", "distance_from_equity", "difference_pp")
SURVEY_INDICATORS = (5, 6, 7, 8)
OVERALL, INCL_BANK = "Overall", "Overall including bank"

#: Data notes (``run.json`` ``data_notes``): attack rows have indicator 0, breakdown the note's file,
#: metric ``note:<code>`` (``note:<code>#2`` ... for a further note with the same year, file and code)
#: and ``which`` the count's name or ``value:<label>``; ``group:<metric>`` names the attacker's
#: never-published split by group of the staff with no indicator 1 band.
NOTE_INDICATOR = 0
NOTE_PREFIX, VALUE_PREFIX, GROUP_PREFIX = "note:", "value:", "group:"
STUDENTS, NO_BAND, BANK_ONLY, UNRECOGNISED = "students", "no_indicator_1_band", "bank_only", "unrecognised_labels"

#: NHS ethnic categories -> broad group (public knowledge: NHS Data Dictionary).
CATEGORY_BROAD = {
    "White British": "White", "White Irish": "White", "Any other White background": "White",
    "Gypsy or Irish Traveller": "White", "Roma": "White",
    "White and Black Caribbean": "Mixed", "White and Black African": "Mixed", "White and Asian": "Mixed",
    "Any other mixed background": "Mixed",
    "Indian": "Asian or Asian British", "Pakistani": "Asian or Asian British",
    "Bangladeshi": "Asian or Asian British", "Any other Asian background": "Asian or Asian British",
    "Caribbean": "Black or Black British", "African": "Black or Black British",
    "Any other Black background": "Black or Black British",
    "Chinese": "Other ethnic groups", "Any other ethnic group": "Other ethnic groups",
    "Not stated": "Unknown", "Not known": "Unknown",
}
BROAD_WRES = {"White": WHITE, "Unknown": UNKNOWN, "Mixed": BME, "Asian or Asian British": BME,
              "Black or Black British": BME, "Other ethnic groups": BME}

TEXT_COLUMNS = ["breakdown", "metric", "description", "note"]
NUMBER_COLUMNS = ["value", "ci_low", "ci_high", "numerator", "denominator", "change"]


class AttackError(Exception):
    """The published files contradict the attacker's model (or each other)."""


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def _strip_guard(value):
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def read_report(report_dir: str | Path) -> pd.DataFrame:
    """``report_dir/results.csv`` with text cells unguarded and typed columns."""
    path = Path(report_dir)
    if path.is_dir():
        path = path / "results.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in TEXT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].map(_strip_guard)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column].map(_strip_guard).replace("", np.nan), errors="raise")
    frame["year"] = frame["year"].map(_strip_guard).astype(int)
    frame["indicator"] = frame["indicator"].map(_strip_guard).astype(int)
    frame["suppressed"] = frame["suppressed"].map(_strip_guard).str.strip().str.lower().isin(["true", "1", "yes"])
    return frame


def read_notes(report_dir: str | Path) -> list[dict]:
    """The data notes (``data_notes`` of ``report_dir/run.json``) as published:
    a list of records (``year, file, code, warning, text, counts, values``), a
    hidden count being ``None``. No ``run.json``, or one without
    ``data_notes`` (an older report): no notes."""
    path = Path(report_dir)
    if path.is_file():
        path = path.parent
    path = path / "run.json"
    if not path.is_file():
        return []
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise AttackError(f"{path}: not JSON ({error})") from None
    notes = record.get("data_notes") if isinstance(record, dict) else None
    if notes is None:
        return []
    if not isinstance(notes, list) or not all(isinstance(n, dict) for n in notes):
        raise AttackError(f"{path}: data_notes is not a list of records")
    return notes


def _note_number(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AttackError(f"{where}: {value!r} is not a count")
    if value < 0 or value != int(value):
        raise AttackError(f"{where}: {value!r} is not a whole number >= 0")
    return float(value)


def _note_items(record: dict, where: str):
    """(which, count or None, is_value) of one note record: its counts by name, then its values as
    ``value:<label>`` (``#2`` ... for a repeated label)."""
    counts = record.get("counts") or {}
    if not isinstance(counts, dict):
        raise AttackError(f"{where}: counts is not a mapping")
    for name, value in counts.items():
        yield str(name), _note_number(value, f"{where} {name}"), False
    labels: Counter = Counter()
    for item in record.get("values") or []:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise AttackError(f"{where}: value {item!r} is not a [label, count] pair")
        label = str(item[0])
        labels[label] += 1
        which = VALUE_PREFIX + label + (f"#{labels[label]}" if labels[label] > 1 else "")
        yield which, _note_number(item[1], f"{where} {which}"), True


def _note_cells(folders: list[str | Path]) -> dict[tuple, dict]:
    """Every note of ``folders`` (published or the analyst's): ``(year, file, metric)`` ->
    ``{"code", "counts": {which: count or None}, "values": {which: count or None}}``.
    The same note in two folders (same year, file, code and place among that year's and
    file's notes with that code) is one note: shown in either is shown, two different
    shown counts are an error."""
    cells: dict[tuple, dict] = {}
    for folder in folders:
        seen: Counter = Counter()
        for record in read_notes(folder):
            code, file = str(record.get("code") or ""), str(record.get("file") or "")
            year = record.get("year")
            if year is None and Path(folder).name.isdigit():
                year = Path(folder).name
            try:
                year = int(year)
            except (TypeError, ValueError):
                raise AttackError(f"{folder}: note {code!r} of {file!r} has no year") from None
            seen[(year, file, code)] += 1
            place = seen[(year, file, code)]
            metric = NOTE_PREFIX + code + (f"#{place}" if place > 1 else "")
            where = f"{Path(folder).name}: note {year} {file} {metric}"
            cell = cells.setdefault((year, file, metric), dict(code=code, counts={}, values={}))
            for which, value, is_value in _note_items(record, where):
                kept = cell["values" if is_value else "counts"]
                if kept.get(which) is None:
                    kept[which] = value
                elif value is not None and value != kept[which]:
                    raise AttackError(f"{where} {which} published as both {kept[which]:g} and {value:g}")
    return cells


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

class _Model:
    """Integer variables >= 0 named by tuples, merged by equalities, with linear rows."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.parent: list[int] = []
        self.fixed: dict[tuple, float] = {}
        self.rows: list[tuple[dict[tuple, float], float, float]] = []
        self.no_band_tied: set[int] = set()  # years whose indicator 3/4 headcounts take in no-band staff

    def var(self, key: tuple) -> tuple:
        if key not in self.index:
            self.index[key] = len(self.parent)
            self.parent.append(self.index[key])
        return key

    def _root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def same(self, a: tuple, b: tuple) -> None:
        ra, rb = self._root(self.index[self.var(a)]), self._root(self.index[self.var(b)])
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def fix(self, key: tuple, value: float) -> None:
        self.var(key)
        if key in self.fixed and self.fixed[key] != value:
            raise AttackError(f"{key} published as both {self.fixed[key]} and {value}")
        self.fixed[key] = value

    def add(self, terms: dict[tuple, float], lo: float, hi: float) -> None:
        for key in terms:
            self.var(key)
        self.rows.append((dict(terms), lo, hi))

    def eq(self, total: tuple, parts: list[tuple]) -> None:
        """total = sum(parts)."""
        terms: dict[tuple, float] = defaultdict(float)
        terms[total] += 1
        for p in parts:
            terms[p] -= 1
        self.add(terms, 0, 0)

    def le(self, smaller: dict[tuple, float], larger: dict[tuple, float]) -> None:
        """sum(smaller) <= sum(larger) (each a dict key -> coefficient)."""
        terms: dict[tuple, float] = defaultdict(float)
        for k, c in smaller.items():
            terms[k] += c
        for k, c in larger.items():
            terms[k] -= c
        self.add(terms, -np.inf, 0)

    def rate(self, k: tuple, n: tuple, percent: float) -> None:
        """100 k / n = percent, to the printed precision.

        The printed rate (10 significant digits) is turned back into the fraction
        p/q in lowest terms it came from (q up to 20,000: unique at that
        precision), giving the exact q k = p n; otherwise two inequalities with
        a tolerance."""
        fraction = percent / 100
        if 0 <= fraction <= 1:
            exact = Fraction(fraction).limit_denominator(20000)
            if abs(float(exact) - fraction) <= 5e-9:
                self.add({k: float(exact.denominator), n: -float(exact.numerator)}, 0, 0)
                return
        tol = 2e-7 * max(abs(percent), 1.0)
        self.add({k: 100.0, n: -(percent + tol)}, -np.inf, 0)
        self.add({k: 100.0, n: -(percent - tol)}, 0, np.inf)

    def compile(self) -> "_Solver":
        return _Solver(self)


class _Solver:
    def __init__(self, model: _Model):
        roots = sorted({model._root(i) for i in range(len(model.parent))})
        self.column = {r: j for j, r in enumerate(roots)}
        self.model = model
        n = len(roots)
        lb, ub = np.zeros(n), np.full(n, np.inf)
        pinned: dict[int, float] = {}
        for key, value in model.fixed.items():
            j = self.col(key)
            if j in pinned and pinned[j] != value:
                raise AttackError(f"{key} published as {value}, but an equal count is published as {pinned[j]}")
            pinned[j] = value
            lb[j] = ub[j] = value
        self.pinned = pinned
        data, rows, cols, lo, hi = [], [], [], [], []
        for r, (terms, a, b) in enumerate(model.rows):
            merged: dict[int, float] = defaultdict(float)
            for key, c in terms.items():
                merged[self.col(key)] += c
            for j, c in merged.items():
                if c != 0:
                    rows.append(r), cols.append(j), data.append(c)
            lo.append(a), hi.append(b)
        self.n = n
        self.lb, self.ub = lb, ub
        self.matrix = coo_matrix((data, (rows, cols)), shape=(len(lo), n)).tocsr()
        self.lo, self.hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
        # Independent parts of the problem (joined only through published, fixed counts) are solved apart.
        parent = list(range(n))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for r in range(self.matrix.shape[0]):
            free = [j for j in self.matrix.indices[self.matrix.indptr[r]:self.matrix.indptr[r + 1]]
                    if j not in pinned]
            for j in free[1:]:
                a, b = find(free[0]), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        self.component = [find(j) for j in range(n)]
        self.parts: dict[int, tuple] = {}
        self.cache: dict[tuple, tuple[float, float]] = {}
        check = dict(integrality=np.ones(n), bounds=Bounds(lb, ub),
                     constraints=[LinearConstraint(self.matrix, self.lo, self.hi)] if len(lo) else [])
        if milp(np.zeros(n), **check).status == 2 and milp(np.zeros(n), **check,
                                                            options={"presolve": False}).status == 2:
            raise AttackError("the published figures and the attacker's relations have no whole-number solution")

    def col(self, key: tuple) -> int:
        return self.column[self.model._root(self.model.index[key])]

    def canonical(self, terms: dict[tuple, float]) -> tuple:
        merged: dict[int, float] = defaultdict(float)
        for key, c in terms.items():
            merged[self.col(key)] += c
        return tuple(sorted((j, c) for j, c in merged.items() if c != 0))

    def _part(self, component: int):
        if component not in self.parts:
            members = np.flatnonzero(np.array(self.component) == component)
            member_set = set(members.tolist())
            rows = [r for r in range(self.matrix.shape[0])
                    if member_set.intersection(self.matrix.indices[self.matrix.indptr[r]:self.matrix.indptr[r + 1]])]
            cols = np.array(sorted(member_set.union(*[
                self.matrix.indices[self.matrix.indptr[r]:self.matrix.indptr[r + 1]].tolist() for r in rows])),
                dtype=int)
            rows = np.array(rows, dtype=int)
            self.parts[component] = dict(cols=cols, rows=rows, position={j: i for i, j in enumerate(cols)},
                                         A=self.matrix[rows][:, cols], lo=self.lo[rows], hi=self.hi[rows],
                                         bounds=Bounds(self.lb[cols], self.ub[cols]), pool=[])
        return self.parts[component]

    def _feasible(self, part, x) -> bool:
        if x is None or np.abs(x - np.round(x)).max(initial=0) > 1e-6:
            return False
        x = np.round(x)
        activity = part["A"] @ x
        return bool((activity >= part["lo"] - 1e-6).all() and (activity <= part["hi"] + 1e-6).all()
                    and (x >= part["bounds"].lb).all() and (x <= part["bounds"].ub).all())

    def _solve_in(self, part, objective: dict[int, float], sign: int, nonnegative: bool = False):
        """The exact integer optimum of ``sign * objective`` over one part (None if infeasible).

        HiGHS's MIP presolve can return a wrong optimum (seen with scipy 1.17), so
        every optimum is certified: the LP relaxation bound is met by an integral
        point (the LP's own solution, an earlier solution or the MIP's), else
        the MIP is solved again without presolve."""
        c = np.zeros(len(part["cols"]))
        for j, v in objective.items():
            c[part["position"][j]] = sign * v
        if sign == 1 and nonnegative and any(round(c @ x) == 0 for x in part["pool"]):
            return 0  # the objective is never below 0, and an earlier whole-number solution reaches 0
        constraints = [LinearConstraint(part["A"], part["lo"], part["hi"])] if len(part["rows"]) else []
        relaxed = milp(c, integrality=np.zeros(len(c)), bounds=part["bounds"], constraints=constraints)
        if relaxed.status == 2:
            return None
        if relaxed.status == 3 or (relaxed.status == 4 and "unbounded" in str(relaxed.message).lower()):
            return -np.inf if sign == 1 else np.inf
        if relaxed.status != 0:
            raise AttackError(f"linear relaxation failed: {relaxed.message}")
        bound = math.ceil(relaxed.fun - 1e-6)  # no whole-number point does better
        if self._feasible(part, relaxed.x):
            part["pool"].append(np.round(relaxed.x))
        for x in reversed(part["pool"]):
            if round(c @ x) == bound:
                return sign * bound
        res = milp(c, integrality=np.ones(len(c)), bounds=part["bounds"], constraints=constraints)
        if res.status == 0 and self._feasible(part, res.x):
            part["pool"].append(np.round(res.x))
            if round(c @ np.round(res.x)) == bound:
                return sign * bound
        res = milp(c, integrality=np.ones(len(c)), bounds=part["bounds"], constraints=constraints,
                   options={"presolve": False})
        if res.status == 0:
            part["pool"].append(np.round(res.x))
            return sign * round(res.fun)
        if res.status == 2:
            return None
        if res.status == 3 or (res.status == 4 and "unbounded" in str(res.message).lower()):
            return -np.inf if sign == 1 else np.inf
        raise AttackError(f"milp failed: {res.message}")

    def range(self, terms: dict[tuple, float]) -> tuple[float, float]:
        key = self.canonical(terms)
        if key not in self.cache:
            objective = dict(key)
            constant = sum(c * self.pinned[j] for j, c in objective.items() if j in self.pinned)
            free = {j: c for j, c in objective.items() if j not in self.pinned}
            if not free:
                self.cache[key] = (constant, constant)
            else:
                low = high = constant
                for component in sorted({self.component[j] for j in free}):
                    part = self._part(component)
                    objective = {j: c for j, c in free.items() if self.component[j] == component}
                    positive = all(c > 0 for c in objective.values())  # then never below 0
                    low += self._solve_in(part, objective, 1, positive)
                    high += self._solve_in(part, objective, -1, positive)
                self.cache[key] = (_whole(low), _whole(high))
        return self.cache[key]

    def is_published(self, key: tuple) -> bool:
        return self.col(key) in self.pinned


def _whole(x: float) -> float:
    return x if not math.isfinite(x) else float(round(x))


# ---------------------------------------------------------------------------
# Building the model from the reports
# ---------------------------------------------------------------------------

def K(year, indicator, breakdown, metric):
    return ("k", year, indicator, breakdown, metric)


def N(year, indicator, breakdown, metric):
    return ("n", year, indicator, breakdown, metric)


def NOTE(year, file, metric, which):
    """A data note's count (``which``: a count's name or ``value:<label>``)."""
    return ("note", year, file, metric, which)


def NO_BAND_GROUP(year, metric):
    """Staff of a group (``metric``: white/bme/unknown_percent) left out of indicator 1 for
    having no indicator 1 band but kept in the indicator 3 and 4 headcounts: never published."""
    return ("noband", year, metric)


def _ratio_rates(indicator: int, metric: str, ratio: float, white: float | None, bme: float | None):
    """(white, bme) rates implied by a shown ratio/difference and one shown rate."""
    if indicator == 9:
        return white, bme
    if metric == "difference_pp":  # BME % minus White %
        if white is None and bme is not None:
            return bme - ratio, bme
        if bme is None and white is not None:
            return white, white + ratio
        return white, bme
    rl = ratio + 1 if metric == "distance_from_equity" else ratio
    top_is_white = indicator != 3  # indicator 3: BME / White; 2 and 4: White / BME
    top, bottom = (white, bme) if top_is_white else (bme, white)
    if top is None and bottom is not None:
        top = rl * bottom
    elif bottom is None and top is not None and rl > 0:
        bottom = top / rl
    return (top, bottom) if top_is_white else (bottom, top)


def _known_values(rows: pd.DataFrame) -> dict[tuple, float]:
    """Every figure's value that can be read off: shown values, last year's from
    this year's change, a hidden rate from a ratio or difference and the other rate."""
    known: dict[tuple, float] = {}
    for r in rows.itertuples(index=False):
        cell = (r.year, r.indicator, r.breakdown, r.metric)
        if pd.notna(r.value):
            known[cell] = float(r.value)
    for _ in range(3):  # a few rounds: changes give last year's ratios, which give last year's rates
        for r in rows.itertuples(index=False):
            if pd.isna(r.change):
                continue
            cell, prev = (r.year, r.indicator, r.breakdown, r.metric), (r.year - 1, r.indicator, r.breakdown,
                                                                        r.metric)
            if cell in known and prev not in known:
                known[prev] = known[cell] - float(r.change)
            elif prev in known and cell not in known:
                known[cell] = known[prev] + float(r.change)
        groups = {(y, i, b) for (y, i, b, m) in known}
        for y, i, b in groups:
            for metric in RATIO_METRICS:
                ratio = known.get((y, i, b, metric))
                if ratio is None or not math.isfinite(ratio):
                    continue
                white, bme = known.get((y, i, b, WHITE)), known.get((y, i, b, BME))
                w2, b2 = _ratio_rates(i, metric, ratio, white, bme)
                if white is None and w2 is not None:
                    known[(y, i, b, WHITE)] = w2
                if bme is None and b2 is not None:
                    known[(y, i, b, BME)] = b2
    return known


def _build(rows: pd.DataFrame, notes: dict[tuple, dict] | None = None) -> _Model:
    """The model of ``rows`` (results) and ``notes`` (from :func:`_note_cells`)."""
    notes = notes or {}
    m = _Model()
    no_band_years = {year for (year, _, _), cell in notes.items() if cell["code"] == NO_BAND}
    count_rows = rows[rows["metric"].isin(COUNT_METRICS) & (rows["indicator"] != 9)
                      | (rows["metric"] == "workforce_bme_percent")]
    # Every count row: k <= n, published counts fixed.
    for r in count_rows.itertuples(index=False):
        k, n = m.var(K(r.year, r.indicator, r.breakdown, r.metric)), m.var(N(r.year, r.indicator, r.breakdown,
                                                                              r.metric))
        m.le({k: 1}, {n: 1})
        if r.indicator == 1 or r.indicator in SURVEY_INDICATORS:
            m.add({n: 1}, 1, np.inf)  # these rows exist only for groups with someone in them
        if pd.notna(r.numerator):
            m.fix(k, float(r.numerator))
        if pd.notna(r.denominator):
            m.fix(n, float(r.denominator))

    years = sorted(rows["year"].unique())
    for year in years:
        here = rows[rows["year"] == year]
        _workforce(m, year, here[here["indicator"] == 1])
        _events(m, year, here, no_band_years)
        for indicator in SURVEY_INDICATORS:
            _survey(m, year, indicator, here[here["indicator"] == indicator])

    # Rates known from shown values, ratios, differences and changes, where counts are not shown.
    known = _known_values(rows)
    for cell, value in known.items():
        y, i, b, metric = cell
        if metric not in COUNT_METRICS or (i == 9 and metric != "workforce_bme_percent") or not math.isfinite(value):
            continue
        k, n = K(*cell), N(*cell)
        if k not in m.index or n not in m.index:
            continue
        if k in m.fixed and n in m.fixed:
            continue
        m.rate(k, n, value)
    _notes(m, notes)
    return m


def _notes(m: _Model, notes: dict[tuple, dict]) -> None:
    """Every note count a whole number >= 0 (fixed when shown), with the relations of its code:
    students: people = White + BME + Unknown; no indicator 1 band: people = the three groups'
    left-out staff (tied to indicators 1, 3 and 4 in :func:`_events`) = the reasons' values;
    bank-only: people = the bank staff of the three groups (Overall including bank - Overall);
    unrecognised labels: rows = the labels' values. Other codes: no relation."""
    for (year, file, metric), cell in notes.items():
        def key(which):
            return NOTE(year, file, metric, which)

        for which, value in {**cell["counts"], **cell["values"]}.items():
            m.var(key(which))
            if value is not None:
                m.fix(key(which), value)
        values = [key(which) for which in cell["values"]]
        code = cell["code"]
        if code == STUDENTS:
            m.eq(key("people"), [key(g.split("_")[0]) for g in GROUP_METRICS])
        elif code == NO_BAND:
            m.eq(key("people"), [NO_BAND_GROUP(year, g) for g in GROUP_METRICS])
            if values:
                m.eq(key("people"), values)
        elif code == BANK_ONLY:
            bank = [("bank", year, g) for g in GROUP_METRICS]
            if all(b in m.index for b in bank):
                m.eq(key("people"), bank)
        elif code == UNRECOGNISED and values:
            m.eq(key("rows"), values)


def _workforce(m: _Model, year: int, ind1: pd.DataFrame) -> None:
    breakdowns = list(dict.fromkeys(ind1["breakdown"]))
    groups = [b for b in breakdowns if not b.startswith("Ethnic category|")]
    for b in groups:  # White + BME + Unknown = headcount (one denominator)
        metrics = [g for g in GROUP_METRICS]
        for g in metrics[1:]:
            m.same(N(year, 1, b, metrics[0]), N(year, 1, b, g))
        m.eq(N(year, 1, b, WHITE), [K(year, 1, b, g) for g in metrics])
    clusters = [b for b in groups if "|" not in b and b not in (OVERALL, INCL_BANK)]
    for c in clusters:
        bands = [b for b in groups if b.startswith(c + "|")]
        if bands:
            for g in GROUP_METRICS:
                m.eq(K(year, 1, c, g), [K(year, 1, b, g) for b in bands])
    if clusters and OVERALL in groups:
        for g in GROUP_METRICS:
            m.eq(K(year, 1, OVERALL, g), [K(year, 1, c, g) for c in clusters])
    if INCL_BANK in groups:
        for g in GROUP_METRICS:  # bank = including bank - Overall >= 0
            m.eq(K(year, 1, INCL_BANK, g), [K(year, 1, OVERALL, g), ("bank", year, g)])
    categories = [b for b in breakdowns if b.startswith("Ethnic category|")]
    if categories:
        by_group = defaultdict(list)
        for b in categories:
            m.same(N(year, 1, b, "percent"), N(year, 1, OVERALL, WHITE))
            by_group[BROAD_WRES[CATEGORY_BROAD.get(b.split("|", 1)[1], "Unknown")]].append(K(year, 1, b, "percent"))
        for g in GROUP_METRICS:
            m.eq(K(year, 1, OVERALL, g), by_group.get(g, []))


def _events(m: _Model, year: int, here: pd.DataFrame, no_band_years=frozenset()) -> None:
    """Indicators 2, 3, 4 and the workforce figure of 9: denominators of 3 and 4
    are the group's indicator 1 Overall headcount (plus the group's staff with no
    indicator 1 band, in a year with a ``no_indicator_1_band`` note); two-year =
    this year + last year."""
    present = set(zip(here["indicator"], here["breakdown"]))

    def base(y, indicator, breakdown, g):
        if y in no_band_years:
            m.eq(N(y, indicator, breakdown, g), [K(y, 1, OVERALL, g), NO_BAND_GROUP(y, g)])
            m.no_band_tied.add(y)
        else:
            m.same(N(y, indicator, breakdown, g), K(y, 1, OVERALL, g))

    for g in (WHITE, BME):
        if (3, "single-year") in present or (3, "two-year") in present:
            base(year, 3, "single-year", g)
            m.le({K(year, 3, "single-year", g): 1}, {N(year, 3, "single-year", g): 1})
        if (3, "two-year") in present:
            base(year - 1, 3, "single-year", g)
            m.le({K(year - 1, 3, "single-year", g): 1}, {N(year - 1, 3, "single-year", g): 1})
            m.eq(K(year, 3, "two-year", g), [K(year, 3, "single-year", g), K(year - 1, 3, "single-year", g)])
            m.eq(N(year, 3, "two-year", g), [N(year, 3, "single-year", g), N(year - 1, 3, "single-year", g)])
        if (4, "All") in present:
            base(year, 4, "All", g)
    ind2 = here[here["indicator"] == 2]
    broad = [b for b in dict.fromkeys(ind2["breakdown"]) if b.startswith("Broad group|")]
    if broad:
        _broad_groups(m, year, 2, broad, None)
    for b in dict.fromkeys(here.loc[here["metric"] == "workforce_bme_percent", "breakdown"]):
        m.same(K(year, 9, b, "workforce_bme_percent"), K(year, 1, OVERALL, BME))
        m.same(N(year, 9, b, "workforce_bme_percent"), N(year, 1, OVERALL, WHITE))


def _broad_groups(m: _Model, year: int, indicator: int, broad: list[str], total) -> None:
    """Broad group rows: White = the All White row, BME broad groups add up to the
    All BME row (numerators and denominators); all broad groups add up to
    ``total`` (a variable name) if given."""
    for kind in ("k", "n"):
        def key(b, metric="percent"):
            return (kind, year, indicator, b, metric)
        bme_parts = [key(b) for b in broad if BROAD_WRES.get(b.split("|", 1)[1]) == BME]
        if "Broad group|White" in broad:
            m.same(key("Broad group|White"), key("All", WHITE))
        if bme_parts:
            m.eq(key("All", BME), bme_parts)
        if total is not None:
            m.eq((total, kind), [key(b) for b in broad])


def _survey(m: _Model, year: int, indicator: int, rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    breakdowns = list(dict.fromkeys(rows["breakdown"]))
    broad = [b for b in breakdowns if b.startswith("Broad group|")]
    categories = [b for b in breakdowns if b.startswith("Ethnic category|")]
    occupations = [b for b in breakdowns if b.startswith("Occupation|")
                   and "|Ethnic category|" not in b and "|Broad group|" not in b]  # not occupation x group rows
    total = ("T", year, indicator) if broad else None
    if broad:
        _broad_groups(m, year, indicator, broad, total)
    if categories:
        by_broad = defaultdict(list)
        for b in categories:
            by_broad[CATEGORY_BROAD.get(b.split("|", 1)[1], "Unknown")].append(b)
        for group, cats in by_broad.items():
            for kind in ("k", "n"):
                m.eq((kind, year, indicator, f"Broad group|{group}", "percent"),
                     [(kind, year, indicator, c, "percent") for c in cats])
    if not occupations:
        return

    def positive(b, met):
        return {K(year, indicator, b, met): 1}

    def negative(b, met):
        return {N(year, indicator, b, met): 1, K(year, indicator, b, met): -1}

    # Within an occupation White + BME <= everyone (the rest have unknown ethnicity).
    for b in occupations:
        for part in (positive, negative):
            m.le({**part(b, WHITE), **part(b, BME)}, part(b, "percent"))
    # Occupations add up to at most the whole (White, BME, everyone).
    for met in (WHITE, BME, "percent"):
        for part in (positive, negative):
            parts = {}
            for b in occupations:
                parts.update(part(b, met))
            if met != "percent":
                m.le(parts, part("All", met))
            elif total is not None:
                m.le(parts, {(total, "k"): 1} if part is positive else {(total, "n"): 1, (total, "k"): -1})


# ---------------------------------------------------------------------------
# The attack
# ---------------------------------------------------------------------------

ATTACK_COLUMNS = ["year", "indicator", "breakdown", "metric", "which", "low", "high"]


def attack(report_dirs: list[str | Path], notes: bool = True) -> pd.DataFrame:
    """The attacker's bounds on every hidden count of the given reports.

    ``report_dirs``: report folders (``OUT/<year>``, each with ``results.csv``
    and, where published, ``run.json`` with data notes), e.g. this year's and
    last year's; ``notes=False`` leaves the data notes out. Returns one row per
    hidden count: ``year, indicator, breakdown, metric, which, low, high`` where
    ``which`` is ``numerator``, ``denominator``, ``complement`` (denominator -
    numerator) of a hidden row, or ``bank`` (bank staff of the group: Overall
    including bank minus Overall, never published), and ``low``/``high`` the
    smallest and largest whole number consistent with everything published
    (``inf`` when unbounded). A hidden note count has indicator 0, breakdown
    the note's file, metric ``note:<code>`` and ``which`` the count's name or
    ``value:<label>``; a ``no_indicator_1_band`` note whose year has indicator
    3 or 4 rows also gets ``group:<metric>`` rows (that group's left-out staff,
    never published).
    """
    frames = [read_report(d) for d in report_dirs]
    rows = pd.concat(frames, ignore_index=True)
    rows = _merge_duplicates(rows)
    cells = _note_cells(report_dirs) if notes else {}
    solver = _build(rows, cells).compile()
    out = []
    hidden = rows[rows["suppressed"] & rows["metric"].isin(COUNT_METRICS)
                  & ((rows["indicator"] != 9) | (rows["metric"] == "workforce_bme_percent"))]
    for r in hidden.itertuples(index=False):
        k, n = K(r.year, r.indicator, r.breakdown, r.metric), N(r.year, r.indicator, r.breakdown, r.metric)
        published_k, published_n = solver.is_published(k), solver.is_published(n)
        previous = K(r.year - 1, 1, OVERALL, r.metric)
        if r.indicator == 3 and r.breakdown == "two-year" and previous in solver.model.index:
            # by definition the sum of two printed headcounts: not a hidden count when both are printed
            published_n = published_n or (solver.is_published(K(r.year, 1, OVERALL, r.metric))
                                          and solver.is_published(previous))
        targets = []
        if not published_k:
            targets.append(("numerator", {k: 1}))
        if not published_n:
            targets.append(("denominator", {n: 1}))
        if not (published_k and published_n):
            targets.append(("complement", {n: 1, k: -1}))
        for which, terms in targets:
            low, high = solver.range(terms)
            out.append((r.year, r.indicator, r.breakdown, r.metric, which, low, high))
    for year in sorted(rows["year"].unique()):
        for g in GROUP_METRICS:
            key = ("bank", year, g)
            if key in solver.model.index:
                low, high = solver.range({key: 1})
                out.append((year, 1, INCL_BANK, g, "bank", low, high))
    grouped = set()
    for (year, file, metric), cell in cells.items():
        for which, value in {**cell["counts"], **cell["values"]}.items():
            if value is None:
                low, high = solver.range({NOTE(year, file, metric, which): 1})
                out.append((year, NOTE_INDICATOR, file, metric, which, low, high))
        if cell["code"] == NO_BAND and year in solver.model.no_band_tied and year not in grouped:
            grouped.add(year)  # one split a year, under the year's first such note
            for g in GROUP_METRICS:
                low, high = solver.range({NO_BAND_GROUP(year, g): 1})
                out.append((year, NOTE_INDICATOR, file, metric, GROUP_PREFIX + g, low, high))
    return pd.DataFrame(out, columns=ATTACK_COLUMNS)


def _merge_duplicates(rows: pd.DataFrame) -> pd.DataFrame:
    """The same cell published in two reports must agree; keep one row, the most informative."""
    key = ["year", "indicator", "breakdown", "metric"]
    dup = rows.duplicated(key, keep=False)
    if not dup.any():
        return rows
    kept = []
    for _, group in rows[dup].groupby(key, sort=False):
        shown = group[~group["suppressed"]]
        for column in ("value", "numerator", "denominator"):
            values = shown[column].dropna().unique()
            if len(values) > 1 and np.ptp(values) > 1e-6 * max(1, np.abs(values).max()):
                raise AttackError(f"{tuple(group.iloc[0][key])}: {column} published as {list(values)}")
        kept.append(group.sort_values("suppressed").iloc[[0]])
    return pd.concat([rows[~dup]] + kept, ignore_index=True)


# ---------------------------------------------------------------------------
# The guarantees
# ---------------------------------------------------------------------------

def true_counts(truth: pd.DataFrame) -> dict[tuple, float]:
    """(year, indicator, breakdown, metric, which) -> the true count, from an
    unsuppressed results frame (numerator and denominator per row)."""
    values: dict[tuple, float] = {}
    for r in truth.itertuples(index=False):
        if pd.isna(r.numerator) or pd.isna(r.denominator):
            continue
        cell = (int(r.year), int(r.indicator), r.breakdown, r.metric)
        values[cell + ("numerator",)] = float(r.numerator)
        values[cell + ("denominator",)] = float(r.denominator)
        values[cell + ("complement",)] = float(r.denominator) - float(r.numerator)
    for (year, indicator, breakdown, metric, which), v in list(values.items()):
        if indicator == 1 and breakdown == INCL_BANK and which == "numerator":
            base = values.get((year, 1, OVERALL, metric, "numerator"))
            if base is not None:
                values[(year, 1, INCL_BANK, metric, "bank")] = v - base
    return values


def true_note_counts(analyst_dirs: list[str | Path]) -> dict[tuple, float]:
    """(year, 0, file, metric, which) -> the true count of every data note, from
    the analyst's ``run.json`` files (``OUT/.analyst/<year>``: the published
    notes with every count given), named as :func:`attack` names them (give the
    folders in the same order as the published ones)."""
    values: dict[tuple, float] = {}
    for (year, file, metric), cell in _note_cells(analyst_dirs).items():
        for which, value in {**cell["counts"], **cell["values"]}.items():
            if value is not None:
                values[(year, NOTE_INDICATOR, file, metric, which)] = value
    return values


def _true_no_band_groups(values: dict[tuple, float]) -> None:
    """Add to ``values`` the true left-out staff of each group of every
    ``no_indicator_1_band`` note: White and BME as the indicator 3 single-year
    (else indicator 4) headcount minus indicator 1 Overall's, Unknown the rest
    of the note's people."""
    for (year, indicator, file, metric, which), people in list(values.items()):
        if indicator != NOTE_INDICATOR or which != "people" or metric.split("#")[0] != NOTE_PREFIX + NO_BAND:
            continue
        split = {}
        for g in (WHITE, BME):
            base = values.get((year, 1, OVERALL, g, "numerator"))
            wider = values.get((year, 3, "single-year", g, "denominator"),
                               values.get((year, 4, "All", g, "denominator")))
            if base is not None and wider is not None:
                split[g] = wider - base
        if len(split) == 2:
            split[UNKNOWN] = people - split[WHITE] - split[BME]
        for g, v in split.items():
            values[(year, indicator, file, metric, GROUP_PREFIX + g)] = v


def violations(attack_frame: pd.DataFrame, truth: pd.DataFrame | None, threshold: int = THRESHOLD,
               notes: dict[tuple, float] | list[str | Path] | None = None) -> list[str]:
    """The guarantees, given the true counts (``truth``: unsuppressed results with
    numerator and denominator; ``notes``: the true note counts, from
    :func:`true_note_counts` or the analyst's folders to read them from): (1) no
    hidden non-zero count is pinned to one value; (2) a hidden count of 1 to
    ``threshold`` keeps at least ``threshold + 1`` possible values. A true value
    outside the attacker's bounds is reported too (the attacker itself would be
    wrong), and so is a hidden count with no true value given. Bank staff and
    the no-band staff by group (never published, differences of shown counts)
    are checked only for (2)."""
    values = true_counts(truth) if truth is not None else {}
    if notes is not None:
        values.update(notes if isinstance(notes, dict) else true_note_counts(notes))
    _true_no_band_groups(values)
    found = []
    for r in attack_frame.itertuples(index=False):
        where = f"{r.year} indicator {r.indicator} {r.breakdown} {r.metric} {r.which}"
        true = values.get((int(r.year), int(r.indicator), r.breakdown, r.metric, r.which))
        if true is None:
            found.append(f"{where}: no true value to compare with")
            continue
        span = f"true {true:g}, attacker's range [{r.low:g}, {r.high:g}]"
        if not (r.low - 1e-6 <= true <= r.high + 1e-6):
            found.append(f"{where}: attacker unsound: {span}")
        elif r.which != "bank" and not r.which.startswith(GROUP_PREFIX) and true != 0 and r.low == r.high:
            found.append(f"{where}: pinned: {span}")
        elif 1 <= true <= threshold and r.high - r.low < threshold:
            found.append(f"{where}: only {r.high - r.low + 1:g} possible values: {span}")
    return found


def published_violations(report_dirs: list[str | Path], threshold: int = THRESHOLD) -> list[str]:
    """Checks on the published files alone: every hidden row of a report has the
    same note (a note must not give the reason away) and empty figures; board
    rows (indicator 9, except the workforce percentage) have no interval and no
    counts; no shown row has a numerator or complement of 1 to ``threshold``;
    no data note (``run.json``) shows a count or value of 1 to ``threshold``."""
    found = []
    for d in report_dirs:
        rows = read_report(d)
        name = Path(d).name
        for record in read_notes(d):
            where = f"{name}: note {record.get('year')} {record.get('file')} {record.get('code')}"
            for which, value, _ in _note_items(record, where):
                if value is not None and 1 <= value <= threshold:
                    found.append(f"{where} shows {which} = {value:g}, a count of 1 to {threshold}")
        hidden = rows[rows["suppressed"]]
        notes = sorted(set(hidden["note"]))
        if len(notes) > 1:
            found.append(f"{name}: hidden rows have {len(notes)} different notes: {notes}")
        filled = hidden[hidden[NUMBER_COLUMNS].notna().any(axis=1)]
        for r in filled.itertuples(index=False):
            found.append(f"{name}: hidden row {r.indicator} {r.breakdown} {r.metric} shows a figure")
        board = rows[(rows["indicator"] == 9) & (rows["metric"] != "workforce_bme_percent")]
        for r in board.itertuples(index=False):
            if pd.notna(r.ci_low) or pd.notna(r.ci_high):
                found.append(f"{name}: board row {r.breakdown} {r.metric} has an interval "
                             f"[{r.ci_low:g}, {r.ci_high:g}]")
            if pd.notna(r.numerator) or pd.notna(r.denominator):
                found.append(f"{name}: board row {r.breakdown} {r.metric} has counts")
        shown = rows[~rows["suppressed"]].dropna(subset=["numerator", "denominator"])
        small = shown[shown["numerator"].between(1, threshold)
                      | (shown["denominator"] - shown["numerator"]).between(1, threshold)]
        for r in small.itertuples(index=False):
            found.append(f"{name}: shown row {r.indicator} {r.breakdown} {r.metric} rests on a count of 1 to "
                         f"{threshold} ({r.numerator:g} of {r.denominator:g})")
    return found
