"""Indicators 1-4 and 9 from counts: the results contract.

Results are a tidy frame, one row per figure, columns :data:`RESULT_COLUMNS`:

- ``value`` with its 95% interval ``ci_low``/``ci_high``: percentages are
  0-100 (Wilson interval), likelihood ratios use the Katz log interval,
  differences are percentage points.
- ``numerator``/``denominator``: the counts behind a percentage.
- ``change``: value minus the same figure of the previous reporting year.
- ``description``: what the figure is and which way it points.
- ``note``: why a value is missing or where a figure came from.

Every function takes the standard (:mod:`wreslib.standards`; default the
WRES): its groups, which group is the numerator of each ratio, which way is
better, the measures each indicator needs and every description are read
from its declaration. The board figure (WRES indicator 9, WDES metric 10) is
board focus-group % minus workforce focus-group %, in percentage points.

The unknown group stays in composition and board denominators and is left out
of the likelihood ratios.
"""
from __future__ import annotations

import math

import pandas as pd

from ..inputs.counts import CLUSTERS, composition_indicator, group_totals, of_standard
from ..standards.base import BOARD, DISTANCE_DESCRIPTION, LIKELIHOOD, Indicator, Standard
from ..standards.wres import WRES
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


def workforce_composition(totals: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The composition indicator (WRES 1): each group's % of headcount per band, cluster and overall.

    ``totals`` comes from :func:`wreslib.inputs.counts.group_totals`. Percentages are
    of all staff in the breakdown, the unknown group included; bank staff
    are in ``Overall including bank`` only. A year given overall only
    (:data:`wreslib.inputs.counts.OVERALL_ONLY`) has just the overall rows.
    Metrics in order focus, reference, unknown (``bme_percent``,
    ``white_percent``, ``unknown_percent`` for the WRES).
    """
    c = standard.characteristic
    number = composition_indicator(standard)
    spec, groups = standard.indicators[number], [*c.groups, "Total"]
    rows = []
    head = totals[(totals["indicator"] == number) & (totals["measure"] == "headcount")]
    bank = totals[(totals["indicator"] == number) & (totals["measure"] == "bank_headcount")]
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
            blocks.append((cluster, in_cluster[groups].sum()))
        overall = year_rows[groups].sum()
        blocks.append((OVERALL, overall))
        bank_year = bank[bank["year"] == year]
        if not bank_year.empty:
            blocks.append((OVERALL_WITH_BANK, overall + bank_year[groups].sum()))
        for breakdown, counts in blocks:
            where = "all staff" if breakdown == OVERALL else breakdown
            for group in (c.focus, c.reference, c.unknown):
                rows.append(_percent_row(year, number, breakdown, c.metrics[group], int(counts[group]),
                                         int(counts["Total"]), spec.composition_description(group, where)))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _group_sum(totals, year, indicator, measure, groups):
    rows = totals[(totals["year"] == year) & (totals["indicator"] == indicator) & (totals["measure"] == measure)]
    return None if rows.empty else rows[[*groups, "Total"]].sum()


def _likelihood_rows(year, spec: Indicator, breakdown, events, bases, note=""):
    first, second = spec.numerator, spec.denominator
    c = spec.groups
    rows = [_percent_row(year, spec.number, breakdown, c.metrics[group], int(events[group]), int(bases[group]),
                         spec.rate_description(group), note) for group in (c.reference, c.focus)]
    ratio, low, high = likelihood_ratio(int(events[first]), int(bases[first]), int(events[second]),
                                        int(bases[second]))
    why = note
    if math.isnan(ratio):
        empty = [g for g in (first, second) if bases[g] == 0 or events[g] == 0]
        why = "; ".join(filter(None, [note, "undefined: the rate of " + " and ".join(
            f"{g} staff is 0" if bases[g] else f"{g} staff has no one to count" for g in empty)]))
    rows.append(_row(year, spec.number, breakdown, "relative_likelihood", ratio, (low, high),
                     description=spec.description, note=why))
    rows.append(_row(year, spec.number, breakdown, "distance_from_equity", ratio - 1, (low - 1, high - 1),
                     description=DISTANCE_DESCRIPTION, note=why))
    return rows


def likelihoods(totals: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The likelihood indicators (WRES 2-4): each group's rate in percent and the relative likelihood.

    Only the two compared groups count (the numerator group's rate over the
    other's, as declared). Where a year has no headcount rows of its own for
    an indicator whose base is the headcount, that year's composition
    headcount is used and ``note`` says so. Indicators declared ``two_year``
    (WRES 3) also get a ``two-year`` breakdown (this and the previous year's
    cases over this and the previous year's headcounts) where the previous
    year is present.
    """
    groups, first = standard.characteristic.groups, composition_indicator(standard)
    rows = []
    for indicator in standard.of_kind(LIKELIHOOD):
        spec = standard.indicators[indicator]
        event, base = spec.measures
        per_year = {}
        for year in sorted(totals.loc[totals["indicator"] == indicator, "year"].unique()):
            events = _group_sum(totals, year, indicator, event, groups)
            if events is None:
                continue
            bases = _group_sum(totals, year, indicator, base, groups)
            note = ""
            if bases is None and base == "headcount":
                bases = _group_sum(totals, year, first, "headcount", groups)
                term = spec.term.lower()
                note = f"headcount taken from {term} {first} ({year} has no {term} {indicator} headcount rows)"
            if bases is None:
                bases = events * 0
            per_year[year] = (events, bases, note)
            rows += _likelihood_rows(year, spec, spec.breakdown, events, bases, note)
            if spec.two_year and year - 1 in per_year:
                prev_events, prev_bases, prev_note = per_year[year - 1]
                rows += _likelihood_rows(year, spec, "two-year", events + prev_events, bases + prev_bases,
                                         "; ".join(filter(None, [f"{year - 1} and {year} combined", note,
                                                                 prev_note])))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def board_representation(totals: pd.DataFrame, composition: pd.DataFrame, standard: Standard = WRES
                         ) -> pd.DataFrame:
    """The board figure (WRES 9): board focus-group % minus overall workforce focus-group %, percentage points.

    ``composition`` is :func:`workforce_composition`'s output; the workforce
    figure is its ``Overall`` focus-group percentage (bank staff excluded,
    the unknown group in the denominator). Negative = the focus group
    (BME staff) under-represented on the board.
    """
    c = standard.characteristic
    focus = c.metrics[c.focus]
    rows = []
    overall = composition[(composition["breakdown"] == OVERALL) & (composition["metric"] == focus)]
    workforce = overall.set_index("year")
    for number in standard.of_kind(BOARD):
        spec = standard.indicators[number]
        for year, year_rows in totals[totals["indicator"] == number].groupby("year", sort=True):
            w = workforce.loc[year]
            for breakdown in ("All", "Voting", "Executive"):
                members = year_rows[year_rows["breakdown"] == breakdown]
                if members.empty:
                    continue
                counts = members[[*c.groups, "Total"]].sum()
                text = spec.board_descriptions(breakdown)
                board_row = _percent_row(year, number, breakdown, "board_" + focus, int(counts[c.focus]),
                                         int(counts["Total"]), text["board_" + focus])
                rows.append(board_row)
                rows.append(_row(year, number, breakdown, "workforce_" + focus, w["value"],
                                 (w["ci_low"], w["ci_high"]), w["numerator"], w["denominator"],
                                 text["workforce_" + focus]))
                rows.append(_row(year, number, breakdown, "difference_pp", board_row["value"] - w["value"],
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


def compute_indicators(counts: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """All of a standard's counted indicators (WRES 1-4 and 9) from validated counts
    (:func:`wreslib.inputs.counts.read_counts`; rows of other standards are left out).

    Returns the results contract (:data:`RESULT_COLUMNS`), sorted by year
    and by indicator in the standard's order, with ``change`` filled from the
    previous year.
    """
    totals = group_totals(of_standard(counts, standard), standard)
    composition = workforce_composition(totals, standard)
    parts = [p for p in (composition, likelihoods(totals, standard), board_representation(totals, composition,
                                                                                            standard)) if not p.empty]
    if not parts:  # no counts of this standard (a folder without disability data has no WDES figures)
        return pd.DataFrame(columns=RESULT_COLUMNS)
    results = pd.concat(parts, ignore_index=True)
    results = add_change(results.reindex(columns=RESULT_COLUMNS))
    order = {n: i for i, n in enumerate(standard.indicators)}
    results = results.assign(_order=results["indicator"].map(order))
    return results.sort_values(["year", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def write_results(results: pd.DataFrame, path_or_buffer) -> None:
    """Write results as CSV: full precision (10 significant digits), empty for missing."""
    results[RESULT_COLUMNS].to_csv(path_or_buffer, index=False, float_format="%.10g", lineterminator="\n")
