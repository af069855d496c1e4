"""``wres run``: execute the notebook pack with papermill and render it with nbconvert.

The flow for ``OUT/<year>/`` (what is published) and ``OUT/.analyst/<year>/``
(the executed notebooks, with code, for the analyst only):

0. Refuse an ``OUT`` that overlaps the data folder; repair what a killed run
   left behind (:func:`repair_outputs`).
1. Work out a cache key per notebook: its file, its parameters, the SHA-256
   of every input file the pack reads (:func:`input_files`), wreslib's
   version and source, and the package versions ``run.json`` records. If the
   previous run's keys all match (``run.json``), there is nothing to do.
2. Check the inputs (bad input stops the run before any notebook starts).
3. Build the new output in two staging folders: execute changed notebooks in
   parallel (papermill, on kernels that run one notebook after another, reset in
   between: :func:`kernel_pool`), copy unchanged ones from the last
   run, render each to HTML in-process (no code, no prompts, images
   embedded, no scripts), write ``results.csv``, ``index.html`` and
   ``run.json``, and run the publish check on the site.
4. Swap the staging folders into place. A failure or an interruption at any
   step leaves the previous output untouched.

Only the standard library is imported at module level so that a run with
nothing to do returns quickly.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from .. import __version__
from ..inputs.actions import ACTIONS_FILE
from ..inputs.extracts import FILES
from ..inputs.reading import BENCHMARK_FILE
from ..report.commentary import commentary_files
from ..report.sections import STANDARD_NOTEBOOKS
from ..inputs.settings import run_settings

#: The notebooks are package data of wreslib (pyproject.toml), so that an installed wheel runs them: found
#: through the package, wherever this module sits in it.
NOTEBOOK_DIR = Path(files("wreslib") / "notebooks")
RESULTS_PICKLE = ".results.pkl"
#: Every standard's :class:`~wreslib.publish.pipeline.Report` of a run ({code: Report}), kept in the
#: analyst's folder (:func:`load_reports`).
REPORTS_PICKLE = "reports.pkl"
#: The executed notebooks (with code) live in ``OUT/.analyst/<year>/``, outside the published ``OUT/<year>/``.
ANALYST_DIR = ".analyst"


#: The trust's name in the report when neither ``--trust`` nor ``[trust] name`` in wres.toml gives it:
#: a name is never guessed (from the data folder's name or otherwise).
TRUST_NAME_NOT_GIVEN = "Trust name not given"


def trust_name(data_dir: Path) -> str:
    """``[trust] name`` from ``DIR/wres.toml``, else :data:`TRUST_NAME_NOT_GIVEN`: never guessed from the
    folder's name (a folder called ``data`` or ``2024_extract`` would name the report after it). Only the
    standard library: a run that finds nothing to do stays quick."""
    from ..inputs.reading import read_data_toml

    trust = read_data_toml(data_dir).get("trust", {})
    name = trust.get("name") if isinstance(trust, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else TRUST_NAME_NOT_GIVEN


class NotebookFailed(Exception):
    """A notebook raised an error; the message names the notebook and cell."""


@dataclass
class RunConfig:
    data_dir: Path
    year: int
    out: Path = Path("outputs")
    #: None: ``[trust] name`` of ``DIR/wres.toml``, else :data:`TRUST_NAME_NOT_GIVEN` (see :func:`trust_name`).
    trust_name: str | None = None
    #: The settings below left None come from ``[run]`` of ``DIR/wres.toml``, else the defaults
    #: (:func:`wreslib.inputs.settings.run_settings`); run.json records them resolved.
    count_threshold: int | None = None
    survey_threshold: int | None = None
    force: bool = False
    #: Notebooks run at once (0: one per core).
    jobs: int | None = None
    notebook_dir: Path = NOTEBOOK_DIR
    #: Count unrecognised ethnicity labels of extracts as Unknown however many (``--allow-unknown-labels``).
    allow_unknown_labels: bool | None = None
    #: Progress bars (tqdm) on stderr: the CLI draws them only when stderr is a terminal and not --quiet.
    progress: bool = True
    #: The standards to report (codes, ``--standard``); None: every one the data supports (the WRES always).
    standards: tuple[str, ...] | None = None
    #: Where the report goes under ``out`` (and the analyst's notebooks under ``out/.analyst``): None for
    #: ``<year>``; an organisation of a system run (:mod:`wreslib.publish.system`) has ``<year>/<code>``.
    place: str | None = None
    #: The folder the analyst named, which the output folder must stay apart from (None: ``data_dir``). A
    #: system run of one extract gives each organisation a data folder of its own under ``out/.analyst``.
    source_dir: Path | None = None

    def __post_init__(self):
        settings = run_settings(Path(self.data_dir), count_threshold=self.count_threshold,
                                survey_threshold=self.survey_threshold, jobs=self.jobs,
                                allow_unknown_labels=self.allow_unknown_labels)
        self.count_threshold, self.survey_threshold = settings.count_threshold, settings.survey_threshold
        self.allow_unknown_labels = settings.allow_unknown_labels
        self.jobs = settings.jobs or os.cpu_count() or 1
        if self.trust_name is None:
            self.trust_name = trust_name(Path(self.data_dir))
        self.place = self.place or str(self.year)
        self.source_dir = Path(self.source_dir or self.data_dir).resolve()
        # As given, for run.json (which must not name folders on this machine: see shown_path).
        self.data_dir_given, self.out_given = Path(self.data_dir), Path(self.out)
        # Absolute paths: notebooks run in other processes and threads.
        self.data_dir, self.out, self.notebook_dir = (Path(p).resolve() for p in
                                                      (self.data_dir, self.out, self.notebook_dir))

    def parameters(self) -> dict:
        """The papermill parameters every notebook receives (paths absolute)."""
        return dict(reporting_year=self.year, data_dir=str(self.data_dir), trust_name=self.trust_name,
                    count_threshold=self.count_threshold, survey_threshold=self.survey_threshold, publication=True)


def pages(codes) -> list[tuple[str, str]]:
    """(page, title) of every notebook of the standards ``codes``, in reading order. A page is where its
    notebook sits under the notebook folder and its HTML under the year's folder, without the
    suffix: ``01_summary`` for the WRES (``OUT/<year>/``), ``wdes/01_summary`` for another standard
    (``OUT/<year>/wdes/``)."""
    return [(folder(code) + stem, title) for code in codes for stem, title in STANDARD_NOTEBOOKS[code]]


def folder(code: str) -> str:
    """Where a standard's report sits in the year's folder: ``""`` for the WRES, ``"wdes/"`` ..."""
    return "" if code == "wres" else f"{code}/"


def abbreviation(page: str) -> str:
    """The abbreviation of the standard a page (:func:`pages`) belongs to: "WRES" for ``01_summary``, "WDES"
    for ``wdes/01_summary`` (for its title and header)."""
    from ..standards import get

    return get(page.split("/")[0] if "/" in page else "wres").abbreviation


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Files the pack reads at the top of a data folder, and in each year folder (``DIR/<year>/``).
ROOT_INPUTS = ("wres.toml", "counts.csv", "survey.csv", "survey_responses.csv", BENCHMARK_FILE, "published.csv",
               ACTIONS_FILE)
#: Every extract a year folder may hold (capability.csv included), as declared once in the input layer.
YEAR_INPUTS = tuple(f"{name}.csv" for name in FILES)


def input_files(data_dir: Path, year: int) -> list[Path]:
    """The files of ``data_dir`` a run for ``year`` reads: :data:`ROOT_INPUTS` (the action plan
    included), the trust's commentary (``commentary/<section>.md``) and :data:`YEAR_INPUTS` of every
    year folder up to ``year``, each as ``.csv`` or ``.xlsx``. Anything else in the folder (notes, spreadsheets) is neither hashed
    nor named in ``run.json``: it does not change what is published and its name may be private."""
    files = [data_dir / name for name in ROOT_INPUTS] + commentary_files(data_dir)
    years = sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    files += [data_dir / str(y) / name for y in years if y <= year for name in YEAR_INPUTS]
    # Each .csv input may be an Excel workbook instead (wreslib.inputs.reading.input_path): hash whichever is there.
    files = [q for p in files for q in ((p, p.with_suffix(".xlsx")) if p.suffix == ".csv" else (p,))]
    return [p for p in files if p.is_file()]


def _input_hashes(data_dir: Path, year: int) -> dict[str, str]:
    return {p.relative_to(data_dir).as_posix(): sha256(p) for p in input_files(data_dir, year)}


def _source_hash() -> str:
    # Every module of the package, subpackages included, wherever this one sits in it.
    package = Path(files("wreslib"))
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_keys(config: RunConfig, inputs: dict[str, str]) -> dict[str, str]:
    """One key per notebook: changes when its file, parameters (``--allow-unknown-labels`` too: a run
    without it must check the labels again), inputs, wreslib or the package versions ``run.json`` records
    (:func:`package_versions`: a new pandas or nbconvert can change what a notebook shows) change."""
    common = json.dumps([config.parameters(), config.allow_unknown_labels, config.standards, inputs, __version__,
                         _source_hash(), package_versions()], sort_keys=True).encode()
    return {page: hashlib.sha256(common + sha256(config.notebook_dir / f"{page}.ipynb").encode()).hexdigest()
            for page, _ in pages(config.standards or STANDARD_NOTEBOOKS)}


def _previous_run(folder: Path) -> dict:
    try:
        return json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _up_to_date(year_dir: Path, analyst_dir: Path, keys: dict[str, str]) -> list[str]:
    """The notebooks whose previous outputs can be reused as they are: the published page and the
    analyst's notebook both exist and both folders' ``run.json`` carry the current key (a swap cut
    short between the two folders leaves them disagreeing, and so reruns)."""
    done = _previous_run(year_dir).get("notebooks", {})
    kept = _previous_run(analyst_dir).get("notebooks", {})
    return [stem for stem in keys
            if done.get(stem, {}).get("key") == keys[stem] == kept.get(stem, {}).get("key")
            and (year_dir / f"{stem}.html").is_file() and (analyst_dir / f"{stem}.ipynb").is_file()]


#: Run in a kernel before it executes another notebook: a fresh namespace, no figure left open, and
#: cells numbered from 1 as in a new kernel. Imported modules stay, which is the point: a kernel
#: imports pandas, matplotlib and wreslib once, not once per notebook.
RESET_KERNEL = ("get_ipython().run_line_magic('reset', '-f')\n"
                "import matplotlib.pyplot as _wres_plt\n_wres_plt.close('all')\ndel _wres_plt\n"
                "get_ipython().execution_count = 1")


class _Kernels:
    """The kernels of a run (or of every organisation's run of a system: :func:`kernel_pool`), each
    executing one notebook after another (:meth:`acquire`, :meth:`release`), reset in between
    (:data:`RESET_KERNEL`). Kept so that an interrupted run can stop them (they run in their own
    session, so a Ctrl-C does not reach them, and a worker thread cannot be interrupted)."""

    def __init__(self):
        self.managers, self.cancelled = [], False
        self._idle: list = []
        self._lock = threading.Lock()

    def acquire(self):
        """(kernel manager, whether its kernel has run a notebook before): an idle kernel, else a new
        manager whose kernel papermill starts."""
        with self._lock:
            while self._idle:
                km = self._idle.pop()
                process = getattr(getattr(km, "provisioner", None), "process", None)
                if process is not None and process.poll() is None:
                    return km, True
        return self.manager_class()(kernel_name="python3"), False

    def release(self, km) -> None:
        """``km`` has executed its notebook without error: its kernel may take the next one."""
        with self._lock:
            self._idle.append(km)

    def close(self) -> None:
        """Stop every kernel (the run is over)."""
        self._idle.clear()
        for km in list(self.managers):
            _kill(km)
        self.managers.clear()

    def manager_class(self):
        """An nbclient kernel manager class that registers its kernels here and refuses to start
        one once the run is cancelled."""
        from jupyter_client.manager import AsyncKernelManager

        kernels = self

        class TrackedKernelManager(AsyncKernelManager):
            async def _async_start_kernel(self, **kw):
                if kernels.cancelled:
                    raise RuntimeError("run interrupted")
                kernels.managers.append(self)
                # The kernel's own log is noise on the run's stderr (a warning per kernel about TCP, and
                # "ERROR | KeyboardInterrupt caught in kernel" when jupyter_client interrupts an idle
                # kernel before shutting it down); a notebook's output and errors reach papermill as
                # messages, not through this log, and still stop the run with the notebook and cell.
                kw["extra_arguments"] = [*kw.get("extra_arguments", []), "--IPKernelApp.log_level=CRITICAL"]
                return await super()._async_start_kernel(**kw)

            start_kernel = _async_start_kernel

        return TrackedKernelManager

    def stop(self) -> None:
        """Cancel the run: no new kernel starts and every running one is killed."""
        self.cancelled = True
        for km in list(self.managers):
            _kill(km)


def _kill(km) -> None:
    process = getattr(getattr(km, "provisioner", None), "process", None)
    try:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        km.cleanup_connection_file()  # a kernel killed outright leaves it behind
    except OSError:
        pass


def _reset_kernel(km) -> None:
    """Run :data:`RESET_KERNEL` in ``km``'s kernel (not stored in its history)."""
    from jupyter_core.utils import run_sync

    client = km.client()
    client.start_channels()
    try:
        reply = run_sync(client.execute_interactive)(RESET_KERNEL, store_history=False, timeout=120,
                                                     output_hook=lambda message: None)
    finally:
        client.stop_channels()
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"a kernel could not be reset for the next notebook: {reply['content']}")


_POOL = threading.local()


@contextmanager
def kernel_pool():
    """Share one set of kernels between every run inside the block (a system's organisations): each
    kernel imports the pack once for all of them. Without it, a run has kernels of its own."""
    kernels = getattr(_POOL, "kernels", None)
    if kernels is not None:  # already inside one
        yield kernels
        return
    _POOL.kernels = kernels = _Kernels()
    try:
        yield kernels
    finally:
        _POOL.kernels = None
        kernels.close()


def _execute(config: RunConfig, stem: str, site: Path, notes: Path, position: int, results_file: Path,
             kernels: _Kernels) -> float:
    # ``stem``: a page (:func:`pages`), e.g. ``wdes/01_summary``
    """Run one notebook with papermill into the analyst's staging folder, then render it into the
    site's staging folder. Returns seconds."""
    import papermill as pm

    from ..report.render import render_notebook

    started = time.perf_counter()
    if kernels.cancelled:
        return 0.0
    output = notes / f"{stem}.ipynb"
    output.parent.mkdir(parents=True, exist_ok=True)
    (site / stem).parent.mkdir(parents=True, exist_ok=True)
    # Output locations are not in the cache key: they change with every staging folder.
    params = config.parameters() | {"figures_dir": str(site / "figures" / stem), "results_file": str(results_file)}
    progress = {"desc": stem, "position": position, "leave": False} if config.progress else False
    km, used = kernels.acquire()
    try:
        if used:
            _reset_kernel(km)
        pm.execute_notebook(str(config.notebook_dir / f"{stem}.ipynb"), str(output), parameters=params,
                            kernel_name="python3", progress_bar=progress, log_output=False, km=km)
    except pm.PapermillExecutionError as err:
        _kill(km)
        raise NotebookFailed(f"notebook {stem} failed in cell {err.exec_count or err.cell_index}: "
                             f"{err.ename}: {err.evalue}") from None
    except BaseException:
        _kill(km)
        raise
    kernels.release(km)
    render_notebook(output, site / f"{stem}.html", title=dict(pages(STANDARD_NOTEBOOKS))[stem],
                    trust_name=config.trust_name, year=config.year, abbreviation=abbreviation(stem))
    return time.perf_counter() - started


def _reuse(stem: str, year_dir: Path, analyst_dir: Path, site: Path, notes: Path) -> None:
    for target in (site / stem, notes / stem):
        target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(year_dir / f"{stem}.html", site / f"{stem}.html")
    shutil.copy2(analyst_dir / f"{stem}.ipynb", notes / f"{stem}.ipynb")
    if (year_dir / "figures" / stem).is_dir():
        shutil.copytree(year_dir / "figures" / stem, site / "figures" / stem)


def package_versions() -> dict[str, str]:
    """Python's version, wreslib's and those of its runtime dependencies, as its installed metadata declares
    them (``pyproject.toml``'s list, not repeated here): what ``run.json`` records and the cache key includes."""
    from importlib.metadata import PackageNotFoundError, requires, version

    try:
        declared = requires("wreslib") or []
    except PackageNotFoundError:  # not installed (only on the path): no dependencies declared to record
        declared = []
    names = ["wreslib"] + [re.match(r"[\w.-]+", req).group() for req in declared if "extra ==" not in req]
    versions = {"python": sys.version.split()[0]}
    for name in names:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def shown_path(given: Path) -> str:
    """A path as ``run.json`` records it: as given when relative, else only its last part, so that
    a published record never names a folder on the analyst's machine.

    >>> shown_path(Path("data/demo")), shown_path(Path("/home/me/trusts/demo"))
    ('data/demo', 'demo')
    """
    return given.as_posix() if not given.is_absolute() else given.name


def check_out_folder(data_dir: Path, out: Path) -> None:
    """Refuse an output folder that is the data folder, inside it or contains it: a run writes
    and deletes folders under ``out`` and must never touch an input. Raises
    :class:`~wreslib.errors.InputError`."""
    from ..errors import InputError

    data, target = Path(data_dir).resolve(), Path(out).resolve()
    if target == data or data in target.parents or target in data.parents:
        raise InputError.one("--out", f"an output folder apart from the data folder {data_dir} "
                                      "(not the data folder, not inside it, not containing it)", got=str(out))


def _pid_of(folder: Path) -> int | None:
    tail = folder.name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _running(pid: int | None) -> bool:
    """Whether ``pid`` is another live process (a concurrent run whose staging must be left alone)."""
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def repair_outputs(parent: Path, year: int | str) -> None:
    """Undo what a killed run left in ``parent`` (``OUT`` or ``OUT/.analyst``) for ``year`` (the name of
    the folder a run swaps in: the year, or an organisation's code in ``OUT/<year>`` of a system run).

    A run killed between the two renames of a swap leaves ``parent/<year>`` missing and the
    previous output in ``.old-<year>-<pid>``: it is put back (the newest, if several). Staging
    folders of runs no longer running, and other ``.old-*`` folders, are deleted: their content
    was never checked, or has been replaced.
    """
    if not parent.is_dir():
        return
    target = parent / str(year)
    olds = sorted((p for p in parent.glob(f".old-{year}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)
    for folder in olds + sorted(parent.glob(".staging-*")) + sorted(parent.glob(".old-*")):
        if folder.is_dir() and not (folder.name.startswith(".staging-") and _running(_pid_of(folder))):
            shutil.rmtree(folder, ignore_errors=True)


def run(config: RunConfig, log=print) -> dict:
    """Run the pack; returns the run record (also written as ``run.json``).

    Raises :class:`~wreslib.errors.InputError` for bad input (or an output
    folder overlapping the data folder) and :class:`NotebookFailed` when a
    notebook fails; in both cases, and when interrupted, the previous
    ``OUT/<year>`` and ``OUT/.analyst/<year>`` are left as they were and no
    staging folder is left behind.
    """
    started = time.perf_counter()
    check_out_folder(config.source_dir, config.out)
    year_dir = config.out / config.place
    analyst_dir = config.out / ANALYST_DIR / config.place
    for parent in (year_dir.parent, analyst_dir.parent):
        repair_outputs(parent, year_dir.name)
    inputs = _input_hashes(config.data_dir, config.year)
    keys = cache_keys(config, inputs)
    reusable = [] if config.force else _up_to_date(year_dir, analyst_dir, keys)
    published = _previous_run(year_dir).get("standards", [])
    # The same keys (inputs, parameters, standards asked for) publish the same standards: the last run's.
    if published and all(page in reusable for page, _ in pages(published)) and all(
            (year_dir / folder(code) / name).is_file() for code in published for name in ("index.html", "results.csv")
    ) and (analyst_dir / REPORTS_PICKLE).is_file():
        log(f"wres: {year_dir} is up to date (nothing changed since the last run); use --force to rerun")
        return _previous_run(year_dir)

    from ..inputs.actions import load_actions
    from ..report.commentary import load_commentary
    from ..inputs.datanotes import record as note_record
    from ..inputs.datanotes import summary as notes_summary
    from ..disclosure.engine import MARKER
    from .pipeline import reports  # heavy imports only when there is work to do
    from .site import check_publishable, write_site

    # Bad input stops here, before any notebook: the action plan and the commentary first (quick to read);
    # what notebooks show is suppressed once, here.
    load_actions(config.data_dir, config.year)
    load_commentary(config.data_dir)
    made = reports(config.data_dir, config.year, count_threshold=config.count_threshold,
                   survey_threshold=config.survey_threshold, allow_unknown_labels=config.allow_unknown_labels,
                   standards=config.standards)
    codes = list(made)
    notes_made = next(iter(made.values())).notes
    from ..report.reconcile import load_published

    load_published(config.data_dir)  # read by the summary notebook: a bad file must stop the run here too
    # Two staging folders, swapped in together at the end: the published site and the analyst's notebooks.
    site = year_dir.parent / f".staging-{year_dir.name}-{os.getpid()}"
    notes = analyst_dir.parent / site.name
    try:
        site.mkdir(parents=True)
        notes.mkdir(parents=True)
        results_files = {code: notes / f"{folder(code)}{RESULTS_PICKLE}" for code in codes}
        for code, path in results_files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            made[code].save(path)
        run_pages = pages(codes)
        for page, _ in run_pages:
            if page in reusable:
                _reuse(page, year_dir, analyst_dir, site, notes)
        todo = [page for page, _ in run_pages if page not in reusable]
        timings = _execute_all(config, todo, site, notes, {page: results_files[code] for code in codes
                                                            for page, _ in pages([code])})
        for path in results_files.values():
            path.unlink()
        # Every standard's report as disclosure control left it, for the analyst (and for a system run's
        # comparison of organisations, which must show only what each organisation's report shows).
        with open(notes / REPORTS_PICKLE, "wb") as f:
            pickle.dump(made, f, protocol=pickle.HIGHEST_PROTOCOL)
        record = dict(
            wreslib_version=__version__,
            parameters=config.parameters() | {"data_dir": shown_path(config.data_dir_given),
                                               "out": shown_path(config.out_given), "jobs": config.jobs,
                                               "force": config.force,
                                               "allow_unknown_labels": config.allow_unknown_labels},
            inputs=inputs,
            packages=package_versions(),
            standards=codes,
            notebooks={page: dict(key=keys[page], executed=page in todo, seconds=timings.get(page))
                       for page, _ in run_pages},
        )
        for code in codes:
            write_site(site / folder(code), made[code].results, config, STANDARD_NOTEBOOKS[code],
                       standard=code, others=[(other, folder(other) if code == "wres" else
                                               "../" + folder(other)) for other in codes if other != code])
        record["seconds"] = round(time.perf_counter() - started, 2)
        # The year's data notes: as published (hidden counts null) beside the report; with every count,
        # and the names of those hidden, for the analyst.
        published = dict(record, data_notes=[note_record(n, MARKER) for n in notes_made])
        analyst = dict(record, data_notes=[note_record(n) for n in notes_made])
        for place, content in ((site, published), (notes, analyst)):
            (place / "run.json").write_text(json.dumps(content, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        check_publishable(site, config)  # run.json included
        _swap_into_place([(site, year_dir), (notes, analyst_dir)])
    finally:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(notes, ignore_errors=True)
    for line in notes_summary(notes_made, config.year):
        log(f"wres: data note: {line}")
    wrote = ", ".join(f"{year_dir}/{folder(code)}index.html" for code in codes)
    log(f"wres: wrote {wrote} ({len(todo)} notebook(s) executed, {len(run_pages) - len(todo)} reused, "
        f"{record['seconds']} s)")
    return published


def load_reports(out: Path, place: str) -> dict:
    """The reports a run left in ``out/.analyst/<place>`` ({standard code: Report}); written by the run
    that executed or reused its notebooks, so current whenever that run's ``run.json`` is."""
    with open(Path(out) / ANALYST_DIR / place / REPORTS_PICKLE, "rb") as f:
        return pickle.load(f)


def _execute_all(config: RunConfig, todo: list[str], site: Path, notes: Path, results_files: dict[str, Path]
                 ) -> dict:
    """Execute ``todo`` in parallel; returns seconds per notebook. If anything goes wrong (a failed
    notebook, Ctrl-C, SIGTERM), the other kernels are killed and every worker has finished before the
    error propagates, so that nothing writes into a staging folder once it is being removed."""
    from tqdm.auto import tqdm

    shared = getattr(_POOL, "kernels", None)  # a system's (kernel_pool), else this run's own
    kernels = shared if shared is not None else _Kernels()
    kernels.cancelled = False
    timings = {}
    pool = ThreadPoolExecutor(max_workers=max(1, config.jobs))
    futures = {}
    try:
        with tqdm(total=len(todo), desc=f"wres run {config.year}", unit="notebook",
                  disable=not config.progress or not todo) as bar:
            futures = {pool.submit(_execute, config, stem, site, notes, i + 1, results_files[stem], kernels): stem
                       for i, stem in enumerate(todo)}
            for future in as_completed(futures):
                timings[futures[future]] = round(future.result(), 2)
                bar.update()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        # Kernels killed on purpose: papermill's "Kernel died" messages would only be noise.
        quiet = logging.getLogger("papermill")
        was_disabled, quiet.disabled = quiet.disabled, True
        try:
            while not all(f.done() for f in futures):
                kernels.stop()
                time.sleep(0.2)
        finally:
            quiet.disabled = was_disabled
        raise
    finally:
        pool.shutdown(wait=True)
        if shared is None:
            kernels.close()
    return timings


def _swap_into_place(pairs: list[tuple[Path, Path]]) -> None:
    """Replace each target with its staging folder so that readers never see half an output.

    Ctrl-C and SIGTERM wait until the renames are done (a run killed outright between two renames
    is repaired by the next run: :func:`repair_outputs`)."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)  # POSIX only
    previous = mask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}) if mask else None
    olds = []
    try:
        for staging, target in pairs:
            old = target.with_name(f".old-{target.name}-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            staging.rename(target)
            olds.append(old)
    finally:
        if mask:
            mask(signal.SIG_SETMASK, previous)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
