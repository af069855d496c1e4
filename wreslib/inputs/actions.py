"""The trust's action plan: ``DIR/actions.csv``, shown beside each indicator and in the summary.

Columns ``indicator,action,lead,due,status`` (others are ignored and never
published), one action a row, in the trust's order:

- ``indicator``: the indicator number 1-9 the action addresses, several
  separated by ``;`` or ``,`` (``5;6``), or ``all`` for an action on every
  indicator (shown in the summary's plan, and pointed to beside each
  indicator rather than repeated);
- ``action``: the action, as text (never read as HTML or Markdown);
- ``lead``: who leads it (a role is better than a name: the page is public);
  may be empty;
- ``due``: a date (``2025-03-31`` or ``31/03/2025``), a month (``2025-03``,
  ``March 2025``, ``Mar 2025``), ``ongoing``, or empty;
- ``status``: ``not started``, ``in progress``, ``done`` or ``overdue``
  (any case).

**Overdue**: an action due before the end of the reporting period (31 March
of the reporting year; a month counts to its last day) whose status is still
``not started`` or ``in progress`` is shown as overdue, with the status the
trust gave (``Overdue (marked in progress)``): the report describes the
period that ended then, and a reviewer should see a missed date without
reading every row. Nothing else changes a status; the report never uses
today's date, so reruns give the same page.

Only the standard library is imported at module level: the runner names
:data:`ACTIONS_FILE` before deciding whether there is anything to do.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

ACTIONS_FILE = "actions.csv"
COLUMNS = ["indicator", "action", "lead", "due", "status"]
NOT_STARTED, IN_PROGRESS, DONE, OVERDUE = "not started", "in progress", "done", "overdue"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, OVERDUE)
#: ``indicator`` of an action on every indicator.
ALL = "all"
ONGOING = "ongoing"

#: Wording shown to reviewers (defined once).
HEADING = "Action plan"
NO_PLAN = "No action plan was supplied: the data folder has no actions.csv."
NOT_GIVEN = "Not given"
EVERY_INDICATOR = "All"
SEE_SUMMARY = "Actions on every indicator are listed in the action plan of the executive summary."

_INDICATORS = re.compile(r"^[1-9](\s*[;,]\s*[1-9])*$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_MONTH_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}

EXPECTED = {
    "indicator": "an indicator number from 1 to 9, several separated by ';' (5;6), or 'all'",
    "action": "the action, as text",
    "due": "a date (2025-03-31 or 31/03/2025), a month (2025-03 or March 2025), 'ongoing' or nothing",
    "status": f"one of {', '.join(STATUSES)}",
}


@dataclass(frozen=True)
class Due:
    """When an action is due: ``label`` as shown, ``by`` the last day it may be done (None: no date)."""

    label: str
    by: dt.date | None = None


def parse_due(text: str) -> Due | None:
    """``due`` as written to a :class:`Due`; None if it is not one of the accepted forms.

    >>> parse_due("31/03/2025")
    Due(label='31 March 2025', by=datetime.date(2025, 3, 31))
    >>> parse_due("2025-02")
    Due(label='February 2025', by=datetime.date(2025, 2, 28))
    >>> parse_due("Sept 2025").label, parse_due("").label, parse_due("Ongoing").label, parse_due("soon")
    ('September 2025', 'Not given', 'Ongoing', None)
    """
    from .extracts import FIRST_YEAR, LAST_YEAR

    text = " ".join(text.split())
    if not text:
        return Due(NOT_GIVEN)
    if text.lower() == ONGOING:
        return Due(ONGOING.capitalize())
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return Due(f"{day.day} {calendar.month_name[day.month]} {day.year}", day) \
            if FIRST_YEAR <= day.year <= LAST_YEAR else None
    month = _MONTH.match(text)
    named = _NAMED_MONTH.match(text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
    elif named and named.group(1).lower() in _MONTH_NAMES:
        year, number = int(named.group(2)), _MONTH_NAMES[named.group(1).lower()]
    else:
        return None
    if not (1 <= number <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        return None
    last = dt.date(year, number, calendar.monthrange(year, number)[1])
    return Due(f"{calendar.month_name[number]} {year}", last)


def parse_indicators(text: str) -> tuple[int, ...] | None:
    """``indicator`` as written: the indicator numbers (sorted, once each), ``()`` for ``all``,
    None if it is neither.

    >>> parse_indicators("6; 5,6"), parse_indicators("ALL"), parse_indicators("10"), parse_indicators("")
    ((5, 6), (), None, None)
    """
    text = text.strip()
    if text.lower() == ALL:
        return ()
    if not _INDICATORS.match(text):
        return None
    return tuple(sorted({int(n) for n in re.findall(r"\d", text)}))


def parse_status(text: str) -> str | None:
    """``status`` as written to one of :data:`STATUSES` (any case, ``-``/``_`` as spaces); else None.

    >>> parse_status("In Progress"), parse_status("not-started"), parse_status("complete")
    ('in progress', 'not started', None)
    """
    status = " ".join(text.replace("-", " ").replace("_", " ").lower().split())
    return status if status in STATUSES else None


def read_actions(path: str | Path) -> pd.DataFrame:
    """Read and validate ``actions.csv``.

    Returns one row per action, in the file's order: ``indicators`` (a tuple of
    indicator numbers, empty for ``all``), ``action``, ``lead``, ``due`` (the
    label shown), ``due_by`` (a date or None), ``status`` (one of
    :data:`STATUSES`) and ``source_line``. Raises :class:`InputError` listing
    every bad cell (file, line, column, what was expected).
    """
    import pandas as pd

    from . import reading

    frame = reading.read_csv(path, required=COLUMNS)
    problems: list[Problem] = []
    rows = []
    for row in frame.to_dict("records"):
        line = int(row[reading.LINE])
        indicators = parse_indicators(row["indicator"])
        due = parse_due(row["due"])
        status = parse_status(row["status"])
        for column, bad in (("indicator", indicators is None), ("action", not row["action"]),
                            ("due", due is None), ("status", status is None)):
            if bad:
                problems.append(Problem(str(path), EXPECTED[column], line, column, row[column]))
        if indicators is not None and due is not None and status is not None:
            rows.append(dict(indicators=indicators, action=row["action"], lead=row["lead"], due=due.label,
                             due_by=due.by, status=status, source_line=line))
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=["indicators", "action", "lead", "due", "due_by", "status", "source_line"])


def period_end(year: int) -> dt.date:
    """The last day of WRES reporting year ``year`` (31 March ``year``)."""
    from .extracts import reporting_window

    return reporting_window(year)[1].date()


def shown_status(status: str, due_by: dt.date | None, year: int) -> str:
    """The status as the report of ``year`` shows it: overdue when due before the period ended
    and not done (see the module's docstring), else as the trust gave it.

    >>> shown_status("in progress", dt.date(2024, 12, 31), 2025)
    'Overdue (marked in progress)'
    >>> shown_status("not started", dt.date(2025, 3, 31), 2025)
    'Not started'
    >>> shown_status("done", dt.date(2020, 1, 1), 2025), shown_status("overdue", None, 2025)
    ('Done', 'Overdue')
    """
    if status in (NOT_STARTED, IN_PROGRESS) and due_by is not None and due_by < period_end(year):
        return f"{OVERDUE.capitalize()} (marked {status})"
    return status.capitalize()


def load_actions(data_dir: str | Path, year: int) -> pd.DataFrame | None:
    """The action plan of ``data_dir`` as the report of ``year`` shows it: :func:`read_actions`
    with ``shown_status`` (:func:`shown_status`). None when the folder has no ``actions.csv``."""
    from . import reading

    path = reading.input_path(Path(data_dir), Path(ACTIONS_FILE).stem)
    if not path.is_file():
        return None
    actions = read_actions(path)
    actions["shown_status"] = [shown_status(s, d, year) for s, d in zip(actions["status"], actions["due_by"])]
    return actions


def _indicator_label(indicators: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in indicators) if indicators else EVERY_INDICATOR


def plan_table(actions: pd.DataFrame, *, with_indicator: bool = True) -> pd.DataFrame:
    """The actions of ``actions`` (from :func:`load_actions`) for reading: Indicator (unless not
    ``with_indicator``), Action, Lead, Due, Status; text exactly as the trust wrote it (escape it
    where it is shown)."""
    import pandas as pd

    table = pd.DataFrame({
        "Indicator": [_indicator_label(i) for i in actions["indicators"]],
        "Action": list(actions["action"]),
        "Lead": [lead or NOT_GIVEN for lead in actions["lead"]],
        "Due": list(actions["due"]),
        "Status": list(actions["shown_status"]),
    })
    return table if with_indicator else table.drop(columns="Indicator")


def _table_html(table: pd.DataFrame, caption: str | None = None) -> str:
    """``table`` as HTML, every cell escaped and left-aligned (class ``text``: it holds sentences);
    with a ``<caption>`` when given (else the page's heading above it becomes the caption:
    :func:`wreslib.report.render.accessible`)."""
    markup = table.to_html(index=False, border=0, escape=True, classes="text")
    if caption:
        markup = re.sub(r"(<table\b[^>]*>)", lambda m: f"{m.group(1)}<caption>{html.escape(caption)}</caption>",
                        markup, count=1)
    return markup


def plan_html(actions: pd.DataFrame | None) -> str:
    """The action plan for the summary and the index page: a level-2 :data:`HEADING` and every
    action (all indicators), or :data:`NO_PLAN` when there is no plan."""
    heading = f"<h2>{html.escape(HEADING)}</h2>"
    if actions is None:
        return f"{heading}<p>{html.escape(NO_PLAN)}</p>"
    return heading + _table_html(plan_table(actions))


def _about(indicators: tuple[int, ...]) -> str:
    """"indicator 2" or "indicators 5, 6, 7 and 8"."""
    if len(indicators) == 1:
        return f"indicator {indicators[0]}"
    return f"indicators {', '.join(str(n) for n in indicators[:-1])} and {indicators[-1]}"


def indicator_html(actions: pd.DataFrame | None, indicators: int | Iterable[int], *,
                   heading: int | None = None) -> str:
    """The actions on ``indicators`` (one number or several), for the appendix where they are
    shown: a table of them (with an Indicator column when several are asked for) titled "Action
    plan: indicator N", or a sentence saying the plan has none; then, if the plan has actions on
    every indicator, where to find them. Empty when there is no plan (the summary says so).

    The title is the table's caption, or with ``heading`` a heading of that level above it (a
    section of its own, where the actions follow several indicators' parts of a page).
    """
    if actions is None:
        return ""
    wanted = (indicators,) if isinstance(indicators, int) else tuple(sorted(set(indicators)))
    about = _about(wanted)
    title = f"{HEADING}: {about}"
    mine = actions[[bool(set(i) & set(wanted)) for i in actions["indicators"]]]
    markup = f"<h{heading}>{html.escape(title)}</h{heading}>" if heading else ""
    if mine.empty:
        markup += f"<p>{html.escape(f'The action plan has no action on {about}.')}</p>"
    else:
        markup += _table_html(plan_table(mine, with_indicator=len(wanted) > 1), None if heading else title)
    if any(not i for i in actions["indicators"]):
        markup += f"<p>{html.escape(SEE_SUMMARY)}</p>"
    return markup


def show_plan(actions: pd.DataFrame | None):
    """Display :func:`plan_html` in a notebook."""
    from IPython.display import HTML

    return HTML(plan_html(actions))


def show_for(actions: pd.DataFrame | None, indicators: int | Iterable[int], *, heading: int | None = None):
    """Display :func:`indicator_html` in a notebook, beside the indicator (nothing without a plan)."""
    from IPython.display import HTML

    markup = indicator_html(actions, indicators, heading=heading)
    return HTML(markup) if markup else None
