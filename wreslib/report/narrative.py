"""Plain-English sentences generated from the numbers, for reviewers.

Every sentence states the direction of its comparison, the 95% interval, the
change from the previous year and whether that change is beyond the play of
chance (a two-sided z-test at the 5% level: on the log scale for likelihood
ratios, Newcombe's interval for percentages; years treated as independent,
which is approximate for a workforce that largely stays the same).
"""
from __future__ import annotations

import pandas as pd

from .coverage import missing_sentence, survey_missing_sentence
from ..standards.wres import INDICATORS, SURVEY_INDICATORS, fare_worse, ratio_sentence, survey_sentence_text, survey_year
from ..compute.indicators import find
from .tables import (Z95, _missing, change_hidden, change_significant, fmt_change, is_hidden,  # noqa: F401
                     percent_change_significant, ratio_change_significant, signed)

HIDDEN = "is not shown: it rests on numbers small enough to identify people"


def likelihood_sentence(results: pd.DataFrame, year: int, indicator: int) -> str:
    """One sentence for indicator 2, 3 or 4 in ``year``; empty if there is no figure."""
    breakdown = INDICATORS[indicator].breakdown
    now = find(results, year, indicator, breakdown, "relative_likelihood")
    if now is None:
        return missing_sentence(results, year, indicator) or ""
    if is_hidden(now):
        return f"The indicator {indicator} figure for {year} {HIDDEN}."
    if _missing(now["value"]):
        return f"Indicator {indicator} cannot be calculated for {year}: {now['note']}."
    text = ratio_sentence(indicator, f"{now['value']:.2f}")
    text += f" (95% interval {now['ci_low']:.2f} to {now['ci_high']:.2f}"
    text += "; the interval includes 1.00, so equal likelihood cannot be ruled out)" if now["ci_low"] <= 1 <= \
        now["ci_high"] else ")"
    if not _missing(now["change"]) and not change_hidden(now):
        text += ", " + fmt_change(now["change"], "ratio", indicator=indicator, value=now["value"],
                                  significant=change_significant(results, now), than=year - 1)
    return text + "."


def workforce_sentence(results: pd.DataFrame, year: int) -> str:
    """Indicator 1 overall, and including bank staff where known."""
    now = find(results, year, 1, "Overall", "bme_percent")
    if now is None:
        return missing_sentence(results, year, 1) or ""
    if is_hidden(now):
        return f"The workforce BME percentage for {year} {HIDDEN}."
    text = (f"BME staff were {now['value']:.2f}% of the workforce, bank staff excluded (95% interval "
            f"{now['ci_low']:.2f}% to {now['ci_high']:.2f}%)")
    if not change_hidden(now) and not _missing(now["change"]):
        text += ", " + fmt_change(now["change"], "percent", indicator=1, value=now["value"],
                                  significant=change_significant(results, now), than=year - 1)
    bank = find(results, year, 1, "Overall including bank", "bme_percent")
    if bank is not None and not is_hidden(bank):
        text += f". Including bank staff the figure is {bank['value']:.1f}%"
    return text + "."


def board_sentence(results: pd.DataFrame, year: int) -> str:
    """Indicator 9 for the whole board."""
    board = find(results, year, 9, "All", "board_bme_percent")
    diff = find(results, year, 9, "All", "difference_pp")
    if board is None or diff is None:
        return missing_sentence(results, year, 9) or ""
    if is_hidden(board) or is_hidden(diff):
        return f"The board figure for {year} {HIDDEN}."
    gap = f"{abs(diff['value']):.1f}"
    side = "at" if float(gap) == 0 else "below" if diff["value"] < 0 else "above"
    text = (f"BME members were {board['value']:.1f}% of the board against "
            f"{board['value'] - diff['value']:.2f}% of the workforce: "
            + ("equal representation" if side == "at" else f"{gap} percentage points {side} equal representation"))
    if not _missing(diff["change"]) and not change_hidden(diff):
        text += "; the difference is " + fmt_change(diff["change"], "pp", indicator=9, value=diff["value"],
                                                   than=year - 1)
    return text + "."


def survey_sentence(results: pd.DataFrame, year: int, indicator: int) -> str:
    """One sentence for survey indicator 5-8 of WRES ``year`` (the survey of ``year - 1``):
    both groups, the BME minus White gap with its 95% interval and whether it
    is beyond chance, and which way is better."""
    bme, white = (find(results, year, indicator, "All", m) for m in ("bme_percent", "white_percent"))
    diff = find(results, year, indicator, "All", "difference_pp")
    if bme is None or white is None:
        return missing_sentence(results, year, indicator) or ""
    if is_hidden(bme) or is_hidden(white):
        return (f"The indicator {indicator} figures for the {survey_year(year)} survey are not shown: they rest on "
                "numbers small enough to identify people.")
    text = survey_sentence_text(indicator, f"{bme['value']:.2f}%", f"{white['value']:.2f}%", survey_year(year))
    if diff is not None and not is_hidden(diff) and not _missing(diff["ci_low"]):
        beyond = not (diff["ci_low"] <= 0 <= diff["ci_high"])
        text += (f": a gap of {signed(diff['value'], 2)} percentage points (95% interval {signed(diff['ci_low'], 2)}"
                 f" to {signed(diff['ci_high'], 2)}; positive = {fare_worse(indicator)}), "
                 + ("larger than chance alone would explain" if beyond else "within the play of chance"))
    return text + f" ({INDICATORS[indicator].better_text})."


def summary_sentences(results: pd.DataFrame, year: int) -> list[str]:
    """The executive summary's sentences for indicators 1-9, in order; an indicator without data says so
    (:mod:`wreslib.report.coverage`), and a report without any survey figure says that once."""
    sentences = [workforce_sentence(results, year)]
    sentences += [likelihood_sentence(results, year, i) for i in (2, 3, 4)]
    no_survey = survey_missing_sentence(results, year)
    sentences += [no_survey] if no_survey else [survey_sentence(results, year, i) for i in SURVEY_INDICATORS]
    sentences.append(board_sentence(results, year))
    return [s for s in sentences if s]
