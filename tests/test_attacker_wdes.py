"""The attacker on the WDES published beside the WRES (``OUT/<year>/wdes/results.csv``).

Hand-written reports, each worked by hand, where the attacker must find
exactly what it can prove: the two standards count the same staff (a
breakdown's headcount is one count in WRES indicator 1 and WDES metric 1), so
one standard's shown figures narrow the other's hidden ones; WDES ratios,
differences and changes give rates away as the WRES's do. Then the WDES
through ``wres run`` with the WRES, attacked together.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import test_attacker
import trustgen
from attacker import (AttackError, attack, published_violations, read_report, true_counts, violations,
                      with_wdes)
from test_attacker import bounds
from test_attacker_notes import note, write_notes

INF = float("inf")
COLUMNS = ["standard"] + test_attacker.COLUMNS
INCL = "Overall including bank"


def row(year, indicator, breakdown, metric, k=None, n=None, *, standard="wdes", **kw):
    """One results row of ``standard`` (a WDES row unless told), as :func:`test_attacker.row`."""
    return dict(standard=standard, **test_attacker.row(year, indicator, breakdown, metric, k, n, **kw))


def band(year, breakdown, non_disabled, disabled, unknown, hidden=()):
    """WDES metric 1 rows of one breakdown (``hidden``: group names)."""
    total = non_disabled + disabled + unknown
    return [row(year, "1", breakdown, f"{g}_percent", k, total, hidden=g in hidden)
            for g, k in (("non_disabled", non_disabled), ("disabled", disabled), ("unknown", unknown))]


def wres_band(year, breakdown, white, bme, unknown, hidden=()):
    return [dict(standard="wres", **r) for r in test_attacker.band(year, breakdown, white, bme, unknown, hidden)]


def write_report(folder: Path, rows: list[dict]) -> Path:
    """``folder/results.csv`` with the ``standard`` column first (the header since the WDES)."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).reindex(columns=COLUMNS).to_csv(folder / "results.csv", index=False, float_format="%.10g")
    return folder


def publish(root: Path, year: int, wres_rows: list[dict], wdes_rows: list[dict]) -> list[Path]:
    """``root/<year>/results.csv`` (WRES, when given rows) and ``root/<year>/wdes/results.csv``: the
    folders to attack."""
    folder = root / str(year)
    write_report(folder / "wdes", wdes_rows)
    return with_wdes([write_report(folder, wres_rows)]) if wres_rows else [folder / "wdes"]


def truth(cells, year=2024):
    """An unsuppressed results frame: (standard, indicator, breakdown, metric, k, n) per row."""
    return pd.DataFrame([dict(standard=s, year=year, indicator=i, breakdown=b, metric=m, numerator=k, denominator=n)
                         for s, i, b, m, k, n in cells])


# ---------------------------------------------------------------------------
# Reading both headers; the standards kept apart
# ---------------------------------------------------------------------------

def test_read_report_old_and_new_headers(tmp_path):
    rows = test_attacker.band(2024, "Clinical|Band 4", 90, 284, 12, hidden=("unknown",))
    old = read_report(test_attacker.write_report(tmp_path / "old", rows))  # no standard column: the WRES
    new = read_report(write_report(tmp_path / "new", [dict(standard="wres", **r) for r in rows]))
    assert list(new.columns) == COLUMNS and list(old["standard"]) == ["wres"] * 3
    pd.testing.assert_frame_equal(old, new)
    assert new["indicator"].tolist() == [1, 1, 1]
    assert attack([tmp_path / "old"]).equals(attack([tmp_path / "new"]))
    wdes = read_report(write_report(tmp_path / "wdes", band(2024, "Overall", 400, 90, 30)
                                    + [row(2024, "4a-i", "All", "disabled_percent", 20, 60)]))
    assert wdes["standard"].tolist() == ["wdes"] * 4
    assert wdes["indicator"].tolist() == ["1", "1", "1", "4a-i"]  # not numbers
    write_report(tmp_path / "bank", [dict(row(2024, "1", "Overall", "white_percent", 1, 2), standard="bwres")])
    with pytest.raises(AttackError, match="bwres"):
        read_report(tmp_path / "bank")


def test_with_wdes_adds_the_wdes_folder_where_published(tmp_path):
    a = write_report(tmp_path / "2023", wres_band(2023, "Overall", 300, 200, 20))
    b = publish(tmp_path, 2024, wres_band(2024, "Overall", 300, 200, 20), band(2024, "Overall", 400, 90, 30))[0]
    assert with_wdes([a, b]) == [a, b, b / "wdes"]


def test_standards_stay_apart(tmp_path):
    # WRES Overall shows Unknown 20; the WDES hides its Disabled and Unknown (90 + 30 = 120 of 520): if
    # the two "unknown_percent" rows were one cell, the WDES Unknown would be 20.
    folders = publish(tmp_path, 2024, wres_band(2024, "Overall", 300, 200, 20),
                      band(2024, "Overall", 400, 90, 30, hidden=("disabled", "unknown")))
    found = attack(folders)
    assert set(found["indicator"]) == {"wdes:1"}
    assert bounds(found, "Overall", "unknown_percent", "numerator") == (0, 120)
    assert bounds(found, "Overall", "disabled_percent", "numerator") == (0, 120)
    cells = [("wdes", "1", "Overall", "disabled_percent", 90, 520),
             ("wdes", "1", "Overall", "unknown_percent", 30, 520),
             ("wres", 1, "Overall", "unknown_percent", 20, 520)]
    assert violations(found, truth(cells)) == []
    # A WDES truth row without its standard would be the WRES's: the WDES cells have no true value.
    assert all("no true value" in v for v in violations(found, truth(cells).drop(columns="standard").iloc[2:]))


# ---------------------------------------------------------------------------
# The shared headcount
# ---------------------------------------------------------------------------

def wdes_overall_hidden(tmp_path, with_wres=True):
    # 120 staff (WRES: 70 White, 40 BME, 10 Unknown, all shown); WDES: 100 Non-disabled, 5 Disabled, 15
    # Unknown, all hidden. The board is 1 Disabled member of 10 (10%, the value only), and the shown
    # difference 10 - 100 * 5 / 120 gives the hidden workforce rate 5/120 = 1/24.
    wdes = band(2024, "Overall", 100, 5, 15, hidden=("non_disabled", "disabled", "unknown")) + [
        row(2024, "10", "All", "board_disabled_percent", value=10.0),
        row(2024, "10", "All", "workforce_disabled_percent", hidden=True),
        row(2024, "10", "All", "difference_pp", value=10 - 100 * 5 / 120)]
    wres = wres_band(2024, "Overall", 70, 40, 10) if with_wres else []
    return publish(tmp_path, 2024, wres, wdes)


def test_a_hidden_wdes_overall_total_shown_by_the_wres_file(tmp_path):
    found = attack(wdes_overall_hidden(tmp_path))
    # The WRES shows the headcount (120, so no hidden denominator): Disabled = 120 / 24 = 5, and so the
    # workforce figure of metric 10.
    assert set(found["which"]) == {"numerator", "complement"}
    assert bounds(found, "Overall", "disabled_percent", "numerator") == (5, 5)
    assert bounds(found, "All", "workforce_disabled_percent", "numerator") == (5, 5)
    assert bounds(found, "Overall", "unknown_percent", "numerator") == (0, 115)  # Non-disabled + Unknown = 115
    problems = violations(found, truth([("wdes", "1", "Overall", g, k, 120) for g, k in (
        ("non_disabled_percent", 100), ("disabled_percent", 5), ("unknown_percent", 15))]
        + [("wdes", "10", "All", "workforce_disabled_percent", 5, 120)]))
    assert "2024 WDES metric 1 Overall disabled_percent numerator: pinned: true 5, attacker's range [5, 5]" \
        in problems
    # Without the WRES file only the rate is known: 1 in 24 of any multiple of 24.
    alone = attack([p for p in wdes_overall_hidden(tmp_path / "alone", with_wres=False)])
    assert bounds(alone, "Overall", "disabled_percent", "numerator") == (1, INF)
    assert bounds(alone, "Overall", "disabled_percent", "denominator") == (24, INF)


def test_a_wdes_band_pinned_by_the_wres_headcount_and_a_change(tmp_path):
    # 2023: Band 8c of 40 staff (WRES: 25, 10, 5 shown); the WDES hides all three groups (30, 3, 7).
    # 2024's WDES rows (32, 10, 8 of 50) are shown with their changes, which give 2023's rates: 75%,
    # 7.5% and 17.5%, i.e. 30, 3 and 7 in 40 (or 60, 6, 14 in 80 ...). The WRES's 40 settles it.
    b = "Clinical|Band 8c"
    last = publish(tmp_path, 2023, wres_band(2023, b, 25, 10, 5),
                   band(2023, b, 30, 3, 7, hidden=("non_disabled", "disabled", "unknown")))
    this = [dict(r, change=r["value"] - 100 * k / 40) for r, k in zip(band(2024, b, 32, 10, 8), (30, 3, 7))]
    both = last + publish(tmp_path, 2024, wres_band(2024, b, 30, 12, 8), this)
    found = attack(both)
    assert bounds(found, b, "disabled_percent", "numerator", 2023) == (3, 3)
    assert bounds(found, b, "unknown_percent", "numerator", 2023) == (7, 7)
    assert bounds(found, b, "non_disabled_percent", "numerator", 2023) == (30, 30)
    assert "denominator" not in set(found["which"])  # the WRES shows the headcount
    # Without last year's WRES file: Disabled is 3 in every 40.
    found = attack([last[1]] + both[2:])
    assert bounds(found, b, "disabled_percent", "numerator", 2023) == (3, INF)
    assert bounds(found, b, "disabled_percent", "denominator", 2023) == (40, INF)


def test_bank_staff_of_the_wdes_groups(tmp_path):
    # Overall (400, 90, 30) and Overall including bank (430, 93, 35): 3 Disabled bank staff, never published.
    folders = publish(tmp_path, 2024, wres_band(2024, "Overall", 300, 200, 20) + wres_band(2024, INCL, 320, 215, 23),
                      band(2024, "Overall", 400, 90, 30) + band(2024, INCL, 430, 93, 35))
    found = attack(folders)
    assert list(found.itertuples(index=False, name=None)) == [
        (2024, 1, INCL, "white_percent", "bank", 20.0, 20.0), (2024, 1, INCL, "bme_percent", "bank", 15.0, 15.0),
        (2024, 1, INCL, "unknown_percent", "bank", 3.0, 3.0),
        (2024, "wdes:1", INCL, "non_disabled_percent", "bank", 30.0, 30.0),
        (2024, "wdes:1", INCL, "disabled_percent", "bank", 3.0, 3.0),
        (2024, "wdes:1", INCL, "unknown_percent", "bank", 5.0, 5.0)]
    cells = [(s, i, b, f"{g}_percent", k, sum(ks)) for s, i, groups, b, ks in (
        ("wres", 1, ("white", "bme", "unknown"), "Overall", (300, 200, 20)),
        ("wres", 1, ("white", "bme", "unknown"), INCL, (320, 215, 23)),
        ("wdes", "1", ("non_disabled", "disabled", "unknown"), "Overall", (400, 90, 30)),
        ("wdes", "1", ("non_disabled", "disabled", "unknown"), INCL, (430, 93, 35))) for g, k in zip(groups, ks)]
    assert violations(found, truth(cells)) == [
        "2024 indicator 1 Overall including bank unknown_percent bank: only 1 possible values: true 3, "
        "attacker's range [3, 3]",
        "2024 WDES metric 1 Overall including bank disabled_percent bank: only 1 possible values: true 3, "
        "attacker's range [3, 3]",
        "2024 WDES metric 1 Overall including bank unknown_percent bank: only 1 possible values: true 5, "
        "attacker's range [5, 5]"]


# ---------------------------------------------------------------------------
# Metrics 2, 3 and the survey: rates given away
# ---------------------------------------------------------------------------

def test_metric_3_two_year_with_both_single_years_hidden(tmp_path):
    # 7 Disabled staff entered capability in 2023 and in 2024, two-year 14 shown; 2023's relative
    # likelihood (Disabled rate / Non-disabled rate) was shown, which gives 2023's Disabled rate over
    # metric 1's Overall Disabled headcount (200): 2023 = 7 and 2024 = 14 - 7.
    last = band(2023, "Overall", 300, 200, 20) + [
        row(2023, "3", "single-year", "non_disabled_percent", 20, 300),
        row(2023, "3", "single-year", "disabled_percent", hidden=True),
        row(2023, "3", "single-year", "relative_likelihood", value=(7 / 200) / (20 / 300))]
    this = band(2024, "Overall", 310, 210, 20) + [
        row(2024, "3", "single-year", "non_disabled_percent", 22, 310),
        row(2024, "3", "single-year", "disabled_percent", hidden=True),
        row(2024, "3", "two-year", "non_disabled_percent", 42, 610),
        row(2024, "3", "two-year", "disabled_percent", 14, 410)]
    folders = publish(tmp_path, 2023, [], last) + publish(tmp_path, 2024, [], this)
    found = attack(folders)
    assert bounds(found, "single-year", "disabled_percent", "numerator", 2023) == (7, 7)
    assert bounds(found, "single-year", "disabled_percent", "numerator", 2024) == (7, 7)
    assert "denominator" not in set(found["which"])  # metric 1's shown Overall Disabled headcounts
    # Without last year's report only the sum is known.
    alone = attack(folders[1:])
    assert bounds(alone, "single-year", "disabled_percent", "numerator", 2024) == (0, 14)


def test_metric_2_ratio_gives_away_the_hidden_disabled_rate(tmp_path):
    # Non-disabled: 40 of 200 shortlisted appointed (20%); Disabled hidden (3 of 20); the relative
    # likelihood (Non-disabled rate / Disabled rate) 0.2 / 0.15 gives the Disabled rate 3/20:
    # 3, 6, 9 ... appointed of 20, 40, 60 ... shortlisted. (Read the other way round, 4/15.)
    rows = [row(2024, "2", "All", "non_disabled_percent", 40, 200),
            row(2024, "2", "All", "disabled_percent", hidden=True),
            row(2024, "2", "All", "relative_likelihood", value=0.2 / 0.15)]
    found = attack(publish(tmp_path, 2024, [], rows))
    assert bounds(found, "All", "disabled_percent", "numerator") == (3, INF)
    assert bounds(found, "All", "disabled_percent", "denominator") == (20, INF)
    # The distance from equity (ratio - 1) gives the same.
    rows[2] = row(2024, "2", "All", "distance_from_equity", value=0.2 / 0.15 - 1)
    found = attack(publish(tmp_path / "distance", 2024, [], rows))
    assert bounds(found, "All", "disabled_percent", "numerator") == (3, INF)


def test_survey_difference_gives_away_a_hidden_disabled_percent(tmp_path):
    # Metric 4a-i: Non-disabled 100 of 400 (25%), Disabled hidden (6 of 40), all staff 109 of 450 (3 of 10
    # did not say). The difference (Disabled % - Non-disabled %) -10 gives Disabled 15% = 3s of 20s, and
    # all staff bound it: 20s <= 450 - 400 and 17s <= (450 - 109) - 300, so s is 1 or 2.
    rows = [row(2024, "4a-i", "All", "non_disabled_percent", 100, 400),
            row(2024, "4a-i", "All", "disabled_percent", hidden=True),
            row(2024, "4a-i", "All", "percent", 109, 450),
            row(2024, "4a-i", "All", "difference_pp", value=15 - 25),
            row(2024, "4a-i", "All", "benchmark_disabled_percent", value=31.9)]
    found = attack(publish(tmp_path, 2024, [], rows))
    assert bounds(found, "All", "disabled_percent", "numerator") == (3, 6)
    assert bounds(found, "All", "disabled_percent", "denominator") == (20, 40)
    assert violations(found, truth([("wdes", "4a-i", "All", "disabled_percent", 6, 40)])) == [
        "2024 WDES metric 4a-i All disabled_percent numerator: only 4 possible values: true 6, "
        "attacker's range [3, 6]"]
    # Without the all-staff row nothing bounds the multiple.
    found = attack(publish(tmp_path / "no_all", 2024, [], rows[:2] + rows[3:]))
    assert bounds(found, "All", "disabled_percent", "numerator") == (3, INF)


def test_no_band_staff_in_the_metric_3_headcount(tmp_path):
    # Metric 1 Overall: 400 Non-disabled, 100 Disabled, 20 Unknown; metric 3 counts 410 and 115 (staff
    # with no indicator 1 band are in its headcount): of the note's 28 left out, 10 + 15 are Non-disabled
    # and Disabled, so 3 are Unknown.
    rows = band(2024, "Overall", 400, 100, 20) + [row(2024, "3", "single-year", "non_disabled_percent", 20, 410),
                                                  row(2024, "3", "single-year", "disabled_percent", 15, 115)]
    folders = publish(tmp_path, 2024, wres_band(2024, "Overall", 300, 200, 20), rows)
    write_notes(folders[0], [note("no_indicator_1_band", {"people": 28})])
    found = attack(folders)
    assert list(found.itertuples(index=False, name=None)) == [
        (2024, 0, "workforce.csv", "note:no_indicator_1_band", f"group:wdes:{g}_percent", v, v)
        for g, v in (("non_disabled", 10.0), ("disabled", 15.0), ("unknown", 3.0))]
    cells = [("wdes", "1", "Overall", f"{g}_percent", k, 520) for g, k in (("non_disabled", 400), ("disabled", 100))]
    cells += [("wdes", "3", "single-year", "non_disabled_percent", 20, 410),
              ("wdes", "3", "single-year", "disabled_percent", 15, 115)]
    notes = {(2024, 0, "workforce.csv", "note:no_indicator_1_band", "people"): 28}
    assert violations(found, truth(cells), notes=notes) == [
        "2024 indicator 0 workforce.csv note:no_indicator_1_band group:wdes:unknown_percent: only 1 possible values: "
        "true 3, attacker's range [3, 3]"]
    # Without the note metric 3's headcounts cannot be metric 1's.
    with pytest.raises(AttackError):
        attack(folders, notes=False)


# ---------------------------------------------------------------------------
# Nothing to find; the published files alone
# ---------------------------------------------------------------------------

def clean_year(year, hidden=()):
    """A year of both standards, every count large; ``hidden``: WDES groups hidden in Bands 5 and 6."""
    wres = wres_band(year, "Clinical|Band 5", 60, 30, 10) + wres_band(year, "Clinical|Band 6", 50, 40, 30) + \
        wres_band(year, "Clinical", 110, 70, 40) + wres_band(year, "Overall", 110, 70, 40) + \
        [row(year, 9, "All", "board_bme_percent", value=20.0, standard="wres"),
         row(year, 9, "All", "workforce_bme_percent", 70, 220, standard="wres"),
         row(year, 9, "All", "difference_pp", value=20 - 100 * 70 / 220, standard="wres")]
    wdes = band(year, "Clinical|Band 5", 80, 12, 8, hidden=hidden) + \
        band(year, "Clinical|Band 6", 90, 18, 12, hidden=hidden) + \
        band(year, "Clinical", 170, 30, 20) + band(year, "Overall", 170, 30, 20) + [
        row(year, "2", "All", "non_disabled_percent", 40, 200), row(year, "2", "All", "disabled_percent", 9, 50),
        row(year, "2", "All", "relative_likelihood", value=0.2 / 0.18),
        row(year, "3", "single-year", "non_disabled_percent", 10, 170),
        row(year, "3", "single-year", "disabled_percent", 8, 30),
        row(year, "3", "single-year", "relative_likelihood", value=(8 / 30) / (10 / 170)),
        row(year, "4a-i", "All", "non_disabled_percent", 60, 150), row(year, "4a-i", "All", "disabled_percent", 12, 40),
        row(year, "4a-i", "All", "percent", 80, 210), row(year, "4a-i", "All", "difference_pp", value=30 - 40),
        row(year, "8", "All", "disabled_percent", 28, 40),
        row(year, "9a", "All", "disabled_score", value=6.5), row(year, "9a", "All", "score", value=6.9),
        row(year, "10", "All", "board_disabled_percent", value=10.0),
        row(year, "10", "All", "workforce_disabled_percent", 30, 220),
        row(year, "10", "All", "difference_pp", value=10 - 100 * 30 / 220)]
    return wres, wdes


def test_clean_wdes_report_has_nothing_to_find(tmp_path):
    folders = publish(tmp_path, 2024, *clean_year(2024))
    assert attack(folders).empty
    assert published_violations(folders) == []
    # Disabled and Unknown hidden in Bands 5 (12, 8) and 6 (18, 12): Band 5 has 20 of them, Band 6 30,
    # the cluster 30 Disabled and 20 Unknown: Band 5's Disabled is any t in 0 to 20 (Unknown 20 - t,
    # Band 6's 30 - t and t). The WRES's counts say nothing more.
    folders = publish(tmp_path / "hidden", 2024, *clean_year(2024, hidden=("disabled", "unknown")))
    found = attack(folders)
    assert bounds(found, "Clinical|Band 5", "disabled_percent", "numerator") == (0, 20)
    assert bounds(found, "Clinical|Band 5", "unknown_percent", "numerator") == (0, 20)
    assert bounds(found, "Clinical|Band 6", "disabled_percent", "numerator") == (10, 30)
    cells = [("wdes", "1", f"Clinical|Band {b}", f"{g}_percent", k, n)
             for b, n, ks in ((5, 100, (12, 8)), (6, 120, (18, 12))) for g, k in zip(("disabled", "unknown"), ks)]
    assert violations(found, truth(cells)) == []
    assert published_violations(folders) == []


def test_published_checks_on_a_wdes_report(tmp_path):
    wres, wdes = clean_year(2024)
    wdes[-3] = dict(wdes[-3], numerator=1, denominator=10, ci_low=1.8, ci_high=40.4)  # the board's counts
    wdes[0] = dict(row(2024, "1", "Clinical|Band 5", "non_disabled_percent", hidden=True), value=80.0)
    wdes[1] = dict(row(2024, "1", "Clinical|Band 5", "disabled_percent", hidden=True), note="'* not shown: small count")
    wdes.append(row(2024, "4b", "All", "disabled_percent", 5, 40))
    found = published_violations(publish(tmp_path, 2024, wres, wdes))
    assert found == [
        "2024/wdes: hidden rows have 2 different notes: ['* not shown', '* not shown: small count']",
        "2024/wdes: hidden row 1 Clinical|Band 5 non_disabled_percent shows a figure",
        "2024/wdes: board row All board_disabled_percent has an interval [1.8, 40.4]",
        "2024/wdes: board row All board_disabled_percent has counts",
        "2024/wdes: shown row 10 All board_disabled_percent rests on a count of 1 to 7 (1 of 10)",
        "2024/wdes: shown row 4b All disabled_percent rests on a count of 1 to 7 (5 of 40)"]


# ---------------------------------------------------------------------------
# The WRES and the WDES through wres run, attacked together
# ---------------------------------------------------------------------------

def wdes_truth(data_dir: Path, years) -> pd.DataFrame:
    """The WDES's true (unsuppressed) counts of ``years``, from wreslib's unsuppressed results."""
    from wreslib.publish.pipeline import load_results
    from wreslib.standards.wdes import WDES

    frames = []
    for year in years:
        results = load_results(data_dir, year, standard=WDES)
        frames.append(results[results["year"] == year])
    return pd.concat(frames, ignore_index=True).assign(standard="wdes")


def test_random_trust_with_disability_through_wres_run(tmp_path):
    """Needs ``wres run`` to publish ``OUT/<year>/wdes/results.csv`` (the WDES beside the WRES)."""
    trust = trustgen.make_trust(tmp_path / "data", 102, staff=150, disability=True)
    out = tmp_path / "out"
    for year in trust.years:
        done = subprocess.run([sys.executable, "-m", "wreslib", "run", "--data", str(trust.data_dir), "--year",
                               str(year), "--out", str(out), "--force", "--quiet"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    folders = with_wdes([out / str(y) for y in trust.years])
    assert [f.name for f in folders] == ["2023", "wdes", "2024", "wdes"], "wres run published no WDES report"
    wdes = pd.concat([read_report(f) for f in folders[1::2]])
    assert wdes["suppressed"].any()  # something for the attacker to try
    analyst = [out / ".analyst" / f.relative_to(out) for f in folders]  # the true data notes (run.json)
    truth_frame = pd.concat([trustgen.true_results(trust.data_dir).assign(standard="wres"),
                             wdes_truth(trust.data_dir, trust.years)], ignore_index=True)
    assert true_counts(truth_frame)  # WRES and WDES keys side by side
    problems = violations(attack(folders), truth_frame, notes=analyst) + published_violations(folders)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


def test_trustgen_disability_leaves_the_wres_data_alone(tmp_path):
    # The WDES part of a random trust has random numbers of its own: the WRES files are the same bytes
    # but for the disability column.
    plain = trustgen.make_trust(tmp_path / "plain", 102, staff=150)
    both = trustgen.make_trust(tmp_path / "both", 102, staff=150, disability=True)
    for year in plain.years:
        for name in ("workforce", "recruitment", "disciplinary", "training", "board"):
            a, b = (pd.read_csv(t.data_dir / str(year) / f"{name}.csv", dtype=str, keep_default_na=False)
                    for t in (plain, both))
            pd.testing.assert_frame_equal(a, b.drop(columns="disability", errors="ignore"))
        assert (both.data_dir / str(year) / "capability.csv").is_file()
    responses = [(t.data_dir / "survey_responses.csv").read_bytes() for t in (plain, both)]
    assert responses[0] == responses[1]
    assert set(pd.read_csv(both.data_dir / "survey.csv")["standard"]) == {"wdes"}
