"""Figures for the report: seaborn over long-form results, one colour-blind-safe palette.

Each ``plot_*`` function takes tidy results and returns a matplotlib Figure
whose title says which way the comparison points; next to it, ``*_alt``
gives the alt text (what the chart shows: first and last values and the
direction) and ``*_data`` the chart's figures as a table for reading.
:func:`show` saves the figure as PNG and displays it in a notebook as an
``<img>`` with that alt text and, collapsed under it, the data table, so the
rendered HTML is accessible and readable offline. Legends sit outside the
axes, never over the data.

Every function the WDES report needs takes ``standard`` (default the WRES):
groups, colours (:func:`colours`), indicator numbers, titles, axis labels
and the reporting year's name come from its declaration.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display here; figures are shown as embedded PNGs
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from ..standards.base import BOARD, COMPOSITION, SCORE, Standard  # noqa: E402
from ..standards.wres import WRES  # noqa: E402
from ..disclosure.engine import MARKER  # noqa: E402
from .tables import ALL_STAFF, band_composition, fmt_interval, fmt_value, survey_groups  # noqa: E402

#: seaborn's colour-blind palette, one fixed colour per group across every figure.
COLOURS = sns.color_palette("colorblind")
PALETTE = {"White": COLOURS[0], "BME": COLOURS[1], "Unknown": COLOURS[7], "Trust": COLOURS[2],
           "Average": COLOURS[7]}
_PNG_METADATA = {"Software": None}  # byte-identical PNGs on every run


def colours(standard: Standard = WRES) -> dict[str, tuple]:
    """One fixed colour per group of ``standard``, the same role the same colour in every standard: the
    reference group (White, Non-disabled) as White in :data:`PALETTE`, the focus group (BME, Disabled) as
    BME, the unknown group as Unknown, and all staff (a survey score's third line) a colour of its own."""
    c = standard.characteristic
    return {c.reference: PALETTE["White"], c.focus: PALETTE["BME"], c.unknown: PALETTE["Unknown"],
            ALL_STAFF: COLOURS[4]}


def set_style() -> None:
    """The pack's chart theme (seaborn whitegrid, the colour-blind palette); called before every figure."""
    sns.set_theme(style="whitegrid", context="notebook", palette=list(PALETTE.values()))


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (deterministic: no software or date metadata)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata=_PNG_METADATA)
    return buffer.getvalue()


def figure_html(fig, alt: str) -> str:
    """An ``<img>`` with the figure embedded as a data URI and ``alt`` text."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"></figure>'


def data_html(data: pd.DataFrame, caption: str = "Data for this chart") -> str:
    """``data`` (already formatted for reading, hidden figures shown as the marker) as a collapsed
    ``<details>`` block with a captioned table."""
    table = data.to_html(index=False, border=0, na_rep="–", escape=True)
    table = table.replace(">\n", f">\n<caption>{html.escape(caption)}</caption>\n", 1)
    return f"<details><summary>Data for this chart</summary>{table}</details>"


def show(fig, alt: str, name: str | None = None, figures_dir: str | Path | None = None,
         data: pd.DataFrame | None = None):
    """Save ``fig`` as ``figures_dir/name.png`` (when both are given), close it and
    return an IPython HTML object showing it with ``alt`` text and, when ``data``
    is given (a table of the chart's figures, e.g. from a ``*_data`` function),
    that table collapsed under the image ("Data for this chart").

    If the plot left out hidden figures (``fig.left_out``, set by the
    ``plot_*`` functions), that sentence is added to the alt text and shown
    as the caption. ``fig`` None (a ``plot_*`` function with nothing to draw) shows nothing: the
    section's sentence says what is missing.
    """
    from IPython.display import HTML

    if fig is None:
        return None

    if name and figures_dir:
        Path(figures_dir).mkdir(parents=True, exist_ok=True)
        (Path(figures_dir) / f"{name}.png").write_bytes(figure_png(fig))
    left_out = getattr(fig, "left_out", "")
    markup = figure_html(fig, f"{alt} {left_out}".strip())
    if left_out:
        markup = markup.replace("</figure>", f"<figcaption>{html.escape(left_out)}</figcaption></figure>")
    if data is not None and len(data):
        title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else \
            next((ax.get_title() for ax in fig.axes if ax.get_title()), "")
        markup += data_html(data, f"Data for this chart: {title}" if title else "Data for this chart")
    plt.close(fig)
    return HTML(markup)


def legend_below(ax, ncol: int = 4, skip: tuple = (), **kw) -> None:
    """The axes' legend under the plot area (outside the axes, so it never covers data); entries
    labelled as in ``skip`` (seaborn's headings such as "group") are left out."""
    pairs = [(h, lab) for h, lab in zip(*ax.get_legend_handles_labels()) if lab not in skip]
    handles, labels = [h for h, _ in pairs], [lab for _, lab in pairs]
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if handles:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=min(ncol, len(labels)),
                  frameon=False, **kw)


def trend_words(first: float, last: float, first_year, last_year, kind: str = "percent") -> str:
    """How a figure moved between two years, in words: "rose from 12.5% in 2020 to 25.0% in 2024",
    "fell from ...", "stayed at 12.5% from 2020 to 2024", or "was 12.5% in 2024" (one year).

    >>> trend_words(12.5, 25.0, 2020, 2024)
    'rose from 12.5% in 2020 to 25.0% in 2024'
    >>> trend_words(1.55, 1.32, 2020, 2024, "ratio")
    'fell from 1.55 in 2020 to 1.32 in 2024'
    """
    def fmt(v):
        return f"{v:.1f}%" if kind == "percent" else f"{v:.1f}" if kind == "score" else f"{v:.2f}"

    if first_year == last_year:
        return f"was {fmt(last)} in {last_year}"
    if fmt(first) == fmt(last):
        return f"stayed at {fmt(last)} from {first_year} to {last_year}"
    return f"{'rose' if last > first else 'fell'} from {fmt(first)} in {first_year} to {fmt(last)} in {last_year}"


def _series_words(rows: pd.DataFrame, x: str = "year", kind: str = "percent") -> str:
    """:func:`trend_words` over the shown (non-missing) values of ``rows``, ordered by ``x``."""
    rows = rows.dropna(subset=["value"]).sort_values(x)
    if rows.empty:
        return "is not shown (hidden to protect small numbers)"
    a, b = rows.iloc[0], rows.iloc[-1]
    return trend_words(a["value"], b["value"], int(a[x]), int(b[x]), kind)


def _hidden(rows: pd.DataFrame) -> pd.Series:
    return rows.get("suppressed", pd.Series(False, index=rows.index)).fillna(False).astype(bool) | rows["value"].isna()


def _left_out(fig, hidden: pd.DataFrame, what: str):
    """Record on ``fig`` which hidden figures the plot leaves out (see :func:`show`)."""
    n = len(hidden)
    fig.left_out = "" if n == 0 else (f"{n} {what}{'' if n == 1 else 's'} not shown: hidden to protect small "
                                      "numbers.")
    return fig


def _overall(results: pd.DataFrame, year: int, standard: Standard) -> pd.Series:
    """The focus group's % of the whole workforce in ``year`` (the composition indicator's ``Overall``)."""
    c = standard.characteristic
    return results[(results["year"] == year) & (results["indicator"] == standard.of_kind(COMPOSITION)[0])
                   & (results["breakdown"] == "Overall") & (results["metric"] == c.metrics[c.focus])]["value"]


def plot_band_bme(results: pd.DataFrame, year: int, standard: Standard = WRES):
    """Horizontal bars: the focus group's % (BME %; Disabled %) of staff in each band, one panel per
    cluster, with its overall workforce % as a dashed line (for the WRES the Model Employer benchmark)."""
    c = standard.characteristic
    metric = c.metrics[c.focus]
    hidden_column = metric.removesuffix("_percent") + "_hidden"
    spec = standard.indicators[standard.of_kind(COMPOSITION)[0]]
    bands = band_composition(results, year, standard)
    bands = bands[bands["band"] != "All"]
    if bands.empty:  # no band data (indicator 1 overall only, or none): the section says so
        return None
    set_style()
    clusters = list(dict.fromkeys(bands["cluster"])) or ["Overall"]
    hidden = bands[bands[hidden_column]]
    bands = bands[~bands[hidden_column]]
    overall = _overall(results, year, standard)
    fig, axes = plt.subplots(1, len(clusters), figsize=(4.2 * len(clusters), 5), sharex=True, squeeze=False)
    for ax, cluster in zip(axes[0], clusters):
        data = bands[bands["cluster"] == cluster]
        sns.barplot(data=data, y="band", x=metric, color=colours(standard)[c.focus], ax=ax, orient="h")
        if len(overall):
            ax.axvline(overall.iloc[0], color="black", linestyle="--", linewidth=1)
        ax.set(title=cluster, xlabel=spec.axis_label, ylabel="", xlim=(0, 100))
    fig.suptitle(spec.plot_title.format(year=year))
    fig.tight_layout()
    return _left_out(fig, hidden, "band")


def band_bme_alt(results: pd.DataFrame, year: int, standard: Standard = WRES) -> str:
    """Alt text for :func:`plot_band_bme`: the lowest and highest band of each cluster and the focus group's
    overall %."""
    c = standard.characteristic
    metric = c.metrics[c.focus]
    bands = band_composition(results, year, standard)
    bands = bands[(bands["band"] != "All") & ~bands[metric.removesuffix("_percent") + "_hidden"]].dropna(
        subset=[metric])
    parts = []
    for cluster, part in bands.groupby("cluster", sort=False):
        low, high = part.loc[part[metric].idxmin()], part.loc[part[metric].idxmax()]
        parts.append(f"{cluster} from {low[metric]:.1f}% in {low['band']} to {high[metric]:.1f}% "
                     f"in {high['band']}")
    overall = _overall(results, year, standard).dropna()
    against = f", against {overall.iloc[0]:.1f}% of the whole workforce (dashed line)" if len(overall) else ""
    return (f"Bar chart: {c.focus} percentage of staff in each pay band in {year}, lowest to highest band: "
            f"{'; '.join(parts) or 'no band shown'}{against}.")


def band_bme_data(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The figures of :func:`plot_band_bme` for reading: cluster, band, the focus group's % with its 95%
    interval."""
    c = standard.characteristic
    metric = c.metrics[c.focus]
    name = metric.removesuffix("_percent")
    bands = band_composition(results, year, standard)
    bands = bands[bands["band"] != "All"]
    return pd.DataFrame({
        "Cluster": bands["cluster"], "Band": bands["band"],
        f"{c.focus} %": [fmt_value(v, "percent", h) for v, h in zip(bands[metric], bands[f"{name}_hidden"])],
        "95% interval": [fmt_interval(lo, hi, "percent", h) for lo, hi, h in
                         zip(bands[f"{name}_ci_low"], bands[f"{name}_ci_high"], bands[f"{name}_hidden"])],
    })


def _likelihood_words(indicator: int | str, standard: Standard = WRES) -> str:
    """"the White to BME relative likelihood of appointment from shortlisting" (alt text)."""
    ind = standard.indicators[indicator]
    return f"the {ind.numerator} to {ind.denominator} relative likelihood of {ind.what}"


def _likelihood_rows(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> pd.DataFrame:
    return results[(results["indicator"] == indicator)
                   & (results["breakdown"] == standard.indicators[indicator].breakdown)
                   & (results["metric"] == "relative_likelihood")].sort_values("year")


def likelihood_alt(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> str:
    """Alt text for :func:`plot_likelihood_trend`, e.g. "Line chart: the White to BME relative
    likelihood of appointment from shortlisting fell from 1.55 in 2020 to 1.32 in 2024 (1.00 = equal),
    with 95% intervals." """
    rows = _likelihood_rows(results, indicator, standard)
    rows = rows[~_hidden(rows)]
    words = _series_words(rows, kind="ratio")
    where = ""
    if len(rows):
        last = rows.iloc[-1]
        side = ("above" if last["ci_low"] > 1 else "below" if last["ci_high"] < 1 else "not clearly different from") \
            if pd.notna(last["ci_low"]) else "compared with"
        where = f"; the latest interval is {side} 1.00 (equal)"
    return f"Line chart: {_likelihood_words(indicator, standard)} {words} (1.00 = equal), with 95% intervals{where}."


def likelihood_data(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> pd.DataFrame:
    """The figures of :func:`plot_likelihood_trend` for reading: year, relative likelihood, 95% interval."""
    rows = _likelihood_rows(results, indicator, standard)
    hidden = _hidden(rows)
    return pd.DataFrame({
        "Year": rows["year"].astype(int).astype(str),
        "Relative likelihood": [MARKER if h else fmt_value(v, "ratio") for v, h in zip(rows["value"], hidden)],
        "95% interval": [fmt_interval(lo, hi, "ratio", h) for lo, hi, h in zip(rows["ci_low"], rows["ci_high"], hidden)],
    })


def plot_likelihood_trend(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES):
    """Relative likelihood by year with 95% intervals and a line at 1.00 (equal): the indicator's
    headline figure (the single-year one where there is also a two-year one)."""
    rows = _likelihood_rows(results, indicator, standard)
    if rows.empty:
        return None
    set_style()
    hidden = rows[_hidden(rows)]
    rows = rows[~_hidden(rows)]  # a hidden year is left out: no point, no bare interval
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(rows["year"], rows["value"], "o-", color=PALETTE["Trust"])
    ci = rows.dropna(subset=["ci_low", "ci_high"])
    if len(ci):
        ax.errorbar(ci["year"], ci["value"], yerr=[ci["value"] - ci["ci_low"], ci["ci_high"] - ci["value"]],
                    fmt="none", ecolor=PALETTE["Trust"], capsize=4)
    ax.axhline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set(xlabel=f"{standard.abbreviation} reporting year", ylabel=standard.indicators[indicator].axis_label,
           xticks=rows["year"].tolist(),
           ylim=(0, max(2.0, float(rows[["value", "ci_high"]].max().max()) * 1.1) if len(rows) else 2))
    ax.set_title(standard.indicators[indicator].plot_title, fontsize=10)
    fig.tight_layout()
    return _left_out(fig, hidden, "year")


#: The board chart's series: label, colour, line style and marker, each different from every other
#: series' (so lines that overlap, e.g. the whole board and its voting members, stay distinguishable).
BOARD_SERIES = {
    "All": ("Whole board", COLOURS[0], "-", "o"),
    "Voting": ("Voting members", COLOURS[2], "--", "s"),
    "Executive": ("Executive members", COLOURS[4], ":", "^"),
    "Workforce": ("Workforce", "black", "-.", "D"),
}


def _board_rows(results: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    c = standard.characteristic
    n = standard.of_kind(BOARD)[0]
    rows = results[(results["indicator"] == n) & results["metric"].isin(["board_" + c.metrics[c.focus]])]
    workforce = results[(results["indicator"] == n) & (results["breakdown"] == "All")
                        & (results["metric"] == "workforce_" + c.metrics[c.focus])].assign(breakdown="Workforce")
    return pd.concat([rows, workforce]).sort_values("year")


def board_alt(results: pd.DataFrame, standard: Standard = WRES) -> str:
    """Alt text for :func:`plot_board`, e.g. "Line chart: BME percentage of the board rose from 12.5% in
    2020 to 25.0% in 2024, against 60.1% of the workforce; ..." """
    data = _board_rows(results, standard)
    data = data[~_hidden(data)]
    part = {key: data[data["breakdown"] == key] for key in BOARD_SERIES}
    workforce = part["Workforce"]
    against = (f", against {workforce.iloc[-1]['value']:.1f}% of the workforce in {int(workforce.iloc[-1]['year'])}"
               if len(workforce) else "")
    focus = standard.characteristic.focus
    sentence = f"Line chart: {focus} percentage of the board {_series_words(part['All'])}{against}"
    others = [f"{BOARD_SERIES[k][0].lower()} {_series_words(part[k])}" for k in ("Voting", "Executive") if len(part[k])]
    if len(workforce) > 1:
        others.append(f"the workforce {_series_words(workforce)}")
    return sentence + ("; " + "; ".join(others) if others else "") + "."


def board_data(results: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The figures of :func:`plot_board` for reading: one row per year, one column per series (BME %)."""
    data = _board_rows(results, standard)
    data = data.assign(shown=[MARKER if h else fmt_value(v, "percent") for v, h in zip(data["value"], _hidden(data))])
    table = data.pivot_table(index="year", columns="breakdown", values="shown", aggfunc="first")
    table = table.reindex(columns=[k for k in BOARD_SERIES if k in table.columns])
    table.columns = [f"{BOARD_SERIES[k][0]}: {standard.characteristic.focus} %" for k in table.columns]
    return table.reset_index().rename(columns={"year": "Year"}).astype({"Year": int}).astype({"Year": str})


def plot_board(results: pd.DataFrame, standard: Standard = WRES):
    """The focus group's % (BME %; Disabled %) of the board (all, executive, voting) and of the workforce
    by year: each series with its own colour, line style and marker (:data:`BOARD_SERIES`), the legend
    under the plot."""
    data = _board_rows(results, standard)
    if data.empty:
        return None
    set_style()
    hidden = data[data["value"].isna()]
    data = data.dropna(subset=["value"])
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for key, (label, colour, dashes, marker) in BOARD_SERIES.items():
        part = data[data["breakdown"] == key]
        if len(part):
            # The whole board drawn wide underneath: where voting members are the whole board, both show.
            ax.plot(part["year"], part["value"], color=colour, linestyle=dashes, marker=marker, label=label,
                    linewidth=4 if key == "All" else 1.6, markersize=11 if key == "All" else 7,
                    markerfacecolor="white" if key == "Voting" else colour, zorder=2 if key == "All" else 3)
    spec = standard.indicators[standard.of_kind(BOARD)[0]]
    ax.set(xlabel=f"{standard.abbreviation} reporting year", ylabel=spec.axis_label, ylim=(0, 100),
           xticks=sorted(data["year"].unique()))
    ax.set_title(spec.plot_title, fontsize=10)
    legend_below(ax)
    fig.tight_layout()
    return _left_out(fig, hidden, "board figure")


def _survey_groups(standard: Standard, indicator: int | str) -> list[tuple[str, str]]:
    """(group, metric) of a survey figure's lines in legend order: the reference group first (White, BME),
    all staff last (a score)."""
    rank = {standard.characteristic.reference: 0, standard.characteristic.focus: 1, ALL_STAFF: 2}
    return sorted(survey_groups(standard, indicator), key=lambda g: rank[g[0]])


def _survey_rows(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> pd.DataFrame:
    groups = {m: g for g, m in _survey_groups(standard, indicator)}
    groups |= {"benchmark_" + m: g for m, g in groups.items()}
    rows = results[(results["indicator"] == indicator) & (results["breakdown"] == "All")
                   & results["metric"].isin(list(groups))].copy()
    rows["survey year"] = standard.survey_year(rows["year"])
    rows["group"] = rows["metric"].map(groups)
    rows["source"] = rows["metric"].map(lambda m: "National average" if m.startswith("benchmark") else "Trust")
    return rows.sort_values("survey year")


def survey_alt(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> str:
    """Alt text for :func:`plot_survey_trend`: the trust's figures for each group (BME, then White) from
    the first to the last survey year and the latest national averages."""
    spec = standard.indicators[indicator]
    kind = spec.unit
    unit = "%" if kind == "percent" else ""
    order = [g for g, _ in survey_groups(standard, indicator)]
    rows = _survey_rows(results, indicator, standard)
    rows = rows[~_hidden(rows)]
    trust = rows[rows["source"] == "Trust"]
    parts = [f"{_staff(g)} {_series_words(trust[trust['group'] == g], x='survey year', kind=kind)}" for g in order]
    national = rows[rows["source"] == "National average"]
    if len(national):
        latest = national[national["survey year"] == national["survey year"].max()]
        values = {g: latest[latest["group"] == g]["value"] for g in order}
        parts.append("national average in " + str(int(latest["survey year"].iloc[0])) + ": " + ", ".join(
            f"{_staff(g, national=True)} {v.iloc[0]:.1f}{unit}" for g, v in values.items() if len(v)))
    topic = spec.plot_title
    return (f"Line chart, NHS Staff Survey {spec.name.lower()}, {topic[0].lower()}{topic[1:]}: " + "; ".join(parts)
            + ".")


def _staff(group: str, national: bool = False) -> str:
    """A group in alt text: "BME staff" (before a trend), "BME" (before a national average); all staff
    are "all staff" in both."""
    return "all staff" if group == ALL_STAFF else group if national else f"{group} staff"


def survey_data(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES) -> pd.DataFrame:
    """The figures of :func:`plot_survey_trend` for reading: one row per survey year (trust with 95%
    intervals, and the national average, for each group: White and BME staff). A score has no interval."""
    spec = standard.indicators[indicator]
    kind = spec.unit
    unit = "%" if kind == "percent" else "score"
    groups = [g for g, _ in _survey_groups(standard, indicator)]
    rows = _survey_rows(results, indicator, standard)
    rows = rows.assign(hidden=_hidden(rows))
    out = []
    for year, part in rows.groupby("survey year"):
        cells = {"Survey year": str(int(year))}
        for source, group in [("Trust", g) for g in groups] + [("National average", g) for g in groups]:
            r = part[(part["source"] == source) & (part["group"] == group)]
            name = f"{group} {unit}: {'trust' if source == 'Trust' else 'national average'}"
            if r.empty:
                cells[name] = "–"
                continue
            r = r.iloc[0]
            cells[name] = MARKER if r["hidden"] and source == "Trust" else fmt_value(r["value"], kind)
            if source == "Trust" and kind == "percent":
                cells[f"{group} 95% interval"] = fmt_interval(r["ci_low"], r["ci_high"], "percent", bool(r["hidden"]))
        out.append(cells)
    return pd.DataFrame(out)


def plot_survey_trend(results: pd.DataFrame, indicator: int | str, standard: Standard = WRES):
    """A staff survey figure (WRES indicators 5-8; WDES 4a-i to 9a) by survey year: the trust (solid)
    against the national average (dashed), for each group (White and BME staff; Disabled staff only for
    WDES metric 8; all staff too for a score), with 95% intervals for the trust's percentages (a score
    has none). ``results`` is the results contract with survey rows."""
    spec = standard.indicators[indicator]
    rows = _survey_rows(results, indicator, standard)
    if rows.empty:
        return None
    set_style()
    hidden = rows[(rows["source"] == "Trust") & rows["value"].isna()
                  & rows.get("suppressed", pd.Series(False, index=rows.index)).astype(bool)]
    rows = rows.dropna(subset=["value"])
    groups = [g for g, _ in _survey_groups(standard, indicator)]
    palette = colours(standard)
    fig, ax = plt.subplots(figsize=(7.5, 4))
    sns.lineplot(data=rows, x="survey year", y="value", hue="group", style="source", markers=True,
                 hue_order=groups, style_order=["Trust", "National average"],
                 palette={g: palette[g] for g in groups}, ax=ax)
    trust = rows[rows["source"] == "Trust"].dropna(subset=["ci_low"])
    for group, part in trust.groupby("group"):
        ax.fill_between(part["survey year"], part["ci_low"], part["ci_high"], color=palette[group], alpha=0.15)
    ax.set(xlabel="NHS Staff Survey year", ylabel=spec.axis_label,
           xticks=sorted(rows["survey year"].unique()))
    if spec.kind == SCORE:
        ax.set(ylim=(0, spec.scale))
    ax.set_title(spec.plot_title, fontsize=10)
    legend_below(ax, ncol=4, skip=("group", "source"), fontsize=8)
    fig.tight_layout()
    return _left_out(fig, hidden, "survey figure")
