"""``wres validate``: every problem in a data folder, in one pass.

The other commands stop at the first bad file; this one reads every input
file the folder holds (``wres.toml``, each year folder's extracts,
``counts.csv``, ``survey.csv``, ``survey_responses.csv``,
``survey_benchmark.csv`` (with ``[trust] code``), ``published.csv``,
``actions.csv`` and the ``commentary/`` files) with the same readers, and
collects the :class:`~wreslib.errors.Problem` of each instead of stopping:

- each file's cell checks are already collected lazily (every failing cell);
- checks across the rows of one file (repeated keys, appointed without
  shortlisted) are listed in full;
- checks across the files of a year (training staff absent from the
  workforce, more staff in a case than in the headcount, an empty year
  folder) run once every file of that year reads cleanly, since they need
  the files' values;
- a ``wres.toml`` that cannot be read stops the year folders' checks: the
  extracts' headers cannot be known without it.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from ..errors import InputError, Problem
from ..inputs.reading import input_path

_FAILED = object()


def _collect(problems: list[Problem], read: Callable, *args):
    """``read(*args)``, or :data:`_FAILED` with its problems added to ``problems``."""
    try:
        return read(*args)
    except InputError as err:
        problems.extend(err.problems)
        return _FAILED


def year_folders(data_dir: Path, year: int | None = None) -> list[int]:
    """The years with a folder ``DIR/<year>``, up to ``year`` if given (what ``wres run`` reads)."""
    years = sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and p.name.isdigit())
    return [y for y in years if year is None or y <= year]


def _check_year(data_dir: Path, year: int, mapping: dict, checked: list[Path],
                allow_unknown_labels: bool = False) -> list[Problem]:
    """Problems of one year folder: each file, then (if all read cleanly) the checks across files."""
    from ..inputs.extracts import FILES, MAPPING_FILE, extract_counts, read_valid_extract, row_problems

    problems: list[Problem] = []
    folder = data_dir / str(year)
    for name in FILES:
        path = _collect(problems, input_path, folder, name)
        if path is _FAILED or not path.is_file():
            continue
        checked.append(path)
        frame = _collect(problems, read_valid_extract, path, name, mapping, data_dir / MAPPING_FILE)
        if frame is not _FAILED:
            problems.extend(row_problems(name, frame, path))
    if not problems:
        _collect(problems, lambda: extract_counts(data_dir, year, allow_unknown_labels=allow_unknown_labels))
    return problems


def _check_counts(path: Path, year: int | None, has_folder: bool) -> list[Problem]:
    """Problems of ``counts.csv``; with ``year`` and no year folder, it must have that year's rows."""
    from ..inputs.counts import read_counts

    problems: list[Problem] = []
    counts = _collect(problems, read_counts, path)
    if counts is not _FAILED and year is not None and not has_folder and not (counts["year"] == year).any():
        problems.append(Problem(str(path), f"rows for the reporting year {year}", column="year"))
    return problems


def validate_folder(data_dir: str | Path, year: int | None = None, *,
                    checked: list[Path] | None = None, allow_unknown_labels: bool = False) -> list[Problem]:
    """Every problem found in the input files of ``data_dir``.

    Parameters
    ----------
    data_dir
        A data folder: year folders and/or ``counts.csv``, optionally
        ``wres.toml``, the survey and published files, the action plan and
        the commentary.
    year
        Check only the year folders up to ``year`` (the ones ``wres run
        --year`` reads); ``year``'s own folder, or counts for it, must
        exist. Default: every year folder.
    checked
        If given, every file read is appended to it (for "no problems found
        in N files").
    allow_unknown_labels
        Unrecognised ethnicity labels of extracts are no problem however
        many (see :func:`wreslib.inputs.extracts.extract_counts`).

    Returns
    -------
    The problems, file by file (by line within a file); empty if none.
    """
    from ..inputs.actions import ACTIONS_FILE, read_actions
    from ..compute.benchmark import BENCHMARK_FILE, read_benchmark, trust_code
    from ..report.commentary import commentary_files, load_commentary
    from ..inputs.extracts import MAPPING_FILE, read_config, year_folder
    from ..report.reconcile import PUBLISHED_FILE, read_published
    from ..inputs.settings import run_table
    from ..compute.survey import RESPONSES_FILE, SURVEY_FILE, has_respondent_data, read_responses, read_survey
    from ..standards import REGISTRY
    from ..standards.wres import WRES

    root = Path(data_dir)
    checked = [] if checked is None else checked
    if not root.is_dir():
        return [Problem(str(root), "a data folder, but there is none")]
    problems: list[Problem] = []
    if (root / MAPPING_FILE).is_file():
        checked.append(root / MAPPING_FILE)
    config = _collect(problems, read_config, root)
    if config is not _FAILED:  # the same file: a TOML error is reported once
        _collect(problems, run_table, root)
    years = year_folders(root, year)
    counts_path = _collect(problems, input_path, root, "counts")
    counts_path = root / "counts.csv" if counts_path is _FAILED else counts_path
    has_folder = year is not None and year in years
    if not years and not counts_path.is_file():
        problems.append(Problem(str(root), "year folders of extracts (such as 2024/) or a counts.csv"))
    elif year is not None and not has_folder and not counts_path.is_file():
        _collect(problems, year_folder, root, year)
    if config is not _FAILED:  # without the mapping the extracts' headers cannot be checked
        for y in years:
            problems.extend(_check_year(root, y, config.mapping(y), checked, allow_unknown_labels))
    if counts_path.is_file():
        checked.append(counts_path)
        problems.extend(_check_counts(counts_path, year, has_folder))
    for name, read in ((SURVEY_FILE, read_survey), (RESPONSES_FILE, read_responses),
                       (BENCHMARK_FILE, read_benchmark), (PUBLISHED_FILE, read_published), (ACTIONS_FILE, read_actions)):
        path = _collect(problems, input_path, root, Path(name).stem)
        if path is not _FAILED and path.is_file():
            checked.append(path)
            _collect(problems, read, path)
            if name == BENCHMARK_FILE and config is not _FAILED:
                _collect(problems, trust_code, root)  # finds the trust among the file's organisations
            if name == RESPONSES_FILE:
                # Respondents with another standard's label column (WDES: disability) answer its questions too.
                for standard in REGISTRY.values():
                    if standard.code != WRES.code and _collect(problems, has_respondent_data, path, standard) is True:
                        _collect(problems, partial(read_responses, standard=standard), path)
    checked.extend(commentary_files(root))
    _collect(problems, load_commentary, root)
    return list(dict.fromkeys(problems))  # the same problem found twice is listed once


def summary(problems: list[Problem], files: int) -> str:
    """The last line of ``wres validate``: "3 problems in 2 files" or "no problems found in 12 files"."""
    if not problems:
        return f"no problems found in {files} file{'s' if files != 1 else ''}"
    named = len({p.file for p in problems})
    return (f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {named} "
            f"file{'s' if named != 1 else ''}")
