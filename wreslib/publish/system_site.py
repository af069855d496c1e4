"""What a system run publishes in ``OUT/<year>/`` beside its organisations' reports: ``index.html`` (the
system's figures, the organisations compared, funnel plots), ``results.csv`` (an ``organisation``
column first) and ``run.json``. Each file is written whole, after the publish check, by replacing the
previous one (the organisations' folders beside them are their own runs').

Everything shown of an organisation is what its own report shows (its published results): a figure
its report hides is hidden here too, and an organisation whose counts its report hides is left out of
a funnel plot with the reason.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from ..compute.funnel import funnel_table, group_columns
from ..disclosure.engine import MARKER, footnote
from ..report.funnel import funnel_alt, funnel_data, funnel_plot, outside_sentence
from ..report.plots import data_html, figure_html
from ..report.render import pack_markdown_html, page
from ..report.tables import (display_esr_summary, display_survey_summary, esr_rows, esr_summary, fmt_interval,
                             fmt_value, survey_summary)
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD
from ..standards.wres import WRES, survey_year
from .site import check_publishable, published_results

#: The organisations' table: the headline rows of :func:`wreslib.report.tables.esr_rows` (overall
#: composition, each likelihood's single-year figure, the board overall).
HEADLINE_BREAKDOWNS = {COMPOSITION: "Overall", BOARD: "All"}


def headline_rows(standard=WRES) -> list[tuple]:
    """(label, indicator, breakdown, metric, kind) of the organisations' table: each indicator's headline."""
    rows = []
    for label, indicator, breakdown, metric, kind in esr_rows(standard):
        spec = standard.indicators[indicator]
        wanted = HEADLINE_BREAKDOWNS.get(spec.kind, spec.breakdown)
        if breakdown == wanted and not any(r[1] == indicator for r in rows):
            rows.append((label, indicator, breakdown, metric, kind))
    return rows


def _figure(results: pd.DataFrame, year: int, indicator, breakdown: str, metric: str) -> pd.Series | None:
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def _shown(row: pd.Series | None, kind: str) -> str:
    """A figure with its interval as the organisation's report shows it: the marker when hidden."""
    if row is None:
        return "–"
    if bool(row.get("suppressed", False)):
        return MARKER
    value = fmt_value(row["value"], kind)
    interval = fmt_interval(row["ci_low"], row["ci_high"], kind)
    return value if interval in ("", "–") else f"{value} {interval}"


def organisations_table(made: dict, organisations: list, year: int) -> pd.DataFrame:
    """One row per organisation, one column per headline indicator (:func:`headline_rows`) and, where
    any organisation has them, the BME figure of each survey indicator 5-8: each figure with its 95%
    interval, as that organisation's own report shows it (the marker where it hides it)."""
    focus = WRES.characteristic.focus
    table = []
    survey = {o.code: survey_summary(made[o.code]["wres"].results, year) for o in organisations}
    survey_columns = []
    for frame in survey.values():
        for _, r in frame[frame["group"] == focus].iterrows():
            if r["indicator"] not in survey_columns:
                survey_columns.append(r["indicator"])
    for o in organisations:
        results = made[o.code]["wres"].results
        row = {"Organisation": o.name}
        for label, indicator, breakdown, metric, kind in headline_rows():
            row[label] = _shown(_figure(results, year, indicator, breakdown, metric), kind)
        frame = survey[o.code]
        for indicator in survey_columns:
            found = frame[(frame["indicator"] == indicator) & (frame["group"] == focus)]
            spec = WRES.indicators[indicator]
            label = f"{spec.title}, {focus} %"
            row[label] = ("–" if found.empty else MARKER if bool(found.iloc[0]["hidden"]) else
                          _shown(found.iloc[0].rename({"hidden": "suppressed"}), "percent"))
        table.append(row)
    return pd.DataFrame(table)


def funnel_frame(made: dict, organisations: list, year: int, indicator) -> pd.DataFrame:
    """The input of :func:`wreslib.compute.funnel.funnel_table` from each organisation's published
    results: indicator 1's BME count and headcount; for a likelihood, each group's events and base. A
    count its report hides is missing here, so the organisation is left out (and out of the target)."""
    spec = WRES.indicators[indicator]
    metrics = WRES.characteristic.metrics
    rows = []
    for o in organisations:
        results = made[o.code]["wres"].results
        row = {"organisation": o.code, "name": o.name}
        if spec.kind == COMPOSITION:
            found = _figure(results, year, indicator, "Overall", metrics[WRES.characteristic.focus])
            row["numerator"] = float("nan") if found is None else found["numerator"]
            row["denominator"] = float("nan") if found is None else found["denominator"]
        else:
            for group in (spec.numerator, spec.denominator):
                found = _figure(results, year, indicator, spec.breakdown, metrics[group])
                events, base = group_columns(spec, group)
                row[events] = float("nan") if found is None else found["numerator"]
                row[base] = float("nan") if found is None else found["denominator"]
        rows.append(row)
    return pd.DataFrame(rows)


def funnel_section(made: dict, organisations: list, year: int, indicator) -> str:
    """One indicator's funnel plot (with its alt text and data table) and the sentence naming the
    organisations outside its limits."""
    import matplotlib.pyplot as plt

    spec = WRES.indicators[indicator]
    table = funnel_table(funnel_frame(made, organisations, year, indicator), spec)
    fig = funnel_plot(table, spec)
    body = f"<h3>{html.escape(spec.title)}</h3>" + pack_markdown_html(outside_sentence(table, spec))
    if fig is not None:
        body += figure_html(fig, funnel_alt(table, spec)) + data_html(funnel_data(table, spec))
        plt.close(fig)
    return body


def system_index_html(system, organisations: list, made: dict, shown: pd.DataFrame, year: int, thresholds) -> str:
    """The system's page: its figures from the summed counts (through disclosure control), the
    organisations by headline indicator with links to their reports, the funnel plots of indicators
    1-4 and the organisations outside their limits."""
    esr = display_esr_summary(esr_summary(shown, year))
    survey = survey_summary(shown, year)
    orgs = organisations_table(made, organisations, year)
    links = {o.name: f'<a href="{html.escape(o.code, quote=True)}/index.html">{html.escape(o.name)}</a>'
             for o in organisations}
    orgs_html = orgs.to_html(index=False, border=0, escape=True)
    for o in organisations:  # names escaped by to_html; each replaced once by its link
        orgs_html = orgs_html.replace(f"<td>{html.escape(o.name)}</td>", f"<td>{links[o.name]}</td>", 1)
    funnels = "".join(funnel_section(made, organisations, year, n)
                      for n in WRES.indicators if WRES.indicators[n].kind in (COMPOSITION, LIKELIHOOD))
    survey_html = ("" if survey.empty else
                   f"<h3>Indicators from the NHS Staff Survey {survey_year(year)}</h3>"
                   + display_survey_summary(survey).to_html(index=False, border=0))
    name = system.name
    body = (f"<h1>{html.escape(name)}: Workforce Race Equality Standard {year}, {len(organisations)} organisations</h1>"
            f"<p>Reporting year {year - 1}/{str(year)[-2:]}. Each organisation's own report is linked from the "
            "table below. The system's figures are computed from the organisations' summed counts; a figure is "
            "hidden here wherever any organisation's report hides the same figure, so that no organisation's "
            "hidden count can be worked out from the system's.</p>"
            f"<h2>The system's figures</h2><h3>Indicators from workforce records</h3>"
            + (esr.to_html(index=False, border=0) if len(esr) else "<p>No organisation has workforce figures.</p>")
            + survey_html
            + f"<h2>The organisations</h2>{orgs_html}"
            "<p>Each figure with its 95% interval, as the organisation's own report shows it.</p>"
            "<h2>Funnel plots</h2><p>Each organisation's figure against its size (headcount) or precision, "
            "around the value of the organisations compared, with 95% and 99.8% limits: how far an organisation "
            "of that size could stray from the system's value by chance alone (Spiegelhalter, 2005). An "
            "organisation whose counts its report hides is not compared.</p>"
            f"{funnels}"
            '<p class="footnote">Percentages of the workforce include staff of unknown ethnicity in the '
            "denominator. Likelihood ratios compare White and BME staff only; 1.00 is equal. "
            f"{html.escape(footnote(thresholds))}</p>")
    return page(f"{name} WRES {year}", body, name, year, index=True)


def system_results_csv(made: dict, organisations: list, shown: pd.DataFrame, year: int) -> pd.DataFrame:
    """``results.csv`` of the system: every organisation's published WRES rows, then the system's, with
    the ``organisation`` column first (a code, or :data:`wreslib.publish.system.SYSTEM`)."""
    from .system import SYSTEM

    parts = [published_results(made[o.code]["wres"].results, year).assign(organisation=o.code)
             for o in organisations]
    parts.append(published_results(shown, year).assign(organisation=SYSTEM))
    frame = pd.concat(parts, ignore_index=True)
    return frame[["organisation"] + [c for c in frame.columns if c != "organisation"]]


def write_system_site(year_dir: Path, system, organisations: list, made: dict, shown: pd.DataFrame, year: int,
                      thresholds, record: dict, started: float) -> None:
    """Write the system's files into ``year_dir`` through a staging folder checked by the publish check
    (every organisation's identifiers), each replacing its previous version."""
    staging = year_dir / f".staging-system-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        (staging / "index.html").write_text(system_index_html(system, organisations, made, shown, year, thresholds),
                                            encoding="utf-8")
        system_results_csv(made, organisations, shown, year).to_csv(
            staging / "results.csv", index=False, float_format="%.10g", lineterminator="\n")
        record = dict(record, seconds=round(time.perf_counter() - started, 2))
        (staging / "run.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        config = SimpleNamespace(data_dir=None, count_threshold=thresholds.count, survey_threshold=thresholds.survey)
        check_publishable(staging, config, data_dirs=[o.data_dir for o in organisations])
        for name in ("results.csv", "index.html", "run.json"):  # run.json last: it says the run finished
            os.replace(staging / name, year_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
