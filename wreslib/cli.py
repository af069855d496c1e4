"""The ``wres`` command. Thin: parses arguments, calls wreslib, reports errors.

Bad input exits 2 with one line naming the file, line and column, never a
traceback; warnings (unrecognised ethnicity values, notes) go to stderr.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .counts import read_counts
from .errors import InputError
from .indicators import compute_indicators, write_results

EXIT_BAD_INPUT = 2


def _cmd_indicators(args: argparse.Namespace) -> int:
    counts = read_counts(args.counts, strict_ethnicity=args.strict_ethnicity)
    results = compute_indicators(counts)
    _write(results, args.out, write_results)
    return 0


def _cmd_survey(args: argparse.Namespace) -> int:
    from .survey import survey_results, write_survey_results

    if args.threshold < 1:
        raise InputError.one("--threshold", "a whole number of 1 or more", got=str(args.threshold))
    results = survey_results(args.data, threshold=args.threshold, strict_ethnicity=args.strict_ethnicity)
    _write(results, args.out, write_survey_results)
    return 0


def _write(frame, out: Path | None, writer) -> None:
    """Write to ``out`` atomically (a temporary file moved into place), or stdout."""
    if out is None:
        writer(frame, sys.stdout)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    writer(frame, tmp)
    tmp.replace(out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wres", description="Workforce Race Equality Standard analysis pack")
    parser.add_argument("--version", action="version", version=f"wreslib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ind = sub.add_parser("indicators", help="compute indicators 1-4 and 9 (the results contract CSV)")
    ind.add_argument("--counts", type=Path, required=True, help="counts CSV (year,indicator,measure,breakdown,ethnicity,count)")
    ind.add_argument("--out", type=Path, help="results CSV to write (default: standard output)")
    ind.add_argument("--strict-ethnicity", action="store_true", help="treat an unrecognised ethnicity as an error")
    ind.set_defaults(func=_cmd_indicators)

    sur = sub.add_parser("survey", help="staff survey indicators 5-8 (the results contract CSV plus survey_year)")
    sur.add_argument("--data", type=Path, required=True, help="directory with survey.csv and/or survey_responses.csv")
    sur.add_argument("--out", type=Path, help="results CSV to write (default: standard output)")
    sur.add_argument("--threshold", type=int, default=11,
                     help="suppress figures from fewer responses than this (default 11)")
    sur.add_argument("--strict-ethnicity", action="store_true", help="treat an unrecognised ethnicity as an error")
    sur.set_defaults(func=_cmd_survey)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    args = build_parser().parse_args(argv)
    # Warnings from wreslib (unrecognised values, notes) go to this run's stderr.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("wres: warning: %(message)s"))
    logger = logging.getLogger("wreslib")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        return args.func(args)
    except InputError as err:
        print(f"wres: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def main_entry() -> None:
    """Console-script entry point (``wres``)."""
    sys.exit(main())
