"""Funnel plots in the report: the chart, its alt text, its data and the sentence naming the
organisations outside the limits.

Everything here reads a table from :func:`wreslib.compute.funnel.funnel_table` (one row per
organisation, ``outside`` saying where it falls) and words it from the indicator's definition in
:mod:`wreslib.standards.wres`: what is compared, and what above and below the funnel mean.
Organisation names are input text: the sentence escapes them for Markdown
(:func:`wreslib.report.render.escape_markdown`); the alt text and data table are escaped as HTML
by :func:`wreslib.report.plots.show`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from ..compute.funnel import (ABOVE, BELOW, LEVELS, WITHIN, as_indicator, funnel_limits, level_text, limit_columns,
                              outside_label)
from ..standards.base import COMPOSITION, Indicator
from .plots import COLOURS, legend_below, set_style
from .render import escape_markdown
from .tables import fmt_interval, fmt_value

#: How each part of the chart is drawn: organisations by where they fall (marker and colour both
#: differ, so the chart reads without colour), the system's value, the limits, and 1.00 (equal) for ratios.
POINTS = {WITHIN: ("o", COLOURS[7]), ABOVE: ("^", COLOURS[3]), BELOW: ("v", COLOURS[0])}
TARGET_LINE = {"color": "black", "linestyle": "-", "linewidth": 1.6}
#: Line style of each level's limits, narrowest level first, with its name for the alt text.
LIMIT_STYLES = {"--": "dashed", ":": "dotted", "-.": "dash-dot"}
EQUAL_LINE = {"color": COLOURS[7], "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1}
#: Ratio axis ticks: symmetric on the log scale about 1 (1.50 and 0.67, 2.00 and 0.50 ...).
RATIO_TICKS = (0.1, 0.2, 0.25, 1 / 3, 0.5, 2 / 3, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 10.0)


def _kind(ind: Indicator) -> str:
    """How the indicator's values print (:func:`wreslib.report.tables.fmt_value`)."""
    return "percent" if ind.kind == COMPOSITION else "ratio"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def measure_words(indicator: Indicator | int) -> str:
    """What the funnel compares: "BME % of the workforce", "BME / White relative likelihood of
    entering the formal disciplinary process"."""
    ind = as_indicator(indicator)
    return ind.what if ind.kind == COMPOSITION else f"{ind.ratio_label} relative likelihood of {ind.what}"


def side_words(indicator: Indicator | int, side: str) -> str:
    """What being above (or below) the funnel means, from the indicator's definition:
    "a higher BME % of the workforce than the system as a whole"; for indicator 3 above, "BME
    staff more likely, relative to White staff, to enter the formal disciplinary process than in
    the system as a whole"."""
    ind = as_indicator(indicator)
    more = side == ABOVE
    if ind.kind == COMPOSITION:
        return f"a {'higher' if more else 'lower'} {ind.what} than the system as a whole"
    return (f"{ind.numerator} {ind.subjects} {'more' if more else 'less'} likely, relative to {ind.denominator} "
            f"{ind.subjects}, to {ind.verbs[0]} than in the system as a whole")


def x_label(indicator: Indicator | int) -> str:
    """The funnel's x axis: headcount (indicator 1) or precision (the relative likelihoods)."""
    if as_indicator(indicator).kind == COMPOSITION:
        return "Headcount (staff)"
    return "Precision (1 / variance of the log relative likelihood)"


def y_label(indicator: Indicator | int) -> str:
    ind = as_indicator(indicator)
    return _cap(ind.what) if ind.kind == COMPOSITION else f"Relative likelihood, {ind.ratio_label} (log scale)"


def _join(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _system(table: pd.DataFrame, ind: Indicator) -> str:
    """"the system's BME % of the workforce, 20.00%"."""
    return f"the system's {measure_words(ind)}, {fmt_value(float(table['target'].iloc[0]), _kind(ind))}"


def outside_sentence(table: pd.DataFrame, indicator: Indicator | int, levels=LEVELS) -> str:
    """Markdown sentences naming the organisations outside the limits, or saying none is.

    For each side (above, below), what the side means (:func:`side_words`), then the
    organisations outside the widest limits and those outside the narrower ones only, most
    extreme first, each with its figure; then how often chance alone puts an organisation
    outside each limit, and the organisations not compared with the reason. Names are escaped
    for Markdown.
    """
    ind = as_indicator(indicator)
    kind = _kind(ind)
    compared = table[table["outside"].notna()]
    widest_first = sorted(levels, reverse=True)
    narrowest = level_text(widest_first[-1])
    parts = []
    if compared.empty:
        parts.append(f"No organisation has the counts to be compared with {_system(table, ind)}.")
    else:
        parts.append(f"The funnel plot compares {_plural(len(compared), 'organisation')} with {_system(table, ind)} "
                     "(from their summed counts).")
        if (compared["outside"] == WITHIN).all():
            parts.append(f"None is outside the {narrowest} limits: each differs from the system by no more than "
                         "chance would explain for its size.")
        else:
            for side in (ABOVE, BELOW):
                found = []
                for i, level in enumerate(widest_first):
                    rows = compared[compared["outside"] == outside_label(side, level)]
                    rows = rows.sort_values("value", ascending=side == BELOW)
                    if len(rows):
                        names = _join([f"{escape_markdown(str(r['name']))} ({fmt_value(r['value'], kind)})"
                                       for _, r in rows.iterrows()])
                        found.append(f"outside the {level_text(level)} limits{' only' if i else ''}, {names}")
                parts.append(f"{_cap(side)} the limits ({side_words(ind, side)}): {'; '.join(found)}."
                             if found else f"None is {side} the {narrowest} limits.")
            odds = [f"1 {'organisation ' if i == 0 else ''}in {round(1 / (1 - level)):,} is outside the "
                    f"{level_text(level)} limits" for i, level in enumerate(sorted(levels))]
            parts.append(f"By chance alone, about {_join(odds)}.")
    left = table[table["outside"].isna()]
    if len(left):
        parts.append("Not compared: " + "; ".join(f"{escape_markdown(str(r['name']))} ({r['reason']})"
                                                  for _, r in left.iterrows()) + ".")
    return " ".join(parts)


def funnel_alt(table: pd.DataFrame, indicator: Indicator | int, levels=LEVELS) -> str:
    """Alt text for :func:`funnel_plot`: what is plotted against what, how many organisations,
    the system's value, and how many are outside each limit on each side."""
    ind = as_indicator(indicator)
    compared = table[table["outside"].notna()]
    styles = _join([f"{level_text(lv)} ({words})" for lv, words in zip(sorted(levels), LIMIT_STYLES.values())])
    text = (f"Funnel plot of {_plural(len(compared), 'organisation')}: {measure_words(ind)} against "
            f"{'headcount' if ind.kind == COMPOSITION else 'precision'}, around the system's value of "
            f"{fmt_value(float(table['target'].iloc[0]), _kind(ind))} (solid line), with {styles} limits.")
    counts = []
    for i, level in enumerate(sorted(levels, reverse=True)):
        by_side = {side: int((compared["outside"] == outside_label(side, level)).sum()) for side in (ABOVE, BELOW)}
        counts.append(f"{by_side[ABOVE] + by_side[BELOW]} outside the {level_text(level)} limits{' only' if i else ''}"
                      f" ({by_side[ABOVE]} above, {by_side[BELOW]} below)")
    if len(compared):
        text += f" {_cap('; '.join(counts))}; {int((compared['outside'] == WITHIN).sum())} within."
    left = len(table) - len(compared)
    if left:
        text += f" {_plural(left, 'organisation')} not shown (no counts or no figure to compare)."
    return text


def funnel_data(table: pd.DataFrame, indicator: Indicator | int, levels=LEVELS) -> pd.DataFrame:
    """The figures of :func:`funnel_plot` for reading: each organisation's figure, size, limits
    and where it falls (or why it is not compared)."""
    ind = as_indicator(indicator)
    kind = _kind(ind)
    words = {outside_label(side, lv): f"{side} the {level_text(lv)} limits" for side in (ABOVE, BELOW) for lv in levels}
    words[WITHIN] = f"within the {level_text(min(levels))} limits"
    if ind.kind == COMPOSITION:
        value, size = _cap(ind.what), ("Headcount", [fmt_value(v, "count") for v in table["size"]])
    else:
        value = f"Relative likelihood, {ind.ratio_label}"
        size = ("Precision", ["–" if pd.isna(v) else f"{v:,.1f}" for v in table["size"]])
    out = {"Organisation": table["name"].astype(str), value: [fmt_value(v, kind) for v in table["value"]],
           size[0]: size[1]}
    for level in levels:
        lower, upper = limit_columns(level)
        out[f"{level_text(level)} limits"] = [fmt_interval(lo, hi, kind) for lo, hi in zip(table[lower], table[upper])]
    out["Position"] = [r if pd.isna(o) else words[o] for o, r in zip(table["outside"], table["reason"])]
    return pd.DataFrame(out)


def funnel_plot(table: pd.DataFrame, indicator: Indicator | int, levels=LEVELS):
    """The funnel plot of one indicator, in the pack's style: a point per organisation compared
    (a circle within the limits, a triangle pointing up above them or down below them), the
    system's value as a solid line, each level's limits as lines of their own style (95% dashed,
    99.8% dotted), and for the relative likelihoods a line at 1.00 (equal) and a log y axis with
    ticks labelled as ratios. x is headcount (indicator 1) or precision; the legend sits under
    the plot. None when no organisation can be compared (the sentence says so)."""
    ind = as_indicator(indicator)
    compared = table[table["outside"].notna()]
    if compared.empty:
        return None
    set_style()
    kind = _kind(ind)
    target = float(table["target"].iloc[0])
    low, high = float(compared["size"].min()), float(compared["size"].max())
    grid = np.geomspace(max(low * 0.9, 1e-9), high * 1.05, 300)
    if ind.kind == COMPOSITION:
        grid = np.maximum(np.round(grid), 1)  # headcounts are whole numbers
    # The organisations' own sizes too, so that the curves pass exactly through the limits that flag them.
    grid = np.union1d(grid, compared["size"].to_numpy(dtype=float))
    curves = funnel_limits(ind, target, grid, levels)

    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    ax.axhline(target, label=f"System value ({fmt_value(target, kind)})", zorder=2, **TARGET_LINE)
    for level, style in zip(sorted(levels), LIMIT_STYLES):
        for j, column in enumerate(limit_columns(level)):
            ax.plot(curves["size"], curves[column], color="0.35", linestyle=style, linewidth=1.2,
                    label=f"{level_text(level)} limits" if j == 0 else None, zorder=2)
    if ind.kind != COMPOSITION:
        ax.axhline(1.0, label="1.00 = equal", zorder=1, **EQUAL_LINE)
    narrowest = level_text(min(levels))
    for side, words in ((WITHIN, f"Within the {narrowest} limits"), (ABOVE, f"Above the {narrowest} limits"),
                        (BELOW, f"Below the {narrowest} limits")):
        on_side = [outside_label(side, lv) for lv in levels] if side != WITHIN else [WITHIN]
        rows = compared[compared["outside"].isin(on_side)]
        if len(rows):
            marker, colour = POINTS[side]
            ax.scatter(rows["size"], rows["value"], marker=marker, color=colour, edgecolor="black", linewidth=0.5,
                       s=36, label=words, zorder=3)

    shown = pd.concat([compared["value"], curves.iloc[:, 1:].stack(), pd.Series([target])]).dropna()
    if ind.kind == COMPOSITION:
        ax.set_ylim(max(0.0, shown.min() - 2), min(100.0, shown.max() + 2))
    else:
        shown = pd.concat([shown, pd.Series([1.0])])
        ax.set_yscale("log")
        ax.set_ylim(shown.min() / 1.1, shown.max() * 1.1)
        ax.yaxis.set_major_locator(FixedLocator([t for t in RATIO_TICKS if shown.min() / 1.1 <= t <= shown.max() * 1.1]))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_value(v, "ratio")))
        ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlim(0, high * 1.05)
    ax.set(xlabel=x_label(ind), ylabel=y_label(ind))
    noun = ind.what if ind.kind == COMPOSITION else f"{ind.verbs[2]}: {ind.ratio_label} likelihood"
    ax.set_title(f"{_cap(noun)} by organisation, around the system's {fmt_value(target, kind)}", fontsize=10)
    legend_below(ax, ncol=3, fontsize=8)
    fig.tight_layout()
    return fig
