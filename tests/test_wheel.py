"""The wheel is the whole pack: built from this checkout and installed (not editable) in a fresh virtual
environment, `wres demo` then `wres run` from a folder outside the checkout give the complete report, and
its results.csv is the checkout's for the same data. Takes a few minutes (a venv, its dependencies from the
package index, a cold run of every notebook)."""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO
from trustgen import publish
from wreslib import __version__
from wreslib.publish.runner import NOTEBOOK_DIR
from wreslib.report.sections import NOTEBOOKS, STANDARD_NOTEBOOKS

#: Not part of the source a wheel is built from (a copy without them builds as a fresh clone would).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "outputs", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ipynb_checkpoints", "node_modules")


def _pip(python: Path | str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "pip", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # pip needs the package index (or its mirror) for setuptools (build isolation) and the wheel's dependencies.
    probe = _pip(sys.executable, "download", "--no-deps", "--dest", str(tmp / "probe"), "setuptools>=68", cwd=tmp)
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"no package index reachable (pip could not download setuptools: {last}); building the wheel "
                    "and installing its dependencies need one")
    # Built from a copy: an in-tree build would leave build/ in the checkout (stale files from an earlier build
    # can end up in the next wheel).
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    built = _pip(sys.executable, "wheel", "--no-deps", str(source), "--wheel-dir", str(tmp / "dist"), cwd=tmp)
    assert built.returncode == 0, built.stderr
    found, = (tmp / "dist").glob("wreslib-*.whl")
    return found


@pytest.fixture(scope="module")
def wheel_env(wheel, tmp_path_factory):
    """(the fresh venv's bin folder, the environment to run it in), the wheel installed there."""
    tmp = tmp_path_factory.mktemp("venv")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # --no-compile: byte-compiling every dependency (jupyterlab ...) would double the install's time.
    installed = _pip(venv / "bin" / "python", "install", "--no-compile", "--constraint", str(REPO / "constraints.txt"),
                     str(wheel), cwd=tmp)
    assert installed.returncode == 0, installed.stderr
    # Nothing from the checkout or this test session: the venv first on PATH, no PYTHONPATH, Jupyter's own
    # files (kernel specs, connection files) in the temporary folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               JUPYTER_DATA_DIR=str(tmp / "jupyter"), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"))
    yield venv / "bin", env
    shutil.rmtree(venv, ignore_errors=True)  # hundreds of MB; pytest keeps the last runs' temporary folders


def test_the_wheel_holds_every_notebook_and_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    notebooks = {f"wreslib/notebooks/{p.name}" for p in NOTEBOOK_DIR.glob("*.ipynb")}
    assert notebooks == {f"wreslib/notebooks/{stem}.ipynb" for stem, _ in NOTEBOOKS}
    assert notebooks <= names
    package = REPO / "wreslib"
    modules = {f"wreslib/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert modules <= names, sorted(modules - names)  # subpackages included


@pytest.fixture(scope="module")
def installed_run(wheel_env, tmp_path_factory):
    """`wres demo` and `wres run` of the installed wheel, in a folder outside the checkout."""
    bin_dir, env = wheel_env
    work = tmp_path_factory.mktemp("elsewhere")
    where = subprocess.run([str(bin_dir / "python"), "-c", "import wreslib; print(wreslib.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(bin_dir.parent) and not Path(where).is_relative_to(REPO), where
    for command in (["demo"], ["run", "--data", "data/demo", "--year", "2024", "--out", "out", "--quiet"]):
        done = subprocess.run([str(bin_dir / "wres"), *command], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr)
    return work


def test_wres_demo_from_the_wheel_writes_the_demo_data(installed_run):
    demo, ours = installed_run / "data" / "demo", REPO / "data" / "demo"
    files = sorted(p.relative_to(demo) for p in demo.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(ours) for p in ours.rglob("*") if p.is_file())
    assert all((demo / f).read_bytes() == (ours / f).read_bytes() for f in files)


def test_wres_run_from_the_wheel_writes_the_whole_report(installed_run, tmp_path):
    report = installed_run / "out" / "2024"
    for name in ["index.html", "results.csv", "results.xlsx", "run.json"] + [f"{stem}.html" for stem, _ in NOTEBOOKS]:
        assert (report / name).is_file(), name
    record = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert record["packages"]["wreslib"] == __version__
    assert all(record["notebooks"][stem]["executed"] for stem, _ in NOTEBOOKS)
    # The checkout's results for the same data (the run's results.csv comes from the pipeline, not from a
    # notebook: trustgen.publish writes it without executing them).
    ours, = publish(installed_run / "data" / "demo", tmp_path, years=(2024,))
    assert (report / "results.csv").read_text(encoding="utf-8") == (ours / "results.csv").read_text(encoding="utf-8")
