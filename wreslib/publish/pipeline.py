"""One call from a data folder to every result: what notebooks and the runner use.

A data folder holds either record-level extracts (``DIR/<year>/``) or a
counts file (``DIR/counts.csv``), and optionally staff survey data
(``survey.csv`` and/or ``survey_responses.csv``). Both
routes meet at the counts contract, so every indicator is computed by the
same code in :mod:`wreslib.compute.indicators`.
"""
from __future__ import annotations

import pickle
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pandas as pd

from ..inputs.counts import read_counts
from ..compute.breakdowns import published_rows
from ..inputs.datanotes import DataNote
from ..disclosure.engine import Thresholds, protect_notes, suppress_results
from ..errors import InputError
from ..inputs.extracts import extract_counts
from ..compute.indicators import RESULT_COLUMNS, compute_indicators
from ..standards import REGISTRY
from ..standards import get as get_standard
from ..standards.base import Standard
from ..standards.wres import WRES
from ..inputs.reading import input_path
from ..inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD
from ..compute.survey import RESPONSES_FILE, SURVEY_FILE, has_survey_data, survey_results
from ..compute.benchmark import benchmark_path, load_benchmark, trust_code

COUNTS_FILE = "counts.csv"


def load_counts(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                allow_unknown_labels: bool = False, notes: list[DataNote] | None = None) -> pd.DataFrame:
    """Validated counts for ``year`` and earlier years (for changes and trends).

    Record-level extracts in ``DIR/<year>/`` win over ``DIR/counts.csv``: the
    counts are then built from every year folder up to ``year``
    (``allow_unknown_labels`` and ``notes``: see :func:`wreslib.inputs.extracts.extract_counts`).
    """
    root = Path(data_dir)
    if has_records(root, year):
        years = sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= year)
        return pd.concat([extract_counts(root, y, strict_ethnicity=strict_ethnicity,
                                         allow_unknown_labels=allow_unknown_labels, notes=notes) for y in years],
                         ignore_index=True)
    path = input_path(root, Path(COUNTS_FILE).stem)
    if not path.is_file():
        raise InputError.one(root, f"a counts file '{COUNTS_FILE}' or a year folder '{year}' in the data folder")
    counts = read_counts(path, strict_ethnicity=strict_ethnicity)
    counts = counts[counts["year"] <= year]
    if not (counts["year"] == year).any():
        raise InputError.one(path, f"rows for the reporting year {year}", column="year")
    return counts


def has_records(data_dir: str | Path, year: int) -> bool:
    """Whether the folder holds record-level extracts for ``year`` (``DIR/<year>/``)."""
    return (Path(data_dir) / str(year)).is_dir()


def has_counts(data_dir: str | Path, year: int) -> bool:
    """Whether the folder holds workforce data for ``year``: extracts (``DIR/<year>/``) or a counts file."""
    return has_records(data_dir, year) or input_path(Path(data_dir), Path(COUNTS_FILE).stem).is_file()


def has_survey(data_dir: str | Path) -> bool:
    """Whether the folder holds staff survey data (published tables or respondents)."""
    return any(input_path(data_dir, Path(name).stem).is_file() for name in (SURVEY_FILE, RESPONSES_FILE))


def check_benchmark(data_dir: str | Path) -> None:
    """Read the national survey file (``survey_benchmark.csv``) and ``[trust] code`` when the file is there,
    so that a bad one stops a run before any notebook (:class:`InputError`); nothing when it is not."""
    if benchmark_path(data_dir).is_file():
        load_benchmark(data_dir)
        trust_code(data_dir)


def load_survey(data_dir: str | Path, year: int | None = None, *,
                strict_ethnicity: bool = False, standard: Standard = WRES) -> pd.DataFrame | None:
    """A standard's survey figures (WRES indicators 5-8; WDES metrics 4-9a from ``survey.csv``, 4a-i to 8
    also from ``survey_responses.csv`` with a ``disability`` column): ``SURVEY_RESULT_COLUMNS`` (the
    results contract plus ``survey_year``, ``significant`` and ``source``), not suppressed; reporting
    years up to ``year``. None when the folder has no survey data for it."""
    if not has_survey(data_dir):
        return None
    if standard is not WRES and not has_survey_data(data_dir, standard):
        return None  # respondents without the standard's label column (WDES: disability) serve the WRES only
    results = survey_results(data_dir, strict_ethnicity=strict_ethnicity, standard=standard)
    return results if year is None else results[results["year"] <= year].reset_index(drop=True)


def load_results(data_dir: str | Path, year: int, *, strict_ethnicity: bool = False,
                 allow_unknown_labels: bool = False, notes: list[DataNote] | None = None,
                 standard: Standard = WRES, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """All of a standard's indicators for reporting ``year`` and the years before it (results
    contract), each with its change from the year before: tables show this
    year, trend plots the history. WRES indicators 5-8 are included when the
    folder has survey data (their rows also carry ``survey_year``). Not
    suppressed: see :func:`report_results` for what may be shown. ``notes``:
    see :func:`load_counts`. For the WDES (``standard``): metrics 1, 2, 3 and 10
    from the extracts or counts file, 4-9a from ``survey.csv`` and 4a-i to 8
    from ``survey_responses.csv`` when it has a ``disability`` column.
    """
    survey = load_survey(data_dir, year, strict_ethnicity=strict_ethnicity, standard=standard)
    parts = [] if survey is None else [survey]
    # A folder with survey data only (no counts file, no year folder) reports indicators 5-8 alone.
    if survey is None or has_counts(data_dir, year):
        if counts is None:  # counts given: read once for every standard (they hold each standard's rows)
            counts = load_counts(data_dir, year, strict_ethnicity=strict_ethnicity,
                                 allow_unknown_labels=allow_unknown_labels, notes=notes)
        parts.insert(0, compute_indicators(counts, standard))
    columns = RESULT_COLUMNS + ["survey_year"]
    results = pd.concat([p.reindex(columns=columns) for p in parts if not p.empty] or
                        [pd.DataFrame(columns=columns)], ignore_index=True)
    results["survey_year"] = results["survey_year"].astype("Int64")
    order = {n: i for i, n in enumerate(standard.indicators)}  # the declaration's order ("10" after "3")
    return (results.assign(_order=results["indicator"].map(order)).sort_values(["year", "_order"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


@dataclass
class Report:
    """What a reviewer may see, computed once per run: the results through disclosure control
    (:func:`wreslib.disclosure.engine.suppress_results`) and the reporting year's data notes, with the
    counts disclosure control hides marked (:func:`wreslib.disclosure.engine.protect_notes`)."""
    results: pd.DataFrame
    notes: list[DataNote] = field(default_factory=list)

    def save(self, path: str | Path) -> None:
        """Write for the notebooks of a run (:func:`report`'s ``results_file``)."""
        with open(path, "wb") as f:
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)


def _with_breakdowns(results: pd.DataFrame, data_dir: str | Path, year: int, allow_unknown_labels: bool
                     ) -> pd.DataFrame:
    """The WRES results with the breakdowns its report publishes (:func:`wreslib.compute.breakdowns.published_rows`),
    this year's and last year's, so that last year's choices (and so this year's changes) are made as
    its report made them."""
    extra = [published_rows(data_dir, y, allow_unknown_labels=allow_unknown_labels)
             for y in (year - 1, year) if has_records(data_dir, y)]
    if not extra:
        return results
    with warnings.catch_warnings():
        # pandas 2 only: its FutureWarning (all-NA columns will count for the dtypes, as in pandas 3) would be
        # printed by every run; the demo's results.csv is byte-identical with pandas 2.2 and 3.1.
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty or all-NA",
                                FutureWarning)
        results = pd.concat([results] + [e.reindex(columns=results.columns) for e in extra], ignore_index=True)
    return results.sort_values(["year", "indicator"], kind="stable").reset_index(drop=True)


def _standard(standard: Standard | str) -> Standard:
    return get_standard(standard) if isinstance(standard, str) else standard


def reports(data_dir: str | Path, year: int, *, count_threshold: int = COUNT_THRESHOLD,
            survey_threshold: int = SURVEY_THRESHOLD, allow_unknown_labels: bool = False,
            standards: Sequence[Standard | str] | None = None) -> dict[str, Report]:
    """What a reviewer may see of each standard, by code: :func:`load_results` (the WRES with the
    breakdowns its report publishes) through :func:`wreslib.disclosure.engine.suppress_results`, in one
    model, so that a standard's hidden figures cannot be worked out from another's (a breakdown's
    headcount is the same people in the WRES and the WDES). The WRES is decided first, as if it were
    published alone: its report is the same with or without the WDES beside it.

    ``standards``: the codes (or standards) to report, default every registered one. The WRES is always
    computed (the others are decided against it); any other is left out when the data folder has no
    figures of it for ``year``. The data notes (:func:`wreslib.disclosure.engine.protect_notes`, against the
    WRES results) are the run's, the same in every report: they are about the input files.
    """
    wanted = [_standard(s).code for s in (standards if standards is not None else REGISTRY.values())]
    check_benchmark(data_dir)
    notes: list[DataNote] = []
    # The counts hold every standard's rows: read (and the extracts counted) once.
    counts = (load_counts(data_dir, year, allow_unknown_labels=allow_unknown_labels, notes=notes)
              if has_counts(data_dir, year) else None)
    wres = _with_breakdowns(load_results(data_dir, year, allow_unknown_labels=allow_unknown_labels, notes=notes,
                                         counts=counts), data_dir, year, allow_unknown_labels)
    parts = {WRES.code: wres}
    for code in wanted:
        if code != WRES.code:
            other = load_results(data_dir, year, allow_unknown_labels=allow_unknown_labels, standard=get_standard(code),
                                 counts=counts)
            if (other["year"] == year).any():
                parts[code] = other
    thresholds = Thresholds(count=count_threshold, survey=survey_threshold)
    if len(parts) == 1:
        shown = {WRES.code: suppress_results(wres, thresholds)}
    else:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty or all-NA",
                                    FutureWarning)
            joint = pd.concat([frame.assign(standard=code) for code, frame in parts.items()], ignore_index=True)
        joint_shown = suppress_results(joint, thresholds).drop(columns="standard")
        shown, start = {}, 0
        for code, frame in parts.items():
            piece = joint_shown.iloc[start:start + len(frame)].reset_index(drop=True)
            shown[code] = piece.astype({c: frame[c].dtype for c in frame.columns})
            start += len(frame)
    # The reporting year's notes: earlier years' were their own reports' (and cost an audit each).
    notes = protect_notes([n for n in notes if n.year == year], wres, shown[WRES.code], thresholds)
    return {code: Report(shown[code], notes) for code in parts if code in wanted}


def report(data_dir: str | Path, year: int, *, count_threshold: int = COUNT_THRESHOLD,
           survey_threshold: int = SURVEY_THRESHOLD, results_file: str | Path | None = None,
           allow_unknown_labels: bool = False, standard: Standard | str = WRES) -> Report:
    """One standard's report of :func:`reports` (default the WRES): its results through disclosure
    control (hidden figures NaN, with ``suppressed`` True and a note) and, for the WRES, the data notes
    with the counts disclosure control hides marked.

    ``allow_unknown_labels``: see :func:`wreslib.inputs.extracts.extract_counts`.
    ``results_file`` is the runner's copy of exactly this report (:meth:`Report.save`), made once
    per run so that every notebook need not rebuild it; without it the report is computed from
    ``data_dir``. KeyError when the data folder has no figures of ``standard`` for ``year``.
    """
    if results_file:
        with open(results_file, "rb") as f:
            return pickle.load(f)
    code = _standard(standard).code
    standards = [WRES.code] if code == WRES.code else [WRES.code, code]
    made = reports(data_dir, year, count_threshold=count_threshold, survey_threshold=survey_threshold,
                   allow_unknown_labels=allow_unknown_labels, standards=standards)
    if code not in made:
        raise KeyError(f"{data_dir} has no {_standard(standard).abbreviation} figures for {year}")
    return made[code]


def report_results(data_dir: str | Path, year: int, *, count_threshold: int = COUNT_THRESHOLD,
                   survey_threshold: int = SURVEY_THRESHOLD, results_file: str | Path | None = None,
                   allow_unknown_labels: bool = False, standard: Standard | str = WRES) -> pd.DataFrame:
    """What a reviewer may see of ``standard`` (default the WRES): the results of :func:`report`
    (hidden figures NaN, with ``suppressed`` True and a note)."""
    return report(data_dir, year, count_threshold=count_threshold, survey_threshold=survey_threshold,
                  results_file=results_file, allow_unknown_labels=allow_unknown_labels, standard=standard).results


def report_notes(data_dir: str | Path, year: int, *, count_threshold: int = COUNT_THRESHOLD,
                 survey_threshold: int = SURVEY_THRESHOLD, results_file: str | Path | None = None,
                 allow_unknown_labels: bool = False) -> list[DataNote]:
    """The data notes of ``year`` as a reviewer may see them (:func:`report`): render each with
    :func:`wreslib.inputs.datanotes.render`, which shows a hidden count as ``*``."""
    return report(data_dir, year, count_threshold=count_threshold, survey_threshold=survey_threshold,
                  results_file=results_file, allow_unknown_labels=allow_unknown_labels).notes
