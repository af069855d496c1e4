"""The run's cache key covers the package versions run.json records (one function: runner.package_versions)."""
import importlib.metadata
import sys
import tomllib

import pytest

from helpers import REPO
from wreslib.publish import runner
from wreslib.publish.runner import RunConfig, cache_keys
from wreslib.report.sections import NOTEBOOKS, STANDARD_NOTEBOOKS

DEMO = REPO / "data" / "demo"


@pytest.fixture
def keys(tmp_path):
    config = RunConfig(data_dir=DEMO, year=2024, out=tmp_path / "out", progress=False)
    inputs = runner._input_hashes(config.data_dir, config.year)
    return lambda: cache_keys(config, inputs)


def test_recorded_packages_are_python_wreslib_and_its_runtime_dependencies():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in declared}
    recorded = runner.package_versions()
    # From wreslib's installed metadata: a stale install (pyproject.toml changed since) fails here, reinstall.
    assert set(recorded) == {"python", "wreslib"} | names
    assert "not installed" not in recorded.values()


def test_same_versions_same_keys(keys):
    first = keys()
    # every notebook of every standard, another standard's under its folder (wdes/01_summary)
    assert set(first) == {stem for stem, _ in NOTEBOOKS} | {f"{code}/{stem}" for code, notebooks in
                                                           STANDARD_NOTEBOOKS.items() if code != "wres"
                                                           for stem, _ in notebooks}
    assert keys() == first


@pytest.mark.parametrize("name", sorted(runner.package_versions()))
def test_a_changed_package_version_changes_every_notebooks_key(keys, monkeypatch, name):
    before, recorded = keys(), runner.package_versions()
    if name == "python":
        monkeypatch.setattr(sys, "version", "3.99.0 (an upgrade)")
    else:
        real = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version", lambda n: real(n) + ".post1" if n == name else real(n))
    # What run.json would record differs in this one package only ...
    changed = runner.package_versions()
    assert {n for n in recorded if changed[n] != recorded[n]} == {name}
    # ... and every notebook reruns.
    after = keys()
    assert set(after) == set(before)
    assert all(after[stem] != before[stem] for stem in before), name
