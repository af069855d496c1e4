"""Reconciliation: figures published earlier against the figures recomputed from the data.

``DIR/published.csv`` has columns ``year,indicator,breakdown,metric,value``
with ``value`` exactly as printed ("62.70", "-33", "1.5"), and optionally
``source`` (where in the publication the figure is printed). ``metric`` is a
results-contract metric (``bme_percent``, ``relative_likelihood``,
``difference_pp`` ...), or one followed by ``.change`` for the printed change
from the previous year, or ``distance_from_equity``.

Each published figure is compared with the recomputed one rounded to the
published precision. A mismatch gets the likeliest cause from a short list of
the usual errors: computed from rounded figures (a change, difference or
distance from equity of rounded figures; a likelihood ratio of rounded
rates), truncated instead of rounded (any figure), rounded early or twice,
groups swapped (ratio inverted or sign reversed), a different denominator
(unknown ethnicity left out, bank staff included or left out).
"""
from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..inputs import reading
from ..errors import InputError, Problem
from ..compute.indicators import find

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
    frame = reading.read_csv(path, required=COLUMNS, known=["source"])
    reading.validate(frame, _SCHEMA, path)
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
    return [Problem(file, f"a percentage from 0 to 100 for {row.metric}", int(getattr(row, reading.LINE)), "value",
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


def _subtractions(results, year, indicator, breakdown, base, part) -> list[tuple[float, float, bool]]:
    """The two figures a printed difference is made from, as ``(a, b, absolute)``: a - b (its absolute
    value for distance from equity). Changes: this year minus last; distance from equity (survey): BME %
    minus White %; ``difference_pp``: BME % minus White % (survey) or board minus workforce (indicator 9)."""
    def value(y, metric):
        row = find(results, y, indicator, breakdown, metric)
        return None if row is None else row["value"]

    if part == "change":
        pair = (value(year, base), value(year - 1, base))
    elif base == "distance_from_equity":
        pair = (value(year, "bme_percent"), value(year, "white_percent"))
    elif base == "difference_pp":
        pair = ((value(year, "board_bme_percent"), value(year, "workforce_bme_percent")) if indicator == 9
                else (value(year, "bme_percent"), value(year, "white_percent")))
    else:
        return []
    return [] if any(x is None for x in pair) else [(pair[0], pair[1], base == "distance_from_equity")]


def _ratio_rates(results, year, indicator, breakdown) -> tuple[float, float] | None:
    """The two rates (percentages) a likelihood ratio divides, numerator first as
    :data:`wreslib.standards.wres.INDICATORS` orients it (White / BME for 2 and 4, BME / White for 3)."""
    from ..standards.wres import INDICATORS
    from ..classify.ethnicity import WHITE

    d = INDICATORS[indicator]
    rows = [find(results, year, indicator, breakdown, f"{'white' if g == WHITE else 'bme'}_percent")
            for g in (d.numerator, d.denominator)]
    return None if any(r is None for r in rows) else (rows[0]["value"], rows[1]["value"])


def _from_rounded(results, pub, base, part, places) -> str:
    """A printed figure computed from figures already rounded for print: a difference or change (a - b),
    or a likelihood ratio from rounded rates ("1.2 / 0.7" printed as 1.7 where the counts give 1.8)."""
    year, indicator, breakdown, printed = pub.year, pub.indicator, pub.breakdown, pub.value
    for a, b, absolute in _subtractions(results, year, indicator, breakdown, base, part):
        for p in range(0, 3):
            rounded = round(a, p) - round(b, p)
            if _fmt(abs(rounded) if absolute else rounded, places) == printed:
                return f"computed from figures already rounded to {p} decimal place(s)"
    if base == "relative_likelihood" and not part and indicator in (2, 3, 4):
        rates = _ratio_rates(results, year, indicator, breakdown)
        for p in range(0, 3) if rates else ():
            top, bottom = round(rates[0], p), round(rates[1], p)
            if bottom and _fmt(top / bottom, places) == printed:
                return f"a ratio of rates already rounded to {p} decimal place(s) ({_fmt(top, p)} / {_fmt(bottom, p)})"
    return ""


#: Breakdowns of indicator 1 with the same people but another denominator, and what the other one is.
_OTHER_DENOMINATORS = {"Overall": ("Overall including bank", "bank staff included"),
                       "Overall including bank": ("Overall", "bank staff left out")}


def _other_denominator(results, pub, base, part, places) -> str:
    """A percentage that matches the same group over another denominator the pack knows: unknown
    ethnicity left out, bank staff included (or left out), or the workforce % of indicator 9 including bank."""
    year, indicator, breakdown, printed = pub.year, pub.indicator, pub.breakdown, pub.value
    if part:
        return ""
    if indicator == 1 and base in ("bme_percent", "white_percent"):
        white, bme = (find(results, year, 1, breakdown, m) for m in ("white_percent", "bme_percent"))
        if white is not None and bme is not None and white["numerator"] + bme["numerator"] > 0:
            own = bme if base == "bme_percent" else white
            if _fmt(100 * own["numerator"] / (white["numerator"] + bme["numerator"]), places) == printed:
                return "different denominator: unknown ethnicity left out"
    other = (_OTHER_DENOMINATORS.get(breakdown) if indicator == 1 and base.endswith("_percent") else
             ("Overall including bank", "bank staff included") if indicator == 9 and base == "workforce_bme_percent"
             else None)
    if other is not None:
        row = find(results, year, 1, other[0], base if indicator == 1 else "bme_percent")
        if row is not None and _fmt(row["value"], places) == printed:
            return f"different denominator: {other[1]} (the '{other[0]}' figure)"
    return ""


def _causes(results, published, pub) -> str:
    """The likeliest reason a published figure differs from the recomputed one, tried in this order:
    computed from rounded figures (differences, changes, ratios of rates), rounded early or twice,
    truncated instead of rounded, groups swapped, a different denominator; else "not one of the usual
    causes"."""
    printed = pub.value
    places = decimals(printed)
    base, _, part = pub.metric.partition(".")
    value = _recompute(results, pub.year, pub.indicator, pub.breakdown, pub.metric)
    if math.isnan(value):
        return "no recomputed figure to compare with"
    cause = _from_rounded(results, pub, base, part, places)
    if cause:
        return cause
    for p in range(places):
        if _fmt(round(value, p), places) == printed:  # 25.7068 printed "25.70": to 1 place, not truncated
            return f"rounded to {p} decimal place(s), then printed with {places}"
        for q in range(p + 1, 4):  # e.g. 49.549 printed as 49.55 elsewhere, then rounded again to 49.6
            twice = Decimal(f"{round(value, q):.{q}f}").quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP)
            if _fmt(float(twice), places) == printed:
                return f"rounded twice: to {q} then to {p} decimal place(s)"
    if _truncate(value, places) == printed:
        return "truncated instead of rounded"
    if base == "relative_likelihood" and value and _fmt(1 / value, places) == printed:
        return "groups swapped: the ratio is inverted"
    if _fmt(-value, places) == printed:
        return "groups swapped: the sign is reversed"
    return (_other_denominator(results, pub, base, part, places)
            or "not one of the usual causes: check the published source against its own tables")


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
    path = reading.input_path(data_dir, Path(PUBLISHED_FILE).stem)
    return read_published(path) if path.is_file() else None


#: Plain words for the results' metrics and breakdowns, for reviewers (never the internal keys).
METRIC_WORDS = {
    "bme_percent": "BME %", "white_percent": "White %", "unknown_percent": "Unknown %",
    "relative_likelihood": "relative likelihood", "distance_from_equity": "distance from equity",
    "board_bme_percent": "BME % of the board", "workforce_bme_percent": "BME % of the workforce",
    "difference_pp": "board minus workforce BME % (percentage points)",
    "benchmark_bme_percent": "national average, BME %", "benchmark_white_percent": "national average, White %",
    "percent": "%",
}
BREAKDOWN_WORDS = {"Overall": "whole workforce", "Overall including bank": "whole workforce including bank staff",
                   "All": "", "single-year": "", "two-year": "two years pooled", "Voting": "voting members",
                   "Executive": "executive members"}


def figure_label(indicator: int, breakdown: str, metric: str) -> str:
    """A published figure in plain words: ``(9, "All", "difference_pp.change")`` is "Indicator 9: board minus
    workforce BME % (percentage points), change from last year"; ``(1, "Clinical|Band 5", "bme_percent")`` is
    "Indicator 1, Clinical Band 5: BME %". Unknown keys are shown as they are."""
    base, change = (metric[:-len(".change")], True) if metric.endswith(".change") else (metric, False)
    words = METRIC_WORDS.get(base, base.replace("_", " "))
    where = BREAKDOWN_WORDS.get(breakdown, str(breakdown).replace("|", " "))
    if indicator == 9 and breakdown == "All":
        where = "whole board"
    label = f"Indicator {int(indicator)}" + (f", {where}" if where else "") + f": {words}"
    return label + (", change from last year" if change else "")


def summary_pointer(checked: pd.DataFrame | None, *, pointer: bool = True) -> str:
    """The executive summary's one line on the reconciliation (the table is in Quality assurance):
    "3 of 12 published figures differ from the figures recomputed from the data; see Quality assurance."
    ``checked`` is :func:`reconcile`'s table, None when the data folder has no published figures;
    ``pointer`` False leaves out "see Quality assurance" (for that page itself)."""
    if checked is None:
        return "No published figures were given for comparison (`published.csv` in the data folder)."
    see = "; see Quality assurance." if pointer else "."
    differ = int((~checked["matches"].astype(bool)).sum())
    if differ == 0:
        return f"All {len(checked)} published figures agree with the figures recomputed from the data{see}"
    return f"{differ} of {len(checked)} published figures differ from the figures recomputed from the data{see}"


def display_reconciliation(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`reconcile` for reading: mismatches first, each figure in plain words (:func:`figure_label`)."""
    table = table.sort_values("matches", kind="stable")
    return pd.DataFrame({
        "Year": table["year"],
        "Figure": [figure_label(i, b, m) for i, b, m in zip(table["indicator"], table["breakdown"], table["metric"])],
        "Printed in": table["source"].fillna(""), "Published": table["published"],
        "Recomputed": table["recomputed"], "Agrees": table["matches"].map({True: "yes", False: "NO"}),
        "Likely cause": table["likely_cause"],
    })
