"""Plain-English sentences generated from the numbers, for reviewers.

Every sentence states the direction of its comparison, the 95% interval, the
change from the previous year and whether that change is beyond the play of
chance (a two-sided z-test at the 5% level: on the log scale for likelihood
ratios, Newcombe's interval for percentages; years treated as independent,
which is approximate for a workforce that largely stays the same).

Each function takes ``standard`` (default the WRES) and words its sentence
from that standard's declaration: its groups, its indicators' numbers, what
they measure and which way is better.
"""
from __future__ import annotations

import pandas as pd

from .coverage import missing_sentence, survey_missing_sentence
from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Standard
from ..standards.wres import WRES
from ..compute.indicators import find
from .tables import (ALL_STAFF, Z95, _missing, change_hidden, change_significant, fmt_change,  # noqa: F401
                     fmt_value, is_hidden, percent_change_significant, ratio_change_significant, signed,
                     survey_groups)

HIDDEN = "is not shown: it rests on numbers small enough to identify people"


def likelihood_sentence(results: pd.DataFrame, year: int, indicator: int | str, standard: Standard = WRES) -> str:
    """One sentence for a likelihood indicator (WRES 2, 3 or 4; WDES 2 or 3) in ``year``; empty if there
    is no figure."""
    spec = standard.indicators[indicator]
    now = find(results, year, indicator, spec.breakdown, "relative_likelihood")
    if now is None:
        return missing_sentence(results, year, indicator, standard) or ""
    if is_hidden(now):
        return f"The {spec.name.lower()} figure for {year} {HIDDEN}."
    if _missing(now["value"]):
        return f"{spec.name} cannot be calculated for {year}: {now['note']}."
    text = spec.ratio_sentence(f"{now['value']:.2f}")
    text += f" (95% interval {now['ci_low']:.2f} to {now['ci_high']:.2f}"
    text += "; the interval includes 1.00, so equal likelihood cannot be ruled out)" if now["ci_low"] <= 1 <= \
        now["ci_high"] else ")"
    if not _missing(now["change"]) and not change_hidden(now):
        text += ", " + fmt_change(now["change"], "ratio", indicator=indicator, value=now["value"],
                                  significant=change_significant(results, now, standard), than=year - 1,
                                  standard=standard)
    return text + "."


def workforce_sentence(results: pd.DataFrame, year: int, standard: Standard = WRES) -> str:
    """The composition indicator (WRES 1, WDES 1) overall, and including bank staff where known."""
    n = standard.of_kind(COMPOSITION)[0]
    focus = standard.characteristic.focus
    metric = standard.characteristic.metrics[focus]
    now = find(results, year, n, "Overall", metric)
    if now is None:
        return missing_sentence(results, year, n, standard) or ""
    if is_hidden(now):
        return f"The workforce {focus} percentage for {year} {HIDDEN}."
    text = (f"{focus} staff were {now['value']:.2f}% of the workforce, bank staff excluded (95% interval "
            f"{now['ci_low']:.2f}% to {now['ci_high']:.2f}%)")
    if not change_hidden(now) and not _missing(now["change"]):
        text += ", " + fmt_change(now["change"], "percent", indicator=n, value=now["value"],
                                  significant=change_significant(results, now, standard), than=year - 1,
                                  standard=standard)
    bank = find(results, year, n, "Overall including bank", metric)
    if bank is not None and not is_hidden(bank):
        text += f". Including bank staff the figure is {bank['value']:.1f}%"
    return text + "."


def board_sentence(results: pd.DataFrame, year: int, standard: Standard = WRES) -> str:
    """The board indicator (WRES 9, WDES 10) for the whole board."""
    n = standard.of_kind(BOARD)[0]
    c = standard.characteristic
    board = find(results, year, n, "All", "board_" + c.metrics[c.focus])
    diff = find(results, year, n, "All", "difference_pp")
    if board is None or diff is None:
        return missing_sentence(results, year, n, standard) or ""
    if is_hidden(board) or is_hidden(diff):
        return f"The board figure for {year} {HIDDEN}."
    gap = f"{abs(diff['value']):.1f}"
    side = "at" if float(gap) == 0 else "below" if diff["value"] < 0 else "above"
    text = (f"{c.focus} members were {board['value']:.1f}% of the board against "
            f"{board['value'] - diff['value']:.2f}% of the workforce: "
            + ("equal representation" if side == "at" else f"{gap} percentage points {side} equal representation"))
    if not _missing(diff["change"]) and not change_hidden(diff):
        text += "; the difference is " + fmt_change(diff["change"], "pp", indicator=n, value=diff["value"],
                                                   than=year - 1, standard=standard)
    return text + "."


def _survey_hidden(spec, survey_year: int) -> str:
    return (f"The {spec.name.lower()} figures for the {survey_year} survey are not shown: they rest on "
            "numbers small enough to identify people.")


def score_sentence(results: pd.DataFrame, year: int, indicator: int | str, standard: Standard) -> str:
    """One sentence for a survey score (WDES metric 9a) of reporting ``year``: each group's score and all
    staff's (0-10, as published: no interval) and which way is better."""
    spec = standard.indicators[indicator]
    figures = {g: find(results, year, indicator, "All", m) for g, m in survey_groups(standard, indicator)}
    c = standard.characteristic
    if figures[c.focus] is None or figures[c.reference] is None:
        return missing_sentence(results, year, indicator, standard) or ""
    if is_hidden(figures[c.focus]) or is_hidden(figures[c.reference]):
        return _survey_hidden(spec, standard.survey_year(year))
    shown = {g: None if r is None or is_hidden(r) or _missing(r["value"]) else fmt_value(r["value"], "score")
             for g, r in figures.items()}
    text = spec.score_sentence(shown[c.focus], shown[c.reference], standard.survey_year(year),
                               shown.get(ALL_STAFF))
    return text + f" (0-{spec.scale:g}; {spec.better_text})."


def survey_sentence(results: pd.DataFrame, year: int, indicator: int | str, standard: Standard = WRES) -> str:
    """One sentence for a staff survey figure of reporting ``year`` (the survey of ``year - 1``): WRES
    indicators 5-8, WDES metrics 4a-i to 9a. Both groups, the focus minus reference gap with its 95%
    interval and whether it is beyond chance, and which way is better; for a question asked of the
    focus group only (WDES metric 8) that group's figure with its interval; for a score
    :func:`score_sentence`."""
    spec = standard.indicators[indicator]
    if spec.kind == SCORE:
        return score_sentence(results, year, indicator, standard)
    c = standard.characteristic
    focus = find(results, year, indicator, "All", spec.metric(c.focus))
    reference = None if spec.focus_only else find(results, year, indicator, "All", spec.metric(c.reference))
    diff = find(results, year, indicator, "All", "difference_pp")
    if focus is None or (reference is None and not spec.focus_only):
        return missing_sentence(results, year, indicator, standard) or ""
    if is_hidden(focus) or is_hidden(reference):
        return _survey_hidden(spec, standard.survey_year(year))
    text = spec.survey_sentence(f"{focus['value']:.2f}%", None if spec.focus_only else f"{reference['value']:.2f}%",
                                standard.survey_year(year))
    if spec.focus_only and not _missing(focus["ci_low"]):
        return text + f" (95% interval {focus['ci_low']:.2f}% to {focus['ci_high']:.2f}%; {spec.better_text})."
    if diff is not None and not is_hidden(diff) and not _missing(diff["ci_low"]):
        beyond = not (diff["ci_low"] <= 0 <= diff["ci_high"])
        text += (f": a gap of {signed(diff['value'], 2)} percentage points (95% interval {signed(diff['ci_low'], 2)}"
                 f" to {signed(diff['ci_high'], 2)}; positive = {spec.fare_worse}), "
                 + ("larger than chance alone would explain" if beyond else "within the play of chance"))
    return text + f" ({spec.better_text})."


def summary_sentences(results: pd.DataFrame, year: int, standard: Standard = WRES) -> list[str]:
    """The executive summary's sentences for every indicator of ``standard``, in order (composition,
    likelihoods, staff survey, board); an indicator without data says so (:mod:`wreslib.report.coverage`),
    and a report without any survey figure says that once."""
    sentences = [workforce_sentence(results, year, standard)]
    sentences += [likelihood_sentence(results, year, i, standard) for i in standard.of_kind(LIKELIHOOD)]
    no_survey = survey_missing_sentence(results, year, standard)
    sentences += [no_survey] if no_survey else [survey_sentence(results, year, i, standard)
                                                for i in standard.of_kind(SURVEY, SCORE)]
    sentences.append(board_sentence(results, year, standard))
    return [s for s in sentences if s]
