"""Data folders with some of the demo trust's inputs left out, for the missing-data tests.

Each factor is one thing a trust may or may not supply: the indicator groups of the counts
file (1, 2, 3, 4, 9), the published survey tables, the survey respondents, and the year
before the reporting year. ``make_folder`` writes the demo's figures for the factors given.
"""
from __future__ import annotations

import csv
import itertools
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
YEAR = 2024
FACTORS = ("i1", "i2", "i3", "i4", "i9", "survey_tables", "survey_respondents", "previous_year")


def _copy_rows(source: Path, target: Path, keep) -> None:
    with source.open(newline="", encoding="utf-8") as f, target.open("w", newline="", encoding="utf-8") as out:
        reader = csv.reader(f)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(next(reader))
        writer.writerows(row for row in reader if keep(row))


def make_folder(root: Path, present: set[str] | frozenset[str], *, respondents_per_year: int = 2500) -> Path:
    """A data folder under ``root`` with the demo's counts of the indicator groups in ``present``
    (indicators 3 and 4 keep their own headcount rows, so they stand without indicator 1), the
    survey inputs named in it, and the reporting year (plus the year before when
    ``previous_year`` is in it). Respondents are cut to the first ``respondents_per_year`` of each
    survey year, to keep the tests quick."""
    folder = root / ("-".join(sorted(present)) or "nothing")
    folder.mkdir(parents=True)
    years = {str(YEAR), str(YEAR - 1)} if "previous_year" in present else {str(YEAR)}
    survey_years = {str(int(y) - 1) for y in years}
    indicators = {f[1:] for f in present if f in ("i1", "i2", "i3", "i4", "i9")}
    if indicators:  # a folder with survey data only has no counts file
        _copy_rows(DEMO / "counts.csv", folder / "counts.csv", lambda r: r[0] in years and r[1] in indicators)
    if "survey_tables" in present:
        _copy_rows(DEMO / "survey.csv", folder / "survey.csv", lambda r: r[0] in survey_years)
    if "survey_respondents" in present:
        seen: dict[str, int] = {}

        def keep(row):
            if row[0] not in survey_years:
                return False
            seen[row[0]] = seen.get(row[0], 0) + 1
            return seen[row[0]] <= respondents_per_year
        _copy_rows(DEMO / "survey_responses.csv", folder / "survey_responses.csv", keep)
    (folder / "wres.toml").write_text('[trust]\nname = "Scenario NHS Trust"\n', encoding="utf-8")
    return folder


def all_combinations() -> list[frozenset[str]]:
    """Every subset of :data:`FACTORS` (256)."""
    return [frozenset(c) for n in range(len(FACTORS) + 1) for c in itertools.combinations(FACTORS, n)]


def valid(present: frozenset[str]) -> bool:
    """Whether the folder is usable input: some data for the year, and the board only with a workforce to
    compare it with (indicator 9 needs indicator 1)."""
    has_data = bool(present & {"i1", "i2", "i3", "i4", "i9", "survey_tables", "survey_respondents"})
    return has_data and not ("i9" in present and "i1" not in present)
