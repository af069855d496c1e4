"""What a run publishes beside the appendices: ``results.csv`` and ``index.html``."""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .indicators import write_results
from .narrative import summary_sentences
from .render import page
from .tables import display_esr_summary, esr_summary


def index_html(results: pd.DataFrame, year: int, trust_name: str, notebooks: list[tuple[str, str]]) -> str:
    """The landing page: trust, year, the summary table and a link to every appendix."""
    summary = display_esr_summary(esr_summary(results, year))
    sentences = "".join(f"<li>{html.escape(s)}</li>" for s in summary_sentences(results, year))
    links = "".join(f'<li><a href="{stem}.html">{html.escape(title)}</a></li>' for stem, title in notebooks)
    body = (f"<h1>{html.escape(trust_name)}: Workforce Race Equality Standard {year}</h1>"
            f"<p>Reporting year {year - 1}/{str(year)[-2:]}: workforce at 31 March {year}, activity from 1 April "
            f"{year - 1} to 31 March {year}.</p>"
            f"<h2>Indicators from workforce records</h2>{summary.to_html(index=False, border=0)}"
            f"<ul>{sentences}</ul>"
            f"<h2>Sections</h2><ul>{links}</ul>"
            '<p class="footnote">Percentages include staff of unknown ethnicity in the denominator. Likelihood '
            "ratios compare White and BME staff only; 1.00 is equal. Intervals are 95% (Wilson for percentages, "
            "Katz for ratios).</p>")
    return page(f"{trust_name} WRES {year}", body, trust_name, year)


def write_site(folder: Path, results: pd.DataFrame, config, notebooks: list[tuple[str, str]]) -> None:
    """Write ``results.csv`` (this year's figures) and ``index.html`` into ``folder``."""
    this_year = results[results["year"] == config.year]
    write_results(this_year, folder / "results.csv")
    (folder / "index.html").write_text(index_html(results, config.year, config.trust_name, notebooks),
                                       encoding="utf-8")
