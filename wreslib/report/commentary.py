"""The trust's own commentary: ``DIR/commentary/<section>.md``, shown at the top of that section.

A section is the index page or a notebook (:data:`wreslib.report.sections.SECTIONS`:
``index``, ``01_summary``, ``02_workforce`` ...). The file is Markdown written
by the trust; it is published through :func:`wreslib.report.render.markdown_html`, so
no raw HTML, script, link or web image from it reaches a page. A file in
``commentary/`` named after no section is an error (a misspelt name would
otherwise be left out silently); hidden files (``.DS_Store``) are ignored.

Standard library only at import: the runner lists these files before deciding
whether there is anything to do.
"""
from __future__ import annotations

import html
from pathlib import Path

from ..errors import InputError, Problem
from ..inputs.reading import read_text
from .render import markdown_html
from .sections import SECTIONS

#: The folder of a data folder holding the commentary.
COMMENTARY_DIR = "commentary"
#: The heading above the commentary, so that readers can tell the trust's words from the pack's.
HEADING = "Commentary from the trust"
_SUFFIX = ".md"


def commentary_path(data_dir: str | Path, section: str) -> Path:
    """Where the commentary of ``section`` is read from: ``DIR/commentary/<section>.md``."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}: one of {', '.join(SECTIONS)}")
    return Path(data_dir) / COMMENTARY_DIR / f"{section}{_SUFFIX}"


def commentary_files(data_dir: str | Path) -> list[Path]:
    """The commentary files that exist, in section order (what a run reads and hashes)."""
    return [p for p in (commentary_path(data_dir, s) for s in SECTIONS) if p.is_file()]


def folder_problems(data_dir: str | Path) -> list[Problem]:
    """A ``commentary`` that is not a folder, and every entry in it (or in a standard's subfolder,
    ``commentary/wdes/``) not named ``<section>.md``."""
    folder = Path(data_dir) / COMMENTARY_DIR
    if not folder.exists():
        return []
    expected = f"a file named <section>.md, the section one of {', '.join(SECTIONS)}"
    if not folder.is_dir():
        return [Problem(str(folder), f"a folder of commentary files ({expected})")]
    files = {commentary_path(data_dir, s) for s in SECTIONS}
    folders = {p.parent for p in files} - {folder}
    problems, todo = [], [folder]
    while todo:
        for entry in sorted(todo.pop().iterdir()):
            if entry.name.startswith(".") or (entry in files and entry.is_file()):
                continue
            if entry in folders and entry.is_dir():
                todo.append(entry)
            else:
                problems.append(Problem(str(entry), expected))
    return problems


def load_commentary(data_dir: str | Path) -> dict[str, str]:
    """The commentary of each section that has one: section -> Markdown text (may be empty).

    Raises :class:`InputError` with every problem: misnamed files (:func:`folder_problems`) and
    files that are not text (a Word document saved as ``.md``, binary data)."""
    problems = folder_problems(data_dir)
    texts: dict[str, str] = {}
    for section in SECTIONS:
        path = commentary_path(data_dir, section)
        if not path.is_file():
            continue
        try:
            texts[section] = read_text(path)
        except InputError:
            problems.append(Problem(str(path), "a Markdown text file (UTF-8 or Windows-1252), but this holds binary "
                                               "data (a Word document or a spreadsheet?): save it as plain text"))
    if problems:
        raise InputError(problems)
    return texts


def commentary_html(text: str | None) -> str:
    """The commentary as published: :data:`HEADING` (level 2) and the Markdown made safe by
    :func:`wreslib.report.render.markdown_html` (its headings at level 3); empty without text.

    >>> print(commentary_html("We <b>will</b> act."))
    <h2>Commentary from the trust</h2>
    <p>We &lt;b&gt;will&lt;/b&gt; act.</p>
    <BLANKLINE>
    >>> commentary_html("  ")
    ''
    """
    if text is None or not text.strip():
        return ""
    return f"<h2>{html.escape(HEADING)}</h2>\n{markdown_html(text, heading_level=3)}"


def show(data_dir: str | Path, section: str):
    """Display the commentary of ``section`` in a notebook (nothing when the trust wrote none)."""
    from IPython.display import HTML

    markup = commentary_html(load_commentary(data_dir).get(section))
    return HTML(markup) if markup else None
