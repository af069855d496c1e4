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

**Other standards in the same file.** An optional ``standard`` column says
which standard a row counts for (:mod:`wreslib.standards`: ``wres``, the
default when the column is absent or empty, or ``wdes``). Each standard's rows
give their group in the column its characteristic names
(:attr:`~wreslib.standards.base.Characteristic.label`: ``ethnicity`` for the
WRES, ``disability`` for the WDES) and use its own numbers and measures,
derived from its declaration (:func:`measures`): the WDES has metric 1
(headcount, bank_headcount), 2 (shortlisted, appointed), 3 (headcount,
entered_capability) and 10 (board_members), with the same breakdowns as WRES
indicators 1, 2, 3 and 9. So the file stays one tidy table, one row per count.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import reading
from ..errors import InputError, Problem
from .. import standards
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, Standard
from ..standards.wres import WRES

#: The columns of a WRES counts file (and of every file without a ``standard`` column).
COLUMNS = ["year", "indicator", "measure", "breakdown", "ethnicity", "count"]
#: The optional column naming each row's standard (empty: the WRES).
STANDARD = "standard"
AFC_BANDS = ["Under Band 1"] + [f"Band {n}" for n in range(1, 8)] + [f"Band 8{x}" for x in "abcd"] + ["Band 9", "VSM"]
MEDICAL_GRADES = ["Consultant", "Non-consultant career grade", "Trainee grade", "Other"]

#: Indicator 1 clusters and the bands each may hold, in report order.
CLUSTERS = {"Non-clinical": AFC_BANDS, "Clinical": AFC_BANDS, "Medical and Dental": MEDICAL_GRADES}
BOARD_BREAKDOWNS = ["All", "Voting", "Executive"]


def measures(standard: Standard = WRES) -> dict:
    """The measures each of a standard's counted indicators allows, from its declaration.

    Composition: headcount and bank_headcount; likelihoods: the measure it is
    a share of, then the measure counted; board: board_members. Survey
    indicators are not in the counts contract.

    >>> measures()
    {1: ('headcount', 'bank_headcount'), 2: ('shortlisted', 'appointed'), 3: ('headcount', 'entered_disciplinary'), \
4: ('headcount', 'accessed_training'), 9: ('board_members',)}
    """
    kinds = {COMPOSITION: lambda d: ("headcount", "bank_headcount"), LIKELIHOOD: lambda d: d.measures[::-1],
             BOARD: lambda d: ("board_members",)}
    return {n: kinds[d.kind](d) for n, d in standard.indicators.items() if d.kind in kinds}


def composition_indicator(standard: Standard = WRES):
    """The number of a standard's workforce composition indicator (WRES 1, WDES "1")."""
    return standard.of_kind(COMPOSITION)[0]


#: Allowed measures per WRES indicator.
MEASURES = measures(WRES)
KEY = ["year", "indicator", "measure", "breakdown", "ethnicity"]


def _schema(label_columns: list[str], with_standard: bool) -> pa.DataFrameSchema:
    """The file-level checks; a file without a ``standard`` column is checked as the WRES contract always was."""
    indicator = (pa.Check.isin([str(i) for i in MEASURES], error="an indicator number, one of 1, 2, 3, 4, 9")
                 if not with_standard else
                 pa.Check.isin(sorted({str(n) for code in standards.REGISTRY for n in
                                       measures(standards.get(code))}), error="an indicator number of its standard"))
    columns = {
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$", error="a four-digit reporting year such as 2024")),
        "indicator": pa.Column(str, indicator),
        "measure": pa.Column(str),
        "breakdown": pa.Column(str),
        **{label: pa.Column(str) for label in label_columns},
        # At most 9 digits: no trust has a billion staff, and int64 must hold the sums.
        "count": pa.Column(str, pa.Check.str_matches(r"^\d{1,9}$", error="a whole number of 0 or more "
                                                                          "(at most 999999999)")),
    }
    if with_standard:
        codes = [code for code in standards.REGISTRY if measures(standards.get(code))]
        columns[STANDARD] = pa.Column(str, pa.Check.isin(codes + [""], error=f"a standard, one of {', '.join(codes)} "
                                                                             "(empty for wres)"))
    return pa.DataFrameSchema(columns, strict=True)


#: Indicator 1 headcount of the whole workforce, for sources that give no bands ("990 BME of 7,422 staff").
OVERALL_ONLY = "Overall"


def allowed_breakdowns(indicator: int | str, measure: str, standard: Standard = WRES) -> list[str]:
    """Breakdown values the contract allows for one indicator and measure
    (an empty composition headcount breakdown is read as :data:`OVERALL_ONLY`)."""
    kind = standard.indicators[indicator].kind
    if kind == COMPOSITION and measure == "headcount":
        return [f"{cluster}|{band}" for cluster, bands in CLUSTERS.items() for band in bands] + [OVERALL_ONLY]
    if kind == BOARD:
        return BOARD_BREAKDOWNS
    return [""]


def read_counts(path: str | Path, *, strict_ethnicity: bool = False) -> pd.DataFrame:
    """Read and validate a counts CSV.

    Returns the rows with ``year`` and ``count`` as integers, ``indicator``
    as its standard numbers it (integers for the WRES), ``standard`` (the
    code), ``group`` (the row's group: White, BME, Unknown; Disabled,
    Non-disabled, Unknown), the classification columns of the standard's
    classifier (for the WRES those of
    :func:`~wreslib.classify.ethnicity.classify_ethnicity`) and the source
    line in ``source_line``. Raises :class:`InputError` naming the file, line,
    column and what was expected for anything the contract does not allow
    (see :func:`check_counts`).
    """
    labels = [s.characteristic.label for s in standards.REGISTRY.values()]
    frame = reading.read_csv(path, known=[*COLUMNS, STANDARD, *labels])
    found = [c for c in frame.columns if c != reading.LINE]
    with_standard = STANDARD in frame.columns
    frame[STANDARD] = frame[STANDARD].replace("", WRES.code) if with_standard else WRES.code
    # Each standard's rows need its label column; the WRES's is `ethnicity`, so old files read as they always did.
    needed = [standards.get(code).characteristic.label for code in pd.unique(frame[STANDARD])
              if code in standards.REGISTRY]
    reading.require_columns(frame, [*COLUMNS[:4], *dict.fromkeys(needed), "count"], path, found=found)
    present = [label for label in labels if label in frame.columns]
    checked = frame if with_standard else frame.drop(columns=STANDARD)
    reading.validate(checked, _schema(present, with_standard), path)
    frame = frame.astype({"year": int, "count": "int64"})
    numbers = {code: {str(n): n for n in standards.get(code).indicators} for code in pd.unique(frame[STANDARD])
               if code in standards.REGISTRY}
    # Each standard keys its indicators its own way ("1" -> 1 for the WRES); an unknown one stays text.
    frame["indicator"] = [numbers.get(code, {}).get(i, i) for code, i in zip(frame[STANDARD], frame["indicator"])]
    if (frame[STANDARD] == WRES.code).all():
        frame["indicator"] = frame["indicator"].astype(int)
    first = [composition_indicator(standards.get(c)) == i for c, i in zip(frame[STANDARD], frame["indicator"])]
    overall_only = (frame["measure"] == "headcount") & (frame["breakdown"] == "") & pd.Series(first, index=frame.index)
    frame.loc[overall_only, "breakdown"] = OVERALL_ONLY
    problems = _row_problems(frame, str(path))
    if problems:
        raise InputError(problems)
    frame = classify_counts(frame, path=str(path))
    check_counts(frame, str(path))
    return frame


def classify_counts(frame: pd.DataFrame, *, path: str | None = None) -> pd.DataFrame:
    """Add ``group`` and each standard's classification columns to counts (``standard`` defaults to the WRES).

    With ``path`` (a file's rows, with ``source_line``), an unrecognised label
    is an error naming its line: a count stands for a group, never a silent
    Unknown.
    """
    if STANDARD not in frame.columns:
        frame = frame.assign(**{STANDARD: WRES.code})
    parts = []
    for code, rows in frame.groupby(STANDARD, sort=False):
        c = standards.get(code).characteristic
        if path is not None:
            problems = c.unrecognised(rows[c.label], rows[reading.LINE], path, c.label)
            if problems:
                raise InputError(problems)
        classes = c.classify(rows[c.label]).drop(columns=c.label)
        parts.append(pd.concat([rows, classes, classes[c.column].rename("group")], axis=1))
    return pd.concat(parts).loc[frame.index] if parts else frame.assign(group=pd.Series(dtype="string"))


def _row_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for code, rows in frame.groupby(STANDARD, sort=False):
        standard = standards.get(code)
        allowed_measures, label = measures(standard), standard.characteristic.label
        for row in rows.to_dict("records"):
            line, indicator = row[reading.LINE], row["indicator"]
            if indicator not in allowed_measures:
                known = ", ".join(str(n) for n in allowed_measures)
                problems.append(Problem(file, f"an indicator number of the {standard.abbreviation}, one of {known}",
                                        line, "indicator", str(indicator)))
                continue
            allowed = allowed_measures[indicator]
            if row["measure"] not in allowed:
                problems.append(Problem(file, f"a measure of indicator {indicator}, one of {', '.join(allowed)}",
                                        line, "measure", row["measure"]))
                continue
            breakdowns = allowed_breakdowns(indicator, row["measure"], standard)
            if row["breakdown"] not in breakdowns:
                expected = ("an empty breakdown" if breakdowns == [""] else
                            "'Cluster|Band' with cluster Non-clinical, Clinical or Medical and Dental and a band "
                            "such as 'Band 8a' or (medical) 'Consultant', or 'Overall' for the whole workforce"
                            if standard.indicators[indicator].kind == COMPOSITION else
                            f"one of {', '.join(breakdowns)}")
                problems.append(Problem(file, expected, line, "breakdown", row["breakdown"]))
        key = [STANDARD, *KEY[:-1], label]
        for row in rows[rows.duplicated(key, keep="first")].to_dict("records"):
            problems.append(Problem(file, f"one row per year, indicator, measure, breakdown and {label}, "
                                          "but this repeats an earlier row", row[reading.LINE], label, row[label]))
        problems += _mixed_overall(rows, file, standard)
    return sorted(problems, key=lambda p: p.line or 0)


def _mixed_overall(frame: pd.DataFrame, file: str, standard: Standard = WRES) -> list[Problem]:
    """A year's composition headcount is by band or overall, never both (the two would be counted twice)."""
    head = frame[(frame["indicator"] == composition_indicator(standard)) & (frame["measure"] == "headcount")]
    problems = []
    for year, rows in head.groupby("year", sort=True):
        overall = rows["breakdown"] == OVERALL_ONLY
        if overall.any() and not overall.all():
            first = rows[overall].iloc[0]
            problems.append(Problem(file, f"indicator 1 headcount for {year} either by 'Cluster|Band' or 'Overall', "
                                          "not both (the overall row would count the bands' staff twice)",
                                    int(first[reading.LINE]), "breakdown", first["breakdown"]))
    return problems


def of_standard(counts: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The rows of ``counts`` that count for ``standard`` (all rows when there is no ``standard`` column)."""
    return counts if STANDARD not in counts.columns else counts[counts[STANDARD] == standard.code]


def group_totals(counts: pd.DataFrame, standard: Standard = WRES, by: list[str] = ()) -> pd.DataFrame:
    """Sum a standard's counts within its groups.

    Returns one row per ``year, indicator, measure, breakdown`` (preceded by
    the columns ``by``, such as the organisation) with integer columns for the
    characteristic's three groups (reference, focus, unknown: ``White``,
    ``BME``, ``Unknown`` for the WRES) and ``Total``.
    """
    groups = list(standard.characteristic.groups)
    rows = of_standard(counts, standard)
    column = "group" if "group" in rows.columns else standard.characteristic.column
    wide = (rows.groupby([*by, "year", "indicator", "measure", "breakdown", column], observed=True)["count"].sum()
            .unstack(column).reindex(columns=groups).fillna(0).astype("int64"))
    wide.columns.name = None
    wide["Total"] = wide[groups].sum(axis=1)
    return wide.reset_index()


def check_counts(counts: pd.DataFrame, file: str) -> None:
    """Cross-row rules, for each standard in ``counts``: no more appointed
    than shortlisted, no more staff entering disciplinary (capability) or
    accessing training than the headcount, and board members only in years
    with a workforce headcount. Raises :class:`InputError` naming the line of
    the offending count."""
    problems = []
    codes = pd.unique(counts[STANDARD]) if STANDARD in counts.columns else [WRES.code]
    for code in codes:
        problems += _standard_problems(counts, standards.get(code), file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))


def check_counts_by_organisation(counts: pd.DataFrame, file: str, by: str = "organisation") -> None:
    """:func:`check_counts` for each organisation of ``counts`` (column ``by``) at once.

    The organisations whose counts break a rule are found in one pass over all of them (group sums);
    only theirs are then checked one by one, for the problems to name. Raises :class:`InputError` with
    every problem, its ``expected`` saying which organisation.
    """
    problems = []
    for code in _organisations_breaking(counts, by):
        try:
            check_counts(counts[(counts[by] == code).to_numpy()].drop(columns=by), file)
        except InputError as err:
            problems += [replace(p, expected=f"for organisation '{code}', {p.expected}") for p in err.problems]
    if problems:
        raise InputError(problems)


def _organisations_breaking(counts: pd.DataFrame, by: str) -> list:
    """The organisations (values of ``by``) whose counts break a rule of :func:`check_counts`, sorted."""
    suspects: set = set()
    codes = pd.unique(counts[STANDARD]) if STANDARD in counts.columns else [WRES.code]
    for code in codes:
        standard = standards.get(code)
        rows = of_standard(counts, standard)
        groups = list(standard.characteristic.groups)
        column = "group" if "group" in rows.columns else standard.characteristic.column
        totals = (rows.groupby([by, "year", "indicator", "measure", column], observed=True)["count"].sum()
                  .unstack(column).reindex(columns=groups).fillna(0))
        indicators = totals.index.get_level_values("indicator")
        measures_ = totals.index.get_level_values("measure")

        def part(indicator, measure):
            chosen = totals[(indicators == indicator) & (measures_ == measure)]
            return chosen.droplevel(["indicator", "measure"])

        first = composition_indicator(standard)
        for indicator in standard.of_kind(LIKELIHOOD):
            event, base = standard.indicators[indicator].measures
            events = part(indicator, event)
            if events.empty:
                continue
            bases = part(indicator, base).reindex(events.index)
            if base == "headcount":
                absent = bases.isna().all(axis=1).to_numpy()
                bases[absent] = part(first, "headcount").reindex(events.index)[absent]
            over = (events > bases.fillna(0)).any(axis=1).to_numpy()
            suspects |= set(events.index[over].get_level_values(by))
        heads = set(part(first, "headcount").index)
        for board in standard.of_kind(BOARD):
            suspects |= {key[0] for key in part(board, "board_members").index if key not in heads}
    return sorted(suspects)


def _standard_problems(counts: pd.DataFrame, standard: Standard, file: str) -> list[Problem]:
    counts = of_standard(counts, standard)
    totals = group_totals(counts, standard)
    first = composition_indicator(standard)
    problems = []
    for indicator in standard.of_kind(LIKELIHOOD):
        event, base = standard.indicators[indicator].measures
        for year in sorted(totals.loc[totals["indicator"] == indicator, "year"].unique()):
            events = _group_counts(totals, year, indicator, event, standard)
            bases = _group_counts(totals, year, indicator, base, standard)
            if base == "headcount" and bases is None:
                bases = _group_counts(totals, year, first, "headcount", standard)
            if events is None:
                continue
            for group in standard.characteristic.groups:
                available = 0 if bases is None else bases[group]
                if events[group] > available:
                    line = _first_line(counts, year, indicator, event, group)
                    problems.append(Problem(file, f"{event} of {group} staff in {year} ({events[group]}) to be at "
                                                  f"most their {base} ({available})", line, "count",
                                            str(events[group])))
    workforce_years = set(totals.loc[(totals["indicator"] == first) & (totals["measure"] == "headcount"), "year"])
    for board in standard.of_kind(BOARD):
        rows = counts[(counts["indicator"] == board) & ~counts["year"].isin(workforce_years)]
        if not rows.empty:
            row = rows.iloc[0]
            problems.append(Problem(file, f"{standard.indicators[first].term.lower()} {first} headcount rows for "
                                          f"{row['year']}, which {standard.indicators[board].term.lower()} {board} "
                                          "compares the board with", int(row[reading.LINE]), "year", str(row["year"])))
    return problems


def _group_counts(totals: pd.DataFrame, year: int, indicator, measure: str, standard: Standard = WRES
                  ) -> pd.Series | None:
    """The groups' counts and Total summed over breakdowns, or None if there are no rows."""
    rows = totals[(totals["year"] == year) & (totals["indicator"] == indicator) & (totals["measure"] == measure)]
    if rows.empty:
        return None
    return rows[[*standard.characteristic.groups, "Total"]].sum()


def _first_line(counts: pd.DataFrame, year: int, indicator, measure: str, group: str) -> int | None:
    rows = counts[(counts["year"] == year) & (counts["indicator"] == indicator) & (counts["measure"] == measure)
                  & (counts["group"] == group)]
    return int(rows[reading.LINE].iloc[0]) if len(rows) and reading.LINE in rows else None


def write_counts(counts: pd.DataFrame, path_or_buffer) -> None:
    """Write ``counts`` in the contract's column order, sorted by key: the WRES columns
    (:data:`COLUMNS`) when every row is the WRES's, else with ``standard`` and each standard's label column."""
    if STANDARD not in counts.columns or (counts[STANDARD] == WRES.code).all():
        out = counts[COLUMNS].sort_values(KEY, kind="stable")
    else:
        labels = [s.characteristic.label for s in standards.REGISTRY.values() if s.code in set(counts[STANDARD])]
        columns = ["year", STANDARD, "indicator", "measure", "breakdown", *labels, "count"]
        out = counts.reindex(columns=columns).fillna("").astype({"indicator": str})
        out = out.sort_values(["year", STANDARD, "indicator", "measure", "breakdown", *labels], kind="stable")
    out.to_csv(path_or_buffer, index=False, lineterminator="\n")
