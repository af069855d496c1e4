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

Every number is found by a deterministic integer search (no randomness), so
the output is the same on every run. Earlier years trend towards 2024.
"""
from __future__ import annotations

import math

import pandas as pd

from .counts import AFC_BANDS, CLUSTERS, COLUMNS, MEDICAL_GRADES

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
