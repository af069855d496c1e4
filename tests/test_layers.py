"""The package's layers go one way: a module imports only from its own subpackage and those before it.

Reads every module's imports with ``ast`` (module level and inside functions alike), so a lazy
import that reaches forward fails too, and checks that the import graph has no cycles.
"""
import ast
from pathlib import Path

import pytest

import wreslib

PACKAGE = Path(wreslib.__file__).parent
#: The flow, first to last; top-level modules are named by their module name.
LAYERS = ["errors", "classify", "standards", "inputs", "compute", "disclosure", "report", "publish", "cli"]
#: Reached only through `wres demo`; may import anything before cli, and nothing but cli imports it.
DEMO = "demo"


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """Every wreslib module ``name`` imports (dotted inside wreslib)."""
    package = name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "wreslib":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # `from . import reading` names a module, `from .x import f` a name
                found.add(".".join(target + [alias.name]) if ".".join(target + [alias.name]) in _modules()
                          else ".".join(target))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("wreslib.") for a in node.names if a.name.startswith("wreslib.")}
    return {m.removesuffix(".__init__") for m in found if m}


def _layer(module: str) -> str:
    return module.split(".")[0].removesuffix(".__init__")


GRAPH = {name: _imports(name, path) for name, path in _modules().items()}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_one_way(module):
    layer = _layer(module)
    if layer in ("__init__", "__main__"):
        return
    rank = LAYERS.index("cli") if layer == DEMO else LAYERS.index(layer)
    for imported in GRAPH[module]:
        other = _layer(imported)
        if other in ("__init__", ""):
            continue  # the package's version
        if other == DEMO:
            assert module == "cli" or layer == DEMO, f"{module} imports the demo generators ({imported}): only `wres demo` may"
            continue
        assert LAYERS.index(other) <= rank, f"{module} ({layer}) imports {imported} ({other}), a later layer"


def test_no_import_cycles():
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(GRAPH.get(node, ())):
            if nxt in GRAPH:
                visit(nxt)
        stack.pop()

    for node in sorted(GRAPH):
        visit(node)
    assert cycles == []


def test_the_checks_can_fail(monkeypatch):
    """A forward import and a cycle are caught (so the two tests above can fail)."""
    assert LAYERS.index(_layer("report.tables")) > LAYERS.index(_layer("inputs.counts"))
    assert "inputs.counts" in GRAPH["compute.indicators"]
    assert "report.tables" in GRAPH["report.plots"]
