"""The counts contract: the aggregate data every indicator is computed from.

A tidy CSV, one row per count, columns exactly
``year,indicator,measure,breakdown,ethnicity,count``:

=========  ======================  =============================================
indicator  measure                 breakdown
=========  ======================  =============================================
1          headcount               ``Cluster|Band`` (see :data:`CLUSTERS`), or
                                   ``Overall`` (or empty) when a source gives
                                   only the whole workforce; a year has one
                                   or the other, never both
1          bank_headcount          empty: bank-only staff, for the BME % including bank
2          shortlisted, appointed  empty
3          headcount,              empty (headcount optional: indicator 1 total
           entered_disciplinary    is used when absent)
4          headcount,              empty (headcount optional, as for 3)
           accessed_training
9          board_members           ``All``, ``Voting`` or ``Executive``
=========  ======================  =============================================

``year`` is the WRES reporting year (2024 = workforce at 31 March 2024,
activity 1 April 2023 to 31 March 2024). ``ethnicity`` is anything
:func:`wreslib.classify.ethnicity.classify_ethnicity` accepts; rows are summed within
their WRES group.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import reading
from ..errors import InputError, Problem
from ..classify.ethnicity import BME, UNKNOWN, WHITE, classify_ethnicity, unrecognised
from ..standards.wres import LIKELIHOODS, WRES

COLUMNS = ["year", "indicator", "measure", "breakdown", "ethnicity", "count"]

AFC_BANDS = ["Under Band 1"] + [f"Band {n}" for n in range(1, 8)] + [f"Band 8{x}" for x in "abcd"] + ["Band 9", "VSM"]
MEDICAL_GRADES = ["Consultant", "Non-consultant career grade", "Trainee grade", "Other"]
#: Indicator 1 clusters and the bands each may hold, in report order.
CLUSTERS = {"Non-clinical": AFC_BANDS, "Clinical": AFC_BANDS, "Medical and Dental": MEDICAL_GRADES}
BOARD_BREAKDOWNS = ["All", "Voting", "Executive"]

#: Allowed measures per indicator.
MEASURES: dict[int, tuple[str, ...]] = {
    1: ("headcount", "bank_headcount"),
    2: ("shortlisted", "appointed"),
    3: ("headcount", "entered_disciplinary"),
    4: ("headcount", "accessed_training"),
    9: ("board_members",),
}

#: For the likelihood indicators: (measure counted, measure it is a share of), as the standard declares them.
EVENTS = {n: WRES.indicators[n].measures for n in LIKELIHOODS}

KEY = ["year", "indicator", "measure", "breakdown", "ethnicity"]

_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$", error="a four-digit reporting year such as 2024")),
        "indicator": pa.Column(str, pa.Check.isin([str(i) for i in MEASURES],
                                                  error="an indicator number, one of 1, 2, 3, 4, 9")),
        "measure": pa.Column(str),
        "breakdown": pa.Column(str),
        "ethnicity": pa.Column(str),
        # At most 9 digits: no trust has a billion staff, and int64 must hold the sums.
        "count": pa.Column(str, pa.Check.str_matches(r"^\d{1,9}$", error="a whole number of 0 or more "
                                                                          "(at most 999999999)")),
    },
    strict=True,
)


#: Indicator 1 headcount of the whole workforce, for sources that give no bands ("990 BME of 7,422 staff").
OVERALL_ONLY = "Overall"


def allowed_breakdowns(indicator: int, measure: str) -> list[str]:
    """Breakdown values the contract allows for one indicator and measure
    (an empty indicator 1 headcount breakdown is read as :data:`OVERALL_ONLY`)."""
    if indicator == 1 and measure == "headcount":
        return [f"{cluster}|{band}" for cluster, bands in CLUSTERS.items() for band in bands] + [OVERALL_ONLY]
    if indicator == 9:
        return BOARD_BREAKDOWNS
    return [""]


def read_counts(path: str | Path, *, strict_ethnicity: bool = False) -> pd.DataFrame:
    """Read and validate a counts CSV.

    Returns the rows with ``year``, ``indicator`` and ``count`` as integers,
    the classification columns of :func:`~wreslib.classify.ethnicity.classify_ethnicity`
    and the source line in ``source_line``. Raises :class:`InputError` naming the
    file, line, column and what was expected for anything the contract does
    not allow (see :func:`check_counts`).
    """
    frame = reading.read_csv(path, required=COLUMNS)
    reading.validate(frame, _SCHEMA, path)
    frame = frame.astype({"year": int, "indicator": int, "count": "int64"})
    overall_only = (frame["indicator"] == 1) & (frame["measure"] == "headcount") & (frame["breakdown"] == "")
    frame.loc[overall_only, "breakdown"] = OVERALL_ONLY
    problems = _row_problems(frame, str(path))
    if problems:
        raise InputError(problems)
    # A count stands for a group: an unrecognised label is an error, never a silent Unknown.
    problems = unrecognised(frame["ethnicity"], frame[reading.LINE], str(path), "ethnicity")
    if problems:
        raise InputError(problems)
    groups = classify_ethnicity(frame["ethnicity"])
    frame = pd.concat([frame, groups.drop(columns="ethnicity")], axis=1)
    check_counts(frame, str(path))
    return frame


def _row_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for row in frame.itertuples(index=False):
        line = getattr(row, reading.LINE)
        allowed = MEASURES[row.indicator]
        if row.measure not in allowed:
            problems.append(Problem(file, f"a measure of indicator {row.indicator}, one of {', '.join(allowed)}",
                                    line, "measure", row.measure))
            continue
        breakdowns = allowed_breakdowns(row.indicator, row.measure)
        if row.breakdown not in breakdowns:
            expected = ("an empty breakdown" if breakdowns == [""] else
                        "'Cluster|Band' with cluster Non-clinical, Clinical or Medical and Dental and a band "
                        "such as 'Band 8a' or (medical) 'Consultant', or 'Overall' for the whole workforce"
                        if row.indicator == 1 else
                        f"one of {', '.join(breakdowns)}")
            problems.append(Problem(file, expected, line, "breakdown", row.breakdown))
    duplicated = frame[frame.duplicated(KEY, keep="first")]
    for row in duplicated.itertuples(index=False):
        problems.append(Problem(file, "one row per year, indicator, measure, breakdown and ethnicity, "
                                      "but this repeats an earlier row", getattr(row, reading.LINE), "ethnicity",
                                row.ethnicity))
    problems += _mixed_overall(frame, file)
    return sorted(problems, key=lambda p: p.line or 0)


def _mixed_overall(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A year's indicator 1 headcount is by band or overall, never both (the two would be counted twice)."""
    head = frame[(frame["indicator"] == 1) & (frame["measure"] == "headcount")]
    problems = []
    for year, rows in head.groupby("year", sort=True):
        overall = rows["breakdown"] == OVERALL_ONLY
        if overall.any() and not overall.all():
            first = rows[overall].iloc[0]
            problems.append(Problem(file, f"indicator 1 headcount for {year} either by 'Cluster|Band' or 'Overall', "
                                          "not both (the overall row would count the bands' staff twice)",
                                    int(first[reading.LINE]), "breakdown", first["breakdown"]))
    return problems


def wres_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """Sum counts within WRES group.

    Returns one row per ``year, indicator, measure, breakdown`` with integer
    columns ``White``, ``BME``, ``Unknown`` and ``Total`` (all three).
    """
    wide = (counts.groupby(["year", "indicator", "measure", "breakdown", "wres"], observed=True)["count"].sum()
            .unstack("wres").reindex(columns=[WHITE, BME, UNKNOWN]).fillna(0).astype("int64"))
    wide.columns.name = None
    wide["Total"] = wide[[WHITE, BME, UNKNOWN]].sum(axis=1)
    return wide.reset_index()


def check_counts(counts: pd.DataFrame, file: str) -> None:
    """Cross-row rules: no more appointed than shortlisted, no more staff
    entering disciplinary or accessing training than the headcount, and board
    members only in years with an indicator 1 workforce headcount. Raises
    :class:`InputError` naming the line of the offending count."""
    totals = wres_totals(counts)
    problems = []
    for indicator, (event, base) in EVENTS.items():
        for year in sorted(totals.loc[totals["indicator"] == indicator, "year"].unique()):
            events = _group_counts(totals, year, indicator, event)
            bases = _group_counts(totals, year, indicator, base)
            if base == "headcount" and bases is None:
                bases = _group_counts(totals, year, 1, "headcount")
            if events is None:
                continue
            for group in (WHITE, BME, UNKNOWN):
                available = 0 if bases is None else bases[group]
                if events[group] > available:
                    line = _first_line(counts, year, indicator, event, group)
                    problems.append(Problem(file, f"{event} of {group} staff in {year} ({events[group]}) to be at "
                                                  f"most their {base} ({available})", line, "count",
                                            str(events[group])))
    workforce_years = set(totals.loc[(totals["indicator"] == 1) & (totals["measure"] == "headcount"), "year"])
    board = counts[(counts["indicator"] == 9) & ~counts["year"].isin(workforce_years)]
    if not board.empty:
        row = board.iloc[0]
        problems.append(Problem(file, f"indicator 1 headcount rows for {row['year']}, which indicator 9 compares "
                                      "the board with", int(row[reading.LINE]), "year", str(row["year"])))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))


def _group_counts(totals: pd.DataFrame, year: int, indicator: int, measure: str) -> pd.Series | None:
    """White/BME/Unknown/Total summed over breakdowns, or None if there are no rows."""
    rows = totals[(totals["year"] == year) & (totals["indicator"] == indicator) & (totals["measure"] == measure)]
    if rows.empty:
        return None
    return rows[[WHITE, BME, UNKNOWN, "Total"]].sum()


def _first_line(counts: pd.DataFrame, year: int, indicator: int, measure: str, group: str) -> int | None:
    rows = counts[(counts["year"] == year) & (counts["indicator"] == indicator) & (counts["measure"] == measure)
                  & (counts["wres"] == group)]
    return int(rows[reading.LINE].iloc[0]) if len(rows) and reading.LINE in rows else None


def write_counts(counts: pd.DataFrame, path_or_buffer) -> None:
    """Write ``counts`` in the contract's column order, sorted by key."""
    out = counts[COLUMNS].sort_values(KEY, kind="stable")
    out.to_csv(path_or_buffer, index=False, lineterminator="\n")
