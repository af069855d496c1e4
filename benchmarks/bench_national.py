"""National scale: every organisation's indicators from a national record-level extract, against pandas.read_csv.

    python benchmarks/bench_national.py [--staff 1500000] [--organisations 210] [--data DIR] [--repeat 1]
                                        [--no-hugepages]

Writes (once; kept for the next run) a synthetic national extract with
:func:`wreslib.demo.national.write_national`: ``--staff`` people in
``--organisations`` organisations of lognormal sizes, two reporting years
(2023, 2024), with workforce, recruitment (about 0.8 shortlisted applications
a year per member of staff), disciplinary (about 1% of staff), training
(about 40% of staff, one to three records each), board (12 to 18 members per
organisation) and capability (about 0.3%) files, every row with its
``organisation`` code. The folder is ``--data`` or, by default,
``national-<staff>-<organisations>-<seed>`` in the system's temporary folder.

Then measures, in one run, each in a fresh Python process of its own (so that
each peak memory is its own; the imports are in both):

- **baseline**: ``pandas.read_csv`` of every file of both years, with its defaults;
- **indicators**: every organisation's counts for both years
  (:func:`wreslib.inputs.extracts.extract_counts_by_organisation`: reading and
  validating the files, classifying each distinct label once, grouping once
  by organisation) and every organisation's WRES and WDES indicators
  (:func:`wreslib.compute.indicators.compute_indicators_by_organisation`, the
  results of :func:`~wreslib.compute.indicators.compute_indicators` for each
  organisation, in one pass).

Prints the seconds (best of ``--repeat``, the two measurements taking turns),
the ratio indicators / baseline, and each process's peak resident memory (the
aims of issue 13: a ratio of at most 2.0 and a peak of at most 2 GB). On a
shared machine the elapsed time of each run depends on what else runs, so it
also prints the median of the ratios of each pair of runs (taken one after the
other) and the ratio of the processes' own CPU time (user and system: what
the work itself costs, whoever else is using the machine). Run from
the repository root in the pack's environment.

``--no-hugepages`` runs both measurements with ``NUMPY_MADVISE_HUGEPAGE=0``
(numpy then does not ask the kernel for transparent huge pages for its
arrays): on a virtual machine whose kernel compacts memory to find huge pages,
the first touch of each new array can stall for a tenth of a second, at
random, which makes any timing of array code noise (see docs/scaling.md).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YEARS = (2023, 2024)
#: The aims of issue 13.
RATIO_AIM, PEAK_AIM_MB = 2.0, 2048


def national_data(folder: Path | None, staff: int, organisations: int, seed: int) -> Path:
    """The synthetic national extract, written unless a complete one is there (a marker file is written last)."""
    if folder is None:
        folder = Path(tempfile.gettempdir()) / f"national-{staff}-{organisations}-{seed}"
    done = folder / ".complete"
    if not done.is_file():
        from wreslib.demo.national import write_national

        started = time.perf_counter()
        print(f"writing the synthetic national extract to {folder} ...", flush=True)
        write_national(folder, staff=staff, organisations=organisations, years=YEARS, seed=seed)
        done.write_text(json.dumps(dict(staff=staff, organisations=organisations, seed=seed)))
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


#: Each measurement, run by ``python -c`` in a fresh process: prints {"seconds": ..., "peak_mb": ..., ...}.
BASELINE = """
import json, resource, sys, time
from pathlib import Path
import pandas as pd
files = [p for year in sys.argv[2:] for p in sorted(Path(sys.argv[1], year).glob("*.csv"))]
started, cpu = time.perf_counter(), time.process_time()
rows = sum(len(pd.read_csv(p)) for p in files)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps(dict(seconds=seconds, cpu=cpu, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      files=len(files), rows=rows)))
"""

INDICATORS = """
import json, logging, resource, sys, time
import pandas as pd
from wreslib.inputs.extracts import extract_counts_by_organisation
from wreslib.compute.indicators import compute_indicators_by_organisation
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES
logging.getLogger("wreslib").setLevel(logging.ERROR)  # a national run's notes are data, not terminal lines
notes = []
started, cpu = time.perf_counter(), time.process_time()
counts = pd.concat([extract_counts_by_organisation(sys.argv[1], int(year), allow_unknown_labels=True, notes=notes)
                    for year in sys.argv[2:]], ignore_index=True)
counted = time.perf_counter() - started
results = [compute_indicators_by_organisation(counts, standard) for standard in (WRES, WDES)]
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps(dict(seconds=seconds, cpu=cpu, counts_seconds=counted, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      organisations=int(counts["organisation"].nunique()), counts=len(counts),
                      results=sum(len(r) for r in results), notes=len(notes))))
"""


def measure(code: str, folder: Path, env: dict | None = None) -> dict:
    """Run one measurement in a fresh process; its printed JSON."""
    done = subprocess.run([sys.executable, "-c", code, str(folder), *map(str, YEARS)], cwd=REPO, check=True,
                          capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1_500_000, help="people in the workforce files (default 1.5 M)")
    parser.add_argument("--organisations", type=int, default=210)
    parser.add_argument("--seed", type=int, default=None, help="the generator's seed (default its own)")
    parser.add_argument("--data", type=Path, default=None, help="folder for the extract (kept for the next run)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement, best kept (default 1)")
    parser.add_argument("--no-hugepages", action="store_true",
                        help="NUMPY_MADVISE_HUGEPAGE=0 for both measurements (see the module's docstring)")
    args = parser.parse_args()
    env = dict(os.environ, NUMPY_MADVISE_HUGEPAGE="0") if args.no_hugepages else None
    from wreslib.demo.national import SEED

    folder = national_data(args.data, args.staff, args.organisations, SEED if args.seed is None else args.seed)
    sizes = {p.name: p.stat().st_size for p in (folder / str(YEARS[-1])).glob("*.csv")}
    print(f"{args.staff:,} staff in {args.organisations} organisations, years {', '.join(map(str, YEARS))}; "
          f"{sum(p.stat().st_size for p in folder.glob('*/*.csv')) / 1e6:,.0f} MB of CSV "
          f"({', '.join(f'{n} {s / 1e6:,.0f} MB' for n, s in sorted(sizes.items(), key=lambda x: -x[1]))} in "
          f"{YEARS[-1]})", flush=True)
    baseline, indicators = [], []
    for _ in range(args.repeat):
        baseline.append(measure(BASELINE, folder, env))
        indicators.append(measure(INDICATORS, folder, env))
    base = min(baseline, key=lambda r: r["seconds"])
    ours = min(indicators, key=lambda r: r["seconds"])
    ratio = ours["seconds"] / base["seconds"]
    paired = sorted(o["seconds"] / b["seconds"] for b, o in zip(baseline, indicators))
    cpu = min(r["cpu"] for r in indicators) / min(r["cpu"] for r in baseline)
    peak = max(r["peak_mb"] for r in indicators)
    print(f"baseline, pandas.read_csv of {base['files']} files ({base['rows']:,} rows): {base['seconds']:7.2f} s  "
          f"peak {max(r['peak_mb'] for r in baseline):,.0f} MB")
    print(f"every organisation's indicators:                    {ours['seconds']:7.2f} s  peak {peak:,.0f} MB  "
          f"(counts {ours['counts_seconds']:.2f} s; {ours['organisations']} organisations, {ours['counts']:,} counts, "
          f"{ours['results']:,} results, {ours['notes']:,} data notes)")
    print(f"ratio indicators / read_csv: {ratio:.2f} (aim <= {RATIO_AIM:g}; median of the pairs "
          f"{paired[len(paired) // 2]:.2f}; CPU time {cpu:.2f})   peak: {peak:,.0f} MB (aim <= {PEAK_AIM_MB:,} MB)"
          + ("   [NUMPY_MADVISE_HUGEPAGE=0]" if args.no_hugepages else ""))
    if args.repeat > 1:
        print("all runs, elapsed (CPU) s: baseline " + ", ".join(f"{r['seconds']:.2f} ({r['cpu']:.2f})"
                                                                 for r in baseline)
              + "; indicators " + ", ".join(f"{r['seconds']:.2f} ({r['cpu']:.2f})" for r in indicators))


if __name__ == "__main__":
    main()
