"""Tables for the report, built from the results contract.

Two kinds of function: ones that select and shape tidy results (numbers at
full precision), and ``display_*`` ones that round for reading. Round only
for display.

Pass results that went through :func:`wreslib.disclosure.engine.suppress_results`
(what :func:`wreslib.publish.pipeline.report_results` returns) for anything a
reviewer sees: a hidden figure is NaN with ``suppressed`` True, and the
display functions show :data:`wreslib.disclosure.engine.MARKER` for it. A table
figure built from several results is hidden when any of them is.

Every function the WDES report needs takes ``standard`` (a
:class:`~wreslib.standards.base.Standard`, default the WRES) and reads from
its declaration the groups (``standard.characteristic``: the focus group
first, as BME is in the WRES), the metric names
(``characteristic.metrics``), which indicators are of which kind
(``standard.of_kind``), titles, ratio labels and better/worse. Frames name
their columns after the standard's metrics: ``bme_percent`` and ``bme``
(the count) for the WRES, ``disabled_percent`` and ``disabled`` for the WDES.
"""
from __future__ import annotations

import html
import math

import pandas as pd

from ..inputs import datanotes
from ..inputs.counts import CLUSTERS
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Standard
from ..standards.wres import WRES
from ..disclosure.engine import GENERIC_FOOTNOTE, MARKER
from ..compute.indicators import OVERALL, find
from ..compute.stats import newcombe_difference

#: The group label of a survey score's all-staff figure (metric ``score``).
ALL_STAFF = "All staff"
#: The composition breakdowns of the summary table besides the overall one: (breakdown, as the label says it).
_ESR_BREAKDOWNS = [("Non-clinical", "non-clinical"), ("Clinical", "clinical"),
                   ("Medical and Dental", "medical and dental"), ("Overall including bank", "including bank staff")]


def _only(standard: Standard, kind: str):
    """The number of the standard's one indicator of ``kind`` (composition, board)."""
    return standard.of_kind(kind)[0]


def _focus_metric(standard: Standard) -> str:
    """The results metric of the focus group's percentage ("bme_percent", "disabled_percent")."""
    c = standard.characteristic
    return c.metrics[c.focus]


def _count_name(metric: str) -> str:
    """A group's count column, named after its percentage metric: "bme_percent" -> "bme"."""
    return metric.removesuffix("_percent")


def esr_rows(standard: Standard = WRES) -> list[tuple]:
    """The rows of the summary table of figures from workforce records (the seed report's ESR table):
    (label, indicator, breakdown, metric, kind), in the declaration's order: the focus group's % of the
    workforce (overall, by cluster, with bank staff), each likelihood (and its two-year figure), the board."""
    c = standard.characteristic
    focus = _focus_metric(standard)
    rows = []
    for n in standard.of_kind(COMPOSITION):
        d = standard.indicators[n]
        rows.append((f"{d.title}, overall", n, "Overall", focus, "percent"))
        rows += [(f"{d.name}: {c.focus} %, {words}", n, breakdown, focus, "percent")
                 for breakdown, words in _ESR_BREAKDOWNS]
    for n in standard.of_kind(LIKELIHOOD):
        d = standard.indicators[n]
        rows.append((f"{d.title}, {d.ratio_label}", n, d.breakdown, "relative_likelihood", "ratio"))
        if d.two_year:
            rows.append((f"{d.name}: two-year, {d.ratio_label}", n, "two-year", "relative_likelihood", "ratio"))
    for n in standard.of_kind(BOARD):
        d = standard.indicators[n]
        rows += [(f"{d.title}, overall (pp)", n, "All", "difference_pp", "pp"),
                 (f"{d.name}: executive members (pp)", n, "Executive", "difference_pp", "pp"),
                 (f"{d.name}: voting members (pp)", n, "Voting", "difference_pp", "pp")]
    order = list(standard.indicators)
    return sorted(rows, key=lambda r: order.index(r[1]))  # the two-year figure after the single-year one


#: The WRES's rows of :func:`esr_rows`.
ESR_ROWS = esr_rows(WRES)

Z95 = 1.959963984540054


def is_hidden(row: pd.Series | None) -> bool:
    """Whether a results row was hidden by disclosure control."""
    return row is not None and bool(row.get("suppressed", False))


def change_hidden(row: pd.Series | None) -> bool:
    """Whether a results row's ``change`` was hidden (its previous-year figure is hidden)."""
    return row is not None and (is_hidden(row) or "change not shown" in str(row.get("note", "")))


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def ratio_change_significant(now: pd.Series, before: pd.Series) -> bool | None:
    """Is the change between two likelihood ratios beyond chance? None if unknown.

    A two-sided z-test at the 5% level on the log scale; standard errors of
    log ratios are recovered from the 95% intervals (years treated as
    independent, which is approximate for a workforce that largely stays).
    """
    values = [now["value"], now["ci_low"], now["ci_high"], before["value"], before["ci_low"], before["ci_high"]]
    if any(_missing(v) or v <= 0 for v in values):
        return None
    se_now = (math.log(now["ci_high"]) - math.log(now["ci_low"])) / (2 * Z95)
    se_before = (math.log(before["ci_high"]) - math.log(before["ci_low"])) / (2 * Z95)
    z = (math.log(now["value"]) - math.log(before["value"])) / math.hypot(se_now, se_before)
    return abs(z) > Z95


def percent_change_significant(now: pd.Series, before: pd.Series) -> bool | None:
    """Is the change between two percentages beyond chance (Newcombe interval excludes 0)?"""
    counts = [now["numerator"], now["denominator"], before["numerator"], before["denominator"]]
    if any(_missing(c) for c in counts) or now["denominator"] == 0 or before["denominator"] == 0:
        return None
    _, low, high = newcombe_difference(int(now["numerator"]), int(now["denominator"]), int(before["numerator"]),
                                       int(before["denominator"]))
    return not (low <= 0 <= high)


def change_significant(results: pd.DataFrame, row: pd.Series | None, standard: Standard = WRES) -> bool | None:
    """Whether ``row``'s change from the previous year is beyond chance: True, False, or None
    where there is no interval (the board differences, published figures without counts, survey
    scores, hidden figures)."""
    if row is None or is_hidden(row) or change_hidden(row) or _missing(row["change"]):
        return None
    before = find(results, row["year"] - 1, row["indicator"], row["breakdown"], row["metric"])
    if before is None or is_hidden(before):
        return None
    if row["metric"] == "relative_likelihood":
        return ratio_change_significant(row, before)
    c = standard.characteristic
    if row["metric"] in (c.metrics[c.focus], c.metrics[c.reference], "percent") and \
            row["indicator"] not in standard.of_kind(BOARD):
        return percent_change_significant(row, before)
    return None


def esr_summary(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The executive summary's ESR table for ``year``: the rows of :func:`esr_rows` (WRES indicators
    1-4 and 9; WDES metrics 1, 2, 3 and 10).

    Columns: ``measure``, ``indicator``, ``kind`` (percent, ratio or pp),
    ``value``, ``ci_low``, ``ci_high``, ``change`` (from the previous year, in
    the value's unit: percentage points for percentages), ``significant``
    (whether the change is beyond chance; None without an interval) and
    ``distance_from_equity`` as :func:`wreslib.standards.wres.distance_from_equity`
    defines it: ratio minus 1 for likelihoods (0 = equal), empty for
    composition and the board (the board figure already is a difference). Rows
    whose figure is not in ``results`` are left out. Full precision.
    """
    rows = []
    for label, indicator, breakdown, metric, kind in esr_rows(standard):
        row = find(results, year, indicator, breakdown, metric)
        if row is None:
            continue
        rows.append(dict(measure=label, indicator=indicator, kind=kind, value=row["value"], ci_low=row["ci_low"],
                         ci_high=row["ci_high"], change=row["change"],
                         significant=change_significant(results, row, standard),
                         distance_from_equity=standard.indicators[indicator].distance(row["value"]),
                         suppressed=is_hidden(row), change_suppressed=change_hidden(row),
                         note=row["note"] if isinstance(row["note"], str) else ""))
    return pd.DataFrame(rows, columns=["measure", "indicator", "kind", "value", "ci_low", "ci_high", "change",
                                       "significant", "distance_from_equity", "suppressed", "change_suppressed",
                                       "note"])


def band_composition(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The composition indicator (WRES 1, WDES 1) by cluster and band for ``year``, in report order.

    Columns ``cluster``, ``band`` (``All`` for the cluster total), ``staff``
    (headcount), then for the focus, reference and unknown groups their
    counts and percentages (0-100, the unknown group in the denominator),
    named after the standard's metrics: for the WRES ``bme``, ``white``,
    ``unknown``, ``bme_percent``, ``white_percent``, ``unknown_percent``;
    then the focus group's ``bme_ci_low``/``bme_ci_high``, ``bme_change``
    (pp), ``bme_significant`` (the change beyond chance: True, False or
    None), and ``bme_hidden``, ``white_hidden``, ``unknown_hidden``,
    ``change_hidden`` (hidden by disclosure control).
    """
    c = standard.characteristic
    metrics = [c.metrics[g] for g in (c.focus, c.reference, c.unknown)]
    names = [_count_name(m) for m in metrics]
    f = names[0]
    ind = results[(results["year"] == year) & (results["indicator"] == _only(standard, COMPOSITION))]
    by_key = {key: {r["metric"]: r for _, r in block.iterrows()} for key, block in ind.groupby("breakdown")}
    rows = []
    for cluster, bands in CLUSTERS.items():
        for band in bands + ["All"]:
            cells = by_key.get(cluster if band == "All" else f"{cluster}|{band}")
            if not cells:
                continue
            figures = [cells[m] for m in metrics]
            focus = figures[0]
            staff = pd.Series([r["denominator"] for r in figures]).dropna()
            row = dict(cluster=cluster, band=band, staff=staff.iloc[0] if len(staff) else math.nan)
            row |= {name: r["numerator"] for name, r in zip(names, figures)}
            row |= {m: r["value"] for m, r in zip(metrics, figures)}
            row |= {f"{f}_ci_low": focus["ci_low"], f"{f}_ci_high": focus["ci_high"], f"{f}_change": focus["change"],
                    f"{f}_significant": change_significant(results, focus, standard)}
            row |= {f"{name}_hidden": is_hidden(r) for name, r in zip(names, figures)}
            row["change_hidden"] = change_hidden(focus)
            rows.append(row)
    return pd.DataFrame(rows, columns=["cluster", "band", "staff", *names, *metrics, f"{f}_ci_low", f"{f}_ci_high",
                                       f"{f}_change", f"{f}_significant", *[f"{n}_hidden" for n in names],
                                       "change_hidden"])


SENIOR_BANDS = ["Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"]


def model_employer(results: pd.DataFrame, year: int) -> pd.DataFrame:
    """Model Employer comparison: BME % at each senior band (8a to VSM, the
    non-clinical and clinical clusters together) against the overall
    workforce BME %.

    Columns ``band``, ``staff``, ``bme``, ``bme_percent``, ``workforce_bme_percent``,
    ``gap_pp`` (band minus workforce; negative = under-represented),
    ``bme_needed_for_parity`` (extra BME staff the band would need, at its
    current size, to match the workforce share; 0 when at or above it) and
    ``hidden`` (a figure it is built from was hidden by disclosure control,
    so this row's figures are too). The 2028 parity ambition is NHS
    England's (unverified in the method notes).
    """
    ind1 = results[(results["year"] == year) & (results["indicator"] == 1) & (results["metric"] == "bme_percent")]
    overall = ind1[ind1["breakdown"] == OVERALL]
    columns = ["band", "staff", "bme", "bme_percent", "workforce_bme_percent", "gap_pp", "bme_needed_for_parity",
               "hidden"]
    if overall.empty or is_hidden(overall.iloc[0]):
        return pd.DataFrame(columns=columns)
    share = overall["value"].iloc[0]
    rows = []
    for band in SENIOR_BANDS:
        cells = ind1[ind1["breakdown"].isin([f"{c}|{band}" for c in ("Non-clinical", "Clinical")])]
        if cells.empty:
            continue
        if any(is_hidden(r) for _, r in cells.iterrows()) or cells[["numerator", "denominator"]].isna().any().any():
            rows.append(dict(band=band, staff=math.nan, bme=math.nan, bme_percent=math.nan, workforce_bme_percent=share,
                             gap_pp=math.nan, bme_needed_for_parity=math.nan, hidden=True))
            continue
        staff, bme = cells["denominator"].sum(), cells["numerator"].sum()
        if staff == 0:
            continue
        percent = 100 * bme / staff
        rows.append(dict(band=band, staff=int(staff), bme=int(bme), bme_percent=percent, workforce_bme_percent=share,
                         gap_pp=percent - share, bme_needed_for_parity=max(0, math.ceil(share / 100 * staff - bme)),
                         hidden=False))
    return pd.DataFrame(rows, columns=columns)


def signed(value: float, places: int) -> str:
    """``value`` with its sign at ``places`` decimals; a rounded zero is "0.00", never "-0.00"."""
    text = f"{value:+.{places}f}"
    return text[1:] if float(text) == 0 else text


def fmt_value(value: float, kind: str, hidden: bool = False) -> str:
    """One figure as printed: percentages to 2 dp with %, ratios to 2 dp, pp to 1 dp, survey scores
    (0-10) to 1 dp as the NHS Staff Survey publishes them; :data:`MARKER` when ``hidden``, a dash when
    there is no figure."""
    if hidden:
        return MARKER
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "percent":
        return f"{value:.2f}%"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "pp":
        return f"{signed(value, 1)} pp"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "score":
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_interval(low: float, high: float, kind: str, hidden: bool = False) -> str:
    """"(low to high)" at the figure's precision, or empty when undefined or hidden."""
    if hidden or any(isinstance(x, float) and math.isnan(x) for x in (low, high)):
        return ""
    return f"({fmt_value(low, kind)} to {fmt_value(high, kind)})"


def fmt_change(change: float, kind: str, hidden: bool = False, *, indicator: int | str | None = None,
               value: float | None = None, significant: bool | None = None, than: str | int | None = None,
               standard: Standard = WRES) -> str:
    """Every change in the pack, in words (tables and sentences alike).

    - :data:`MARKER` when ``hidden``; "no earlier year" without a change;
    - the size at the figure's precision (ratios 2 dp, percentages and pp
      1 dp, scores 1 dp without a unit): a change that rounds to 0 is "no
      change" (never "-0.00");
    - ``significant`` False (the change's 95% interval includes 0): "no
      clear change (within the play of chance)";
    - otherwise "0.04 lower (better)": higher or lower, and with
      ``indicator`` and ``value`` (this year's figure) whether that is better
      or worse for equality (:meth:`~wreslib.standards.base.Indicator.judge` of
      ``standard``'s indicator; nothing for composition, which has no better
      or worse), plus "beyond
      the play of chance" when ``significant`` is True. Without an interval
      (``significant`` None) just the direction.
    - ``than`` (a year) words it for a sentence: "0.04 lower than 2023 (better)",
      "no change from 2023".
    """
    if hidden:
        return MARKER
    if _missing(change):
        return "no earlier year"
    unit = "" if kind in ("ratio", "score") else " pp"
    size = f"{abs(change):.2f}" if kind == "ratio" else f"{abs(change):.1f}"
    since = "" if than is None else f" from {than}"
    if float(size) == 0:
        return f"no change{since}"
    if significant is False:
        return f"no clear change{since} (within the play of chance)"
    moved = f"{size}{unit} {'higher' if change > 0 else 'lower'}" + ("" if than is None else f" than {than}")
    verdict = [] if indicator is None or _missing(value) else [
        standard.indicators[indicator].judge(value, value - change)]
    if significant:
        verdict.append("beyond the play of chance")
    verdict = ", ".join(v for v in verdict if v)
    return f"{moved} ({verdict})" if verdict else moved


def fmt_distance(distance: float, indicator: int | str, kind: str, hidden: bool = False,
                 standard: Standard = WRES) -> str:
    """A distance from equity with which way it points: "+0.50 (White applicants more likely)",
    "+4.20 pp (BME staff fare worse)"; empty where the indicator has none."""
    d = standard.indicators[indicator]
    if _missing(distance):
        return MARKER if hidden and d.kind in (LIKELIHOOD, SURVEY) else ""
    if hidden:
        return MARKER
    places = 2
    text = signed(distance, places) + ("" if kind == "ratio" else " pp")
    direction = d.distance_direction(distance, places)
    return f"{text} ({direction})" if direction else text


def display_esr_summary(summary: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`esr_summary` rounded for reading, with intervals and changes in words."""
    out = pd.DataFrame({
        "Measure": summary["measure"],
        "Result": [fmt_value(v, k, h) for v, k, h in zip(summary["value"], summary["kind"], summary["suppressed"])],
        "95% interval": [fmt_interval(lo, hi, k, h) for lo, hi, k, h in zip(summary["ci_low"], summary["ci_high"],
                                                                              summary["kind"], summary["suppressed"])],
        "Change from last year": [fmt_change(c, k, h, indicator=i, value=v, significant=s, standard=standard)
                                  for c, k, h, i, v, s in zip(summary["change"], summary["kind"],
                                                              summary["change_suppressed"], summary["indicator"],
                                                              summary["value"], summary["significant"])],
        "Distance from equity": [fmt_distance(d, i, k, h, standard) for d, i, k, h in zip(
            summary["distance_from_equity"], summary["indicator"], summary["kind"], summary["suppressed"])],
    })
    return out


def show(table: pd.DataFrame, index: bool = False, *, empty: str | None = None, hidden: bool | None = None,
         text: bool = False, caption: str | None = None):
    """Display a table in a notebook (plain, deterministic HTML; the index only when
    ``index``), with the confidentiality footnote under it when a figure is hidden (``hidden``:
    None to look for a cell that is :data:`MARKER`; True for a marker inside a sentence).
    Columns are right-aligned as numbers are, but the first; ``text``: every column is
    left-aligned (a table of sentences). ``caption``: the table's title, as its ``<caption>``
    (default: ``table.attrs["caption"]``, which e.g. :func:`wreslib.report.breakdowns.readable`
    sets; without either, the rendered page captions it with the heading above it).

    A table without rows is not drawn (no bare header): ``empty`` (a sentence saying what is not
    available and why, e.g. from :mod:`wreslib.report.coverage`) is shown instead, or nothing."""
    from IPython.display import HTML

    if table.empty:
        return HTML(f"<p>{html.escape(empty)}</p>") if empty else None

    markup = table.to_html(index=index, border=0, na_rep="–", escape=True, classes="text" if text else None)
    caption = caption if caption is not None else table.attrs.get("caption")
    if caption:
        markup = markup.replace(">", f">\n  <caption>{html.escape(caption)}</caption>", 1)
    if hidden or (hidden is None and (table.astype(str) == MARKER).any().any()):
        markup += f'<p class="footnote">{html.escape(GENERIC_FOOTNOTE)}</p>'
    return HTML(markup)


def display_band_composition(bands: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`band_composition` rounded for reading: "BME %", "White %", "Unknown %" (the standard's
    groups, the focus group first) and the focus group's change from last year."""
    c = standard.characteristic
    groups = (c.focus, c.reference, c.unknown)
    f = _count_name(c.metrics[c.focus])
    out = {"Cluster": bands["cluster"], "Band": bands["band"],
           "Staff": [fmt_value(v, "count", v != v) for v in bands["staff"]]}
    for group in groups:
        metric = c.metrics[group]
        out[f"{group} %"] = [fmt_value(v, "percent", h) for v, h in zip(bands[metric],
                                                                         bands[f"{_count_name(metric)}_hidden"])]
    out[f"{c.focus} % change from last year"] = [
        fmt_change(ch, "percent", h, indicator=_only(standard, COMPOSITION), value=v, significant=s, standard=standard)
        for ch, h, v, s in zip(bands[f"{f}_change"], bands["change_hidden"], bands[c.metrics[c.focus]],
                               bands[f"{f}_significant"])]
    return pd.DataFrame(out)


def display_model_employer(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`model_employer` rounded for reading."""
    hidden = table["hidden"]
    return pd.DataFrame({
        "Band": table["band"], "Staff": [fmt_value(v, "count", h) for v, h in zip(table["staff"], hidden)],
        "BME %": [fmt_value(v, "percent", h) for v, h in zip(table["bme_percent"], hidden)],
        "Workforce BME %": [fmt_value(v, "percent") for v in table["workforce_bme_percent"]],
        "Gap (band minus workforce)": [fmt_value(v, "pp", h) for v, h in zip(table["gap_pp"], hidden)],
        # Not worded as a count of staff: it is worked out from figures shown beside it (a gap, not a group of
        # people), so the publish check's rule for counts of 1 to 7 does not apply; a count word would trip it.
        "Shortfall to parity (BME)": [fmt_value(v, "count", h) for v, h in
                                      zip(table["bme_needed_for_parity"], hidden)],
    })


def likelihood_rows(standard: Standard = WRES) -> list[tuple]:
    """The rows of :func:`likelihood_table`: (indicator, breakdown, label), each likelihood's headline
    figure and, after it, its two-year figure where it has one."""
    rows = []
    for n in standard.of_kind(LIKELIHOOD):
        d = standard.indicators[n]
        rows.append((n, d.breakdown, d.short))
        if d.two_year:
            rows.append((n, "two-year", f"{d.short} (two years)"))
    return rows


def likelihood_table(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The likelihood indicators (WRES 2-4, WDES 2 and 3) for ``year``: each group's rate and the
    relative likelihood.

    Columns ``indicator``, ``measure``, the reference group's then the
    focus group's count, base and rate (for the WRES ``white_count``,
    ``white_base``, ``white_percent``, ``bme_count``, ``bme_base``,
    ``bme_percent``), ``relative_likelihood`` (direction as in the results'
    descriptions), ``ci_low``, ``ci_high``, ``change``, ``significant``,
    ``direction`` (which group's rate is divided by which: "White / BME"),
    and the ``*_hidden`` flags of disclosure control.
    """
    c = standard.characteristic
    metrics = [c.metrics[c.reference], c.metrics[c.focus]]
    names = [_count_name(m) for m in metrics]
    rows = []
    for indicator, breakdown, label in likelihood_rows(standard):
        rates = [find(results, year, indicator, breakdown, m) for m in metrics]
        ratio = find(results, year, indicator, breakdown, "relative_likelihood")
        if any(r is None for r in rates) or ratio is None:
            continue
        row = dict(indicator=indicator, measure=label)
        for name, metric, r in zip(names, metrics, rates):
            row |= {f"{name}_count": r["numerator"], f"{name}_base": r["denominator"], metric: r["value"]}
        row |= dict(relative_likelihood=ratio["value"], ci_low=ratio["ci_low"], ci_high=ratio["ci_high"],
                    change=ratio["change"], significant=change_significant(results, ratio, standard),
                    direction=standard.indicators[indicator].ratio_label)
        row |= {f"{name}_hidden": is_hidden(r) for name, r in zip(names, rates)}
        row |= dict(ratio_hidden=is_hidden(ratio), change_hidden=change_hidden(ratio))
        rows.append(row)
    columns = ["indicator", "measure"]
    for name, metric in zip(names, metrics):
        columns += [f"{name}_count", f"{name}_base", metric]
    columns += ["relative_likelihood", "ci_low", "ci_high", "change", "significant", "direction",
                *[f"{name}_hidden" for name in names], "ratio_hidden", "change_hidden"]
    return pd.DataFrame(rows, columns=columns)


def _rate(k, n, p, hidden) -> str:
    if hidden:
        return MARKER
    return f"{fmt_value(k, 'count')} of {fmt_value(n, 'count')} ({fmt_value(p, 'percent')})"


def display_likelihoods(table: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`likelihood_table` rounded for reading: each group's rate (the reference group first), the
    relative likelihood with which group's rate is divided by which ("1.50 White / BME")."""
    c = standard.characteristic
    out = {standard.term: table["indicator"], "Measure": table["measure"]}
    for group in (c.reference, c.focus):
        name = _count_name(c.metrics[group])
        out[group] = [_rate(k, n, p, h) for k, n, p, h in zip(table[f"{name}_count"], table[f"{name}_base"],
                                                               table[c.metrics[group]], table[f"{name}_hidden"])]
    out |= {
        "Relative likelihood": [f"{fmt_value(r, 'ratio', h)} {d}" for r, d, h in zip(
            table["relative_likelihood"], table["direction"], table["ratio_hidden"])],
        "95% interval": [fmt_interval(lo, hi, "ratio", h) for lo, hi, h in zip(table["ci_low"], table["ci_high"],
                                                                                 table["ratio_hidden"])],
        "Change from last year": [fmt_change(c, "ratio", h, indicator=i, value=r, significant=s, standard=standard)
                                  for c, h, i, r, s in zip(table["change"], table["change_hidden"], table["indicator"],
                                                           table["relative_likelihood"], table["significant"])],
    }
    return pd.DataFrame(out)


def board_table(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The board indicator (WRES 9, WDES 10) for ``year``: ``group`` (All, Voting, Executive), the focus
    group's % of the board and of the workforce (``board_bme_percent``, ``workforce_bme_percent`` for the
    WRES), ``difference_pp`` (board minus workforce) and ``change`` (pp). Percentages only: board
    members can be named, so no counts."""
    n = _only(standard, BOARD)
    board_metric, workforce_metric = "board_" + _focus_metric(standard), "workforce_" + _focus_metric(standard)
    rows = []
    for group in ("All", "Voting", "Executive"):
        board = find(results, year, n, group, board_metric)
        diff = find(results, year, n, group, "difference_pp")
        workforce = find(results, year, n, group, workforce_metric)
        if board is None or diff is None or workforce is None:
            continue
        rows.append({"group": group, board_metric: board["value"], workforce_metric: workforce["value"],
                     "difference_pp": diff["value"], "change": diff["change"],
                     "hidden": is_hidden(board) or is_hidden(diff), "change_hidden": change_hidden(diff)})
    return pd.DataFrame(rows, columns=["group", board_metric, workforce_metric, "difference_pp", "change", "hidden",
                                       "change_hidden"])


def display_board(table: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`board_table` rounded for reading."""
    names = {"All": "Whole board", "Voting": "Voting members", "Executive": "Executive members"}
    focus = standard.characteristic.focus
    return pd.DataFrame({
        "Board members": [names[g] for g in table["group"]],
        f"{focus} % of board": [fmt_value(v, "percent", h) for v, h in zip(table["board_" + _focus_metric(standard)],
                                                                           table["hidden"])],
        f"{focus} % of workforce": [fmt_value(v, "percent") for v in table["workforce_" + _focus_metric(standard)]],
        "Difference (board minus workforce)": [fmt_value(v, "pp", h) for v, h in zip(table["difference_pp"],
                                                                                      table["hidden"])],
        "Change from last year": [fmt_change(c, "pp", h, indicator=_only(standard, BOARD), value=v, standard=standard)
                                  for c, h, v in zip(table["change"], table["change_hidden"], table["difference_pp"])],
    })


def survey_groups(standard: Standard, indicator: int | str) -> list[tuple[str, str]]:
    """The groups a survey figure is reported for, as (group, results metric), the focus group first:
    the focus and reference groups (only the focus group for a question asked of it alone, WDES metric
    8), and for a score all staff too (:data:`ALL_STAFF`, metric ``score``)."""
    c, d = standard.characteristic, standard.indicators[indicator]
    groups = [(c.focus, d.metric(c.focus))] + ([] if d.focus_only else [(c.reference, d.metric(c.reference))])
    return groups + ([(ALL_STAFF, d.metric())] if d.kind == SCORE else [])


def survey_summary(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.DataFrame:
    """The executive summary's staff survey table for reporting ``year`` (the survey run in autumn
    ``year - 1``): WRES indicators 5-8; WDES metrics 4a-i to 8 and the score 9a.

    One row per indicator and group (:func:`survey_groups`: BME then White):
    ``kind`` ("percent" or "score", as :func:`fmt_value` formats it),
    ``value`` (% of staff, 0-100, with its Wilson interval; a score 0-10
    has none), ``change`` (from the previous survey), ``significant`` (that
    change beyond chance: True, False or None), ``benchmark`` (the national
    average for the group), ``distance_from_equity`` on the focus group's
    row (BME minus White, pp, with its Newcombe interval
    ``distance_ci_low``/``distance_ci_high``), and the
    ``hidden``/``change_hidden`` flags of disclosure control.
    """
    focus = standard.characteristic.focus
    rows = []
    for indicator in standard.of_kind(SURVEY, SCORE):
        d = standard.indicators[indicator]
        diff = find(results, year, indicator, "All", "difference_pp")
        for group, metric in survey_groups(standard, indicator):
            row = find(results, year, indicator, "All", metric)
            if row is None:
                continue
            bench = find(results, year, indicator, "All", f"benchmark_{metric}")
            is_focus = group == focus and diff is not None
            rows.append(dict(indicator=indicator, measure=d.title, group=group, kind=d.unit, value=row["value"],
                             ci_low=row["ci_low"], ci_high=row["ci_high"], change=row["change"],
                             significant=change_significant(results, row, standard),
                             benchmark=bench["value"] if bench is not None else math.nan,
                             distance_from_equity=diff["value"] if is_focus else math.nan,
                             distance_ci_low=diff["ci_low"] if is_focus else math.nan,
                             distance_ci_high=diff["ci_high"] if is_focus else math.nan,
                             hidden=is_hidden(row), change_hidden=change_hidden(row),
                             distance_hidden=is_hidden(diff) if is_focus else False))
    return pd.DataFrame(rows, columns=["indicator", "measure", "group", "kind", "value", "ci_low", "ci_high", "change",
                                       "significant", "benchmark", "distance_from_equity", "distance_ci_low",
                                       "distance_ci_high", "hidden", "change_hidden", "distance_hidden"])


def display_survey_summary(table: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """:func:`survey_summary` rounded for reading (percentages and the distance to 2 dp, with
    which way the distance points; scores to 1 dp, without an interval or a distance)."""
    c = standard.characteristic

    def distance(d, lo, hi, hidden, group, indicator):
        spec = standard.indicators[indicator]
        if group != c.focus or spec.kind == SCORE or spec.focus_only:
            return ""
        if hidden:
            return MARKER
        if d != d:
            return "–"
        text = f"{signed(d, 2)} pp" + (f" ({signed(lo, 2)} to {signed(hi, 2)})" if lo == lo else "")
        direction = spec.distance_direction(d)
        return f"{text}, {direction}" if direction else text

    return pd.DataFrame({
        standard.term: [m if g == c.focus else "" for m, g in zip(table["measure"], table["group"])],
        "Group": table["group"],
        "Result": [fmt_value(v, k, h) for v, k, h in zip(table["value"], table["kind"], table["hidden"])],
        "95% interval": [fmt_interval(lo, hi, k, h) for lo, hi, k, h in zip(table["ci_low"], table["ci_high"],
                                                                              table["kind"], table["hidden"])],
        "Change from last survey": [fmt_change(ch, k, h, indicator=i, value=v, significant=s, standard=standard)
                                    for ch, k, h, i, v, s in zip(table["change"], table["kind"], table["change_hidden"],
                                                                 table["indicator"], table["value"],
                                                                 table["significant"])],
        f"Distance from equity ({c.focus} minus {c.reference})": [distance(*x) for x in zip(
            table["distance_from_equity"], table["distance_ci_low"], table["distance_ci_high"],
            table["distance_hidden"], table["group"], table["indicator"])],
        "National average": [fmt_value(v, k) for v, k in zip(table["benchmark"], table["kind"])],
    })


def display_data_notes(notes) -> pd.DataFrame:
    """Data notes (:class:`~wreslib.inputs.datanotes.DataNote`, through disclosure control) for reading: the
    file, what the run did (a hidden count as ``*``) and whether it changes a figure; those that do first."""
    notes = sorted(notes, key=lambda n: not n.warn)
    return pd.DataFrame({"File": [n.file for n in notes],
                         "What the run did": [_capital(datanotes.sentence(n, MARKER, limit=None)) for n in notes],
                         "Changes a figure": ["Yes" if n.warn else "No" for n in notes]})


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
