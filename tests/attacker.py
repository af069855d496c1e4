"""An independent attacker on the published WRES and WDES reports (project issue 9).

It reads only published files - ``results.csv`` and the data notes of
``run.json`` (a year's report folder and, where given, the previous year's;
the WDES's ``results.csv`` in the report folder's ``wdes/``) - and works out,
with integer linear
programming (``scipy.optimize.milp``, HiGHS), the smallest and largest whole
number that every hidden count can take given everything that is shown:
published counts, whole numbers, non-negativity, the relations between rows
(groups add up to totals, bands to clusters, clusters to Overall, Overall
including bank minus Overall, single years to the two-year indicator 3,
survey categories to broad groups ...), rates given away by ratios,
differences and changes, and the counts of the published data notes (students
by group, staff with no indicator 1 band, bank-only staff, unrecognised labels)
with their relations to each other and to the results.

The two standards count the same staff, so they are one model: a breakdown's
headcount is one count in WRES indicator 1 and WDES metric 1 (White + BME +
Unknown = Disabled + Non-disabled + Unknown), the bank-only and no-band staff
of the data notes are split by both standards' groups, and each standard's
shown figures narrow the other's hidden ones. The attacker names a WRES
indicator by its number and a WDES metric ``wdes:<metric>`` (:func:`indicator_key`),
so WRES 1 and WDES 1 stay apart.

A system of organisations (an Integrated Care System, ``OUT/<year>/<code>/`` each organisation's
own report and ``OUT/<year>/results.csv`` the system file: the organisations' rows copied and the
system's own rows from the summed counts) is one model too (:func:`attack_system`): every
organisation's model, its keys kept apart, and the system's, whose every count is the sum of the
organisations' same count - so what one organisation hides can be given away by the system's total
and the other organisations' counts.

Deliberately imports nothing from ``wreslib``: disclosure code must never be
checked by the code that did the hiding.

Public functions:

- :func:`read_report` - one ``results.csv`` as a frame (text guards stripped).
- :func:`read_notes` - the data notes of one report's ``run.json`` (none if absent).
- :func:`with_wdes` - report folders and, after each, its ``wdes/`` folder where published.
- :func:`attack` - the attacker's bounds on every hidden count (results and notes).
- :func:`true_counts`, :func:`true_note_counts` - the true counts, from
  unsuppressed results and from the analyst's ``run.json`` files.
- :func:`violations` - the guarantees checked against the true counts.
- :func:`published_violations` - checks on the published files alone (one
  note for every hidden row, no board intervals or counts, hidden rows empty,
  no shown count of 1-7, in the results or the data notes).
- :func:`read_system`, :func:`system_organisations`, :func:`attack_system`,
  :func:`published_violations_system` - the same for a system's year folders
  (:func:`violations` takes a system's attack with the true counts by organisation).
"""
from __future__ import annotations

import json
import math
from fractions import Fraction
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

THRESHOLD = 7
WHITE, BME, UNKNOWN = "white_percent", "bme_percent", "unknown_percent"
NON_DISABLED, DISABLED = "non_disabled_percent", "disabled_percent"
GROUP_METRICS = (WHITE, BME, UNKNOWN)
COUNT_METRICS = {WHITE, BME, UNKNOWN, NON_DISABLED, DISABLED, "percent", "workforce_bme_percent",
                 "workforce_disabled_percent"}
RATIO_METRICS = ("relative_likelihood", "distance_from_equity", "difference_pp")
SURVEY_INDICATORS = (5, 6, 7, 8)
OVERALL, INCL_BANK = "Overall", "Overall including bank"


@dataclass(frozen=True)
class Standard:
    """What the attacker knows of a standard from its published method: its groups and which
    indicator (named by :func:`indicator_key`) is which."""
    name: str
    reference: str  # the reference group's metric (White, Non-disabled)
    focus: str  # the focus group's metric (BME, Disabled)
    composition: int | str  # staff by band, cluster, Overall and Overall including bank
    two_year: int | str  # events over the composition's Overall headcount, single-year and two-year
    headcount: tuple  # other events over that headcount (breakdown "All")
    surveys: tuple  # survey percentages, difference_pp = focus % - reference %
    board: int | str  # board % (value only) and workforce % (the composition's Overall focus group)
    reference_on_top: tuple  # likelihood ratios of reference rate / focus rate (else focus / reference)

    @property
    def groups(self) -> tuple[str, str, str]:
        return self.reference, self.focus, UNKNOWN

    @property
    def workforce(self) -> str:
        return "workforce_" + self.focus

    @property
    def board_metric(self) -> str:
        return "board_" + self.focus


def indicator_key(standard: str, indicator) -> int | str:
    """The attacker's name of a published indicator: a WRES indicator's number (0: data notes),
    another standard's ``<standard>:<indicator>`` (``wdes:1``, ``wdes:4a-i``)."""
    return int(indicator) if standard == "wres" else f"{standard}:{indicator}"


WRES = Standard("wres", WHITE, BME, 1, 3, (4,), SURVEY_INDICATORS, 9, (2, 4))
WDES = Standard("wdes", NON_DISABLED, DISABLED, "wdes:1", "wdes:3", (),
                tuple(f"wdes:{m}" for m in ("4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8")), "wdes:10",
                ("wdes:2",))
STANDARDS = {s.name: s for s in (WRES, WDES)}


def _standard(indicator) -> Standard:
    return STANDARDS[indicator.split(":", 1)[0]] if isinstance(indicator, str) else WRES


def _label(indicator) -> str:
    """An indicator as messages name it: ``indicator 3``, ``WDES metric 4a-i``."""
    if isinstance(indicator, str):
        standard, number = indicator.split(":", 1)
        return f"{standard.upper()} metric {number}"
    return f"indicator {indicator}"


def _is_count(indicator, metric: str) -> bool:
    """Whether a row's figure is a count over a count of the model (board members' never are)."""
    s = _standard(indicator)
    return metric in COUNT_METRICS and (indicator != s.board or metric == s.workforce)

#: Data notes (``run.json`` ``data_notes``): attack rows have indicator 0, breakdown the note's file,
#: metric ``note:<code>`` (``note:<code>#2`` ... for a further note with the same year, file and code)
#: and ``which`` the count's name or ``value:<label>``; ``group:<metric>`` names the attacker's
#: never-published split by group of the staff with no indicator 1 band.
NOTE_INDICATOR = 0
NOTE_PREFIX, VALUE_PREFIX, GROUP_PREFIX = "note:", "value:", "group:"
STUDENTS, NO_BAND, BANK_ONLY = "students", "no_indicator_1_band", "bank_only"
#: Notes whose listed values add up to their ``rows``.
VALUES_TOTAL = ("unrecognised_labels", "unrecognised_disability_labels", "capability_other_grounds")

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


def _count_mask(rows: pd.DataFrame) -> np.ndarray:
    """:func:`_is_count` of each row of a frame with keyed indicators."""
    return np.array([_is_count(i, m) for i, m in zip(rows["indicator"], rows["metric"])], dtype=bool)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def _strip_guard(value):
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def read_report(report_dir: str | Path) -> pd.DataFrame:
    """``report_dir/results.csv`` with text cells unguarded and typed columns; ``standard`` first
    (``wres`` where the file has no such column, the header before the WDES, or the cell is empty),
    ``indicator`` a whole number for the WRES and text for another standard (WDES ``4a-i``)."""
    path = Path(report_dir)
    if path.is_dir():
        path = path / "results.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "standard" not in frame:
        frame.insert(0, "standard", "wres")
    frame["standard"] = frame["standard"].map(_strip_guard).str.strip().str.lower().replace("", "wres")
    unknown = set(frame["standard"]) - set(STANDARDS)
    if unknown:
        raise AttackError(f"{path}: standard {sorted(unknown)} unknown to the attacker")
    for column in TEXT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].map(_strip_guard)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column].map(_strip_guard).replace("", np.nan), errors="raise")
    frame["year"] = frame["year"].map(_strip_guard).astype(int)
    indicator = frame["indicator"].map(_strip_guard).str.strip()
    frame["indicator"] = pd.Series([int(i) if std == "wres" else i for std, i in zip(frame["standard"], indicator)],
                                   index=frame.index, dtype=int if (frame["standard"] == "wres").all() else object)
    frame["suppressed"] = frame["suppressed"].map(_strip_guard).str.strip().str.lower().isin(["true", "1", "yes"])
    return frame


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each indicator named by :func:`indicator_key`."""
    keys = [indicator_key(std, i) for std, i in zip(frame["standard"], frame["indicator"])]
    return frame.assign(indicator=pd.Series(keys, index=frame.index, dtype=object if any(
        isinstance(k, str) for k in keys) else int))


def with_wdes(report_dirs: list[str | Path]) -> list[Path]:
    """``report_dirs`` (``OUT/<year>``), each followed by its ``wdes/`` folder when that holds a
    ``results.csv`` (the WDES published beside the WRES): the folders to give :func:`attack` and
    :func:`published_violations` to attack both standards together."""
    folders = []
    for d in map(Path, report_dirs):
        folders.append(d)
        if (d / "wdes" / "results.csv").is_file():
            folders.append(d / "wdes")
    return folders


def _name(report_dir: str | Path) -> str:
    """A report folder as messages name it: ``2024``, ``2024/wdes``."""
    path = Path(report_dir)
    return f"{path.parent.name}/{path.name}" if path.name == "wdes" else path.name


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
        self.no_band_tied: set[tuple] = set()  # (year, standard) whose event headcounts take in no-band staff

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


def NO_BAND_GROUP(year, metric, standard="wres"):
    """Staff of a group (``metric``: one of the standard's group metrics) left out of indicator 1
    (WDES metric 1) for having no indicator 1 band but kept in the indicator 3 and 4 (WDES metric 3)
    headcounts: never published."""
    return ("noband", year, standard, metric)


def BANK(year, composition, metric):
    """Bank staff of a group (Overall including bank - Overall of ``composition``): never published."""
    return ("bank", year, composition, metric)


def _no_band_which(s: Standard, metric: str) -> str:
    """The attack row's ``which`` of a standard's no-band group: ``group:white_percent``,
    ``group:wdes:disabled_percent``."""
    return GROUP_PREFIX + (metric if s is WRES else f"{s.name}:{metric}")


def _ratio_rates(indicator, metric: str, ratio: float, reference: float | None, focus: float | None):
    """(reference, focus) rates implied by a shown ratio/difference and one shown rate."""
    s = _standard(indicator)
    if metric == "difference_pp":  # focus % minus reference % (BME - White, Disabled - Non-disabled)
        if reference is None and focus is not None:
            return focus - ratio, focus
        if focus is None and reference is not None:
            return reference, reference + ratio
        return reference, focus
    rl = ratio + 1 if metric == "distance_from_equity" else ratio
    reference_on_top = indicator in s.reference_on_top  # WRES 2, 4 and WDES 2; WRES 3 and WDES 3: focus on top
    top, bottom = (reference, focus) if reference_on_top else (focus, reference)
    if top is None and bottom is not None:
        top = rl * bottom
    elif bottom is None and top is not None and rl > 0:
        bottom = top / rl
    return (top, bottom) if reference_on_top else (bottom, top)


def _known_values(rows: pd.DataFrame) -> dict[tuple, float]:
    """Every figure's value that can be read off: shown values, last year's from
    this year's change, a hidden rate from a ratio or difference and the other rate,
    a hidden workforce % from the board's % and their difference."""
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
            s = _standard(i)
            if i == s.board:  # difference = board % - workforce %
                gap, board = known.get((y, i, b, "difference_pp")), known.get((y, i, b, s.board_metric))
                if gap is not None and board is not None and math.isfinite(gap):
                    known.setdefault((y, i, b, s.workforce), board - gap)
                continue
            for metric in RATIO_METRICS:
                ratio = known.get((y, i, b, metric))
                if ratio is None or not math.isfinite(ratio):
                    continue
                reference, focus = known.get((y, i, b, s.reference)), known.get((y, i, b, s.focus))
                r2, f2 = _ratio_rates(i, metric, ratio, reference, focus)
                if reference is None and r2 is not None:
                    known[(y, i, b, s.reference)] = r2
                if focus is None and f2 is not None:
                    known[(y, i, b, s.focus)] = f2
    return known


def _build(rows: pd.DataFrame, notes: dict[tuple, dict] | None = None, tight=None) -> _Model:
    """The model of ``rows`` (results of any standard, indicators keyed) and ``notes`` (from
    :func:`_note_cells`). ``tight(event headcount, composition headcount)`` (keys), where given, says
    whether an event indicator's headcount of a year without a no-band note is the composition's
    Overall headcount of the group (else their difference is left unknown: a system's, whose
    organisations may have no-band staff or no such rows)."""
    notes = notes or {}
    m = _Model()
    no_band_years = {year for (year, _, _), cell in notes.items() if cell["code"] == NO_BAND}
    standards = [s for s in STANDARDS.values() if s.name in set(rows["standard"])]
    populated = {i for s in standards for i in (s.composition, *s.surveys)}
    count_rows = rows[_count_mask(rows)]
    # Every count row: k <= n, published counts fixed.
    for r in count_rows.itertuples(index=False):
        k, n = m.var(K(r.year, r.indicator, r.breakdown, r.metric)), m.var(N(r.year, r.indicator, r.breakdown,
                                                                              r.metric))
        m.le({k: 1}, {n: 1})
        if r.indicator in populated:
            m.add({n: 1}, 1, np.inf)  # these rows exist only for groups with someone in them
        if pd.notna(r.numerator):
            m.fix(k, float(r.numerator))
        if pd.notna(r.denominator):
            m.fix(n, float(r.denominator))

    years = sorted(rows["year"].unique())
    for year in years:
        here = rows[rows["year"] == year]
        for s in standards:
            _workforce(m, year, here[here["indicator"] == s.composition], s)
            _events(m, year, here, s, no_band_years, tight)
        for indicator in SURVEY_INDICATORS:
            _survey(m, year, indicator, here[here["indicator"] == indicator])
        for indicator in WDES.surveys:
            _all_staff(m, year, indicator, here[here["indicator"] == indicator], WDES)
        _same_staff(m, year, here)

    # Rates known from shown values, ratios, differences and changes, where counts are not shown.
    known = _known_values(rows)
    for cell, value in known.items():
        y, i, b, metric = cell
        if not _is_count(i, metric) or not math.isfinite(value):
            continue
        k, n = K(*cell), N(*cell)
        if k not in m.index or n not in m.index:
            continue
        if k in m.fixed and n in m.fixed:
            continue
        m.rate(k, n, value)
        m.add({n: 1}, 1, np.inf)  # a rate is printed (or implied by a ratio, difference or change) only over someone
    _notes(m, notes, standards)
    return m


def _notes(m: _Model, notes: dict[tuple, dict], standards=(WRES,)) -> None:
    """Every note count a whole number >= 0 (fixed when shown), with the relations of its code:
    students: people = White + BME + Unknown; no indicator 1 band: people = the three groups'
    left-out staff, of each standard (tied to indicators 1, 3 and 4 in :func:`_events`) = the
    reasons' values; bank-only: people = the bank staff of the three groups of each standard
    (Overall including bank - Overall); unrecognised labels (and the other codes of
    ``VALUES_TOTAL``): rows = the labels' values. Other codes: no relation."""
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
            for s in standards:
                m.eq(key("people"), [NO_BAND_GROUP(year, g, s.name) for g in s.groups])
            if values:
                m.eq(key("people"), values)
        elif code == BANK_ONLY:
            for s in standards:
                bank = [BANK(year, s.composition, g) for g in s.groups]
                if all(b in m.index for b in bank):
                    m.eq(key("people"), bank)
        elif code in VALUES_TOTAL and values:
            m.eq(key("rows"), values)


def _workforce(m: _Model, year: int, ind1: pd.DataFrame, s: Standard = WRES) -> None:
    """A standard's composition (WRES indicator 1, WDES metric 1): the groups make up each
    breakdown's headcount; bands add up to clusters, clusters to Overall, Overall and the bank
    staff to Overall including bank; (WRES) ethnic categories add up to the Overall groups."""
    i = s.composition
    breakdowns = list(dict.fromkeys(ind1["breakdown"]))
    groups = [b for b in breakdowns if not b.startswith("Ethnic category|")]
    for b in groups:  # reference + focus + Unknown = headcount (one denominator)
        for g in s.groups[1:]:
            m.same(N(year, i, b, s.reference), N(year, i, b, g))
        m.eq(N(year, i, b, s.reference), [K(year, i, b, g) for g in s.groups])
    clusters = [b for b in groups if "|" not in b and b not in (OVERALL, INCL_BANK)]
    for c in clusters:
        bands = [b for b in groups if b.startswith(c + "|")]
        if bands:
            for g in s.groups:
                m.eq(K(year, i, c, g), [K(year, i, b, g) for b in bands])
    if clusters and OVERALL in groups:
        for g in s.groups:
            m.eq(K(year, i, OVERALL, g), [K(year, i, c, g) for c in clusters])
    if INCL_BANK in groups:
        for g in s.groups:  # bank = including bank - Overall >= 0
            m.eq(K(year, i, INCL_BANK, g), [K(year, i, OVERALL, g), BANK(year, i, g)])
    categories = [b for b in breakdowns if b.startswith("Ethnic category|")]
    if categories and s is WRES:
        by_group = defaultdict(list)
        for b in categories:
            m.same(N(year, 1, b, "percent"), N(year, 1, OVERALL, WHITE))
            by_group[BROAD_WRES[CATEGORY_BROAD.get(b.split("|", 1)[1], "Unknown")]].append(K(year, 1, b, "percent"))
        for g in GROUP_METRICS:
            m.eq(K(year, 1, OVERALL, g), by_group.get(g, []))


def _same_staff(m: _Model, year: int, here: pd.DataFrame) -> None:
    """The WRES and the WDES count the same staff: a breakdown's headcount (White + BME + Unknown
    = Non-disabled + Disabled + Unknown) is one count in both compositions (and so the Overall
    headcount is the workforce % denominator of both board indicators, the bank staff one total)."""
    wres = set(here.loc[here["indicator"] == WRES.composition, "breakdown"])
    for b in dict.fromkeys(here.loc[here["indicator"] == WDES.composition, "breakdown"]):
        if b in wres:
            m.same(N(year, WDES.composition, b, WDES.reference), N(year, WRES.composition, b, WRES.reference))


def _events(m: _Model, year: int, here: pd.DataFrame, s: Standard = WRES, no_band_years=frozenset(),
            tight=None) -> None:
    """A standard's events over its headcounts (WRES indicators 3 and 4, WDES metric 3), the
    workforce figure of its board indicator and (WRES) indicator 2's broad groups: the event
    indicators' denominators are the group's Overall headcount of the composition (plus the
    group's staff with no indicator 1 band, in a year with a ``no_indicator_1_band`` note);
    two-year = this year + last year."""
    present = set(zip(here["indicator"], here["breakdown"]))
    c, two = s.composition, s.two_year

    def base(y, indicator, breakdown, g):
        if y in no_band_years:
            m.eq(N(y, indicator, breakdown, g), [K(y, c, OVERALL, g), NO_BAND_GROUP(y, g, s.name)])
            m.no_band_tied.add((y, s.name))
        elif tight is None or tight(N(y, indicator, breakdown, g), K(y, c, OVERALL, g)):
            m.same(N(y, indicator, breakdown, g), K(y, c, OVERALL, g))

    for g in (s.reference, s.focus):
        if (two, "single-year") in present or (two, "two-year") in present:
            base(year, two, "single-year", g)
            m.le({K(year, two, "single-year", g): 1}, {N(year, two, "single-year", g): 1})
        if (two, "two-year") in present:
            base(year - 1, two, "single-year", g)
            m.le({K(year - 1, two, "single-year", g): 1}, {N(year - 1, two, "single-year", g): 1})
            m.eq(K(year, two, "two-year", g), [K(year, two, "single-year", g), K(year - 1, two, "single-year", g)])
            m.eq(N(year, two, "two-year", g), [N(year, two, "single-year", g), N(year - 1, two, "single-year", g)])
        for indicator in s.headcount:
            if (indicator, "All") in present:
                base(year, indicator, "All", g)
    if s is WRES:
        ind2 = here[here["indicator"] == 2]
        broad = [b for b in dict.fromkeys(ind2["breakdown"]) if b.startswith("Broad group|")]
        if broad:
            _broad_groups(m, year, 2, broad, None)
    workforce = here[(here["indicator"] == s.board) & (here["metric"] == s.workforce)]
    for b in dict.fromkeys(workforce["breakdown"]):
        m.same(K(year, s.board, b, s.workforce), K(year, c, OVERALL, s.focus))
        m.same(N(year, s.board, b, s.workforce), N(year, c, OVERALL, s.reference))


def _yes(year, indicator, breakdown, metric) -> dict:
    return {K(year, indicator, breakdown, metric): 1}


def _no(year, indicator, breakdown, metric) -> dict:
    return {N(year, indicator, breakdown, metric): 1, K(year, indicator, breakdown, metric): -1}


def _all_staff(m: _Model, year: int, indicator, rows: pd.DataFrame, s: Standard) -> None:
    """A survey percentage of all staff (``percent``) beside the groups': the reference and focus
    groups' responses, and their positive and negative answers, are at most all staff's (the rest
    did not say)."""
    shown = set(zip(rows["breakdown"], rows["metric"]))
    for b in dict.fromkeys(rows.loc[rows["metric"] == "percent", "breakdown"]):
        parts = [g for g in (s.reference, s.focus) if (b, g) in shown]
        for side in (_yes, _no):
            m.le({k: v for g in parts for k, v in side(year, indicator, b, g).items()},
                 side(year, indicator, b, "percent"))


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
    last year's, and WDES report folders (``OUT/<year>/wdes``, see
    :func:`with_wdes`), attacked together; ``notes=False`` leaves the data notes out. Returns one row per
    hidden count: ``year, indicator, breakdown, metric, which, low, high`` where
    ``indicator`` is named by :func:`indicator_key` (``1``, ``wdes:1``),
    ``which`` is ``numerator``, ``denominator``, ``complement`` (denominator -
    numerator) of a hidden row, or ``bank`` (bank staff of the group: Overall
    including bank minus Overall, never published), and ``low``/``high`` the
    smallest and largest whole number consistent with everything published
    (``inf`` when unbounded). A hidden note count has indicator 0, breakdown
    the note's file, metric ``note:<code>`` and ``which`` the count's name or
    ``value:<label>``; a ``no_indicator_1_band`` note whose year has indicator
    3 or 4 rows (WDES metric 3 rows) also gets ``group:<metric>`` rows
    (``group:wdes:<metric>``: that group's left-out staff, never published).
    """
    rows = pd.concat([_keyed(read_report(d)) for d in report_dirs], ignore_index=True)
    rows = _merge_duplicates(rows)
    cells = _note_cells(report_dirs) if notes else {}
    solver = _build(rows, cells).compile()
    return pd.DataFrame(_bounds(solver, rows, cells), columns=ATTACK_COLUMNS)


def _bounds(solver: "_Solver", rows: pd.DataFrame, cells: dict[tuple, dict], wrap=None,
            printed=None) -> list[tuple]:
    """The attack rows (``ATTACK_COLUMNS``) of one report's hidden counts (``rows``: its results,
    ``cells``: its notes) in ``solver``, whose model names the report's keys through ``wrap`` (a
    function of a key, the same key when not given: one organisation's part of a system model).
    ``printed(key)``: whether a count is, by definition, printed elsewhere (a system's count, the sum
    of its organisations' printed counts): not a hidden count."""
    def w(key):
        return key if wrap is None else wrap(key)

    def is_published(key):
        return solver.is_published(w(key)) or (printed is not None and printed(key))

    def span(terms):
        return solver.range({w(key): c for key, c in terms.items()})

    index = solver.model.index
    standards = [s for s in STANDARDS.values() if s.name in set(rows["standard"])]
    out = []
    hidden = rows[rows["suppressed"] & _count_mask(rows)]
    for r in hidden.itertuples(index=False):
        s = _standard(r.indicator)
        k, n = K(r.year, r.indicator, r.breakdown, r.metric), N(r.year, r.indicator, r.breakdown, r.metric)
        published_k, published_n = is_published(k), is_published(n)
        previous = K(r.year - 1, s.composition, OVERALL, r.metric)
        if r.indicator == s.two_year and r.breakdown == "two-year" and w(previous) in index:
            # by definition the sum of two printed headcounts: not a hidden count when both are printed
            published_n = published_n or (is_published(K(r.year, s.composition, OVERALL, r.metric))
                                          and is_published(previous))
        targets = []
        if not published_k:
            targets.append(("numerator", {k: 1}))
        if not published_n:
            targets.append(("denominator", {n: 1}))
        if not (published_k and published_n):
            targets.append(("complement", {n: 1, k: -1}))
        for which, terms in targets:
            low, high = span(terms)
            out.append((r.year, r.indicator, r.breakdown, r.metric, which, low, high))
    for year in sorted(rows["year"].unique()):
        for s in standards:
            for g in s.groups:
                key = BANK(year, s.composition, g)
                if w(key) in index:
                    low, high = span({key: 1})
                    out.append((year, s.composition, INCL_BANK, g, "bank", low, high))
    grouped = set()
    for (year, file, metric), cell in cells.items():
        for which, value in {**cell["counts"], **cell["values"]}.items():
            if value is None:
                low, high = span({NOTE(year, file, metric, which): 1})
                out.append((year, NOTE_INDICATOR, file, metric, which, low, high))
        for s in standards:
            tied = (year, s.name)
            if cell["code"] == NO_BAND and w(tied) in solver.model.no_band_tied and tied not in grouped:
                grouped.add(tied)  # one split a year, under the year's first such note
                for g in s.groups:
                    low, high = span({NO_BAND_GROUP(year, g, s.name): 1})
                    out.append((year, NOTE_INDICATOR, file, metric, _no_band_which(s, g), low, high))
    return out


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
# A system of organisations (an Integrated Care System)
# ---------------------------------------------------------------------------

#: The ``organisation`` of a system file's own rows (the other rows are its organisations' copies).
SYSTEM = "system"
SYSTEM_ATTACK_COLUMNS = ["organisation"] + ATTACK_COLUMNS
#: Sub-folders of a system's year folder that are not organisations' reports.
NOT_ORGANISATIONS = ("wdes",)


def _org(code: str):
    """The names of one organisation's keys (``system``: the system's) in a system's model."""
    def wrap(key: tuple) -> tuple:
        return ("org", code) + key
    return wrap


def read_system(year_dir: str | Path) -> pd.DataFrame:
    """A system's published rows: ``year_dir/results.csv`` (its ``organisation`` column first: an
    organisation's code for the organisation's copied rows, ``system`` for the system's own) and,
    where published, ``year_dir/wdes/results.csv`` (a row without an organisation is the system's),
    as :func:`read_report` reads them."""
    path = Path(year_dir)
    frame = read_report(path)
    if "organisation" not in frame:
        raise AttackError(f"{path / 'results.csv'}: no organisation column (not a system's results)")
    frames = [frame]
    if (path / "wdes" / "results.csv").is_file():
        wdes = read_report(path / "wdes")
        if "organisation" not in wdes:
            wdes.insert(0, "organisation", SYSTEM)
        frames.append(wdes)
    frame = pd.concat(frames, ignore_index=True)
    frame["organisation"] = frame["organisation"].map(_strip_guard).str.strip().replace("", SYSTEM)
    return frame


def system_organisations(year_dir: str | Path) -> dict[str, list[Path]]:
    """The organisations of a system's year folder: code -> its report folders (``year_dir/<code>``
    and its ``wdes/``, as :func:`with_wdes`): every sub-folder with a ``results.csv`` (but ``wdes``
    and hidden ones), and every organisation of the system file (no folder: its copies only)."""
    path = Path(year_dir)
    found = {d.name: with_wdes([d]) for d in sorted(path.iterdir())
             if d.is_dir() and not d.name.startswith(".") and d.name not in NOT_ORGANISATIONS
             and (d / "results.csv").is_file()}
    for code in sorted(set(read_system(path)["organisation"]) - {SYSTEM}):
        found.setdefault(code, [])
    return found


def _graft(target: _Model, source: _Model, wrap) -> None:
    """``source``'s variables, equalities, published counts and rows into ``target``, each key named
    by ``wrap``."""
    keys = list(source.index)
    assert all(source.index[key] == i for i, key in enumerate(keys))
    for key in keys:
        target.var(wrap(key))
    for i, key in enumerate(keys):
        root = source._root(i)
        if root != i:
            target.same(wrap(key), wrap(keys[root]))
    for key, value in source.fixed.items():
        target.fix(wrap(key), value)
    for terms, lo, hi in source.rows:
        target.add({wrap(key): c for key, c in terms.items()}, lo, hi)
    target.no_band_tied |= {wrap(t) for t in source.no_band_tied}


def _system_parts(year_dirs: list[Path], notes: bool):
    """(organisations: code -> (rows, note cells), the system's rows) of a system's year folders."""
    org_rows, org_folders, system_rows = defaultdict(list), defaultdict(list), []
    for d in year_dirs:
        frame = read_system(d)
        for code, part in frame.groupby("organisation", sort=True):
            (system_rows if code == SYSTEM else org_rows[code]).append(part.drop(columns="organisation"))
        for code, folders in system_organisations(d).items():
            org_folders[code] += folders
            org_rows[code] += [read_report(f).drop(columns="organisation", errors="ignore") for f in folders]
    if not system_rows:
        raise AttackError(f"{[str(d) for d in year_dirs]}: no system rows (organisation {SYSTEM!r})")
    organisations = {}
    for code in sorted(org_rows):
        rows = _merge_duplicates(pd.concat([_keyed(f) for f in org_rows[code]], ignore_index=True))
        organisations[code] = (rows, _note_cells(org_folders[code]) if notes else {})
    return organisations, _merge_duplicates(pd.concat([_keyed(f) for f in system_rows], ignore_index=True))


def attack_system(year_dir: str | Path, previous_year_dir: str | Path | None = None,
                  notes: bool = True) -> pd.DataFrame:
    """The attacker's bounds on every hidden count of a system and of its organisations, in one model.

    ``year_dir``: a system's report folder (``OUT/<year>``): the system file ``results.csv``
    (:func:`read_system`) and each organisation's own report folder ``OUT/<year>/<code>/``
    (``results.csv``, ``run.json`` with its data notes, ``wdes/results.csv``), as a single trust's;
    ``previous_year_dir``: last year's, attacked with it. Each organisation's reports (its folders
    and its rows copied into the system file, one report: what either shows is shown) make the model
    :func:`attack` makes of them, its keys kept apart by organisation. The system's rows make the
    model a report's make (its indicators are computed from the summed counts as an organisation's
    from its own), without data notes: an event indicator's headcount is the composition's Overall
    headcount of the group only where every organisation's is (none has no-band staff that year,
    and each has both rows), else their difference is left unknown. And for every count of the
    system's model, the system's count = the sum of the organisations' same count. An organisation
    without that count in its model adds nothing to a numerator (it has no such row: none there) but
    an unknown number >= 0 to a denominator (a composition row left out for an empty group still has
    the breakdown's headcount), and an unknown number to either when it published nothing of that
    standard that year. A system's count that is the sum of its organisations' printed counts is
    not a hidden count (as a hidden row's denominator that is a printed headcount is not).

    Returns :func:`attack`'s rows with ``organisation`` first (an organisation's code, or ``system``).
    """
    year_dirs = [Path(d) for d in (previous_year_dir, year_dir) if d is not None]
    organisations, system_rows = _system_parts(year_dirs, notes)
    models = {code: _build(rows, cells) for code, (rows, cells) in organisations.items()}
    m = _Model()
    for code, model in models.items():
        _graft(m, model, _org(code))

    def tight(event: tuple, headcount: tuple) -> bool:  # every organisation's are one count
        return all(event in om.index and headcount in om.index
                   and om._root(om.index[event]) == om._root(om.index[headcount]) for om in models.values())

    system_model = _build(system_rows, tight=tight)
    _graft(m, system_model, _org(SYSTEM))
    published = {code: set(zip(rows["year"], rows["standard"])) for code, (rows, _) in organisations.items()}
    sums = {}
    for key in system_model.index:
        kind, year, indicator = key[0], key[1], key[2]
        if kind not in ("k", "n"):
            continue
        parts = []
        for code in organisations:
            own = _org(code)(key)
            if own in m.index:
                parts.append(own)
            elif kind == "n" or (year, _standard(indicator).name) not in published[code]:
                parts.append(m.var(("unknown", code) + key))
        m.eq(_org(SYSTEM)(key), parts)
        sums[key] = parts
    solver = m.compile()

    def printed(key: tuple) -> bool:  # the sum of the organisations' printed counts
        return key in sums and all(p[0] == "org" and solver.is_published(p) for p in sums[key])

    out = []
    for code, (rows, cells) in organisations.items():
        out += [(code,) + r for r in _bounds(solver, rows, cells, _org(code))]
    out += [(SYSTEM,) + r for r in _bounds(solver, system_rows, {}, _org(SYSTEM), printed)]
    return pd.DataFrame(out, columns=SYSTEM_ATTACK_COLUMNS)


# ---------------------------------------------------------------------------
# The guarantees
# ---------------------------------------------------------------------------

def true_counts(truth: pd.DataFrame) -> dict[tuple, float]:
    """(year, indicator, breakdown, metric, which) -> the true count, from an
    unsuppressed results frame (numerator and denominator per row), indicators
    named as :func:`attack` names them: a WDES row needs ``standard`` = ``wdes``
    (a frame without the column, or a row without a standard, is the WRES's)."""
    values: dict[tuple, float] = {}
    standards = truth["standard"].fillna("").replace("", "wres") if "standard" in truth else ["wres"] * len(truth)
    for standard, r in zip(standards, truth.itertuples(index=False)):
        if pd.isna(r.numerator) or pd.isna(r.denominator):
            continue
        cell = (int(r.year), indicator_key(standard, r.indicator), r.breakdown, r.metric)
        values[cell + ("numerator",)] = float(r.numerator)
        values[cell + ("denominator",)] = float(r.denominator)
        values[cell + ("complement",)] = float(r.denominator) - float(r.numerator)
    for (year, indicator, breakdown, metric, which), v in list(values.items()):
        if indicator == _standard(indicator).composition and breakdown == INCL_BANK and which == "numerator":
            base = values.get((year, indicator, OVERALL, metric, "numerator"))
            if base is not None:
                values[(year, indicator, INCL_BANK, metric, "bank")] = v - base
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
    ``no_indicator_1_band`` note, for each standard: White and BME as the indicator 3 single-year
    (else indicator 4) headcount minus indicator 1 Overall's (Disabled and Non-disabled: WDES
    metric 3's and metric 1's), Unknown the rest of the note's people."""
    for (year, indicator, file, metric, which), people in list(values.items()):
        if indicator != NOTE_INDICATOR or which != "people" or metric.split("#")[0] != NOTE_PREFIX + NO_BAND:
            continue
        for s in STANDARDS.values():
            split = {}
            for g in (s.reference, s.focus):
                base = values.get((year, s.composition, OVERALL, g, "numerator"))
                wider = [values.get(cell) for cell in [(year, s.two_year, "single-year", g, "denominator")]
                         + [(year, i, "All", g, "denominator") for i in s.headcount] if cell in values]
                if base is not None and wider:
                    split[g] = wider[0] - base
            if len(split) == 2:
                split[UNKNOWN] = people - split[s.reference] - split[s.focus]
            for g, v in split.items():
                values[(year, indicator, file, metric, _no_band_which(s, g))] = v


def violations(attack_frame: pd.DataFrame, truth, threshold: int = THRESHOLD, notes=None) -> list[str]:
    """The guarantees, given the true counts (``truth``: unsuppressed results with
    numerator and denominator; ``notes``: the true note counts, from
    :func:`true_note_counts` or the analyst's folders to read them from): (1) no
    hidden non-zero count is pinned to one value; (2) a hidden count of 1 to
    ``threshold`` keeps at least ``threshold + 1`` possible values. A true value
    outside the attacker's bounds is reported too (the attacker itself would be
    wrong), and so is a hidden count with no true value given. Bank staff and
    the no-band staff by group (never published, differences of shown counts)
    are checked only for (2).

    A system's attack (:func:`attack_system`, with its ``organisation`` column): ``truth`` maps each
    organisation's code, and ``system``, to its unsuppressed results (or is one frame with an
    ``organisation`` column), ``notes`` (optional) each organisation's code to its true note counts
    or analyst's folders; each message starts with the organisation (``RXX:``, ``system:``)."""
    if "organisation" in attack_frame.columns:
        if isinstance(truth, pd.DataFrame):
            truth = {code: part.drop(columns="organisation") for code, part in truth.groupby("organisation")}
        truth, notes = truth or {}, notes or {}
        found = []
        for code, part in attack_frame.groupby("organisation", sort=False):
            found += [f"{code}: {v}" for v in _violations(part.drop(columns="organisation"), truth.get(code),
                                                          threshold, notes.get(code))]
        return found
    return _violations(attack_frame, truth, threshold, notes)


def _violations(attack_frame: pd.DataFrame, truth: pd.DataFrame | None, threshold: int = THRESHOLD,
                notes: dict[tuple, float] | list[str | Path] | None = None) -> list[str]:
    """:func:`violations` of one report's attack."""
    values = true_counts(truth) if truth is not None else {}
    if notes is not None:
        values.update(notes if isinstance(notes, dict) else true_note_counts(notes))
    _true_no_band_groups(values)
    found = []
    for r in attack_frame.itertuples(index=False):
        indicator = r.indicator if isinstance(r.indicator, str) else int(r.indicator)
        where = f"{r.year} {_label(indicator)} {r.breakdown} {r.metric} {r.which}"
        true = values.get((int(r.year), indicator, r.breakdown, r.metric, r.which))
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
    rows (WRES indicator 9 and WDES metric 10, except the workforce percentage) have no
    interval and no counts; no shown row has a numerator or complement of 1 to ``threshold``;
    no data note (``run.json``) shows a count or value of 1 to ``threshold``. ``report_dirs``
    as for :func:`attack` (WRES and WDES folders), each checked on its own."""
    found = []
    for d in report_dirs:
        rows = read_report(d)
        name = _name(d)
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
        keys = _keyed(rows)["indicator"]
        board = rows[np.array([i == _standard(i).board and m != _standard(i).workforce
                               for i, m in zip(keys, rows["metric"])], dtype=bool)]
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


def published_violations_system(year_dirs: list[str | Path], threshold: int = THRESHOLD) -> list[str]:
    """:func:`published_violations` of a system's year folders (``OUT/<year>``): its system file
    (``results.csv``, ``wdes/results.csv``, ``run.json``) and each organisation's own report folders;
    and an organisation's rows copied into the system file that its own files do not publish as they
    are (a copy shows what the organisation hid, shows other figures, or adds a row)."""
    found = []
    key = ["standard", "year", "indicator", "breakdown", "metric"]
    for d in map(Path, year_dirs):
        found += published_violations(with_wdes([d]), threshold)
        system = read_system(d)
        for code, folders in system_organisations(d).items():
            found += [f"{code}: {v}" for v in published_violations(folders, threshold)]
            copies = system[system["organisation"] == code].drop(columns="organisation")
            if not folders or copies.empty:
                continue
            own = pd.concat([read_report(f).drop(columns="organisation", errors="ignore") for f in folders],
                            ignore_index=True)
            copies, own = (f.assign(indicator=f["indicator"].astype(str)) for f in (copies, own))
            both = copies.merge(own.drop_duplicates(key), on=key, how="left", suffixes=("", "_own"),
                                indicator="found")
            for r in both.itertuples(index=False):
                where = f"{d.name}: {code}'s copy of {r.year} {_label(indicator_key(r.standard, r.indicator))} " \
                        f"{r.breakdown} {r.metric}"
                if r.found == "left_only":
                    found.append(f"{where}: not in the organisation's own results")
                elif r.suppressed != r.suppressed_own:
                    found.append(f"{where}: {'hidden' if r.suppressed else 'shown'} in the system file, "
                                 f"{'hidden' if r.suppressed_own else 'shown'} in the organisation's own results")
                else:
                    for column in ("value", "numerator", "denominator"):
                        a, b = getattr(r, column), getattr(r, column + "_own")
                        if not ((pd.isna(a) and pd.isna(b)) or (pd.notna(a) and pd.notna(b)
                                                                 and abs(a - b) <= 1e-6 * max(1, abs(b)))):
                            found.append(f"{where}: {column} {a:g} in the system file, {b:g} in the "
                                         f"organisation's own results")
    return found
