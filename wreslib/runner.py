"""``wres run``: execute the notebook pack with papermill and render it with nbconvert.

The flow for ``OUT/<year>/``:

1. Work out a cache key per notebook: its file, its parameters, the SHA-256
   of every input file, and wreslib's version and source. If the previous
   run's keys all match (``run.json``), there is nothing to do.
2. Check the inputs (bad input stops the run before any notebook starts).
3. Build the new output in a staging folder: execute changed notebooks in
   parallel (one papermill kernel each), copy unchanged ones from the last
   run, render each to HTML in-process (no code, no prompts, images
   embedded, no scripts), write ``results.csv``, ``index.html`` and
   ``run.json``.
4. Swap the staging folder into place. A failure at any step leaves the
   previous output untouched.

Only the standard library is imported at module level so that a run with
nothing to do returns quickly.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

#: The pack, in reading order: (file stem, title shown to reviewers).
NOTEBOOKS = [
    ("01_summary", "Executive summary"),
    ("02_workforce", "Indicator 1: workforce profile"),
    ("03_recruitment_disciplinary_training", "Indicators 2-4: recruitment, disciplinary and training"),
    ("04_staff_survey", "Indicators 5-8: staff survey"),
    ("05_board", "Indicator 9: board representation"),
    ("06_explore", "Disaggregated ethnicity breakdowns"),
]
NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
RESULTS_PICKLE = ".results.pkl"
PACKAGES = ["wreslib", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "pandera", "papermill", "nbconvert",
            "nbclient", "nbformat", "ipykernel", "tqdm"]


class NotebookFailed(Exception):
    """A notebook raised an error; the message names the notebook and cell."""


@dataclass
class RunConfig:
    data_dir: Path
    year: int
    out: Path = Path("outputs")
    trust_name: str = "Demo NHS Trust"
    count_threshold: int = 7
    survey_threshold: int = 11
    force: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    notebook_dir: Path = NOTEBOOK_DIR
    progress: bool = True

    def __post_init__(self):
        # Absolute paths: notebooks run in other processes and threads.
        self.data_dir, self.out, self.notebook_dir = (Path(p).resolve() for p in
                                                      (self.data_dir, self.out, self.notebook_dir))

    def parameters(self) -> dict:
        """The papermill parameters every notebook receives (paths absolute)."""
        return dict(reporting_year=self.year, data_dir=str(self.data_dir), trust_name=self.trust_name,
                    count_threshold=self.count_threshold, survey_threshold=self.survey_threshold, publication=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _input_hashes(data_dir: Path) -> dict[str, str]:
    files = sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(data_dir).as_posix(): sha256(p) for p in files}


def _source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_keys(config: RunConfig, inputs: dict[str, str]) -> dict[str, str]:
    """One key per notebook: changes when its file, parameters, inputs or wreslib change."""
    common = json.dumps([config.parameters(), inputs, __version__, _source_hash()], sort_keys=True).encode()
    return {stem: hashlib.sha256(common + sha256(config.notebook_dir / f"{stem}.ipynb").encode()).hexdigest()
            for stem, _ in NOTEBOOKS}


def _previous_run(year_dir: Path) -> dict:
    try:
        return json.loads((year_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _up_to_date(year_dir: Path, previous: dict, keys: dict[str, str]) -> list[str]:
    """The notebooks whose previous outputs can be reused as they are."""
    done = previous.get("notebooks", {})
    return [stem for stem in keys
            if done.get(stem, {}).get("key") == keys[stem] and (year_dir / f"{stem}.html").is_file()
            and (year_dir / "notebooks" / f"{stem}.ipynb").is_file()]


def _execute(config: RunConfig, stem: str, staging: Path, position: int, results_file: Path) -> float:
    """Run one notebook with papermill into the staging folder, then render it. Returns seconds."""
    import papermill as pm

    from .render import render_notebook

    started = time.perf_counter()
    output = staging / "notebooks" / f"{stem}.ipynb"
    # Output locations are not in the cache key: they change with every staging folder.
    params = config.parameters() | {"figures_dir": str(staging / "figures" / stem), "results_file": str(results_file)}
    progress = {"desc": stem, "position": position, "leave": False} if config.progress else False
    try:
        pm.execute_notebook(str(config.notebook_dir / f"{stem}.ipynb"), str(output), parameters=params,
                            kernel_name="python3", progress_bar=progress, log_output=False)
    except pm.PapermillExecutionError as err:
        raise NotebookFailed(f"notebook {stem} failed in cell {err.exec_count or err.cell_index}: "
                             f"{err.ename}: {err.evalue}") from None
    render_notebook(output, staging / f"{stem}.html", title=dict(NOTEBOOKS)[stem], trust_name=config.trust_name,
                    year=config.year)
    return time.perf_counter() - started


def _reuse(stem: str, year_dir: Path, staging: Path) -> None:
    shutil.copy2(year_dir / f"{stem}.html", staging / f"{stem}.html")
    shutil.copy2(year_dir / "notebooks" / f"{stem}.ipynb", staging / "notebooks" / f"{stem}.ipynb")
    if (year_dir / "figures" / stem).is_dir():
        shutil.copytree(year_dir / "figures" / stem, staging / "figures" / stem)


def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run(config: RunConfig, log=print) -> dict:
    """Run the pack; returns the run record (also written as ``run.json``).

    Raises :class:`~wreslib.errors.InputError` for bad input and
    :class:`NotebookFailed` when a notebook fails; in both cases the
    previous ``OUT/<year>`` is left as it was.
    """
    started = time.perf_counter()
    year_dir = config.out / str(config.year)
    inputs = _input_hashes(config.data_dir)
    keys = cache_keys(config, inputs)
    previous = _previous_run(year_dir)
    reusable = [] if config.force else _up_to_date(year_dir, previous, keys)
    if len(reusable) == len(keys) and (year_dir / "index.html").is_file() and (year_dir / "results.csv").is_file():
        log(f"wres: {year_dir} is up to date (nothing changed since the last run); use --force to rerun")
        return previous

    from .pipeline import report_results  # heavy imports only when there is work to do
    from .publish import check_publishable, write_site

    # Bad input stops here, before any notebook; what notebooks show is suppressed once, here.
    shown = report_results(config.data_dir, config.year, count_threshold=config.count_threshold,
                           survey_threshold=config.survey_threshold)
    from .reconcile import load_published

    load_published(config.data_dir)  # read by the summary notebook: a bad file must stop the run here too
    config.out.mkdir(parents=True, exist_ok=True)
    staging = config.out / f".staging-{config.year}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)
    results_file = staging / RESULTS_PICKLE
    try:
        shown.to_pickle(results_file)
        timings = {}
        for stem in reusable:
            _reuse(stem, year_dir, staging)
        todo = [stem for stem, _ in NOTEBOOKS if stem not in reusable]
        from tqdm.auto import tqdm

        with ThreadPoolExecutor(max_workers=max(1, config.jobs)) as pool, \
                tqdm(total=len(todo), desc=f"wres run {config.year}", unit="notebook",
                     disable=not config.progress or not todo) as bar:
            futures = {pool.submit(_execute, config, stem, staging, i + 1, results_file): stem
                       for i, stem in enumerate(todo)}
            for future in as_completed(futures):
                timings[futures[future]] = round(future.result(), 2)
                bar.update()
        record = dict(
            wreslib_version=__version__,
            parameters=config.parameters() | {"out": str(config.out.resolve()), "jobs": config.jobs,
                                               "force": config.force},
            inputs=inputs,
            packages=_package_versions(),
            notebooks={stem: dict(key=keys[stem], executed=stem in todo, seconds=timings.get(stem))
                       for stem, _ in NOTEBOOKS},
        )
        results_file.unlink()
        write_site(staging, shown, config, NOTEBOOKS)
        check_publishable(staging, config)
        record["seconds"] = round(time.perf_counter() - started, 2)
        (staging / "run.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _swap_into_place(staging, year_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"wres: wrote {year_dir}/index.html ({len(todo)} notebook(s) executed, {len(reusable)} reused, "
        f"{record['seconds']} s)")
    return record


def _swap_into_place(staging: Path, year_dir: Path) -> None:
    """Replace ``year_dir`` with ``staging`` so that readers never see half an output."""
    old = year_dir.with_name(f".old-{year_dir.name}-{os.getpid()}")
    if year_dir.exists():
        year_dir.rename(old)
    staging.rename(year_dir)
    shutil.rmtree(old, ignore_errors=True)
