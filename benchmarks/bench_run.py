"""Benchmark `wres run` against the naive way: a shell loop of papermill and
`jupyter nbconvert`, one notebook after another, on the demo data.

    python benchmarks/bench_run.py [--year 2024] [--repeat 1]

Prints the wall-clock seconds of each and the ratios (aims: cold <= 0.5x
naive, warm < 2 s). Run from the repository root in the pack's environment.
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, shell=True, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def naive_loop(year: int, out: Path) -> str:
    """The shell loop a user would write by hand."""
    from wreslib.runner import NOTEBOOKS

    data = shlex.quote(str(REPO / "data" / "demo"))
    steps = []
    for stem, _ in NOTEBOOKS:
        executed = shlex.quote(str(out / f"{stem}.ipynb"))
        steps.append(f"{BIN}/papermill notebooks/{stem}.ipynb {executed} -p reporting_year {year} "
                     f"-p data_dir {data} --no-progress-bar")
        steps.append(f"{BIN}/jupyter nbconvert --to html --no-input {executed}")
    return " && ".join(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="best of N for each measurement")
    args = parser.parse_args()
    naive, cold, warm = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            naive.append(timed(naive_loop(args.year, Path(tmp))))
        with tempfile.TemporaryDirectory() as tmp:
            run = f"{BIN}/wres run --data data/demo --year {args.year} --out {shlex.quote(tmp)} --quiet"
            cold.append(timed(run))
            warm.append(timed(run))
    n, c, w = min(naive), min(cold), min(warm)
    print(f"naive loop (papermill + nbconvert per notebook): {n:6.2f} s")
    print(f"wres run, cold:                                 {c:6.2f} s  ({c / n:.2f}x naive; aim <= 0.50x)")
    print(f"wres run, warm (nothing changed):               {w:6.2f} s  ({w / n:.3f}x naive; aim < 2 s)")


if __name__ == "__main__":
    main()
