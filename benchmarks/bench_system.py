"""Benchmark a system run (issue 13) against the naive loop, in one run.

    python benchmarks/bench_system.py [--organisations 40] [--staff-per-organisation 2500] [--sample 2]
                                      [--standard wres]

Writes a synthetic extract of ``--organisations`` organisations (:mod:`wreslib.demo.national`, two
years), then times

- ``wres run`` of the whole system, cold (every organisation's report and the system's page), and
  warm (nothing changed);
- the naive loop: for each organisation, papermill and ``jupyter nbconvert`` for every notebook, one
  after another, on that organisation's own data folder (each notebook then computes its figures and
  disclosure control itself, as it does when run by hand). The loop is timed on ``--sample``
  organisations and scaled to all of them (printed as such); ``--sample 0`` times it on every one.

Prints seconds, seconds per organisation and the ratio (aim: cold <= 0.2x the naive loop). Run from
the repository root in the pack's environment.
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: str, package: Path) -> float:
    """Seconds ``command`` takes with the snapshot of the pack in ``package`` first on the path (in the
    kernels too: they start in that folder), so that editing the checkout meanwhile changes nothing."""
    started = time.perf_counter()
    done = subprocess.run(command, shell=True, cwd=package, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=dict(os.environ, PYTHONPATH=str(package)))
    if done.returncode:
        sys.exit(f"bench_system: failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - started


def naive_loop(data: Path, year: int, out: Path, codes: list[str], standards: list[str], package: Path) -> str:
    """The shell loop a user would write by hand: every notebook of every standard, for each organisation."""
    from wreslib.publish.runner import pages

    NOTEBOOK_DIR = package / "wreslib" / "notebooks"  # noqa: N806 - the snapshot's notebooks
    steps = []
    for code in codes:
        for page, _ in pages(standards):
            executed = out / code / f"{page}.ipynb"
            executed.parent.mkdir(parents=True, exist_ok=True)
            steps.append(f"{BIN}/papermill {shlex.quote(str(NOTEBOOK_DIR / f'{page}.ipynb'))} "
                         f"{shlex.quote(str(executed))} -p reporting_year {year} "
                         f"-p data_dir {shlex.quote(str(data / code))} --no-progress-bar")
            steps.append(f"{BIN}/jupyter nbconvert --to html --no-input {shlex.quote(str(executed))}")
    return " && ".join(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=40)
    parser.add_argument("--staff-per-organisation", type=int, default=2500)
    parser.add_argument("--sample", type=int, default=2, help="organisations the naive loop is timed on (0: all)")
    parser.add_argument("--standard", action="append", choices=["wres", "wdes"],
                        help="standards to report (default: both)")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    standards = args.standard or ["wres", "wdes"]
    from wreslib.demo.national import write_national
    from wreslib.publish.system import find_system, split_extract

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        package = tmp / "package"
        shutil.copytree(REPO / "wreslib", package / "wreslib", ignore=shutil.ignore_patterns("__pycache__"))
        data = write_national(tmp / "data", staff=args.organisations * args.staff_per_organisation,
                              organisations=args.organisations, years=(args.year - 1, args.year))
        # A few small files of a national extract have one unrecognised label in 20 people: above the 2% a
        # single trust's run allows (each organisation's rule is its own), so the system counts them as
        # Unknown, as a national analyst would (the naive loop's sample organisations have none above it).
        (data / "wres.toml").write_text("[run]\nallow_unknown_labels = true\n", encoding="utf-8")
        system = find_system(data)
        codes = [o.code for o in system.organisations]
        chosen = " ".join(f"--standard {s}" for s in standards)
        command = (f"{sys.executable} -m wreslib run --data {shlex.quote(str(data))} --year {args.year} "
                   f"--out {shlex.quote(str(tmp / 'out'))} {chosen} --quiet")
        cold = timed(command, package)
        warm = timed(command, package)
        # The naive loop runs on each organisation's own folder (the same split the system run makes).
        split_extract(system, tmp / "split")
        sample = codes if args.sample <= 0 else codes[:args.sample]
        naive = timed(naive_loop(tmp / "split", args.year, tmp / "naive", sample, standards, package),
                      package) * len(codes) / len(sample)
    n = len(codes)
    scaled = "" if len(sample) == n else f" (timed on {len(sample)} organisation(s), scaled to {n})"
    print(f"organisations: {n}, staff: {args.organisations * args.staff_per_organisation:,}, "
          f"standards: {', '.join(standards)}")
    print(f"naive loop (papermill + nbconvert per notebook): {naive:8.1f} s  ({naive / n:6.1f} s per organisation)"
          f"{scaled}")
    print(f"wres run, cold:                                 {cold:8.1f} s  ({cold / n:6.1f} s per organisation; "
          f"{cold / naive:.2f}x naive; aim <= 0.20x)")
    print(f"wres run, warm (nothing changed):               {warm:8.1f} s  ({warm / n:6.2f} s per organisation)")


if __name__ == "__main__":
    main()
