"""One call from a data folder to every result: what notebooks and the runner use.

A data folder holds either record-level extracts (``DIR/<year>/``) or a
counts file (``DIR/counts.csv``), and optionally staff survey tables. Both
routes meet at the counts contract, so every indicator is computed by the
same code in :mod:`wreslib.indicators`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .counts import read_counts
from .errors import InputError
from .extracts import extract_counts
from .indicators import RESULT_COLUMNS, compute_indicators

COUNTS_FILE = "counts.csv"


def input_files(data_dir: str | Path) -> list[Path]:
    """Every input file under ``data_dir`` (CSV and TOML), sorted: what a run reads and records."""
    root = Path(data_dir)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in {".csv", ".toml"})


def load_counts(data_dir: str | Path, year: int) -> pd.DataFrame:
    """Validated counts for ``year`` and earlier years (for changes and trends).

    Record-level extracts in ``DIR/<year>/`` win over ``DIR/counts.csv``: the
    counts are then built from every year folder up to ``year``.
    """
    root = Path(data_dir)
    if (root / str(year)).is_dir():
        years = sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= year)
        return pd.concat([extract_counts(root, y) for y in years], ignore_index=True)
    path = root / COUNTS_FILE
    if not path.is_file():
        raise InputError.one(root, f"a counts file '{COUNTS_FILE}' or a year folder '{year}' in the data folder")
    counts = read_counts(path)
    counts = counts[counts["year"] <= year]
    if not (counts["year"] == year).any():
        raise InputError.one(path, f"rows for the reporting year {year}", column="year")
    return counts


def load_results(data_dir: str | Path, year: int) -> pd.DataFrame:
    """All indicators for reporting ``year`` and the years before it (results
    contract), each with its change from the year before: tables show this
    year, trend plots the history.
    """
    results = compute_indicators(load_counts(data_dir, year))
    return results[RESULT_COLUMNS].reset_index(drop=True)
