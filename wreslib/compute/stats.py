"""Confidence intervals for percentages, differences and likelihood ratios.

All functions take counts, never percentages, and return NaN (not an error,
not infinity) where a figure is undefined: a zero denominator, or a zero
rate in a ratio.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtri
from scipy.stats.contingency import relative_risk

CONFIDENCE = 0.95


def percent(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` in percent (0-100); NaN when the denominator is 0."""
    return 100.0 * numerator / denominator if denominator else math.nan


def wilson_interval(successes: int, trials: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson score interval for a proportion, in percent (0-100).

    The value of ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``,
    to the last bit (:func:`wilson_intervals`, without the test's p-value,
    which nothing uses); (NaN, NaN) when ``trials`` is 0.

    >>> [round(x, 2) for x in wilson_interval(3, 10)]
    [10.78, 60.32]
    """
    if trials <= 0:
        return math.nan, math.nan
    low, high = wilson_intervals(np.array([int(successes)]), np.array([int(trials)]), confidence)
    return float(low[0]), float(high[0])


def wilson_intervals(successes, trials, confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """:func:`wilson_interval` of arrays of counts at once (percent; NaN where ``trials`` is 0).

    The operations of scipy's ``_binom_wilson_conf_int`` (Newcombe 1998, method 3), in the same
    order, so the figures are the same to the last bit.
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    z = ndtri(0.5 + 0.5 * confidence)
    z2 = z ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 2 * (n + z2)
        center = (2 * n * p + z2) / denom
        q = 1 - p
        delta = z / denom * np.sqrt(4 * n * p * q + z2)
        low = np.where(k == 0, 0.0, center - delta)
        high = np.where(k == n, 1.0, center + delta)
    empty = n <= 0
    return np.where(empty, np.nan, 100.0 * low), np.where(empty, np.nan, 100.0 * high)


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


def likelihood_ratios(cases, total, ref_cases, ref_total, confidence: float = CONFIDENCE
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`likelihood_ratio` of arrays of counts at once: the operations of scipy's
    ``relative_risk`` and its Katz interval, in the same order; NaN where a ratio is undefined."""
    a, n1 = np.asarray(cases, dtype=np.int64), np.asarray(total, dtype=np.int64)
    c, n2 = np.asarray(ref_cases, dtype=np.int64), np.asarray(ref_total, dtype=np.int64)
    defined = (np.minimum(n1, n2) > 0) & (a > 0) & (c > 0)
    a_, n1_, c_, n2_ = (np.where(defined, x, 1).astype(np.float64) for x in (a, n1, c, n2))
    rr = (a_ / n1_) / (c_ / n2_)
    alpha = 1 - confidence
    z = ndtri(1 - alpha / 2)
    se = np.sqrt(1 / a_ - 1 / n1_ + 1 / c_ - 1 / n2_)
    delta = z * se
    low, high = rr * np.exp(-delta), rr * np.exp(delta)
    return tuple(np.where(defined, x, np.nan) for x in (rr, low, high))
