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

import numpy as np
import pandas as pd

from ..inputs.counts import CLUSTERS, composition_indicator, group_totals, of_standard
from ..standards.base import BOARD, DISTANCE_DESCRIPTION, LIKELIHOOD, Indicator, Standard
from ..standards.wres import WRES
from .stats import likelihood_ratio, likelihood_ratios, percent, wilson_interval, wilson_intervals

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


def add_change(results: pd.DataFrame, key: list[str] = ()) -> pd.DataFrame:
    """Fill ``change``: value minus the previous reporting year's value of the
    same indicator, breakdown and metric (and of the same ``key``, such as the
    organisation; empty without one)."""
    key = [*key, "indicator", "breakdown", "metric"]
    previous = results[key + ["year", "value"]].assign(year=results["year"] + 1).rename(columns={"value": "prev"})
    merged = results.drop(columns="change").merge(previous, on=key + ["year"], how="left")
    merged["change"] = merged["value"] - merged["prev"]
    return merged.drop(columns="prev")[[c for c in results.columns]]


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


# ---------------------------------------------------------------- many organisations at once

def compute_indicators_by_organisation(counts: pd.DataFrame, standard: Standard = WRES,
                                       by: str = "organisation") -> pd.DataFrame:
    """:func:`compute_indicators` for every organisation of ``counts`` (column ``by``) in one pass.

    Returns the results contract with ``by`` first: each organisation's rows
    are :func:`compute_indicators` of its counts alone, figure for figure (the
    same rows in the same order, the same values to the last bit: the
    intervals come from the same formulas, :func:`wilson_intervals` and
    :func:`likelihood_ratios`, over arrays), organisations in the order of
    their codes. The counts are summed once (one group-by with ``by`` in the
    key) and every figure is an array operation over all organisations;
    only the notes, a few sentences per organisation, are written one by one.
    """
    columns = [by, *RESULT_COLUMNS]
    rows = of_standard(counts, standard)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    totals = group_totals(rows, standard, by=[by])
    composition = _compositions(totals, standard, by)
    parts = [p for p in (composition, _likelihoods(totals, standard, by), _boards(totals, composition, standard, by))
             if not p.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    results = pd.concat(parts, ignore_index=True)
    results = add_change(results.reindex(columns=columns), key=[by])
    order = {n: i for i, n in enumerate(standard.indicators)}
    results = results.assign(_order=results["indicator"].map(order))
    return (results.sort_values([by, "year", "_order"], kind="stable").drop(columns="_order")
            .reset_index(drop=True))


def _frame(by: str, columns: dict) -> pd.DataFrame:
    """Results rows from arrays (``value``, ``ci_low``, ``ci_high``, ``numerator``, ``denominator``
    default to NaN, ``change`` is NaN, ``note`` and ``description`` text)."""
    n = len(columns["year"])
    nan = np.full(n, math.nan)
    out = {by: columns[by], "year": columns["year"], "indicator": columns["indicator"],
           "breakdown": columns["breakdown"], "metric": columns["metric"]}
    for name in ("value", "ci_low", "ci_high", "numerator", "denominator"):
        out[name] = columns.get(name, nan)
    out["change"] = nan
    out["description"] = columns["description"]
    out["note"] = columns["note"]
    return pd.DataFrame(out)


def _percents(k: np.ndarray, n: np.ndarray) -> dict:
    """Percentages of counts with their Wilson intervals (NaN where ``n`` is 0), as :func:`_percent_row`."""
    k, n = np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, 100.0 * k / np.where(n > 0, n, 1), math.nan)
    low, high = wilson_intervals(k, n)
    return dict(value=value, ci_low=low, ci_high=high, numerator=k, denominator=n)


def _compositions(totals: pd.DataFrame, standard: Standard, by: str) -> pd.DataFrame:
    """:func:`workforce_composition` of every organisation: per organisation and year, each band of each
    cluster in report order, the cluster, ``Overall`` and ``Overall including bank``, three metrics each."""
    c = standard.characteristic
    number = composition_indicator(standard)
    spec, groups = standard.indicators[number], [*c.groups, "Total"]
    is_number = totals["indicator"] == number
    head = totals[is_number & (totals["measure"] == "headcount")]
    bank = totals[is_number & (totals["measure"] == "bank_headcount")]
    if head.empty:
        return pd.DataFrame(columns=[by, *RESULT_COLUMNS])
    cluster_names = list(CLUSTERS)
    # Each distinct breakdown's cluster and band (their places in CLUSTERS; -1 for none).
    places = {}
    for name in pd.unique(head["breakdown"]):
        cluster, _, band = str(name).partition("|")
        i = cluster_names.index(cluster) if cluster in CLUSTERS else -1
        places[name] = (i, CLUSTERS[cluster].index(band) if i >= 0 and band in CLUSTERS[cluster] else -1)
    place = np.array([places[name] for name in head["breakdown"]], dtype=np.int64).reshape(-1, 2)
    head = head.assign(_cluster=place[:, 0], _band=place[:, 1])
    key = [by, "year"]
    # Blocks: (organisation, year, place, breakdown, counts); place orders them as the report does.
    bands_ = head[(head["_cluster"] >= 0) & (head["_band"] >= 0)]
    blocks = [bands_[key + groups].assign(_place=bands_["_cluster"] * 1000 + bands_["_band"],
                                          breakdown=bands_["breakdown"].to_numpy())]
    clustered = head[head["_cluster"] >= 0]
    sums = clustered.groupby(key + ["_cluster"], sort=False)[groups].sum().reset_index()
    blocks.append(sums.assign(_place=sums["_cluster"] * 1000 + 999,
                              breakdown=np.asarray(cluster_names, dtype=object)[sums["_cluster"]]).drop(
        columns="_cluster"))
    overall = head.groupby(key, sort=False)[groups].sum().reset_index()
    blocks.append(overall.assign(_place=10_000, breakdown=OVERALL))
    with_bank = bank.groupby(key, sort=False)[groups].sum().reset_index().merge(overall, on=key,
                                                                                 suffixes=("_bank", ""))
    for g in groups:
        with_bank[g] = with_bank[g] + with_bank[g + "_bank"]
    blocks.append(with_bank[key + groups].assign(_place=10_001, breakdown=OVERALL_WITH_BANK))
    blocks = pd.concat(blocks, ignore_index=True).sort_values(key + ["_place"], kind="stable")
    # Three rows a block: focus, reference, unknown.
    order = (c.focus, c.reference, c.unknown)
    n_blocks = len(blocks)
    k = np.column_stack([blocks[g].to_numpy() for g in order]).reshape(-1)
    n = np.repeat(blocks["Total"].to_numpy(), 3)
    breakdown = np.repeat(blocks["breakdown"].to_numpy(dtype=object), 3)
    group = np.tile(np.asarray(order, dtype=object), n_blocks)
    texts = {(g, b): spec.composition_description(g, "all staff" if b == OVERALL else b)
             for g in order for b in pd.unique(breakdown)}
    description = [texts[g, b] for g, b in zip(group, breakdown)]
    metric = np.asarray([c.metrics[g] for g in order], dtype=object)
    figures = _percents(k, n)
    return _frame(by, {by: np.repeat(blocks[by].to_numpy(), 3), "year": np.repeat(blocks["year"].to_numpy(), 3),
                       "indicator": [number] * len(k), "breakdown": breakdown, "metric": np.tile(metric, n_blocks),
                       **figures, "description": description,
                       "note": np.where(n > 0, "", "no one in this group").astype(object)})


def _group_sums(totals: pd.DataFrame, key: list, indicator, measure: str, groups: list) -> pd.DataFrame:
    """The groups' counts and Total summed over breakdowns, per ``key`` (organisation, year)."""
    rows = totals[(totals["indicator"] == indicator) & (totals["measure"] == measure)]
    return rows.groupby(key, sort=True)[[*groups, "Total"]].sum()


def _likelihoods(totals: pd.DataFrame, standard: Standard, by: str) -> pd.DataFrame:
    """:func:`likelihoods` of every organisation: per organisation, year and indicator the two compared
    groups' rates, the relative likelihood and the distance from equity (and the two-year figures)."""
    c = standard.characteristic
    groups, first = list(c.groups), composition_indicator(standard)
    key = [by, "year"]
    frames = []
    for indicator in standard.of_kind(LIKELIHOOD):
        spec = standard.indicators[indicator]
        event, base = spec.measures
        events = _group_sums(totals, key, indicator, event, groups)
        if events.empty:
            continue
        bases = _group_sums(totals, key, indicator, base, groups).reindex(events.index)
        own = bases["Total"].notna().to_numpy()
        note = np.full(len(events), "", dtype=object)
        if base == "headcount":
            fallback = _group_sums(totals, key, first, "headcount", groups).reindex(events.index)
            bases = bases.where(np.repeat(own[:, None], bases.shape[1], axis=1), fallback)
            term = spec.term.lower()
            years = events.index.get_level_values("year")
            note[~own] = [f"headcount taken from {term} {first} ({y} has no {term} {indicator} headcount rows)"
                          for y in years[~own]]
        bases = bases.fillna(0).astype("int64")
        frames.append(_likelihood_block(by, spec, events, bases, note, spec.breakdown))
        if spec.two_year:
            index = events.index
            previous = pd.MultiIndex.from_arrays([index.get_level_values(by), index.get_level_values("year") - 1])
            found = pd.Index(index).get_indexer(previous)
            has = found >= 0
            if has.any():
                here, there = np.flatnonzero(has), found[has]
                years = index.get_level_values("year")[here]
                notes = ["; ".join(filter(None, [f"{y - 1} and {y} combined", note[i], note[j]]))
                         for y, i, j in zip(years, here, there)]
                frames.append(_likelihood_block(
                    by, spec, _add(events, here, there), _add(bases, here, there), np.asarray(notes, dtype=object),
                    "two-year"))
    if not frames:
        return pd.DataFrame(columns=[by, *RESULT_COLUMNS])
    # Per organisation and year: each indicator's headline rows, then its two-year rows.
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values([by, "year", "_block"], kind="stable").drop(columns="_block").reset_index(drop=True)


def _add(frame: pd.DataFrame, here: np.ndarray, there: np.ndarray) -> pd.DataFrame:
    """Rows ``here`` of ``frame`` plus rows ``there`` (this year's counts and last year's), indexed as ``here``."""
    summed = frame.iloc[here].to_numpy() + frame.iloc[there].to_numpy()
    return pd.DataFrame(summed, index=frame.index[here], columns=frame.columns)


def _likelihood_block(by: str, spec: Indicator, events: pd.DataFrame, bases: pd.DataFrame, note: np.ndarray,
                      breakdown: str) -> pd.DataFrame:
    """:func:`_likelihood_rows` for every (organisation, year) of ``events`` and ``bases`` at once."""
    c = spec.groups
    first, second = spec.numerator, spec.denominator
    m = len(events)
    index = events.index
    org, year = index.get_level_values(by).to_numpy(), index.get_level_values("year").to_numpy()
    rates = [_percents(events[g].to_numpy(), bases[g].to_numpy()) for g in (c.reference, c.focus)]
    ratio, low, high = likelihood_ratios(events[first].to_numpy(), bases[first].to_numpy(),
                                         events[second].to_numpy(), bases[second].to_numpy())
    why = note.copy()
    for i in np.flatnonzero(np.isnan(ratio)):
        empty = [g for g in (first, second) if bases[g].iat[i] == 0 or events[g].iat[i] == 0]
        why[i] = "; ".join(filter(None, [note[i], "undefined: the rate of " + " and ".join(
            f"{g} staff is 0" if bases[g].iat[i] else f"{g} staff has no one to count" for g in empty)]))
    rate_notes = [np.where(rate["denominator"] > 0, note, np.where(note != "", note, "no one in this group"))
                  for rate in rates]
    nan = np.full(m, math.nan)

    def interleave(*arrays):  # four rows per (organisation, year): one from each array, in turn
        return np.column_stack(arrays).reshape(-1)
    block = {
        by: np.repeat(org, 4), "year": np.repeat(year, 4), "indicator": [spec.number] * (4 * m),
        "breakdown": np.full(4 * m, breakdown, dtype=object),
        "metric": np.tile(np.asarray([c.metrics[c.reference], c.metrics[c.focus], "relative_likelihood",
                                      "distance_from_equity"], dtype=object), m),
        "value": interleave(rates[0]["value"], rates[1]["value"], ratio, ratio - 1),
        "ci_low": interleave(rates[0]["ci_low"], rates[1]["ci_low"], low, low - 1),
        "ci_high": interleave(rates[0]["ci_high"], rates[1]["ci_high"], high, high - 1),
        "numerator": interleave(rates[0]["numerator"], rates[1]["numerator"], nan, nan),
        "denominator": interleave(rates[0]["denominator"], rates[1]["denominator"], nan, nan),
        "description": np.tile(np.asarray([spec.rate_description(c.reference), spec.rate_description(c.focus),
                                           spec.description, DISTANCE_DESCRIPTION], dtype=object), m),
        "note": interleave(rate_notes[0], rate_notes[1], why, why),
    }
    for name in ("value", "ci_low", "ci_high", "numerator", "denominator"):
        block[name] = block[name].astype(np.float64)
    return _frame(by, block).assign(_block=2 if breakdown == "two-year" else 1)


def _boards(totals: pd.DataFrame, composition: pd.DataFrame, standard: Standard, by: str) -> pd.DataFrame:
    """:func:`board_representation` of every organisation: per organisation, year and breakdown (All,
    Voting, Executive) the board's focus-group %, the workforce's and the difference."""
    c = standard.characteristic
    focus = c.metrics[c.focus]
    workforce = composition[(composition["breakdown"] == OVERALL) & (composition["metric"] == focus)]
    workforce = workforce.set_index([by, "year"])[["value", "ci_low", "ci_high", "numerator", "denominator"]]
    frames = []
    for number in standard.of_kind(BOARD):
        spec = standard.indicators[number]
        rows = totals[totals["indicator"] == number]
        if rows.empty:
            continue
        place = {"All": 0, "Voting": 1, "Executive": 2}
        rows = rows[rows["breakdown"].isin(list(place))]
        sums = rows.groupby([by, "year", "breakdown"], sort=False)[[*c.groups, "Total"]].sum().reset_index()
        sums = sums.assign(_place=sums["breakdown"].map(place)).sort_values([by, "year", "_place"], kind="stable")
        m = len(sums)
        board = _percents(sums[c.focus].to_numpy(), sums["Total"].to_numpy())
        w = workforce.loc[pd.MultiIndex.from_frame(sums[[by, "year"]])]
        breakdowns = sums["breakdown"].to_numpy(dtype=object)
        texts = {b: spec.board_descriptions(b) for b in place}
        nan = np.full(m, math.nan)

        def interleave(*arrays):
            return np.column_stack([np.asarray(a, dtype=np.float64) for a in arrays]).reshape(-1)
        frames.append(_frame(by, {
            by: np.repeat(sums[by].to_numpy(), 3), "year": np.repeat(sums["year"].to_numpy(), 3),
            "indicator": [number] * (3 * m), "breakdown": np.repeat(breakdowns, 3),
            "metric": np.tile(np.asarray(["board_" + focus, "workforce_" + focus, "difference_pp"], dtype=object), m),
            "value": interleave(board["value"], w["value"], board["value"] - w["value"].to_numpy()),
            "ci_low": interleave(board["ci_low"], w["ci_low"], nan),
            "ci_high": interleave(board["ci_high"], w["ci_high"], nan),
            "numerator": interleave(board["numerator"], w["numerator"], nan),
            "denominator": interleave(board["denominator"], w["denominator"], nan),
            "description": [texts[b][name] for b in breakdowns
                            for name in ("board_" + focus, "workforce_" + focus, "difference_pp")],
            "note": np.column_stack([np.where(board["denominator"] > 0, "", "no one in this group"),
                                     np.full(m, ""), np.full(m, "")]).astype(object).reshape(-1)}))
    if not frames:
        return pd.DataFrame(columns=[by, *RESULT_COLUMNS])
    return pd.concat(frames, ignore_index=True)
