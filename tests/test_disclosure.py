"""Disclosure control: hand-worked suppression examples, a recovery attack, the small-trust fixture and the
publish-time scan.

The attack (``recover``) is written here independently of ``wreslib.disclosure.engine``: it tries to work out every
hidden cell from what is shown, first by repeated subtraction (a relation with one unknown gives it away) and
then exactly, by rational Gaussian elimination over all the relations at once.
"""
from __future__ import annotations

import math
import struct
import zlib
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from wreslib.inputs.counts import read_counts, group_totals
from wreslib.disclosure.engine import (FOOTNOTE, HIDDEN_CHANGE_NOTE, HIDDEN_NOTE, MARKER, Finding, Reason, Thresholds, find_counts_in_text, footnote,
                                identifier_values, is_small,
                                mark, protect_cells, scan_for_disclosure, secondary_suppress, suppress_counts,
                                suppress_results, visible_groups, visible_text)
from wreslib.compute.indicators import RESULT_COLUMNS, compute_indicators, write_results

from helpers import REPO

GROUPS = ["White", "BME", "Unknown"]
HEADER = "year,indicator,measure,breakdown,ethnicity,count\n"


# ---------------------------------------------------------------------------
# The attacker
# ---------------------------------------------------------------------------

def subtraction_fixpoint(known: dict, relations) -> dict:
    """Repeatedly solve any relation ``total = sum(parts)`` with exactly one unknown cell."""
    known = dict(known)
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            cells = [total, *parts]
            missing = [c for c in cells if c not in known]
            if len(missing) != 1:
                continue
            m = missing[0]
            if m == total:
                known[m] = sum(known[p] for p in parts)
            else:
                known[m] = known[total] - sum(known[p] for p in parts if p != m)
            changed = True
    return known


def exactly_determined(known: dict, relations) -> dict:
    """Unknown cells fixed by the relations taken together: rational row reduction."""
    unknown = sorted({c for t, ps in relations for c in (t, *ps) if c not in known}, key=repr)
    col = {c: j for j, c in enumerate(unknown)}
    rows = []
    for total, parts in relations:
        coef = [Fraction(0)] * (len(unknown) + 1)
        rhs = Fraction(0)
        for c, sign in [(total, -1)] + [(p, 1) for p in parts]:
            if c in known:
                rhs -= sign * known[c]
            else:
                coef[col[c]] += sign
        if any(coef[:-1]):
            coef[-1] = rhs
            rows.append(coef)
    pivots, r = [], 0
    for j in range(len(unknown)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][j] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [x / rows[r][j] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][j] != 0:
                rows[i] = [a - rows[i][j] * b for a, b in zip(rows[i], rows[r])]
        pivots.append(j)
        r += 1
    found = {}
    for i, j in enumerate(pivots):
        if all(rows[i][k] == 0 for k in range(len(unknown)) if k != j):
            found[unknown[j]] = rows[i][-1]
    return found


def recover(known: dict, relations) -> dict:
    """Everything an attacker can work out: by subtraction, then exactly."""
    by_subtraction = subtraction_fixpoint(known, relations)
    exact = exactly_determined(by_subtraction, relations)
    for c, v in exact.items():
        assert c not in by_subtraction or by_subtraction[c] == v
    return {c: v for c, v in {**by_subtraction, **exact}.items() if c not in known}


def table_relations(labels, cols, total_col, row_totals):
    rel = [((r, total_col), [(r, c) for c in cols]) for r in labels]
    for total, members in row_totals.items():
        rel += [((total, c), [(m, c) for m in members]) for c in cols + [total_col]]
    return rel


def attack_table(shown: pd.DataFrame, original: pd.DataFrame, key, cols, total_col, row_totals):
    """Hidden cells of ``shown`` (NaN) that the attacker recovers, with their true values."""
    known, truth = {}, {}
    for (_, s), (_, o) in zip(shown.iterrows(), original.iterrows()):
        for c in cols + [total_col]:
            truth[(o[key], c)] = int(o[c])
            if not pd.isna(s[c]):
                known[(o[key], c)] = int(s[c])
    found = recover(known, table_relations(list(original[key]), cols, total_col, row_totals))
    assert all(truth[c] == v for c, v in found.items())  # the attacker is right when it claims a value
    return {c: truth[c] for c in found}


def wide(rows, cols=GROUPS):
    frame = pd.DataFrame(rows, columns=["row"] + cols)
    frame["Total"] = frame[cols].sum(axis=1)
    return frame


def hidden_cells(out, cols=GROUPS + ["Total"]):
    return {(r, c) for r, (_, row) in zip(out["row"], out.iterrows()) for c in cols if row[f"{c}_suppressed"]}


# ---------------------------------------------------------------------------
# Thresholds and primary suppression
# ---------------------------------------------------------------------------

def test_thresholds_defaults_and_boundaries():
    assert Thresholds() == Thresholds(count=7, survey=11)
    assert [is_small(x, 7) for x in (0, 1, 7, 8, math.nan, None, "x")] == [False, True, True, False, False, False,
                                                                         False]
    assert FOOTNOTE.startswith(MARKER) and "1 to 7" in FOOTNOTE and "fewer than 11" in FOOTNOTE
    assert "1 to 5" in footnote(5) and "fewer than 20" in footnote(Thresholds(count=7, survey=20))
    with pytest.raises(ValueError):
        Thresholds(count=-1)


def test_suppress_counts_zero_shown_boundary_7_vs_8():
    table = pd.DataFrame({"band": ["a", "b", "c", "d", "e"], "n": [0, 1, 7, 8, 120]})
    out = suppress_counts(table, ["n"])
    assert out["n_suppressed"].tolist() == [False, True, True, False, False]
    assert out["suppressed"].tolist() == [False, True, True, False, False]
    assert out["n"].isna().tolist() == [False, True, True, False, False]
    assert out.loc[3, "n"] == 8 and out.loc[0, "n"] == 0
    assert table["n"].tolist() == [0, 1, 7, 8, 120]  # input untouched
    assert mark(out, ["n"])["n"].tolist() == ["0", MARKER, MARKER, "8", "120"]
    # A different threshold moves the boundary.
    assert suppress_counts(table, ["n"], 8)["n_suppressed"].tolist() == [False, True, True, True, False]


# ---------------------------------------------------------------------------
# Secondary suppression
# ---------------------------------------------------------------------------

def test_primary_alone_is_recoverable_from_the_total():
    # Why secondary suppression exists: 32 - 20 - 9 = 3.
    t = wide([("Band 5", 20, 3, 9)])
    found = attack_table(suppress_counts(t, GROUPS + ["Total"]), t, "row", GROUPS, "Total", {})
    assert found == {("Band 5", "BME"): 3}


def test_one_hidden_cell_in_a_row_triggers_a_second():
    t = wide([("Band 5", 20, 3, 9)])
    out = secondary_suppress(t, GROUPS, total_col="Total", key="row")
    # The smallest non-zero complementary cell is Unknown (9), not White (20) or the total (32).
    assert hidden_cells(out) == {("Band 5", "BME"), ("Band 5", "Unknown")}
    assert out.loc[0, "White"] == 20 and out.loc[0, "Total"] == 32
    assert attack_table(out, t, "row", GROUPS, "Total", {}) == {}


def test_zero_is_shown_and_not_used_as_a_complement():
    t = wide([("Band 9", 20, 3, 0)])
    out = secondary_suppress(t, GROUPS, total_col="Total", key="row")
    assert hidden_cells(out) == {("Band 9", "BME"), ("Band 9", "White")}
    assert out.loc[0, "Unknown"] == 0
    assert attack_table(out, t, "row", GROUPS, "Total", {}) == {}


def test_cascade_across_rows_and_columns():
    # Worked by hand. BME 3 in Band 5 is hidden; its row and its column each give it away, and only a cell
    # of those two relations can mend that. No single cell fixes both, so the smallest non-zero one goes:
    # Unknown 12 of Band 5 (before BME 15 of Band 6). BME 3 is still alone in its column: of BME 15 (Band 6)
    # and 20 (Band 7), 15 goes. Unknown 12 is now alone in its column: Unknown 10 of Band 6 closes the
    # rectangle Band 5 and 6 x BME and Unknown (Unknown 9 of Band 7 is smaller but would leave it open).
    # The cluster row is left alone.
    t = wide([("Band 5", 30, 3, 12), ("Band 6", 25, 15, 10), ("Band 7", 40, 20, 9),
              ("Cluster", 95, 38, 31)])
    totals = {"Cluster": ["Band 5", "Band 6", "Band 7"]}
    out = secondary_suppress(t, GROUPS, total_col="Total", row_totals=totals, key="row")
    assert hidden_cells(out) == {("Band 5", "BME"), ("Band 5", "Unknown"), ("Band 6", "BME"),
                                 ("Band 6", "Unknown")}
    assert attack_table(out, t, "row", GROUPS, "Total", totals) == {}
    # Primary suppression alone: both the row and the column give the 3 away.
    assert attack_table(suppress_counts(t, GROUPS + ["Total"]), t, "row", GROUPS, "Total", totals) == {
        ("Band 5", "BME"): 3}


def test_whole_small_row_needs_another_row_hidden():
    # Band 9 (2 + 1 + 0 = 3 people) is hidden whole, its 0 too (a group of 3 is not broken down by ethnicity),
    # but its total 3 would still follow from the cluster total: another whole row must go.
    t = wide([("Band 7", 40, 20, 9), ("Band 8a", 30, 12, 8), ("Band 9", 2, 1, 0), ("Cluster", 72, 33, 17)])
    totals = {"Cluster": ["Band 7", "Band 8a", "Band 9"]}
    out = secondary_suppress(t, GROUPS, total_col="Total", row_totals=totals, key="row")
    assert out.loc[2, GROUPS + ["Total"]].isna().all()
    # By hand: White 2, BME 1 and Total 3 of Band 9 are each alone in their column: White, BME and Total of
    # Band 8a (the smallest non-zero cells there) close the three columns. Band 9's Unknown is 0 and may be
    # worked out (a zero is no one), so Band 8a's Unknown 8 stays: White 30 + 2 = 32 and BME 12 + 1 = 13
    # leave each hidden count of Band 9 a range of 0..32 and 0..13. Band 7 and the cluster stay.
    assert hidden_cells(out) - {("Band 9", c) for c in GROUPS + ["Total"]} == {
        ("Band 8a", "White"), ("Band 8a", "BME"), ("Band 8a", "Total")}
    # Only the zero can be worked out: "no one in Band 9 is of unknown ethnicity" counts no one.
    assert attack_table(out, t, "row", GROUPS, "Total", totals) == {("Band 9", "Unknown"): 0}
    assert not out.loc[3, ["White", "BME", "Unknown", "Total"]].isna().any()  # the cluster total stays


def test_subtraction_is_not_enough_linear_combinations_are_checked():
    # Two 2x2 blocks of hidden cells joined by one hidden cell (r1, c3): every row and column with a hidden cell
    # has two, so repeated subtraction finds nothing, yet (rows r1 + r2) - (columns c1 + c2) gives (r1, c3).
    values, rel, labels = {}, [], ["r1", "r2", "r3", "r4"]
    grid = {"r1": [11, 12, 13, 14], "r2": [15, 16, 17, 18], "r3": [19, 20, 21, 22], "r4": [23, 24, 25, 26]}
    cols = ["c1", "c2", "c3", "c4"]
    for r in labels:
        for c, v in zip(cols, grid[r]):
            values[(r, c)] = v
        values[(r, "T")] = sum(grid[r])
        rel.append(((r, "T"), [(r, c) for c in cols]))
    for j, c in enumerate(cols):
        values[("all", c)] = sum(grid[r][j] for r in labels)
        rel.append((("all", c), [(r, c) for r in labels]))
    hidden = {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2"), ("r3", "c3"), ("r3", "c4"), ("r4", "c3"),
              ("r4", "c4"), ("r1", "c3")}
    known = {c: v for c, v in values.items() if c not in hidden}
    assert subtraction_fixpoint(known, rel).keys() == known.keys()
    assert exactly_determined(known, rel) == {("r1", "c3"): 13}
    protected = protect_cells(values, rel, hidden)
    assert hidden < protected
    assert recover({c: v for c, v in values.items() if c not in protected}, rel) == {}


def random_table(rng, n_clusters=2, n_bands=5):
    """Bands of 0-60 White, 0-12 BME, 0-4 Unknown (many of them 1 to 7) in clusters, and an overall row."""
    rows, totals = [], {}
    for k in range(n_clusters):
        bands = [f"C{k} B{b}" for b in range(n_bands)]
        for b in bands:
            rows.append((b, int(rng.integers(0, 60)), int(rng.integers(0, 13)), int(rng.integers(0, 5))))
        totals[f"C{k}"] = bands
    frame = wide(rows)
    for k in range(n_clusters):
        part = frame[frame["row"].str.startswith(f"C{k} ")]
        frame.loc[len(frame)] = [f"C{k}", *part[GROUPS + ["Total"]].sum()]
    clusters = [f"C{k}" for k in range(n_clusters)]
    frame.loc[len(frame)] = ["Overall", *frame[frame["row"].isin(clusters)][GROUPS + ["Total"]].sum()]
    totals["Overall"] = clusters
    return frame, totals


@pytest.mark.parametrize("seed", range(12))
def test_no_hidden_cell_recoverable_in_random_nested_tables(seed):
    t, totals = random_table(np.random.default_rng(seed))
    out = secondary_suppress(t, GROUPS, total_col="Total", row_totals=totals, key="row")
    cells = GROUPS + ["Total"]
    for c in cells:
        small = t[c].between(1, 7)
        assert out.loc[small, f"{c}_suppressed"].all()  # every primary cell hidden
        shown = ~out[f"{c}_suppressed"]
        assert (out.loc[shown, c] == t.loc[shown, c]).all() and out.loc[~shown, c].isna().all()
    assert attack_table(out, t, "row", GROUPS, "Total", totals) == {}
    # Deterministic.
    again = secondary_suppress(t, GROUPS, total_col="Total", row_totals=totals, key="row")
    pd.testing.assert_frame_equal(out, again)


def test_secondary_by_year_and_bad_relations():
    a = wide([("Band 5", 20, 3, 9)]).assign(year=2023)
    b = wide([("Band 5", 20, 30, 9)]).assign(year=2024)
    out = secondary_suppress(pd.concat([a, b], ignore_index=True), GROUPS, total_col="Total", key="row", by="year")
    assert out["suppressed"].tolist() == [True, False]
    broken = wide([("Band 5", 20, 3, 9)])
    broken.loc[0, "Total"] = 33
    with pytest.raises(ValueError, match="is not Total"):
        secondary_suppress(broken, GROUPS, total_col="Total", key="row")
    with pytest.raises(ValueError, match="not in the table"):
        secondary_suppress(wide([("a", 1, 2, 3)]), GROUPS, total_col="Total", key="row", row_totals={"x": ["a"]})


# ---------------------------------------------------------------------------
# The results contract
# ---------------------------------------------------------------------------

def results_for(write_csv, body):
    return compute_indicators(read_counts(write_csv("counts.csv", HEADER + body)))


def row(results, year, indicator, breakdown, metric):
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (year, indicator, breakdown, metric)
    return rows.iloc[0]


def test_results_zero_shown_and_boundary_8_shown(write_csv):
    # 100 White, 0 BME, 8 Unknown: 0% BME shown, 8 Unknown shown, White's complement (8) shown.
    r = suppress_results(results_for(write_csv, """\
2024,1,headcount,Clinical|Band 5,White,100
2024,1,headcount,Clinical|Band 5,BME,0
2024,1,headcount,Clinical|Band 5,Unknown,8
"""))
    assert list(r.columns) == RESULT_COLUMNS + ["suppressed", "change_suppressed", "suppression_reason"]
    assert not r["suppressed"].any()
    assert row(r, 2024, 1, "Clinical|Band 5", "bme_percent")["value"] == 0
    assert row(r, 2024, 1, "Overall", "unknown_percent")["numerator"] == 8
    assert row(r, 2024, 1, "Overall", "white_percent")["denominator"] == 108


def test_results_numerator_7_and_complement_7_hidden(write_csv):
    # Band 6: 93 White, 7 BME, 0 Unknown. BME 7 is hidden, and White too: its complement is 7.
    # The cluster and Overall BME are 7 as well. Band 5 (100, 0, 8) then has to go too (secondary): with only
    # two bands, cluster White 193 - Band 5 White 100 would give Band 6 White, 93, and so its BME, 100 - 93.
    r = suppress_results(results_for(write_csv, """\
2024,1,headcount,Clinical|Band 5,White,100
2024,1,headcount,Clinical|Band 5,BME,0
2024,1,headcount,Clinical|Band 5,Unknown,8
2024,1,headcount,Clinical|Band 6,White,93
2024,1,headcount,Clinical|Band 6,BME,7
2024,1,headcount,Clinical|Band 6,Unknown,0
"""))
    primary = r["suppression_reason"] == Reason.SMALL_COUNT
    assert set(r.loc[primary, "breakdown"] + " " + r.loc[primary, "metric"]) == {
        "Clinical|Band 6 bme_percent", "Clinical|Band 6 white_percent", "Clinical bme_percent",
        "Overall bme_percent"}
    for _, x in r[r["suppressed"]].iterrows():
        assert all(pd.isna(x[c]) for c in ("value", "ci_low", "ci_high", "numerator", "denominator", "change"))
        assert x["note"] == HIDDEN_NOTE  # the one note: the reason is internal (suppression_reason)
    assert row(r, 2024, 1, "Clinical|Band 5", "white_percent")["suppressed"]
    known, rel = results_cells(r, shown_only=True)
    assert (1, 2024, "Clinical|Band 6", "BME") not in recover(known, rel)


def test_results_all_groups_tiny(write_csv):
    r = suppress_results(results_for(write_csv, """\
2024,1,headcount,Clinical|Band 5,White,3
2024,1,headcount,Clinical|Band 5,BME,2
2024,1,headcount,Clinical|Band 5,Unknown,1
"""))
    assert r["suppressed"].all()
    assert r[["value", "numerator", "denominator"]].isna().all().all()


def test_ratio_interval_and_change_hidden_with_their_counts(write_csv):
    r = suppress_results(results_for(write_csv, """\
2023,2,shortlisted,,White,200
2023,2,shortlisted,,BME,40
2023,2,appointed,,White,50
2023,2,appointed,,BME,3
2024,2,shortlisted,,White,200
2024,2,shortlisted,,BME,60
2024,2,appointed,,White,50
2024,2,appointed,,BME,12
"""))
    for metric in ("bme_percent", "relative_likelihood", "distance_from_equity"):
        x = row(r, 2023, 2, "All", metric)
        assert x["suppressed"] and pd.isna(x["value"]) and pd.isna(x["ci_low"]) and pd.isna(x["ci_high"])
    assert not row(r, 2023, 2, "All", "white_percent")["suppressed"]
    # 2024 is shown, but its change from the hidden 2023 figure would give 2023 away.
    for metric in ("bme_percent", "relative_likelihood"):
        x = row(r, 2024, 2, "All", metric)
        assert not x["suppressed"] and not pd.isna(x["value"])
        assert pd.isna(x["change"]) and x["change_suppressed"] and HIDDEN_CHANGE_NOTE in x["note"]
    assert row(r, 2024, 2, "All", "white_percent")["change"] == 0


def test_small_complement_of_a_rate_hides_it(write_csv):
    # 97 of 100 BME staff accessed training: the 3 who did not are 1 to 7 people. 92 of 100: 8 did not, shown.
    body = """\
2024,1,headcount,Clinical|Band 5,White,500
2024,1,headcount,Clinical|Band 5,BME,100
2024,4,accessed_training,,White,300
2024,4,accessed_training,,BME,{bme}
"""
    r = suppress_results(results_for(write_csv, body.format(bme=97)))
    assert row(r, 2024, 4, "All", "bme_percent")["suppressed"]
    assert row(r, 2024, 4, "All", "relative_likelihood")["suppressed"]
    assert not row(r, 2024, 4, "All", "white_percent")["suppressed"]
    r = suppress_results(results_for(write_csv, body.format(bme=92)))
    assert not row(r, 2024, 4, "All", "bme_percent")["suppressed"]
    assert row(r, 2024, 4, "All", "relative_likelihood")["value"] == pytest.approx((300 / 500) / (92 / 100))
    # A higher threshold reaches the 8.
    assert row(suppress_results(r.drop(columns="suppressed"), 8), 2024, 4, "All", "bme_percent")["suppressed"]


def test_two_year_disciplinary_does_not_give_away_a_hidden_year(write_csv):
    # 2024 BME entering disciplinary: 2 (hidden); 2023: 9; two-year 11 would give 2024 away as 11 - 9.
    r = results_for(write_csv, """\
2023,1,headcount,Clinical|Band 5,White,400
2023,1,headcount,Clinical|Band 5,BME,300
2024,1,headcount,Clinical|Band 5,White,400
2024,1,headcount,Clinical|Band 5,BME,300
2023,3,entered_disciplinary,,White,10
2023,3,entered_disciplinary,,BME,9
2024,3,entered_disciplinary,,White,10
2024,3,entered_disciplinary,,BME,2
""")
    s = suppress_results(r)
    assert row(s, 2024, 3, "single-year", "bme_percent")["suppressed"]
    single_2023 = row(s, 2023, 3, "single-year", "bme_percent")
    two_year = row(s, 2024, 3, "two-year", "bme_percent")
    assert single_2023["suppressed"] or two_year["suppressed"]
    assert not single_2023["suppressed"]  # the two-year figure goes first
    assert row(s, 2024, 3, "two-year", "relative_likelihood")["suppressed"]


def test_bank_staff_cannot_be_worked_out(write_csv):
    # Overall BME 300; including bank 303: the 3 bank BME staff are never shown but would be 303 - 300.
    r = suppress_results(results_for(write_csv, """\
2024,1,headcount,Clinical|Band 5,White,400
2024,1,headcount,Clinical|Band 5,BME,300
2024,1,headcount,Clinical|Band 5,Unknown,20
2024,1,bank_headcount,,White,40
2024,1,bank_headcount,,BME,3
2024,1,bank_headcount,,Unknown,9
"""))
    with_bank = row(r, 2024, 1, "Overall including bank", "bme_percent")
    overall = row(r, 2024, 1, "Overall", "bme_percent")
    assert with_bank["suppressed"] and not overall["suppressed"]  # the summary row goes, not Overall
    shown = r[~r["suppressed"]]
    assert not (shown["breakdown"] == "Overall including bank").all()
    for _, x in shown[shown["breakdown"] == "Overall including bank"].iterrows():
        assert x["metric"] != "bme_percent"


def test_board_rule(write_csv):
    r = suppress_results(results_for(write_csv, """\
2024,1,headcount,Clinical|Band 5,White,400
2024,1,headcount,Clinical|Band 5,BME,300
2024,9,board_members,All,White,10
2024,9,board_members,All,BME,2
2024,9,board_members,Executive,White,4
2024,9,board_members,Executive,BME,1
2024,9,board_members,Voting,White,8
2024,9,board_members,Voting,BME,0
"""))
    whole = row(r, 2024, 9, "All", "board_bme_percent")
    # 2 BME members of 12: the percentage and difference are shown (the board can be named anyway) ...
    assert not whole["suppressed"] and whole["value"] == pytest.approx(100 * 2 / 12)
    assert row(r, 2024, 9, "All", "difference_pp")["value"] == pytest.approx(100 * 2 / 12 - 100 * 300 / 700)
    # ... but never the counts behind them.
    assert r.loc[r["metric"] == "board_bme_percent", ["numerator", "denominator"]].isna().all().all()
    # An executive of 5 (1 BME) still shows its WRES percentage and difference, without counts.
    for metric in ("board_bme_percent", "difference_pp"):
        assert not row(r, 2024, 9, "Executive", metric)["suppressed"]
    assert row(r, 2024, 9, "Executive", "board_bme_percent")["value"] == pytest.approx(20)
    # 8 voting members with no BME member: 8 is above the threshold.
    assert row(r, 2024, 9, "Voting", "board_bme_percent")["value"] == 0
    assert not row(r, 2024, 9, "Executive", "workforce_bme_percent")["suppressed"]


def test_survey_group_size():
    base = dict(ci_low=math.nan, ci_high=math.nan, change=math.nan, description="", note="")
    results = pd.DataFrame([
        dict(year=2024, indicator=5, breakdown="All", metric="bme_percent", value=30.0, numerator=3,
             denominator=10, **base),
        dict(year=2024, indicator=5, breakdown="All", metric="white_percent", value=8 / 20 * 100, numerator=8,
             denominator=20, **base),
        dict(year=2024, indicator=6, breakdown="All", metric="white_percent", value=3 / 40 * 100, numerator=3,
             denominator=40, **base),
        dict(year=2024, indicator=7, breakdown="All", metric="white_percent", value=35 / 40 * 100, numerator=35,
             denominator=40, **base),
        dict(year=2024, indicator=8, breakdown="All", metric="white_percent", value=0.0, numerator=0,
             denominator=40, **base),
    ])[RESULT_COLUMNS]
    r = suppress_results(results)
    # 10 responses hidden; 8 of 20 shown; 3 of 40 and 35 of 40 (5 said no) are counts of 1 to 7; 0 of 40 shown.
    assert r["suppressed"].tolist() == [True, False, True, True, False]
    assert r.loc[0, "suppression_reason"] == Reason.SMALL_SURVEY_GROUP
    assert r.loc[2, "suppression_reason"] == r.loc[3, "suppression_reason"] == Reason.SMALL_COUNT
    assert set(r.loc[r["suppressed"], "note"]) == {HIDDEN_NOTE}
    assert suppress_results(results, Thresholds(survey=21))["suppressed"].tolist() == [True, True, True, True, False]


# ---------------------------------------------------------------------------
# The small trust: a few hundred staff, groups of 1 to 6
# ---------------------------------------------------------------------------

SMALL_BANDS = {"Non-clinical": ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 8a"],
               "Clinical": ["Band 3", "Band 5", "Band 6", "Band 7", "Band 8b"],
               "Medical and Dental": ["Consultant", "Trainee grade"]}


def small_trust_counts() -> str:
    rng = np.random.default_rng(7)
    lines = []
    for year in (2023, 2024):
        for cluster, bands in SMALL_BANDS.items():
            for band in bands:
                lines += [f"{year},1,headcount,{cluster}|{band},White,{int(rng.integers(8, 40))}",
                          f"{year},1,headcount,{cluster}|{band},BME,{int(rng.integers(1, 7))}",
                          f"{year},1,headcount,{cluster}|{band},Unknown,{int(rng.integers(0, 4))}"]
        lines += [f"{year},1,bank_headcount,,White,30", f"{year},1,bank_headcount,,BME,{year - 2019}",
                  f"{year},1,bank_headcount,,Unknown,2",
                  f"{year},2,shortlisted,,White,90", f"{year},2,shortlisted,,BME,14",
                  f"{year},2,shortlisted,,Unknown,3",
                  f"{year},2,appointed,,White,22", f"{year},2,appointed,,BME,{year - 2021}",
                  f"{year},3,entered_disciplinary,,White,4", f"{year},3,entered_disciplinary,,BME,1",
                  f"{year},4,accessed_training,,White,150", f"{year},4,accessed_training,,BME,{year - 1998}",
                  f"{year},9,board_members,All,White,11", f"{year},9,board_members,All,BME,1",
                  f"{year},9,board_members,All,Unknown,1",
                  f"{year},9,board_members,Voting,White,8", f"{year},9,board_members,Voting,BME,1",
                  f"{year},9,board_members,Executive,White,5", f"{year},9,board_members,Executive,BME,1"]
    return "\n".join(lines) + "\n"


def results_cells(results: pd.DataFrame, shown_only: bool) -> tuple[dict, list]:
    """The attacker's cells and relations for indicators 1-4, built from a results frame."""
    cells, rel = {}, []
    take = results[~results["suppressed"]] if shown_only else results
    for _, x in take.iterrows():
        if pd.isna(x["numerator"]) or pd.isna(x["denominator"]) or x["indicator"] == 9:
            continue
        y, i, bd = int(x["year"]), int(x["indicator"]), x["breakdown"]
        g = {"white_percent": "White", "bme_percent": "BME", "unknown_percent": "Unknown"}[x["metric"]]
        k, n = int(x["numerator"]), int(x["denominator"])
        if i == 1:
            cells[(1, y, bd, g)], cells[(1, y, bd, "Total")] = k, n
        else:
            cells[(i, y, bd, "events", g)], cells[(i, y, bd, "base", g)] = k, n
    all_rows = results
    for y in sorted(all_rows["year"].unique()):
        y = int(y)
        bds = set(all_rows.loc[(all_rows["year"] == y) & (all_rows["indicator"] == 1), "breakdown"])
        for bd in bds:
            rel.append(((1, y, bd, "Total"), [(1, y, bd, g) for g in GROUPS]))
            for g in GROUPS:
                rel.append(((1, y, bd, "Total"), [(1, y, bd, g), ("not", y, bd, g)]))
        clusters = sorted(b for b in bds if "|" not in b and not b.startswith("Overall"))
        for g in GROUPS + ["Total"]:
            for cluster in clusters:
                rel.append(((1, y, cluster, g), [(1, y, b, g) for b in sorted(bds) if b.startswith(cluster + "|")]))
            rel.append(((1, y, "Overall", g), [(1, y, c, g) for c in clusters]))
            rel.append(((1, y, "Overall including bank", g), [(1, y, "Overall", g), ("bank", y, g)]))
        for i, bd in ((2, "All"), (3, "single-year"), (3, "two-year"), (4, "All")):
            for g in ("White", "BME"):
                rel.append(((i, y, bd, "base", g), [(i, y, bd, "events", g), (i, y, bd, "non-events", g)]))
                if i in (3, 4) and bd != "two-year":
                    rel.append(((i, y, bd, "base", g), [(1, y, "Overall", g)]))
                if bd == "two-year":
                    for what in ("events", "base"):
                        rel.append(((3, y, bd, what, g), [(3, y, "single-year", what, g),
                                                          (3, y - 1, "single-year", what, g)]))
    return cells, rel


def complete(cells: dict, rel) -> dict:
    """Every cell of the relations from the full (unsuppressed) cells: complements and bank staff."""
    return subtraction_fixpoint(cells, rel)


def test_small_trust_end_to_end(write_csv, tmp_path):
    raw = results_for(write_csv, small_trust_counts())
    staff = row(raw, 2024, 1, "Overall", "bme_percent")["denominator"]
    assert 150 <= staff <= 500
    safe = suppress_results(raw)
    # 1. Nothing shown rests on a count of 1 to 7 (numerator, complement or group).
    shown = safe[~safe["suppressed"] & safe["numerator"].notna()]
    assert not shown["numerator"].between(1, 7).any()
    assert not (shown["denominator"] - shown["numerator"]).between(1, 7).any()
    assert safe["suppressed"].sum() > 20  # the fixture does have small groups
    # 2. Nothing hidden can be worked out: every count of 1 to 7 the truth holds stays unknown.
    truth_cells, rel = results_cells(raw.assign(suppressed=False), shown_only=False)
    truth = complete(truth_cells, rel)
    known, _ = results_cells(safe, shown_only=True)
    assert all(truth[c] == v for c, v in known.items())
    found = recover(known, rel)
    leaked = {c: v for c, v in found.items() if 1 <= v <= 7}
    assert leaked == {}
    assert any(1 <= v <= 7 for c, v in truth.items() if c not in known)  # there was something to protect
    # The same attack on primary suppression alone does recover small counts (so the attack works).
    primary_only = raw.assign(suppressed=(raw["numerator"].between(1, 7)
                                          | (raw["denominator"] - raw["numerator"]).between(1, 7)))
    known_primary, _ = results_cells(primary_only, shown_only=True)
    assert {c: v for c, v in recover(known_primary, rel).items() if 1 <= v <= 7}
    # 3. Ratios and intervals go with their counts; the board shows percentages only.
    for _, x in safe[safe["metric"].isin(["relative_likelihood", "distance_from_equity"])].iterrows():
        same = safe[(safe["year"] == x["year"]) & (safe["indicator"] == x["indicator"])
                    & (safe["breakdown"] == x["breakdown"]) & safe["metric"].str.endswith("_percent")]
        assert x["suppressed"] == same["suppressed"].any()
    board = safe[safe["metric"] == "board_bme_percent"]
    assert board[["numerator", "denominator"]].isna().all().all()
    # All: 13 members (1 BME), Voting: 9, Executive: 6, in both years.
    assert board.groupby("breakdown")["suppressed"].agg(set).to_dict() == {"All": {False}, "Voting": {False},
                                                                           "Executive": {False}}
    # 4. The count table behind indicator 1 through secondary_suppress: same guarantee.
    totals = group_totals(read_counts(write_csv("counts.csv", HEADER + small_trust_counts())))
    head = totals[(totals["indicator"] == 1) & (totals["measure"] == "headcount") & (totals["year"] == 2024)]
    table = head[["breakdown"] + GROUPS + ["Total"]].reset_index(drop=True)
    row_totals = {}
    for cluster, bands in SMALL_BANDS.items():
        table.loc[len(table)] = [cluster, *table[table["breakdown"].str.startswith(cluster + "|")][
            GROUPS + ["Total"]].sum()]
        row_totals[cluster] = [f"{cluster}|{b}" for b in bands]
    table.loc[len(table)] = ["Overall", *table[table["breakdown"].isin(list(SMALL_BANDS))][GROUPS + ["Total"]].sum()]
    row_totals["Overall"] = list(SMALL_BANDS)
    out = secondary_suppress(table, GROUPS, total_col="Total", row_totals=row_totals, key="breakdown")
    assert attack_table(out, table, "breakdown", GROUPS, "Total", row_totals) == {}
    assert out["BME_suppressed"].sum() >= 13
    # 5. The publish scan passes the suppressed results and catches the raw ones.
    good, bad = tmp_path / "safe.csv", tmp_path / "raw.csv"
    write_results(safe, good)
    write_results(raw, bad)
    assert scan_for_disclosure([good]) == []
    caught = scan_for_disclosure([bad])
    assert caught and all(f.kind == "count" for f in caught)
    assert {f.text for f in caught} <= {str(v) for v in range(1, 8)}


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

def test_visible_groups_sentences():
    f = pd.DataFrame({"group": ["A", "B", "C", "D"], "denominator": [40, 6, 9, 0]})
    rows, sentence = visible_groups(f, count_col="denominator", survey=True, noun="responses")
    assert rows["group"].tolist() == ["A", "D"]
    assert sentence == "2 groups are not shown to protect confidentiality."
    rows, sentence = visible_groups(f, count_col="denominator")
    assert rows["group"].tolist() == ["A", "C", "D"] and sentence == "1 group is not shown to protect confidentiality."
    rows, sentence = visible_groups(f[f["group"] == "A"], count_col="denominator")
    assert sentence == "" and len(rows) == 1
    # After suppress_results: counts are gone, the suppressed flag says so; the sentence does not say why.
    g = pd.DataFrame({"group": ["A", "B", "C"], "denominator": [40, math.nan, math.nan], "suppressed": [False, True,
                                                                                                       True],
                      "note": ["", "* not shown: rests on a count of 1 to 7 people",
                               "* not shown: would let a hidden figure be worked out"]})
    rows, sentence = visible_groups(g, count_col="denominator")
    assert rows["group"].tolist() == ["A"]
    assert sentence == "2 groups are not shown to protect confidentiality."


# ---------------------------------------------------------------------------
# Publish-time scan
# ---------------------------------------------------------------------------

def by_kind(findings, kind="count"):
    return [f for f in findings if f.kind == kind]


def test_find_counts_in_text_true_and_false_positives():
    hits = lambda text: [m[1] for m in find_counts_in_text(text, 7)]  # noqa: E731
    assert hits("(n=5)") == ["n=5"] and hits("N = 3 responses") == ["N = 3"]
    assert hits("(White, n=5)") == ["n=5"]
    assert hits("5 staff") == ["5 staff"] and hits("two BME board members") == ["two BME board members"]
    assert hits("3 of 40 applicants") == ["3 of 40 applicants"]
    assert hits("36 out of 40 staff") == ["36 out of 40 staff"]  # the complement, 4, is small
    assert hits("(4 responses)") == ["4 responses"]
    for text in ("Band 5 staff", "Indicator 2", "2023/24 staff survey", "5% of staff", "12 staff", "0 staff",
                 "8 responses", "in 2024, 62.7% of staff", "2.5 staff", "<5 staff", "n=8", "n=0",
                 "1,500 staff", "Table 3 staff", "20 of 40 staff", "Q5 staff", "over 3 staff networks",
                 "7 March 2024", "the 2 indicators", "page 4: people", "one in five staff", "1 in 5 staff",
                 "between 1 and 7 people", "counts of 1 to 7 people", "1-7 people", "df.head(n=5)"):
        assert hits(text) == [], text


def test_scan_csv(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("year,breakdown,metric,value,numerator,denominator,Number of staff,note\n"
                    "2024,Clinical|Band 5,bme_percent,5.0,5,40,0,\n"
                    "2024,Clinical|Band 6,bme_percent,,,,8,* not shown\n"
                    "2024,Clinical|Band 7,bme_percent,7.5,3.0,*,12,\"based on (n=6)\"\n", encoding="utf-8")
    found = scan_for_disclosure([path])
    assert [(f.line, f.column, f.text) for f in found] == [(2, 5, "5"), (4, 5, "3.0"), (4, 8, "n=6")]
    assert all(f.file == str(path) for f in found)
    assert "count" in str(found[0]) and "table.csv:2:5" in str(found[0])
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("Band,n (%),Staff %\nBand 5,5 (12.5%),5\nBand 6,40 (87.5%),95\n", encoding="utf-8")
    assert [(f.line, f.column, f.text) for f in scan_for_disclosure([mixed])] == [(2, 2, "5 (12.5%)")]
    # A column of identifiers is always a finding.
    ids = tmp_path / "leak.csv"
    ids.write_text("staff_id,band\nE1234567,Band 5\n", encoding="utf-8")
    kinds = {f.kind for f in scan_for_disclosure([ids], {"E1234567"})}
    assert kinds == {"identifier column", "identifier"}


HTML = """<html><head><title>WRES 2024</title><style>.n5 { width: 5px }</style></head>
<body>
<h1>WRES report 2023/24</h1>
<p>Indicator 2: 62.7% of Band 5 staff; 3 BME board members.</p>
<table>
<thead><tr><th>Band</th><th>Headcount</th><th>% BME</th></tr></thead>
<tbody>
<tr><th>Band 5</th><td>1,204</td><td>4</td></tr>
<tr><th>Band 9</th><td>4</td><td>*</td></tr>
<tr><th>VSM</th><td>*</td><td>5.5</td></tr>
</tbody></table>
<table><tr><td>Number of staff</td><td>6</td><td>80</td></tr></table>
<img src="data:image/png;base64,E1234567AAAA" alt="Bar chart: 2 staff in Band 9">
<script>var n=5; var id = "E7654321";</script>
<p>Reference E1234567, not E12345678 nor XE1234567.</p>
</body></html>
"""


def test_scan_html(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(HTML, encoding="utf-8")
    found = scan_for_disclosure([path], {"E1234567", "E7654321", "42"})
    counts = [(f.line, f.text) for f in by_kind(found)]
    assert counts == [(4, "3 BME board members"), (9, "4"), (12, "6"), (13, "2 staff")]
    idents = [(f.line, f.text) for f in by_kind(found, "identifier")]
    assert idents == [(14, "E7654321"), (15, "E1234567")]
    assert by_kind(found)[1].detail.endswith("under 'Headcount'")
    assert scan_for_disclosure([path], threshold=3) != found


def test_scan_tables_of_counts_by_ethnic_group(tmp_path):
    page = tmp_path / "esr.html"
    page.write_text("<table><tr><th>Band</th><th>White</th><th>BME</th><th>Not stated</th><th>Total</th></tr>\n"
                    "<tr><td>Band 5</td><td>120</td><td>3</td><td>0</td><td>123</td></tr>\n"
                    "<tr><td>Band 9</td><td>*</td><td>*</td><td>0</td><td>*</td></tr></table>\n"
                    "<table><tr><th>Band</th><th>White</th><th>BME</th></tr>\n"
                    "<tr><td>Band 5</td><td>97.0</td><td>3.0</td></tr></table>\n", encoding="utf-8")
    assert [(f.line, f.text) for f in scan_for_disclosure([page])] == [(2, "3")]
    wide_csv = tmp_path / "wide.csv"
    wide_csv.write_text("breakdown,White,BME,Unknown,Total\nClinical|Band 5,120,3,0,123\n"
                        "Clinical|Band 6,*,*,0,*\n", encoding="utf-8")
    assert [(f.line, f.column, f.text) for f in scan_for_disclosure([wide_csv])] == [(2, 3, "3")]
    percents = tmp_path / "percent.csv"
    percents.write_text("breakdown,White,BME\nClinical|Band 5,97.5,2.5\n", encoding="utf-8")
    assert scan_for_disclosure([percents]) == []


def png_with_text(key: str, text: str) -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"tEXt", key.encode() + b"\0" + text.encode()) + chunk(b"IEND", b"")


def test_scan_png_text_other_files_and_clean_files(tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(png_with_text("Title", "Respondent R0099123: 4 responses"))
    found = scan_for_disclosure([png], {"R0099123"})
    assert {(f.kind, f.text) for f in found} == {("count", "4 responses"), ("identifier", "R0099123")}
    other = tmp_path / "chart.pdf"
    other.write_bytes(b"%PDF")
    assert [f.kind for f in scan_for_disclosure([other])] == ["unscanned"]
    clean = tmp_path / "clean.html"
    clean.write_text("<p>In 2024, 62.7% of 15,000 staff were BME (Band 5: 1,204 staff). Indicator 3: 1.5.</p>"
                     "<p>* Not shown: 1 to 7 people.</p>", encoding="utf-8")
    assert scan_for_disclosure([clean], {"1204", "E1234567"}) == []  # a 4-digit numeric id is not searched
    assert isinstance(Finding("f", 1, 1, "count", "5", "x"), Finding)


def test_visible_text_compares_renders():
    a = "<html><head><script>var t=1</script></head><body><p>BME  62.7%</p><td>4</td></body></html>"
    b = "<html><head><script>var t=2</script><meta name=x></head><body>\n<p>BME 62.7%</p>\n<td>4</td></body></html>"
    assert visible_text(a) == visible_text(b) == "BME 62.7%\n4"
    assert visible_text(a) != visible_text(a.replace("62.7", "62.8"))
    assert visible_text("<p style='display: none'>x</p><p>y</p>") == "y"
    assert visible_text("<pre>x = 1\ny  =  2</pre>") == "x = 1\ny = 2"


def test_identifier_values_feed_the_scan(tmp_path):
    staff = pd.DataFrame({"staff_id": ["E1234567", "E7654321"], "band": ["Band 5", "Band 6"]})
    survey = pd.DataFrame({"Respondent_ID": ["R0099123", None]})
    ids = identifier_values(staff, survey)
    assert ids == {"E1234567", "E7654321", "R0099123"}
    page = tmp_path / "p.html"
    page.write_text("<p>Case R0099123 was closed.</p>", encoding="utf-8")
    assert [f.text for f in scan_for_disclosure([page], ids)] == ["R0099123"]


def test_demo_trust_suppressed_results_are_safe():
    raw = compute_indicators(read_counts(REPO / "data" / "demo" / "counts.csv"))
    raw = raw[raw["year"] == 2024].reset_index(drop=True)
    safe = suppress_results(raw)
    assert 10 < safe["suppressed"].sum() < len(safe) / 2
    assert not safe.loc[safe["metric"] == "relative_likelihood", "suppressed"].any()  # large groups stay
    truth_cells, rel = results_cells(raw.assign(suppressed=False), shown_only=False)
    truth = complete(truth_cells, rel)
    known, _ = results_cells(safe, shown_only=True)
    assert all(truth[c] == v for c, v in known.items())
    assert {c: v for c, v in recover(known, rel).items() if 1 <= v <= 7} == {}
