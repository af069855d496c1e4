"""What an equality standard is, and the registry of the standards the pack knows.

A standard (the WRES, the WDES, a Bank or Medical WRES later) is a
declaration, one module each in :mod:`wreslib.standards`: a
:class:`Characteristic` (the two groups it compares and the unknown group)
and its :class:`Indicator` s, each with its kind, the measures it needs, its
better direction and all its wording. Everything a direction decides is
written once here, for every standard:

- :attr:`Indicator.better`: ``higher`` / ``lower`` (a higher / lower
  percentage or score is better), ``closer to 1`` (a likelihood ratio, better
  the closer to 1.00 whichever side it is on), ``closer to 0`` (the board
  minus workforce difference, better the closer to 0 pp) or ``""`` (no better
  or worse: workforce composition);
- :meth:`Indicator.judge`: is a change better or worse for equality;
- :meth:`Indicator.distance` and :meth:`Indicator.distance_direction`: the
  distance from equity and which way it points.

The kind-level builders (:func:`likelihood`, :func:`survey`) word an
indicator from its phrases, so that two standards cannot word the same kind
of figure two ways.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

HIGHER, LOWER, CLOSER_TO_1, CLOSER_TO_0, NO_DIRECTION = "higher", "lower", "closer to 1", "closer to 0", ""
COMPOSITION, LIKELIHOOD, SURVEY, SCORE, BOARD = ("composition", "likelihood", "survey percentage", "survey score",
                                                 "board difference")
KINDS = (COMPOSITION, LIKELIHOOD, SURVEY, SCORE, BOARD)

#: results.csv: the distance from equity of a likelihood ratio.
DISTANCE_DESCRIPTION = "Distance from equity: relative likelihood minus 1; 0 = equal"


@dataclass(frozen=True)
class Characteristic:
    """The protected characteristic a standard compares staff by.

    ``reference`` is the group the other is compared with (White;
    Non-disabled), ``focus`` the group the standard is about (BME; Disabled);
    ``unknown`` holds everyone not declared or not recognised, kept in
    composition denominators and left out of ratios. ``metrics`` names each
    group's percentage in the results (``bme_percent``). ``label`` is the
    column of input files holding a person's or a count's label
    (``ethnicity``; ``disability``); ``classify`` maps labels to a frame with
    the group in column ``column`` (``wres``; ``wdes``) and ``recognised``;
    ``unrecognised`` gives one Problem per unrecognised label (values, lines,
    file, column) for inputs where a label stands for a published group.
    """

    name: str
    reference: str
    focus: str
    unknown: str
    metrics: Mapping[str, str]
    label: str = ""
    column: str = ""
    classify: Callable | None = field(default=None, compare=False)
    unrecognised: Callable | None = field(default=None, compare=False)

    @property
    def groups(self) -> tuple[str, str, str]:
        """Reference, focus and unknown, in report order."""
        return (self.reference, self.focus, self.unknown)

    def other(self, group: str) -> str:
        """The other compared group (reference <-> focus), "" for any other name."""
        return {self.reference: self.focus, self.focus: self.reference}.get(group, "")


@dataclass(frozen=True)
class Indicator:
    """What one indicator is and how every part of the pack words it.

    ``what`` is the core phrase; verbs and templates around it make the
    title, sentence, plot title, axis label, alt text and descriptions.
    """

    number: int | str    # WRES 1-9; WDES "1" ... "10", "4a-i"
    kind: str            # one of KINDS
    better: str          # HIGHER, LOWER, CLOSER_TO_1, CLOSER_TO_0 or NO_DIRECTION
    what: str            # core phrase: "harassment, bullying or abuse from patients, relatives or the public"
    groups: Characteristic | None = field(default=None, compare=False)
    short: str = ""      # likelihoods: the row label of the rates table
    numerator: str = ""  # likelihoods: the group whose rate is divided (the other is the denominator)
    subjects: str = "staff"  # likelihoods: "applicants" or "staff"
    verbs: tuple = ("", "", "")  # likelihoods: (infinitive, gerund, noun); survey: (gerund, past, "")
    period: str = ""     # survey: " in the last 12 months" or ""
    breakdown: str = "All"  # the headline breakdown in the results
    measures: tuple = ()  # likelihoods: (measure counted, measure it is a share of) in the counts contract
    two_year: bool = False  # likelihoods: also a two-year rolling figure (this and last year's counts summed)
    plot_title: str = ""
    axis_label: str = ""
    alt: str = ""        # alt-text template ({year} where needed)
    description: str = ""  # results.csv description of the headline figure
    term: str = "Indicator"  # what the standard calls its figures: "Indicator" (WRES), "Metric" (WDES)
    focus_only: bool = False  # survey: asked of the focus group only (WDES metric 8), so no gap to compare

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
        """Likelihoods: the reference group of the ratio (the other compared group)."""
        return self.groups.other(self.numerator) if self.groups else ""

    @property
    def ratio_label(self) -> str:
        """"White / BME" (WRES indicators 2, 4) or "BME / White" (indicator 3)."""
        return f"{self.numerator} / {self.denominator}"

    @property
    def above_one(self) -> str:
        """What a ratio above 1 means: "White applicants more likely"."""
        return f"{self.numerator} {self.subjects} more likely"

    def ratio_sentence(self, value: str) -> str:
        """"White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting"."""
        return (f"{self.numerator} {self.subjects} were {value} times as likely as {self.denominator} {self.subjects} "
                f"to {self.verbs[0]}")

    def rate_description(self, group: str) -> str:
        """results.csv: "% of BME applicants appointed from shortlisting" (a likelihood's rate)."""
        return f"% of {group} {self.subjects} {self.verbs[1].removeprefix('being ')}"

    # -- survey ----------------------------------------------------------
    @property
    def measure(self) -> str:
        """Survey: "experiencing harassment ... in the last 12 months"."""
        return f"{self.verbs[0]} {self.what}{self.period}"

    @property
    def fare_worse(self) -> str:
        """Survey: what a positive focus minus reference gap means ("BME staff fare worse")."""
        return f"{self.groups.focus} staff fare {'worse' if self.better == LOWER else 'better'}"

    def survey_sentence(self, focus: str, reference: str | None, year: int) -> str:
        """"In the 2023 staff survey, 25.00% of BME staff experienced ..., against 20.00% of White staff";
        without ``reference`` (a question asked of the focus group only) the sentence stops at the focus group."""
        g = self.groups
        text = f"In the {year} staff survey, {focus} of {g.focus} staff {self.verbs[1]} {self.what}{self.period}"
        return text if reference is None else f"{text}, against {reference} of {g.reference} staff"

    def score_sentence(self, focus: str, reference: str, year: int, everyone: str | None = None) -> str:
        """Survey scores: "In the 2023 staff survey, the staff engagement score was 6.5 for Disabled staff, against
        7.0 for Non-disabled staff and 6.9 for all staff" (``everyone`` None: no all-staff figure)."""
        g = self.groups
        text = (f"In the {year} staff survey, the {self.what} was {focus} for {g.focus} staff, against {reference} "
                f"for {g.reference} staff")
        return text if everyone is None else f"{text} and {everyone} for all staff"

    @property
    def unit(self) -> str:
        """Survey figures: "percent" (a percentage, 0-100) or "score" (a score, 0-10), the ending of their metrics."""
        return "score" if self.kind == SCORE else "percent"

    @property
    def scale(self) -> float:
        """Survey figures: the top of the range (100 for a percentage, 10 for a score); the bottom is 0."""
        return 10.0 if self.kind == SCORE else 100.0

    def metric(self, group: str = "") -> str:
        """Survey: the results metric of a group's figure ("bme_percent", "disabled_score"), or of all staff ("")
        ("percent", "score"); the benchmark's is ``"benchmark_" + metric``."""
        return (self.groups.metrics[group].removesuffix("percent") if group else "") + self.unit

    def gap_metric(self, group: str = "") -> str:
        """Survey: the metric of a group's (or all staff's, "") organisation minus benchmark gap:
        "bme_benchmark_gap_pp" (percentage points), "disabled_benchmark_gap" (score points)."""
        return (self.groups.metrics[group].removesuffix("percent") if group else "") + "benchmark_gap" + (
            "_pp" if self.kind == SURVEY else "")

    def survey_description(self, metric: str, where: str = "") -> str:
        """results.csv description of a survey figure (``where``: " (Occupation: Nurses)" or "")."""
        g = self.groups
        # "% of staff ..." for a percentage; "Staff engagement score of all staff" for a score
        who = {self.metric(): "staff" if self.kind == SURVEY else "all staff",
               "benchmark_" + self.metric(): "staff in the benchmark group"}
        gap = {self.gap_metric(): "the"}
        for group in (g.reference, g.focus):
            who[self.metric(group)] = f"{group} staff"
            who["benchmark_" + self.metric(group)] = f"{group} staff in the benchmark group"
            gap[self.gap_metric(group)] = group
        if metric in who:
            return self.description.format(who=who[metric], where=where)
        if metric == "difference_pp":
            return (f"{g.focus} % minus {g.reference} %{where}, percentage points; 0 = equal, positive = "
                    f"{self.fare_worse} (distance from equity)")
        units = "percentage points" if self.kind == SURVEY else "points on the 0-10 scale"
        return (f"Organisation minus benchmark average for {gap[metric]} staff{where}, {units}; positive = "
                f"organisation higher ({'better' if self.better == HIGHER else 'worse'} than the benchmark)")

    # -- composition and board ---------------------------------------------
    def composition_description(self, group: str, where: str) -> str:
        """results.csv: a group's percentage of the workforce (``where``: "all staff", a band ...)."""
        return self.description.format(group=group, where=where)

    def board_descriptions(self, breakdown: str) -> dict[str, str]:
        """results.csv: the board figure's three rows, by metric (``board_bme_percent`` ...)."""
        g = self.groups
        return {"board_" + g.metrics[g.focus]: (f"{g.focus} members as % of {breakdown.lower()} board members "
                                                f"(unknown {g.name} in the denominator)"),
                "workforce_" + g.metrics[g.focus]: f"{g.focus} staff as % of the overall workforce (bank excluded)",
                "difference_pp": self.description}

    # -- every indicator -------------------------------------------------
    @property
    def name(self) -> str:
        """"Indicator 5" (WRES), "Metric 4a-i" (WDES)."""
        return f"{self.term} {self.number}"

    @property
    def title(self) -> str:
        """"Indicator 5: harassment, bullying or abuse from ..." (tables and headings)."""
        return f"{self.term} {self.number}: {self.what}"

    def distance(self, value: float, reference: float = math.nan) -> float:
        """The distance from equity of a figure, or NaN where it has none.

        Likelihoods: ratio - 1. Survey: ``value`` (focus group %) minus
        ``reference`` (reference group %). Composition and board: NaN
        (composition has no equal point of its own; the board figure already
        is the difference).
        """
        if self.kind == LIKELIHOOD:
            return value - 1
        if self.kind == SURVEY:
            return value - reference
        return math.nan

    def distance_direction(self, distance: float, places: int = 2) -> str:
        """Which way a distance from equity points, in words ("" when it is missing, "equal" when it rounds to 0)."""
        if distance is None or distance != distance or round(abs(distance), places) == 0:
            return "equal" if distance == distance and distance is not None else ""
        if self.kind == LIKELIHOOD:
            return self.above_one if distance > 0 else f"{self.denominator} {self.subjects} more likely"
        if self.kind == SURVEY:
            worse = distance > 0 if self.better == LOWER else distance < 0
            return f"{self.groups.focus} staff fare {'worse' if worse else 'better'}"
        return ""

    def judge(self, value: float, before: float) -> str:
        """Is a move from ``before`` to ``value`` better or worse for equality?

        "better"/"worse" by the indicator's direction; for ``closer to``
        indicators by whether ``|value - target|`` fell or rose, and "closer to
        equal"/"further from equal" (or "as far from equal") when the figure
        crossed the target. "" for no direction or when either figure is missing.
        """
        if any(x is None or x != x for x in (value, before)) or not self.better:
            return ""
        if self.better == HIGHER:
            return "better" if value > before else "worse" if value < before else ""
        if self.better == LOWER:
            return "better" if value < before else "worse" if value > before else ""
        now, then = value - self.target, before - self.target
        # distances compared to 9 decimals, so that 1.10 and 0.90 are as far from 1 despite binary fractions
        nearer, further = round(abs(now), 9) < round(abs(then), 9), round(abs(now), 9) > round(abs(then), 9)
        if now * then < 0:
            return "closer to equal" if nearer else "further from equal" if further else "as far from equal"
        return "better" if nearer else "worse" if further else ""


def composition(groups: Characteristic, number: int | str, *, term: str = "Indicator") -> Indicator:
    """The workforce's make-up: each group's % of staff by cluster and band and overall (no direction)."""
    f = groups.focus
    return Indicator(
        number, COMPOSITION, NO_DIRECTION, f"{f} % of the workforce", groups, breakdown="Overall", term=term,
        plot_title=f"{f} % of staff by band, {{year}} (dashed line: overall workforce {f} %)",
        axis_label=f"{f} % of staff in band",
        alt=(f"Bar chart of the {f} percentage of staff in each pay band for each cluster in {{year}}, with a "
             f"dashed line at the overall workforce {f} percentage."),
        description=f"{{group}} staff as % of {{where}} (unknown {groups.name} in the denominator)")


def board(groups: Characteristic, number: int | str, *, term: str = "Indicator") -> Indicator:
    """Board minus workforce focus-group %, percentage points: better the closer to 0."""
    f = groups.focus
    return Indicator(
        number, BOARD, CLOSER_TO_0, f"board minus workforce {f} %", groups, term=term,
        plot_title=f"{f} % of the board and of the workforce (board below workforce = under-represented)",
        axis_label=f"{f} %",
        alt=(f"Line chart by year of the {f} percentage of the whole board, executive members and voting "
             f"members, against the {f} percentage of the workforce."),
        description=(f"Board {f} % minus workforce {f} %, percentage points; 0 = equal, negative = {f} "
                     "staff under-represented on the board"))


def score(groups: Characteristic, number: int | str, what: str, *, better: str = HIGHER,
          term: str = "Indicator") -> Indicator:
    """A staff survey score (0-10, not a percentage) for each group and all staff."""
    ind = Indicator(number, SCORE, better, what, groups, term=term)
    return replace(
        ind,
        plot_title=f"{what[0].upper()}{what[1:]} (0-10; {ind.better_text})", axis_label="Score (0-10)",
        alt=(f"Line chart by survey year of the {what} of {groups.reference} and {groups.focus} staff and of all "
             "staff, trust against national average."),
        description=f"{what[0].upper()}{what[1:]} of {{who}}{{where}}, 0-10; {ind.better_text}")


def likelihood(groups: Characteristic, number: int | str, numerator: str, subjects: str, what: str, infinitive: str,
               gerund: str, noun: str, short: str, measures: tuple[str, str], *, breakdown: str = "All",
               two_year: bool = False, term: str = "Indicator") -> Indicator:
    """A relative-likelihood indicator, worded from its phrases: ``numerator`` rate / the other group's rate."""
    ind = Indicator(number, LIKELIHOOD, CLOSER_TO_1, what, groups, short=short, numerator=numerator,
                    subjects=subjects, verbs=(infinitive, gerund, noun), breakdown=breakdown, measures=measures,
                    two_year=two_year, term=term)
    first, second = ind.numerator, ind.denominator
    return replace(
        ind,
        plot_title=f"{noun[0].upper() + noun[1:]}: {ind.ratio_label} likelihood (above 1 = {ind.above_one})",
        axis_label=f"Relative likelihood, {ind.ratio_label} (95% interval)",
        alt=(f"Line chart of the {first} to {second} relative likelihood of {what} by year, with 95% intervals "
             "and a dashed line at 1 (equal)."),
        description=(f"Likelihood of {first} {subjects} {gerund} relative to {second} {subjects} "
                     f"({first} rate / {second} rate); 1.00 = equal, above 1 = {ind.above_one}"))


def survey(groups: Characteristic, number: int | str, better: str, what: str, gerund: str, past: str, period: str,
           short: str = "", *, term: str = "Indicator", focus_only: bool = False) -> Indicator:
    """A staff survey percentage, worded from its phrases (``{who}``/``{where}`` left in the description).

    ``focus_only``: a question asked of the focus group only (WDES metric 8), charted for that group alone.
    """
    ind = Indicator(number, SURVEY, better, what, groups, short=short, verbs=(gerund, past, ""), period=period,
                    term=term, focus_only=focus_only)
    who = groups.focus if focus_only else f"{groups.reference} and {groups.focus}"
    return replace(
        ind,
        plot_title=f"{(gerund + ' ' + what)[0].upper()}{(gerund + ' ' + what)[1:]} ({ind.better_text})",
        axis_label="% of staff",
        alt=(f"Line chart by survey year of the percentage of {who} staff "
             f"{ind.measure}, trust against national average, with 95% intervals for the trust."),
        description=f"% of {{who}}{{where}} {ind.measure}; {ind.better_text}")


@dataclass(frozen=True)
class Standard:
    """One equality standard: its characteristic and its indicators, keyed by number."""

    code: str            # "wres": results.csv's ``standard`` column and the CLI's ``--standard``
    name: str            # "Workforce Race Equality Standard"
    abbreviation: str    # "WRES"
    characteristic: Characteristic
    indicators: Mapping[int, Indicator]
    survey_year_lag: int = 1  # the report of year Y uses the NHS Staff Survey of autumn Y - lag
    #: A metric that is the trust's own words, not a figure (WDES 9b): its title, shown with the trust's
    #: commentary section ``<code>/metric_<number>``; "" for none.
    narrative: str = ""
    #: The data each indicator is computed from, as a sentence says it was not supplied ("recruitment counts
    #: (shortlisted and appointed applicants)"), by number.
    data_needed: Mapping[int | str, str] = field(default_factory=dict, compare=False)

    @property
    def term(self) -> str:
        """What the standard calls its figures: "Indicator" (WRES), "Metric" (WDES)."""
        return next(iter(self.indicators.values())).term

    def survey_year(self, year):
        """The NHS Staff Survey year the report of ``year`` uses (works on numbers and pandas Series)."""
        return year - self.survey_year_lag

    def how_to_read_ratios(self) -> str:
        """Markdown bullets: how each likelihood ratio is oriented."""
        lines = []
        for n in self.of_kind(LIKELIHOOD):
            d = self.indicators[n]
            lines.append(f"- **{d.title.split(':')[0]}** divides the {d.numerator} rate of {d.what} by the "
                         f"{d.denominator} rate: above 1 = {d.above_one}; {d.better_text} (1.00 = equal).")
        return "\n".join(lines)

    def of_kind(self, *kinds: str) -> tuple[int, ...]:
        """The numbers of this standard's indicators of one kind (or of any of several), in the declaration's
        order: ``of_kind(SURVEY, SCORE)`` is every staff survey figure."""
        return tuple(n for n, d in self.indicators.items() if d.kind in kinds)


#: Every standard the pack knows, by code; each declaration module registers itself on import.
REGISTRY: dict[str, Standard] = {}


def register(standard: Standard) -> Standard:
    """Add a standard to :data:`REGISTRY` (a code may be registered once) and return it."""
    if REGISTRY.get(standard.code, standard) is not standard:
        raise ValueError(f"a standard with code {standard.code!r} is already registered")
    for number, indicator in standard.indicators.items():
        if indicator.number != number or indicator.kind not in KINDS:
            raise ValueError(f"{standard.code} indicator {number}: number {indicator.number}, kind {indicator.kind!r}")
    REGISTRY[standard.code] = standard
    return standard
