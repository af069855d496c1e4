"""Executed notebooks to HTML pages for reviewers (nbconvert, in-process).

No code cells, no prompts, no parameter cells, no stderr; images are
embedded as data URIs and the page carries its own CSS and no scripts, so it
reads offline.
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
thead th { background: #f0f4f5; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
nav { font-size: 0.9em; margin-bottom: 1.5em; }
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
<nav><a href="index.html">{trust} WRES {year}: all sections</a></nav>
{body}
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


def page(title: str, body: str, trust_name: str, year: int) -> str:
    """A self-contained HTML page around ``body``."""
    return PAGE.format(title=html.escape(title), style=STYLE, body=body, trust=html.escape(trust_name), year=year)


def render_notebook(ipynb: Path, out: Path, *, title: str, trust_name: str, year: int) -> None:
    """Render an executed notebook to a reviewer's HTML page at ``out``."""
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
    out.write_text(page(f"{title} - {trust_name} WRES {year}", body, trust_name, year), encoding="utf-8")
