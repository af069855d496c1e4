"""Benchmark `wres run` against the naive way: a shell loop of papermill and
`jupyter nbconvert`, one notebook after another, on the demo data.

    python benchmarks/bench_run.py [--year 2024] [--repeat 1] [--baseline REV]

Prints the wall-clock seconds of each and the ratios (aims: cold <= 0.5x
naive, warm < 2 s). With ``--baseline REV`` (a git revision, e.g. the last
release), also times that revision's ``wres run`` in the same run, from a
temporary git worktree on ``PYTHONPATH``, and prints this one's time as a
ratio of it (issue 9's aim for the integer audit: cold <= 1.2x). Run from
the repository root in the pack's environment.
"""
from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: str, env: dict | None = None, cwd: Path = REPO) -> float:
    started = time.perf_counter()
    subprocess.run(command, shell=True, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - started


def run_command(year: int, out: str, repo: Path = REPO) -> str:
    """``wres run`` on ``repo``'s own demo trust (a baseline revision reads its demo as it shipped it:
    newer demo files may carry columns an older pack does not know)."""
    data = shlex.quote(str(repo / "data" / "demo"))
    return f"{sys.executable} -m wreslib run --data {data} --year {year} --out {shlex.quote(out)} --quiet"


def naive_loop(year: int, out: Path) -> str:
    """The shell loop a user would write by hand."""
    from wreslib.publish.runner import NOTEBOOK_DIR, pages
    from wreslib.report.sections import STANDARD_NOTEBOOKS

    data = shlex.quote(str(REPO / "data" / "demo"))
    steps = []
    for stem, _ in pages(STANDARD_NOTEBOOKS):  # every standard's, as `wres run` on the demo (WRES and WDES)
        (out / stem).parent.mkdir(parents=True, exist_ok=True)
        executed = shlex.quote(str(out / f"{stem}.ipynb"))
        notebook = shlex.quote(str(NOTEBOOK_DIR / f"{stem}.ipynb"))
        steps.append(f"{BIN}/papermill {notebook} {executed} -p reporting_year {year} "
                     f"-p data_dir {data} --no-progress-bar")
        steps.append(f"{BIN}/jupyter nbconvert --to html --no-input {executed}")
    return " && ".join(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="best of N for each measurement")
    parser.add_argument("--baseline", help="a git revision to time in the same run (e.g. HEAD~5)")
    args = parser.parse_args()
    naive, cold, warm, base_cold, base_warm = [], [], [], [], []
    with tempfile.TemporaryDirectory() as worktree:
        env = None
        if args.baseline:
            subprocess.run(["git", "worktree", "add", "--detach", worktree, args.baseline], cwd=REPO, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # The baseline's package (and so its notebooks) first on the path, in the CLI and the kernels.
            env = dict(os.environ, PYTHONPATH=worktree)
        try:
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as tmp:
                    naive.append(timed(naive_loop(args.year, Path(tmp))))
                with tempfile.TemporaryDirectory() as tmp:
                    cold.append(timed(run_command(args.year, tmp)))
                    warm.append(timed(run_command(args.year, tmp)))
                if env:
                    # Run from the worktree: the current folder comes first on the path, in kernels too.
                    with tempfile.TemporaryDirectory() as tmp:
                        base_cold.append(timed(run_command(args.year, tmp, Path(worktree)), env, Path(worktree)))
                        base_warm.append(timed(run_command(args.year, tmp, Path(worktree)), env, Path(worktree)))
        finally:
            if args.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", worktree], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    n, c, w = min(naive), min(cold), min(warm)
    print(f"naive loop (papermill + nbconvert per notebook): {n:6.2f} s")
    print(f"wres run, cold:                                 {c:6.2f} s  ({c / n:.2f}x naive; aim <= 0.50x)")
    print(f"wres run, warm (nothing changed):               {w:6.2f} s  ({w / n:.3f}x naive; aim < 2 s)")
    if base_cold:
        bc, bw = min(base_cold), min(base_warm)
        print(f"baseline {args.baseline} wres run, cold:               {bc:6.2f} s  (this one: {c / bc:.2f}x; "
              "aim <= 1.20x)")
        print(f"baseline {args.baseline} wres run, warm:               {bw:6.2f} s  (this one: {w / bw:.2f}x)")


if __name__ == "__main__":
    main()
