"""The demo trust: fictional "Demo NHS Trust", reporting years 2020 to 2024.

Synthetic, not real staff data. The counts are calibrated so that 2024 and
its changes from 2023 reproduce the ESR table of the seed report (an NHS
trust's published 2023/24 WRES summary) at its printed precision:

- indicator 1 BME %: overall 62.70 (+1.5), non-clinical 62.50 (+0.6),
  clinical 67.40 (+2.3), medical and dental 47 (-0.2); including bank 60.1
  (+1.27);
- indicator 2: 1.32 (-0.04); indicator 3: 1.5 (-0.85); indicator 4: 1.24
  (-0.03);
- indicator 9: overall -33, executive -43, voting -33 percentage points.

The seed's indicator 9 changes (+3.2 overall and voting, -15.1 executive)
cannot be reproduced together with its indicator 1 change (+1.5): for any
board of up to 25 members they imply a 2023 workforce BME share near 60.9%,
not 61.2%. The demo keeps indicator 1 and gets +3.5 and -14.8 instead.

Every count is found by a deterministic integer search (no randomness), so
the output is the same on every run. Earlier years trend towards 2024.

:func:`demo_records` expands the counts into ESR-style record-level files
(workforce, recruitment, disciplinary, training, board) whose extraction by
:func:`wreslib.inputs.extracts.extract_counts` gives the counts back exactly; the
variety in them (spellings, bank staff, second assignments, repeat cases) is
drawn from ``numpy.random.default_rng(DEMO_SEED)``, so :func:`write_demo`
(``wres demo``) writes byte-identical files on every run.

The files also carry synthetic WDES data (:class:`_Disability`): a
``disability`` column in workforce, recruitment and board, and
``capability.csv`` (performance cases, Disabled staff about twice as likely
as Non-disabled staff). These figures are invented, in the range NHS trusts
report, not calibrated to any published WDES report; they are drawn from a
generator of their own, so every WRES value above is unchanged.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..inputs.counts import AFC_BANDS, CLUSTERS, COLUMNS, MEDICAL_GRADES
from ..inputs.extracts import parse_bool

YEARS = (2020, 2021, 2022, 2023, 2024)
TRUST_NAME = "Demo NHS Trust"

# Indicator 1 targets: BME % per cluster, with the tolerance the printed
# figure allows (a quarter of its last digit, so any rounding shows it).
# 2023 targets are 2024's value minus the printed change; see _workforce.
_CLUSTER_SIZE = {  # approximate headcounts (bank excluded)
    2020: (4600, 6800, 2000), 2021: (4750, 6950, 2050), 2022: (4900, 7150, 2100),
    2023: (5000, 7400, 2200), 2024: (5000, 7700, 2250),
}
_CLUSTER_PCT_EARLY = {  # plausible earlier years: non-clinical, clinical, medical
    2020: (59.0, 60.6, 46.1), 2021: (60.1, 62.0, 46.6), 2022: (61.0, 63.4, 47.0),
}
_UNKNOWN_RATE = {"Non-clinical": 0.045, "Clinical": 0.03, "Medical and Dental": 0.06}
_BANK_SIZE = 3000
_BANK_WITH_PCT_EARLY = {2020: 55.9, 2021: 56.9, 2022: 57.8}

# Band mix (share of cluster headcount) and relative BME propensity.
_BAND_MIX = {
    "Non-clinical": dict(zip(AFC_BANDS, [0.0, 0.004, 0.15, 0.20, 0.18, 0.12, 0.10, 0.09, 0.06, 0.04, 0.025, 0.015,
                                          0.01, 0.006])),
    "Clinical": dict(zip(AFC_BANDS, [0.0, 0.0, 0.08, 0.12, 0.05, 0.30, 0.22, 0.14, 0.05, 0.02, 0.008, 0.005, 0.002,
                                      0.001])),
    "Medical and Dental": dict(zip(MEDICAL_GRADES, [0.35, 0.10, 0.45, 0.10])),
}
_BAND_PROPENSITY = dict(zip(AFC_BANDS, [1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.0, 0.85, 0.75, 0.65, 0.55, 0.5, 0.45, 0.35]))
_BAND_PROPENSITY.update(dict(zip(MEDICAL_GRADES, [0.85, 1.3, 1.05, 1.0])))

# Likelihood targets per year: (indicator 2, 3, 4). 2023 = 2024 minus the printed change.
_RATIO = {2020: (1.55, 2.6, 1.35), 2021: (1.48, 2.1, 1.31), 2022: (1.41, 2.5, 1.29), 2024: (1.32, 1.50, 1.24)}
_RATIO_CHANGE_2024 = (-0.04, -0.85, -0.03)
# Rates of the reference group: BME appointed / shortlisted, White entering disciplinary, BME training.
_BASE_RATE = {2: 0.20, 3: 0.008, 4: 0.32}
_SHORTLISTED = {2020: (3600, 7000), 2021: (3700, 7600), 2022: (3800, 8400), 2023: (3900, 9000),
                2024: (4000, 9400)}  # White, BME

# Board: (BME, total) for All, Voting, Executive. All members vote here.
_BOARD = {
    2020: ((2, 12), (2, 12), (1, 6)), 2021: ((2, 11), (2, 11), (1, 6)), 2022: ((3, 12), (3, 12), (2, 6)),
    2023: ((3, 12), (3, 12), (2, 6)), 2024: ((3, 10), (3, 10), (1, 5)),
}


def _near(value: float, target: float, decimals: int) -> bool:
    """True when ``value`` shows as ``target`` at ``decimals`` places, with margin."""
    return abs(value - target) <= 0.25 * 10 ** -decimals


def _steps():
    """0, 1, -1, 2, -2, ...: search outwards from an approximate value."""
    yield 0
    for step in range(1, 100000):
        yield step
        yield -step


def _share(n_approx: int, target: float, decimals: int) -> tuple[int, int]:
    """(n, k) with n near ``n_approx`` and 100*k/n showing as ``target``."""
    for dn in _steps():
        n = n_approx + dn
        k = round(target * n / 100)
        if n > 0 and _near(100 * k / n, target, decimals):
            return n, k
    raise RuntimeError("no share found")  # pragma: no cover


def _apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    wsum = sum(weights.values())
    exact = {k: total * w / wsum if wsum else 0 for k, w in weights.items()}
    parts = {k: math.floor(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (parts[k] - exact[k], list(exact).index(k)))[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


def _clusters_for(year: int, previous: dict | None) -> dict[str, tuple[int, int]]:
    """(headcount, BME) per cluster, calibrated to the seed for 2023 and 2024."""
    names = list(CLUSTERS)
    sizes = dict(zip(names, _CLUSTER_SIZE[year]))
    if year == 2024:
        pct, decimals, overall = dict(zip(names, (62.50, 67.40, 47.0))), (2, 2, 0), (62.70, 2)
    elif year == 2023:
        v24 = {k: 100 * b / n for k, (n, b) in previous.items()}
        o24 = 100 * sum(b for _, b in previous.values()) / sum(n for n, _ in previous.values())
        pct = {"Non-clinical": v24["Non-clinical"] - 0.6, "Clinical": v24["Clinical"] - 2.3,
               "Medical and Dental": v24["Medical and Dental"] + 0.2}
        decimals, overall = (1, 1, 1), (o24 - 1.5, 1)
    else:
        return {k: _share(sizes[k], p, 1) for k, p in zip(names, _CLUSTER_PCT_EARLY[year])}
    out = {k: _share(sizes[k], pct[k], d) for k, d in zip(names[:2], decimals[:2])}
    med = names[2]
    for dn in _steps():  # medical size is free: pick it so the overall figure shows too
        n = sizes[med] + dn
        k = round(pct[med] * n / 100)
        if not _near(100 * k / n, pct[med], decimals[2]):
            continue
        total_n = n + sum(v[0] for v in out.values())
        total_b = k + sum(v[1] for v in out.values())
        if _near(100 * total_b / total_n, *overall):
            out[med] = (n, k)
            return out
    raise RuntimeError("no medical size found")  # pragma: no cover


def _workforce() -> dict[int, dict[str, tuple[int, int]]]:
    result: dict[int, dict[str, tuple[int, int]]] = {}
    for year in (2024, 2023, 2022, 2021, 2020):
        result[year] = _clusters_for(year, result.get(2024))
    return result


def _band_rows(year: int, cluster: str, n: int, bme: int) -> list[tuple]:
    unknown = round(n * _UNKNOWN_RATE[cluster])
    heads = _apportion(n, _BAND_MIX[cluster])
    bands = [b for b in CLUSTERS[cluster] if heads.get(b, 0) > 0]
    bme_by = _apportion(bme, {b: heads[b] * _BAND_PROPENSITY[b] for b in bands})
    unk_by = _apportion(unknown, {b: heads[b] for b in bands})
    rows = []
    for band in bands:
        white = heads[band] - bme_by[band] - unk_by[band]
        assert white >= 0, (year, cluster, band)
        for label, count in (("White", white), ("BME", bme_by[band]), ("Unknown", unk_by[band])):
            rows.append((year, 1, "headcount", f"{cluster}|{band}", label, count))
    return rows


def _ratio_counts(target: float, decimals: int, first_base: int, second_base: int, second_rate: float):
    """(first cases, second cases) with (c1/first_base)/(c2/second_base) showing as ``target``."""
    approx = round(second_rate * second_base)
    for d in _steps():
        c2 = approx + d
        c1 = round(target * c2 / second_base * first_base)
        if c2 > 0 and c1 <= first_base and _near((c1 / first_base) / (c2 / second_base), target, decimals):
            return c1, c2
    raise RuntimeError("no ratio found")  # pragma: no cover


def demo_counts() -> pd.DataFrame:
    """The demo trust's counts (the counts contract), 2020-2024.

    Example
    -------
    >>> counts = demo_counts()
    >>> sorted(counts["year"].unique().tolist())
    [2020, 2021, 2022, 2023, 2024]
    """
    workforce = _workforce()
    rows: list[tuple] = []
    ratios: dict[int, tuple[float, ...]] = {}
    bank_pct: dict[int, float] = {}
    for year in sorted(YEARS, reverse=True):  # 2023 is calibrated against 2024
        heads = {"White": 0, "BME": 0, "Unknown": 0}
        for cluster, (n, bme) in workforce[year].items():
            band_rows = _band_rows(year, cluster, n, bme)
            rows += band_rows
            for r in band_rows:
                heads[r[4]] += r[5]
        total_n, total_b = sum(heads.values()), heads["BME"]
        # Bank-only staff: the BME % including them shows as the seed's figures.
        if year == 2024:
            target, decimals = 60.1, 1
        elif year == 2023:
            target, decimals = bank_pct[2024] - 1.27, 2
        else:
            target, decimals = _BANK_WITH_PCT_EARLY[year], 1
        for dn in _steps():
            bank_n = _BANK_SIZE + dn
            bank_b = round(target / 100 * (total_n + bank_n)) - total_b
            if _near(100 * (total_b + bank_b) / (total_n + bank_n), target, decimals):
                break
        bank_pct[year] = 100 * (total_b + bank_b) / (total_n + bank_n)
        bank_u = round(bank_n * 0.05)
        for label, count in (("White", bank_n - bank_b - bank_u), ("BME", bank_b), ("Unknown", bank_u)):
            rows.append((year, 1, "bank_headcount", "", label, count))
        # Indicators 2-4.
        if year == 2023:
            target_ratios = tuple(r - c for r, c in zip(ratios[2024], _RATIO_CHANGE_2024))
            decimals_r = (2, 2, 2)
        else:
            target_ratios, decimals_r = _RATIO[year], (2, 1 if year == 2024 else 2, 2)
        w_short, b_short = _SHORTLISTED[year]
        w_app, b_app = _ratio_counts(target_ratios[0], decimals_r[0], w_short, b_short, _BASE_RATE[2])
        b_dis, w_dis = _ratio_counts(target_ratios[1], decimals_r[1], heads["BME"], heads["White"], _BASE_RATE[3])
        w_trn, b_trn = _ratio_counts(target_ratios[2], decimals_r[2], heads["White"], heads["BME"], _BASE_RATE[4])
        ratios[year] = ((w_app / w_short) / (b_app / b_short), (b_dis / heads["BME"]) / (w_dis / heads["White"]),
                        (w_trn / heads["White"]) / (b_trn / heads["BME"]))
        u_short = round(0.04 * (w_short + b_short))
        u_app = round(u_short * 0.2)
        for label, short, app in (("White", w_short, w_app), ("BME", b_short, b_app), ("Unknown", u_short, u_app)):
            rows += [(year, 2, "shortlisted", "", label, short), (year, 2, "appointed", "", label, app)]
        u_dis, u_trn = round(heads["Unknown"] * 0.01), round(heads["Unknown"] * 0.3)
        for label, dis, trn in (("White", w_dis, w_trn), ("BME", b_dis, b_trn), ("Unknown", u_dis, u_trn)):
            rows += [(year, 3, "headcount", "", label, heads[label]), (year, 3, "entered_disciplinary", "", label, dis),
                     (year, 4, "headcount", "", label, heads[label]), (year, 4, "accessed_training", "", label, trn)]
        for breakdown, (bme, total) in zip(("All", "Voting", "Executive"), _BOARD[year]):
            rows += [(year, 9, "board_members", breakdown, "White", total - bme),
                     (year, 9, "board_members", breakdown, "BME", bme)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["year", "indicator"], kind="stable").reset_index(drop=True)[COLUMNS]


# ---------------------------------------------------------------------------
# Record-level demo: ESR-style extracts expanded from demo_counts()
# ---------------------------------------------------------------------------
#
# Every count of demo_counts() becomes that many synthetic people, rows or
# records, so that wreslib.inputs.extracts.extract_counts() on the files gives back
# exactly demo_counts() (test_demo_records checks every key). The variety a
# real extract has (ethnicity spellings, band spellings, bank staff, second
# assignments, several cases for one person, records outside the year,
# students) is drawn with a fixed-seed generator, so the files are
# byte-identical on every run with the pinned numpy.

DEMO_SEED = 20240331

#: ESR headers of the demo workforce file, mapped in data/demo/wres.toml.
ESR_WORKFORCE_HEADERS = {"staff_id": "Employee Number", "ethnicity": "Ethnic Origin", "pay_band": "Pay Band",
                         "staff_group": "Staff Group", "contract_type": "Assignment Category",
                         "disability": "Disability Flag"}

# Ethnicity spellings per WRES group, with weights: ESR labels, letter codes,
# local two-character codes and plain labels. Checked against the classifier.
_ETHNICITY_LABELS = {
    "White": [("A White - British", 60), ("A", 6), ("White British", 4), ("B White - Irish", 4),
              ("C White - Any other White background", 8), ("C3 White Unspecified", 5), ("CP White Polish", 3),
              ("CA", 2), ("C", 2), ("White - Any other White background", 2)],
    "BME": [("H Asian or Asian British - Indian", 18), ("J Asian or Asian British - Pakistani", 6),
            ("K Asian or Asian British - Bangladeshi", 3),
            ("L Asian or Asian British - Any other Asian background", 10),
            ("LK Asian Sri Lankan", 2), ("M Black or Black British - Caribbean", 6),
            ("N Black or Black British - African", 22), ("P Black or Black British - Any other Black background", 3),
            ("D Mixed - White & Black Caribbean", 2), ("E Mixed - White & Black African", 2),
            ("F Mixed - White & Asian", 2), ("G Mixed - Any other mixed background", 2), ("R Chinese", 3),
            ("S Any Other Ethnic Group", 5), ("H", 3), ("N", 3), ("Black African", 2), ("Indian", 2),
            ("PC Black Other", 1)],
    "Unknown": [("Z Not Stated", 60), ("", 20), ("Z", 5), ("99", 3), ("Not stated", 5), ("Prefer not to say", 4),
                ("Unknown", 3)],
}
# The recruitment system's own plain labels (applicants choose from its list).
_APPLICANT_LABELS = {
    "White": [("White British", 75), ("White Irish", 5), ("Any other White background", 20)],
    "BME": [("Indian", 22), ("Pakistani", 8), ("Bangladeshi", 3), ("Any other Asian background", 10),
            ("Black African", 28), ("Black Caribbean", 7), ("Any other Black background", 3), ("Chinese", 3),
            ("White and Black African", 3), ("White and Asian", 2), ("Any other mixed background", 2),
            ("Any other ethnic group", 6), ("Arab", 3)],
    "Unknown": [("Prefer not to say", 70), ("", 30)],
}

# Pay band spellings per indicator 1 band, as ESR and hand-kept spreadsheets write them.
_BAND_SPELLINGS = {
    **{f"Band {n}": [f"Band {n}", f"AfC Band {n}", f"Band {n}"] for n in range(1, 8)},
    **{f"Band 8{x}": [f"Band 8 - Range {x.upper()}", f"Band 8{x.upper()}", f"8{x}", f"Band 8 - Range {x.upper()}"]
       for x in "abcd"},
    "Band 9": ["Band 9", "AfC Band 9"],
    "VSM": ["Very Senior Manager", "VSM"],
    "Under Band 1": ["Under Band 1"],
    "Consultant": ["Consultant"],
    "Non-consultant career grade": ["Specialty Doctor", "Specialty Doctor", "Associate Specialist", "Staff Grade",
                                    "Specialist"],
    "Trainee grade": ["Foundation Year 1", "Foundation Year 2", "Specialty Registrar", "Specialty Registrar",
                      "Core Training", "ST3", "ST5", "CT1"],
    "Other": ["Clinical Fellow", "Clinical Fellow", "Trust Grade Doctor", "Hospital Practitioner"],
}

# ESR staff groups per cluster; clinical support bands (2-4) are mostly Additional Clinical Services.
_STAFF_GROUPS = {
    ("Non-clinical", "low"): [("Administrative and Clerical", 55), ("Estates and Ancillary", 45)],
    ("Non-clinical", "high"): [("Administrative and Clerical", 92), ("Estates and Ancillary", 8)],
    ("Clinical", "low"): [("Additional Clinical Services", 85), ("Add Prof Scientific and Technic", 10),
                          ("Allied Health Professionals", 5)],
    ("Clinical", "high"): [("Nursing and Midwifery Registered", 65), ("Allied Health Professionals", 18),
                           ("Healthcare Scientists", 7), ("Add Prof Scientific and Technic", 10)],
    ("Medical and Dental", "low"): [("Medical and Dental", 1)],
    ("Medical and Dental", "high"): [("Medical and Dental", 1)],
}
_LOW_BANDS = {"Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4"}
_STUDENTS = {"White": 14, "BME": 22, "Unknown": 2}  # per year, reported apart
_SECOND_ASSIGNMENT = 0.04  # share of substantive staff with a second assignment
_COURSES = ["Leadership Essentials", "Mary Seacole Programme", "Coaching Skills", "Clinical Supervision",
            "Quality Improvement Foundations", "MSc Advanced Practice", "Project Management", "Mentoring Skills"]
_BOOLEANS = {2020: ("Y", "N"), 2021: ("Yes", "No"), 2022: ("TRUE", "FALSE"), 2023: ("1", "0"), 2024: ("Yes", "No")}
_DATE_FORMATS = {2020: "%d/%m/%Y", 2021: "%d/%m/%Y", 2022: "%Y-%m-%d", 2023: "%d-%b-%Y", 2024: "%Y-%m-%d"}
_BOARD_LABELS = {"White": ["White British", "White - Irish", "White British"],
                 "BME": ["Indian", "Black African", "Pakistani", "Black Caribbean"]}


def _pick(rng, options: list[tuple[str, int]], size: int) -> list[str]:
    """``size`` draws from weighted ``options`` (deterministic for a given rng state)."""
    names = [o[0] for o in options]
    weights = [o[1] for o in options]
    p = [w / sum(weights) for w in weights]
    return [names[i] for i in rng.choice(len(names), size=size, p=p)]


def _check_spellings() -> None:
    """Every spelling the generator writes must classify as intended (fails loudly otherwise)."""
    from ..classify.ethnicity import classify_ethnicity
    from ..inputs.extracts import map_pay_band, map_staff_group
    for group, options in [*_ETHNICITY_LABELS.items(), *_APPLICANT_LABELS.items()]:
        got = classify_ethnicity([o[0] for o in options], strict=True)["wres"].tolist()
        assert got == [group] * len(options), (group, got)
    for band, spellings in _BAND_SPELLINGS.items():
        assert all(map_pay_band(s) == band for s in spellings), band
    for (cluster, _), options in _STAFF_GROUPS.items():
        assert all(map_staff_group(o[0]) == cluster for o in options), cluster


class _Pool:
    """Synthetic people per cell (kind, cluster, band, WRES group), stable across years.

    Cell member i is the same person (id, ethnicity spelling, staff group)
    in every year that needs at least i+1 people in that cell.
    """

    def __init__(self, rng, needs: dict[tuple, int]):
        total = sum(needs.values())
        ids = rng.choice(90_000_000, size=total, replace=False) + 10_000_000
        self.people: dict[tuple, pd.DataFrame] = {}
        start = 0
        for cell in sorted(needs):
            kind, cluster, band, group = cell
            n = needs[cell]
            clusters, bands = [cluster] * n, [band] * n
            if kind == "bank":  # bank staff work across the trust, mostly in clinical support roles
                clusters = _pick(rng, [("Clinical", 70), ("Non-clinical", 22), ("Medical and Dental", 8)], n)
                bands = [_pick(rng, [(b, round(1000 * w)) for b, w in _BAND_MIX[c].items() if w], 1)[0]
                         for c in clusters]
            if kind == "student":
                groups = ["Students"] * n
            else:
                groups = [_pick(rng, _STAFF_GROUPS[(c, "low" if b in _LOW_BANDS else "high")], 1)[0]
                          for c, b in zip(clusters, bands)]
            self.people[cell] = pd.DataFrame({
                "staff_id": [str(i) for i in ids[start:start + n]],
                "ethnicity": _pick(rng, _ETHNICITY_LABELS[group], n),
                "cluster": clusters, "band": bands, "wres": group,
                "staff_group": groups,
                "contract_type": "Bank" if kind == "bank" else _pick(rng, [("Permanent", 9), ("Fixed Term Temp", 1)],
                                                                     n),
            })
            start += n

    def take(self, cell: tuple, n: int) -> pd.DataFrame:
        return self.people[cell].iloc[:n]


def _cells(counts: pd.DataFrame) -> dict[int, dict[tuple, int]]:
    """People needed per year and cell: substantive staff by band, bank-only staff, students."""
    out: dict[int, dict[tuple, int]] = {}
    for year, rows in counts[counts["indicator"] == 1].groupby("year"):
        cells: dict[tuple, int] = {}
        for row in rows.itertuples(index=False):
            if row.measure == "headcount":
                cluster, band = row.breakdown.split("|")
                cells[("substantive", cluster, band, row.ethnicity)] = int(row.count)
            else:  # bank_headcount: each bank person's cluster and band are drawn in _Pool
                cells[("bank", "", "", row.ethnicity)] = int(row.count)
        for group, n in _STUDENTS.items():
            cells[("student", "", "Band 3", group)] = n
        out[int(year)] = cells
    return out


def _other_band(band: str) -> str:
    """A different band of the same cluster for a second assignment: one lower (Band 5 -> Band 4), or one up."""
    for bands in (AFC_BANDS[1:], MEDICAL_GRADES):
        if band in bands:
            i = bands.index(band)
            return bands[i - 1] if i > 0 else bands[i + 1]
    raise ValueError(band)  # pragma: no cover


def _workforce_file(rng, pool: _Pool, cells: dict[tuple, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ESR workforce rows (one per assignment) and the substantive people behind them."""
    staff = pd.concat([pool.take(cell, n) for cell, n in sorted(cells.items()) if n], ignore_index=True)
    staff["pay_band"] = [spellings[rng.integers(len(spellings))]
                         for spellings in (_BAND_SPELLINGS[b] for b in staff["band"])]
    # Bank-only staff: about one in ten has a second bank assignment.
    bank = staff[staff["contract_type"] == "Bank"]
    bank_second = bank[rng.random(len(bank)) < 0.10]
    # Second assignments of substantive staff, in another band so that the
    # extract's choice of assignment shows in the counts: half a bank shift
    # (written before the main row, which the extract rule still prefers),
    # half a second post (written after it: the first row is the person's).
    substantive = staff[(staff["contract_type"] != "Bank") & (staff["staff_group"] != "Students")]
    second = substantive[rng.random(len(substantive)) < _SECOND_ASSIGNMENT].copy()
    as_bank = rng.random(len(second)) < 0.5
    second["pay_band"] = [_BAND_SPELLINGS[_other_band(b)][0] for b in second["band"]]
    second.loc[as_bank, "contract_type"] = "Bank"
    second.loc[~as_bank, "contract_type"] = "Fixed Term Temp"
    rows = pd.concat([second[as_bank], staff, bank_second, second[~as_bank]], ignore_index=True)
    rows = rows.sort_values("staff_id", kind="stable")
    columns = ["staff_id", "ethnicity", "pay_band", "staff_group", "contract_type"]
    return rows[columns], substantive


def _counts_of(counts: pd.DataFrame, year: int, indicator: int, measure: str, breakdown: str = "") -> dict:
    rows = counts[(counts["year"] == year) & (counts["indicator"] == indicator) & (counts["measure"] == measure)
                  & (counts["breakdown"] == breakdown)]
    return {row.ethnicity: int(row.count) for row in rows.itertuples(index=False)}


def _recruitment_file(rng, counts: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per application: appointed, shortlisted only, and not shortlisted."""
    short, app = _counts_of(counts, year, 2, "shortlisted"), _counts_of(counts, year, 2, "appointed")
    yes, no = _BOOLEANS[year]
    parts = []
    for group in ("White", "BME", "Unknown"):
        s, a = short.get(group, 0), app.get(group, 0)
        not_shortlisted = round(0.25 * s)
        n = s + not_shortlisted
        parts.append(pd.DataFrame({"ethnicity": _pick(rng, _APPLICANT_LABELS[group], n),
                                   "shortlisted": [yes] * s + [no] * not_shortlisted,
                                   "appointed": [yes] * a + [no] * (n - a)}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "application_id", [f"A{year % 100}{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


def _dates_in_year(rng, year: int, n: int) -> pd.Series:
    """``n`` dates uniformly within reporting year ``year`` (1 April Y-1 to 31 March Y)."""
    first = pd.Timestamp(year - 1, 4, 1)
    days = (pd.Timestamp(year, 3, 31) - first).days + 1
    return pd.Series(first + pd.to_timedelta(rng.integers(0, days, size=n), unit="D"))


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _format_dates(dates: pd.Series, fmt: str) -> list[str]:
    """``strftime`` with English month abbreviations whatever the locale (byte-identical output)."""
    return [d.strftime(fmt.replace("%b", _MONTHS[d.month - 1])) for d in dates]


def _disciplinary_file(rng, counts: pd.DataFrame, year: int, substantive: pd.DataFrame) -> pd.DataFrame:
    """Formal cases: the counted staff (some with two or three cases), plus a few from the year before."""
    entered = _counts_of(counts, year, 3, "entered_disciplinary")
    parts = []
    for group in ("White", "BME", "Unknown"):
        eligible = substantive[substantive["wres"] == group]
        chosen = eligible.iloc[rng.choice(len(eligible), size=entered.get(group, 0), replace=False)]
        repeats = rng.choice([1, 2, 3], size=len(chosen), p=[0.82, 0.14, 0.04])
        people = chosen.loc[chosen.index.repeat(repeats)]
        parts.append(pd.DataFrame({"staff_id": people["staff_id"].values,
                                   "ethnicity": _pick(rng, _ETHNICITY_LABELS[group], len(people)),
                                   "date": _dates_in_year(rng, year, len(people)).values}))
    # Cases opened in the previous year that an extract of "open and recent cases" still lists.
    old = substantive.iloc[rng.choice(len(substantive), size=6, replace=False)]
    parts.append(pd.DataFrame({"staff_id": old["staff_id"].values, "ethnicity": old["ethnicity"].values,
                               "date": _dates_in_year(rng, year - 1, len(old)).values}))
    frame = pd.concat(parts, ignore_index=True).sort_values(["date", "staff_id"], kind="stable")
    return pd.DataFrame({"case_id": [f"ER-{year}-{i:04d}" for i in range(1, len(frame) + 1)],
                         "staff_id": frame["staff_id"].values, "ethnicity": frame["ethnicity"].values,
                         "date_entered": _format_dates(frame["date"], _DATE_FORMATS[year])})


def _training_file(rng, counts: pd.DataFrame, year: int, substantive: pd.DataFrame) -> pd.DataFrame:
    """Non-mandatory training records (no ethnicity column: it comes from the workforce file)."""
    accessed = _counts_of(counts, year, 4, "accessed_training")
    parts = []
    for group in ("White", "BME", "Unknown"):
        eligible = substantive[substantive["wres"] == group]
        chosen = eligible.iloc[rng.choice(len(eligible), size=accessed.get(group, 0), replace=False)]
        repeats = rng.choice([1, 2, 3], size=len(chosen), p=[0.7, 0.22, 0.08])
        people = chosen.loc[chosen.index.repeat(repeats)]
        parts.append(pd.DataFrame({"staff_id": people["staff_id"].values,
                                   "date": _dates_in_year(rng, year, len(people)).values}))
    # A few bookings for the next year already in the extract: outside the year, left out.
    later = substantive.iloc[rng.choice(len(substantive), size=10, replace=False)]
    parts.append(pd.DataFrame({"staff_id": later["staff_id"].values,
                               "date": _dates_in_year(rng, year + 1, len(later)).values}))
    frame = pd.concat(parts, ignore_index=True).sort_values(["date", "staff_id"], kind="stable")
    return pd.DataFrame({"staff_id": frame["staff_id"].values,
                         "course": [_COURSES[i] for i in rng.integers(len(_COURSES), size=len(frame))],
                         "date": frame["date"].dt.strftime("%Y-%m-%d").values})


def _board_file(rng, counts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Board members: every member votes; executives first."""
    total, executive = _counts_of(counts, year, 9, "board_members", "All"), \
        _counts_of(counts, year, 9, "board_members", "Executive")
    voting = _counts_of(counts, year, 9, "board_members", "Voting")
    assert voting == total, "the demo board has no non-voting members"
    rows = []
    yes, no = "Y", "N"
    for is_exec, source in ((True, executive), (False, {g: total.get(g, 0) - executive.get(g, 0) for g in total})):
        for group in ("White", "BME"):
            labels = _BOARD_LABELS[group]
            for _ in range(source.get(group, 0)):
                rows.append((labels[rng.integers(len(labels))], yes, yes if is_exec else no))
    frame = pd.DataFrame(rows, columns=["ethnicity", "voting", "executive"])
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "member_id", [f"BM{i:02d}" for i in range(1, len(frame) + 1)])
    return frame


def demo_records(counts: pd.DataFrame | None = None) -> dict[int, dict[str, pd.DataFrame]]:
    """The demo trust's record-level extracts: {year: {file name: rows}}.

    Expands ``counts`` (default :func:`demo_counts`) into ESR-style rows
    such that :func:`wreslib.inputs.extracts.extract_counts` gives the same counts
    back for every year, indicator, measure, breakdown and WRES group. The
    workforce file uses ESR headers (mapped by :data:`ESR_WORKFORCE_HEADERS`
    in ``wres.toml``); the others use the pack's canonical names.
    """
    _check_spellings()
    counts = demo_counts() if counts is None else counts
    rng = np.random.default_rng(DEMO_SEED)
    cells = _cells(counts)
    needs: dict[tuple, int] = {}
    for per_year in cells.values():
        for cell, n in per_year.items():
            needs[cell] = max(needs.get(cell, 0), n)
    pool = _Pool(rng, needs)
    disability = _Disability()
    records = {}
    for year in sorted(cells):
        workforce, substantive = _workforce_file(rng, pool, cells[year])
        records[year] = {
            "workforce": workforce,
            "recruitment": _recruitment_file(rng, counts, year),
            "disciplinary": _disciplinary_file(rng, counts, year, substantive),
            "training": _training_file(rng, counts, year, substantive),
            "board": _board_file(rng, counts, year),
        }
        disability.add(records[year], year, substantive)
        records[year]["workforce"] = records[year]["workforce"].rename(columns=ESR_WORKFORCE_HEADERS)
    return records


# ---------------------------------------------------------------- WDES (synthetic)

#: Disabled and Unknown shares of the demo workforce by year (synthetic, in the range NHS trusts
#: report: ESR disability declaration rising, "not declared" falling).
_DISABLED_SHARE = {2020: 0.030, 2021: 0.035, 2022: 0.041, 2023: 0.047, 2024: 0.054}
_UNKNOWN_SHARE = {2020: 0.26, 2021: 0.23, 2022: 0.20, 2023: 0.18, 2024: 0.16}
_UNKNOWN_LABELS = ["Not Declared", "Prefer Not To Answer", "Unspecified", ""]
#: Capability (performance) cases per head per year: Disabled staff about twice as likely (synthetic).
_CAPABILITY_RATE = {"Disabled": 0.0040, "Non-disabled": 0.0018}


class _Disability:
    """Synthetic WDES data added to the demo's WRES files without touching a WRES value: a
    ``disability`` column in workforce, recruitment and board, and ``capability.csv``. Drawn from its
    own generator (``DEMO_SEED + 1``), so the WRES files' values and the calibrated WRES figures stay
    exactly as they were. A person keeps one draw across years, so a declared disability persists."""

    def __init__(self):
        self.rng = np.random.default_rng(DEMO_SEED + 1)
        self.draw: dict[str, float] = {}

    def _labels(self, ids, year: int) -> list[str]:
        for i in ids:
            self.draw.setdefault(i, self.rng.random())
        labels = []
        for i in ids:
            u = self.draw[i]
            labels.append("Yes" if u < _DISABLED_SHARE[year] else
                          _UNKNOWN_LABELS[int(u * 1000) % len(_UNKNOWN_LABELS)] if u > 1 - _UNKNOWN_SHARE[year] else
                          "No")
        return labels

    def add(self, files: dict[str, pd.DataFrame], year: int, substantive: pd.DataFrame) -> None:
        workforce = files["workforce"]
        workforce["disability"] = self._labels(workforce["staff_id"].astype(str), year)
        # Applicants: about 7% declare a disability, a little fewer among those appointed.
        recruitment = files["recruitment"]
        appointed = parse_bool(recruitment["appointed"]).fillna(False).to_numpy(dtype=bool)
        u = self.rng.random(len(recruitment))
        share = np.where(appointed, 0.062, 0.074)
        recruitment["disability"] = np.where(u < share, "Yes", np.where(u > 0.95, "Not Declared", "No"))
        # The board: one member declares a disability from 2022, one has not declared.
        board = files["board"]
        board["disability"] = ["Yes" if (i == 0 and year >= 2022) else "Not Declared" if i == 1 else "No"
                               for i in range(len(board))]
        files["capability"] = self._capability(year, substantive)

    def _capability(self, year: int, substantive: pd.DataFrame) -> pd.DataFrame:
        people = substantive.assign(disability=self._labels(substantive["staff_id"].astype(str), year))
        parts = []
        for label, group in (("Yes", "Disabled"), ("No", "Non-disabled")):
            eligible = people[people["disability"] == label]
            n = round(_CAPABILITY_RATE[group] * len(eligible))
            parts.append(eligible.iloc[self.rng.choice(len(eligible), size=n, replace=False)])
        cases = pd.concat(parts, ignore_index=True)
        dates = _dates_in_year(self.rng, year, len(cases))
        cases = cases.assign(date=dates.values).sort_values(["date", "staff_id"], kind="stable")
        return pd.DataFrame({"case_id": [f"CAP-{year}-{i:03d}" for i in range(1, len(cases) + 1)],
                             "staff_id": cases["staff_id"].values, "disability": cases["disability"].values,
                             "date_entered": cases["date"].dt.strftime("%Y-%m-%d").values,
                             "grounds": "Performance"})


#: The seed report's printed figures, as ``published.csv`` (see wreslib.report.reconcile):
#: the pack shows where the report disagrees with its own tables.
SEED_PUBLISHED = """\
year,indicator,breakdown,metric,value,source
2024,1,Overall,bme_percent,62.70,ESR table
2024,1,Overall,bme_percent.change,1.5,ESR table
2024,1,Overall,bme_percent,62.72,workforce profile text (excluding bank)
2024,1,Overall including bank,bme_percent,60.1,workforce profile text (including bank)
2024,1,Overall including bank,bme_percent.change,1.27,workforce profile text (including bank)
2024,1,Non-clinical,bme_percent,62.50,ESR table
2024,1,Non-clinical,bme_percent.change,0.6,ESR table
2024,1,Clinical,bme_percent,67.40,ESR table
2024,1,Clinical,bme_percent.change,2.3,ESR table
2024,1,Medical and Dental,bme_percent,47,ESR table
2024,1,Medical and Dental,bme_percent.change,-0.2,ESR table
2024,2,All,relative_likelihood,1.32,ESR table
2024,2,All,relative_likelihood.change,-0.04,ESR table
2024,2,All,distance_from_equity,0.32,ESR table
2024,3,single-year,relative_likelihood,1.5,ESR table
2024,3,single-year,relative_likelihood.change,-0.85,ESR table
2024,3,single-year,distance_from_equity,0.5,ESR table
2024,4,All,relative_likelihood,1.24,ESR table
2024,4,All,relative_likelihood.change,-0.03,ESR table
2024,4,All,distance_from_equity,0.24,ESR table
2024,9,All,difference_pp,-33,ESR table
2024,9,All,difference_pp.change,3.2,ESR table
2024,9,Executive,difference_pp,-43,ESR table
2024,9,Executive,difference_pp.change,-15.1,ESR table
2024,9,Voting,difference_pp,-33,ESR table
2024,9,Voting,difference_pp.change,3.2,ESR table
2024,5,All,bme_percent,30.9,survey table
2024,5,All,bme_percent.change,-3.1,survey table
2024,5,All,distance_from_equity,0.6,survey table
2024,5,All,benchmark_bme_percent,28.1,survey table
2024,5,All,white_percent,31.5,survey table
2024,5,All,white_percent.change,-5.5,survey table
2024,5,All,benchmark_white_percent,24.7,survey table
2024,6,All,bme_percent,25.80,survey table
2024,6,All,bme_percent.change,-3.2,survey table
2024,6,All,distance_from_equity,0.10,survey table
2024,6,All,benchmark_bme_percent,26.20,survey table
2024,6,All,white_percent,25.70,survey table
2024,6,All,white_percent.change,-2.1,survey table
2024,6,All,benchmark_white_percent,22.40,survey table
2024,7,All,bme_percent,49.60,survey table
2024,7,All,bme_percent.change,1.73,survey table
2024,7,All,distance_from_equity,9.50,survey table
2024,7,All,benchmark_bme_percent,49.60,survey table
2024,7,All,white_percent,59.10,survey table
2024,7,All,white_percent.change,0.8,survey table
2024,7,All,benchmark_white_percent,58.80,survey table
2024,8,All,bme_percent,13.60,survey table
2024,8,All,bme_percent.change,-1.6,survey table
2024,8,All,distance_from_equity,4.10,survey table
2024,8,All,benchmark_bme_percent,16.20,survey table
2024,8,All,white_percent,9.50,survey table
2024,8,All,white_percent.change,-0.4,survey table
2024,8,All,benchmark_white_percent,6.70,survey table
2024,5,All,benchmark_bme_percent,28.58,survey appendix text
2024,6,All,white_percent,25.71,survey appendix table
2024,7,All,white_percent,59.08,survey appendix table
2024,8,All,bme_percent,13.59,survey appendix table
"""


def mapping_toml() -> str:
    """The demo's ``wres.toml``: the trust's name, and ESR workforce headers onto the pack's column names."""
    lines = [f"# {TRUST_NAME} (synthetic): the workforce extract keeps ESR's headers;",
             "# [columns.workforce] maps them onto the column names wreslib reads.", "", "[trust]",
             f'name = "{TRUST_NAME}"', "", "[columns.workforce]"]
    lines += [f'{canonical} = "{header}"' for canonical, header in ESR_WORKFORCE_HEADERS.items()]
    return "\n".join(lines) + "\n"


#: The demo's action plan (``actions.csv``, see wreslib.inputs.actions), modelled on the seed report's:
#: its actions reworded for a fictional trust, leads as roles (never names), a due date or month
#: on each, and one action whose due date passed before 31 March 2024 while still in progress, so
#: that the report shows it as overdue.
DEMO_ACTIONS = """\
indicator,action,lead,due,status
1,"Recalculate and renew the Model Employer goals, allowing for attrition and growth, to work towards parity for BME staff in bands 8a to 9.",Director of People,March 2026,in progress
2,Widen the inclusive recruitment programme to more protected characteristics and streamline its core functions.,Head of Recruitment,October 2025,in progress
2,"Train fair recruitment advisers to support equity at every stage of recruitment, beyond diverse interview panels.",Head of Inclusion,2025-03,not started
3,Carry on with the recommendations of the disciplinary deep dive: a representative panel reviews every misconduct case before any formal action.,Head of Employee Relations,ongoing,in progress
3,Hold quarterly executive listening sessions with the race equality networks.,Chief People Officer,31/03/2024,done
4,"Assess the equality impact of BME participation in, and withdrawal from, apprenticeships and development programmes.",Head of Learning and Development,Dec 2023,in progress
4,Run regular training sessions and share the equity toolkits across the trust.,Head of Inclusion,March 2025,in progress
5,Continue the violence and aggression workstream and monitor the new ethnicity categories in incident reports.,Director of Nursing,2025-03-31,in progress
5;6,"Launch the anti-racism and anti-discrimination pledges, with posters, videos and events for patients and community partners, from National Inclusion Week 2024.",Director of Communications,September 2024,not started
6,Continue the bullying and harassment workstream.,Freedom to Speak Up Guardian,ongoing,in progress
7,"Make the healthcare leaders' fellowship business as usual, with a talent pipeline for BME staff at band 7 and above.",Director of Education,June 2026,in progress
7,Analyse exit interviews and stay conversations with the race equality networks to retain a diverse workforce.,Race equality network chairs,2025-06,not started
8,As for indicator 6; add discrimination by colleagues to the questions of team appraisals.,Director of People,March 2025,not started
9,Create and carry out a talent management plan to improve the diversity of the executive and senior leadership teams.,Chief Executive,June 2024,in progress
9,Increase senior representation on the allies and WRES experts programmes.,Head of Inclusion,December 2025,not started
all,"Follow the actions of the NHS equality, diversity and inclusion improvement plan and report progress to the board twice a year.",Chief People Officer,ongoing,in progress
"""

#: The demo's commentary (``commentary/<section>.md``, see wreslib.report.commentary), for two sections.
DEMO_COMMENTARY = {
    "index": """\
The **Demo NHS Trust** is fictional: every figure in this report is synthetic, made to show what the
pack produces.

Our action plan, at the end of this page, answers the gaps the indicators show. This year we focus on:

- *recruitment*: White applicants are still more likely than BME applicants to be appointed from
  shortlisting;
- *career progression*: BME staff are less likely than White staff to believe the trust offers equal
  opportunities for progression.
""",
    "03_recruitment_disciplinary_training": """\
## How we use these figures

The race equality networks review the three likelihood ratios with the executive team every quarter.
Each indicator below is followed by the actions we are taking on it.
""",
}


def write_demo(out_dir: str | Path = "data/demo") -> Path:
    """Write the demo trust: ``counts.csv``, ``wres.toml``, ``published.csv``, ``actions.csv``,
    ``commentary/*.md``, the staff survey files (:func:`wreslib.demo.survey.write_survey_demo`) and
    ``<year>/*.csv`` for 2020-2024.

    Byte-identical on every run (fixed seed, fixed formats, ``\\n`` line ends).
    Returns ``out_dir``.
    """
    from ..inputs.counts import write_counts
    from .survey import write_survey_demo

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = demo_counts()
    write_counts(counts, out / "counts.csv")
    (out / "wres.toml").write_text(mapping_toml(), encoding="utf-8", newline="\n")
    (out / "published.csv").write_text(SEED_PUBLISHED, encoding="utf-8", newline="\n")
    (out / "actions.csv").write_text(DEMO_ACTIONS, encoding="utf-8", newline="\n")
    (out / "commentary").mkdir(exist_ok=True)
    for section, text in DEMO_COMMENTARY.items():
        (out / "commentary" / f"{section}.md").write_text(text, encoding="utf-8", newline="\n")
    write_survey_demo(out)
    for year, files in demo_records(counts).items():
        folder = out / str(year)
        folder.mkdir(exist_ok=True)
        for name, frame in files.items():
            frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return out
