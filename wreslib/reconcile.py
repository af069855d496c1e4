"""Reconciliation: figures published earlier against the figures recomputed from the data.

``DIR/published.csv`` has columns ``year,indicator,breakdown,metric,value``
with ``value`` exactly as printed ("62.70", "-33", "1.5"), and optionally
``source`` (where in the publication the figure is printed). ``metric`` is a
results-contract metric (``bme_percent``, ``relative_likelihood``,
``difference_pp`` ...), or one followed by ``.change`` for the printed change
from the previous year, or ``distance_from_equity``.

Each published figure is compared with the recomputed one rounded to the
published precision. A mismatch gets the likeliest cause from a short list of
the usual errors: computed from rounded figures, truncated instead of
rounded, groups swapped (ratio inverted or sign reversed), a different
denominator (unknown ethnicity left out, bank staff included).
"""
from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import io
from .errors import InputError, Problem
from .indicators import find

PUBLISHED_FILE = "published.csv"
COLUMNS = ["year", "indicator", "breakdown", "metric", "value"]

_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$", error="a four-digit reporting year such as 2024")),
        "indicator": pa.Column(str, pa.Check.str_matches(r"^[1-9]$", error="an indicator number from 1 to 9")),
        "breakdown": pa.Column(str),
        "metric": pa.Column(str, pa.Check.str_matches(r"^[a-z_]+(\.change)?$",
                                                      error="a results metric such as bme_percent, optionally "
                                                            "followed by .change")),
        "value": pa.Column(str, pa.Check.str_matches(r"^[+-]?\d+(\.\d+)?%?$",
                                                     error="a number as printed, such as 62.70 or -33")),
        "source": pa.Column(str, required=False),
    },
    strict=True,
)


def read_published(path: str | Path) -> pd.DataFrame:
    """Read and validate ``published.csv``; ``value`` stays text (its precision matters)."""
    frame = io.read_csv(path, required=COLUMNS)
    io.validate(frame, _SCHEMA, path)
    frame["value"] = frame["value"].str.rstrip("%").str.lstrip("+")
    problems = _percent_problems(frame, str(path))
    if problems:
        raise InputError(problems)
    return frame.astype({"year": int, "indicator": int})


def _percent_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A published percentage (not a change or difference) outside 0-100 is a typing error."""
    percent = frame["metric"].str.endswith("_percent")
    value = frame["value"].astype(float)
    bad = frame[percent & ((value < 0) | (value > 100))]
    return [Problem(file, f"a percentage from 0 to 100 for {row.metric}", int(getattr(row, io.LINE)), "value",
                    row.value) for row in bad.itertuples(index=False)]


def decimals(printed: str) -> int:
    """Decimal places of a printed number: "62.70" -> 2, "-33" -> 0."""
    return len(printed.split(".")[1]) if "." in printed else 0


def _fmt(value: float, places: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def _truncate(value: float, places: int) -> str:
    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN))


def _recompute(results, year, indicator, breakdown, metric) -> float:
    base, _, part = metric.partition(".")
    if base == "distance_from_equity" and indicator in (5, 6, 7, 8):
        row = find(results, year, indicator, breakdown, "difference_pp")
        return math.nan if row is None else abs(row["value"])
    row = find(results, year, indicator, breakdown, base)
    if row is None:
        return math.nan
    return row["change"] if part == "change" else row["value"]


def _causes(results, published, pub) -> str:
    """The likeliest reason a published figure differs from the recomputed one."""
    year, indicator, breakdown, metric, printed = pub.year, pub.indicator, pub.breakdown, pub.metric, pub.value
    places = decimals(printed)
    base, _, part = metric.partition(".")
    value = _recompute(results, year, indicator, breakdown, metric)
    if math.isnan(value):
        return "no recomputed figure to compare with"
    if part == "change" or base == "distance_from_equity":
        # The same subtraction done on figures already rounded for print.
        if part == "change":
            now, before = (find(results, y, indicator, breakdown, base) for y in (year, year - 1))
            pairs = [] if now is None or before is None else [(now["value"], before["value"])]
        else:
            white, bme = (find(results, year, indicator, breakdown, m) for m in ("white_percent", "bme_percent"))
            pairs = [] if white is None or bme is None else [(bme["value"], white["value"])]
        for a, b in pairs:
            for p in range(0, 3):
                rounded = round(a, p) - round(b, p)
                if _fmt(abs(rounded) if base == "distance_from_equity" else rounded, places) == printed:
                    return f"computed from figures already rounded to {p} decimal place(s)"
        if _truncate(value, places) == printed:
            return "truncated instead of rounded"
    for p in range(places):
        if _fmt(round(value, p), places) == printed:
            return f"rounded to {p} decimal place(s), then printed with {places}"
        for q in range(p + 1, 4):  # e.g. 49.549 printed as 49.55 elsewhere, then rounded again to 49.6
            twice = Decimal(f"{round(value, q):.{q}f}").quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP)
            if _fmt(float(twice), places) == printed:
                return f"rounded twice: to {q} then to {p} decimal place(s)"
    if base == "relative_likelihood" and value and _fmt(1 / value, places) == printed:
        return "groups swapped: the ratio is inverted"
    if _fmt(-value, places) == printed:
        return "groups swapped: the sign is reversed"
    if base == "bme_percent" and indicator == 1 and not part:
        white = find(results, year, 1, breakdown, "white_percent")
        bme = find(results, year, 1, breakdown, "bme_percent")
        if white is not None and bme is not None and white["numerator"] + bme["numerator"] > 0:
            excluded = 100 * bme["numerator"] / (white["numerator"] + bme["numerator"])
            if _fmt(excluded, places) == printed:
                return "different denominator: unknown ethnicity left out"
        bank = find(results, year, 1, "Overall including bank", "bme_percent")
        if breakdown == "Overall" and bank is not None and _fmt(bank["value"], places) == printed:
            return "different denominator: bank staff included"
    return "not one of the usual causes: check the published source against its own tables"


def reconcile(results: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Published figures beside the recomputed ones at the published precision.

    Returns ``year, indicator, breakdown, metric, published, recomputed``
    (text at the published precision), ``recomputed_value`` (full
    precision), ``matches`` and ``likely_cause`` (empty when it matches).
    """
    rows = []
    for pub in published.itertuples(index=False):
        value = _recompute(results, pub.year, pub.indicator, pub.breakdown, pub.metric)
        shown = _fmt(value, decimals(pub.value))
        matches = shown == _fmt(float(pub.value), decimals(pub.value))
        rows.append(dict(year=pub.year, indicator=pub.indicator, breakdown=pub.breakdown, metric=pub.metric,
                         source=getattr(pub, "source", ""), published=pub.value, recomputed=shown, recomputed_value=value, matches=matches,
                         likely_cause="" if matches else _causes(results, published, pub)))
    return pd.DataFrame(rows, columns=["year", "indicator", "breakdown", "metric", "source", "published", "recomputed",
                                       "recomputed_value", "matches", "likely_cause"])


def load_published(data_dir: str | Path) -> pd.DataFrame | None:
    """``DIR/published.csv`` read and validated, or None when the folder has none."""
    path = io.input_path(data_dir, Path(PUBLISHED_FILE).stem)
    return read_published(path) if path.is_file() else None


def display_reconciliation(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`reconcile` for reading: mismatches first."""
    table = table.sort_values("matches", kind="stable")
    return pd.DataFrame({
        "Year": table["year"], "Indicator": table["indicator"], "Figure": table["breakdown"] + ": " + table["metric"],
        "Printed in": table["source"].fillna(""), "Published": table["published"],
        "Recomputed": table["recomputed"], "Agrees": table["matches"].map({True: "yes", False: "NO"}),
        "Likely cause": table["likely_cause"],
    })
