"""Disaggregated breakdowns (computed in wreslib.compute.breakdowns, suppressed, made readable and plotted by
wreslib.report.breakdowns, which re-exports the computing): hand-worked values on tiny trusts (any indicator by
band and staff group, with its edges), edge cases, suppression that cannot be undone, readable tables, and
agreement with extract_counts on the demo trust."""
import itertools
import math
import textwrap

import numpy as np
import pandas as pd
import pytest

from helpers import REPO
from wreslib.report import breakdowns as bd
from wreslib.disclosure.engine import MARKER
from wreslib.inputs.extracts import extract_counts

Z = 1.959963984540054


def wilson(k, n):
    """Wilson score interval in percent, written out (independent of wreslib.compute.stats)."""
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return 100 * (centre - half), 100 * (centre + half)


def katz(k1, n1, k2, n2):
    """(k1/n1) / (k2/n2) with the Katz log interval, written out."""
    rr = (k1 / n1) / (k2 / n2)
    se = math.sqrt(1 / k1 - 1 / n1 + 1 / k2 - 1 / n2)
    return rr, rr * math.exp(-Z * se), rr * math.exp(Z * se)


# A tiny trust, 2024. Indicator 1: Band 5 Clinical, ids 1-8; Band 6 Clinical, ids 9-12 (12 people).
# Left out of indicator 1: 13 bank-only, 14 a student, 15 an unmapped band (but in the 3/4 headcount).
# Person 1 has a bank shift listed before the main post: one person, Band 5.
WORKFORCE = """\
staff_id,ethnicity,pay_band,staff_group,contract_type
1,A,Band 7,Nursing and Midwifery Registered,Bank
1,A White - British,Band 5,Nursing and Midwifery Registered,Permanent
2,B,Band 5,Nursing and Midwifery Registered,Permanent
3,H,Band 5,Nursing and Midwifery Registered,Permanent
4,Indian,AfC Band 5,Nursing and Midwifery Registered,Permanent
5,N,Band 5,Allied Health Professionals,Permanent
6,N Black or Black British - African,Band 5,Nursing and Midwifery Registered,Permanent
7,Z Not Stated,Band 5,Nursing and Midwifery Registered,Permanent
8,Mixed,Band 5,Nursing and Midwifery Registered,Permanent
9,A,Band 6,Nursing and Midwifery Registered,Permanent
10,A,Band 6,Nursing and Midwifery Registered,Fixed Term Temp
11,H,Band 6,Nursing and Midwifery Registered,Permanent
12,M,Band 6,Nursing and Midwifery Registered,Permanent
13,A,Band 5,Nursing and Midwifery Registered,Bank
14,H,Band 5,Students,Permanent
15,C,Band 8,Administrative and Clerical,Permanent
"""
# Shortlisted / appointed: White 10 / 4, Asian (Indian) 10 / 2, Black (African) 5 / 1, Unknown 2 / 0.
RECRUITMENT = "application_id,ethnicity,shortlisted,appointed\n" + "".join(
    f"a{i},{eth},{s},{a}\n" for i, (eth, s, a) in enumerate(
        [("White British", "Y", "Y")] * 4 + [("White British", "Y", "N")] * 6
        + [("Indian", "Y", "Y")] * 2 + [("Indian", "Y", "N")] * 8
        + [("Black African", "Y", "Y")] + [("Black African", "Y", "N")] * 4
        + [("Prefer not to say", "Y", "N")] * 2 + [("Indian", "N", "N")]))
# Person 3 twice (one person), 5 before the year, 13 bank-only (left out), 9 once: Asian 1, White 1.
DISCIPLINARY = """\
case_id,staff_id,ethnicity,date_entered
c1,3,H,2023-06-01
c2,3,H,2023-09-01
c3,5,N,2023-01-01
c4,13,A,2023-06-01
c5,9,A,2023-07-01
"""
# No ethnicity column: from the workforce. White 1, 9; Asian 3, 4 (4 twice); 6 before the year.
TRAINING = """\
staff_id,course,date
1,Coaching,2023-05-01
3,Coaching,2023-05-01
4,Coaching,2023-05-01
4,Leadership,2023-06-01
9,Coaching,2023-05-01
6,Coaching,2022-05-01
"""


@pytest.fixture
def tiny(tmp_path):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    for name, text in dict(workforce=WORKFORCE, recruitment=RECRUITMENT, disciplinary=DISCIPLINARY,
                           training=TRAINING).items():
        (folder / f"{name}.csv").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / "data"


def people(groups_by_band: dict) -> pd.DataFrame:
    """A people frame from {band: {ethnicity value: n}}."""
    rows = [(band, eth) for band, counts in groups_by_band.items() for eth, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame(rows, columns=["band", "ethnicity"])
    return pd.concat([frame, bd.classify(frame["ethnicity"])], axis=1)


def row(table, **where):
    mask = np.ones(len(table), dtype=bool)
    for col, value in where.items():
        mask &= (table[col] == value).to_numpy()
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


# ---------------------------------------------------------------- people and composition

def test_workforce_people_are_indicator_1(tiny):
    staff = bd.workforce_people(tiny, 2024)
    assert sorted(staff["staff_id"].astype(int)) == list(range(1, 13))
    one = staff.set_index("staff_id").loc["1"]
    assert (one["band"], one["detailed"], one["broad"], one["wres"]) == ("Band 5", "White British", "White", "White")
    eight = staff.set_index("staff_id").loc["8"]
    assert (eight["detailed"], eight["broad"], eight["wres"]) == ("Mixed, not specified", "Mixed", "BME")
    assert set(staff["cluster"]) == {"Clinical"}


def test_composition_by_band_worked_by_hand(tiny):
    table = bd.composition(bd.workforce_people(tiny, 2024), by=["band"], level="broad")
    assert list(table.columns) == ["band", "group", "count", "total", "percent", "ci_low", "ci_high"]
    # Band 5: White 1, 2; Mixed 8; Asian 3, 4; Black 5, 6; Unknown 7 -> 8 people, Unknown in the total.
    expected5 = {"White": 2, "Mixed": 1, "Asian or Asian British": 2, "Black or Black British": 2,
                 "Other ethnic groups": 0, "Unknown": 1}
    expected6 = {"White": 2, "Mixed": 0, "Asian or Asian British": 1, "Black or Black British": 1,
                 "Other ethnic groups": 0, "Unknown": 0}
    for band, expected, total in (("Band 5", expected5, 8), ("Band 6", expected6, 4)):
        for group, k in expected.items():
            r = row(table, band=band, group=group)
            assert (r["count"], r["total"]) == (k, total)
            assert r["percent"] == pytest.approx(100 * k / total)
            assert (r["ci_low"], r["ci_high"]) == pytest.approx(wilson(k, total))
    assert row(table, band="Band 5", group="White")["percent"] == pytest.approx(25.0)
    assert row(table, band="Band 6", group="White")["percent"] == pytest.approx(50.0)


def test_composition_levels_and_empty_group():
    frame = people({"Band 5": {"A": 3, "B": 1, "H": 2, "BME": 1, "": 1}})
    wres = bd.composition(frame, by=["band"], level="wres")
    assert dict(zip(wres["group"], wres["count"])) == {"White": 4, "BME": 3, "Unknown": 1}
    detailed = bd.composition(frame, by=["band"], level="detailed")
    got = dict(zip(detailed["group"], detailed["count"]))
    assert got["White British"] == 3 and got["White Irish"] == 1 and got["Indian"] == 2
    assert got["BME, not specified"] == 1 and got["Not known"] == 1 and got["Chinese"] == 0
    assert detailed["count"].sum() == 8 and set(detailed["total"]) == {8}
    chinese = row(detailed, group="Chinese")
    assert chinese["percent"] == 0 and chinese["ci_low"] == 0 and chinese["ci_high"] == pytest.approx(wilson(0, 8)[1])
    whole = bd.composition(frame, by=[], level="broad")
    assert list(whole.columns) == ["group", "count", "total", "percent", "ci_low", "ci_high"]
    assert row(whole, group="BME, not specified")["count"] == 1


def test_composition_all_unknown():
    frame = people({"Band 5": {"": 5, "Z": 5}})
    table = bd.composition(frame, by=["band"], level="broad")
    assert row(table, group="Unknown")["percent"] == 100
    assert table.loc[table["group"] != "Unknown", "count"].sum() == 0


# ---------------------------------------------------------------- rates

def test_recruitment_rates_relative_to_white(tiny):
    table = bd.rates_by_group(tiny, 2024, 2)
    assert list(table.columns) == ["group", "events", "base", "percent", "ci_low", "ci_high", "relative_to_white",
                                   "rr_ci_low", "rr_ci_high", "ratio_note"]
    white = row(table, group="White")
    assert (white["events"], white["base"], white["percent"], white["relative_to_white"]) == (4, 10, 40.0, 1.0)
    asian = row(table, group="Asian or Asian British")
    assert (asian["events"], asian["base"]) == (2, 10)
    assert (asian["ci_low"], asian["ci_high"]) == pytest.approx(wilson(2, 10))
    assert (asian["relative_to_white"], asian["rr_ci_low"], asian["rr_ci_high"]) == pytest.approx(katz(2, 10, 4, 10))
    bme = row(table, group="BME")
    assert (bme["events"], bme["base"]) == (3, 15)
    assert bme["relative_to_white"] == pytest.approx(0.5)
    unknown = row(table, group="Unknown")
    assert (unknown["events"], unknown["base"], unknown["percent"]) == (0, 2, 0.0)
    assert math.isnan(unknown["relative_to_white"])  # a zero rate: no ratio
    assert (row(table, group="All")["events"], row(table, group="All")["base"]) == (7, 27)
    assert row(table, group="Mixed")["base"] == 0 and math.isnan(row(table, group="Mixed")["percent"])


def test_disciplinary_and_training_rates(tiny):
    # Base: non-bank, non-student staff, unmapped band included: White 1, 2, 9, 10, 15 (5); Asian 3, 4, 11 (3).
    dis = bd.rates_by_group(tiny, 2024, 3)
    assert (row(dis, group="White")["events"], row(dis, group="White")["base"]) == (1, 5)
    asian = row(dis, group="Asian or Asian British")
    assert (asian["events"], asian["base"]) == (1, 3)
    assert asian["relative_to_white"] == pytest.approx((1 / 3) / (1 / 5))
    assert row(dis, group="All")["base"] == 13
    trn = bd.rates_by_group(tiny, 2024, 4)
    asian = row(trn, group="Asian or Asian British")
    assert (asian["events"], asian["base"]) == (2, 3)
    assert (row(trn, group="White")["events"]) == 2
    assert asian["relative_to_white"] == pytest.approx((2 / 3) / (2 / 5))


def test_detailed_rates_have_white_total(tiny):
    table = bd.rates_by_group(tiny, 2024, 2, level="detailed")
    assert (row(table, group="White")["events"], row(table, group="White")["base"]) == (4, 10)
    assert row(table, group="Indian")["relative_to_white"] == pytest.approx(0.5)
    assert list(table["group"][-4:]) == ["White", "BME", "Unknown", "All"]


# ---------------------------------------------------------------- suppression

def recoverable(shown: dict, hidden: list, relations: list, bound: int) -> dict:
    """For each hidden cell, the set of values consistent with the shown cells and the relations
    (total, parts), by trying every assignment of 0..bound to the hidden cells."""
    possible = {c: set() for c in hidden}
    for values in itertools.product(range(bound + 1), repeat=len(hidden)):
        cells = {**shown, **dict(zip(hidden, values))}
        if all(cells[t] == sum(cells[p] for p in parts) for t, parts in relations):
            for c, v in zip(hidden, values):
                possible[c].add(v)
    return possible


def test_secondary_suppression_cannot_be_undone():
    frame = people({"Band 5": {"A": 20, "H": 3, "N": 15, "": 10}})
    hidden = bd.suppress(bd.composition(frame, by=["band"], level="broad"))
    shown = dict(zip(hidden["group"], hidden["count"]))
    assert math.isnan(shown["Asian or Asian British"])  # 3: primary
    assert math.isnan(shown["Black or Black British"])  # else Asian = BME (published) - Black
    assert shown["White"] == 20 and shown["Mixed"] == 0
    # The attacker knows what is shown, the total and indicator 1's White / BME / Unknown counts.
    known = {g: int(v) for g, v in shown.items() if not math.isnan(v)}
    known.update(total=48, W=20, B=18, U=10)
    groups = list(shown)
    relations = [("total", groups), ("B", ["Mixed", "Asian or Asian British", "Black or Black British",
                                          "Other ethnic groups"]), ("W", ["White"]), ("U", ["Unknown"])]
    options = recoverable(known, [g for g in groups if g not in known], relations, 48)
    assert all(len(v) > 1 for v in options.values()), options


def test_small_band_and_display():
    frame = people({"Band 5": {"A": 30, "H": 12, "N": 10}, "Band 8d": {"A": 1}})
    table = bd.composition(frame, by=["band"], level="broad")
    shown = bd.safe(table)
    band = shown[shown["band"] == "Band 8d"]
    assert (band[["count", "total", "percent", "95% interval"]] == MARKER).all().all()
    five = shown[shown["band"] == "Band 5"].set_index("group")
    assert five.loc["White", "count"] == "30" and five.loc["White", "percent"] == "57.69%"
    assert five.loc["Mixed", "count"] == "0"
    rows, sentence = bd.safe_for_plot(table)
    assert set(rows["band"]) == {"Band 5"} and "6 groups" in sentence
    assert not rows["suppressed"].any()


def test_complement_rule_hides_large_count():
    # 40 people, 36 White: White's 90% would say 4 are not White.
    frame = people({"Band 5": {"A": 36, "H": 4}})
    hidden = bd.suppress(bd.composition(frame, by=["band"], level="wres"))
    white = row(hidden, group="White")
    assert white["suppressed"] and math.isnan(white["percent"])


def test_rates_suppression_and_ratios(tiny):
    table = bd.rates_by_group(tiny, 2024, 2)
    hidden = bd.suppress(table)
    # White 4 appointed: hidden, so every ratio (all relative to White) is hidden.
    assert hidden["ratio_suppressed"].all() and hidden["relative_to_white"].isna().all()
    big = bd.rate_table(pd.Series({"White": 40, "Mixed": 3, "Asian or Asian British": 30, "Black or Black British": 20,
                                   "Other ethnic groups": 0, "Unknown": 10}),
                        pd.Series({"White": 100, "Mixed": 20, "Asian or Asian British": 100,
                                   "Black or Black British": 80, "Other ethnic groups": 0, "Unknown": 30}), "broad")
    out = bd.suppress(big).set_index("group")
    assert out.loc["Mixed", "suppressed"] and math.isnan(out.loc["Mixed", "relative_to_white"])
    # Mixed's 3 must not be recoverable as BME - Asian - Black - Other: another row goes too.
    bme_rows = ["Mixed", "Asian or Asian British", "Black or Black British", "BME"]
    assert out.loc[bme_rows, "suppressed"].sum() >= 2
    assert not out.loc["White", "suppressed"] and out.loc["Asian or Asian British", "relative_to_white"] != 1
    display = bd.safe(big)
    assert (display.loc[display["group"] == "Mixed", ["events", "base", "relative_to_white"]] == MARKER).all().all()


def test_plot_leaves_out_suppressed():
    frame = people({"Band 5": {"A": 30, "H": 12, "N": 10}, "Band 8d": {"A": 1}})
    fig, sentence = bd.plot_composition(bd.composition(frame, by=["band"], level="broad"))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["Band 5"]
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_height() > 0)
    assert heights == sorted(round(100 * k / 52, 6) for k in (30, 12, 10))
    assert "%" in fig._suptitle.get_text() and sentence
    import matplotlib.pyplot as plt
    plt.close(fig)


# ---------------------------------------------------------------- demo consistency

@pytest.fixture(scope="module")
def demo_counts():
    return extract_counts(REPO / "data" / "demo", 2024)


def test_demo_people_match_indicator_1(demo_counts):
    staff = bd.workforce_people(REPO / "data" / "demo", 2024)
    assert staff["staff_id"].is_unique
    mine = staff.groupby(["cluster", "band", "wres"]).size()
    head = demo_counts[(demo_counts["indicator"] == 1) & (demo_counts["measure"] == "headcount")]
    theirs = head.assign(cluster=head["breakdown"].str.split("|").str[0],
                         band=head["breakdown"].str.split("|").str[1]).groupby(["cluster", "band", "wres"])["count"].sum()
    theirs = theirs[theirs > 0]
    mine = {tuple(map(str, k)): int(v) for k, v in mine.items()}
    theirs = {tuple(map(str, k)): int(v) for k, v in theirs.items()}
    assert mine == theirs and sum(mine.values()) == int(head["count"].sum())


@pytest.mark.parametrize("indicator,events,base", [(2, "appointed", "shortlisted"),
                                                    (3, "entered_disciplinary", "headcount"),
                                                    (4, "accessed_training", "headcount")])
def test_demo_rates_match_counts(demo_counts, indicator, events, base):
    table = bd.rates_by_group(REPO / "data" / "demo", 2024, indicator).set_index("group")
    counts = demo_counts[demo_counts["indicator"] == indicator].groupby(["measure", "wres"])["count"].sum()
    for group in ("White", "BME", "Unknown"):
        assert table.loc[group, "events"] == counts[(events, group)]
        assert table.loc[group, "base"] == counts[(base, group)]


def test_demo_detailed_suppression_runs(demo_counts):
    staff = bd.workforce_people(REPO / "data" / "demo", 2024)
    table = bd.composition(staff, by=["cluster", "band"], level="detailed")
    hidden = bd.suppress(table)
    counts = table["count"][hidden["count_suppressed"] == False]  # noqa: E712
    assert not counts.between(1, 7).any()
    assert hidden.loc[hidden["count_suppressed"], "count"].isna().all()


def determined(cells: list, shown: dict, relations: list) -> set:
    """Cells whose value follows from the shown ones and the linear relations (total, parts):
    e_c lies in the row space of the relations restricted to the unknown cells."""
    unknown = [c for c in cells if c not in shown]
    col = {c: j for j, c in enumerate(unknown)}
    rows = []
    for total, parts in relations:
        r = np.zeros(len(unknown))
        for c, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if c in col:
                r[col[c]] += sign
        if r.any():
            rows.append(r)
    a = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(a) if len(a) else 0
    out = set()
    for c, j in col.items():
        e = np.zeros(len(unknown))
        e[j] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            out.add(c)
    return out


def test_rates_keep_headline_rows_and_protect_small_counts():
    events = {"White": 40, "Mixed": 9, "Asian or Asian British": 60, "Black or Black British": 40,
              "Other ethnic groups": 4, "Unknown": 6}
    bases = {"White": 4983, "Mixed": 774, "Asian or Asian British": 4270, "Black or Black British": 3568,
             "Other ethnic groups": 757, "Unknown": 591}
    table = bd.rate_table(pd.Series(events), pd.Series(bases), "broad")
    out = bd.suppress(table).set_index("group")
    assert not out.loc["White", "suppressed"] and not out.loc["BME", "suppressed"]  # the WRES headline figures
    assert out.loc["Other ethnic groups", "suppressed"] and out.loc["Unknown", "suppressed"]
    assert out.attrs["also_hide"] == []
    raw = table.set_index("group")
    cells, shown, relations = [], {}, []
    for g in raw.index:
        k, n = int(raw.loc[g, "events"]), int(raw.loc[g, "base"])
        cells += [(g, "e"), (g, "b"), (g, "ne")]
        relations.append(((g, "b"), [(g, "e"), (g, "ne")]))
        if not out.loc[g, "suppressed"]:
            shown.update({(g, "e"): k, (g, "b"): n})
    bme = ["Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic groups"]
    for what in ("e", "b", "ne"):
        relations.append((("BME", what), [(g, what) for g in bme]))
        relations.append((("All", what), [(g, what) for g in ("White", "BME", "Unknown")]))
    value = {(g, "e"): int(raw.loc[g, "events"]) for g in raw.index}
    value.update({(g, "ne"): int(raw.loc[g, "base"] - raw.loc[g, "events"]) for g in raw.index})
    small = {c for c, v in value.items() if 1 <= v <= 7}
    assert small and not (small & determined(cells, shown, relations))


def test_more_events_than_base_gives_ratio_without_interval():
    # Indicator 3 counts leavers with cases, whose group may have fewer staff left than cases.
    table = bd.rate_table(pd.Series({"White": 20, "Mixed": 12}), pd.Series({"White": 100, "Mixed": 10}), "broad")
    mixed = row(table, group="Mixed")
    assert mixed["percent"] == pytest.approx(120.0) and math.isnan(mixed["ci_low"])
    assert mixed["relative_to_white"] == pytest.approx(1.2 / 0.2) and math.isnan(mixed["rr_ci_low"])
    out = bd.suppress(table)
    assert out.loc[out["group"] == "White", "events"].iloc[0] == 20


# ---------------------------------------------------------------- any indicator by any dimension
#
# A second tiny trust, 2024, made so that every rate and ratio below can be worked out by hand.
# Substantive staff (the indicator 3 and 4 headcount):
#   Band 5, Nursing and Midwifery Registered: White 1-10, BME (Indian) 101-110, Unknown (Not stated) 201-202
#   Band 6, Allied Health Professionals:      White 11-18, BME (African) 111-114
#   Band 7, Nursing and Midwifery Registered: White 19-23 (no BME staff in Band 7)
# Training in the year (indicator 4): White 1-5 (Band 5), 11-12 (Band 6), 19-21 (Band 7); BME 101-102 (Band 5);
# Unknown 201 (Band 5). Disciplinary (indicator 3): 1 (White, Band 5), 101 (BME, Band 5) and 999, a leaver
# absent from the workforce file (Indian, so BME; no band).
BAND_STAFF = ([(i, "A", "Band 5", "Nursing and Midwifery Registered") for i in range(1, 11)]
              + [(i, "A", "Band 6", "Allied Health Professionals") for i in range(11, 19)]
              + [(i, "A", "Band 7", "Nursing and Midwifery Registered") for i in range(19, 24)]
              + [(i, "H", "Band 5", "Nursing and Midwifery Registered") for i in range(101, 111)]
              + [(i, "N", "Band 6", "Allied Health Professionals") for i in range(111, 115)]
              + [(i, "Z", "Band 5", "Nursing and Midwifery Registered") for i in (201, 202)])
BAND_TRAINED = [1, 2, 3, 4, 5, 11, 12, 19, 20, 21, 101, 102, 201]
# Recruitment (indicator 2) carries a staff group but no band: Nursing: White 10 shortlisted, 4 appointed;
# Indian 10 shortlisted, 2 appointed.
BAND_RECRUITMENT = ([("White British", "Y", "Y")] * 4 + [("White British", "Y", "N")] * 6
                    + [("Indian", "Y", "Y")] * 2 + [("Indian", "Y", "N")] * 8)


def write_bands_year(folder, cases=(("c1", 1, "A", "2023-06-01"), ("c2", 101, "H", "2023-07-01"),
                                    ("c3", 999, "H", "2023-08-01"))):
    folder.mkdir(parents=True)
    (folder / "workforce.csv").write_text("staff_id,ethnicity,pay_band,staff_group,contract_type\n" + "".join(
        f"{i},{e},{b},{g},Permanent\n" for i, e, b, g in BAND_STAFF), encoding="utf-8")
    (folder / "training.csv").write_text("staff_id,course,date\n" + "".join(
        f"{i},Coaching,2023-06-01\n" for i in BAND_TRAINED), encoding="utf-8")
    (folder / "disciplinary.csv").write_text("case_id,staff_id,ethnicity,date_entered\n" + "".join(
        f"{c},{i},{e},{d}\n" for c, i, e, d in cases), encoding="utf-8")
    (folder / "recruitment.csv").write_text("application_id,ethnicity,shortlisted,appointed,staff_group\n" + "".join(
        f"a{n},{e},{s},{a},Nursing and Midwifery Registered\n" for n, (e, s, a) in enumerate(BAND_RECRUITMENT)),
        encoding="utf-8")


@pytest.fixture
def bands(tmp_path):
    """A data folder with a single year, 2024."""
    write_bands_year(tmp_path / "bands" / "2024")
    return tmp_path / "bands"


def test_training_by_band_worked_by_hand(bands):
    table = bd.rates_by_group(bands, 2024, 4, level="wres", by=("band",))
    assert list(table.columns) == ["band", "group", "events", "base", "percent", "ci_low", "ci_high",
                                   "relative_to_white", "rr_ci_low", "rr_ci_high", "ratio_note"]
    assert list(table["band"].drop_duplicates()) == ["Band 5", "Band 6", "Band 7"]
    # Band 5: White 5 of 10 = 50%, BME 2 of 10 = 20%: BME / White within Band 5 = 0.20 / 0.50 = 0.40;
    # Katz: se(log) = sqrt(1/2 - 1/10 + 1/5 - 1/10) = sqrt(0.5) = 0.707, so 0.40 x exp(-/+ 1.96 x 0.707) = 0.10 to 1.60.
    white5, bme5 = row(table, band="Band 5", group="White"), row(table, band="Band 5", group="BME")
    assert (white5["events"], white5["base"], white5["percent"]) == (5, 10, 50.0)
    assert (bme5["events"], bme5["base"], bme5["percent"]) == (2, 10, 20.0)
    assert (bme5["ci_low"], bme5["ci_high"]) == pytest.approx(wilson(2, 10))
    assert (bme5["relative_to_white"], bme5["rr_ci_low"], bme5["rr_ci_high"]) == pytest.approx(katz(2, 10, 5, 10))
    assert bme5["relative_to_white"] == pytest.approx(0.40)
    assert (bme5["rr_ci_low"], bme5["rr_ci_high"]) == pytest.approx((0.1000, 1.5994), abs=1e-4)
    assert (white5["relative_to_white"], white5["ratio_note"]) == (1.0, "reference group")
    # Band 6: White 2 of 8 = 25%; BME 0 of 4: a zero rate, so no ratio, and the reason says so.
    bme6 = row(table, band="Band 6", group="BME")
    assert (bme6["events"], bme6["base"], bme6["percent"]) == (0, 4, 0.0)
    assert math.isnan(bme6["relative_to_white"])
    assert bme6["ratio_note"] == "no BME staff accessing non-mandatory training and CPD in this band"
    assert row(table, band="Band 6", group="White")["percent"] == pytest.approx(25.0)
    # Band 7: no BME staff at all: no rate, no ratio, with the reason.
    bme7 = row(table, band="Band 7", group="BME")
    assert (bme7["events"], bme7["base"]) == (0, 0) and math.isnan(bme7["percent"])
    assert math.isnan(bme7["relative_to_white"]) and bme7["ratio_note"] == "no BME staff in this band"
    assert row(table, band="Band 7", group="White")["percent"] == pytest.approx(60.0)  # 3 of 5


def test_unknown_ethnicity_in_the_table_not_in_the_ratio(bands):
    table = bd.rates_by_group(bands, 2024, 4, level="wres", by=("band",))
    unknown = row(table, band="Band 5", group="Unknown")
    # Present, with its rate (1 of 2 = 50%) and counted in the band's All row (5 + 2 + 1 = 8 of 10 + 10 + 2 = 22) ...
    assert (unknown["events"], unknown["base"], unknown["percent"]) == (1, 2, 50.0)
    everyone = row(table, band="Band 5", group="All")
    assert (everyone["events"], everyone["base"]) == (8, 22)
    # ... but not compared: no ratio, and the White and BME rates behind the ratios leave it out.
    assert math.isnan(unknown["relative_to_white"]) and unknown["ratio_note"] == "ethnicity unknown: not compared"
    assert math.isnan(everyone["relative_to_white"]) and everyone["ratio_note"] == "all groups: not compared"
    assert row(table, band="Band 5", group="BME")["relative_to_white"] == pytest.approx((2 / 10) / (5 / 10))


def test_training_by_staff_group_worked_by_hand(bands):
    table = bd.rates_by_group(bands, 2024, 4, level="broad", by=["staff_group"])
    # Nursing (Bands 5 and 7): White 5 + 3 = 8 of 10 + 5 = 15; Asian (Indian) 2 of 10:
    # (2/10) / (8/15) = 0.20 / 0.533 = 0.375; se(log) = sqrt(1/2 - 1/10 + 1/8 - 1/15) = sqrt(0.458).
    nurses = "Nursing and Midwifery Registered"
    white, asian = row(table, staff_group=nurses, group="White"), row(table, staff_group=nurses,
                                                                       group="Asian or Asian British")
    assert (white["events"], white["base"], asian["events"], asian["base"]) == (8, 15, 2, 10)
    assert asian["relative_to_white"] == pytest.approx(0.375)
    assert (asian["relative_to_white"], asian["rr_ci_low"], asian["rr_ci_high"]) == pytest.approx(katz(2, 10, 8, 15))
    assert row(table, staff_group=nurses, group="BME")["relative_to_white"] == pytest.approx(0.375)
    # Allied Health Professionals: White 2 of 8, Black (African) 0 of 4: zero events, ratio undefined.
    black = row(table, staff_group="Allied Health Professionals", group="Black or Black British")
    assert (black["events"], black["base"]) == (0, 4) and math.isnan(black["relative_to_white"])
    assert black["ratio_note"] == "no Black or Black British staff accessing non-mandatory training and CPD in this staff group"
    # Nobody Mixed in either staff group: the row is there (zeros), with no rate.
    mixed = row(table, staff_group=nurses, group="Mixed")
    assert (mixed["events"], mixed["base"]) == (0, 0) and math.isnan(mixed["percent"])


def test_by_groups_add_up_to_the_whole(bands):
    # Every record is in one band, those without one in "Other or not known": the leaver 999's case.
    whole = bd.rates_by_group(bands, 2024, 3, level="wres").set_index("group")
    by_band = bd.rates_by_group(bands, 2024, 3, level="wres", by=("band",))
    sums = by_band.groupby("group")[["events", "base"]].sum()
    for group in ("White", "BME", "Unknown", "All"):
        assert tuple(sums.loc[group]) == (whole.loc[group, "events"], whole.loc[group, "base"])
    leaver = row(by_band, band=bd.NO_VALUE, group="BME")
    assert (leaver["events"], leaver["base"]) == (1, 0) and math.isnan(leaver["percent"])
    assert leaver["ratio_note"] == "no BME staff in this band"
    # Band 5: White 1 of 10, BME 1 of 10: ratio 1.00, se(log) = sqrt(1 - 1/10 + 1 - 1/10) = sqrt(1.8).
    bme5 = row(by_band, band="Band 5", group="BME")
    assert (bme5["relative_to_white"], bme5["rr_ci_low"], bme5["rr_ci_high"]) == pytest.approx(katz(1, 10, 1, 10))


def test_single_year_dataset_and_the_year_before_does_not_count(bands, tmp_path):
    # The folder holds one year only: indicator 3 by band is the single-year figure of 2024's cases ...
    alone = bd.rates_by_group(bands, 2024, 3, level="wres", by=("band",))
    assert alone.attrs["year"] == 2024 and "(single year)" in bd.table_title(alone)
    # ... and a folder that also has 2023 (with other cases) gives 2024 the same table.
    both = tmp_path / "two_years"
    write_bands_year(both / "2024")
    write_bands_year(both / "2023", cases=(("d1", 11, "A", "2022-06-01"), ("d2", 111, "N", "2022-07-01")))
    pd.testing.assert_frame_equal(bd.rates_by_group(both, 2024, 3, level="wres", by=("band",)), alone)
    earlier = bd.rates_by_group(both, 2023, 3, level="wres", by=("band",))
    assert row(earlier, band="Band 6", group="BME")["events"] == 1


def test_a_dimension_the_records_do_not_carry_is_a_clear_error(bands):
    with pytest.raises(bd.DimensionError) as error:
        bd.rates_by_group(bands, 2024, 2, by=("band",))
    message = str(error.value)
    assert "'band'" in message and "recruitment.csv" in message and "staff_group" in message
    assert message.startswith("Indicator 2: appointment from shortlisting cannot be broken down by 'band'")
    assert isinstance(error.value, ValueError)
    with pytest.raises(bd.DimensionError, match=r"'occupation'.*workforce.csv may also have occupation"):
        bd.rates_by_group(bands, 2024, 4, by=("cluster", "occupation"))
    with pytest.raises(bd.DimensionError, match="people has no column 'occupation'"):
        bd.composition(bd.workforce_people(bands, 2024), by=["occupation"])
    # What each indicator's records carry: recruitment only its staff group.
    workforce = ("cluster", "band", "staff_group", "pay_band")
    assert bd.dimensions(bands, 2024) == {1: workforce, 2: ("staff_group",), 3: workforce, 4: workforce}
    listed = bd.readable_dimensions(bd.dimensions(bands, 2024))
    assert list(listed.columns) == ["Indicator", "Records", "Can be broken down by"]
    assert listed["Can be broken down by"].tolist()[:2] == ["Cluster, Band, Staff group, Pay band", "Staff group"]


def test_recruitment_by_staff_group(bands):
    table = bd.rates_by_group(bands, 2024, 2, by=("staff_group",))
    # Nursing: White 4 of 10 shortlisted appointed, Asian 2 of 10: 0.20 / 0.40 = 0.50.
    asian = row(table, staff_group="Nursing and Midwifery Registered", group="Asian or Asian British")
    assert asian["relative_to_white"] == pytest.approx(0.5)
    assert row(table, staff_group="Nursing and Midwifery Registered", group="Mixed")["ratio_note"] == (
        "no Mixed applicants shortlisted in this staff group")


def test_every_optional_recruitment_column_is_a_dimension():
    from wreslib.inputs.extracts import FILES
    assert set(FILES["recruitment"].optional) <= set(bd.DIMENSIONS)
    assert set(FILES["workforce"].optional) - {"gender"} <= set(bd.DIMENSIONS)


def test_readable_rates_columns_and_cells(bands):
    table = bd.rates_by_group(bands, 2024, 4, level="wres", by=("band",))
    shown = bd.readable(table, threshold=0)  # nothing hidden: the formatting itself
    assert list(shown.columns) == ["Band", "Ethnic group", "Accessed training", "Headcount",
                                   "% accessed training (95% interval)", "Ratio to White (95% interval)"]
    assert shown["Band"].tolist() == ["Band 5", "", "", "", "Band 6", "", "", "", "Band 7", "", "", ""]
    bme5 = shown.iloc[1]
    low, high = wilson(2, 10)
    assert bme5["Ethnic group"] == "BME" and (bme5["Accessed training"], bme5["Headcount"]) == ("2", "10")
    assert bme5["% accessed training (95% interval)"] == f"20.00% ({low:.2f}% to {high:.2f}%)"
    assert bme5["Ratio to White (95% interval)"] == "0.40 (0.10 to 1.60)"
    assert shown.iloc[0]["Ratio to White (95% interval)"] == "1.00 (reference group)"
    assert shown.iloc[9]["Ratio to White (95% interval)"] == "– (no BME staff in this band)"
    caption = shown.attrs["caption"]
    assert caption.startswith("Indicator 4: accessing non-mandatory training and CPD, by band and ethnic group")
    assert "2024" in caption and "the group's rate / the White rate in the same band" in caption
    # The tidy frame is untouched.
    assert "events" in table.columns and "caption" not in table.attrs


def test_readable_recruitment_names():
    table = bd.rate_table(pd.Series({"White": 40, "BME": 30}), pd.Series({"White": 100, "BME": 100}), "wres",
                          indicator=2)
    shown = bd.readable(table, threshold=0)
    assert list(shown.columns) == ["Ethnic group", "Appointed", "Shortlisted", "% appointed (95% interval)",
                                   "Ratio to White (95% interval)"]
    assert shown.set_index("Ethnic group").loc["BME", "Ratio to White (95% interval)"].startswith("0.75 (")


def test_readable_hides_with_the_marker_and_no_reason(bands):
    table = bd.rates_by_group(bands, 2024, 4, level="wres", by=("band",))
    hidden = bd.suppress(table)
    shown = bd.readable(hidden)
    # Every count here is 1 to 7 or has such a complement: hidden rows show only the marker.
    for i in np.flatnonzero(hidden["suppressed"].to_numpy()):
        assert (shown.iloc[i, 2:] == MARKER).all()
    # Band 6's BME row (0 of 4) is hidden: its reason (it would say 0 were trained) is gone with it.
    assert row(hidden, band="Band 6", group="BME")["ratio_note"] == ""
    from wreslib.report import tables
    markup = tables.show(shown).data
    assert f"<caption>{shown.attrs['caption']}</caption>" in markup.replace("&#x27;", "'")
    assert "Not shown to protect confidentiality" in markup


def test_readable_composition_is_wide():
    frame = people({"Band 5": {"A": 20, "H": 12, "": 8}, "Band 6": {"A": 10, "N": 10}, "Band 7": {"A": 5}})
    table = bd.composition(frame, by=["band"], level="wres")
    shown = bd.readable(table, threshold=0)
    # Bands down, ethnic groups across; each cell the group's % of the band's staff with its interval.
    assert list(shown.columns) == ["Band", "Staff", "White", "BME", "Unknown"]
    assert shown["Band"].tolist() == ["Band 5", "Band 6", "Band 7"] and shown["Staff"].tolist() == ["40", "20", "5"]
    low, high = wilson(12, 40)
    assert shown.loc[0, "BME"] == f"30.00% ({low:.2f}% to {high:.2f}%)"  # 12 of 40
    assert shown.loc[2, "BME"].startswith("0.00% (")
    assert shown.attrs["caption"].startswith("Staff by band and ethnic group (White, BME, Unknown)")
    safe = bd.readable(table)  # Band 7's 5 people: every cell hidden
    assert (safe.loc[2, ["Staff", "White", "BME", "Unknown"]] == MARKER).all()
    whole = bd.readable(bd.composition(frame, by=[], level="broad"), threshold=0)
    assert list(whole.columns) == ["Broad ethnic group", "Staff", "% of staff (95% interval)"]


def test_by_band_suppression_protects_through_the_table_without_by():
    # Band B's White row (3 trained) is hidden. The table without ``by`` (White 43 of 150 over both bands) is
    # assumed shown elsewhere, so Band A's White row must not stay shown: 43 - 40 would give the 3 away.
    rows = {("Band A", "White"): (40, 100), ("Band A", "BME"): (30, 100), ("Band A", "Unknown"): (10, 20),
            ("Band B", "White"): (3, 50), ("Band B", "BME"): (20, 60), ("Band B", "Unknown"): (9, 30)}
    events = pd.DataFrame([(b, g) for (b, g), (k, _) in rows.items() for _ in range(k)], columns=["band", "wres"])
    base = pd.DataFrame([(b, g) for (b, g), (_, n) in rows.items() for _ in range(n)], columns=["band", "wres"])
    table = bd.rates(events, base, by=["band"], level="wres", indicator=4)
    out = bd.suppress(table)
    assert row(out, band="Band B", group="White")["suppressed"]
    assert row(out, band="Band B", group="BME")["ratio_suppressed"]  # its reference is hidden
    assert not row(out, band="Band A", group="BME")["ratio_suppressed"] or row(out, band="Band A", group="White")[
        "suppressed"]
    # No small count (events, base or non-events of 1 to 7) follows from the shown rows and the margins.
    cells, shown, relations = [], {}, []
    for (b, g), (k, n) in list(rows.items()) + [((b, "All"), tuple(map(sum, zip(*(rows[(b, x)] for x in (
            "White", "BME", "Unknown")))))) for b in ("Band A", "Band B")]:
        cells += [(b, g, "e"), (b, g, "b"), (b, g, "ne")]
        relations.append(((b, g, "b"), [(b, g, "e"), (b, g, "ne")]))
        if not row(out, band=b, group=g)["suppressed"]:
            shown.update({(b, g, "e"): k, (b, g, "b"): n})
    for what in ("e", "b", "ne"):
        for b in ("Band A", "Band B"):
            relations.append(((b, "All", what), [(b, g, what) for g in ("White", "BME", "Unknown")]))
        for g in ("White", "BME", "Unknown", "All"):
            relations.append((("margin", g, what), [(b, g, what) for b in ("Band A", "Band B")]))
            cells.append(("margin", g, what))
    for g in ("White", "BME", "Unknown", "All"):
        k = sum(rows[(b, g)][0] for b in ("Band A", "Band B")) if g != "All" else sum(v[0] for v in rows.values())
        n = sum(rows[(b, g)][1] for b in ("Band A", "Band B")) if g != "All" else sum(v[1] for v in rows.values())
        shown.update({("margin", g, "e"): k, ("margin", g, "b"): n, ("margin", g, "ne"): n - k})
    small = {(b, g, "e") for (b, g), (k, n) in rows.items() if 1 <= k <= 7}
    small |= {(b, g, "ne") for (b, g), (k, n) in rows.items() if 1 <= n - k <= 7}
    assert ("Band B", "White", "e") in small
    assert not (small & determined(cells, shown, relations))
