"""Reconciliation: figures published earlier against the figures recomputed from the data.

``DIR/published.csv`` has columns ``year,indicator,breakdown,metric,value``
with ``value`` exactly as printed ("62.70", "-33", "1.5"), and optionally
``source`` (where in the publication the figure is printed) and ``standard``
(empty or absent: ``wres``; else a registered code such as ``wdes``, whose
indicator keys the row then uses: ``2``, ``4a-i``, ``9a``). ``metric`` is a
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

Every cause is worded and computed from the standard's declaration
(:mod:`wreslib.standards`): its groups' metrics, its indicators' kinds and
likelihood orientation, so they work for the WDES as for the WRES ("unknown
disability status left out"; the bank-staff denominators from the
standard's own ``Overall including bank`` figure).
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
from ..standards import REGISTRY
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Standard
from ..standards.wres import WRES

PUBLISHED_FILE = "published.csv"
COLUMNS = ["year", "indicator", "breakdown", "metric", "value"]
#: The optional column naming each row's standard (empty or absent: the WRES), as in counts.csv and survey.csv.
STANDARD = "standard"

#: The columns' checks but ``indicator`` and ``standard`` (see :func:`_schema`).
_COLUMNS = dict(
    year=pa.Column(str, pa.Check.str_matches(r"^\d{4}$", error="a four-digit reporting year such as 2024")),
    breakdown=pa.Column(str),
    metric=pa.Column(str, pa.Check.str_matches(r"^[a-z_]+(\.change)?$",
                                               error="a results metric such as bme_percent, optionally "
                                                     "followed by .change")),
    value=pa.Column(str, pa.Check.str_matches(r"^[+-]?\d+(\.\d+)?%?$",
                                              error="a number as printed, such as 62.70 or -33")),
    source=pa.Column(str, required=False),
)


def _schema(with_standard: bool) -> pa.DataFrameSchema:
    """The file-level checks; a file without a ``standard`` column is checked exactly as the WRES file always was.
    With one, ``indicator`` is checked row by row against the row's standard (:func:`_indicator_problems`)."""
    indicator = (pa.Column(str) if with_standard else
                 pa.Column(str, pa.Check.str_matches(r"^[1-9]$", error="an indicator number from 1 to 9")))
    columns = dict(_COLUMNS, indicator=indicator)
    if with_standard:
        codes = list(REGISTRY)
        columns[STANDARD] = pa.Column(str, pa.Check.isin(codes + [""], error=f"a standard, one of {', '.join(codes)} "
                                                                             "(empty for wres)"))
    return pa.DataFrameSchema({name: columns[name] for name in [*COLUMNS, "source", STANDARD] if name in columns},
                              strict=True)


_SCHEMA = _schema(False)


def _key(standard: Standard, text: str) -> int | str | None:
    """A printed indicator as the standard's declaration keys it ("2" -> 2 for the WRES, "4a-i" for the WDES),
    None when it is not one of the standard's."""
    return {str(key): key for key in standard.indicators}.get(text)


def _indicator_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Each row's indicator is one of its standard's: "an indicator of the WDES: 1, 2, 3, 4a-i, ..."."""
    problems = []
    for row in frame.itertuples(index=False):
        standard = REGISTRY[getattr(row, STANDARD)]
        if _key(standard, row.indicator) is None:
            problems.append(Problem(file, f"an indicator of the {standard.abbreviation}: "
                                          f"{', '.join(str(k) for k in standard.indicators)}",
                                    int(getattr(row, reading.LINE)), "indicator", row.indicator))
    return problems


def read_published(path: str | Path) -> pd.DataFrame:
    """Read and validate ``published.csv``; ``value`` stays text (its precision matters).

    With a ``standard`` column (empty: ``wres``), each row's ``indicator`` must be one of that standard's and is
    keyed as its declaration keys it (int for the WRES, "4a-i" for the WDES; an int column when every row is the
    WRES's); without one, the file reads exactly as before (WRES indicators 1-9, no ``standard`` column)."""
    frame = reading.read_csv(path, required=COLUMNS, known=["source", STANDARD])
    with_standard = STANDARD in frame.columns
    reading.validate(frame, _schema(with_standard), path)
    frame["value"] = frame["value"].str.rstrip("%").str.lstrip("+")
    if with_standard:
        frame[STANDARD] = frame[STANDARD].replace("", WRES.code)
    problems = _indicator_problems(frame, str(path)) if with_standard else []
    problems = problems or _percent_problems(frame, str(path))
    if problems:
        raise InputError(problems)
    if with_standard and not (frame[STANDARD] == WRES.code).all():
        keys = [_key(REGISTRY[code], text) for code, text in zip(frame[STANDARD], frame["indicator"])]
        return frame.assign(year=frame["year"].astype(int), indicator=pd.Series(keys, index=frame.index, dtype=object))
    return frame.astype({"year": int, "indicator": int})


def of_standard(published: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The rows of a :func:`read_published` frame that are ``standard``'s (every row when the file has no
    ``standard`` column: the WRES's)."""
    if STANDARD not in published.columns:
        return published if standard.code == WRES.code else published.iloc[0:0]
    return published[published[STANDARD].replace("", WRES.code).fillna(WRES.code) == standard.code]


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


def _kind(standard: Standard, indicator) -> str:
    d = standard.indicators.get(indicator)
    return "" if d is None else d.kind


def _recompute(results, year, indicator, breakdown, metric, standard: Standard = WRES) -> float:
    base, _, part = metric.partition(".")
    if base == "distance_from_equity" and _kind(standard, indicator) == SURVEY:
        row = find(results, year, indicator, breakdown, "difference_pp")
        return math.nan if row is None else abs(row["value"])
    row = find(results, year, indicator, breakdown, base)
    if row is None:
        return math.nan
    return row["change"] if part == "change" else row["value"]


def _subtractions(results, year, indicator, breakdown, base, part,
                  standard: Standard = WRES) -> list[tuple[float, float, bool]]:
    """The two figures a printed difference is made from, as ``(a, b, absolute)``: a - b (its absolute
    value for distance from equity). Changes: this year minus last; distance from equity (survey): focus %
    minus reference % (BME % minus White %); ``difference_pp``: the same (survey) or board minus workforce
    focus % (the board figure: WRES indicator 9, WDES metric 10)."""
    groups = standard.characteristic.metrics
    focus, reference = groups[standard.characteristic.focus], groups[standard.characteristic.reference]

    def value(y, metric):
        row = find(results, y, indicator, breakdown, metric)
        return None if row is None else row["value"]

    if part == "change":
        pair = (value(year, base), value(year - 1, base))
    elif base == "distance_from_equity":
        pair = (value(year, focus), value(year, reference))
    elif base == "difference_pp":
        pair = ((value(year, "board_" + focus), value(year, "workforce_" + focus))
                if _kind(standard, indicator) == BOARD else (value(year, focus), value(year, reference)))
    else:
        return []
    return [] if any(x is None for x in pair) else [(pair[0], pair[1], base == "distance_from_equity")]


def _ratio_rates(results, year, indicator, breakdown, standard: Standard = WRES) -> tuple[float, float] | None:
    """The two rates (percentages) a likelihood ratio divides, numerator first as the standard orients it
    (WRES: White / BME for 2 and 4, BME / White for 3; WDES: Non-disabled / Disabled for 2)."""
    d = standard.indicators[indicator]
    rows = [find(results, year, indicator, breakdown, standard.characteristic.metrics[g])
            for g in (d.numerator, d.denominator)]
    return None if any(r is None for r in rows) else (rows[0]["value"], rows[1]["value"])


def _from_rounded(results, pub, base, part, places, standard: Standard = WRES) -> str:
    """A printed figure computed from figures already rounded for print: a difference or change (a - b),
    or a likelihood ratio from rounded rates ("1.2 / 0.7" printed as 1.7 where the counts give 1.8)."""
    year, indicator, breakdown, printed = pub.year, pub.indicator, pub.breakdown, pub.value
    for a, b, absolute in _subtractions(results, year, indicator, breakdown, base, part, standard):
        for p in range(0, 3):
            rounded = round(a, p) - round(b, p)
            if _fmt(abs(rounded) if absolute else rounded, places) == printed:
                return f"computed from figures already rounded to {p} decimal place(s)"
    if base == "relative_likelihood" and not part and _kind(standard, indicator) == LIKELIHOOD:
        rates = _ratio_rates(results, year, indicator, breakdown, standard)
        for p in range(0, 3) if rates else ():
            top, bottom = round(rates[0], p), round(rates[1], p)
            if bottom and _fmt(top / bottom, places) == printed:
                return f"a ratio of rates already rounded to {p} decimal place(s) ({_fmt(top, p)} / {_fmt(bottom, p)})"
    return ""


#: Breakdowns of indicator 1 with the same people but another denominator, and what the other one is.
_OTHER_DENOMINATORS = {"Overall": ("Overall including bank", "bank staff included"),
                       "Overall including bank": ("Overall", "bank staff left out")}


def _other_denominator(results, pub, base, part, places, standard: Standard = WRES) -> str:
    """A percentage that matches the same group over another denominator the pack knows: unknown
    ethnicity (disability status ...) left out of the composition figure, bank staff included (or left
    out), or the board figure's workforce % including bank (bank: where the results have the breakdown)."""
    year, indicator, breakdown, printed = pub.year, pub.indicator, pub.breakdown, pub.value
    if part:
        return ""
    c = standard.characteristic
    focus, reference = c.metrics[c.focus], c.metrics[c.reference]
    kind = _kind(standard, indicator)
    workforce = next(iter(standard.of_kind(COMPOSITION)), None)  # the composition indicator (WRES 1, WDES "1")
    if kind == COMPOSITION and base in (focus, reference):
        ref, foc = (find(results, year, indicator, breakdown, m) for m in (reference, focus))
        if ref is not None and foc is not None and ref["numerator"] + foc["numerator"] > 0:
            own = foc if base == focus else ref
            if _fmt(100 * own["numerator"] / (ref["numerator"] + foc["numerator"]), places) == printed:
                return f"different denominator: unknown {c.name} left out"
    other = (_OTHER_DENOMINATORS.get(breakdown) if kind == COMPOSITION and base.endswith("_percent") else
             ("Overall including bank", "bank staff included") if kind == BOARD and base == "workforce_" + focus
             else None)
    if other is not None and workforce is not None:
        row = find(results, year, workforce, other[0], base if kind == COMPOSITION else focus)
        if row is not None and _fmt(row["value"], places) == printed:
            return f"different denominator: {other[1]} (the '{other[0]}' figure)"
    return ""


def _causes(results, published, pub, standard: Standard = WRES) -> str:
    """The likeliest reason a published figure differs from the recomputed one, tried in this order:
    computed from rounded figures (differences, changes, ratios of rates), rounded early or twice,
    truncated instead of rounded, groups swapped, a different denominator; else "not one of the usual
    causes"."""
    printed = pub.value
    places = decimals(printed)
    base, _, part = pub.metric.partition(".")
    value = _recompute(results, pub.year, pub.indicator, pub.breakdown, pub.metric, standard)
    if math.isnan(value):
        return "no recomputed figure to compare with"
    cause = _from_rounded(results, pub, base, part, places, standard)
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
    return (_other_denominator(results, pub, base, part, places, standard)
            or "not one of the usual causes: check the published source against its own tables")


def reconcile(results: pd.DataFrame, published: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """``standard``'s published figures (the rows of :func:`of_standard`) beside the recomputed ones (``results``:
    that standard's) at the published precision.

    Returns ``year, indicator, breakdown, metric, published, recomputed``
    (text at the published precision), ``recomputed_value`` (full
    precision), ``matches`` and ``likely_cause`` (empty when it matches).
    """
    rows = []
    for pub in of_standard(published, standard).itertuples(index=False):
        value = _recompute(results, pub.year, pub.indicator, pub.breakdown, pub.metric, standard)
        shown = _fmt(value, decimals(pub.value))
        matches = shown == _fmt(float(pub.value), decimals(pub.value))
        rows.append(dict(year=pub.year, indicator=pub.indicator, breakdown=pub.breakdown, metric=pub.metric,
                         source=getattr(pub, "source", ""), published=pub.value, recomputed=shown, recomputed_value=value, matches=matches,
                         likely_cause="" if matches else _causes(results, published, pub, standard)))
    return pd.DataFrame(rows, columns=["year", "indicator", "breakdown", "metric", "source", "published", "recomputed",
                                       "recomputed_value", "matches", "likely_cause"])


def load_published(data_dir: str | Path) -> pd.DataFrame | None:
    """``DIR/published.csv`` read and validated, or None when the folder has none."""
    path = reading.input_path(data_dir, Path(PUBLISHED_FILE).stem)
    return read_published(path) if path.is_file() else None


def metric_words(standard: Standard = WRES) -> dict[str, str]:
    """Plain words for a standard's results metrics, for reviewers (never the internal keys), derived from its
    characteristic: ``bme_percent`` "BME %", ``board_disabled_percent`` "Disabled % of the board",
    ``benchmark_white_percent`` "national average, White %"; survey scores (WDES 9a) "Disabled score"."""
    c = standard.characteristic
    scores = bool(standard.of_kind(SCORE))
    words = {}
    for group in c.groups:
        words[c.metrics[group]] = f"{group} %"
        if scores and group != c.unknown:
            words[c.metrics[group].removesuffix("percent") + "score"] = f"{group} score"
    words |= {"relative_likelihood": "relative likelihood", "distance_from_equity": "distance from equity",
              "board_" + c.metrics[c.focus]: f"{c.focus} % of the board",
              "workforce_" + c.metrics[c.focus]: f"{c.focus} % of the workforce",
              "difference_pp": f"board minus workforce {c.focus} % (percentage points)"}
    for group in (c.focus, c.reference):
        words["benchmark_" + c.metrics[group]] = f"national average, {group} %"
        if scores:
            words["benchmark_" + c.metrics[group].removesuffix("percent") + "score"] = f"national average, {group} score"
    words["percent"] = "%"
    if scores:
        words |= {"score": "score", "benchmark_score": "national average, score"}
    return words


#: The WRES's plain words for its metrics (:func:`metric_words`).
METRIC_WORDS = metric_words(WRES)
BREAKDOWN_WORDS = {"Overall": "whole workforce", "Overall including bank": "whole workforce including bank staff",
                   "All": "", "single-year": "", "two-year": "two years pooled", "Voting": "voting members",
                   "Executive": "executive members"}


def figure_label(indicator: int | str, breakdown: str, metric: str, standard: Standard = WRES) -> str:
    """A published figure in plain words: ``(9, "All", "difference_pp.change")`` is "Indicator 9, whole board:
    board minus workforce BME % (percentage points), change from last year"; ``(1, "Clinical|Band 5",
    "bme_percent")`` is "Indicator 1, Clinical Band 5: BME %"; for the WDES ``("2", "All",
    "relative_likelihood", WDES)`` is "Metric 2: relative likelihood". A survey figure's ``difference_pp`` is
    the focus % minus the reference % ("Disabled % minus Non-disabled % (percentage points)"). Unknown keys
    are shown as they are."""
    base, change = (metric[:-len(".change")], True) if metric.endswith(".change") else (metric, False)
    c, kind = standard.characteristic, _kind(standard, indicator)
    words = metric_words(standard).get(base, base.replace("_", " "))
    if base == "difference_pp" and kind == SURVEY:
        words = f"{c.focus} % minus {c.reference} % (percentage points)"
    where = BREAKDOWN_WORDS.get(breakdown, str(breakdown).replace("|", " "))
    if kind == BOARD and breakdown == "All":
        where = "whole board"
    term = standard.indicators[indicator].term if indicator in standard.indicators else standard.term
    number = int(indicator) if isinstance(indicator, (int, float)) or str(indicator).isdigit() else indicator
    label = f"{term} {number}" + (f", {where}" if where else "") + f": {words}"
    return label + (", change from last year" if change else "")


def checked_figures(data_dir: str | Path, results: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame | None:
    """:func:`reconcile` of ``standard``'s rows of ``DIR/published.csv``, or None when the folder has no
    published figures of that standard (so a page can leave the section out)."""
    published = load_published(data_dir)
    if published is None or of_standard(published, standard).empty:
        return None
    return reconcile(results, published, standard)


def summary_pointer(checked: pd.DataFrame | None, *, pointer: bool = True, see: str = "Quality assurance") -> str:
    """The executive summary's one line on the reconciliation (the table is in Quality assurance):
    "3 of 12 published figures differ from the figures recomputed from the data; see Quality assurance."
    ``checked`` is :func:`reconcile`'s table, None when the data folder has no published figures;
    ``pointer`` False leaves out "see Quality assurance" (for that page itself); ``see`` names where the table is
    ("the table below" on the WDES summary, which has no Quality assurance page). A table with no rows (a
    file with other standards' figures only) is said as no published figures."""
    if checked is None or checked.empty:
        return "No published figures were given for comparison (`published.csv` in the data folder)."
    see = f"; see {see}." if pointer else "."
    differ = int((~checked["matches"].astype(bool)).sum())
    if differ == 0:
        return f"All {len(checked)} published figures agree with the figures recomputed from the data{see}"
    return f"{differ} of {len(checked)} published figures differ from the figures recomputed from the data{see}"


def display_reconciliation(table: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`reconcile` (of ``standard``) for reading: mismatches first, each figure in plain words
    (:func:`figure_label`)."""
    table = table.sort_values("matches", kind="stable")
    return pd.DataFrame({
        "Year": table["year"],
        "Figure": [figure_label(i, b, m, standard)
                   for i, b, m in zip(table["indicator"], table["breakdown"], table["metric"])],
        "Printed in": table["source"].fillna(""), "Published": table["published"],
        "Recomputed": table["recomputed"], "Agrees": table["matches"].map({True: "yes", False: "NO"}),
        "Likely cause": table["likely_cause"],
    })
