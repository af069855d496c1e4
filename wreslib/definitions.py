"""One definition per WRES indicator: the single place for wording and direction.

Every title, sentence, plot title, axis label, alt text, ``results.csv``
description, "which way is better" and "distance from equity" in the pack
is built from :data:`INDICATORS` (keyed by indicator number 1-9). Nothing
else in ``wreslib`` or the notebooks spells out which group is the
numerator of a ratio or which way an indicator points: they read it here.

Directions (:attr:`Indicator.better`):

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
from dataclasses import dataclass

from .ethnicity import BME, WHITE

HIGHER, LOWER, CLOSER_TO_1, CLOSER_TO_0, NO_DIRECTION = "higher", "lower", "closer to 1", "closer to 0", ""
COMPOSITION, LIKELIHOOD, SURVEY, BOARD = "composition", "likelihood", "survey percentage", "board difference"

#: The WRES report of year Y uses the NHS Staff Survey of autumn Y - 1.
SURVEY_YEAR_LAG = 1


def survey_year(wres_year):
    """The NHS Staff Survey year a WRES reporting year uses (works on numbers and pandas Series)."""
    return wres_year - SURVEY_YEAR_LAG


@dataclass(frozen=True)
class Indicator:
    """What one indicator is and how every part of the pack words it.

    ``what`` is the core phrase; verbs and templates around it make the
    title, sentence, plot title, axis label, alt text and descriptions.
    """

    number: int
    kind: str            # COMPOSITION, LIKELIHOOD, SURVEY or BOARD
    better: str          # HIGHER, LOWER, CLOSER_TO_1, CLOSER_TO_0 or NO_DIRECTION
    what: str            # core phrase: "harassment, bullying or abuse from patients, relatives or the public"
    short: str = ""      # likelihoods: the row label of the rates table
    numerator: str = ""  # likelihoods: the group whose rate is divided (the other is the denominator)
    subjects: str = "staff"  # likelihoods: "applicants" or "staff"
    verbs: tuple = ("", "", "")  # likelihoods: (infinitive, gerund, noun); survey: (gerund, past, "")
    period: str = ""     # survey: " in the last 12 months" or ""
    breakdown: str = "All"  # the headline breakdown in the results
    plot_title: str = ""
    axis_label: str = ""
    alt: str = ""        # alt-text template ({year} where needed)
    description: str = ""  # results.csv description of the headline figure

    # -- direction -------------------------------------------------------
    @property
    def target(self) -> float | None:
        """The value of equity for ``closer to`` indicators (1 or 0), else None."""
        return {CLOSER_TO_1: 1.0, CLOSER_TO_0: 0.0}.get(self.better)

    @property
    def better_text(self) -> str:
        """"lower is better", "closer to 1 is better", ... or "" (no direction)."""
        return f"{self.better} is better" if self.better else ""

    # -- likelihood ratios -----------------------------------------------
    @property
    def denominator(self) -> str:
        """Likelihoods: the reference group (the other of White and BME)."""
        return {WHITE: BME, BME: WHITE}.get(self.numerator, "")

    @property
    def ratio_label(self) -> str:
        """"White / BME" (indicators 2, 4) or "BME / White" (indicator 3)."""
        return f"{self.numerator} / {self.denominator}"

    @property
    def above_one(self) -> str:
        """What a ratio above 1 means: "White applicants more likely"."""
        return f"{self.numerator} {self.subjects} more likely"

    # -- survey ----------------------------------------------------------
    @property
    def measure(self) -> str:
        """Survey: "experiencing harassment ... in the last 12 months"."""
        return f"{self.verbs[0]} {self.what}{self.period}"

    # -- every indicator -------------------------------------------------
    @property
    def title(self) -> str:
        """"Indicator 5: harassment, bullying or abuse from ..." (tables and headings)."""
        return f"Indicator {self.number}: {self.what}"


def _likelihood(number, numerator, subjects, what, infinitive, gerund, noun, short, breakdown="All"):
    ind = Indicator(number, LIKELIHOOD, CLOSER_TO_1, what, short=short, numerator=numerator, subjects=subjects,
                    verbs=(infinitive, gerund, noun), breakdown=breakdown)
    first, second = ind.numerator, ind.denominator
    return Indicator(
        number, LIKELIHOOD, CLOSER_TO_1, what, short=short, numerator=numerator, subjects=subjects,
        verbs=(infinitive, gerund, noun), breakdown=breakdown,
        plot_title=f"{noun[0].upper() + noun[1:]}: {ind.ratio_label} likelihood (above 1 = {ind.above_one})",
        axis_label=f"Relative likelihood, {ind.ratio_label} (95% interval)",
        alt=(f"Line chart of the {first} to {second} relative likelihood of {what} by year, with 95% intervals "
             "and a dashed line at 1 (equal)."),
        description=(f"Likelihood of {first} {subjects} {gerund} relative to {second} {subjects} "
                     f"({first} rate / {second} rate); 1.00 = equal, above 1 = {ind.above_one}"))


def _survey(number, better, what, gerund, past, period, short=""):
    ind = Indicator(number, SURVEY, better, what, short=short, verbs=(gerund, past, ""), period=period)
    return Indicator(
        number, SURVEY, better, what, short=short, verbs=(gerund, past, ""), period=period,
        plot_title=f"{(gerund + ' ' + what)[0].upper()}{(gerund + ' ' + what)[1:]} ({ind.better_text})",
        axis_label="% of staff",
        alt=(f"Line chart by survey year of the percentage of White and BME staff {ind.measure}, trust against "
             "national average, with 95% intervals for the trust."),
        description=f"% of {{who}}{{where}} {ind.measure}; {ind.better_text}")


#: The nine indicators (wres-method.md, "The nine indicators"), keyed by number.
INDICATORS: dict[int, Indicator] = {
    1: Indicator(1, COMPOSITION, NO_DIRECTION, "BME % of the workforce", breakdown="Overall",
                 plot_title="BME % of staff by band, {year} (dashed line: overall workforce BME %)",
                 axis_label="BME % of staff in band",
                 alt=("Bar chart of the BME percentage of staff in each pay band for each cluster in {year}, with a "
                      "dashed line at the overall workforce BME percentage."),
                 description="{group} staff as % of {where} (unknown ethnicity in the denominator)"),
    2: _likelihood(2, WHITE, "applicants", "appointment from shortlisting", "be appointed from shortlisting",
                   "being appointed from shortlisting", "appointment from shortlisting", "Appointed from shortlisting"),
    3: _likelihood(3, BME, "staff", "entering the formal disciplinary process", "enter the formal disciplinary process",
                   "entering the formal disciplinary process", "entering formal disciplinary",
                   "Entered formal disciplinary", breakdown="single-year"),
    4: _likelihood(4, WHITE, "staff", "accessing non-mandatory training and CPD", "access non-mandatory training and CPD",
                   "accessing non-mandatory training and CPD", "non-mandatory training and CPD",
                   "Accessed non-mandatory training"),
    5: _survey(5, LOWER, "harassment, bullying or abuse from patients, relatives or the public", "experiencing",
               "experienced", " in the last 12 months"),
    6: _survey(6, LOWER, "harassment, bullying or abuse from staff (managers or other colleagues)", "experiencing",
               "experienced", " in the last 12 months"),
    7: _survey(7, HIGHER, "equal opportunities for career progression or promotion",
               "believing the organisation provides", "believed the organisation provides", ""),
    8: _survey(8, LOWER, "discrimination at work from a manager, team leader or other colleagues", "experiencing",
               "experienced", " in the last 12 months"),
    9: Indicator(9, BOARD, CLOSER_TO_0, "board minus workforce BME %",
                 plot_title="BME % of the board and of the workforce (board below workforce = under-represented)",
                 axis_label="BME %",
                 alt=("Line chart by year of the BME percentage of the whole board, executive members and voting "
                      "members, against the BME percentage of the workforce."),
                 description=("Board BME % minus workforce BME %, percentage points; 0 = equal, negative = BME "
                              "staff under-represented on the board")),
}

LIKELIHOODS = tuple(n for n, d in INDICATORS.items() if d.kind == LIKELIHOOD)
SURVEY_INDICATORS = tuple(n for n, d in INDICATORS.items() if d.kind == SURVEY)


# ---------------------------------------------------------------------------
# Sentences and descriptions
# ---------------------------------------------------------------------------

def ratio_sentence(indicator: int, value: str) -> str:
    """"White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting"."""
    d = INDICATORS[indicator]
    return (f"{d.numerator} {d.subjects} were {value} times as likely as {d.denominator} {d.subjects} to "
            f"{d.verbs[0]}")


def rate_description(indicator: int, group: str) -> str:
    """results.csv: "% of BME applicants appointed from shortlisting" (a likelihood's rate)."""
    d = INDICATORS[indicator]
    return f"% of {group} {d.subjects} {d.verbs[1].removeprefix('being ')}"


DISTANCE_DESCRIPTION = "Distance from equity: relative likelihood minus 1; 0 = equal"


def composition_description(group: str, where: str) -> str:
    """results.csv: indicator 1's percentages."""
    return INDICATORS[1].description.format(group=group, where=where)


def board_descriptions(breakdown: str) -> dict[str, str]:
    """results.csv: indicator 9's three figures, by metric."""
    return {"board_bme_percent": (f"BME members as % of {breakdown.lower()} board members "
                                  "(unknown ethnicity in the denominator)"),
            "workforce_bme_percent": "BME staff as % of the overall workforce (bank excluded)",
            "difference_pp": INDICATORS[9].description}


def survey_sentence_text(indicator: int, bme: str, white: str, year: int) -> str:
    """"In the 2023 staff survey, 25.00% of BME staff experienced ..., against 20.00% of White staff"."""
    d = INDICATORS[indicator]
    return (f"In the {year} staff survey, {bme} of BME staff {d.verbs[1]} {d.what}{d.period}, "
            f"against {white} of White staff")


def fare_worse(indicator: int) -> str:
    """What a positive BME minus White gap means for a survey indicator."""
    return "BME staff fare worse" if INDICATORS[indicator].better == LOWER else "BME staff fare better"


def survey_description(indicator: int, metric: str, where: str = "") -> str:
    """results.csv description of a survey figure (``where``: " (Occupation: Nurses)" or "")."""
    d = INDICATORS[indicator]
    who = {"white_percent": "White staff", "bme_percent": "BME staff", "percent": "staff",
           "benchmark_white_percent": "White staff in the benchmark group",
           "benchmark_bme_percent": "BME staff in the benchmark group",
           "benchmark_percent": "staff in the benchmark group"}
    if metric in who:
        return d.description.format(who=who[metric], where=where)
    if metric == "difference_pp":
        return (f"BME % minus White %{where}, percentage points; 0 = equal, positive = {fare_worse(indicator)} "
                f"(distance from equity)")
    group = {"white_benchmark_gap_pp": "White", "bme_benchmark_gap_pp": "BME", "benchmark_gap_pp": "the"}[metric]
    return (f"Organisation minus benchmark average for {group} staff{where}, percentage points; positive = "
            f"organisation higher ({'better' if d.better == HIGHER else 'worse'} than the benchmark)")


def how_to_read_ratios() -> str:
    """Markdown bullets: how each likelihood ratio is oriented."""
    lines = []
    for n in LIKELIHOODS:
        d = INDICATORS[n]
        lines.append(f"- **Indicator {n}** divides the {d.numerator} rate of {d.what} by the {d.denominator} rate: "
                     f"above 1 = {d.above_one}; {d.better_text} (1.00 = equal).")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Distance from equity and the direction of a change
# ---------------------------------------------------------------------------

DISTANCE_TEXT = {
    COMPOSITION: "",
    LIKELIHOOD: "relative likelihood minus 1 (0 = equal)",
    SURVEY: "BME % minus White %, percentage points (0 = equal)",
    BOARD: "",  # the result already is a difference from equal representation
}


def distance_from_equity(indicator: int, value: float, white: float = math.nan) -> float:
    """The distance from equity of a figure, or NaN where it has none.

    Likelihoods: ratio - 1. Survey: ``value`` (BME %) minus ``white`` (White %).
    Indicators 1 and 9: NaN (composition has no equal point of its own; the
    board figure already is the difference).
    """
    kind = INDICATORS[indicator].kind
    if kind == LIKELIHOOD:
        return value - 1
    if kind == SURVEY:
        return value - white
    return math.nan


def distance_direction(indicator: int, distance: float, places: int = 2) -> str:
    """Which way a distance from equity points, in words ("" when it rounds to 0 or is missing)."""
    if distance is None or distance != distance or round(abs(distance), places) == 0:
        return "equal" if distance == distance and distance is not None else ""
    d = INDICATORS[indicator]
    if d.kind == LIKELIHOOD:
        return d.above_one if distance > 0 else f"{d.denominator} {d.subjects} more likely"
    if d.kind == SURVEY:
        worse = distance > 0 if d.better == LOWER else distance < 0
        return "BME staff fare worse" if worse else "BME staff fare better"
    return ""


def judge(indicator: int, value: float, before: float) -> str:
    """Is a move from ``before`` to ``value`` better or worse for equality?

    "better"/"worse" by the indicator's direction; for ``closer to``
    indicators by whether ``|value - target|`` fell or rose, and "closer to
    equal"/"further from equal" (or "as far from equal") when the figure
    crossed the target. "" for indicator 1 or when either figure is missing.
    """
    d = INDICATORS[indicator]
    if any(x is None or x != x for x in (value, before)) or not d.better:
        return ""
    if d.better == HIGHER:
        return "better" if value > before else "worse" if value < before else ""
    if d.better == LOWER:
        return "better" if value < before else "worse" if value > before else ""
    now, then = value - d.target, before - d.target
    # distances compared to 9 decimals, so that 1.10 and 0.90 are as far from 1 despite binary fractions
    nearer, further = round(abs(now), 9) < round(abs(then), 9), round(abs(now), 9) > round(abs(then), 9)
    if now * then < 0:
        return "closer to equal" if nearer else "further from equal" if further else "as far from equal"
    return "better" if nearer else "worse" if further else ""


#: A short name for each indicator's topic, for labels that must be short (Excel sheet names).
TOPICS = {1: "Workforce", 2: "Recruitment", 3: "Disciplinary", 4: "Training", 5: "Harassment by public",
          6: "Harassment by staff", 7: "Career progression", 8: "Discrimination", 9: "Board"}


def sheet_name(indicator: int) -> str:
    """The name of an indicator's sheet in ``results.xlsx`` (at most 31 characters, as Excel allows).

    >>> sheet_name(1), sheet_name(5)
    ('Workforce (1)', 'Harassment by public (5)')
    """
    return f"{TOPICS[indicator]} ({indicator})"


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
