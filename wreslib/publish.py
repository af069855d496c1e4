"""What a run publishes beside the appendices, and the check before it does.

``results.csv`` (this year's figures after disclosure control), ``index.html``
(the landing page) and :func:`check_publishable`, the publish-time scan of
every HTML, CSV and PNG file for small counts and input identifiers.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .actions import load_actions, plan_html
from .commentary import commentary_html, load_commentary
from .definitions import survey_year
from .disclosure import Finding, Thresholds, footnote, identifier_values, scan_for_disclosure
from .errors import PublishCheckFailed
from .extracts import read_mapping
from .indicators import RESULT_COLUMNS
from .narrative import summary_sentences
from .render import page
from .sections import INDEX
from .tables import display_esr_summary, display_survey_summary, esr_summary, survey_summary

#: File types a run publishes (every one is scanned); the executed notebooks live outside, in OUT/.analyst/.
PUBLISHED_SUFFIXES = {".html", ".csv", ".png", ".json"}
#: Identifier columns per input file, in the pack's canonical names.
IDENTIFIER_COLUMNS = {"workforce": ["staff_id"], "disciplinary": ["staff_id"], "training": ["staff_id"],
                      "recruitment": ["application_id"], "board": ["member_id"],
                      "survey_responses": ["respondent_id"]}


def index_html(results: pd.DataFrame, year: int, trust_name: str, notebooks: list[tuple[str, str]],
               thresholds: Thresholds, *, actions: pd.DataFrame | None = None, commentary: str | None = None) -> str:
    """The landing page: trust, year, the trust's ``commentary`` (Markdown, made safe), the summary
    tables, the action plan (``actions`` from :func:`wreslib.actions.load_actions`; without one, a
    sentence saying none was supplied) and a link to every appendix."""
    esr = display_esr_summary(esr_summary(results, year))
    survey = survey_summary(results, year)
    sentences = "".join(f"<li>{html.escape(s)}</li>" for s in summary_sentences(results, year))
    links = "".join(f'<li><a href="{stem}.html">{html.escape(title)}</a></li>' for stem, title in notebooks)
    survey_html = ("" if survey.empty else f"<h2>Indicators from the NHS Staff Survey {survey_year(year)}</h2>"
                   + display_survey_summary(survey).to_html(index=False, border=0))
    body = (f"<h1>{html.escape(trust_name)}: Workforce Race Equality Standard {year}</h1>"
            f"<p>Reporting year {year - 1}/{str(year)[-2:]}: workforce at 31 March {year}, activity from 1 April "
            f"{year - 1} to 31 March {year}, NHS Staff Survey {year - 1}.</p>"
            f"{commentary_html(commentary)}"
            f"<h2>Indicators from workforce records</h2>{esr.to_html(index=False, border=0)}"
            f"{survey_html}<h2>In words</h2><ul>{sentences}</ul>"
            f"{plan_html(actions)}"
            f"<h2>Sections</h2><ul>{links}</ul>"
            '<p class="footnote">Percentages of the workforce include staff of unknown ethnicity in the '
            "denominator. Likelihood ratios compare White and BME staff only; 1.00 is equal. Intervals are 95% "
            "(Wilson for percentages, Katz for ratios, Newcombe for differences). "
            f"{html.escape(footnote(thresholds))}</p>")
    return page(f"{trust_name} WRES {year}", body, trust_name, year)


#: Text columns of ``results.csv`` (may hold input text: band, occupation and group names).
TEXT_COLUMNS = ("breakdown", "metric", "description", "note")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_text(value):
    """A text cell that a spreadsheet will not run as a formula: text starting with ``=``, ``+``,
    ``-`` or ``@`` (or a tab or carriage return) gets a leading ``'`` (OWASP's advice for CSV
    injection). Anything that is not text (numbers, empty cells) is returned as it is.

    >>> [safe_csv_text(v) for v in ("=SUM(A1)", "-cmd", "@x", "Band 5", -0.5, None)]
    ["'=SUM(A1)", "'-cmd", "'@x", 'Band 5', -0.5, None]
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_site(folder: Path, results: pd.DataFrame, config, notebooks: list[tuple[str, str]]) -> None:
    """Write ``results.csv`` (this year's figures, suppressed ones empty with
    ``suppressed`` true; text columns through :func:`safe_csv_text`, numeric
    columns as they are) and ``index.html`` (with the data folder's action plan
    and index commentary) into ``folder``."""
    this_year = results.loc[results["year"] == config.year, RESULT_COLUMNS + ["suppressed"]].copy()
    for column in TEXT_COLUMNS:
        this_year[column] = this_year[column].map(safe_csv_text)
    this_year.to_csv(folder / "results.csv", index=False, float_format="%.10g", lineterminator="\n")
    thresholds = Thresholds(count=config.count_threshold, survey=config.survey_threshold)
    page_html = index_html(results, config.year, config.trust_name, notebooks, thresholds,
                           actions=load_actions(config.data_dir, config.year),
                           commentary=load_commentary(config.data_dir).get(INDEX))
    (folder / "index.html").write_text(page_html, encoding="utf-8")


def input_identifiers(data_dir: Path) -> set[str]:
    """Every person-level identifier value in the input files (staff, application,
    member and respondent ids), honouring the column names of ``wres.toml``."""
    mapping = read_mapping(data_dir)
    values: set[str] = set()
    for path in sorted(data_dir.rglob("*.csv")):
        columns = IDENTIFIER_COLUMNS.get(path.stem)
        if not columns:
            continue
        headers = {mapping.get(path.stem, {}).get(c, c): c for c in columns}
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace",
                            usecols=lambda h: str(h).strip() in headers)
        frame.columns = [headers[str(h).strip()] for h in frame.columns]
        values |= identifier_values(frame)
    return values


def check_publishable(folder: Path, config) -> None:
    """Scan every file under ``folder`` (HTML, CSV, PNG, ``run.json``; a file of
    any other type is a finding, so only what is checked is published) for
    a visible count of 1 to the threshold that is not marked suppressed, or
    any input identifier, in content or in file and folder names. Raises
    :class:`PublishCheckFailed` listing the findings."""
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    findings = scan_for_disclosure(files, input_identifiers(config.data_dir),
                                   Thresholds(count=config.count_threshold, survey=config.survey_threshold),
                                   root=folder)
    findings += [Finding(str(p), 0, 0, "unpublished type", p.name, "not a file type a run publishes")
                 for p in files if p.suffix.lower() not in PUBLISHED_SUFFIXES]
    if findings:
        listing = "; ".join(str(f).replace(str(folder) + "/", "") for f in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        raise PublishCheckFailed(f"the publish check found {len(findings)} problem(s): {listing}{more}")
