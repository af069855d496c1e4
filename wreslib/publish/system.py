"""``wres run`` for many organisations: an Integrated Care System (ICS), or a national run.

Two layouts of a data folder ``DIR`` (``data/README.md``):

- **A system folder**: ``DIR/<code>/`` is one trust's data folder exactly as for a single trust, with
  its ``wres.toml`` (``[trust] name`` and ``code``, the code the folder's name); an optional
  ``DIR/system.toml`` names the system (``[system] name``).
- **One extract of many organisations**: the files of a single trust's folder, each data file with an
  ``organisation`` column (a code), and an optional ``DIR/organisations.csv`` (``code,name,system``).
  Each organisation's rows are written, without the column, to a data folder of its own in the
  analyst's part of the output (``OUT/.analyst/organisations/<code>/``), with a ``wres.toml`` naming it
  (``DIR/wres.toml``'s other settings kept): a single trust's folder, so that its report is exactly a
  single-trust run's. ``survey.csv`` (every organisation's rows, those of organisations not reported
  too) is also each organisation's ``survey_benchmark.csv``, unless ``DIR/survey_benchmark.csv`` gives one.

A run writes each organisation's report to ``OUT/<year>/<code>/`` (:func:`wreslib.publish.runner.run`,
which reruns nothing whose inputs have not changed), then the system's page ``OUT/<year>/index.html``,
its ``results.csv`` (an ``organisation`` column first: each organisation's published rows, then the
system's, ``organisation`` = :data:`wreslib.publish.system_site.SYSTEM`) and ``run.json``.

**Disclosure.** Each organisation's report is its own, decided as a single trust's. The system's
figures come from the organisations' summed counts (:func:`system_results`) and go through disclosure
control with every cell that any organisation hides hidden too (:func:`system_report`): a system
figure that is shown is then the sum of figures every organisation shows, so that "system minus the
others" never gives an organisation's hidden count away. The comparison of organisations (table,
funnel plots) shows only what each organisation's own report shows.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..errors import InputError, Problem
from ..inputs.extracts import ORGANISATION
from ..inputs.reading import BENCHMARK_FILE, MAPPING_FILE, normalise_header, read_data_toml, read_text, read_toml
from ..inputs.settings import trust_code
from .runner import (ANALYST_DIR, ROOT_INPUTS, TRUST_NAME_NOT_GIVEN, YEAR_INPUTS, RunConfig, kernel_pool,
                     load_reports, package_versions, run, shown_path, trust_name)

ORGANISATIONS_FILE = "organisations.csv"
SYSTEM_FILE = "system.toml"
#: Where a system run of one extract writes each organisation's data folder (under ``OUT/.analyst``).
SPLIT_DIR = "organisations"
#: The system's name when ``system.toml`` gives none (never guessed from a folder's name).
SYSTEM_NAME_NOT_GIVEN = "System name not given"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Organisation:
    """One organisation of a system: its ``code``, its ``name`` (as given: escape wherever shown), the
    ``system`` it belongs to (``organisations.csv``; "" when not given) and its data folder."""
    code: str
    name: str
    data_dir: Path
    system: str = ""


@dataclass
class System:
    """The organisations of a data folder of many (:func:`find_system`)."""
    name: str
    root: Path
    #: "folders" (``DIR/<code>/``) or "extract" (one extract with an ``organisation`` column).
    layout: str
    organisations: list[Organisation] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- layouts

def _data_files(data_dir: Path) -> list[Path]:
    """The CSV data files of a folder that may carry an ``organisation`` column: the root's (the survey
    files, the counts, the action plan, the published figures) and every year folder's extracts."""
    years = sorted(p for p in data_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    files = [data_dir / n for n in ROOT_INPUTS if n.endswith(".csv") and n != BENCHMARK_FILE]
    files += [y / n for y in years for n in YEAR_INPUTS]
    return [p for p in files if p.is_file() or p.with_suffix(".xlsx").is_file()]


def _header(path: Path) -> list[str]:
    """A CSV file's header cells; none for a workbook or a file that cannot be read as text (its reader
    reports that, naming the file, when the folder is checked or run)."""
    if not path.is_file():  # only an Excel workbook
        return []
    head = path.open("rb").read(1 << 16)  # the header is on the first line: a big extract is not read whole
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return []  # a workbook saved as .csv: its reader says so
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    first = head.decode(encoding, errors="replace").splitlines()[:1]
    return next(csv.reader(first), []) if first else []


def _organisation_column(header: list[str]) -> int | None:
    for i, h in enumerate(header):
        if normalise_header(h) in ("organisation", "organization", "organisationcode", "organizationcode"):
            return i
    return None


def _system_name(root: Path) -> str:
    path = root / SYSTEM_FILE
    if not path.is_file():
        return SYSTEM_NAME_NOT_GIVEN
    table = read_toml(path).get("system", {})
    name = table.get("name") if isinstance(table, dict) else None
    if name is not None and not (isinstance(name, str) and name.strip()):
        raise InputError.one(path, "[system] name = \"...\" (the system's name, as text)", column="name", got=str(name))
    return name.strip() if name else SYSTEM_NAME_NOT_GIVEN


def find_system(data_dir: str | Path) -> System | None:
    """The system a data folder holds, or None for a single trust's folder.

    A folder with ``system.toml`` or a subfolder holding a ``wres.toml`` is a system folder; a folder
    with ``organisations.csv``, or whose data files' ``organisation`` column holds two or more codes,
    is one extract of many organisations (a single trust's extract with its own code in the column
    stays a single trust). Only the headers (and the ``organisation`` column) are read here.
    Raises :class:`~wreslib.errors.InputError`: an organisation without a code or a name, a code
    that is not the folder's name, a data file without the column where the others have it.
    """
    root = Path(data_dir)
    subfolders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "wres.toml").is_file())
    if subfolders:
        return System(_system_name(root), root, "folders", [_folder_organisation(p) for p in subfolders])
    files = _data_files(root)
    with_column = [p for p in files if _organisation_column(_header(p)) is not None]
    listed = root / ORGANISATIONS_FILE
    if not with_column and not listed.is_file():
        if (root / SYSTEM_FILE).is_file():
            raise InputError.one(root, f"an organisation's data folder (<code>/ with its wres.toml) beside "
                                       f"{SYSTEM_FILE}, or data files with an '{ORGANISATION}' column")
        return None
    codes = _codes_in(with_column)
    if not listed.is_file() and len(codes) < 2:
        return None
    names = _organisations_file(listed) if listed.is_file() else None
    for path in files:
        if path not in with_column:
            shown = path if path.is_file() else path.with_suffix(".xlsx")
            raise InputError.one(shown, f"an '{ORGANISATION}' column (each row's organisation code), as in "
                                        f"{with_column[0].relative_to(root).as_posix() if with_column else ORGANISATIONS_FILE}"
                                        ": every data file of a folder of many organisations has one")
    if names is None:
        # Without organisations.csv an organisation is named by its code (given, not guessed); the
        # organisations reported are those with data other than survey figures (a national survey
        # file's other trusts are its benchmark), else every one.
        data = _codes_in([p for p in with_column if not p.name.startswith("survey")]) or codes
        names = {c: (c, "") for c in data}
    else:
        for code, (path, line) in codes.items():
            if code not in names and not Path(path).name.startswith("survey"):
                raise InputError.one(path, f"an organisation code listed in {ORGANISATIONS_FILE}", line=line,
                                     column=ORGANISATION, got=code)
    return System(_system_name(root), root, "extract",
                  [Organisation(code, name, root, system) for code, (name, system) in names.items()])


def _folder_organisation(folder: Path) -> Organisation:
    path = folder / MAPPING_FILE
    code, name = trust_code(folder), trust_name(folder)
    if code is None:
        raise InputError.one(path, f"[trust] code = \"{folder.name}\" (the organisation's code, the folder's name)",
                             column="trust.code")
    if code != folder.name:
        raise InputError.one(path, f"[trust] code = \"{folder.name}\", the name of the organisation's folder",
                             column="trust.code", got=code)
    if name == TRUST_NAME_NOT_GIVEN:
        raise InputError.one(path, "[trust] name = \"...\" (the organisation's name)", column="trust.name")
    return Organisation(code, name, folder)


def _organisations_file(path: Path) -> dict[str, tuple[str, str]]:
    """``organisations.csv``: {code: (name, system)}, in the file's order."""
    rows = list(csv.reader(io.StringIO(read_text(path))))
    if not rows:
        raise InputError.one(path, "a header 'code,name,system' and one row per organisation")
    header = [normalise_header(h) for h in rows[0]]
    if "code" not in header or "name" not in header:
        raise InputError.one(path, "the columns 'code' and 'name' (and optionally 'system')", line=1,
                             got=",".join(rows[0]))
    c, n = header.index("code"), header.index("name")
    s = header.index("system") if "system" in header else None
    out: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
        code, name = cell(c), cell(n)
        if not _CODE.fullmatch(code):
            raise InputError.one(path, "an organisation code (letters and digits, e.g. RXX)", line=line,
                                 column="code", got=code)
        if not name:
            raise InputError.one(path, f"a name for organisation '{code}'", line=line, column="name")
        if code in out:
            raise InputError.one(path, f"each organisation once ('{code}' is listed twice)", line=line,
                                 column="code", got=code)
        out[code] = (name, cell(s))
    if not out:
        raise InputError.one(path, "one row per organisation (code, name)")
    return out


def _records(path: Path):
    """(line, row) of each record of a CSV file (its header included), ``line`` where the record starts."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _codes_in(files: list[Path]) -> dict[str, tuple[str, int]]:
    """Every organisation code of ``files`` ({code: (file, first line)}), in order of first appearance;
    an empty or malformed code is an error naming file, line and column."""
    codes: dict[str, tuple[str, int]] = {}
    for path in files:
        records = _records(path)
        _, header = next(records)
        i = _organisation_column(header)
        for line, row in records:
            if not any(cell.strip() for cell in row):
                continue
            code = row[i].strip() if i < len(row) else ""
            if not _CODE.fullmatch(code):
                raise InputError.one(path, "an organisation code (letters and digits, e.g. RXX)", line=line,
                                     column=ORGANISATION, header=header[i], got=code)
            codes.setdefault(code, (str(path), line))
    return codes


# ----------------------------------------------------------------------------------- one extract, split

@dataclass
class _Split:
    """Where each organisation's rows of one extract came from: {split file: (original file, {split line:
    original line})}, to name the original file and line in an error."""
    lines: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)

    def original(self, problem: Problem, code: str) -> Problem:
        found = self.lines.get(str(Path(problem.file)))
        file, mapping = found if found else (problem.file, {})
        where = lambda n: mapping.get(n, n)  # noqa: E731
        return replace(problem, file=file, line=None if problem.line is None else where(problem.line),
                       lines=tuple(where(n) for n in problem.lines),
                       expected=f"for organisation '{code}', {problem.expected}")


def _toml_value(value) -> str:
    from ..inputs.extracts import toml_string

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return toml_string(str(value))


def _toml(tables: dict, prefix: str = "") -> str:
    """``tables`` (as :func:`tomllib.loads` gives them) as TOML text: scalars first, then subtables."""
    scalars = {k: v for k, v in tables.items() if not isinstance(v, dict)}
    out = ""
    if scalars and prefix:
        out += f"[{prefix}]\n"
    out += "".join(f"{k} = {_toml_value(v)}\n" for k, v in scalars.items())
    for key, value in tables.items():
        if isinstance(value, dict):
            out += "\n" + _toml(value, f"{prefix}.{key}" if prefix else key)
    return out


def _organisation_settings(root: Path, organisation: Organisation) -> str:
    """The organisation's ``wres.toml``: ``DIR/wres.toml`` without its ``[trust]`` (the organisation's name
    and code instead) and without any mapping of the ``organisation`` column (the split files lack it)."""
    settings = {k: v for k, v in read_data_toml(root).items() if k != "trust"}
    columns = settings.get("columns")
    if isinstance(columns, dict):
        settings["columns"] = {f: ({k: v for k, v in t.items() if normalise_header(k) != ORGANISATION}
                                   if isinstance(t, dict) else t) for f, t in columns.items()}
    return _toml({"trust": {"name": organisation.name, "code": organisation.code}, **settings})


def split_extract(system: System, into: Path) -> _Split:
    """Write each organisation's rows of one extract to ``into/<code>/`` (same file names, the
    ``organisation`` column dropped, every other cell as written), with its ``wres.toml`` and the whole
    ``survey.csv`` as its :data:`BENCHMARK_FILE`. A file is rewritten only when its content changes (a
    rerun then finds the organisations whose data did not change up to date). Returns where each
    split line came from."""
    split = _Split()
    wanted = {o.code for o in system.organisations}
    outputs: dict[Path, bytes] = {}
    for path in _data_files(system.root):
        if not path.is_file():
            raise InputError.one(path.with_suffix(".xlsx"), "a CSV file: a workbook of several organisations is not "
                                                           "split (save it as CSV)")
        rel = path.relative_to(system.root)
        records = _records(path)
        _, header = next(records)
        i = _organisation_column(header)
        keep = header[:i] + header[i + 1:]
        per: dict[str, list[tuple[int, list[str]]]] = {code: [] for code in wanted}
        for line, row in records:
            if not any(cell.strip() for cell in row):
                continue
            code = row[i].strip() if i < len(row) else ""
            if code in per:
                per[code].append((line, row[:i] + row[i + 1:]))
        for code, rows in per.items():
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(keep)
            mapping, at = {1: 1}, 2
            for line, row in rows:
                before = buffer.tell()
                writer.writerow(row)
                mapping[at] = line
                at += buffer.getvalue()[before:].count("\n")
            target = into / code / rel
            outputs[target] = buffer.getvalue().encode("utf-8")
            split.lines[str(target)] = (str(path), mapping)
        if rel.as_posix() == "survey.csv" and not (system.root / BENCHMARK_FILE).is_file():
            for code in wanted:
                outputs[into / code / BENCHMARK_FILE] = path.read_bytes()
    if (system.root / BENCHMARK_FILE).is_file():  # a national file of its own: every organisation's benchmark
        for code in wanted:
            outputs[into / code / BENCHMARK_FILE] = (system.root / BENCHMARK_FILE).read_bytes()
    for o in system.organisations:
        outputs[into / o.code / "wres.toml"] = _organisation_settings(system.root, o).encode("utf-8")
    for target in {p for p in into.rglob("*") if p.is_file()} - set(outputs) if into.is_dir() else ():
        target.unlink()  # a file the extract no longer has
    for target, content in outputs.items():
        if not (target.is_file() and target.read_bytes() == content):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return split


def organisation_folders(system: System, out: Path) -> tuple[list[Organisation], _Split]:
    """Each organisation with the data folder its report is run on (a system folder's own, or its split
    of one extract under ``OUT/.analyst/organisations``)."""
    if system.layout == "folders":
        return system.organisations, _Split()
    into = Path(out) / ANALYST_DIR / SPLIT_DIR
    split = split_extract(system, into)
    return [replace(o, data_dir=into / o.code) for o in system.organisations], split


def _prefixed(message: str, code: str) -> str:
    """``wres: <code>: ...``: a line of one organisation's run, naming it."""
    return f"wres: {code}: {message.removeprefix('wres: ')}"


@contextmanager
def _warnings_named(code: str):
    """The pack's warnings while one organisation's data are read name it (``R0B: 2024: workforce.csv: ...``)."""
    def name(record: logging.LogRecord) -> bool:
        if not getattr(record, "_wres_organisation", None):
            record.msg, record._wres_organisation = f"{code}: {record.msg}", code
        return True

    handlers = logging.getLogger("wreslib").handlers
    for handler in handlers:
        handler.addFilter(name)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(name)


def _named(err: InputError, code: str, split: _Split) -> InputError:
    return InputError([split.original(p, code) for p in err.problems])


def validate_system(system: System, out: Path, year: int | None = None, *, checked: list | None = None,
                    allow_unknown_labels: bool = False) -> list[Problem]:
    """Every problem of every organisation, in one pass (:func:`wreslib.publish.validate.validate_folder`
    on each organisation's folder), each naming its organisation and its original file and line."""
    from .validate import validate_folder

    organisations, split = organisation_folders(system, out)
    problems: list[Problem] = []
    for o in organisations:
        found = validate_folder(o.data_dir, year, checked=checked, allow_unknown_labels=allow_unknown_labels)
        problems += [split.original(p, o.code) for p in found]
    return problems


# ------------------------------------------------------------------------------------ the system's figures

def system_results(folders: list[Path], year: int, *, allow_unknown_labels: bool = False):
    """The system's WRES figures (results contract, not suppressed) from its organisations' summed
    counts: indicators 1-4 and 9 from the counts of every organisation with workforce data, and the
    survey indicators 5-8 where every organisation's row has its response counts (numerator:
    positive answers, denominator: responses; weighted figures cannot be summed and are left out).
    A count an organisation lacks (a band it has no staff in) counts 0."""
    import pandas as pd

    from ..compute.indicators import RESULT_COLUMNS, compute_indicators
    from ..compute.stats import wilson_intervals
    from .pipeline import has_counts, load_counts, load_survey

    counted = [load_counts(f, year, allow_unknown_labels=allow_unknown_labels) for f in folders if has_counts(f, year)]
    parts = []
    if counted:
        counts = pd.concat(counted, ignore_index=True)
        keys = [c for c in counts.columns if c != "count"]
        summed = counts.groupby(keys, as_index=False, sort=True, dropna=False)["count"].sum()
        parts.append(compute_indicators(summed[list(counts.columns)].reset_index(drop=True)))
    surveys = [load_survey(f, year) for f in folders]
    if surveys and all(s is not None for s in surveys):
        key = ["year", "indicator", "breakdown", "metric", "survey_year"]
        rows = pd.concat([s[s["metric"].isin(_group_metrics()) & (s["breakdown"] == "All")][key + ["numerator", "denominator", "description"]]
                          for s in surveys], ignore_index=True)
        complete = rows.groupby(key, dropna=False)["numerator"].transform(lambda s: s.notna().all())
        counts_per_key = rows.groupby(key, dropna=False)["numerator"].transform("size")
        rows = rows[complete & (counts_per_key == len(surveys))]
        if len(rows):
            summed = rows.groupby(key, as_index=False, dropna=False, sort=True).agg(
                numerator=("numerator", "sum"), denominator=("denominator", "sum"), description=("description", "first"))
            low, high = wilson_intervals(summed["numerator"].to_numpy(), summed["denominator"].to_numpy())
            summed["value"] = 100 * summed["numerator"] / summed["denominator"]
            summed["ci_low"], summed["ci_high"] = low, high  # percent already
            # The change from the previous survey's figure (same indicator, breakdown and group), in points.
            previous = summed.assign(survey_year=summed["survey_year"] + 1, year=summed["year"] + 1)
            summed["change"] = summed["value"] - summed.merge(
                previous, how="left", on=key, suffixes=("", "_before"))["value_before"].to_numpy()
            summed["note"] = ""
            parts.append(summed)
    columns = RESULT_COLUMNS + ["survey_year"]
    if not parts:
        return pd.DataFrame(columns=columns)
    results = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    results["survey_year"] = results["survey_year"].astype("Int64")
    return results.sort_values(["year", "indicator"], kind="stable").reset_index(drop=True)


def _group_metrics() -> dict:
    from ..standards.wres import WRES

    return {m: g for g, m in WRES.characteristic.metrics.items()}


def system_report(results, organisation_results: list, thresholds):
    """The system's ``results`` (:func:`system_results`) through disclosure control, with every row
    whose figure any organisation's report hides (same year, indicator, breakdown and metric) hidden as a
    primary (:data:`wreslib.disclosure.engine.Reason.ORGANISATION`), and the secondary suppression that
    protects it. What the system shows is then a sum of figures that every organisation shows."""
    from ..disclosure.engine import Reason, suppress_results

    key = ["year", "indicator", "breakdown", "metric"]
    hidden = set()
    for frame in organisation_results:
        hidden |= set(map(tuple, frame.loc[frame["suppressed"].astype(bool), key].itertuples(index=False)))
    forced = {idx: Reason.ORGANISATION for idx, *k in results[key].itertuples() if tuple(k) in hidden}
    return suppress_results(results, thresholds, forced=forced)


# ------------------------------------------------------------------------------------------------ the run

def run_system(system: System, config: RunConfig, log=print) -> dict:
    """Every organisation's report (``OUT/<year>/<code>/``), then the system's page, ``results.csv`` and
    ``run.json`` in ``OUT/<year>/``. Bad input in any organisation stops the run before anything is
    written, naming the organisation, the original file, line and column."""
    from ..disclosure.engine import Thresholds
    from .runner import check_out_folder

    started = time.perf_counter()
    check_out_folder(system.root, config.out)
    year_dir = Path(config.out) / str(config.year)
    previous = year_dir / "run.json"
    if previous.is_file() and "system" not in json.loads(previous.read_text(encoding="utf-8")):
        raise InputError.one("--out", f"an output folder without a single trust's report for {config.year} "
                                      f"({year_dir} holds one: use another output folder for the system)")
    organisations, split = organisation_folders(system, config.out)
    configs = {}
    for o in organisations:
        configs[o.code] = RunConfig(data_dir=o.data_dir, year=config.year, out=config.out, trust_name=o.name,
                                    count_threshold=config.count_threshold,
                                    survey_threshold=config.survey_threshold, force=config.force,
                                    jobs=config.jobs, notebook_dir=config.notebook_dir,
                                    allow_unknown_labels=config.allow_unknown_labels, progress=config.progress,
                                    standards=config.standards, place=f"{config.year}/{o.code}",
                                    source_dir=system.root)
    # Every organisation's input checked before any report is written: one bad file stops the run.
    from .validate import validate_folder

    for o in organisations:
        problems = validate_folder(o.data_dir, config.year, allow_unknown_labels=configs[o.code].allow_unknown_labels)
        if problems:
            raise InputError([split.original(p, o.code) for p in problems])
    records, executed = {}, {}
    with kernel_pool():  # every organisation's notebooks on the same kernels: the pack imported once per kernel
        for o in organisations:
            record = year_dir / o.code / "run.json"
            before = record.read_bytes() if record.is_file() else None
            try:
                with _warnings_named(o.code):
                    records[o.code] = run(configs[o.code], log=lambda m, c=o.code: log(_prefixed(m, c)))
            except InputError as err:
                raise _named(err, o.code, split) from None
            # Up to date: the previous record stands, and nothing was executed this time.
            fresh = record.read_bytes() != before
            executed[o.code] = sum(bool(n.get("executed")) for n in records[o.code].get("notebooks", {}).values()
                                   ) if fresh else 0
    made = {o.code: load_reports(config.out, f"{config.year}/{o.code}") for o in organisations}
    thresholds = Thresholds(count=configs[organisations[0].code].count_threshold,
                            survey=configs[organisations[0].code].survey_threshold) if organisations else Thresholds()
    results = system_results([o.data_dir for o in organisations], config.year,
                             allow_unknown_labels=bool(config.allow_unknown_labels))
    shown = system_report(results, [m["wres"].results for m in made.values()], thresholds)
    record = dict(wreslib_version=__version__, system=dict(name=system.name, layout=system.layout),
                  parameters=dict(reporting_year=config.year, data_dir=shown_path(Path(config.data_dir_given)),
                                  out=shown_path(Path(config.out_given)), count_threshold=thresholds.count,
                                  survey_threshold=thresholds.survey, force=config.force),
                  inputs=_system_inputs(system), packages=package_versions(),
                  organisations={o.code: dict(name=o.name, system=o.system, notebooks_executed=executed[o.code])
                                 for o in organisations})
    from .system_site import write_system_site  # the report layer: only once there is a page to write

    write_system_site(year_dir, system, organisations, made, shown, config.year, thresholds, record, started)
    log(f"wres: wrote {year_dir}/index.html ({len(organisations)} organisations, "
        f"{round(time.perf_counter() - started, 2)} s)")
    return record


def _system_inputs(system: System) -> dict[str, str]:
    """SHA-256 of every file of the system's data folder the run reads (paths relative to it)."""
    from .runner import input_files

    files = [system.root / n for n in (SYSTEM_FILE, ORGANISATIONS_FILE) if (system.root / n).is_file()]
    if system.layout == "folders":
        for o in system.organisations:
            files += input_files(o.data_dir, 9999)
    else:
        files += input_files(system.root, 9999)
    return {p.relative_to(system.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(set(files))}
