"""The Workforce Race Equality Standard (WRES): its characteristic and nine indicators, declared once.

Every title, sentence, plot title, axis label, alt text, ``results.csv``
description, "which way is better" and "distance from equity" of the WRES
is built from :data:`INDICATORS` (keyed by indicator number 1-9), with the
templates and direction logic every standard shares
(:mod:`wreslib.standards.base`). Nothing else in ``wreslib`` or the notebooks
spells out which group is the numerator of a ratio or which way an indicator
points: they read it here.

Directions (:attr:`~wreslib.standards.base.Indicator.better`):

- ``higher`` / ``lower``: a higher / lower percentage is better (indicators 5-8);
- ``closer to 1``: a likelihood ratio is better the closer it is to 1.00
  (equal), whichever side it is on (indicators 2-4);
- ``closer to 0``: the board minus workforce difference is better the closer
  it is to 0 pp (indicator 9);
- ``""``: no better or worse (indicator 1, workforce composition).

A change is judged by :func:`judge`: for ``closer to`` indicators, better
means ``|value - target|`` fell; if the figure crossed the target (the
favoured group changed) it is "closer to equal" or "further from equal"
rather than better or worse.
"""
from __future__ import annotations

import math

from ..classify.ethnicity import BME, UNKNOWN, WHITE, classify_ethnicity, unrecognised
from .base import (HIGHER, LIKELIHOOD, LOWER, SURVEY, Characteristic, Indicator, Standard, board,
                   composition, likelihood, register, survey)

#: Ethnicity as the WRES compares it: BME staff against White staff.
ETHNICITY = Characteristic("ethnicity", reference=WHITE, focus=BME, unknown=UNKNOWN,
                           metrics={WHITE: "white_percent", BME: "bme_percent", UNKNOWN: "unknown_percent"},
                           label="ethnicity", column="wres", classify=classify_ethnicity,
                           unrecognised=unrecognised)

#: The WRES report of year Y uses the NHS Staff Survey of autumn Y - 1.
SURVEY_YEAR_LAG = 1


def survey_year(wres_year):
    """The NHS Staff Survey year a WRES reporting year uses (works on numbers and pandas Series)."""
    return WRES.survey_year(wres_year)


#: The nine indicators (wres-method.md, "The nine indicators"), keyed by number.
INDICATORS: dict[int, Indicator] = {
    1: composition(ETHNICITY, 1),
    2: likelihood(ETHNICITY, 2, WHITE, "applicants", "appointment from shortlisting", "be appointed from shortlisting",
                  "being appointed from shortlisting", "appointment from shortlisting", "Appointed from shortlisting",
                  ("appointed", "shortlisted")),
    3: likelihood(ETHNICITY, 3, BME, "staff", "entering the formal disciplinary process",
                  "enter the formal disciplinary process", "entering the formal disciplinary process",
                  "entering formal disciplinary", "Entered formal disciplinary", ("entered_disciplinary", "headcount"),
                  breakdown="single-year", two_year=True),
    4: likelihood(ETHNICITY, 4, WHITE, "staff", "accessing non-mandatory training and CPD",
                  "access non-mandatory training and CPD", "accessing non-mandatory training and CPD",
                  "non-mandatory training and CPD", "Accessed non-mandatory training",
                  ("accessed_training", "headcount")),
    5: survey(ETHNICITY, 5, LOWER, "harassment, bullying or abuse from patients, relatives or the public", "experiencing",
               "experienced", " in the last 12 months"),
    6: survey(ETHNICITY, 6, LOWER, "harassment, bullying or abuse from staff (managers or other colleagues)", "experiencing",
               "experienced", " in the last 12 months"),
    7: survey(ETHNICITY, 7, HIGHER, "equal opportunities for career progression or promotion",
               "believing the organisation provides", "believed the organisation provides", ""),
    8: survey(ETHNICITY, 8, LOWER, "discrimination at work from a manager, team leader or other colleagues", "experiencing",
               "experienced", " in the last 12 months"),
    9: board(ETHNICITY, 9),
}

#: The data each indicator is computed from, as a sentence says it was not supplied.
DATA_NEEDED = {
    1: "workforce headcounts by ethnicity",
    2: "recruitment counts (shortlisted and appointed applicants)",
    3: "disciplinary counts (staff entering the formal disciplinary process)",
    4: "training counts (staff accessing non-mandatory training and CPD)",
    5: "NHS Staff Survey figures", 6: "NHS Staff Survey figures", 7: "NHS Staff Survey figures",
    8: "NHS Staff Survey figures",
    9: "board membership counts by ethnicity",
}

WRES = register(Standard("wres", "Workforce Race Equality Standard", "WRES", ETHNICITY, INDICATORS,
                         survey_year_lag=SURVEY_YEAR_LAG, data_needed=DATA_NEEDED))
LIKELIHOODS = WRES.of_kind(LIKELIHOOD)
SURVEY_INDICATORS = WRES.of_kind(SURVEY)


# ---------------------------------------------------------------------------
# Sentences and descriptions
# ---------------------------------------------------------------------------

def ratio_sentence(indicator: int, value: str) -> str:
    """"White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting"."""
    return INDICATORS[indicator].ratio_sentence(value)


def rate_description(indicator: int, group: str) -> str:
    """results.csv: "% of BME applicants appointed from shortlisting" (a likelihood's rate)."""
    return INDICATORS[indicator].rate_description(group)


def composition_description(group: str, where: str) -> str:
    """results.csv: indicator 1's percentages."""
    return INDICATORS[1].composition_description(group, where)


def board_descriptions(breakdown: str) -> dict[str, str]:
    """results.csv: indicator 9's three figures, by metric."""
    return INDICATORS[9].board_descriptions(breakdown)


def survey_sentence_text(indicator: int, bme: str, white: str, year: int) -> str:
    """"In the 2023 staff survey, 25.00% of BME staff experienced ..., against 20.00% of White staff"."""
    return INDICATORS[indicator].survey_sentence(bme, white, year)


def fare_worse(indicator: int) -> str:
    """What a positive BME minus White gap means for a survey indicator."""
    return INDICATORS[indicator].fare_worse


def survey_description(indicator: int, metric: str, where: str = "") -> str:
    """results.csv description of a survey figure (``where``: " (Occupation: Nurses)" or "")."""
    return INDICATORS[indicator].survey_description(metric, where)


def how_to_read_ratios() -> str:
    """Markdown bullets: how each likelihood ratio is oriented."""
    return WRES.how_to_read_ratios()


# ---------------------------------------------------------------------------
# Distance from equity and the direction of a change
# ---------------------------------------------------------------------------

def distance_from_equity(indicator: int, value: float, white: float = math.nan) -> float:
    """The distance from equity of a figure (:meth:`~wreslib.standards.base.Indicator.distance`), or NaN.

    Likelihoods: ratio - 1. Survey: ``value`` (BME %) minus ``white`` (White %).
    Indicators 1 and 9: NaN.
    """
    return INDICATORS[indicator].distance(value, white)


def distance_direction(indicator: int, distance: float, places: int = 2) -> str:
    """Which way a distance from equity points, in words ("" when it is missing, "equal" when it rounds to 0)."""
    return INDICATORS[indicator].distance_direction(distance, places)


def judge(indicator: int, value: float, before: float) -> str:
    """Is a move from ``before`` to ``value`` better or worse for equality (:meth:`~wreslib.standards.base.Indicator.judge`)?"""
    return INDICATORS[indicator].judge(value, before)


#: A short name for each indicator's topic, for labels that must be short (Excel sheet names).
TOPICS = {1: "Workforce", 2: "Recruitment", 3: "Disciplinary", 4: "Training", 5: "Harassment by public",
          6: "Harassment by staff", 7: "Career progression", 8: "Discrimination", 9: "Board"}


def sheet_name(indicator: int) -> str:
    """The name of an indicator's sheet in ``results.xlsx`` (at most 31 characters, as Excel allows).

    >>> sheet_name(1), sheet_name(5)
    ('Workforce (1)', 'Harassment by public (5)')
    """
    return f"{TOPICS[indicator]} ({indicator})"
