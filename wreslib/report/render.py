"""Executed notebooks to HTML pages for reviewers (nbconvert, in-process).

No code cells, no prompts, no parameter cells, no stderr; images are
embedded as data URIs and the page carries its own CSS and no scripts, so it
reads offline. Every page is built to pass axe-core's WCAG 2.1 A/AA and
best-practice rules (``tests/test_accessibility.py``): a language, a title, a
header with the navigation and a ``<main>`` landmark holding the content, no
empty heading-anchor links, a caption on every table and no empty header cell
(:func:`accessible`).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

STYLE = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #212b32; line-height: 1.45; }
h1, h2, h3 { color: #005eb8; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #d8dde0; padding: 4px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.text th, table.text td { text-align: left; }
thead th { background: #f0f4f5; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
nav { font-size: 0.9em; margin-bottom: 1.5em; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
details { margin: 0.5em 0 1.5em; }
summary { cursor: pointer; color: #005eb8; }
.footnote { font-size: 0.85em; color: #4c6272; }
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt { display: none; }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>{header}</header>
<main>
{body}
</main>
</body>
</html>
"""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """``text`` from an input (a trust name, a band) made safe to put in Markdown that a notebook
    displays: HTML is escaped (nbconvert passes raw HTML in Markdown through) and Markdown
    punctuation is backslash-escaped (so a name cannot become a link, a heading or emphasis).

    >>> print(escape_markdown("<script>alert(1)</script> [x](javascript:y) *A&B*"))
    &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:y\\) \\*A&amp;B\\*
    """
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _no_raw_html(markdown: str) -> str:
    """Markdown output with any raw HTML shown as text: the pack's Markdown outputs never hold
    HTML on purpose, so a ``<`` there can only have come from an input."""
    return markdown.replace("<", "&lt;")


#: Link schemes whose address a trust's Markdown may show (as text: pages link to no web address).
WEB_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop tabs and line breaks in a URL


def markdown_html(text: str, *, heading_level: int = 3) -> str:
    """Markdown written by a trust (its commentary) as HTML safe to publish in an offline report.

    Paragraphs, emphasis, lists, quotes and code are kept. Everything else is made text:

    - raw HTML (``<script>``, ``<img onerror=...>``, comments) is shown as text, escaped;
    - a link is its text, followed by its address in brackets when that is a web or mail
      address (``http``, ``https``, ``mailto``); any other address (``javascript:``, ``data:``,
      ``file:``, a relative path) is dropped, so a page never links anywhere;
    - an image is not loaded (the report is read offline and fetches nothing): its alt text
      is shown as ``[image not shown: ...]``;
    - every heading is at ``heading_level`` (default 3, below the section's own headings), so
      that the page's headings stay in order whatever levels the trust used.

    >>> print(markdown_html("# Plan\\n\\n*Ours* <script>x()</script> [site](javascript:alert(1)) "
    ...                     "[NHS](https://www.nhs.uk) ![logo](https://x/y.png)"))
    <h3>Plan</h3>
    <p><em>Ours</em> &lt;script&gt;x()&lt;/script&gt; site NHS (https://www.nhs.uk) [image not shown: logo]</p>
    <BLANKLINE>
    """
    import mistune
    from mistune.util import striptags

    class _Renderer(mistune.HTMLRenderer):
        def link(self, text, url, title=None):
            address = _IGNORED_IN_URL.sub("", html.unescape(url))
            scheme = _SCHEME.match(address.lower())
            shown = html.unescape(striptags(text)).strip()
            if scheme and scheme.group(1) in WEB_SCHEMES and shown not in (address, address.removeprefix("mailto:")):
                return f"{text} ({html.escape(address)})"
            return text  # an autolink shows its address once

        def image(self, text, url, title=None):
            return f"[image not shown: {html.escape(html.unescape(striptags(text)), quote=False)}]"

        def heading(self, text, level, **attrs):
            return f"<h{heading_level}>{text}</h{heading_level}>\n"

        def inline_html(self, markup):
            return html.escape(markup, quote=False)

        def block_html(self, markup):
            return f"<p>{html.escape(markup.strip(), quote=False)}</p>\n"

    return mistune.create_markdown(escape=True, renderer=_Renderer(escape=True), plugins=[])(text)


def pack_markdown_html(text: str) -> str:
    """Markdown the pack writes (a sentence naming organisations, each name through
    :func:`escape_markdown`) as HTML: the names are already escaped, so entities stay as they are.
    Raw HTML is still shown as text, as in :func:`markdown_html`, should any reach here unescaped.

    >>> print(pack_markdown_html("Above: " + escape_markdown("A & <B> *c*") + "."))
    <p>Above: A &amp; &lt;B&gt; *c*.</p>
    <BLANKLINE>
    """
    import mistune

    class _Renderer(mistune.HTMLRenderer):
        def inline_html(self, markup):
            return html.escape(markup, quote=False)

        def block_html(self, markup):
            return f"<p>{html.escape(markup.strip(), quote=False)}</p>\n"

    return mistune.create_markdown(escape=False, renderer=_Renderer(escape=False), plugins=[])(text)


_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_EMPTY_HEADER = re.compile(r"<th([^>]*)>\s*</th>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_TABLE = re.compile(r"<table\b[^>]*>(\s*<caption\b)?")
_TAG = re.compile(r"<[^>]+>")


def accessible(body: str) -> str:
    """``body`` (HTML) with what accessibility checkers object to fixed: nbconvert's heading
    anchor links (empty links) removed, empty header cells (the corner of a table shown with
    its index) made ordinary cells, and a ``<caption>`` on every table that has none: the text
    of the heading before it.

    >>> print(accessible('<h2 id="a">Bands<a class="anchor-link" href="#a">¶</a></h2>'
    ...                  '<table><thead><tr><th></th><th>2024</th></tr></thead></table>'))
    <h2 id="a">Bands</h2><table><caption>Bands</caption><thead><tr><td></td><th>2024</th></tr></thead></table>
    """
    body = _ANCHOR_LINK.sub("", body)
    body = _EMPTY_HEADER.sub(r"<td\1></td>", body)
    headings = [(m.start(), _TAG.sub("", m.group(2)).strip()) for m in _HEADING.finditer(body)]

    def caption(match: re.Match) -> str:
        if match.group(1):  # has one already
            return match.group(0)
        before = [text for start, text in headings if start < match.start() and text]
        text = before[-1] if before else "Table"
        return f"{match.group(0)}<caption>{text}</caption>"

    return _TABLE.sub(caption, body)


def page(title: str, body: str, trust_name: str, year: int, *, index: bool = False,
         abbreviation: str = "WRES") -> str:
    """A self-contained HTML page around ``body`` (made :func:`accessible`). Its header links to the
    index page, except on the index page itself (``index``), which names the report without a link
    to itself. ``abbreviation``: the standard's (:attr:`wreslib.standards.base.Standard.abbreviation`)."""
    name = f"{html.escape(trust_name)} {html.escape(abbreviation)} {year}"
    header = (f"<p>{name}</p>" if index else
              f'<nav aria-label="Report sections"><a href="index.html">{name}: all sections</a></nav>')
    return PAGE.format(title=html.escape(title), style=STYLE, body=accessible(body), header=header)


def render_notebook(ipynb: Path, out: Path, *, title: str, trust_name: str, year: int,
                    abbreviation: str = "WRES") -> None:
    """Render an executed notebook to a reviewer's HTML page at ``out`` (``abbreviation``: the standard's,
    "WRES" or "WDES", in the page's title and header)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = nbformat.read(ipynb, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
            for output in cell.outputs:
                if "text/markdown" in output.get("data", {}):
                    output["data"]["text/markdown"] = _no_raw_html(output["data"]["text/markdown"])
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, anchor_link_text="")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"parameters", "injected-parameters"},
                                                         enabled=True), enabled=True)
    body, _ = exporter.from_notebook_node(notebook)
    out.write_text(page(f"{title} - {trust_name} {abbreviation} {year}", body, trust_name, year,
                        abbreviation=abbreviation), encoding="utf-8")
