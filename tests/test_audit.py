"""The integer audit (wreslib.disclosure.audit): ranges worked out by hand."""
from __future__ import annotations

import math

import pytest

from wreslib.disclosure.audit import Range, cell_ranges, required_width, violations


def band(white, bme, unknown):
    return {"W": white, "B": bme, "U": unknown, "T": white + bme + unknown}


BAND = [("T", ["W", "B", "U"])]


def test_one_hidden_cell_of_a_sum_is_pinned():
    r = cell_ranges(band(17, 8, 1), {"W", "U", "T"}, BAND)
    assert r == {"B": Range(8, 8)}
    assert violations(band(17, 8, 1), r) == {"B": "pinned at 8"}


def test_two_hidden_cells_share_what_is_left():
    # White 17 of 26 shown: BME + Unknown = 9, each anywhere from 0 to 9 (10 values each).
    values = band(17, 8, 1)
    r = cell_ranges(values, {"W", "T"}, BAND)
    assert r == {"B": Range(0, 9), "U": Range(0, 9)}
    assert violations(values, r) == {}


def test_a_small_cell_needs_eight_possible_values():
    # White 20 of 26: BME + Unknown = 6, so Unknown 1 lies in 0..6: only 7 values, one short.
    values = band(20, 5, 1)
    r = cell_ranges(values, {"W", "T"}, BAND)
    assert r["U"] == Range(0, 6)
    assert violations(values, r) == {"B": "a count of 1 to 7 narrowed to 0..6",
                                     "U": "a count of 1 to 7 narrowed to 0..6"}
    # With a threshold of 5, six values are enough.
    assert violations(values, r, threshold=5) == {}


def test_whole_numbers_and_non_negativity_pin_what_linear_algebra_cannot():
    # x + y = 9 and y + z = 0 over the reals leave x free (y = -z); but y, z >= 0 force y = z = 0, so x = 9.
    values = {"x": 9, "y": 0, "z": 0, "s": 9, "zero": 0}
    relations = [("s", ["x", "y"]), ("zero", ["y", "z"])]
    r = cell_ranges(values, {"s", "zero"}, relations)
    assert r["x"] == Range(9, 9)
    assert violations(values, r) == {"x": "pinned at 9"}
    # A count of 1 to 7 so pinned is narrowed below 8 values too.
    values = {"x": 3, "y": 0, "z": 0, "s": 3, "zero": 0}
    assert violations(values, cell_ranges(values, {"s", "zero"}, relations)) == {
        "x": "a count of 1 to 7 narrowed to 3..3"}


def test_integrality_narrows_a_range():
    # 2a + b = 9 (a counted twice: a cell in two sums of one total), b <= 3: a in 3..4 only.
    values = {"a": 3, "b": 3, "a2": 3, "total": 9, "cap": 3, "rest": 0}
    relations = [("total", ["a", "a2", "b"]), ("a", ["a2"]), ("cap", ["b", "rest"])]
    r = cell_ranges(values, {"total", "cap"}, relations, {"a"})
    assert r["a"] == Range(3, 4)


def test_nothing_caps_a_cell_without_a_total():
    r = cell_ranges({"k": 3, "n": 10, "rest": 7}, {"n"}, [("n", ["k", "rest"])])
    assert r["k"] == Range(0, 10)
    r = cell_ranges({"k": 3, "n": 10, "rest": 7}, set(), [("n", ["k", "rest"])])
    assert r["k"].low == 0 and math.isinf(r["k"].high)


def test_zero_may_be_pinned_and_required_widths():
    assert [required_width(v) for v in (0, 1, 7, 8, 100)] == [None, 7, 7, 1, 1]
    assert violations({"z": 0}, {"z": Range(0, 0)}) == {}
    assert violations({"a": 9}, {"a": Range(9, 10)}) == {}


def test_screening_never_reports_a_safe_cell_unsafe_or_the_other_way():
    # A 4 x 3 table with a rectangle of hidden cells: screening (need) and exact ranges agree on violations.
    grid = {("r1", "W"): 20, ("r1", "B"): 3, ("r1", "U"): 9, ("r2", "W"): 25, ("r2", "B"): 15, ("r2", "U"): 10,
            ("r3", "W"): 40, ("r3", "B"): 2, ("r3", "U"): 1}
    values = dict(grid)
    relations = []
    for r in ("r1", "r2", "r3"):
        values[(r, "T")] = sum(grid[(r, g)] for g in "WBU")
        relations.append(((r, "T"), [(r, g) for g in "WBU"]))
    for g in "WBU":
        values[("all", g)] = sum(grid[(r, g)] for r in ("r1", "r2", "r3"))
        relations.append((("all", g), [(r, g) for r in ("r1", "r2", "r3")]))
    hidden = {("r1", "B"), ("r1", "U"), ("r3", "B"), ("r3", "U")}
    shown = set(values) - hidden
    exact = cell_ranges(values, shown, relations)
    need = {c: required_width(v) for c, v in values.items() if required_width(v)}
    screened = cell_ranges(values, shown, relations, need=need)
    assert violations(values, exact) == violations(values, screened)
    # By hand: r1 B + U = 12, r3 B + U = 3, B column 3 + 2 = 5: r3's cells lie in 0..3 (too narrow).
    assert exact[("r3", "B")] == Range(0, 3)
    assert set(violations(values, exact)) == {("r3", "B"), ("r3", "U"), ("r1", "B")}
    for cell, rng in screened.items():
        assert exact[cell].low <= rng.low and rng.high <= exact[cell].high


def test_cache_reuses_unchanged_components():
    values = band(17, 8, 1)
    cache: dict = {}
    first = cell_ranges(values, {"W", "T"}, BAND, cache=cache)
    assert len(cache) == 1
    assert cell_ranges(values, {"W", "T"}, BAND, cache=cache) == first
    assert len(cache) == 1


@pytest.mark.parametrize("shown, expected", [({"T"}, Range(0, 26)), ({"W", "B", "T"}, Range(1, 1))])
def test_ranges_of_unknown(shown, expected):
    assert cell_ranges(band(17, 8, 1), shown, BAND)["U"] == expected
