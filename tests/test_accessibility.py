"""Every published page passes axe-core (WCAG 2.1 A/AA and best practice) in headless Chromium.

Needs ``/usr/bin/chromium`` (or ``CHROMIUM``), ``node`` and the npm packages of ``tests/a11y``
(``npm ci --prefix tests/a11y``; ``.ci/run`` installs both when missing). Without them the test
is skipped, saying what is missing.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

A11Y = REPO / "tests" / "a11y"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _missing() -> str:
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if shutil.which("node") is None:
        return "no node on PATH (apt-get install -y nodejs npm)"
    for package in ("axe-core", "puppeteer-core"):
        if not (A11Y / "node_modules" / package / "package.json").is_file():
            return f"npm package {package} not installed (npm ci --prefix tests/a11y)"
    return ""


@pytest.fixture(scope="module")
def quiet_run(tmp_path_factory):
    """``wres run --quiet --force`` on the demo as a subprocess: (completed process, the year folder)."""
    out = tmp_path_factory.mktemp("a11y")
    done = subprocess.run([sys.executable, "-m", "wreslib", "run", "--data", str(REPO / "data" / "demo"),
                           "--year", "2024", "--out", str(out), "--quiet", "--force"],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    return done, out / "2024"


def test_quiet_run_prints_nothing(quiet_run):
    done, _ = quiet_run
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == ""


def test_every_page_passes_axe(quiet_run):
    missing = _missing()
    if missing:
        pytest.skip(f"accessibility check not run: {missing}")
    done, year_dir = quiet_run
    assert done.returncode == 0, done.stderr
    pages = sorted(year_dir.rglob("*.html"))  # the WDES report's pages (wdes/) too
    assert {p.relative_to(year_dir).as_posix() for p in pages} >= {"index.html", "01_summary.html", "06_explore.html",
                                                                  "wdes/index.html", "wdes/04_staff_survey.html"}
    check = subprocess.run(["node", str(A11Y / "axe.js"), *map(str, pages)], capture_output=True, text=True,
                           timeout=300, env=os.environ | {"CHROMIUM": CHROMIUM})
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert [r["page"] for r in report] == [p.name for p in pages]
    found = [f"{r['page']}: {v['id']} ({v['impact']}, {len(v['nodes'])} node(s)) at {v['nodes'][0]['target']}: "
             f"{v['help']}" for r in report for v in r["violations"]]
    assert not found, "axe-core violations:\n" + "\n".join(found)


def test_axe_finds_violations_in_a_bad_page(tmp_path):
    """The checker itself works: a page with an empty link, an image without alt text and no landmarks fails."""
    missing = _missing()
    if missing:
        pytest.skip(f"accessibility check not run: {missing}")
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head></head><body><a href="#x"></a><img src="x.png">'
                   "<table><tr><th></th><td>1</td></tr></table></body></html>", encoding="utf-8")
    check = subprocess.run(["node", str(A11Y / "axe.js"), str(bad)], capture_output=True, text=True, timeout=120,
                           env=os.environ | {"CHROMIUM": CHROMIUM})
    assert check.returncode == 0, check.stderr
    ids = {v["id"] for v in json.loads(check.stdout)[0]["violations"]}
    assert {"link-name", "image-alt", "html-has-lang", "document-title"} <= ids


def test_trends_are_readable_without_the_images(quiet_run):
    """Indicators 2-4 and 9: each chart is followed by its data, year by year, and alt text with figures."""
    done, year_dir = quiet_run
    assert done.returncode == 0, done.stderr
    for page, charts in (("03_recruitment_disciplinary_training.html", 3), ("05_board.html", 1)):
        text = (year_dir / page).read_text(encoding="utf-8")
        assert text.count("<details><summary>Data for this chart</summary>") == charts, page
        data = text[text.index("<details>"):]
        for year in range(2020, 2025):
            assert f"<td>{year}</td>" in data, (page, year)
    board = (year_dir / "05_board.html").read_text(encoding="utf-8")
    assert 'alt="Line chart: BME percentage of the board rose from ' in board or \
        'alt="Line chart: BME percentage of the board fell from ' in board
