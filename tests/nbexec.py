"""Run the pack's notebooks in this process (no kernel), collecting what they display.

Much quicker than papermill, for tests that must run the notebooks over many data folders;
``wres run`` itself is tested on a covering set of the same folders.
"""
from __future__ import annotations

import ast
import json

import IPython.display
import matplotlib

matplotlib.use("Agg")

from wreslib.publish.runner import NOTEBOOK_DIR  # noqa: E402


def _text(obj) -> str:
    data = getattr(obj, "data", None)
    if isinstance(data, str):
        return data
    if hasattr(obj, "_repr_html_"):
        return obj._repr_html_()
    return "" if obj is None else str(obj)


def execute(stem: str, parameters: dict) -> str:
    """Execute ``wreslib/notebooks/<stem>.ipynb`` with ``parameters`` replacing its parameters cell; return the
    text of everything it displayed (Markdown source and HTML), in order. Errors propagate."""
    notebook = json.loads((NOTEBOOK_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown: list[str] = []
    original = IPython.display.display
    IPython.display.display = lambda *objs, **kw: shown.extend(_text(o) for o in objs)
    namespace: dict = {}
    try:
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, f"{stem}.ipynb", "exec"), namespace)
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                namespace.update(parameters)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), f"{stem}.ipynb", "eval"), namespace)
                if value is not None:
                    shown.append(_text(value))
    finally:
        IPython.display.display = original
    return "\n".join(shown)
