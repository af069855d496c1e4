"""What disclosure control costs on the demo trust, and the integer audit's share of it.

    python benchmarks/bench_disclosure.py [--year 2024] [--repeat 3]

Times, in one process and one run: computing the results (the baseline),
the whole engine (:func:`wreslib.disclosure.engine.suppress_results`), and the
engine with its integer audit switched off (the linear pass alone). Prints
seconds (best of ``--repeat``) and ratios. Run from the repository root in
the pack's environment.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
from unittest import mock

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    from wreslib.disclosure import engine as disclosure
    from wreslib.report.breakdowns import published_rows
    from wreslib.publish.pipeline import load_results

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = REPO / "data" / "demo"

    def results():
        raw = load_results(data, args.year)
        extra = [published_rows(data, y).reindex(columns=raw.columns) for y in (args.year - 1, args.year)]
        return pd.concat([raw, *extra], ignore_index=True)

    raw = results()
    compute = best(results, args.repeat)
    engine = best(lambda: disclosure.suppress_results(raw), args.repeat)
    with mock.patch.object(disclosure, "_audit_protect", lambda *a, **k: []):
        linear = best(lambda: disclosure.suppress_results(raw), args.repeat)
    print(f"results from the demo's records (baseline):  {compute:6.2f} s")
    print(f"disclosure control, linear pass only:        {linear:6.2f} s  ({linear / compute:.2f}x the baseline)")
    print(f"disclosure control with the integer audit:   {engine:6.2f} s  ({engine / compute:.2f}x the baseline; "
          f"the audit adds {engine - linear:.2f} s, {(engine - linear) / linear:.0%} of the linear pass)")


if __name__ == "__main__":
    main()
