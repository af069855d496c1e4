"""The ``wres`` command. Thin: parses arguments, calls wreslib, reports errors.

Bad input exits 2 with one line naming the file, line and column, never a
traceback; warnings (unrecognised ethnicity values, notes) go to stderr.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .errors import InputError
from .inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD
from .report.sections import STANDARD_NOTEBOOKS

#: The standards a run can report, by code (the registry's, as the report sections declare them).
STANDARD_CODES = tuple(STANDARD_NOTEBOOKS)

EXIT_BAD_INPUT = 2


def _cmd_indicators(args: argparse.Namespace) -> int:
    from .inputs.counts import read_counts
    from .compute.indicators import RESULT_COLUMNS, compute_indicators, write_results
    from . import standards
    from .publish.pipeline import load_results

    if args.counts is not None:
        counts = read_counts(args.counts, strict_ethnicity=args.strict_ethnicity)
        if args.year is not None and args.year not in set(counts["year"]):
            years = ", ".join(str(y) for y in sorted(set(counts["year"])))
            raise InputError.one(args.counts, f"counts for {args.year} (the file has {years})", column="year")
        results = compute_indicators(counts, standards.get(args.standard))
        if args.year is not None:
            results = results[results["year"] == args.year]
    else:
        if args.year is None:
            raise InputError.one(args.data, "--year Y with --data (the reporting year to compute)")
        # The same results as `wres run` (earlier years feed `change` and the two-year indicator 3,
        # survey files give indicators 5-8), before disclosure control: this is the analyst's file.
        results = load_results(args.data, args.year, strict_ethnicity=args.strict_ethnicity,
                               allow_unknown_labels=_allow_unknown(args), standard=standards.get(args.standard))
        results = results.loc[results["year"] == args.year, RESULT_COLUMNS]
    _write(results, args.out, write_results)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from .errors import PublishCheckFailed
    from .publish.runner import NotebookFailed, RunConfig, run

    # A run shows only warnings that change a figure; the data notes (merged assignments, dates outside
    # the year ...) it summarises itself at the end, and keeps in run.json and on the Data notes page.
    logging.getLogger("wreslib").setLevel(logging.WARNING)
    logging.getLogger("wreslib.inputs.extracts").setLevel(logging.ERROR)

    config = RunConfig(data_dir=args.data, year=args.year, out=args.out, force=args.force,
                       jobs=args.jobs, trust_name=args.trust,
                       count_threshold=args.count_threshold, survey_threshold=args.survey_threshold,
                       allow_unknown_labels=args.allow_unknown_labels,
                       standards=tuple(dict.fromkeys(args.standard)) if args.standard else None,
                       progress=not args.quiet and _is_terminal(sys.stderr))
    if not args.data.is_dir():
        raise InputError.one(args.data, "a data folder, but there is none")
    from .publish.system import find_system, run_system

    system = find_system(args.data)  # a folder of many organisations: a report each, and the system's
    log = (lambda message: None) if args.quiet else lambda message: print(message, file=sys.stderr)
    try:
        with _interruptible():
            if system is not None:
                run_system(system, config, log=log)
            else:
                run(config, log=log)
    except (NotebookFailed, PublishCheckFailed) as err:
        print(f"wres: error: {err}; the previous outputs in {args.out / str(args.year)} are unchanged",
              file=sys.stderr)
        return 1
    except Interrupted as stop:
        what = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        print(f"wres: {what}; previous outputs left as they were", file=sys.stderr)
        return 128 + stop.signum
    return 0


def _is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (progress bars redraw lines with ``\\r`` and escape codes,
    which only make sense there: a log file gets plain lines)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during ``wres run`` (a KeyboardInterrupt, so cleanup code sees it as one)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _interruptible():
    """SIGINT and SIGTERM raise :class:`Interrupted` once (the run then cleans up; a second signal
    during the cleanup is ignored rather than cutting it short); the previous handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    received = []

    def handler(signum, _frame):
        if not received:
            received.append(signum)
            raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _cmd_counts(args: argparse.Namespace) -> int:
    from .inputs.counts import write_counts
    from .inputs.extracts import extract_years

    counts = extract_years(args.data, args.year, strict_ethnicity=args.strict_ethnicity,
                           allow_unknown_labels=_allow_unknown(args))
    _write(counts, args.out, write_counts)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demo.trust import write_demo

    write_demo(args.out)
    print(f"wres: demo data written to {args.out}", file=sys.stderr)
    return 0


def _cmd_survey(args: argparse.Namespace) -> int:
    from .disclosure.engine import Thresholds, suppress_results
    from .inputs.settings import run_settings
    from .compute.survey import survey_results, write_survey_results

    # As `wres run` on the same folder: the options, else [run] of DIR/wres.toml, else the defaults.
    chosen = run_settings(args.data, count_threshold=args.count_threshold, survey_threshold=args.survey_threshold)
    results = suppress_results(survey_results(args.data, strict_ethnicity=args.strict_ethnicity),
                               Thresholds(count=chosen.count_threshold, survey=chosen.survey_threshold))
    _write(results, args.out, write_survey_results)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .errors import group
    from .publish.validate import summary, validate_folder

    # Warnings (an unknown band, an unrecognised ethnicity) are worth seeing here; notes are not.
    logging.getLogger("wreslib").setLevel(logging.WARNING)
    checked: list[Path] = []
    try:
        allow = _allow_unknown(args)
    except InputError:  # a bad [run]: validate_folder lists it with every other problem
        allow = bool(args.allow_unknown_labels)
    from .publish.system import find_system, validate_system

    system = find_system(args.data) if args.data.is_dir() else None
    if system is None:
        problems = group(validate_folder(args.data, args.year, checked=checked, allow_unknown_labels=allow))
    else:  # every organisation in one pass (one extract's organisations split into a folder of their own)
        import tempfile

        with tempfile.TemporaryDirectory(prefix="wres-validate-") as scratch:
            problems = group(validate_system(system, Path(scratch), args.year, checked=checked,
                                             allow_unknown_labels=allow))
    for problem in problems:
        print(problem)
    print(summary(problems, len(checked)))
    for problem in problems:  # stdout stays one line per problem; the wres.toml lines to paste go to stderr
        if problem.hint:
            print(problem.hint, file=sys.stderr)
    return EXIT_BAD_INPUT if problems else 0


def _write(frame, out: Path | None, writer) -> None:
    """Write to ``out`` atomically (a temporary file moved into place), or stdout."""
    if out is None:
        writer(frame, sys.stdout)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        writer(frame, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed write leaves the outputs folder as it was
        raise
    tmp.replace(out)


class _LevelFormatter(logging.Formatter):
    """``wres: warning: ...`` or ``wres: note: ...`` (INFO)."""

    def format(self, record: logging.LogRecord) -> str:
        level = "note" if record.levelno < logging.WARNING else "warning"
        return f"wres: {level}: {record.getMessage()}"


#: Help of the options shared by ``run`` and ``survey`` (the same names and meaning in both). Their
#: defaults are None: the value comes from [run] of DIR/wres.toml, else wreslib.inputs.settings.
COUNT_THRESHOLD_HELP = (f"counts of 1 to N people are suppressed (default: [run] count_threshold in DIR/wres.toml, "
                        f"else {COUNT_THRESHOLD}; 0: none)")
SURVEY_THRESHOLD_HELP = (f"survey groups with fewer than N responses are suppressed (default: [run] survey_threshold "
                         f"in DIR/wres.toml, else {SURVEY_THRESHOLD})")
ALLOW_UNKNOWN_HELP = ("count unrecognised ethnicity labels in record-level extracts as Unknown however many there are "
                      "(without it, a file where they cover more than the share in data/README.md is an error)")

RUN_DESCRIPTION = """\
Execute the notebooks in wreslib/notebooks/ (installed with the package) on the
data folder (papermill, one kernel per notebook, in parallel) and render them
into an offline HTML report. Checks the inputs first (bad input: exit 2); a
failing notebook (exit 1) or an interruption leaves the previous outputs as
they were. A rerun with nothing changed executes nothing (use --force). Ends
with the data notes that change a figure (records left out, files not found
...) and how many others there are.

Writes, in OUT/YEAR/ (only what can be published):
  index.html              the summary tables, the sentences, the action plan, links to every section
  01_summary.html ...     the appendices (no code; charts with alt text and their data), the last
                          two Quality assurance and Data notes (what the run did with the data)
  results.csv             every figure of the year after disclosure control
  results.xlsx            the same figures as an Excel workbook
  figures/NOTEBOOK/*.png  the charts
  run.json                parameters, input file hashes, package versions, timings, data notes
and in OUT/.analyst/YEAR/ the executed notebooks (with code) and run.json with
every data note's counts, for the analyst.
"""


def _add_allow_unknown(parser: argparse.ArgumentParser) -> None:
    """``--allow-unknown-labels`` of every command that reads extracts; ``--no-allow-unknown-labels``
    overrides ``allow_unknown_labels = true`` in ``[run]`` of wres.toml (:func:`_allow_unknown`)."""
    parser.add_argument("--allow-unknown-labels", action=argparse.BooleanOptionalAction,
                        help=ALLOW_UNKNOWN_HELP + " (default: [run] allow_unknown_labels in DIR/wres.toml, else not)")


def _allow_unknown(args: argparse.Namespace) -> bool:
    """``--allow-unknown-labels`` as given, else ``[run]`` of the data folder's wres.toml, else False:
    every command that reads extracts decides as `wres run` does."""
    from .inputs.settings import run_settings

    if getattr(args, "data", None) is None:
        return bool(args.allow_unknown_labels)
    return run_settings(args.data, allow_unknown_labels=args.allow_unknown_labels).allow_unknown_labels


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wres", description="Workforce Race Equality Standard analysis pack")
    parser.add_argument("--version", action="version", version=f"wreslib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ind = sub.add_parser("indicators", help="compute indicators 1-4 and 9 (the results contract CSV)")
    source = ind.add_mutually_exclusive_group(required=True)
    source.add_argument("--counts", type=Path, help="counts CSV (year,indicator,measure,breakdown,ethnicity,count)")
    source.add_argument("--data", type=Path, help="data folder of record-level extracts, DIR/<year>/*.csv")
    ind.add_argument("--year", type=int, help="the reporting year whose rows are written (required with --data; "
                     "its previous year's folder feeds `change`)")
    ind.add_argument("--out", type=Path, help="results CSV to write (default: standard output)")
    ind.add_argument("--strict-ethnicity", action="store_true", help="treat an unrecognised ethnicity as an error")
    ind.add_argument("--standard", choices=list(STANDARD_CODES), default="wres",
                     help="wres (default): indicators 1-9; wdes: WDES metrics 1, 2, 3 and 10 from the disability "
                          "data of the same extracts or counts file, 4-9a from survey.csv's wdes rows and 4a-i to 8 "
                          "from survey_responses.csv with a disability column")
    _add_allow_unknown(ind)
    ind.set_defaults(func=_cmd_indicators)

    cnt = sub.add_parser("counts", help="aggregate record-level extracts to the counts contract CSV")
    cnt.add_argument("--data", type=Path, required=True, help="data folder of record-level extracts, DIR/<year>/*.csv")
    cnt.add_argument("--year", type=int, required=True,
                     help="reporting year; the previous year is included when its folder exists")
    cnt.add_argument("--out", type=Path, help="counts CSV to write (default: standard output)")
    cnt.add_argument("--strict-ethnicity", action="store_true", help="treat an unrecognised ethnicity as an error")
    _add_allow_unknown(cnt)
    cnt.set_defaults(func=_cmd_counts)

    demo = sub.add_parser("demo", help="regenerate the synthetic demo trust's data (byte-identical every run)")
    demo.add_argument("--out", type=Path, default=Path("data/demo"), help="folder to write (default: data/demo)")
    demo.set_defaults(func=_cmd_demo)

    run = sub.add_parser("run", help="execute the notebook pack and render the HTML report",
                         description=RUN_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--data", type=Path, required=True, help="data folder (year folders or counts.csv)")
    run.add_argument("--year", type=int, required=True, help="WRES reporting year, e.g. 2024")
    run.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    run.add_argument("--force", action="store_true", help="rerun every notebook even if nothing changed")
    run.add_argument("--jobs", type=int, help="notebooks run at once (default: [run] jobs in DIR/wres.toml, else "
                     "one per core; 0: one per core)")
    run.add_argument("--trust", help="trust name (default: [trust] name in DIR/wres.toml, else the report says "
                     "'Trust name not given')")
    _add_allow_unknown(run)
    run.add_argument("--standard", choices=list(STANDARD_CODES), action="append",
                     help="report this standard only (repeat for several; default: the WRES, and every other one "
                          "the data supports, e.g. the WDES when the extracts have a disability column)")
    run.add_argument("--count-threshold", type=int, metavar="N", help=COUNT_THRESHOLD_HELP)
    run.add_argument("--survey-threshold", type=int, metavar="N", help=SURVEY_THRESHOLD_HELP)
    run.add_argument("--quiet", action="store_true",
                     help="print errors only (no progress bars, no summary line, no warnings); progress bars "
                          "are drawn only when stderr is a terminal in any case")
    run.set_defaults(func=_cmd_run)

    sur = sub.add_parser("survey", help="staff survey indicators 5-8 (the results contract CSV plus survey_year)")
    sur.add_argument("--data", type=Path, required=True, help="directory with survey.csv and/or survey_responses.csv")
    sur.add_argument("--out", type=Path, help="results CSV to write (default: standard output)")
    sur.add_argument("--survey-threshold", "--threshold", dest="survey_threshold", type=int, metavar="N",
                     help=SURVEY_THRESHOLD_HELP + " (--threshold: an older name)")
    sur.add_argument("--count-threshold", type=int, metavar="N", help=COUNT_THRESHOLD_HELP)
    sur.add_argument("--strict-ethnicity", action="store_true", help="treat an unrecognised ethnicity as an error")
    sur.set_defaults(func=_cmd_survey)

    val = sub.add_parser("validate", help="check a data folder and list every problem found, not only the first")
    val.add_argument("--data", type=Path, required=True, help="data folder (year folders, counts.csv, survey files)")
    val.add_argument("--year", type=int, help="check the year folders up to this year only (default: every one)")
    _add_allow_unknown(val)
    val.set_defaults(func=_cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    args = build_parser().parse_args(argv)
    # Warnings and notes from wreslib go to stderr after a successful run; on
    # bad input only the one error line is printed.
    collected: list[logging.LogRecord] = []
    handler = _Collect(collected)
    logger = logging.getLogger("wreslib")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logging.getLogger("wreslib.inputs.extracts").setLevel(logging.NOTSET)  # `wres run` raises it (an earlier call)
    logger.propagate = False
    try:
        code = args.func(args)
    except InputError as err:
        print(error_text(err), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    formatter = _LevelFormatter()
    if getattr(args, "quiet", False):  # --quiet: errors only
        collected = [record for record in collected if record.levelno >= logging.ERROR]
    for record in collected:
        print(formatter.format(record), file=sys.stderr)
    return code


def error_text(err: InputError) -> str:
    """What bad input prints: one line, ``wres: error: `` and the first problem (the same problem on several
    rows grouped, :func:`wreslib.errors.group`), then that problem's hint if it has one (the wres.toml lines
    that would map missing columns: they follow the error line, which stands on its own)."""
    from .errors import group

    first = group(err.problems)[0]
    return f"wres: error: {first}" + (f"\n{first.hint}" if first.hint else "")


class _Collect(logging.Handler):
    """Keeps log records until the command has finished."""

    def __init__(self, records: list[logging.LogRecord]):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def main_entry() -> None:
    """Console-script entry point (``wres``)."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
