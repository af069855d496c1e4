"""Figures for the report: seaborn over long-form results, one colour-blind-safe palette.

Each ``plot_*`` function takes tidy results and returns a matplotlib Figure
whose title says which way the comparison points; :func:`show` saves it as
PNG and displays it in a notebook as an ``<img>`` with alt text, so the
rendered HTML is accessible and readable offline.
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

from .definitions import INDICATORS  # noqa: E402
from .tables import band_composition  # noqa: E402

#: seaborn's colour-blind palette, one fixed colour per group across every figure.
_COLOURS = sns.color_palette("colorblind")
PALETTE = {"White": _COLOURS[0], "BME": _COLOURS[1], "Unknown": _COLOURS[7], "Trust": _COLOURS[2],
           "Average": _COLOURS[7]}
_PNG_METADATA = {"Software": None}  # byte-identical PNGs on every run


def _style() -> None:
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


def show(fig, alt: str, name: str | None = None, figures_dir: str | Path | None = None):
    """Save ``fig`` as ``figures_dir/name.png`` (when both are given), close it and
    return an IPython HTML object showing it with ``alt`` text.

    If the plot left out hidden figures (``fig.left_out``, set by the
    ``plot_*`` functions), that sentence is added to the alt text and shown
    as the caption.
    """
    from IPython.display import HTML

    if name and figures_dir:
        Path(figures_dir).mkdir(parents=True, exist_ok=True)
        (Path(figures_dir) / f"{name}.png").write_bytes(figure_png(fig))
    left_out = getattr(fig, "left_out", "")
    markup = figure_html(fig, f"{alt} {left_out}".strip())
    if left_out:
        markup = markup.replace("</figure>", f"<figcaption>{html.escape(left_out)}</figcaption></figure>")
    plt.close(fig)
    return HTML(markup)


def _left_out(fig, hidden: pd.DataFrame, what: str):
    """Record on ``fig`` which hidden figures the plot leaves out (see :func:`show`)."""
    n = len(hidden)
    fig.left_out = "" if n == 0 else (f"{n} {what}{'' if n == 1 else 's'} not shown: hidden to protect small "
                                      "numbers.")
    return fig


def plot_band_bme(results: pd.DataFrame, year: int):
    """Horizontal bars: BME % of staff in each band, one panel per cluster, with
    the overall workforce BME % as a dashed line (the Model Employer benchmark)."""
    _style()
    bands = band_composition(results, year)
    bands = bands[bands["band"] != "All"]
    clusters = list(dict.fromkeys(bands["cluster"])) or ["Overall"]
    hidden = bands[bands["bme_hidden"]]
    bands = bands[~bands["bme_hidden"]]
    overall = results[(results["year"] == year) & (results["indicator"] == 1) & (results["breakdown"] == "Overall")
                      & (results["metric"] == "bme_percent")]["value"]
    fig, axes = plt.subplots(1, len(clusters), figsize=(4.2 * len(clusters), 5), sharex=True, squeeze=False)
    for ax, cluster in zip(axes[0], clusters):
        data = bands[bands["cluster"] == cluster]
        sns.barplot(data=data, y="band", x="bme_percent", color=PALETTE["BME"], ax=ax, orient="h")
        if len(overall):
            ax.axvline(overall.iloc[0], color="black", linestyle="--", linewidth=1)
        ax.set(title=cluster, xlabel=INDICATORS[1].axis_label, ylabel="", xlim=(0, 100))
    fig.suptitle(INDICATORS[1].plot_title.format(year=year))
    fig.tight_layout()
    return _left_out(fig, hidden, "band")


def plot_likelihood_trend(results: pd.DataFrame, indicator: int):
    """Relative likelihood by year with 95% intervals and a line at 1.00 (equal)."""
    _style()
    rows = results[(results["indicator"] == indicator) & (results["breakdown"] == INDICATORS[indicator].breakdown)
                   & (results["metric"] == "relative_likelihood")].sort_values("year")
    hidden = rows[rows.get("suppressed", pd.Series(False, index=rows.index)).astype(bool)]
    rows = rows.dropna(subset=["value"])
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.errorbar(rows["year"], rows["value"], yerr=[rows["value"] - rows["ci_low"], rows["ci_high"] - rows["value"]],
                fmt="o-", color=PALETTE["Trust"], capsize=4)
    ax.axhline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set(xlabel="WRES reporting year", ylabel=INDICATORS[indicator].axis_label,
           xticks=rows["year"].tolist(), ylim=(0, max(2.0, float(rows["ci_high"].max()) * 1.1) if len(rows) else 2))
    ax.set_title(INDICATORS[indicator].plot_title, fontsize=10)
    fig.tight_layout()
    return _left_out(fig, hidden, "year")


def plot_board(results: pd.DataFrame):
    """BME % of the board (all, executive, voting) and of the workforce by year."""
    _style()
    rows = results[(results["indicator"] == 9) & results["metric"].isin(["board_bme_percent"])]
    workforce = results[(results["indicator"] == 9) & (results["breakdown"] == "All")
                        & (results["metric"] == "workforce_bme_percent")].assign(breakdown="Workforce")
    data = pd.concat([rows, workforce])
    hidden = data[data["value"].isna()]
    data = data.dropna(subset=["value"])
    fig, ax = plt.subplots(figsize=(7, 3.8))
    sns.lineplot(data=data, x="year", y="value", hue="breakdown", style="breakdown", markers=True, ax=ax,
                 palette=sns.color_palette("colorblind", data["breakdown"].nunique()))
    ax.set(xlabel="WRES reporting year", ylabel=INDICATORS[9].axis_label, ylim=(0, 100), xticks=sorted(data["year"].unique()))
    ax.set_title(INDICATORS[9].plot_title, fontsize=10)
    ax.legend(title="")
    fig.tight_layout()
    return _left_out(fig, hidden, "board figure")


def plot_survey_trend(results: pd.DataFrame, indicator: int):
    """Staff survey indicator 5-8 by survey year: the trust (solid) against the
    national average (dashed), for White and BME staff, with 95% intervals
    for the trust. ``results`` is the results contract with survey rows."""
    _style()
    rows = results[(results["indicator"] == indicator) & (results["breakdown"] == "All")
                   & results["metric"].isin(["white_percent", "bme_percent", "benchmark_white_percent",
                                             "benchmark_bme_percent"])].copy()
    rows["survey year"] = rows["year"] - 1
    rows["group"] = rows["metric"].map(lambda m: "BME" if "bme" in m else "White")
    rows["source"] = rows["metric"].map(lambda m: "National average" if m.startswith("benchmark") else "Trust")
    hidden = rows[(rows["source"] == "Trust") & rows["value"].isna()
                  & rows.get("suppressed", pd.Series(False, index=rows.index)).astype(bool)]
    rows = rows.dropna(subset=["value"])
    fig, ax = plt.subplots(figsize=(7.5, 4))
    sns.lineplot(data=rows, x="survey year", y="value", hue="group", style="source", markers=True,
                 hue_order=["White", "BME"], style_order=["Trust", "National average"],
                 palette={"White": PALETTE["White"], "BME": PALETTE["BME"]}, ax=ax)
    trust = rows[rows["source"] == "Trust"].dropna(subset=["ci_low"])
    for group, part in trust.groupby("group"):
        ax.fill_between(part["survey year"], part["ci_low"], part["ci_high"], color=PALETTE[group], alpha=0.15)
    ax.set(xlabel="NHS Staff Survey year", ylabel=INDICATORS[indicator].axis_label, xticks=sorted(rows["survey year"].unique()))
    ax.set_title(INDICATORS[indicator].plot_title, fontsize=10)
    ax.legend(title="", fontsize=8)
    fig.tight_layout()
    return _left_out(fig, hidden, "survey figure")
