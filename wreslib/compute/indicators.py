"""Indicators 1-4 and 9 from counts: the results contract.

Results are a tidy frame, one row per figure, columns :data:`RESULT_COLUMNS`:

- ``value`` with its 95% interval ``ci_low``/``ci_high``: percentages are
  0-100 (Wilson interval), likelihood ratios use the Katz log interval,
  differences are percentage points.
- ``numerator``/``denominator``: the counts behind a percentage.
- ``change``: value minus the same figure of the previous reporting year.
- ``description``: what the figure is and which way it points.
- ``note``: why a value is missing or where a figure came from.

Directions (which group is the numerator of each ratio, which way is
better) and every description are defined once, in
:mod:`wreslib.standards.wres`; indicator 9 is board BME % minus workforce
BME %, in percentage points.

Unknown ethnicity stays in indicator 1 and 9 denominators and is left out of
the likelihood ratios.
"""
from __future__ import annotations

import math

import pandas as pd

from ..inputs.counts import CLUSTERS, EVENTS, wres_totals
from ..standards.wres import (DISTANCE_DESCRIPTION, INDICATORS, board_descriptions, composition_description,
                          rate_description)
from ..classify.ethnicity import BME, UNKNOWN, WHITE
from .stats import likelihood_ratio, percent, wilson_interval

RESULT_COLUMNS = ["year", "indicator", "breakdown", "metric", "value", "ci_low", "ci_high", "numerator",
                  "denominator", "change", "description", "note"]

OVERALL = "Overall"
OVERALL_WITH_BANK = "Overall including bank"


def _row(year, indicator, breakdown, metric, value, ci=(math.nan, math.nan), numerator=math.nan,
         denominator=math.nan, description="", note=""):
    return dict(year=year, indicator=indicator, breakdown=breakdown, metric=metric, value=value, ci_low=ci[0],
                ci_high=ci[1], numerator=numerator, denominator=denominator, change=math.nan,
                description=description, note=note)


def _percent_row(year, indicator, breakdown, metric, k, n, description, note=""):
    return _row(year, indicator, breakdown, metric, percent(k, n), wilson_interval(k, n), k, n, description,
                note or ("" if n else "no one in this group"))


def workforce_composition(totals: pd.DataFrame) -> pd.DataFrame:
    """Indicator 1: BME, White and Unknown % of headcount per band, cluster and overall.

    ``totals`` comes from :func:`wreslib.inputs.counts.wres_totals`. Percentages are
    of all staff in the breakdown, unknown ethnicity included; bank staff
    are in ``Overall including bank`` only. A year given overall only
    (:data:`wreslib.inputs.counts.OVERALL_ONLY`) has just the overall rows.
    """
    rows = []
    head = totals[(totals["indicator"] == 1) & (totals["measure"] == "headcount")]
    bank = totals[(totals["indicator"] == 1) & (totals["measure"] == "bank_headcount")]
    for year, year_rows in head.groupby("year", sort=True):
        parts = year_rows["breakdown"].str.split("|", n=1, expand=True).reindex(columns=[0, 1])
        year_rows = year_rows.assign(cluster=parts[0], band=parts[1])
        blocks = []
        for cluster, bands in CLUSTERS.items():
            in_cluster = year_rows[year_rows["cluster"] == cluster].set_index("band")
            if in_cluster.empty:
                continue
            for band in bands:
                if band in in_cluster.index:
                    blocks.append((f"{cluster}|{band}", in_cluster.loc[band]))
            blocks.append((cluster, in_cluster[[WHITE, BME, UNKNOWN, "Total"]].sum()))
        overall = year_rows[[WHITE, BME, UNKNOWN, "Total"]].sum()
        blocks.append((OVERALL, overall))
        bank_year = bank[bank["year"] == year]
        if not bank_year.empty:
            blocks.append((OVERALL_WITH_BANK, overall + bank_year[[WHITE, BME, UNKNOWN, "Total"]].sum()))
        for breakdown, c in blocks:
            where = "all staff" if breakdown == OVERALL else breakdown
            for metric, group in (("bme_percent", BME), ("white_percent", WHITE), ("unknown_percent", UNKNOWN)):
                rows.append(_percent_row(year, 1, breakdown, metric, int(c[group]), int(c["Total"]),
                                         composition_description(group, where)))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _group_sum(totals, year, indicator, measure):
    rows = totals[(totals["year"] == year) & (totals["indicator"] == indicator) & (totals["measure"] == measure)]
    return None if rows.empty else rows[[WHITE, BME, UNKNOWN, "Total"]].sum()


def _likelihood_rows(year, indicator, breakdown, events, bases, note=""):
    spec = INDICATORS[indicator]
    first, second = spec.numerator, spec.denominator
    rows = [
        _percent_row(year, indicator, breakdown, "white_percent", int(events[WHITE]), int(bases[WHITE]),
                     rate_description(indicator, WHITE), note),
        _percent_row(year, indicator, breakdown, "bme_percent", int(events[BME]), int(bases[BME]),
                     rate_description(indicator, BME), note),
    ]
    ratio, low, high = likelihood_ratio(int(events[first]), int(bases[first]), int(events[second]),
                                        int(bases[second]))
    why = note
    if math.isnan(ratio):
        empty = [g for g in (first, second) if bases[g] == 0 or events[g] == 0]
        why = "; ".join(filter(None, [note, "undefined: the rate of " + " and ".join(
            f"{g} staff is 0" if bases[g] else f"{g} staff has no one to count" for g in empty)]))
    rows.append(_row(year, indicator, breakdown, "relative_likelihood", ratio, (low, high),
                     description=spec.description, note=why))
    rows.append(_row(year, indicator, breakdown, "distance_from_equity", ratio - 1, (low - 1, high - 1),
                     description=DISTANCE_DESCRIPTION, note=why))
    return rows


def likelihoods(totals: pd.DataFrame) -> pd.DataFrame:
    """Indicators 2-4: each group's rate in percent and the relative likelihood.

    Only White and BME rows count. Where an indicator 3 or 4 year has no
    headcount rows, that year's indicator 1 headcount is used and ``note``
    says so. Indicator 3 also gets a ``two-year`` breakdown (this and the
    previous year's cases over this and the previous year's headcounts)
    where the previous year is present.
    """
    rows = []
    for indicator, (event, base) in EVENTS.items():
        spec = INDICATORS[indicator]
        per_year = {}
        for year in sorted(totals.loc[totals["indicator"] == indicator, "year"].unique()):
            events = _group_sum(totals, year, indicator, event)
            if events is None:
                continue
            bases = _group_sum(totals, year, indicator, base)
            note = ""
            if bases is None and base == "headcount":
                bases = _group_sum(totals, year, 1, "headcount")
                note = f"headcount taken from indicator 1 ({year} has no indicator {indicator} headcount rows)"
            if bases is None:
                bases = events * 0
            per_year[year] = (events, bases, note)
            rows += _likelihood_rows(year, indicator, spec.breakdown, events, bases, note)
            if spec.two_year and year - 1 in per_year:
                prev_events, prev_bases, prev_note = per_year[year - 1]
                rows += _likelihood_rows(year, indicator, "two-year", events + prev_events, bases + prev_bases,
                                         "; ".join(filter(None, [f"{year - 1} and {year} combined", note,
                                                                 prev_note])))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def board_representation(totals: pd.DataFrame, composition: pd.DataFrame) -> pd.DataFrame:
    """Indicator 9: board BME % minus overall workforce BME %, in percentage points.

    ``composition`` is :func:`workforce_composition`'s output; the workforce
    figure is its ``Overall`` ``bme_percent`` (bank staff excluded, unknown
    ethnicity in the denominator). Negative = BME staff under-represented
    on the board.
    """
    rows = []
    board = totals[totals["indicator"] == 9]
    overall = composition[(composition["breakdown"] == OVERALL) & (composition["metric"] == "bme_percent")]
    workforce = overall.set_index("year")
    for year, year_rows in board.groupby("year", sort=True):
        w = workforce.loc[year]
        for breakdown in ("All", "Voting", "Executive"):
            members = year_rows[year_rows["breakdown"] == breakdown]
            if members.empty:
                continue
            c = members[[WHITE, BME, UNKNOWN, "Total"]].sum()
            text = board_descriptions(breakdown)
            board_row = _percent_row(year, 9, breakdown, "board_bme_percent", int(c[BME]), int(c["Total"]),
                                     text["board_bme_percent"])
            rows.append(board_row)
            rows.append(_row(year, 9, breakdown, "workforce_bme_percent", w["value"], (w["ci_low"], w["ci_high"]),
                             w["numerator"], w["denominator"], text["workforce_bme_percent"]))
            rows.append(_row(year, 9, breakdown, "difference_pp", board_row["value"] - w["value"],
                             description=text["difference_pp"]))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def find(results: pd.DataFrame, year: int, indicator: int, breakdown: str, metric: str) -> pd.Series | None:
    """The results row of one figure, or None when ``results`` does not have it."""
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def add_change(results: pd.DataFrame) -> pd.DataFrame:
    """Fill ``change``: value minus the previous reporting year's value of the
    same indicator, breakdown and metric (empty without one)."""
    key = ["indicator", "breakdown", "metric"]
    previous = results[key + ["year", "value"]].assign(year=results["year"] + 1).rename(columns={"value": "prev"})
    merged = results.drop(columns="change").merge(previous, on=key + ["year"], how="left")
    merged["change"] = merged["value"] - merged["prev"]
    return merged.drop(columns="prev")[RESULT_COLUMNS]


def compute_indicators(counts: pd.DataFrame) -> pd.DataFrame:
    """All of indicators 1-4 and 9 from validated counts (:func:`wreslib.inputs.counts.read_counts`).

    Returns the results contract (:data:`RESULT_COLUMNS`), sorted by year
    and indicator, with ``change`` filled from the previous year.
    """
    totals = wres_totals(counts)
    composition = workforce_composition(totals)
    parts = [composition, likelihoods(totals), board_representation(totals, composition)]
    results = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    if results.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    results = add_change(results.reindex(columns=RESULT_COLUMNS))
    return results.sort_values(["year", "indicator"], kind="stable").reset_index(drop=True)


def write_results(results: pd.DataFrame, path_or_buffer) -> None:
    """Write results as CSV: full precision (10 significant digits), empty for missing."""
    results[RESULT_COLUMNS].to_csv(path_or_buffer, index=False, float_format="%.10g", lineterminator="\n")
