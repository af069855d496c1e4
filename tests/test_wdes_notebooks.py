"""The WDES notebooks: declared once (:data:`wreslib.report.sections.STANDARD_NOTEBOOKS`), shipped as package
data, thin and with the WRES notebooks' parameters; each run once with papermill on the demo (the pipeline's
WDES results after disclosure control) and rendered as the runner renders a page; hidden figures shown as
``*`` with the footnote."""
import json
import re
import tomllib

import matplotlib
import nbformat
import pytest

import nbexec
from helpers import REPO
from test_wdes_report import YEAR, hide, results  # noqa: F401  (results: the hand-made trust, a fixture)
from wreslib.disclosure.engine import GENERIC_FOOTNOTE, MARKER
from wreslib.inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD
from wreslib.publish.runner import NOTEBOOK_DIR, folder
from wreslib.report import coverage, plots, sections
from wreslib.standards.wdes import WDES

matplotlib.use("Agg")

WDES_DIR = NOTEBOOK_DIR / folder("wdes")
WDES_STEMS = [stem for stem, _ in sections.STANDARD_NOTEBOOKS["wdes"]]


def _parameters(path) -> dict[str, str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))["source"])
    return dict(re.findall(r"^(\w+) = (.+)$", source, flags=re.M))


def test_wdes_notebooks_declared_once_and_shipped():
    assert sections.STANDARD_NOTEBOOKS["wres"] is sections.NOTEBOOKS
    assert sorted(p.stem for p in WDES_DIR.glob("*.ipynb")) == sorted(WDES_STEMS)
    assert dict(sections.STANDARD_NOTEBOOKS["wdes"])["02_workforce"] == "Metric 1: workforce profile"
    assert set(coverage.STANDARD_SECTION_INDICATORS["wdes"]) == set(WDES_STEMS)
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "notebooks/wdes/*.ipynb" in package_data["wreslib"]


@pytest.mark.parametrize("stem", WDES_STEMS)
def test_wdes_notebook_is_thin_and_like_the_wres_ones(stem):
    path = WDES_DIR / f"{stem}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code_cells)
    wres = _parameters(NOTEBOOK_DIR / "01_summary.ipynb")
    mine = _parameters(path)
    assert list(mine) == list(wres)  # the same parameters, in the same order
    assert {k: v for k, v in mine.items() if k != "data_dir"} == {k: v for k, v in wres.items() if k != "data_dir"}
    assert (int(mine["count_threshold"]), int(mine["survey_threshold"])) == (COUNT_THRESHOLD, SURVEY_THRESHOLD)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert 'pipeline.report_results(data_dir, reporting_year, count_threshold=count_threshold,' in code
    assert 'results_file=results_file, standard="wdes")' in code
    prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown").lower()
    assert "synthetic" not in prose and "bme" not in prose
    assert not re.search(r"^\s*def |^\s*class ", code, flags=re.M)  # logic lives in wreslib


def test_a_wdes_notebook_shows_hidden_figures_with_the_footnote(results, monkeypatch):
    from wreslib.publish import pipeline

    hidden = hide(results, "3", ["disabled_percent", "relative_likelihood", "distance_from_equity"], "single-year")
    monkeypatch.setattr(pipeline, "report_results", lambda *a, **kw: hidden)
    text = nbexec.execute("wdes/03_recruitment_capability", dict(reporting_year=YEAR, data_dir="unused",
                                                                publication=True))
    assert f"<td>{MARKER} Disabled / Non-disabled</td>" in text
    assert GENERIC_FOOTNOTE.replace("'", "&#x27;") in text
    assert "The metric 3 figure for 2024 is not shown" in text
    assert "1 year not shown: hidden to protect small numbers." in text  # the chart leaves the year out, and says so
    plots.plt.close("all")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each WDES notebook run once with papermill on the demo, and rendered as the runner renders a page."""
    import papermill as pm

    from wreslib.report.render import render_notebook

    tmp = tmp_path_factory.mktemp("wdes_notebooks")
    out = {}
    for stem in WDES_STEMS:
        source = WDES_DIR / f"{stem}.ipynb"
        figures = tmp / "figures" / stem
        pm.execute_notebook(str(source), str(tmp / f"{stem}.ipynb"), kernel_name="python3", progress_bar=False,
                            log_output=False, cwd=str(tmp),
                            parameters=dict(reporting_year=YEAR, data_dir=str(REPO / "data" / "demo"),
                                            trust_name="Demo NHS Trust", figures_dir=str(figures), publication=True))
        render_notebook(tmp / f"{stem}.ipynb", tmp / f"{stem}.html", title=dict(sections.WDES_NOTEBOOKS)[stem],
                        trust_name="Demo NHS Trust", year=YEAR, abbreviation=WDES.abbreviation)
        out[stem] = ((tmp / f"{stem}.html").read_text(encoding="utf-8"), figures)
    return out


EXPECTED = {
    "01_summary": ["Metric 2: appointment from shortlisting, Non-disabled / Disabled",
                   "Distance from equity (Disabled minus Non-disabled)", "Non-disabled applicants were"],
    "02_workforce": ["Disabled % change from last year", "Disabled staff were"],
    "03_recruitment_capability": ["Non-disabled / Disabled", "Disabled / Non-disabled",
                                  "Entered formal capability (two years)"],
    "04_staff_survey": [WDES.indicators[n].title for n in WDES.of_kind("survey percentage", "survey score")],
    "05_board": ["Disabled % of board", "Disabled members were"],
}
FIGURES = {"01_summary": 0, "02_workforce": 1, "03_recruitment_capability": 2, "04_staff_survey": 9, "05_board": 1}


@pytest.mark.parametrize("stem", WDES_STEMS)
def test_wdes_notebook_runs_with_papermill_on_the_demo(executed, stem):
    page, figures = executed[stem]
    assert "Traceback" not in page and "Error" not in page
    assert f"<h1" in page and dict(sections.WDES_NOTEBOOKS)[stem].split(":")[0] in page
    for text in EXPECTED[stem]:
        assert text.replace("'", "&#x27;") in page, text
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == FIGURES[stem]
    assert all('src="data:image/png;base64,' in img and re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert page.count("<details><summary>Data for this chart</summary>") == FIGURES[stem]
    assert len(list(figures.glob("*.png"))) == FIGURES[stem]
    text = re.sub(r"base64,[A-Za-z0-9+/=]+", "", page)  # the words of the page, not its images' bytes
    assert "synthetic" not in text.lower() and "BME" not in text and "WRES" not in text
    assert not re.search(r"<pre>\s*True\s*</pre>", text)  # nothing shown but the report
    assert "<script" not in text
