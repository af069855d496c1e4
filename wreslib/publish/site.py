"""What a run publishes beside the appendices, and the check before it does.

``results.csv`` and ``results.xlsx`` (this year's figures after disclosure
control), ``index.html`` (the landing page) and :func:`check_publishable`, the
publish-time scan of every HTML, CSV, Excel and PNG file for small counts and
input identifiers.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from numpy import bool_ as np_bool

from ..inputs.actions import load_actions, plan_html
from ..report.commentary import commentary_html, load_commentary
from ..report.coverage import (RECORD_INDICATORS, group_missing_sentence, record_indicators, section_status,
                               survey_missing_sentence)
from ..standards import Standard
from ..standards import get as get_standard
from ..standards.wres import WRES, sheet_name, survey_year
from ..disclosure.engine import (FIGURE_COLUMNS, MARKER, Finding, Thresholds, footnote, identifier_values,
                         scan_for_disclosure)
from ..errors import PublishCheckFailed
from ..inputs.extracts import FILES, locate_columns, read_config
from ..compute.indicators import RESULT_COLUMNS
from ..inputs.reading import LINE, is_workbook, read_csv
from ..report.narrative import summary_sentences
from ..report.render import markdown_html, page
from ..report.sections import INDEX, METRIC_9B
from ..report.tables import display_esr_summary, display_survey_summary, esr_summary, survey_summary

#: File types a run publishes (every one is scanned); the executed notebooks live outside, in OUT/.analyst/.
PUBLISHED_SUFFIXES = {".html", ".csv", ".xlsx", ".png", ".json"}
#: Identifier columns per input file, in the pack's canonical names.
IDENTIFIER_COLUMNS = {"workforce": ["staff_id"], "disciplinary": ["staff_id"], "training": ["staff_id"],
                      "recruitment": ["application_id"], "board": ["member_id"],
                      "survey_responses": ["respondent_id"]}


def _other_reports(others: Sequence[tuple[str, str]]) -> str:
    """The links from one standard's index to the run's other reports ((href, title) pairs)."""
    if not others:
        return ""
    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>' for href, title in others)
    return f"<h2>Also published for this year</h2><ul>{items}</ul>"


def index_html(results: pd.DataFrame, year: int, trust_name: str, notebooks: list[tuple[str, str]],
               thresholds: Thresholds, *, actions: pd.DataFrame | None = None, commentary: str | None = None,
               others: Sequence[tuple[str, str]] = ()) -> str:
    """The landing page: trust, year, the trust's ``commentary`` (Markdown, made safe), the summary
    tables, the action plan (``actions`` from :func:`wreslib.inputs.actions.load_actions`; without one, a
    sentence saying none was supplied) and a link to every appendix."""
    esr = display_esr_summary(esr_summary(results, year))
    survey = survey_summary(results, year)
    sentences = "".join(f"<li>{html.escape(s)}</li>" for s in summary_sentences(results, year))
    links = "".join(f'<li><a href="{stem}.html">{html.escape(title)}</a>'
                    + (f" ({status})" if (status := section_status(results, year, stem)) else "") + "</li>"
                    for stem, title in notebooks)
    no_survey = survey_missing_sentence(results, year)
    survey_html = (f"<h2>Indicators from the NHS Staff Survey</h2><p>{html.escape(no_survey)}</p>" if no_survey else
                   f"<h2>Indicators from the NHS Staff Survey {survey_year(year)}</h2>"
                   + display_survey_summary(survey).to_html(index=False, border=0))
    esr_html = (esr.to_html(index=False, border=0) if len(esr) else
                f"<p>{html.escape(group_missing_sentence(results, year, RECORD_INDICATORS) or '')}</p>")
    body = (f"<h1>{html.escape(trust_name)}: Workforce Race Equality Standard {year}</h1>"
            f"<p>Reporting year {year - 1}/{str(year)[-2:]}: workforce at 31 March {year}, activity from 1 April "
            f"{year - 1} to 31 March {year}" + ("" if no_survey else f", NHS Staff Survey {survey_year(year)}")
            + ".</p>"
            f"{commentary_html(commentary)}"
            f"<h2>Indicators from workforce records</h2>{esr_html}"
            f"{survey_html}<h2>In words</h2><ul>{sentences}</ul>"
            f"{plan_html(actions)}"
            f"<h2>Sections</h2><ul>{links}</ul>"
            f"{_other_reports(others)}"
            '<p class="footnote">Percentages of the workforce include staff of unknown ethnicity in the '
            "denominator. Likelihood ratios compare White and BME staff only; 1.00 is equal. Intervals are 95% "
            "(Wilson for percentages, Katz for ratios, Newcombe for differences). "
            f"{html.escape(footnote(thresholds))}</p>")
    return page(f"{trust_name} WRES {year}", body, trust_name, year, index=True)


def narrative_html(standard: Standard, commentary: Mapping[str, str]) -> str:
    """A standard's narrative metric (:attr:`~wreslib.standards.base.Standard.narrative`: WDES 9b), the
    trust's words (commentary ``wdes/metric_9b``, made safe), or a sentence saying the trust has not
    supplied them; "" for a standard without one."""
    if not standard.narrative:
        return ""
    text = commentary.get(METRIC_9B)
    body = (markdown_html(text, heading_level=3) if text and text.strip() else
            f"<p>The trust has not supplied its metric 9b narrative (commentary/{standard.code}/{METRIC_9B}.md "
            "in the data folder).</p>")
    return f"<h2>{html.escape(standard.narrative)}</h2>{body}"


def standard_index_html(results: pd.DataFrame, year: int, trust_name: str, notebooks: list[tuple[str, str]],
                        thresholds: Thresholds, standard: Standard, *, others: Sequence[tuple[str, str]] = (),
                        commentary: Mapping[str, str] | None = None) -> str:
    """The landing page of a standard's report other than the WRES (the WDES): trust, year, the trust's
    index commentary, the headline table, the summary in words, metric 9b (the trust's narrative), a link
    to every section and to the run's other reports. ``commentary``: this standard's sections' commentary
    by section name within the standard (``index``, ``metric_9b``)."""
    commentary = commentary or {}
    c = standard.characteristic
    links = "".join(f'<li><a href="{stem}.html">{html.escape(title)}</a>'
                    + (f" ({status})" if (status := section_status(results, year, stem, standard)) else "") + "</li>"
                    for stem, title in notebooks)
    body = (f"<h1>{html.escape(trust_name)}: {html.escape(standard.name)} {year}</h1>"
            f"<p>Reporting year {year - 1}/{str(year)[-2:]}: workforce at 31 March {year}, activity from 1 April "
            f"{year - 1} to 31 March {year}, NHS Staff Survey {year - standard.survey_year_lag}.</p>"
            f"{commentary_html(commentary.get(INDEX))}"
            f"{standard_summary_html(results, year, standard)}"
            f"{narrative_html(standard, commentary)}"
            f"<h2>Sections</h2><ul>{links}</ul>"
            f"{_other_reports(others)}"
            f'<p class="footnote">Percentages of the workforce include staff of unknown {html.escape(c.name)} in '
            f"the denominator. Likelihood ratios compare {html.escape(c.reference)} and {html.escape(c.focus)} "
            "staff only; 1.00 is equal. Intervals are 95% (Wilson for percentages, Katz for ratios). "
            f"{html.escape(footnote(thresholds))}</p>")
    return page(f"{trust_name} {standard.abbreviation} {year}", body, trust_name, year, index=True,
                abbreviation=standard.abbreviation)


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


#: ``results.csv``'s columns: the standard's code first (``wres``, ``wdes``), then the results contract.
PUBLISHED_COLUMNS = ["standard", *RESULT_COLUMNS, "suppressed"]


def published_results(results: pd.DataFrame, year: int, standard: str = "wres") -> pd.DataFrame:
    """``results.csv``'s rows: ``year``'s figures of one standard (code in column ``standard``),
    suppressed ones empty with ``suppressed`` true, text columns through :func:`safe_csv_text`."""
    this_year = results.loc[results["year"] == year, RESULT_COLUMNS + ["suppressed"]].copy()
    for column in TEXT_COLUMNS:
        this_year[column] = this_year[column].map(safe_csv_text)
    this_year.insert(0, "standard", standard)
    return this_year[PUBLISHED_COLUMNS]


def write_site(folder: Path, results: pd.DataFrame, config, notebooks: list[tuple[str, str]], *,
               standard: str = "wres", others: Sequence[tuple[str, str]] = ()) -> None:
    """Write one standard's ``results.csv`` (:func:`published_results`), ``results.xlsx``
    (:func:`results_workbook`) and ``index.html`` (with the data folder's action plan and index
    commentary for the WRES) into ``folder``. ``others``: (code, relative folder) of the other
    standards' reports of the run, linked from the index."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = get_standard(standard)
    published_results(results, config.year, standard).to_csv(folder / "results.csv", index=False,
                                                             float_format="%.10g", lineterminator="\n")
    thresholds = Thresholds(count=config.count_threshold, survey=config.survey_threshold)
    (folder / "results.xlsx").write_bytes(results_workbook(results, config.year, config.trust_name, thresholds,
                                                           spec))
    links = [(f"{folder_}index.html", f"{get_standard(code).name} {config.year}") for code, folder_ in others]
    if spec is WRES:
        page_html = index_html(results, config.year, config.trust_name, notebooks, thresholds,
                               actions=load_actions(config.data_dir, config.year),
                               commentary=load_commentary(config.data_dir).get(INDEX), others=links)
    else:
        prefix = f"{standard}/"
        page_html = standard_index_html(results, config.year, config.trust_name, notebooks, thresholds, spec,
                                        others=links, commentary={k.removeprefix(prefix): v for k, v in
                                                                  load_commentary(config.data_dir).items()
                                                                  if k.startswith(prefix)})
    (folder / "index.html").write_text(page_html, encoding="utf-8")


#: The creation and modification time written into ``results.xlsx`` (and its zip entries), so that two
#: runs on the same inputs give the same bytes.
WORKBOOK_TIME = (2000, 1, 1, 0, 0, 0)
#: The first sheet of ``results.xlsx``.
ABOUT_SHEET = "About"


def _cell_value(value):
    """A results value as a workbook cell: text through :func:`safe_csv_text` (never a formula) and
    without the control characters a workbook cannot hold; whole numbers as integers; other numbers to
    10 significant digits as in ``results.csv``; missing as an empty cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, str):
        return safe_csv_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, (bool, np_bool)):
        return bool(value)
    number = float(value)
    return int(number) if number.is_integer() else float(f"{number:.10g}")


def workbook_sheet(standard: Standard, number) -> str:
    """An indicator's sheet in ``results.xlsx``: the WRES's by topic (:func:`wreslib.standards.wres.sheet_name`),
    another standard's by its term and number ("Metric 4a-i")."""
    return sheet_name(number) if standard is WRES else f"{standard.indicators[number].term} {number}"


def results_workbook(results: pd.DataFrame, year: int, trust_name: str, thresholds: Thresholds,
                     standard: Standard = WRES) -> bytes:
    """``results.xlsx``: an "About" sheet (trust, year, what the sheets hold, the note for hidden
    figures) and one sheet per indicator (:func:`wreslib.standards.wres.sheet_name`) with the rows of
    ``results.csv`` for ``year`` (columns :data:`RESULT_COLUMNS`); a hidden figure is
    :data:`~wreslib.disclosure.engine.MARKER` (``*``), as in the HTML, instead of empty.

    Text is never a formula (:func:`safe_csv_text`); the workbook's times are :data:`WORKBOOK_TIME`,
    so the same results give the same bytes.
    """
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Font

    this_year = results.loc[results["year"] == year].copy()
    book = openpyxl.Workbook()
    about = book.active
    about.title = ABOUT_SHEET
    indicators = [n for n in standard.indicators if (this_year["indicator"] == n).any()]
    for row in ([f"{standard.name}: results", None],
                ["Trust", trust_name],
                [f"{standard.abbreviation} reporting year", year],
                ["Period", f"Workforce at 31 March {year}; activity from 1 April {year - 1} to 31 March {year}; "
                           f"NHS Staff Survey {year - standard.survey_year_lag}"],
                ["Sheets", "; ".join(f"{workbook_sheet(standard, n)}: {standard.indicators[n].title}"
                                     for n in indicators)],
                ["Figures", "As in results.csv, after disclosure control: percentages 0-100 with 95% intervals, "
                            "full precision (round only for display); change = this year minus last year"],
                ["Hidden figures", footnote(thresholds)]):
        about.append([_cell_value(v) for v in row])
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 22, 100
    hidden_change = this_year.get("change_suppressed", pd.Series(False, index=this_year.index)).fillna(False)
    for number in indicators:
        sheet = book.create_sheet(workbook_sheet(standard, number))
        sheet.append(RESULT_COLUMNS)
        for header in sheet[1]:
            header.font = Font(bold=True)
        rows = this_year[this_year["indicator"] == number]
        for index, row in rows.iterrows():
            cells = [_cell_value(row[c]) for c in RESULT_COLUMNS]
            hide = FIGURE_COLUMNS if bool(row.get("suppressed", False)) else (
                ["change"] if bool(hidden_change.loc[index]) else [])
            for column in hide:
                cells[RESULT_COLUMNS.index(column)] = MARKER
            sheet.append(cells)
        sheet.freeze_panes = "A2"
    when = dt.datetime(*WORKBOOK_TIME)
    book.properties.creator = book.properties.lastModifiedBy = "wreslib"
    book.properties.created = book.properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue(), when)


def _fixed_times(data: bytes, when) -> bytes:
    """The zip ``data`` with every entry dated :data:`WORKBOOK_TIME` and the document's modification
    time (which openpyxl sets to now when saving) set to ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=WORKBOOK_TIME), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def input_identifiers(data_dir: Path) -> set[str]:
    """Every person-level identifier value in the input files (staff, application,
    member and respondent ids; CSV files and workbooks), found as the extracts' readers find them: by the
    column tables of ``wres.toml`` for the file's year, forgiving case, spaces, ``_`` and ``-``."""
    config = read_config(data_dir)
    values: set[str] = set()
    for path in sorted([*data_dir.rglob("*.csv"), *data_dir.rglob("*.xlsx")]):
        columns = IDENTIFIER_COLUMNS.get(path.stem)
        if not columns:
            continue
        if is_workbook(path):  # the sheet the run read, as text, as the run read it
            text = read_csv(path, allow_empty=True)
            found = [h for h in text.columns if h != LINE]
        else:
            text = None
            found = [str(h).strip() for h in pd.read_csv(path, dtype=str, nrows=0,
                                                         encoding_errors="replace").columns]
        if path.stem in FILES:
            year = int(path.parent.name) if path.parent.name.isdigit() else None
            located = locate_columns(found, path.stem, config.mapping(year).get(path.stem), path)
            headers = {h: c for c, h in located.items() if c in columns}
        else:
            headers = {c: c for c in columns if c in found}
        if text is not None:
            frame = text[[h for h in text.columns if h in headers]]
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace",
                                usecols=lambda h: str(h).strip() in headers)
        frame.columns = [headers[str(h).strip()] for h in frame.columns]
        values |= identifier_values(frame)
    return values


def check_publishable(folder: Path, config, *, data_dirs: Sequence[Path] = ()) -> None:
    """Scan every file under ``folder`` (HTML, CSV, PNG, ``run.json``; a file of
    any other type is a finding, so only what is checked is published) for
    a visible count of 1 to the threshold that is not marked suppressed, or
    any input identifier (of ``config.data_dir``, or of every folder of ``data_dirs``: a system's
    organisations), in content or in file and folder names. Raises
    :class:`PublishCheckFailed` listing the findings."""
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    identifiers = set().union(*(input_identifiers(Path(d)) for d in (data_dirs or [config.data_dir])))
    findings = scan_for_disclosure(files, identifiers,
                                   Thresholds(count=config.count_threshold, survey=config.survey_threshold),
                                   root=folder)
    findings += [Finding(str(p), 0, 0, "unpublished type", p.name, "not a file type a run publishes")
                 for p in files if p.suffix.lower() not in PUBLISHED_SUFFIXES]
    if findings:
        listing = "; ".join(str(f).replace(str(folder) + "/", "") for f in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        raise PublishCheckFailed(f"the publish check found {len(findings)} problem(s): {listing}{more}")


def standard_summary_html(results: pd.DataFrame, year: int, standard: Standard) -> str:
    """A standard's summary on its index page (the WDES), from the report layer as its summary page has it:
    the figures from workforce records, the staff survey figures and the sentences, or the sentences
    saying what the data did not supply."""
    term = standard.term
    esr = display_esr_summary(esr_summary(results, year, standard), standard)
    esr_html = (esr.to_html(index=False, border=0) if len(esr) else
                f"<p>{html.escape(group_missing_sentence(results, year, record_indicators(standard), standard) or '')}"
                "</p>")
    no_survey = survey_missing_sentence(results, year, standard)
    survey_html = (f"<h2>{term}s from the NHS Staff Survey</h2><p>{html.escape(no_survey)}</p>" if no_survey else
                   f"<h2>{term}s from the NHS Staff Survey {standard.survey_year(year)}</h2>"
                   + display_survey_summary(survey_summary(results, year, standard), standard).to_html(index=False,
                                                                                                    border=0))
    sentences = "".join(f"<li>{html.escape(s)}</li>" for s in summary_sentences(results, year, standard))
    return f"<h2>{term}s from workforce records</h2>{esr_html}{survey_html}<h2>In words</h2><ul>{sentences}</ul>"
