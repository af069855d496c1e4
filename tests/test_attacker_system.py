"""The attacker on a system of organisations (an Integrated Care System, issue 13).

A system run publishes ``OUT/<year>/<code>/`` (each organisation's own report, as a single
trust's) and ``OUT/<year>/results.csv``, the system file: each organisation's rows copied (its code
in the first column, ``organisation``) and the system's own rows (``system``), computed from the
organisations' summed counts. :func:`attacker.attack_system` puts every organisation and the system
into one model (system count = sum of the organisations' counts), so a count one organisation hides
can be given away by the system's total and the other organisations' counts.

Hand-written system folders, each worked by hand; then random trusts through the system run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import test_attacker
import trustgen
from attacker import (SYSTEM, AttackError, attack, attack_system, published_violations_system, read_system,
                      system_organisations, violations)
from test_attacker import bounds
from test_attacker_notes import note, write_notes

COLUMNS = ["standard"] + test_attacker.COLUMNS
GROUPS = ("white", "bme", "unknown")


def band(breakdown, counts, hidden=(), year=2024):
    """WRES indicator 1 rows of one breakdown: ``counts`` (White, BME, Unknown), ``None`` for a
    group without a row; ``hidden``: group names."""
    total = sum(k for k in counts if k is not None)
    return [dict(standard="wres", **test_attacker.row(year, 1, breakdown, f"{g}_percent", k, total,
                                                      hidden=g in hidden))
            for g, k in zip(GROUPS, counts) if k is not None]


def write_system(root: Path, organisations: dict[str, list[dict]], system: list[dict], year=2024,
                 copies: dict[str, list[dict]] | None = None) -> Path:
    """``root/<year>/<code>/results.csv`` for each organisation and ``root/<year>/results.csv``, the
    system file: each organisation's rows (``copies`` where given) then the system's."""
    folder = root / str(year)
    for code, rows in organisations.items():
        test_attacker.write_report(folder / code, [])  # makes the folder
        pd.DataFrame(rows).reindex(columns=COLUMNS).to_csv(folder / code / "results.csv", index=False,
                                                           float_format="%.10g")
    copies = {**organisations, **(copies or {})}
    frame = pd.DataFrame([dict(organisation=code, **r) for code, rows in copies.items() for r in rows]
                         + [dict(organisation=SYSTEM, **r) for r in system])
    frame.reindex(columns=["organisation"] + COLUMNS).to_csv(folder / "results.csv", index=False,
                                                              float_format="%.10g")
    return folder


def truth(counts: dict[str, tuple], breakdown="Overall", year=2024) -> pd.DataFrame:
    """An unsuppressed results frame of indicator 1 rows: group name -> (numerator, denominator)."""
    return pd.DataFrame([dict(year=year, indicator=1, breakdown=breakdown, metric=f"{g}_percent", numerator=k,
                              denominator=n) for g, (k, n) in counts.items()])


def org_bounds(found, organisation, breakdown, metric, which, year=None):
    return bounds(found[found["organisation"] == organisation].drop(columns="organisation"), breakdown, metric,
                  which, year)


def truths(a, b, system):
    """True counts of organisations A and B and of the system: (White, BME, Unknown) each."""
    return {code: truth({g: (k, sum(ks)) for g, k in zip(GROUPS, ks)})
            for code, ks in (("A", a), ("B", b), (SYSTEM, system))}


# ---------------------------------------------------------------------------
# Hand-worked systems
# ---------------------------------------------------------------------------

def test_classic_leak_the_system_total_gives_away_what_an_organisation_hid(tmp_path):
    # A: White 100 shown, BME 3 and Unknown 20 hidden (23 of 123 between them). B shows all: 200, 50,
    # 30. The system shows all of its sums: 300, 53, 50. A's BME = 53 - 50 = 3, A's Unknown = 50 - 30.
    a, b = (100, 3, 20), (200, 50, 30)
    year = write_system(tmp_path, {"A": band("Overall", a, hidden=("bme", "unknown")), "B": band("Overall", b)},
                        band("Overall", (300, 53, 50)))
    # A's report alone keeps the two apart.
    alone = attack([year / "A"])
    assert bounds(alone, "Overall", "bme_percent", "numerator") == (0, 23)
    assert violations(alone, truths(a, b, (300, 53, 50))["A"]) == []
    found = attack_system(year)
    assert set(found["organisation"]) == {"A"}  # nothing else is hidden
    assert org_bounds(found, "A", "Overall", "bme_percent", "numerator") == (3, 3)
    assert org_bounds(found, "A", "Overall", "unknown_percent", "numerator") == (20, 20)
    assert org_bounds(found, "A", "Overall", "bme_percent", "complement") == (120, 120)
    problems = violations(found, truths(a, b, (300, 53, 50)))
    assert "A: 2024 indicator 1 Overall bme_percent numerator: pinned: true 3, attacker's range [3, 3]" in problems
    assert "A: 2024 indicator 1 Overall unknown_percent numerator: pinned: true 20, attacker's range [20, 20]" \
        in problems


def test_the_system_hiding_the_same_cells_leaves_nothing_to_find(tmp_path):
    # As above, but the system hides its BME and Unknown too (as A did): BME + Unknown = 103 of 403, A's
    # 23, B's 80 shown: A's BME is anything in 0 to 23 (the system's 50 to 73).
    a, b, system = (100, 3, 20), (200, 50, 30), (300, 53, 50)
    year = write_system(tmp_path, {"A": band("Overall", a, hidden=("bme", "unknown")), "B": band("Overall", b)},
                        band("Overall", system, hidden=("bme", "unknown")))
    found = attack_system(year)
    assert org_bounds(found, "A", "Overall", "bme_percent", "numerator") == (0, 23)
    assert org_bounds(found, "A", "Overall", "unknown_percent", "numerator") == (0, 23)
    assert org_bounds(found, SYSTEM, "Overall", "bme_percent", "numerator") == (50, 73)
    assert org_bounds(found, SYSTEM, "Overall", "unknown_percent", "numerator") == (30, 53)
    assert org_bounds(found, SYSTEM, "Overall", "bme_percent", "complement") == (330, 353)
    assert "denominator" not in set(found["which"])  # every headcount is shown
    assert violations(found, truths(a, b, system)) == []


def test_system_secondary_suppression_missing_gives_away_the_systems_small_count(tmp_path):
    # A: 100 White shown, BME 2 and Unknown 21 hidden; B: 200 White shown, BME 3 and Unknown 30 hidden.
    # The system hides its BME (5) but shows White 300, Unknown 51 and the headcount 356: BME = 356 - 300
    # - 51 = 5. Then A's BME + B's BME = 5: A's BME is 0 to 5 (A's Unknown 23 - that, B's BME 5 - that,
    # B's Unknown 28 + that), 6 values, fewer than 8.
    a, b, system = (100, 2, 21), (200, 3, 30), (300, 5, 51)
    year = write_system(tmp_path, {"A": band("Overall", a, hidden=("bme", "unknown")),
                                   "B": band("Overall", b, hidden=("bme", "unknown"))},
                        band("Overall", system, hidden=("bme",)))
    found = attack_system(year)
    assert org_bounds(found, SYSTEM, "Overall", "bme_percent", "numerator") == (5, 5)
    assert org_bounds(found, "A", "Overall", "bme_percent", "numerator") == (0, 5)
    assert org_bounds(found, "A", "Overall", "unknown_percent", "numerator") == (18, 23)
    assert org_bounds(found, "B", "Overall", "bme_percent", "numerator") == (0, 5)
    assert org_bounds(found, "B", "Overall", "unknown_percent", "numerator") == (28, 33)
    assert violations(found, truths(a, b, system)) == [
        "A: 2024 indicator 1 Overall bme_percent numerator: only 6 possible values: true 2, attacker's range [0, 5]",
        "B: 2024 indicator 1 Overall bme_percent numerator: only 6 possible values: true 3, attacker's range [0, 5]",
        "system: 2024 indicator 1 Overall bme_percent numerator: pinned: true 5, attacker's range [5, 5]",
        "system: 2024 indicator 1 Overall bme_percent complement: pinned: true 351, attacker's range [351, 351]"]
    # Each organisation's report alone gives nothing away: the leak is the system's.
    for code, counts in (("A", a), ("B", b)):
        assert violations(attack([year / code]), truths(a, b, system)[code]) == []


def test_the_systems_cluster_and_band_come_from_the_organisations(tmp_path):
    # A hides BME and Unknown in Bands 7 (20, 10) and 8a (4, 6), showing its cluster (24, 16): alone,
    # Band 8a's BME is any t in 0 to 10 (Band 7's 24 - t). B shows all. The system hides its Band 8a
    # BME and Unknown but shows Band 7 (45 BME, B's 25): A's Band 7 BME is 20, so its Band 8a BME 4 -
    # through the organisations' own band-to-cluster relations (the system's are not assumed).
    def rows(band7, band8a, hidden=()):
        clusters = tuple(x + y for x, y in zip(band7, band8a))
        return band("Clinical|Band 7", band7, hidden=hidden) + band("Clinical|Band 8a", band8a, hidden=hidden) + \
            band("Clinical", clusters) + band("Overall", clusters)
    a = rows((50, 20, 10), (30, 4, 6), hidden=("bme", "unknown"))
    b = rows((60, 25, 15), (20, 9, 11))
    system = band("Clinical|Band 7", (110, 45, 25)) + band("Clinical|Band 8a", (50, 13, 17), hidden=("bme", "unknown"))
    alone = attack([write_system(tmp_path, {"A": a, "B": b}, system) / "A"])
    assert bounds(alone, "Clinical|Band 8a", "bme_percent", "numerator") == (0, 10)
    found = attack_system(tmp_path / "2024")
    assert org_bounds(found, "A", "Clinical|Band 8a", "bme_percent", "numerator") == (4, 4)
    assert org_bounds(found, "A", "Clinical|Band 7", "unknown_percent", "numerator") == (10, 10)
    assert org_bounds(found, SYSTEM, "Clinical|Band 8a", "bme_percent", "numerator") == (13, 13)
    # The system hiding its Band 7's too: A's Band 8a BME is 0 to 10 again (the system's 9 to 19).
    system = band("Clinical|Band 7", (110, 45, 25), hidden=("bme", "unknown")) + \
        band("Clinical|Band 8a", (50, 13, 17), hidden=("bme", "unknown"))
    found = attack_system(write_system(tmp_path / "hidden", {"A": a, "B": b}, system))
    assert org_bounds(found, "A", "Clinical|Band 8a", "bme_percent", "numerator") == (0, 10)
    assert org_bounds(found, SYSTEM, "Clinical|Band 8a", "bme_percent", "numerator") == (9, 19)
    true = {"A": pd.concat([truth({"bme": (20, 80), "unknown": (10, 80)}, "Clinical|Band 7"),
                            truth({"bme": (4, 40), "unknown": (6, 40)}, "Clinical|Band 8a")]),
            SYSTEM: pd.concat([truth({"bme": (45, 180), "unknown": (25, 180)}, "Clinical|Band 7"),
                               truth({"bme": (13, 80), "unknown": (17, 80)}, "Clinical|Band 8a")])}
    assert violations(found, true) == []


def test_an_organisation_without_a_row(tmp_path):
    # A has no Unknown staff (no Unknown row): the system's Unknown is B's alone, but A's headcount (123)
    # is in the system's Unknown row's denominator (358). B hides BME and Unknown (5 and 30: 35), the
    # system too (28 and 30: 58 = A's 23 + B's 35). B's BME is 0 to 35, the system's 23 to 58.
    a, b = (100, 23, None), (200, 5, 30)
    year = write_system(tmp_path, {"A": band("Overall", a), "B": band("Overall", b, hidden=("bme", "unknown"))},
                        band("Overall", (300, 28, 30), hidden=("bme", "unknown")))
    found = attack_system(year)
    assert set(found["organisation"]) == {"B", SYSTEM}
    assert org_bounds(found, "B", "Overall", "bme_percent", "numerator") == (0, 35)
    assert org_bounds(found, SYSTEM, "Overall", "bme_percent", "numerator") == (23, 58)
    assert org_bounds(found, SYSTEM, "Overall", "unknown_percent", "numerator") == (0, 35)
    true = {"B": truth({"bme": (5, 235), "unknown": (30, 235)}),
            SYSTEM: truth({"bme": (28, 358), "unknown": (30, 358)})}
    assert violations(found, true) == []
    # Truth as one frame with an organisation column; an organisation with no truth given.
    frame = pd.concat([f.assign(organisation=code) for code, f in true.items()])
    assert violations(found, frame) == []
    assert violations(found, {"B": true["B"]}) == [
        f"system: 2024 indicator 1 Overall {m} {w}: no true value to compare with"
        for m in ("bme_percent", "unknown_percent") for w in ("numerator", "complement")]


def test_two_years_and_the_previous_years_system(tmp_path):
    # 2023: A hides BME and Unknown (3, 20); the 2023 system shows its sums, so the 2023 leak is found
    # when last year's folder is given; 2024 hides alike and leaks nothing.
    a23, b23, a24, b24 = (100, 3, 20), (200, 50, 30), (110, 4, 21), (210, 55, 30)
    last = write_system(tmp_path, {"A": band("Overall", a23, hidden=("bme", "unknown"), year=2023),
                                   "B": band("Overall", b23, year=2023)},
                        band("Overall", (300, 53, 50), year=2023), year=2023)
    this = write_system(tmp_path, {"A": band("Overall", a24, hidden=("bme", "unknown")),
                                   "B": band("Overall", b24)},
                        band("Overall", (320, 59, 51), hidden=("bme", "unknown")))
    found = attack_system(this, last)
    assert org_bounds(found, "A", "Overall", "bme_percent", "numerator", 2023) == (3, 3)
    assert org_bounds(found, "A", "Overall", "bme_percent", "numerator", 2024) == (0, 25)
    true = {code: pd.concat([truth({g: (k, sum(ks)) for g, k in zip(GROUPS, ks)}, year=y)
                             for y, ks in years]) for code, years in (
        ("A", ((2023, a23), (2024, a24))), ("B", ((2023, b23), (2024, b24))),
        (SYSTEM, ((2023, (300, 53, 50)), (2024, (320, 59, 51)))))}
    problems = violations(found, true)
    assert problems and all(p.startswith("A: 2023 ") for p in problems)
    assert set(attack_system(this)["year"]) == {2024}


# ---------------------------------------------------------------------------
# Reading a system; the published checks
# ---------------------------------------------------------------------------

def test_reading_a_system_folder(tmp_path):
    year = write_system(tmp_path, {"A": band("Overall", (100, 3, 20), hidden=("bme", "unknown")),
                                   "B": band("Overall", (200, 50, 30))}, band("Overall", (300, 53, 50)))
    (year / "wdes").mkdir()  # not an organisation
    (year / ".analyst").mkdir()
    assert system_organisations(year) == {"A": [year / "A"], "B": [year / "B"]}
    frame = read_system(year)
    assert list(frame.columns[:2]) == ["organisation", "standard"]
    assert frame["organisation"].tolist() == ["A"] * 3 + ["B"] * 3 + [SYSTEM] * 3
    with pytest.raises(AttackError, match="organisation"):
        attack_system(year / "A")  # a single trust's folder
    # A copy in the system file that shows what A's own report hid is a leak of its own.
    copies = {"A": band("Overall", (100, 3, 20), hidden=("unknown",))}
    year = write_system(tmp_path / "leaky", {"A": band("Overall", (100, 3, 20), hidden=("bme", "unknown")),
                                             "B": band("Overall", (200, 50, 30))},
                        band("Overall", (300, 53, 50), hidden=("bme", "unknown")), copies=copies)
    assert published_violations_system([year]) == [
        "2024: shown row 1 Overall bme_percent rests on a count of 1 to 7 (3 of 123)",
        "2024: A's copy of 2024 indicator 1 Overall bme_percent: shown in the system file, hidden in the "
        "organisation's own results"]
    found = attack_system(year)  # the copy is A's: what either shows is shown
    assert org_bounds(found, "A", "Overall", "unknown_percent", "numerator") == (20, 20)


def events(white, bme, year=2024, hidden=()):
    """WRES indicator 3 single-year rows: (cases, headcount) of White and BME."""
    return [dict(standard="wres", **test_attacker.row(year, 3, "single-year", f"{g}_percent", k, n,
                                                      hidden=g in hidden))
            for g, (k, n) in (("white", white), ("bme", bme))]


def test_no_band_staff_of_one_organisation_loosen_the_systems_event_headcount(tmp_path):
    # A has 12 staff with no indicator 1 band (a data note), 5 White, 5 BME and 2 Unknown: its indicator 3
    # headcounts are 305 and 205 beside indicator 1's 300 and 200. B has none (200 and 100). The system's
    # indicator 3 headcounts (505, 305) are not its indicator 1 Overall's (500, 300): the attacker must
    # not tie them, and still finds A's split from its own report (small no-band groups of a single
    # trust's, as test_attacker_notes finds them: never published, checked by rule (2) only).
    a = band("Overall", (300, 200, 20)) + events((20, 305), (15, 205))
    b = band("Overall", (200, 100, 30)) + events((10, 200), (8, 100), hidden=("bme",))
    system = band("Overall", (500, 300, 50)) + events((30, 505), (23, 305), hidden=("bme",))
    year = write_system(tmp_path, {"A": a, "B": b}, system)
    write_notes(year / "A", [note("no_indicator_1_band", {"people": 12})])
    found = attack_system(year)
    a_rows = found[found["organisation"] == "A"]
    assert list(a_rows["which"]) == [f"group:{g}_percent" for g in GROUPS]
    assert list(zip(a_rows["low"], a_rows["high"])) == [(5, 5), (5, 5), (2, 2)]
    # B hides its BME cases (8 of its 100 BME staff), the system its (23): A's 15 + B's, 15 to 115.
    assert org_bounds(found, "B", "single-year", "bme_percent", "numerator") == (0, 100)
    assert org_bounds(found, SYSTEM, "single-year", "bme_percent", "numerator") == (15, 115)
    # The system's 305 BME staff are the organisations' printed 205 and 100 (B's the headcount of its
    # indicator 1): not a hidden count.
    assert "denominator" not in set(found["which"])
    a_truth = pd.concat([truth({"white": (300, 520), "bme": (200, 520)}),
                         pd.DataFrame([dict(year=2024, indicator=3, breakdown="single-year", metric=f"{g}_percent",
                                            numerator=k, denominator=n) for g, k, n in (("white", 20, 305),
                                                                                        ("bme", 15, 205))])])
    true = {"A": a_truth, "B": pd.DataFrame([dict(year=2024, indicator=3, breakdown="single-year", metric="bme_percent",
                                    numerator=8, denominator=100)]),
            SYSTEM: pd.DataFrame([dict(year=2024, indicator=3, breakdown="single-year", metric="bme_percent",
                                       numerator=23, denominator=305)])}
    assert violations(found, true, notes={"A": {(2024, 0, "workforce.csv", "note:no_indicator_1_band", "people"):
                                                12}}) == [
        f"A: 2024 indicator 0 workforce.csv note:no_indicator_1_band group:{g}_percent: only 1 possible values: "
        f"true {v}, attacker's range [{v}, {v}]" for g, v in (("white", 5), ("bme", 5), ("unknown", 2))]
    # Without A's note its report contradicts itself (300 is not 305).
    with pytest.raises(AttackError):
        attack_system(year, notes=False)


def wdes_band(breakdown, counts, hidden=(), year=2024):
    """WDES metric 1 rows of one breakdown: (Non-disabled, Disabled, Unknown)."""
    total = sum(counts)
    return [dict(standard="wdes", **test_attacker.row(year, "1", breakdown, f"{g}_percent", k, total,
                                                      hidden=g in hidden))
            for g, k in zip(("non_disabled", "disabled", "unknown"), counts)]


def test_the_systems_wdes_file_and_the_organisations_wdes_folders(tmp_path):
    # Each organisation publishes the WDES in wdes/; the system's WDES rows are in OUT/<year>/wdes/. A
    # hides Disabled and Unknown (4, 16 of 120), B shows its (10, 20 of 150); the system hides its
    # Disabled (14) but shows Unknown 36 and the headcount 270 (the WRES's): Disabled = 270 - 220 - 36 =
    # 14, A's = 14 - 10 = 4.
    year = write_system(tmp_path, {"A": band("Overall", (90, 20, 10)), "B": band("Overall", (100, 30, 20))},
                        band("Overall", (190, 50, 30)))
    for code, rows in (("A", wdes_band("Overall", (100, 4, 16), hidden=("disabled", "unknown"))),
                       ("B", wdes_band("Overall", (120, 10, 20)))):
        (year / code / "wdes").mkdir()
        pd.DataFrame(rows).reindex(columns=COLUMNS).to_csv(year / code / "wdes" / "results.csv", index=False)
    (year / "wdes").mkdir()
    system = wdes_band("Overall", (220, 14, 36), hidden=("disabled",))
    pd.DataFrame(system).reindex(columns=COLUMNS).to_csv(year / "wdes" / "results.csv", index=False,
                                                         float_format="%.10g")
    assert system_organisations(year) == {"A": [year / "A", year / "A" / "wdes"],
                                          "B": [year / "B", year / "B" / "wdes"]}
    found = attack_system(year)
    assert org_bounds(found, "A", "Overall", "disabled_percent", "numerator") == (4, 4)
    assert org_bounds(found, SYSTEM, "Overall", "disabled_percent", "numerator") == (14, 14)
    assert set(found["indicator"]) == {"wdes:1"}
    wdes_truth = {code: pd.DataFrame([dict(standard="wdes", year=2024, indicator="1", breakdown="Overall",
                                           metric=f"{g}_percent", numerator=k, denominator=n)
                                      for g, k in zip(("disabled", "unknown"), ks)])
                  for code, ks, n in (("A", (4, 16), 120), (SYSTEM, (14, 36), 270))}
    problems = violations(found, wdes_truth)
    for expected in ("A: 2024 WDES metric 1 Overall disabled_percent numerator: pinned: true 4, attacker's range [4, 4]",
                     "A: 2024 WDES metric 1 Overall unknown_percent numerator: pinned: true 16, attacker's range "
                     "[16, 16]",
                     "system: 2024 WDES metric 1 Overall disabled_percent numerator: pinned: true 14, attacker's "
                     "range [14, 14]"):
        assert expected in problems


# ---------------------------------------------------------------------------
# Random trusts through the system run
# ---------------------------------------------------------------------------

#: Random systems of three small trusts, published the fast way; WRES_ATTACK_SYSTEM_SEEDS=N runs N.
SYSTEM_SEEDS = list(range(1, 1 + int(os.environ.get("WRES_ATTACK_SYSTEM_SEEDS", "1"))))
YEARS = trustgen.YEARS


def make_system(root: Path, seed: int, staff=(150, 200, 120)) -> dict[str, Path]:
    """A system folder (``root/<code>/`` each a random trust with its ``wres.toml``, ``root/system.toml``):
    code -> data folder."""
    folders = {}
    for i, size in enumerate(staff):
        code = f"R{chr(65 + i)}{seed}"
        trust = trustgen.make_trust(root / code, 1000 * seed + i, staff=size)
        (trust.data_dir / "wres.toml").write_text(f'[trust]\nname = "Trust {code}"\ncode = "{code}"\n')
        folders[code] = trust.data_dir
    (root / "system.toml").write_text('[system]\nname = "A test system"\n')
    return folders


def publish_system(folders: dict[str, Path], out: Path) -> list[Path]:
    """Each year's organisations' reports and the system file, the fast way (as :func:`trustgen.publish`:
    the run's suppressed results without the notebooks, and no data notes): ``out/<year>`` each year."""
    from types import SimpleNamespace

    from wreslib.disclosure.engine import Thresholds
    from wreslib.publish.pipeline import reports
    from wreslib.publish.runner import RunConfig, folder as standard_folder
    from wreslib.publish.site import write_site
    from wreslib.publish.system import system_report, system_results
    from wreslib.publish.system_site import system_results_csv

    year_dirs = []
    for year in YEARS:
        year_dir = out / str(year)
        made = {}
        for code, data_dir in folders.items():
            made[code] = reports(data_dir, year)
            config = RunConfig(data_dir=data_dir, year=year, out=out)
            for standard, report in made[code].items():
                write_site(year_dir / code / standard_folder(standard), report.results, config, [], standard=standard)
        shown = system_report(system_results(list(folders.values()), year),
                              [m["wres"].results for m in made.values()], Thresholds())
        system_results_csv(made, [SimpleNamespace(code=c) for c in folders], shown, year).to_csv(
            year_dir / "results.csv", index=False, float_format="%.10g", lineterminator="\n")
        year_dirs.append(year_dir)
    return year_dirs


def system_truth(folders: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """Every organisation's true counts and the system's (wreslib's unsuppressed results)."""
    from wreslib.publish.system import system_results

    truth = {code: trustgen.true_results(data_dir) for code, data_dir in folders.items()}
    truth[SYSTEM] = pd.concat([system_results(list(folders.values()), y).query("year == @y") for y in YEARS],
                              ignore_index=True)
    return truth


def _cell(r) -> tuple:
    return (int(r.year), r.indicator if isinstance(r.indicator, str) else int(r.indicator), r.breakdown, r.metric,
            r.which)


def new_in_the_system(year_dirs: list[Path], folders: dict[str, Path], notes: bool = True) -> list[str]:
    """What the system's run gives away beyond each organisation's own reports, and the published checks.

    The violations of the system's attack, but an organisation's that attacking its own reports alone
    finds too (a single trust's, as test_attacker checks them: reported, not the system's doing), and
    the system's counts that the organisations' own reports each determine (the system's count is their
    sum: e.g. a system headcount whose every organisation's headcount its own data notes give away)."""
    truth = system_truth(folders)
    analyst = {code: [d.parent / ".analyst" / d.name / code for d in year_dirs] for code in folders} if notes else {}
    found = attack_system(year_dirs[-1], year_dirs[0], notes=notes)
    alone, open_ = set(), set()  # an organisation's own violations; counts its own reports leave open
    for code in folders:
        own = attack([d / code for d in year_dirs], notes=notes)
        alone |= {f"{code}: {v}" for v in violations(own, truth[code], notes=analyst.get(code))}
        open_ |= {_cell(r) for r in own.itertuples(index=False) if r.low != r.high}
    inherited = [r.organisation == SYSTEM and _cell(r) not in open_ for r in found.itertuples(index=False)]
    found = found[~pd.Series(inherited, index=found.index, dtype=bool)]
    return [v for v in violations(found, truth, notes=analyst) if v not in alone] + \
        published_violations_system(year_dirs)


@pytest.mark.parametrize("seed", SYSTEM_SEEDS)
def test_random_system_keeps_hidden_counts_hidden(seed, tmp_path):
    folders = make_system(tmp_path / "data", seed)
    year_dirs = publish_system(folders, tmp_path / "out")
    assert read_system(year_dirs[-1])["suppressed"].any()  # something for the attacker to try
    problems = new_in_the_system(year_dirs, folders, notes=False)
    assert not problems, f"seed {seed}: {len(problems)} problems:\n" + "\n".join(problems[:20])


def test_random_system_through_wres_run(tmp_path):
    """Three trusts through ``wres run`` on a system folder, both years (the notebooks run: minutes)."""
    folders = make_system(tmp_path / "data", 101)
    out = tmp_path / "out"
    for year in YEARS:
        done = subprocess.run([sys.executable, "-m", "wreslib", "run", "--data", str(tmp_path / "data"), "--year",
                               str(year), "--out", str(out), "--force", "--quiet"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    year_dirs = [out / str(y) for y in YEARS]
    assert sorted(system_organisations(year_dirs[-1])) == sorted(folders)
    for d in year_dirs:  # the organisations' reports are the single-trust ones, copied into the system file
        system = read_system(d)
        assert set(system["organisation"]) == set(folders) | {SYSTEM}
    problems = new_in_the_system(year_dirs, folders)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])
