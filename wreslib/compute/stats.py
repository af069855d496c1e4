"""Confidence intervals for percentages, differences and likelihood ratios.

All functions take counts, never percentages, and return NaN (not an error,
not infinity) where a figure is undefined: a zero denominator, or a zero
rate in a ratio.
"""
from __future__ import annotations

import math

from scipy.stats import binomtest
from scipy.stats.contingency import relative_risk

CONFIDENCE = 0.95


def percent(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` in percent (0-100); NaN when the denominator is 0."""
    return 100.0 * numerator / denominator if denominator else math.nan


def wilson_interval(successes: int, trials: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for a proportion, in percent (0-100).

    ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``; (NaN, NaN)
    when ``trials`` is 0.

    >>> [round(x, 2) for x in wilson_interval(3, 10)]
    [10.78, 60.32]
    """
    if trials <= 0:
        return math.nan, math.nan
    ci = binomtest(int(successes), int(trials)).proportion_ci(confidence_level=confidence, method="wilson")
    return 100.0 * float(ci.low), 100.0 * float(ci.high)


def newcombe_difference(k1: int, n1: int, k2: int, n2: int, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Difference of two independent percentages, group 1 minus group 2, in
    percentage points, with Newcombe's hybrid score interval (method 10,
    built from the two Wilson intervals).

    Returns (difference, low, high); NaNs when either group is empty.
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan, math.nan
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = (x / 100 for x in wilson_interval(k1, n1, confidence))
    l2, u2 = (x / 100 for x in wilson_interval(k2, n2, confidence))
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * d, 100 * low, 100 * high


def likelihood_ratio(cases: int, total: int, ref_cases: int, ref_total: int,
                     confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Relative likelihood (cases/total) / (ref_cases/ref_total) with the Katz
    log interval from ``scipy.stats.contingency.relative_risk``.

    The first group is the numerator: for WRES indicator 2, pass White
    appointed and shortlisted first. Returns (ratio, low, high), all NaN when
    either rate is zero or a total is zero (the ratio is then undefined or
    infinite and must not be published as a number).

    >>> [round(x, 2) for x in likelihood_ratio(47, 100, 15, 100)]
    [3.13, 1.88, 5.22]
    """
    if min(total, ref_total) <= 0 or cases <= 0 or ref_cases <= 0:
        return math.nan, math.nan, math.nan
    result = relative_risk(int(cases), int(total), int(ref_cases), int(ref_total))
    ci = result.confidence_interval(confidence_level=confidence)
    return float(result.relative_risk), float(ci.low), float(ci.high)
