"""Tables for the report, built from the results contract.

Two kinds of function: ones that select and shape tidy results (numbers at
full precision), and :func:`display` which rounds for reading. Round only for
display.
"""
from __future__ import annotations

import math

import pandas as pd

from .counts import CLUSTERS
from .indicators import OVERALL

#: The rows of the seed report's ESR table: (label, indicator, breakdown, metric, kind).
ESR_ROWS = [
    ("Indicator 1: BME % of the workforce, overall", 1, "Overall", "bme_percent", "percent"),
    ("Indicator 1: BME %, non-clinical", 1, "Non-clinical", "bme_percent", "percent"),
    ("Indicator 1: BME %, clinical", 1, "Clinical", "bme_percent", "percent"),
    ("Indicator 1: BME %, medical and dental", 1, "Medical and Dental", "bme_percent", "percent"),
    ("Indicator 1: BME %, including bank staff", 1, "Overall including bank", "bme_percent", "percent"),
    ("Indicator 2: appointment from shortlisting, White / BME", 2, "All", "relative_likelihood", "ratio"),
    ("Indicator 3: entering formal disciplinary, BME / White", 3, "single-year", "relative_likelihood", "ratio"),
    ("Indicator 3: two-year, BME / White", 3, "two-year", "relative_likelihood", "ratio"),
    ("Indicator 4: non-mandatory training and CPD, White / BME", 4, "All", "relative_likelihood", "ratio"),
    ("Indicator 9: board minus workforce BME %, overall (pp)", 9, "All", "difference_pp", "pp"),
    ("Indicator 9: executive members (pp)", 9, "Executive", "difference_pp", "pp"),
    ("Indicator 9: voting members (pp)", 9, "Voting", "difference_pp", "pp"),
]


def _lookup(results: pd.DataFrame, year: int, indicator: int, breakdown: str, metric: str) -> pd.Series | None:
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def esr_summary(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """The executive summary's ESR table (indicators 1-4 and 9) for ``year``.

    Columns: ``measure``, ``indicator``, ``kind`` (percent, ratio or pp),
    ``value``, ``ci_low``, ``ci_high``, ``change`` (from the previous year, in
    the value's unit: percentage points for percentages), and
    ``distance_from_equity``: ratio minus 1 for likelihoods (0 = equal), the
    difference itself for indicator 9, empty for indicator 1. Rows whose
    figure is not in ``results`` are left out. Full precision.
    """
    rows = []
    for label, indicator, breakdown, metric, kind in ESR_ROWS:
        row = _lookup(results, year, indicator, breakdown, metric)
        if row is None:
            continue
        distance = row["value"] - 1 if kind == "ratio" else row["value"] if kind == "pp" else math.nan
        rows.append(dict(measure=label, indicator=indicator, kind=kind, value=row["value"], ci_low=row["ci_low"],
                         ci_high=row["ci_high"], change=row["change"], distance_from_equity=distance,
                         note=row["note"] if isinstance(row["note"], str) else ""))
    return pd.DataFrame(rows, columns=["measure", "indicator", "kind", "value", "ci_low", "ci_high", "change",
                                       "distance_from_equity", "note"])


def band_composition(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Indicator 1 by cluster and band for ``year``, in report order.

    Columns ``cluster``, ``band`` (``All`` for the cluster total), ``staff``
    (headcount), ``bme``, ``white``, ``unknown`` (counts), ``bme_percent``,
    ``white_percent``, ``unknown_percent`` (0-100, unknown ethnicity in the
    denominator), ``bme_ci_low``/``bme_ci_high`` and ``bme_change`` (pp).
    """
    ind1 = results[(results["year"] == year) & (results["indicator"] == 1)]
    wide = ind1.pivot(index="breakdown", columns="metric", values="value")
    counts = ind1.pivot(index="breakdown", columns="metric", values="numerator")
    bme = ind1[ind1["metric"] == "bme_percent"].set_index("breakdown")
    rows = []
    for cluster, bands in CLUSTERS.items():
        for band in bands + ["All"]:
            key = cluster if band == "All" else f"{cluster}|{band}"
            if key not in wide.index:
                continue
            rows.append(dict(cluster=cluster, band=band, staff=bme.loc[key, "denominator"],
                             bme=counts.loc[key, "bme_percent"], white=counts.loc[key, "white_percent"],
                             unknown=counts.loc[key, "unknown_percent"], bme_percent=wide.loc[key, "bme_percent"],
                             white_percent=wide.loc[key, "white_percent"],
                             unknown_percent=wide.loc[key, "unknown_percent"], bme_ci_low=bme.loc[key, "ci_low"],
                             bme_ci_high=bme.loc[key, "ci_high"], bme_change=bme.loc[key, "change"]))
    return pd.DataFrame(rows)


SENIOR_BANDS = ["Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"]


def model_employer(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Model Employer comparison: BME % at each senior band (8a to VSM, all
    AfC clusters together) against the overall workforce BME %.

    Columns ``band``, ``staff``, ``bme``, ``bme_percent``, ``workforce_bme_percent``,
    ``gap_pp`` (band minus workforce; negative = under-represented) and
    ``bme_needed_for_parity`` (extra BME staff the band would need, at its
    current size, to match the workforce share; 0 when at or above it).
    The 2028 parity ambition is NHS England's (unverified in the method notes).
    """
    ind1 = results[(results["year"] == year) & (results["indicator"] == 1) & (results["metric"] == "bme_percent")]
    overall = ind1[ind1["breakdown"] == OVERALL]
    if overall.empty:
        return pd.DataFrame(columns=["band", "staff", "bme", "bme_percent", "workforce_bme_percent", "gap_pp",
                                     "bme_needed_for_parity"])
    share = overall["value"].iloc[0]
    rows = []
    for band in SENIOR_BANDS:
        cells = ind1[ind1["breakdown"].isin([f"{c}|{band}" for c in ("Non-clinical", "Clinical")])]
        staff, bme = cells["denominator"].sum(), cells["numerator"].sum()
        if staff == 0:
            continue
        percent = 100 * bme / staff
        rows.append(dict(band=band, staff=int(staff), bme=int(bme), bme_percent=percent, workforce_bme_percent=share,
                         gap_pp=percent - share, bme_needed_for_parity=max(0, math.ceil(share / 100 * staff - bme))))
    return pd.DataFrame(rows)


def fmt_value(value: float, kind: str) -> str:
    """One figure as printed: percentages to 2 dp with %, ratios to 2 dp, pp to 1 dp."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "percent":
        return f"{value:.2f}%"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "pp":
        return f"{value:+.1f} pp"
    if kind == "count":
        return f"{int(value):,}"
    return f"{value:.2f}"


def fmt_interval(low: float, high: float, kind: str) -> str:
    """"(low to high)" at the figure's precision, or empty when undefined."""
    if any(isinstance(x, float) and math.isnan(x) for x in (low, high)):
        return ""
    return f"({fmt_value(low, kind)} to {fmt_value(high, kind)})"


def fmt_change(change: float, kind: str) -> str:
    """A change in words: "0.04 lower", "1.5 pp higher", "no earlier year"."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "no earlier year"
    unit = "" if kind == "ratio" else " pp"
    size = f"{abs(change):.2f}" if kind == "ratio" else f"{abs(change):.1f}"
    if float(size) == 0:
        return "no change"
    return f"{size}{unit} {'higher' if change > 0 else 'lower'}"


def display_esr_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`esr_summary` rounded for reading, with intervals and changes in words."""
    out = pd.DataFrame({
        "Measure": summary["measure"],
        "Result": [fmt_value(v, k) for v, k in zip(summary["value"], summary["kind"])],
        "95% interval": [fmt_interval(lo, hi, k) for lo, hi, k in zip(summary["ci_low"], summary["ci_high"],
                                                                        summary["kind"])],
        "Change from last year": [fmt_change(c, k) for c, k in zip(summary["change"], summary["kind"])],
        "Distance from equity": [fmt_value(d, "ratio" if k == "ratio" else "pp") if k != "percent" else ""
                                 for d, k in zip(summary["distance_from_equity"], summary["kind"])],
    })
    return out


def show(table: pd.DataFrame):
    """Display a table in a notebook without its index (plain, deterministic HTML)."""
    from IPython.display import HTML

    return HTML(table.to_html(index=False, border=0, na_rep="–", escape=True))


def display_band_composition(bands: pd.DataFrame) -> pd.DataFrame:
    """:func:`band_composition` rounded for reading."""
    return pd.DataFrame({
        "Cluster": bands["cluster"], "Band": bands["band"],
        "Staff": [fmt_value(v, "count") for v in bands["staff"]],
        "BME %": [fmt_value(v, "percent") for v in bands["bme_percent"]],
        "White %": [fmt_value(v, "percent") for v in bands["white_percent"]],
        "Unknown %": [fmt_value(v, "percent") for v in bands["unknown_percent"]],
        "BME % change from last year": [fmt_change(v, "percent") for v in bands["bme_change"]],
    })


def display_model_employer(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`model_employer` rounded for reading."""
    return pd.DataFrame({
        "Band": table["band"], "Staff": [fmt_value(v, "count") for v in table["staff"]],
        "BME %": [fmt_value(v, "percent") for v in table["bme_percent"]],
        "Workforce BME %": [fmt_value(v, "percent") for v in table["workforce_bme_percent"]],
        "Gap (band minus workforce)": [fmt_value(v, "pp") for v in table["gap_pp"]],
        "More BME staff needed for parity": [fmt_value(v, "count") for v in table["bme_needed_for_parity"]],
    })


_LIKELIHOOD_ROWS = [(2, "All", "Appointed from shortlisting"), (3, "single-year", "Entered formal disciplinary"),
                    (3, "two-year", "Entered formal disciplinary (two years)"),
                    (4, "All", "Accessed non-mandatory training")]


def likelihood_table(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Indicators 2-4 for ``year``: each group's rate and the relative likelihood.

    Columns ``indicator``, ``measure``, ``white_count``, ``white_base``,
    ``white_percent``, ``bme_count``, ``bme_base``, ``bme_percent``,
    ``relative_likelihood`` (direction as in the results' descriptions),
    ``ci_low``, ``ci_high``, ``change``.
    """
    rows = []
    for indicator, breakdown, label in _LIKELIHOOD_ROWS:
        white = _lookup(results, year, indicator, breakdown, "white_percent")
        bme = _lookup(results, year, indicator, breakdown, "bme_percent")
        ratio = _lookup(results, year, indicator, breakdown, "relative_likelihood")
        if white is None or bme is None or ratio is None:
            continue
        rows.append(dict(indicator=indicator, measure=label, white_count=white["numerator"],
                         white_base=white["denominator"], white_percent=white["value"], bme_count=bme["numerator"],
                         bme_base=bme["denominator"], bme_percent=bme["value"],
                         relative_likelihood=ratio["value"], ci_low=ratio["ci_low"], ci_high=ratio["ci_high"],
                         change=ratio["change"], direction="BME / White" if indicator == 3 else "White / BME"))
    return pd.DataFrame(rows)


def display_likelihoods(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`likelihood_table` rounded for reading."""
    return pd.DataFrame({
        "Indicator": table["indicator"], "Measure": table["measure"],
        "White": [f"{fmt_value(k, 'count')} of {fmt_value(n, 'count')} ({fmt_value(p, 'percent')})"
                  for k, n, p in zip(table["white_count"], table["white_base"], table["white_percent"])],
        "BME": [f"{fmt_value(k, 'count')} of {fmt_value(n, 'count')} ({fmt_value(p, 'percent')})"
                for k, n, p in zip(table["bme_count"], table["bme_base"], table["bme_percent"])],
        "Relative likelihood": [f"{fmt_value(r, 'ratio')} {d}" for r, d in zip(table["relative_likelihood"],
                                                                                table["direction"])],
        "95% interval": [fmt_interval(lo, hi, "ratio") for lo, hi in zip(table["ci_low"], table["ci_high"])],
        "Change from last year": [fmt_change(c, "ratio") for c in table["change"]],
    })


def board_table(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Indicator 9 for ``year``: ``group`` (All, Voting, Executive),
    ``board_bme_percent``, ``workforce_bme_percent``, ``difference_pp``
    (board minus workforce) and ``change`` (pp). Percentages only: board
    members can be named, so no counts."""
    rows = []
    for group in ("All", "Voting", "Executive"):
        board = _lookup(results, year, 9, group, "board_bme_percent")
        diff = _lookup(results, year, 9, group, "difference_pp")
        workforce = _lookup(results, year, 9, group, "workforce_bme_percent")
        if board is None or diff is None or workforce is None:
            continue
        rows.append(dict(group=group, board_bme_percent=board["value"], workforce_bme_percent=workforce["value"],
                         difference_pp=diff["value"], change=diff["change"]))
    return pd.DataFrame(rows)


def display_board(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`board_table` rounded for reading."""
    names = {"All": "Whole board", "Voting": "Voting members", "Executive": "Executive members"}
    return pd.DataFrame({
        "Board members": [names[g] for g in table["group"]],
        "BME % of board": [fmt_value(v, "percent") for v in table["board_bme_percent"]],
        "BME % of workforce": [fmt_value(v, "percent") for v in table["workforce_bme_percent"]],
        "Difference (board minus workforce)": [fmt_value(v, "pp") for v in table["difference_pp"]],
        "Change from last year": [fmt_change(c, "pp") for c in table["change"]],
    })
