"""Staff survey figures of every standard: WRES indicators 5-8, WDES metrics 4-9a.

Everything standard-specific (which figures are survey figures, their
groups, metric names, units, directions, wording, the survey year lag) is
read from the standard's declaration (:mod:`wreslib.standards`): the
functions below take ``standard`` (default the WRES) and the WRES is one
standard among others.

Two inputs, both optional, in one directory:

``survey.csv`` (published figures, one row per figure)
    ``survey_year,indicator,group,occupation,responses,percent,benchmark_percent``
    and an optional ``note``. ``group`` is any ethnicity label
    :func:`wreslib.classify.ethnicity.classify_ethnicity` accepts ("White", "All other
    ethnic groups", "BME", "Black Caribbean", "Any other White background"
    ...); ``occupation`` empty for all staff or a professional group;
    ``responses`` the number of responses behind the percentage (optional);
    ``benchmark_percent`` the benchmark group's average (optional).

    **Other standards in the same file.** An optional ``standard`` column
    says which standard a row is for (``wres``, the default when the column
    is absent or empty, or ``wdes``), as in ``counts.csv``
    (:mod:`wreslib.inputs.counts`). ``indicator`` holds the standard's own
    key of a survey figure (WDES ``4a-i``, ``4a-ii``, ``4a-iii``, ``4b``,
    ``5``, ``6``, ``7``, ``8``, ``9a``) and ``group`` a label its
    characteristic's classifier accepts (WDES: Disabled, Non-disabled, Yes,
    No ...). For every standard, ``All staff`` (also ``All``, ``Overall``)
    gives the figure of all staff. A score (WDES ``9a``, the staff
    engagement score) is 0-10 in ``percent`` and ``benchmark_percent``, not
    a percentage: it gets no interval (the interval of a mean score needs
    its standard deviation, which published tables do not give) and is left
    out of the fractions check. A figure asked of the focus group only (WDES
    ``8``, Disabled staff) has rows for that group only.

``survey_responses.csv`` (respondent-level, one row per respondent)
    ``survey_year,respondent_id,ethnicity,occupation`` and the raw answer text
    of the questions behind indicators 5-8 in that year (:data:`QUESTIONS`;
    other columns are ignored). An empty answer = not answered.

    **The WDES from respondents.** An optional ``disability`` column (the
    respondent's own answer as the survey records it: Yes, No, Prefer not to
    say ..., classified by :func:`wreslib.classify.disability.classify_disability`)
    makes the same file give WDES metrics 4a-i to 8, from the questions of
    :data:`WDES_QUESTIONS` (its own table per survey year, each entry verified
    or labelled unverified). Without the column no WDES figure comes from
    respondents, and the WRES reads the file exactly as before (the WRES never
    reads ``disability`` or the WDES questions). An empty or undeclared answer
    is Unknown; an unrecognised one is Unknown with a warning, as in the
    record-level extracts, or an error naming file, line and column with
    ``strict_ethnicity`` (which, as for the extracts, covers both labels).
    Unknown respondents are in the all-staff figure (``percent``) only.
    Metric 9a (the staff engagement score) is not computed from respondents:
    it is a composite of several questions scored 0-10, whose exact scoring
    the pack cannot cite, so it comes from published tables only.

Years: a reporting year Y uses the staff survey run in autumn Y - lag
(:attr:`~wreslib.standards.base.Standard.survey_year_lag`, 1 for the WRES
and the WDES), so every result carries ``year`` (reporting year = survey
year + lag) and ``survey_year``.

How figures are made (see :func:`survey_results`):

- Percentages are 0-100. From a published row with ``responses`` n, the
  number answering positively is taken as k = round(percent * n / 100); the
  value is then 100 k / n (which shows as the published percentage at its
  printed precision; if it does not, the published percentage is kept, the
  interval still uses k and ``note`` says so). Without ``responses`` the
  published percentage is used as it is, with no interval.
- From respondents: k = respondents whose answer is positive, n =
  respondents who answered. Indicator 6 is one measure per respondent:
  positive if harassment from managers OR from colleagues was reported at
  least once; answered if either question was answered (**unverified**
  method detail, see ``wres-method.md``). Respondents of unknown ethnicity
  are in no White/BME figure but are in the occupation (all staff) and
  ethnic-category breakdowns. WDES (breakdown ``All`` only): Disabled,
  Non-disabled and all staff (Unknown included); metric 8 of Disabled
  respondents only, an answer of "No adjustment required" not counted.
- 95% intervals: Wilson for percentages, Newcombe (hybrid score) for the BME
  minus White difference (WDES: Disabled minus Non-disabled);
  ``significant`` is True when that interval excludes 0.
- ``change``: value minus the same figure of the previous survey year.
- Benchmark gap: organisation minus benchmark average in percentage points;
  the interval is the organisation's Wilson interval minus the benchmark
  (the benchmark is treated as fixed).
- Not suppressed here: every figure is computed in full, and
  :func:`wreslib.disclosure.engine.suppress_results` (the one engine for every
  published figure) decides what may be shown.

Results (the results contract of :mod:`wreslib.compute.indicators` plus
``survey_year``, ``significant`` and ``source``):

=====================================  ==========================================================
breakdown                              metrics
=====================================  ==========================================================
``All``                                ``white_percent``, ``bme_percent``, ``difference_pp``,
                                       ``benchmark_white_percent``, ``benchmark_bme_percent``,
                                       ``white_benchmark_gap_pp``, ``bme_benchmark_gap_pp``
``Occupation|<name>``                  ``percent`` (all respondents in it), ``white_percent``,
                                       ``bme_percent``, ``difference_pp`` (occupation x WRES group)
``Ethnic category|<detailed>``         ``percent`` (NHS ethnic category, "Caribbean", "Indian" ...)
``Broad group|<broad>``                ``percent`` (White, Mixed, Asian or Asian British ...)
=====================================  ==========================================================

Published rows for a finer group give ``percent`` under the same breakdown
names (``Occupation|<name>|Ethnic category|<detailed>`` when both are
given), with ``benchmark_percent`` and ``benchmark_gap_pp`` where a
benchmark is given; so do published ``All staff`` rows.

Metric names come from the characteristic and the figure's unit
(:meth:`~wreslib.standards.base.Indicator.metric`,
:meth:`~wreslib.standards.base.Indicator.gap_metric`): for the WDES
``disabled_percent``, ``non_disabled_percent``, ``difference_pp`` (Disabled
% minus Non-disabled %, percentage points), ``percent`` (all staff),
``benchmark_disabled_percent`` ..., ``disabled_benchmark_gap_pp`` ...; for
metric 9a ``disabled_score``, ``non_disabled_score``, ``score`` (all staff),
0-10, with ``benchmark_..._score`` and ``..._benchmark_gap`` (score points)
and no difference (a score has no distance from equity in the
declaration). Metric 8 (Disabled staff only) has no difference either.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import standards
from ..inputs import reading
from ..errors import InputError, Problem
from ..standards.base import SCORE, SURVEY, Standard
from ..standards.wdes import WDES
from ..standards.wres import WRES
from ..inputs.extracts import BOOL_EXPECTED, parse_bool
from ..classify import labels
from ..classify.ethnicity import BME, CATEGORIES, UNKNOWN, WHITE, classify_ethnicity, unrecognised
from .indicators import RESULT_COLUMNS
from .stats import newcombe_difference, wilson_interval

log = logging.getLogger(__name__)

SURVEY_FILE = "survey.csv"
RESPONSES_FILE = "survey_responses.csv"

#: Columns of the results this module writes: the results contract plus these.
SURVEY_RESULT_COLUMNS = RESULT_COLUMNS + ["survey_year", "significant", "source"]

SURVEY_COLUMNS = ["survey_year", "indicator", "group", "occupation", "responses", "percent", "benchmark_percent"]
SURVEY_OPTIONAL = ["occupation", "responses", "benchmark_percent", "note", "weighted", "standard"]
#: The optional column naming each row's standard (empty or absent: the WRES), as in counts.csv.
STANDARD = "standard"
#: Group labels of a published figure for all staff, for every standard (compared as the classifiers do).
ALL_STAFF = ("All staff", "All", "Overall")
_ALL_STAFF_KEYS = {labels.norm(label) for label in ALL_STAFF}
RESPONSE_COLUMNS = ["survey_year", "respondent_id", "ethnicity", "occupation"]

INDICATORS = (5, 6, 7, 8)
ALL = "All"
OCCUPATION_NOT_GIVEN = "Not given"

FREQUENCY = ("Never", "1-2", "3-5", "6-10", "More than 10")
YES_NO_DONT_KNOW = ("Yes", "No", "Don't know")
YES_NO = ("Yes", "No")


@dataclass(frozen=True)
class Question:
    """The survey question(s) behind one indicator (or WDES metric) in one range of survey years.

    ``answers`` are every answer a respondent may give (a file's answer outside them is an error),
    ``positive`` those counted as positive; every answer counts in the denominator but those of
    ``not_counted`` (an answer meaning the question does not apply, such as "No adjustment required"),
    which are read and left out like an empty answer.
    """

    survey_years: tuple[int, ...]
    indicator: int | str
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    positive: tuple[str, ...]
    verified: bool
    source: str
    not_counted: tuple[str, ...] = ()


_SOURCE_2021 = ("wres-method.md: 2024 numbering from question_lookup.csv (leeslatergv/SS_2024); "
                "2023 numbering confirmed by the seed report's appendix (Q14a, Q14b & 14c, q15, q16b)")
_SOURCE_2019 = "wres-method.md, from memory of the guidance: UNVERIFIED"

#: The question-to-indicator mapping per survey year, with the answers that
#: count as positive. Every listed answer counts in the denominator
#: ("Don't know" included for indicator 7); an empty answer does not.
QUESTIONS: tuple[Question, ...] = (
    Question((2021, 2022, 2023, 2024), 5, ("Q14a",), FREQUENCY, FREQUENCY[1:], True, _SOURCE_2021),
    Question((2021, 2022, 2023, 2024), 6, ("Q14b", "Q14c"), FREQUENCY, FREQUENCY[1:], True, _SOURCE_2021),
    Question((2021, 2022, 2023, 2024), 7, ("Q15",), YES_NO_DONT_KNOW, ("Yes",), True, _SOURCE_2021),
    Question((2021, 2022, 2023, 2024), 8, ("Q16b",), YES_NO, ("Yes",), True, _SOURCE_2021),
    Question((2019, 2020), 5, ("Q13a",), FREQUENCY, FREQUENCY[1:], False, _SOURCE_2019),
    Question((2019, 2020), 6, ("Q13b", "Q13c"), FREQUENCY, FREQUENCY[1:], False, _SOURCE_2019),
    Question((2019, 2020), 7, ("Q14",), YES_NO_DONT_KNOW, ("Yes",), False, _SOURCE_2019),
    Question((2019, 2020), 8, ("Q15b",), YES_NO, ("Yes",), False, _SOURCE_2019),
)

SURVEY_YEARS = tuple(sorted({y for q in QUESTIONS for y in q.survey_years}))

#: Answers of the WDES questions that the WRES does not ask (the NSS questionnaire's wording, from memory
#: where its entry below is unverified).
REPORTED = ("Yes, I reported it", "Yes, a colleague reported it", "No", "Don't know")
SATISFACTION = ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied")
ADJUSTMENTS = ("Yes", "No", "No adjustment required")

UNVERIFIED = "from memory: UNVERIFIED"
_WDES_SOURCE_2024 = (
    "2024 question number, wording and answer scale from question_lookup.csv (github leeslatergv/SS_2024, the "
    "source of the WRES's 2024 numbering), matched to the metric's wording in NHS England's WDES metric "
    "descriptors (ncic.nhs.uk WDES report 2025; england.nhs.uk South East 'Advancing disability equality')")
_WDES_SOURCE_2023 = ("2023 number confirmed by the seed report's appendix (Q14a for WRES indicator 5, q15 for "
                     "indicator 7: the same questions); wording and answers as in 2024 (question_lookup.csv, "
                     "github leeslatergv/SS_2024)")
_WDES_SOURCE_Q4B = (_WDES_SOURCE_2024 + "; Satisfied or Very satisfied as the positive answers of q4b as in the "
                    "NHS Staff Survey benchmark data's positive score (github NHS-Ryan/STAFF_SURVEY, "
                    "maps/question_scores_map.csv)")

#: The WDES staff survey metrics (4a-i to 8) per survey year: the question, its answers and those that
#: count as positive, as :data:`QUESTIONS` does for the WRES. An entry is verified only where a cited
#: source confirms the question's number and answers for those survey years; every other entry is
#: labelled ``from memory: UNVERIFIED`` (and so is every figure made from it). Unverified in particular:
#: every 2019-2022 number; 4b's answers (whether "Don't know" counts in the denominator; here it does, as
#: for the WRES's Q15); 8's question number (Q31b, from a trust's 2023-or-later benchmark map whose year
#: is not stated) and "No adjustment required" left out of its denominator. Metric 6 counts those who
#: answered Q11e, which the survey asks only of staff who came to work despite not feeling well
#: enough (q11d Yes). Metric 8 counts Disabled respondents only (the question is asked of staff with a
#: long-term condition). Metric 9a (the engagement score) is not here: see the module docstring.
WDES_QUESTIONS: tuple[Question, ...] = (
    Question((2023, 2024), "4a-i", ("Q14a",), FREQUENCY, FREQUENCY[1:], True, _WDES_SOURCE_2024 + "; "
             + _WDES_SOURCE_2023),
    Question((2024,), "4a-ii", ("Q14b",), FREQUENCY, FREQUENCY[1:], True, _WDES_SOURCE_2024),
    Question((2024,), "4a-iii", ("Q14c",), FREQUENCY, FREQUENCY[1:], True, _WDES_SOURCE_2024),
    Question((2021, 2022, 2023, 2024), "4b", ("Q14d",), REPORTED, REPORTED[:2], False, UNVERIFIED),
    Question((2023, 2024), "5", ("Q15",), YES_NO_DONT_KNOW, ("Yes",), True, _WDES_SOURCE_2024 + "; "
             + _WDES_SOURCE_2023),
    Question((2024,), "6", ("Q11e",), YES_NO, ("Yes",), True, _WDES_SOURCE_2024),
    Question((2024,), "7", ("Q4b",), SATISFACTION, SATISFACTION[3:], True, _WDES_SOURCE_Q4B),
    Question((2021, 2022, 2023, 2024), "8", ("Q31b",), ADJUSTMENTS, ("Yes",), False, UNVERIFIED,
             not_counted=("No adjustment required",)),
    # The same numbers in the years no cited source confirms.
    Question((2021, 2022), "4a-i", ("Q14a",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2021, 2022, 2023), "4a-ii", ("Q14b",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2021, 2022, 2023), "4a-iii", ("Q14c",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2021, 2022), "5", ("Q15",), YES_NO_DONT_KNOW, ("Yes",), False, UNVERIFIED),
    Question((2021, 2022, 2023), "6", ("Q11e",), YES_NO, ("Yes",), False, UNVERIFIED),
    Question((2021, 2022, 2023), "7", ("Q4b",), SATISFACTION, SATISFACTION[3:], False, UNVERIFIED),
    # 2019-2020: the numbering before the 2021 questionnaire, all from memory.
    Question((2019, 2020), "4a-i", ("Q13a",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2019, 2020), "4a-ii", ("Q13b",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2019, 2020), "4a-iii", ("Q13c",), FREQUENCY, FREQUENCY[1:], False, UNVERIFIED),
    Question((2019, 2020), "4b", ("Q13d",), REPORTED, REPORTED[:2], False, UNVERIFIED),
    Question((2019, 2020), "5", ("Q14",), YES_NO_DONT_KNOW, ("Yes",), False, UNVERIFIED),
    Question((2019, 2020), "6", ("Q11e",), YES_NO, ("Yes",), False, UNVERIFIED),
    Question((2019, 2020), "7", ("Q5f",), SATISFACTION, SATISFACTION[3:], False, UNVERIFIED),
    Question((2019, 2020), "8", ("Q28b",), ADJUSTMENTS, ("Yes",), False, UNVERIFIED,
             not_counted=("No adjustment required",)),
)

#: Each standard's question table, by code; a standard without one has no figures from respondents.
QUESTION_TABLES: dict[str, tuple[Question, ...]] = {WRES.code: QUESTIONS, WDES.code: WDES_QUESTIONS}


def question_table(standard: Standard = WRES) -> tuple[Question, ...]:
    """A standard's question table (:data:`QUESTIONS`, :data:`WDES_QUESTIONS`); empty for a standard without one."""
    return QUESTION_TABLES.get(standard.code, ())


def survey_years(standard: Standard = WRES) -> tuple[int, ...]:
    """The survey years a standard's question table maps (:data:`SURVEY_YEARS` for the WRES)."""
    return tuple(sorted({y for q in question_table(standard) for y in q.survey_years}))


def question_map(standard: Standard = WRES) -> pd.DataFrame:
    """The mapping as a table: one row per survey year and indicator (or metric), with the standard's
    reporting year (``wres_year``, ``wdes_year``: survey year + its lag).

    >>> m = question_map()
    >>> m[(m.survey_year == 2023) & (m.indicator == 6)][["questions", "positive", "verified"]].to_dict("records")
    [{'questions': 'Q14b|Q14c', 'positive': '1-2|3-5|6-10|More than 10', 'verified': True}]
    >>> w = question_map(standards.get("wdes"))
    >>> w[(w.survey_year == 2024) & (w.indicator == "7")][["questions", "positive", "verified"]].to_dict("records")
    [{'questions': 'Q4b', 'positive': 'Satisfied|Very satisfied', 'verified': True}]
    """
    order = {n: i for i, n in enumerate(standard.indicators)}
    rows = [{"survey_year": y, f"{standard.code}_year": y + standard.survey_year_lag, "indicator": q.indicator,
             "questions": "|".join(q.questions), "answers": "|".join(q.answers), "positive": "|".join(q.positive),
             "not_counted": "|".join(q.not_counted), "verified": q.verified, "source": q.source}
            for q in question_table(standard) for y in q.survey_years]
    frame = pd.DataFrame(rows)
    frame = frame.assign(_i=frame["indicator"].map(order)).sort_values(["survey_year", "_i"])
    return frame.drop(columns="_i").reset_index(drop=True)


def questions_for(survey_year: int, standard: Standard = WRES) -> dict[int | str, Question]:
    """Indicator (or metric) -> :class:`Question` for one survey year (empty if unmapped)."""
    return {q.indicator: q for q in question_table(standard) if survey_year in q.survey_years}


# ---------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d+(\.\d+)?%?$")


def _percent_ok(value: str, *, optional: bool) -> bool:
    if value == "":
        return optional
    if not _NUMBER.match(value):
        return False
    return 0.0 <= float(value.rstrip("%")) <= 100.0


def _to_percent(value: str) -> float:
    return float(value.rstrip("%")) if value else math.nan


_YEAR_CHECK = pa.Check.str_matches(r"^(19|20)\d\d$", error="a four-digit survey year such as 2023")

def survey_indicators(standard: Standard = WRES) -> dict[str, int | str]:
    """A standard's survey figures (percentages and scores), by their key as ``survey.csv`` writes it.

    >>> list(survey_indicators())
    ['5', '6', '7', '8']
    >>> list(survey_indicators(standards.get("wdes")))
    ['4a-i', '4a-ii', '4a-iii', '4b', '5', '6', '7', '8', '9a']
    """
    return {str(n): n for n, d in standard.indicators.items() if d.kind in (SURVEY, SCORE)}


def _survey_standards() -> list[Standard]:
    """The registered standards that have survey figures, in registry order."""
    return [s for s in standards.REGISTRY.values() if survey_indicators(s)]


def _survey_schema(with_standard: bool) -> pa.DataFrameSchema:
    """The file-level checks; a file without a ``standard`` column is checked as the WRES survey always was.

    With a ``standard`` column, ``indicator`` may be any standard's survey key and ``percent`` anything from
    0 to 100; whether the key is the row's standard's and a score is 0-10 is checked row by row
    (:func:`_row_problems`).
    """
    if with_standard:
        known = {s.abbreviation: survey_indicators(s) for s in _survey_standards()}
        indicator = pa.Check.isin(sorted({key for keys in known.values() for key in keys}),
                                  error="a staff survey figure of its standard: " + "; ".join(
                                      f"{abbreviation} {', '.join(keys)}" for abbreviation, keys in known.items()))
        scores = [f"{s.abbreviation} {key}" for s in _survey_standards() for key, n in survey_indicators(s).items()
                  if s.indicators[n].kind == SCORE]
        scored = f" (a score from 0 to 10 for {', '.join(scores)})" if scores else ""
    else:
        indicator = pa.Check.isin([str(i) for i in INDICATORS],
                                  error="a staff survey indicator number, one of 5, 6, 7, 8")
        scored = ""
    columns = {
        "survey_year": pa.Column(str, _YEAR_CHECK),
        "indicator": pa.Column(str, indicator),
        "group": pa.Column(str, pa.Check.str_length(min_value=1, error="an ethnicity group label such as White, "
                                                                        "BME or Black Caribbean")),
        "occupation": pa.Column(str),
        "responses": pa.Column(str, pa.Check.str_matches(r"^([1-9]\d{0,8})?$",  # 9 digits at most: an int64
                                                         error="a positive whole number of responses, or empty")),
        "percent": pa.Column(str, pa.Check(lambda s: s.map(lambda v: _percent_ok(v, optional=False)),
                                           error="a percentage from 0 to 100" + scored)),
        "benchmark_percent": pa.Column(str, pa.Check(lambda s: s.map(lambda v: _percent_ok(v, optional=True)),
                                                     error="a percentage from 0 to 100, or empty" + scored)),
        "note": pa.Column(str),
        "weighted": pa.Column(str, pa.Check(lambda s: (s == "") | parse_bool(s).notna().astype(bool),
                                            error=f"{BOOL_EXPECTED}, or empty (not weighted)")),
    }
    if with_standard:
        codes = [s.code for s in _survey_standards()]
        columns[STANDARD] = pa.Column(str, pa.Check.isin(codes + [""], error=f"a standard, one of {', '.join(codes)} "
                                                                             "(empty for wres)"))
    return pa.DataFrameSchema(columns, strict=True)


_SURVEY_SCHEMA = _survey_schema(False)

#: The note of every published score: why it has no interval.
SCORE_NOTE = ("a mean score as published: no interval (the interval of a mean score needs its standard deviation, "
              "which published tables do not give)")

#: The note of a published percentage that is weighted (``weighted`` true in ``survey.csv``).
WEIGHTED_NOTE = "weighted percentage as published: no interval or significance test"


def weighted_note(results: pd.DataFrame, year: int | None = None) -> str:
    """The sentence for the survey section when any figure (of WRES ``year``, if given) is a weighted
    percentage (:data:`WEIGHTED_NOTE`); "" when none is.

    >>> frame = pd.DataFrame({"year": [2024], "indicator": [6], "note": [WEIGHTED_NOTE]})
    >>> weighted_note(frame, 2024)[:45], weighted_note(frame, 2023)
    ('Some figures are weighted percentages, shown ', '')
    """
    rows = results[results["indicator"].isin(INDICATORS)]
    if year is not None:
        rows = rows[rows["year"] == year]
    if not rows["note"].fillna("").astype(str).str.contains(WEIGHTED_NOTE, regex=False).any():
        return ""
    return ("Some figures are weighted percentages, shown as published (their note says so): a weighted "
            "percentage is not a share of whole respondents, so it has no interval, and the gap between the "
            "groups has no significance test.")


def _fraction_problems(frame: pd.DataFrame, path) -> list[Problem]:
    """Percentages given as fractions: every non-empty value of ``percent`` (or of ``benchmark_percent``)
    in the file from 0 to 1, one of them strictly between (0.253 for 25.3%), is one problem on the
    column's first row. A real trust's figures are not all below 1%."""
    problems = []
    # Scores (0-10) are no percentages: a trust's scores are all above 1 and would hide its fractions.
    percentages = frame[[d.kind != SCORE for d in _declared(frame)]]
    for column in ("percent", "benchmark_percent"):
        given = percentages.loc[percentages[column] != "", [column, reading.LINE]]
        values = given[column].map(_to_percent)
        if len(values) and (values <= 1).all() and ((values > 0) & (values < 1)).any():
            first = given.iloc[0]
            problems.append(Problem(str(path), "percentages from 0 to 100, but every value in this column is "
                                               "between 0 and 1: these look like fractions; multiply them by "
                                               "100 (0.253 -> 25.3)", int(first[reading.LINE]), column, first[column]))
    return problems


def _declared(frame: pd.DataFrame) -> list:
    """The declaration (:class:`~wreslib.standards.base.Indicator`) of each row's figure."""
    return [standards.get(code).indicators[_number(code, key)] for code, key in
            zip(frame[STANDARD], frame["indicator"].astype(str))]


def _number(code: str, key: str) -> int | str:
    """A survey key as its standard's declaration keys it ("5" -> 5 for the WRES, "4a-i" for the WDES)."""
    return survey_indicators(standards.get(code))[key]


def _row_problems(frame: pd.DataFrame, path) -> list[Problem]:
    """Checks that depend on the row's standard: its key is one of that standard's survey figures, and a
    score (and its benchmark) is 0-10. A file without a ``standard`` column passes them all (the schema
    allows WRES indicators 5-8 and percentages only)."""
    problems = []
    for row in frame.to_dict("records"):
        standard = standards.get(row[STANDARD])
        keys = survey_indicators(standard)
        if row["indicator"] not in keys:
            term = next(iter(standard.indicators.values())).term.lower()
            problems.append(Problem(str(path), f"a staff survey {term} of the {standard.abbreviation}, one of "
                                               f"{', '.join(keys)}", row[reading.LINE], "indicator", row["indicator"]))
            continue
        figure = standard.indicators[keys[row["indicator"]]]
        for column in ("percent", "benchmark_percent"):
            if row[column] and _to_percent(row[column]) > figure.scale:
                problems.append(Problem(str(path), f"a score from 0 to {figure.scale:g}"
                                                   f"{', or empty' if column == 'benchmark_percent' else ''} "
                                                   f"({figure.title})", row[reading.LINE], column, row[column]))
    return problems


def _classify(frame: pd.DataFrame, column: str, path, strict: bool) -> pd.DataFrame:
    """Classification columns for ``frame[column]``; unrecognised values are an
    error (each label at its first line, with the closest known label) when
    ``strict``, else Unknown with a warning."""
    if strict:
        problems = unrecognised(frame[column], frame[reading.LINE], str(path), column)
        if problems:
            raise InputError(problems)
        groups = classify_ethnicity(frame[column])
    else:
        groups = classify_ethnicity(frame[column], source=str(path))
    return groups.drop(columns="ethnicity")


def read_survey(path: str | Path) -> pd.DataFrame:
    """Read and validate a published-figures file (``survey.csv``), the rows of every standard in it.

    Returns one row per figure with ``standard`` (the code; ``wres`` for an
    empty or absent column), ``survey_year``, ``indicator`` (as the
    standard's declaration keys it: int for the WRES, "4a-i" for the WDES;
    int column when every row is the WRES's), ``responses`` (nullable
    Int64), ``percent`` (a percentage 0-100, or a score 0-10),
    ``benchmark_percent`` (the same unit, NaN if empty), ``occupation``,
    ``note``, the classification columns of ``group`` by its standard's
    classifier (WRES: ``code``, ``detailed``, ``broad``, ``wres``; WDES:
    ``wdes``), ``breakdown``, ``metric`` and ``source_line``. Raises
    :class:`InputError` naming file, line and column for a bad value, a key
    that is not one of the row's standard's survey figures, a score outside
    0-10, an unrecognised group (with the closest label), a group a figure
    cannot have (a Non-disabled row of WDES metric 8), or the same figure twice.
    """
    return read_figures(path)


def read_figures(path: str | Path, *, extra: dict[str, pa.Column] | None = None, required: tuple[str, ...] = (),
                 per: tuple[str, ...] = ()) -> pd.DataFrame:
    """:func:`read_survey` of a file with columns of its own besides ``survey.csv``'s: ``extra`` (the
    pandera column of each, checked with the others: every failing cell one problem), of which
    ``required`` must be there (the others are optional, "" when absent). A figure may be repeated
    once per value of the ``per`` columns (a national file's ``organisation``). Returns what
    :func:`read_survey` does, with the extra columns as read (text)."""
    extra = extra or {}
    optional = SURVEY_OPTIONAL + [c for c in extra if c not in required]
    frame = reading.read_csv(path, required=["survey_year", "indicator", "group", "percent", *required],
                             known=optional)
    with_standard = STANDARD in frame.columns
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    schema = _survey_schema(with_standard)
    if extra:
        schema = schema.add_columns(extra)
    # A file without a standard column is checked exactly as the WRES survey always was.
    reading.validate(frame if with_standard else frame.drop(columns=STANDARD), schema, path)
    frame[STANDARD] = frame[STANDARD].replace("", WRES.code)
    problems = _row_problems(frame, path)
    problems = problems or _fraction_problems(frame, path)
    if problems:
        raise InputError(problems)
    frame = frame.assign(
        weighted=parse_bool(frame["weighted"]).fillna(False).astype(bool),
        survey_year=frame["survey_year"].astype(int),
        indicator=[_number(code, key) for code, key in zip(frame[STANDARD], frame["indicator"])],
        responses=pd.array([int(v) if v else pd.NA for v in frame["responses"]], dtype="Int64"),
        percent_places=frame["percent"].map(_decimals), percent=frame["percent"].map(_to_percent),
        benchmark_percent=frame["benchmark_percent"].map(_to_percent))
    if (frame[STANDARD] == WRES.code).all():
        frame["indicator"] = frame["indicator"].astype(int)
    parts = [_published_groups(rows, standards.get(code), path) for code, rows in frame.groupby(STANDARD, sort=False)]
    frame = pd.concat(parts).loc[frame.index]
    key = [*per, STANDARD, "survey_year", "indicator", "breakdown", "metric"]
    duplicated = frame.duplicated(key, keep=False)
    if duplicated.any():
        rows = frame[duplicated]
        first_lines = rows.groupby(key, sort=False)[reading.LINE].transform("min")
        repeats = rows[rows[reading.LINE] != first_lines].sort_values(reading.LINE)
        each = "".join(f"{column}, " for column in per)
        # Every repeat, so that `wres validate` lists them all; the CLI prints the first.
        raise InputError([Problem(str(path), f"one figure per {each}survey year, indicator, group and occupation, "
                                             f"but this repeats line {int(first_lines.loc[index])}",
                                  int(repeat[reading.LINE]), "group", repeat["group"])
                          for index, repeat in repeats.iterrows()])
    return frame


def of_standard(survey: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """The rows of a :func:`read_survey` frame that are ``standard``'s (all rows when there is no ``standard``
    column: the WRES's)."""
    if STANDARD not in survey.columns:
        return survey if standard.code == WRES.code else survey.iloc[0:0]
    return survey[survey[STANDARD] == standard.code]


def _published_groups(rows: pd.DataFrame, standard: Standard, path) -> pd.DataFrame:
    """One standard's rows with the classification columns of ``group`` and each figure's ``breakdown`` and
    ``metric``.

    ``All staff`` labels give the all-staff metric (``percent``, ``score``); a label naming one of the
    compared groups gives that group's metric (``white_percent``, ``disabled_score``); a finer label (an
    ethnic category or broad group) gives ``percent`` under its own breakdown. An unrecognised label is an
    error with the closest label (a published figure stands for a group, never a silent Unknown), and so is
    a label naming no group (a disability label for Unknown) or a group the figure is not asked of.
    """
    c = standard.characteristic
    everyone = rows["group"].map(labels.norm).isin(_ALL_STAFF_KEYS)
    named = rows[~everyone]
    problems = c.unrecognised(named["group"], named[reading.LINE], str(path), "group")
    if problems:
        raise InputError(problems)
    out = rows.join(c.classify(named["group"], log_unrecognised=False).drop(columns=c.label))
    breakdowns, metrics = [], []
    for r, d, all_staff in zip(out.itertuples(index=False), _declared(out), everyone):
        occupation = f"Occupation|{r.occupation}" if r.occupation else ""
        level = "" if all_staff else _finer_level(r)
        group = "" if all_staff or level else getattr(r, c.column)
        if group not in ("", c.reference, c.focus):
            problems.append(Problem(str(path), f"a {c.name} label of {c.focus} or {c.reference} staff, or "
                                               f"{ALL_STAFF[0]} (a published figure is for a group)",
                                    r.source_line, "group", r.group))
        elif d.focus_only and (all_staff or level or group != c.focus):
            problems.append(Problem(str(path), f"a {c.focus} staff row: {d.title.split(':')[0]} is asked of "
                                               f"{c.focus} staff only", r.source_line, "group", r.group))
        breakdowns.append(f"{occupation}|{level}" if occupation and level else level or occupation or ALL)
        metrics.append(d.metric(group) if group else d.metric())
    if problems:
        raise InputError(problems)
    return out.assign(breakdown=breakdowns, metric=metrics)


def _is_wres_level(row) -> bool:
    """A group label naming a WRES group only (White, BME, All other ethnic groups)."""
    return pd.isna(row.detailed) and (pd.isna(row.broad) or row.broad == "White") and row.wres in (WHITE, BME)


def _finer_level(row) -> str:
    """The breakdown of a label finer than its standard's groups ("Ethnic category|Caribbean", "Broad
    group|Mixed"); "" for a label naming a group (White, BME; Disabled, Non-disabled), and for every label
    of a characteristic without finer levels (disability)."""
    if not hasattr(row, "detailed") or _is_wres_level(row):
        return ""
    return f"Ethnic category|{row.detailed}" if pd.notna(row.detailed) else f"Broad group|{row.broad}"


_ANSWER_SPACES = re.compile(r"\s+")


def _norm_answer(value: str) -> str:
    text = value.strip().lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s*-\s*", "-", text)
    return _ANSWER_SPACES.sub(" ", text)


_RESPONSE_SCHEMA = pa.DataFrameSchema(
    {
        "survey_year": pa.Column(str, _YEAR_CHECK),
        "respondent_id": pa.Column(str, pa.Check.str_length(min_value=1, error="a respondent id (not empty)")),
        "ethnicity": pa.Column(str),
        "occupation": pa.Column(str),
    },
    strict=False,
)


def read_responses(path: str | Path, *, strict_ethnicity: bool = False, standard: Standard = WRES) -> pd.DataFrame:
    """Read and validate a respondent-level file (``survey_responses.csv``) for one standard.

    Each row's answers are checked against its survey year's questions in
    the standard's table (:data:`QUESTIONS`; :data:`WDES_QUESTIONS` for the
    WDES): a non-empty answer must be one of the allowed answers (case,
    spacing, curly apostrophes and, for an answer with a comma, the comma do
    not matter) and is returned in its canonical spelling. Raises
    :class:`InputError` naming file, line and column for an unmapped survey
    year, a missing question column, an answer outside the allowed set or a
    respondent id repeated within a year.

    WRES (default): returns the rows with ``survey_year`` as int and the
    ethnicity levels. Another standard needs the column of its
    characteristic's label (WDES: ``disability``, an InputError when it is
    missing) and returns its group in the characteristic's column (``wdes``):
    an unrecognised label is Unknown with a warning, or with
    ``strict_ethnicity`` an error (file, line, column, closest label), and so
    is then an unrecognised ethnicity. The other standard's questions are
    not read. ``ValueError`` for a standard without a question table.
    """
    table = question_table(standard)
    if not table:
        raise ValueError(f"respondent-level figures need the question table of the {standard.abbreviation} "
                         "survey questions, which the pack does not have")
    c, wres = standard.characteristic, standard.code == WRES.code
    required = RESPONSE_COLUMNS + ([] if c.label in RESPONSE_COLUMNS else [c.label])
    frame = reading.read_csv(path, required=required, known=list(dict.fromkeys(x for q in table for x in q.questions)))
    reading.validate(frame, _RESPONSE_SCHEMA, path)
    frame["survey_year"] = frame["survey_year"].astype(int)
    problems: list[Problem] = []
    years = survey_years(standard)
    unmapped = frame[~frame["survey_year"].isin(years)]
    if len(unmapped):
        row = unmapped.iloc[0]
        raise InputError.one(path, f"a survey year with a known question mapping, one of "
                                   f"{', '.join(map(str, years))}", line=int(row[reading.LINE]),
                             column="survey_year", got=str(row["survey_year"]))
    for year in sorted(frame["survey_year"].unique()):
        in_year = frame["survey_year"] == year
        for question in questions_for(year, standard).values():
            term = standard.indicators[question.indicator].term.lower()
            for column in question.questions:
                if column not in frame.columns:
                    raise InputError.one(path, f"a column named '{column}' ({term} {question.indicator} in "
                                               f"survey year {year})", line=1, column=column)
                canonical = {_norm_answer(a): a for a in question.answers}
                # "Yes I reported it" for "Yes, I reported it": only answers with a comma (none of the WRES's).
                loose = {_norm_answer(a).replace(",", ""): a for a in question.answers if "," in a}
                raw = frame.loc[in_year, column]
                mapped = raw.map(lambda v: "" if v == "" else canonical.get(
                    _norm_answer(v), loose.get(_norm_answer(v).replace(",", ""))))
                for index in mapped[mapped.isna()].index:
                    problems.append(Problem(str(path), f"an answer to {column} (survey {year}): one of "
                                                       f"{', '.join(question.answers)}, or empty for not answered",
                                            int(frame.at[index, reading.LINE]), column, raw.at[index]))
                frame.loc[in_year, column] = mapped
    repeated = frame[frame.duplicated(["survey_year", "respondent_id"], keep="first")]
    for row in repeated.itertuples(index=False):
        problems.append(Problem(str(path), "each respondent once per survey year, but this id repeats an earlier row",
                                getattr(row, reading.LINE), "respondent_id", row.respondent_id))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    if wres:
        frame = pd.concat([frame, _classify(frame, "ethnicity", path, strict=strict_ethnicity)], axis=1)
    else:
        if strict_ethnicity:
            labelled = unrecognised(frame["ethnicity"], frame[reading.LINE], str(path), "ethnicity")
            labelled += c.unrecognised(frame[c.label], frame[reading.LINE], str(path), c.label)
            if labelled:
                raise InputError(sorted(labelled, key=lambda p: p.line or 0))
        # As in the extracts: an unrecognised label is Unknown, with a warning naming the file.
        frame[c.column] = c.classify(frame[c.label], source=str(path))[c.column].astype(str).to_numpy()
    frame["occupation"] = frame["occupation"].replace("", OCCUPATION_NOT_GIVEN)
    return frame


def has_respondent_data(path: str | Path, standard: Standard = WRES) -> bool:
    """Whether an existing respondent-level file can give ``standard``'s figures: the standard has a
    question table and the file a column of its characteristic's label (the WRES's ``ethnicity`` is a
    required column, so for the WRES: always; the WDES's ``disability`` is optional)."""
    if not question_table(standard):
        return False
    label = standard.characteristic.label
    if label in RESPONSE_COLUMNS:
        return True
    return label in reading.read_csv(path, allow_empty=True, known=[label]).columns


def has_survey_data(data_dir: str | Path, standard: Standard = WRES) -> bool:
    """Whether ``data_dir`` holds staff survey data that can give ``standard``'s figures: ``survey.csv``
    (whatever its rows), or ``survey_responses.csv`` read for it (:func:`has_respondent_data`)."""
    data_dir = Path(data_dir)
    survey_path, responses_path = (reading.input_path(data_dir, Path(name).stem)
                                   for name in (SURVEY_FILE, RESPONSES_FILE))
    return survey_path.is_file() or (responses_path.is_file() and has_respondent_data(responses_path, standard))


# ---------------------------------------------------------------------------
# Respondents to counts
# ---------------------------------------------------------------------------

def _group_columns(standard: Standard) -> list[str]:
    """The classification columns :func:`read_responses` gives for ``standard``'s figures."""
    return ["detailed", "broad", "wres"] if standard.code == WRES.code else [standard.characteristic.column]


def respondent_answers(responses: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """One row per respondent and indicator (or metric) they answered: ``positive`` True/False.

    Indicator 6: answered = either question answered; positive = either
    question answered positively. An answer of the question's
    ``not_counted`` (WDES metric 8's "No adjustment required") is not an
    answer here.
    """
    keep = ["survey_year", "respondent_id", "occupation", *_group_columns(standard)]
    parts = []
    for year, rows in responses.groupby("survey_year", sort=True):
        for indicator, question in questions_for(int(year), standard).items():
            answers = rows[list(question.questions)]
            answered = ((answers != "") & ~answers.isin(question.not_counted)).any(axis=1)
            positive = answers.isin(question.positive).any(axis=1)
            part = rows.loc[answered, keep]
            parts.append(part.assign(indicator=indicator, positive=positive[answered].to_numpy(),
                                     verified=question.verified, questions=" or ".join(question.questions)))
    if not parts:
        return pd.DataFrame(columns=[*keep, "indicator", "positive", "verified", "questions"])
    return pd.concat(parts, ignore_index=True)


_COUNT_COLUMNS = ["survey_year", "indicator", "breakdown", "metric", "k", "n", "verified", "questions"]


def respondent_counts(responses: pd.DataFrame, standard: Standard = WRES) -> pd.DataFrame:
    """Counts (k positive of n answering) per survey year, indicator, breakdown and metric.

    Columns ``survey_year, indicator, breakdown, metric, k, n, verified,
    questions``. WRES breakdowns: ``All`` (White, BME), ``Ethnic category|...``,
    ``Broad group|...``, ``Occupation|...`` (``percent`` for everyone,
    ``white_percent``/``bme_percent`` for occupation x WRES group). Another
    standard (the WDES): breakdown ``All`` only, with each compared group's
    figure (``disabled_percent``, ``non_disabled_percent``) and all staff's
    (``percent``: everyone answering, Unknown included); a figure asked of the
    focus group only (WDES metric 8) has that group's figure alone.
    """
    if standard.code != WRES.code:
        return _group_counts(respondent_answers(responses, standard), standard)
    answers = respondent_answers(responses)
    frames = []

    def add(keys, breakdown, metric, data):
        if data.empty:
            return
        g = data.groupby(["survey_year", "indicator", "verified", "questions"] + keys, observed=True, sort=True)
        c = g["positive"].agg(k="sum", n="size").reset_index()
        c["breakdown"] = breakdown(c)
        c["metric"] = metric(c)
        frames.append(c)

    known = answers[answers["wres"].isin([WHITE, BME])]
    add(["wres"], lambda c: ALL, lambda c: c["wres"].map({WHITE: "white_percent", BME: "bme_percent"}), known)
    add(["detailed"], lambda c: "Ethnic category|" + c["detailed"].astype(str), lambda c: "percent",
        answers[answers["detailed"].notna()])
    add(["broad"], lambda c: "Broad group|" + c["broad"].astype(str), lambda c: "percent",
        answers[answers["broad"].notna()])
    add(["occupation"], lambda c: "Occupation|" + c["occupation"].astype(str), lambda c: "percent", answers)
    add(["occupation", "wres"], lambda c: "Occupation|" + c["occupation"].astype(str),
        lambda c: c["wres"].map({WHITE: "white_percent", BME: "bme_percent"}), known)
    columns = _COUNT_COLUMNS
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    return out.astype({"survey_year": int, "indicator": int, "k": int, "n": int})


def _group_counts(answers: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """:func:`respondent_counts` of a standard other than the WRES, from its :func:`respondent_answers`."""
    c = standard.characteristic
    focus_only = answers["indicator"].map(lambda n: standard.indicators[n].focus_only).astype(bool)
    compared = answers[answers[c.column].isin([c.reference, c.focus]) & (~focus_only | (answers[c.column] == c.focus))]
    everyone = answers[~focus_only]  # all staff, Unknown included; no all-staff figure of a focus-only question
    key = ["survey_year", "indicator", "verified", "questions"]
    frames = []
    if not compared.empty:
        by_group = compared.groupby(key + [c.column], sort=True)["positive"].agg(k="sum", n="size").reset_index()
        by_group["metric"] = [standard.indicators[n].metric(group)
                              for n, group in zip(by_group["indicator"], by_group[c.column])]
        frames.append(by_group)
    if not everyone.empty:
        overall = everyone.groupby(key, sort=True)["positive"].agg(k="sum", n="size").reset_index()
        overall["metric"] = [standard.indicators[n].metric() for n in overall["indicator"]]
        frames.append(overall)
    if not frames:
        return pd.DataFrame(columns=_COUNT_COLUMNS)
    out = pd.concat(frames, ignore_index=True).assign(breakdown=ALL)[_COUNT_COLUMNS]
    return out.astype({"survey_year": int, "k": int, "n": int})


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def _describe(standard: Standard, indicator, metric: str, breakdown: str) -> str:
    head, _, name = breakdown.partition("|")  # split at the first "|" only: a name may contain one
    return standard.indicators[indicator].survey_description(metric, "" if breakdown == ALL else f" ({head}: {name})")


def _figure(standard, survey_year, indicator, breakdown, metric, value, k=math.nan, n=math.nan,
            ci=(math.nan, math.nan), note="", source="published"):
    return dict(year=survey_year + standard.survey_year_lag, survey_year=survey_year, indicator=indicator,
                breakdown=breakdown, metric=metric, value=value, ci_low=ci[0], ci_high=ci[1], numerator=k,
                denominator=n, change=math.nan, description=_describe(standard, indicator, metric, breakdown),
                note=note, significant=pd.NA, source=source)


def _decimals(text: str) -> int:
    text = text.rstrip("%")
    return len(text.split(".")[1]) if "." in text else 0


def published_figures(survey: pd.DataFrame, standard: Standard = WRES) -> list[dict]:
    """Figures from :func:`read_survey` rows of ``standard`` (organisation values and benchmarks).

    A percentage with its number of responses gets k, n and a Wilson
    interval; a score (0-10) is kept as published with its number of
    responses and no interval (:data:`SCORE_NOTE`).
    """
    rows = []
    for r in of_standard(survey, standard).itertuples(index=False):
        note = r.note
        if standard.indicators[r.indicator].kind == SCORE:
            rows.append(_figure(standard, r.survey_year, r.indicator, r.breakdown, r.metric, r.percent,
                                n=int(r.responses) if pd.notna(r.responses) else math.nan,
                                note="; ".join(filter(None, [note, SCORE_NOTE]))))
        elif getattr(r, "weighted", False):
            # Weights make the percentage no proportion of whole respondents: shown as published.
            rows.append(_figure(standard, r.survey_year, r.indicator, r.breakdown, r.metric, r.percent,
                                n=int(r.responses) if pd.notna(r.responses) else math.nan,
                                note="; ".join(filter(None, [note, WEIGHTED_NOTE]))))
        elif pd.notna(r.responses):
            n = int(r.responses)
            k = int(round(r.percent * n / 100))
            value = 100 * k / n
            if f"{value:.{r.percent_places}f}" != f"{r.percent:.{r.percent_places}f}":
                value = r.percent
                note = "; ".join(filter(None, [note, f"published {r.percent:g}% is not a whole number of the {n} "
                                                     f"responses (weighted?): published value kept, interval uses "
                                                     f"{k} of {n}"]))
            rows.append(_figure(standard, r.survey_year, r.indicator, r.breakdown, r.metric, value, k, n,
                                wilson_interval(k, n), note))
        else:
            rows.append(_figure(standard, r.survey_year, r.indicator, r.breakdown, r.metric, r.percent,
                                note="; ".join(filter(None, [note, "published percentage without a number of "
                                                                   "responses: no interval"]))))
        if pd.notna(r.benchmark_percent):
            rows.append(_figure(standard, r.survey_year, r.indicator, r.breakdown, "benchmark_" + r.metric,
                                r.benchmark_percent, note="benchmark group average (published)"))
    return rows


def respondent_figures(counts: pd.DataFrame, standard: Standard = WRES) -> list[dict]:
    """Figures from :func:`respondent_counts` of ``standard``: 100 k / n with its Wilson interval; a figure
    from an unverified entry of the question table says so in ``note``."""
    rows = []
    for c in counts.itertuples(index=False):
        note = "" if c.verified else f"question mapping for survey {c.survey_year} unverified ({c.questions})"
        rows.append(_figure(standard, c.survey_year, c.indicator, c.breakdown, c.metric, 100 * c.k / c.n, c.k, c.n,
                            wilson_interval(c.k, c.n), note, source="respondents"))
    return rows


# ---------------------------------------------------------------------------
# Derived figures
# ---------------------------------------------------------------------------

def _derived(figures: pd.DataFrame, standard: Standard = WRES) -> list[dict]:
    """``difference_pp`` (focus % minus reference %: BME - White, Disabled - Non-disabled, percentage points)
    of each survey percentage compared between the groups, and the organisation minus benchmark gaps of
    every figure with a benchmark (percentage points; score points for a score).

    No difference for a score (no distance from equity in its declaration) or a figure asked of the focus
    group only (WDES metric 8).
    """
    c = standard.characteristic
    rows = []
    for (survey_year, indicator, breakdown), block in figures.groupby(["survey_year", "indicator", "breakdown"]):
        d = standard.indicators[indicator]
        by_metric = block.set_index("metric")
        source = "respondents" if (block["source"] == "respondents").all() else "published"
        reference, focus = d.metric(c.reference), d.metric(c.focus)
        if d.kind == SURVEY and not d.focus_only and {reference, focus} <= set(by_metric.index):
            w, b = by_metric.loc[reference], by_metric.loc[focus]
            unverified = [x for x in (w["note"], b["note"]) if "unverified" in str(x)]
            row = _figure(standard, survey_year, indicator, breakdown, "difference_pp", b["value"] - w["value"],
                          source=source, note=unverified[0] if unverified else "")
            weighted = [x for x in (w["note"], b["note"]) if WEIGHTED_NOTE in str(x)]
            if weighted:
                row.update(note="; ".join(filter(None, [row["note"], WEIGHTED_NOTE])))
            elif pd.notna(w["numerator"]) and pd.notna(b["numerator"]):
                # Numerators are whole numbers of respondents (see published_figures).
                diff, low, high = newcombe_difference(int(b["numerator"]), int(b["denominator"]),
                                                      int(w["numerator"]), int(w["denominator"]))
                row.update(value=diff, ci_low=low, ci_high=high, significant=bool(low > 0 or high < 0))
            else:
                row.update(note="; ".join(filter(None, [row["note"], "no interval: a group's number of "
                                                                     "responses is not given"])))
            rows.append(row)
        for group in (c.reference, c.focus, ""):
            metric, gap = d.metric(group), d.gap_metric(group)
            if metric in by_metric.index and "benchmark_" + metric in by_metric.index:
                org, bench = by_metric.loc[metric], by_metric.loc["benchmark_" + metric]["value"]
                row = _figure(standard, survey_year, indicator, breakdown, gap, org["value"] - bench,
                              ci=(org["ci_low"] - bench, org["ci_high"] - bench), source=org["source"],
                              note=SCORE_NOTE if d.kind == SCORE else
                              "interval: the organisation's, with the benchmark taken as fixed")
                rows.append(row)
    return rows


def _add_change(results: pd.DataFrame) -> pd.DataFrame:
    key = ["indicator", "breakdown", "metric"]
    previous = (results[key + ["survey_year", "value"]].assign(survey_year=results["survey_year"] + 1)
                .rename(columns={"value": "previous"}))
    merged = results.drop(columns="change").merge(previous, on=key + ["survey_year"], how="left")
    merged["change"] = merged["value"] - merged["previous"]
    return merged.drop(columns="previous")


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

def _add_note(frame: pd.DataFrame, index, text: str) -> None:
    frame.loc[index, "note"] = frame.loc[index, "note"].map(lambda old: "; ".join(filter(None, [old, text])))


def _figure_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=SURVEY_RESULT_COLUMNS)


def compute_survey(survey: pd.DataFrame | None = None, responses: pd.DataFrame | None = None,
                   standard: Standard = WRES) -> pd.DataFrame:
    """A standard's survey figures (WRES indicators 5-8, WDES metrics 4-9a) from validated inputs
    (:func:`read_survey`, whose rows of other standards are left out, and :func:`read_responses` read for
    the same standard; a ``ValueError`` for respondents of a standard without a question table, or read for
    another standard).

    Published figures take precedence: a figure (survey year, indicator,
    breakdown, metric) in ``survey`` is used as published; respondent data
    fill in the figures it does not have (breakdowns, other years). Where both
    give the same figure: if they disagree (counts, or the percentage at its
    printed precision when no responses are published) a warning is logged,
    the published figure is kept and its note says so; if a published
    percentage without a number of responses agrees, the respondents' count
    and interval are used and the note says so. Returns
    :data:`SURVEY_RESULT_COLUMNS`.
    """
    if responses is not None and not _has_questions(standard):
        raise ValueError(f"respondent-level figures need the question table of the {standard.abbreviation} "
                         "survey questions, which the pack does not have yet: give published figures (survey.csv)")
    if responses is not None and not set(_group_columns(standard)) <= set(responses.columns):
        raise ValueError(f"respondent data without the {standard.characteristic.name} groups: read them with "
                         f"read_responses(path, standard={standard.abbreviation})")
    if survey is not None:
        survey = of_standard(survey, standard)
    published = _figure_frame(published_figures(survey, standard)) if survey is not None else _figure_frame([])
    if responses is not None:
        counts = respondent_counts(responses, standard)
        from_resp = _figure_frame(respondent_figures(counts, standard))
        key = ["survey_year", "indicator", "breakdown", "metric"]
        both = published.merge(from_resp[key + ["numerator", "denominator", "value", "ci_low", "ci_high"]],
                               on=key, how="inner", suffixes=("", "_resp"))
        places = {} if survey is None else {
            (r.survey_year, r.indicator, r.breakdown, r.metric): (r.percent_places, r.note)
            for r in survey.itertuples()}
        for r in both.itertuples():
            label = f"survey year {r.survey_year} indicator {r.indicator} {r.breakdown} {r.metric}"
            hit = published.index[(published[key] == pd.Series([r.survey_year, r.indicator, r.breakdown, r.metric],
                                                                index=key)).all(axis=1)]
            if WEIGHTED_NOTE in str(r.note):
                continue  # a weighted figure is not a count of respondents: the published one stands
            if pd.notna(r.denominator):
                if r.numerator != r.numerator_resp or r.denominator != r.denominator_resp:
                    log.warning("%s: respondent data give %.0f of %.0f but the published figure is %.0f of %.0f; "
                                "the published one is used", label, r.numerator_resp, r.denominator_resp,
                                r.numerator, r.denominator)
                    _add_note(published, hit, "respondent data disagree")
                continue
            digits, original_note = places.get((r.survey_year, r.indicator, r.breakdown, r.metric), (2, ""))
            if f"{r.value_resp:.{digits}f}" == f"{r.value:.{digits}f}":
                # The same figure: take its number of responses (and interval) from the respondents.
                published.loc[hit, ["value", "numerator", "denominator", "ci_low", "ci_high"]] = [
                    r.value_resp, r.numerator_resp, r.denominator_resp, r.ci_low_resp, r.ci_high_resp]
                published.loc[hit, "note"] = "; ".join(filter(None, [
                    original_note, f"published {r.value:g}% without a number of responses; count and interval "
                                   f"from {RESPONSES_FILE}"]))
            else:
                log.warning("%s: respondent data give %.2f%% but %g%% is published; the published one is used",
                            label, r.value_resp, r.value)
                _add_note(published, hit, "respondent data disagree")
        have = set(map(tuple, published[key].itertuples(index=False, name=None)))
        keep = [tuple(x) not in have for x in from_resp[key].itertuples(index=False, name=None)]
        frames = [published, from_resp[keep]]
    else:
        frames = [published]
    figures = pd.concat([f for f in frames if not f.empty], ignore_index=True) if any(
        not f.empty for f in frames) else _figure_frame([])
    if figures.empty:
        return _figure_frame([])
    derived = pd.DataFrame(_derived(figures, standard), columns=SURVEY_RESULT_COLUMNS)
    results = pd.concat([figures, derived], ignore_index=True)
    results = _add_change(results)[SURVEY_RESULT_COLUMNS]
    order = {m: i for i, m in enumerate(metric_order(standard))}
    declared = {n: i for i, n in enumerate(standard.indicators)}  # "4a-i" before "4b": the declaration's order
    results["_i"] = results["indicator"].map(declared)
    results["_b"] = results["breakdown"].map(_breakdown_rank)
    results["_m"] = results["metric"].map(lambda m: order.get(m, len(order)))
    results = results.sort_values(["survey_year", "_i", "_b", "breakdown", "_m"], kind="stable")
    return results.drop(columns=["_i", "_b", "_m"]).reset_index(drop=True)


def _has_questions(standard: Standard) -> bool:
    """Whether respondent-level data can be read for ``standard``: it has a question table
    (:data:`QUESTION_TABLES`: the WRES and the WDES)."""
    return bool(question_table(standard))


def metric_order(standard: Standard = WRES) -> list[str]:
    """The order of a standard's survey metrics in the results: the groups' figures, the difference, all
    staff, the benchmarks, then the gaps (each kind's names from the declaration).

    >>> metric_order()[:4], metric_order(standards.get("wdes"))[-3:]
    (['white_percent', 'bme_percent', 'difference_pp', 'percent'], \
['non_disabled_benchmark_gap', 'disabled_benchmark_gap', 'benchmark_gap'])
    """
    c, out = standard.characteristic, []
    for n in survey_indicators(standard).values():
        d, groups = standard.indicators[n], (c.reference, c.focus)
        names = ([d.metric(g) for g in groups] + ["difference_pp", d.metric()]
                 + ["benchmark_" + d.metric(g) for g in (*groups, "")] + [d.gap_metric(g) for g in (*groups, "")])
        out += [name for name in names if name not in out]
    return out


#: The WRES's survey metrics in results order.
METRIC_ORDER = metric_order(WRES)


def _breakdown_rank(breakdown: str) -> int:
    for i, prefix in enumerate([ALL, "Occupation|", "Broad group|", "Ethnic category|"]):
        if breakdown == prefix or (prefix.endswith("|") and breakdown.startswith(prefix)):
            return i
    return 9


def survey_results(data_dir: str | Path, *, strict_ethnicity: bool = False, standard: Standard = WRES
                   ) -> pd.DataFrame:
    """A standard's survey figures from ``data_dir/survey.csv`` and/or ``data_dir/survey_responses.csv``.

    Parameters
    ----------
    data_dir
        Directory holding either or both files.
    strict_ethnicity
        Treat an unrecognised respondent ethnicity as an error (published
        group labels must always be recognised); for the WDES, an
        unrecognised respondent disability label too (as the extracts do).
    standard
        Whose figures (default the WRES: indicators 5-8); ``survey.csv``
        rows of other standards are left out. Respondent-level data are read
        for a standard with a question table (:data:`QUESTION_TABLES`): the
        WRES, and the WDES when the file has a ``disability`` column (without
        it, ``survey_responses.csv`` is not read for the WDES).

    Returns
    -------
    DataFrame with :data:`SURVEY_RESULT_COLUMNS` (see the module docstring
    for breakdowns and metrics). Raises :class:`InputError` when no file
    can give the standard's figures or an input is invalid.
    """
    data_dir = Path(data_dir)
    survey_path, responses_path = (reading.input_path(data_dir, Path(name).stem)
                                   for name in (SURVEY_FILE, RESPONSES_FILE))
    if not _has_questions(standard):
        if not survey_path.is_file():
            raise InputError.one(data_dir, f"a directory holding {SURVEY_FILE} with {standard.abbreviation} rows "
                                           f"(respondent-level {standard.abbreviation} figures are not supported yet)")
        if responses_path.is_file():
            log.info("%s: not read for the %s (no question table for its survey questions yet)", responses_path,
                     standard.abbreviation)
        return compute_survey(read_survey(survey_path), None, standard)
    if not survey_path.is_file() and not responses_path.is_file():
        raise InputError.one(data_dir, f"a directory holding {SURVEY_FILE} and/or {RESPONSES_FILE}, "
                                       "but neither is there")
    respondents = responses_path.is_file() and has_respondent_data(responses_path, standard)
    if responses_path.is_file() and not respondents:
        label = standard.characteristic.label
        if not survey_path.is_file():
            raise InputError.one(responses_path, f"a column named '{label}' for {standard.abbreviation} figures "
                                                 f"from respondents (or {SURVEY_FILE} with {standard.abbreviation} "
                                                 "rows in the same folder)", line=1, column=label)
        log.info("%s: no '%s' column, so no %s figures from respondents", responses_path, label,
                 standard.abbreviation)
    survey = read_survey(survey_path) if survey_path.is_file() else None
    responses = (read_responses(responses_path, strict_ethnicity=strict_ethnicity, standard=standard)
                 if respondents else None)
    return compute_survey(survey, responses, standard)


def write_survey_results(results: pd.DataFrame, path_or_buffer) -> None:
    """Write survey results as CSV (full precision, empty for missing), with ``suppressed`` when they
    went through disclosure control."""
    columns = SURVEY_RESULT_COLUMNS + (["suppressed"] if "suppressed" in results else [])
    results[columns].to_csv(path_or_buffer, index=False, float_format="%.10g", lineterminator="\n")


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

# The seed labels BME "All other ethnic groups*"; the star is the suppression marker here, so it is spelt out.
TREND_ROWS = [("White staff", "white_percent"), ("All other ethnic groups (BME)", "bme_percent")]


def _is_suppressed(row: pd.Series) -> bool:
    """Hidden by :func:`wreslib.disclosure.engine.suppress_results` (``suppressed``)."""
    return bool(row.get("suppressed", False))


def survey_trend_table(results: pd.DataFrame, indicator: int, *, breakdown: str = ALL, tidy: bool = False,
                       decimals: int = 2) -> pd.DataFrame:
    """The seed report's five-year table for one indicator.

    Parameters
    ----------
    results
        Output of :func:`survey_results`.
    indicator
        5, 6, 7 or 8.
    breakdown
        ``All`` (default) or an ``Occupation|<name>`` breakdown.
    tidy
        Return the long form instead: columns ``survey_year, group, measure,
        value`` with group ``White``/``BME`` and measure ``Your org``,
        ``Average`` or ``Responses`` (numbers; NaN where missing or hidden).
    decimals
        Places for the display percentages.

    Returns
    -------
    Display frame (default): rows "White staff: Your org", "All other ethnic
    groups*: Your org", the same for "Average" and "Responses", one column
    per survey year, cells as text ("25.71%", "3042"); empty where not
    available, "*" where suppressed.
    """
    part = results[(results["indicator"] == indicator) & (results["breakdown"] == breakdown)]
    years = sorted(part["survey_year"].unique())
    long = []
    for (label, metric), group in zip(TREND_ROWS, (WHITE, BME)):
        for year in years:
            org = part[(part["survey_year"] == year) & (part["metric"] == metric)]
            bench = part[(part["survey_year"] == year) & (part["metric"] == "benchmark_" + metric)]
            suppressed = bool(len(org)) and _is_suppressed(org.iloc[0])
            long += [
                dict(survey_year=year, group=group, label=label, measure="Your org",
                     value=org["value"].iloc[0] if len(org) else math.nan, suppressed=suppressed),
                dict(survey_year=year, group=group, label=label, measure="Average",
                     value=bench["value"].iloc[0] if len(bench) else math.nan, suppressed=False),
                dict(survey_year=year, group=group, label=label, measure="Responses",
                     value=org["denominator"].iloc[0] if len(org) else math.nan, suppressed=suppressed),
            ]
    frame = pd.DataFrame(long, columns=["survey_year", "group", "label", "measure", "value", "suppressed"])
    if tidy:
        return frame.drop(columns="label")

    def show(r):
        if r["suppressed"]:
            return "*"
        if pd.isna(r["value"]):
            return ""
        return f"{r['value']:.0f}" if r["measure"] == "Responses" else f"{r['value']:.{decimals}f}%"

    frame["text"] = frame.apply(show, axis=1) if len(frame) else []
    frame["row"] = frame["label"] + ": " + frame["measure"]
    order = [f"{label}: {m}" for m in ("Your org", "Average", "Responses") for label, _ in TREND_ROWS]
    table = frame.pivot(index="row", columns="survey_year", values="text").reindex(order)
    table.columns = [int(year) for year in table.columns]  # 2022, not 2022.0, whatever the column's dtype
    table.columns.name = None
    table.index.name = None
    return table


BREAKDOWN_LEVELS = ("Ethnic category", "Broad group", "Occupation")


def survey_breakdown_table(results: pd.DataFrame, indicator: int, survey_year: int, level: str = "Ethnic category",
                           *, decimals: int = 2) -> pd.DataFrame:
    """One survey year's breakdown of an indicator, for display.

    Parameters
    ----------
    results
        Output of :func:`survey_results`.
    indicator, survey_year
        Which figure and which survey (not WRES) year.
    level
        ``Ethnic category``, ``Broad group`` or ``Occupation``.
    decimals
        Places for the percentages.

    Returns
    -------
    One row per group (index: the group's name) with text columns: for
    ethnic categories and broad groups ``Percent``, ``95% CI`` and
    ``Responses``; for occupations ``All staff``, ``White``, ``BME``,
    ``BME - White (pp)`` and the responses of each group. Suppressed cells
    show "*", missing ones are empty.
    """
    if level not in BREAKDOWN_LEVELS:
        raise ValueError(f"level must be one of {', '.join(BREAKDOWN_LEVELS)}")
    part = results[(results["indicator"] == indicator) & (results["survey_year"] == survey_year)
                   & results["breakdown"].str.startswith(f"{level}|")]

    def cell(row, what):
        if row is None:
            return ""
        if _is_suppressed(row):
            return "*"
        if what == "value":
            return "" if pd.isna(row["value"]) else f"{row['value']:.{decimals}f}"
        if what == "ci":
            return "" if pd.isna(row["ci_low"]) else f"{row['ci_low']:.{decimals}f} to {row['ci_high']:.{decimals}f}"
        return "" if pd.isna(row["denominator"]) else f"{row['denominator']:.0f}"

    rows = {}
    for breakdown, block in part.groupby("breakdown", sort=True):
        by_metric = {r["metric"]: r for _, r in block.iterrows()}
        name = breakdown.split("|", 1)[1]
        if level == "Occupation":
            get = by_metric.get
            rows[name] = {"All staff": cell(get("percent"), "value"), "White": cell(get("white_percent"), "value"),
                          "BME": cell(get("bme_percent"), "value"),
                          "BME - White (pp)": cell(get("difference_pp"), "value"),
                          "All staff responses": cell(get("percent"), "n"),
                          "White responses": cell(get("white_percent"), "n"),
                          "BME responses": cell(get("bme_percent"), "n")}
        else:
            row = by_metric.get("percent")
            rows[name] = {"Percent": cell(row, "value"), "95% CI": cell(row, "ci"), "Responses": cell(row, "n")}
    return pd.DataFrame.from_dict(rows, orient="index")
