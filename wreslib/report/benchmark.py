"""The national survey benchmark on the staff survey page: sentences, a table, a strip and funnel plot.

Everything here reads the frames of :mod:`wreslib.compute.benchmark` (:func:`~wreslib.compute.benchmark.comparison`,
one row per organisation; :func:`~wreslib.compute.benchmark.summary`, one row per indicator and group)
and words them from the indicator's declaration in :mod:`wreslib.standards.wres`: what is measured and
which way is better for staff (so what rank 1 and each side of the funnel mean). Organisation names and
the trust's name are input text: sentences escape them for Markdown
(:func:`wreslib.report.render.escape_markdown`); tables, the alt text and the chart's data are escaped as
HTML where they are shown (:func:`wreslib.report.tables.show`, :func:`wreslib.report.plots.show`). No
name is drawn on the chart (matplotlib would read ``$`` in a name as mathematics): the trust is "This
trust" there.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compute import benchmark as bm
from ..compute.survey import of_standard
from ..compute.funnel import ABOVE, BELOW, LEVELS, WITHIN, level_text, limit_columns, outside_label, proportion_limits
from ..disclosure.engine import MARKER
from ..standards.base import HIGHER
from ..standards.wres import WRES
from .funnel import LIMIT_STYLES
from .plots import COLOURS, PALETTE, legend_below, set_style
from .render import escape_markdown
from .tables import fmt_interval, fmt_value

#: How the chart draws the trust (a large diamond), organisations with counts (filled circles) and
#: those without (open circles): shape and fill differ, so it reads without colour.
TRUST_POINT = dict(marker="D", s=90, color=PALETTE["Trust"], edgecolor="black", linewidth=1.0, zorder=4)
COUNTED_POINT = dict(marker="o", s=22, color=COLOURS[7], edgecolor="black", linewidth=0.4, zorder=3)
UNCOUNTED_POINT = dict(marker="o", s=22, facecolor="white", edgecolor=COLOURS[7], linewidth=1.0, zorder=3)
#: The strip's horizontal spread (deterministic: the same page on every run).
JITTER_SEED = 0


def _indicator(indicator: int):
    return WRES.indicators[indicator]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def rank_one(indicator: int) -> str:
    """What rank 1 means, from the indicator's direction: "1 = the lowest percentage: lower is better for
    staff" for indicators 5, 6 and 8; "1 = the highest percentage: higher is better for staff" for 7."""
    better = bm._direction(indicator)
    return f"1 = the {'highest' if better == HIGHER else 'lowest'} percentage: {better} is better for staff"


def side_words(indicator: int, side: str) -> str:
    """What being above (or below) the funnel means for staff: "a higher percentage than the pooled value
    by more than chance would explain (worse for staff)"."""
    higher = side == ABOVE
    good = higher == (bm._direction(indicator) == HIGHER)
    return (f"a {'higher' if higher else 'lower'} percentage than the pooled value by more than chance would "
            f"explain for its number of responses ({'better' if good else 'worse'} for staff)")


def _ordinal_of(row) -> str:
    return f"{int(row['rank']):,} of {int(row['ranked']):,}"


def code_note(benchmark: pd.DataFrame, code: str | None, year: int) -> str:
    """Markdown: how the trust was found in the benchmark file (by ``[trust] code``), and the file's size."""
    rows = of_standard(benchmark, WRES)
    rows = rows[rows["survey_year"] == WRES.survey_year(year)]
    count = rows[bm.ORGANISATION].nunique()
    size = (f"The national survey file (`{bm.BENCHMARK_FILE}`) has figures of {_plural(count, 'organisation')} for "
            f"the {WRES.survey_year(year)} survey.")
    if code is None:
        return (f"{size} `wres.toml` gives no `[trust] code`, so the trust cannot be found among them: it is ranked "
                "with its own figures, and if the file holds the trust's figures too, the trust is counted twice.")
    shown = escape_markdown(code)
    if code in set(rows[bm.ORGANISATION]):
        return (f"{size} The trust's own rows there (code {shown}) are replaced by its figures in this report "
                "(after disclosure control), so that it is counted once.")
    return (f"{size} The trust (code {shown}) is not among them: it is ranked among them with its own figures "
            "from this report.")


def uncounted_note(table: pd.DataFrame) -> str:
    """Markdown: how many organisations' figures are left out of the pooled percentage and the funnel
    limits, and why (no number of responses; weighted); "" when none is."""
    others = table[~table["is_trust"] & ~table["counted"]]
    if others.empty:
        return ""
    reasons = others["reason"].value_counts()
    why = " and ".join(f"{n:,} {reason}" for reason, n in reasons.items())
    return (f"{_plural(len(others), 'organisation')}' figures ({why}) are ranked and shown in the strip, without "
            "an interval, but left out of the pooled percentage and the funnel limits, which need each "
            "organisation's number of responses.")


def rank_sentence(table: pd.DataFrame, indicator: int, group: str, trust_name: str, year: int) -> str:
    """Markdown sentences for one indicator and group (:func:`wreslib.compute.benchmark.comparison`): the
    trust's figure, rank (and what rank 1 means), percentile and side of the funnel limits; or why it has
    no rank (hidden by disclosure control, no other organisation). The trust's name is escaped."""
    trust = table[table["is_trust"]].iloc[0]
    name = escape_markdown(trust_name)
    others = int((~table["is_trust"]).sum())
    head = f"**{group} staff, {WRES.survey_year(year)} survey.**"
    if pd.isna(trust["value"]):
        return (f"{head} {name}'s figure is hidden by disclosure control (too few responses to publish), so no rank "
                f"is shown for it; the chart shows the other {_plural(others, 'organisation')}' figures.")
    value = fmt_value(trust["value"], "percent")
    if pd.isna(trust["rank"]):
        return f"{head} {name}: {value}. No other organisation has this figure in the national file, so no rank."
    parts = [f"{head} {name}: {value}, rank {_ordinal_of(trust)} organisations (rank {rank_one(indicator)}; "
             "organisations whose figures print the same share a rank)."]
    if pd.notna(trust["percentile"]):
        parts.append(f"Percentile {trust['percentile']:.0f}: better for staff than {trust['percentile']:.0f}% of the "
                     "other organisations (those with the same figure counted as half).")
    parts.append(funnel_sentence(table, indicator))
    return " ".join(p for p in parts if p)


def funnel_sentence(table: pd.DataFrame, indicator: int, levels=LEVELS) -> str:
    """Markdown: the pooled percentage and on which side of the funnel limits the trust is, or why it is not
    placed; then :func:`uncounted_note`."""
    trust = table[table["is_trust"]].iloc[0]
    counted = int(table["counted"].sum())
    note = uncounted_note(table)
    if pd.isna(table["target"].iloc[0]):
        text = ("No funnel limits: fewer than two organisations have a number of responses." if counted < 2 else
                "No funnel limits: the pooled percentage is 0% or 100%.")
        return f"{text} {note}".strip()
    pooled = (f"The pooled percentage of the {_plural(counted, 'organisation')} with a number of responses is "
              f"{fmt_value(trust['target'], 'percent')}.")
    if pd.isna(trust["outside"]):
        place = "The trust's figure has no number of responses, so it is not placed against the funnel limits."
    elif trust["outside"] == WITHIN:
        place = (f"The trust is within the {level_text(min(levels))} limits: it differs from the pooled value by no "
                 "more than chance would explain for its number of responses.")
    else:
        side = ABOVE if trust["outside"] in [outside_label(ABOVE, lv) for lv in levels] else BELOW
        place = f"The trust is {_position(trust['outside'], levels)}: {side_words(indicator, side)}."
    return " ".join(p for p in (pooled, place, note) if p)


def display_summary(summary: pd.DataFrame, trust_name: str) -> pd.DataFrame:
    """:func:`wreslib.compute.benchmark.summary` for reading: one row per indicator and group with the
    trust's figure, its rank (and what rank 1 means), percentile, the pooled percentage and the side of
    the funnel limits (words, not a ranking of the others)."""
    if summary.empty:
        return pd.DataFrame()
    rows = []
    for r in summary.to_dict("records"):
        hidden = pd.isna(r["value"])
        if hidden:
            rank = "not ranked: hidden"
        elif pd.isna(r["rank"]):
            rank = "not ranked: no other organisation"
        else:
            rank = _ordinal_of(r)
        side = "–" if pd.isna(r["outside"]) else _position(r["outside"])
        rows.append({"Indicator": _indicator(r["indicator"]).name, "Group": f"{r['group']} staff",
                     "Trust": fmt_value(r["value"], "percent", hidden),
                     "Rank": rank, "Rank 1 is": rank_one(r["indicator"]).removeprefix("1 = "),
                     "Percentile (100 = best)": "–" if pd.isna(r["percentile"]) else f"{r['percentile']:.0f}",
                     "Pooled % (with responses)": fmt_value(r["target"], "percent"),
                     "Against the funnel limits": side})
    out = pd.DataFrame(rows)
    out.attrs["caption"] = f"Where {trust_name} sits among all organisations"
    return out


# ---------------------------------------------------------------------------------------- the chart

def _title(indicator: int, group: str) -> str:
    """"Indicator 5, White staff: experiencing harassment ... (lower is better)", wrapped to fit."""
    d = _indicator(indicator)
    return textwrap.fill(f"{d.name}, {group} staff: {d.measure} ({d.better_text})", 95)


def _strip_x(table: pd.DataFrame) -> np.ndarray:
    """Deterministic horizontal positions of the strip's points: the trust at 0, the others spread
    over -0.35 to 0.35."""
    spread = np.random.default_rng(JITTER_SEED).uniform(-0.35, 0.35, len(table))
    return np.where(table["is_trust"].to_numpy(), 0.0, spread)


def plot_benchmark(table: pd.DataFrame, indicator: int, group: str, levels=LEVELS):
    """The trust among all organisations for one indicator and group: on the left a strip of every
    organisation's figure (filled circles with a number of responses, open circles without; the trust a
    large diamond), on the right, where there are limits, the funnel: the figures with responses against
    their number of responses, around the pooled percentage (solid line) with 95% (dashed) and 99.8%
    (dotted) limits. The y axis (percentage) is shared. None when no figure is shown."""
    shown = table[table["value"].notna()]
    if shown.empty:
        return None
    set_style()
    has_funnel = table["target"].notna().any()
    fig, axes = plt.subplots(1, 2 if has_funnel else 1, figsize=(8.5 if has_funnel else 5, 4.6), sharey=True,
                             squeeze=False, gridspec_kw={"width_ratios": [1, 2.4]} if has_funnel else None)
    strip = axes[0][0]
    x = _strip_x(shown)
    for mask, style, label in ((~shown["is_trust"] & shown["counted"], COUNTED_POINT, "Organisation with responses"),
                               (~shown["is_trust"] & ~shown["counted"], UNCOUNTED_POINT,
                                "Organisation without a number of responses"),
                               (shown["is_trust"], TRUST_POINT, "This trust")):
        mask = mask.to_numpy()
        if mask.any():
            strip.scatter(x[mask], shown["value"].to_numpy()[mask], label=label, **style)
    strip.set(xlim=(-0.6, 0.6), xticks=[], xlabel="All organisations", ylabel="% of staff")
    values = list(shown["value"])
    if has_funnel:
        ax = axes[0][1]
        target = float(table["target"].iloc[0])
        counted = table[table["counted"] & table["value"].notna()]
        low, high = float(counted["responses"].min()), float(counted["responses"].max())
        grid = np.union1d(np.maximum(np.round(np.geomspace(max(low * 0.9, 1), high * 1.05, 300)), 1),
                          counted["responses"].to_numpy(dtype=float))
        curves = proportion_limits(target, grid, levels)
        ax.axhline(target, color="black", linewidth=1.6, label=f"Pooled ({fmt_value(target, 'percent')})", zorder=2)
        for level, style in zip(sorted(levels), LIMIT_STYLES):
            for j, column in enumerate(limit_columns(level)):
                ax.plot(curves["size"], curves[column], color="0.35", linestyle=style, linewidth=1.2,
                        label=f"{level_text(level)} limits" if j == 0 else None, zorder=2)
        others, trust = counted[~counted["is_trust"]], counted[counted["is_trust"]]
        ax.scatter(others["responses"], others["value"], **COUNTED_POINT)
        if len(trust):
            ax.scatter(trust["responses"], trust["value"], **TRUST_POINT)
        ax.set(xlabel="Number of responses", xlim=(0, high * 1.05))
        values += list(curves.iloc[:, 1:].stack()) + [target]
        legend_below(ax, ncol=3, fontsize=8)
    low, high = min(values), max(values)
    strip.set_ylim(max(0.0, low - 2), min(100.0, high + 2))
    strip.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=8, ncol=1)
    fig.suptitle(_title(indicator, group), fontsize=10)
    fig.tight_layout()
    return fig


def benchmark_alt(table: pd.DataFrame, indicator: int, group: str, year: int, levels=LEVELS) -> str:
    """Alt text for :func:`plot_benchmark`: how many organisations, their range, the trust's figure and
    rank, and the funnel (pooled value, limits, where the trust is and how many are outside)."""
    d = _indicator(indicator)
    shown = table[table["value"].notna()]
    others = shown[~shown["is_trust"]]
    trust = table[table["is_trust"]].iloc[0]
    text = (f"Strip plot of the {WRES.survey_year(year)} NHS Staff Survey percentage of {group} staff {d.measure} "
            f"for {_plural(len(shown), 'organisation')}")
    if len(others):
        low, high = (fmt_value(v, "percent") for v in (others["value"].min(), others["value"].max()))
        text += f", from {low} to {high} among the other organisations"
    if pd.isna(trust["value"]):
        text += "; this trust's figure is hidden by disclosure control and not shown."
    elif pd.isna(trust["rank"]):
        text += f"; this trust (diamond) {fmt_value(trust['value'], 'percent')}."
    else:
        text += (f"; this trust (diamond) {fmt_value(trust['value'], 'percent')}, rank {_ordinal_of(trust)} "
                 f"(rank {rank_one(indicator)}).")
    if table["target"].notna().any():
        compared = table[table["outside"].notna()]
        styles = " and ".join(f"{level_text(lv)} ({words})" for lv, words in zip(sorted(levels), LIMIT_STYLES.values()))
        widest = max(levels)
        outside = int(compared["outside"].isin([outside_label(ABOVE, widest), outside_label(BELOW, widest)]).sum())
        text += (f" Funnel plot of the {_plural(len(compared), 'organisation')} with a number of responses against it, "
                 f"around the pooled {fmt_value(float(table['target'].iloc[0]), 'percent')} (solid line) with "
                 f"{styles} limits; {outside} outside the {level_text(widest)} limits.")
        if pd.notna(trust["outside"]):
            text += f" This trust is {_position(trust['outside'], levels)}."
    return text


def _position(outside, levels=LEVELS) -> str:
    """"within the 95% limits", "above the 99.8% limits" (an ``outside`` value in words)."""
    if outside == WITHIN:
        return f"within the {level_text(min(levels))} limits"
    side, level = next((side, lv) for side in (ABOVE, BELOW) for lv in levels if outside == outside_label(side, lv))
    return f"{side} the {level_text(level)} limits"


def benchmark_data(table: pd.DataFrame, trust_name: str, levels=LEVELS) -> pd.DataFrame:
    """The figures of :func:`plot_benchmark` for reading: one row per organisation, best rank first
    (the trust marked, its hidden figure shown as the marker): rank, name, code, percentage, number of
    responses, each level's limits at that number and where the figure is against them (or why it is not
    in the funnel). Names as given (escaped where the table is shown)."""
    order = table.assign(_hidden=table["value"].isna()).sort_values(["_hidden", "rank", bm.NAME], kind="stable",
                                                                    na_position="last")
    rows = []
    for r in order.to_dict("records"):
        hidden = bool(r["is_trust"]) and pd.isna(r["value"])
        row = {"Rank": "–" if pd.isna(r["rank"]) else f"{int(r['rank']):,}",
               "Organisation": f"{trust_name} (this trust)" if r["is_trust"] else r[bm.NAME],
               "Code": r[bm.ORGANISATION] or "–", "%": fmt_value(r["value"], "percent", hidden),
               "Responses": MARKER if hidden else fmt_value(r["responses"], "count") if pd.notna(r["responses"])
               else "–"}
        for level in levels:
            lower, upper = limit_columns(level)
            row[f"{level_text(level)} limits"] = fmt_interval(r.get(lower), r.get(upper), "percent")
        row["Position"] = _position(r["outside"], levels) if pd.notna(r["outside"]) else (r["reason"] or "–")
        rows.append(row)
    return pd.DataFrame(rows)
