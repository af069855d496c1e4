"""Plain-English sentences generated from the numbers, for reviewers.

Every sentence states the direction of its comparison, the 95% interval, the
change from the previous year and whether that change is beyond the play of
chance (a two-sided z-test at the 5% level: on the log scale for likelihood
ratios, Newcombe's interval for percentages; years treated as independent,
which is approximate for a workforce that largely stays the same).
"""
from __future__ import annotations

import math

import pandas as pd

from .indicators import LIKELIHOOD, find
from .stats import newcombe_difference
from .tables import SURVEY_INDICATORS, change_hidden, fmt_change, is_hidden

HIDDEN = "is not shown: it rests on numbers small enough to identify people"

Z95 = 1.959963984540054

_RATIO_TEXT = {
    2: "White applicants were {v} times as likely as BME applicants to be appointed from shortlisting",
    3: "BME staff were {v} times as likely as White staff to enter the formal disciplinary process",
    4: "White staff were {v} times as likely as BME staff to access non-mandatory training and CPD",
}
def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def ratio_change_significant(now: pd.Series, before: pd.Series) -> bool | None:
    """Is the change between two likelihood ratios beyond chance? None if unknown.

    Standard errors of log ratios are recovered from the 95% intervals.
    """
    values = [now["value"], now["ci_low"], now["ci_high"], before["value"], before["ci_low"], before["ci_high"]]
    if any(_missing(v) or v <= 0 for v in values):
        return None
    se_now = (math.log(now["ci_high"]) - math.log(now["ci_low"])) / (2 * Z95)
    se_before = (math.log(before["ci_high"]) - math.log(before["ci_low"])) / (2 * Z95)
    z = (math.log(now["value"]) - math.log(before["value"])) / math.hypot(se_now, se_before)
    return abs(z) > Z95


def percent_change_significant(now: pd.Series, before: pd.Series) -> bool | None:
    """Is the change between two percentages beyond chance (Newcombe interval excludes 0)?"""
    counts = [now["numerator"], now["denominator"], before["numerator"], before["denominator"]]
    if any(_missing(c) for c in counts) or now["denominator"] == 0 or before["denominator"] == 0:
        return None
    _, low, high = newcombe_difference(int(now["numerator"]), int(now["denominator"]), int(before["numerator"]),
                                       int(before["denominator"]))
    return not (low <= 0 <= high)


def _noise(significant: bool | None) -> str:
    if significant is None:
        return ""
    return "; this change is larger than chance alone would explain" if significant else \
        "; this change is within the play of chance"


def likelihood_sentence(results: pd.DataFrame, year: int, indicator: int) -> str:
    """One sentence for indicator 2, 3 or 4 in ``year``; empty if there is no figure."""
    breakdown = LIKELIHOOD[indicator]["breakdown"]
    now = find(results, year, indicator, breakdown, "relative_likelihood")
    if now is None:
        return ""
    if is_hidden(now):
        return f"The indicator {indicator} figure for {year} {HIDDEN}."
    if _missing(now["value"]):
        return f"Indicator {indicator} cannot be calculated for {year}: {now['note']}."
    text = _RATIO_TEXT[indicator].format(v=f"{now['value']:.2f}")
    text += f" (95% interval {now['ci_low']:.2f} to {now['ci_high']:.2f}"
    text += "; the interval includes 1.00, so equal likelihood cannot be ruled out)" if now["ci_low"] <= 1 <= \
        now["ci_high"] else ")"
    before = find(results, year - 1, indicator, breakdown, "relative_likelihood")
    if before is not None and not _missing(now["change"]) and not change_hidden(now):
        text += f", {fmt_change(now['change'], 'ratio')} than {year - 1}" + _noise(ratio_change_significant(now, before))
    return text + "."


def workforce_sentence(results: pd.DataFrame, year: int) -> str:
    """Indicator 1 overall, and including bank staff where known."""
    now = find(results, year, 1, "Overall", "bme_percent")
    if now is None:
        return ""
    if is_hidden(now):
        return f"The workforce BME percentage for {year} {HIDDEN}."
    text = (f"BME staff were {now['value']:.2f}% of the workforce, bank staff excluded (95% interval "
            f"{now['ci_low']:.2f}% to {now['ci_high']:.2f}%)")
    before = find(results, year - 1, 1, "Overall", "bme_percent")
    if before is not None and not change_hidden(now) and not _missing(now["change"]):
        text += f", {fmt_change(now['change'], 'percent')} than {year - 1}" + _noise(
            percent_change_significant(now, before))
    bank = find(results, year, 1, "Overall including bank", "bme_percent")
    if bank is not None and not is_hidden(bank):
        text += f". Including bank staff the figure is {bank['value']:.1f}%"
    return text + "."


def board_sentence(results: pd.DataFrame, year: int) -> str:
    """Indicator 9 for the whole board."""
    board = find(results, year, 9, "All", "board_bme_percent")
    diff = find(results, year, 9, "All", "difference_pp")
    if board is None or diff is None:
        return ""
    if is_hidden(board) or is_hidden(diff):
        return f"The board figure for {year} {HIDDEN}."
    side = "below" if diff["value"] < 0 else "above"
    text = (f"BME members were {board['value']:.1f}% of the board against "
            f"{board['value'] - diff['value']:.2f}% of the workforce: {abs(diff['value']):.1f} percentage points "
            f"{side} equal representation")
    if not _missing(diff["change"]) and not change_hidden(diff):
        text += f" (the difference is {fmt_change(diff['change'], 'pp')} than in {year - 1})"
    return text + "."


_SURVEY_TEXT = {
    5: "experienced harassment, bullying or abuse from patients, relatives or the public",
    6: "experienced harassment, bullying or abuse from managers or colleagues",
    7: "believed the organisation provides equal opportunities for career progression or promotion",
    8: "experienced discrimination from a manager, team leader or colleagues",
}


def survey_sentence(results: pd.DataFrame, year: int, indicator: int) -> str:
    """One sentence for survey indicator 5-8 of WRES ``year`` (the survey of ``year - 1``):
    both groups, the BME minus White gap with its 95% interval and whether it
    is beyond chance, and which way is better."""
    bme, white = (find(results, year, indicator, "All", m) for m in ("bme_percent", "white_percent"))
    diff = find(results, year, indicator, "All", "difference_pp")
    if bme is None or white is None:
        return ""
    if is_hidden(bme) or is_hidden(white):
        return (f"The indicator {indicator} figures for the {year - 1} survey are not shown: they rest on numbers "
                "small enough to identify people.")
    text = (f"In the {year - 1} staff survey, {bme['value']:.2f}% of BME staff {_SURVEY_TEXT[indicator]}, "
            f"against {white['value']:.2f}% of White staff")
    if diff is not None and not is_hidden(diff) and not _missing(diff["ci_low"]):
        beyond = not (diff["ci_low"] <= 0 <= diff["ci_high"])
        text += (f": a gap of {diff['value']:+.2f} percentage points (95% interval {diff['ci_low']:+.2f} to "
                 f"{diff['ci_high']:+.2f}), " + ("larger than chance alone would explain" if beyond else
                                                  "within the play of chance"))
    better = "higher" if SURVEY_INDICATORS[indicator][1] else "lower"
    return text + f" ({better} is better)."


def summary_sentences(results: pd.DataFrame, year: int) -> list[str]:
    """The executive summary's sentences for indicators 1-9, in order (those with figures)."""
    sentences = [workforce_sentence(results, year)]
    sentences += [likelihood_sentence(results, year, i) for i in (2, 3, 4)]
    sentences += [survey_sentence(results, year, i) for i in (5, 6, 7, 8)]
    sentences.append(board_sentence(results, year))
    return [s for s in sentences if s]
