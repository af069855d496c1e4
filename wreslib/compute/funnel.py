"""Funnel plots: comparing organisations of different sizes with the system they belong to.

The standard way to compare NHS organisations (Spiegelhalter DJ, "Funnel plots for comparing
institutional performance", Statistics in Medicine 2005;24:1185-1202): each organisation's
figure is plotted against its size or precision, around the system's value (the **target**),
with control limits that show how far an organisation of that size could stray from the target
by chance alone. The limits narrow as organisations grow, hence the funnel. Two pairs of limits,
as Spiegelhalter recommends: 95% (about 2 standard errors; an organisation in 20 is outside by
chance) and 99.8% (about 3; one in 500).

- Indicator 1 (BME % of the workforce): the percentage against headcount, with exact binomial
  limits (:func:`proportion_limits`).
- Indicators 2-4 (relative likelihoods): the ratio on the log scale against its precision,
  1 / variance of the log ratio (:func:`log_ratio_precision`, :func:`log_ratio_limits`).

:func:`funnel_table` does both from a tidy frame of organisations; its ``outside`` column says
where each one falls, as data (:func:`outside_label`). The sentence naming the organisations
outside the limits and the plot are in the report layer (:mod:`wreslib.report.funnel`), since
names are input text to be escaped there.

Not adjusted for overdispersion: the limits allow for chance alone. Where organisations differ
for reasons of their own (the BME % of a trust's workforce follows its local population), many
will be outside the limits of a large system, which then says that they differ, not why.

Directions: ``above`` means the organisation's figure is higher than the system's by more than
chance (a higher BME % of the workforce; for a ratio, the group in the ratio's numerator is
more likely, relative to the other group, than across the system). What each side means in words
comes from the indicator's definition in :mod:`wreslib.standards.wres`.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import binom, norm

from ..standards.base import COMPOSITION, LIKELIHOOD, Indicator
from ..standards.wres import INDICATORS

#: The limits drawn and flagged, as two-sided coverage: 95% and 99.8% (Spiegelhalter 2005).
LEVELS = (0.95, 0.998)
ABOVE, BELOW, WITHIN = "above", "below", "within"


def as_indicator(indicator: Indicator | int) -> Indicator:
    """An indicator from the registry: an :class:`~wreslib.standards.base.Indicator`, or a WRES number."""
    return indicator if isinstance(indicator, Indicator) else INDICATORS[indicator]


def z_value(level: float) -> float:
    """The standard normal quantile of two-sided coverage ``level``: 1.96 for 0.95, 3.09 for 0.998.

    >>> round(z_value(0.95), 3), round(z_value(0.998), 3)
    (1.96, 3.09)
    """
    return float(norm.ppf(0.5 + level / 2))


def level_text(level: float) -> str:
    """``0.998`` as "99.8%", ``0.95`` as "95%" (labels, column names and sentences)."""
    return f"{100 * level:.10g}%"


def limit_columns(level: float) -> tuple[str, str]:
    """The names of the lower and upper limit columns of one level: ``("lower_95", "upper_95")``."""
    name = level_text(level).removesuffix("%")
    return f"lower_{name}", f"upper_{name}"


def outside_label(side: str, level: float | None = None) -> str:
    """The value of the ``outside`` column: "above 99.8%", "below 95%" ... or "within".

    ``side`` is :data:`ABOVE`, :data:`BELOW` or :data:`WITHIN`; ``level`` the widest limits the
    organisation is outside (not needed for "within"). Select rows by comparing with this
    function's result, never by reading the text.
    """
    return WITHIN if side == WITHIN else f"{side} {level_text(level)}"


def outside_categories(levels=LEVELS) -> list[str]:
    """The ``outside`` values from lowest to highest: below the widest limits first, above them last."""
    widest_first = sorted(levels, reverse=True)
    return ([outside_label(BELOW, lv) for lv in widest_first] + [WITHIN]
            + [outside_label(ABOVE, lv) for lv in reversed(widest_first)])


def _frame(sizes, levels, limits_of) -> pd.DataFrame:
    """One row per size: ``size`` and the lower and upper limit of each level, from
    ``limits_of(level, side, size)`` with side -1 for the lower limit and +1 for the upper."""
    size = np.asarray(sizes, dtype=float)
    out = {"size": size}
    for level in levels:
        lower, upper = limit_columns(level)
        out[lower], out[upper] = limits_of(level, -1, size), limits_of(level, +1, size)
    return pd.DataFrame(out)


def proportion_limits(target_percent: float, sizes, levels=LEVELS) -> pd.DataFrame:
    """Control limits for a percentage (0-100) around ``target_percent`` at each size (headcount).

    Exact binomial limits with Spiegelhalter's interpolation (2005, Appendix A.1.1), not the
    normal approximation: they are right for the small organisations too (the normal
    approximation is symmetric and can go below 0), and the interpolation makes the limits a
    smooth curve in the size despite the binomial being discrete. For the one-sided
    probability p (0.025 and 0.975 for 95%; 0.001 and 0.999 for 99.8%), with R ~ Binomial(n,
    target):

    - r_p = the smallest r with P(R <= r) >= p (``scipy.stats.binom.ppf``);
    - alpha = (P(R <= r_p) - p) / P(R = r_p), between 0 and 1;
    - limit = (r_p - alpha) / n, in percent; cut at 0 (near 0% the interpolation can go below).

    At 20% and n = 100 the 95% limits are 11.97% to 27.65%; the normal approximation,
    20 +/- 1.96 x sqrt(0.2 x 0.8 / 100) x 100, would give 12.16% to 27.84%. By n = 4,000 the two
    agree to 0.01 pp.

    ``sizes`` are headcounts (whole numbers); a size below 1 gets no limits (NaN). Returns a
    frame with ``size`` and, per level, ``lower_95``, ``upper_95`` ... in percent (0-100).

    >>> proportion_limits(20, [5]).round(3).to_dict("records")
    [{'size': 5.0, 'lower_95': 0.0, 'upper_95': 52.859, 'lower_99.8': 0.0, 'upper_99.8': 77.875}]
    """
    if not 0 < target_percent < 100:
        raise ValueError(f"the target must be a percentage strictly between 0 and 100, got {target_percent}")
    theta = target_percent / 100
    size = np.asarray(sizes, dtype=float)
    if np.any((size >= 1) & (size != np.round(size))):
        raise ValueError("sizes for percentage limits are headcounts: whole numbers")

    def limit(level, side, n):
        p = 0.5 + side * level / 2  # the one-sided probability: 0.025 and 0.975 for 95%
        n = np.where(n >= 1, n, np.nan)
        r = binom.ppf(p, n, theta)
        alpha = (binom.cdf(r, n, theta) - p) / binom.pmf(r, n, theta)
        return 100 * np.clip((r - alpha) / n, 0, 1)

    return _frame(size, levels, limit)


def log_ratio_precision(events1, base1, events2, base2):
    """The precision of a relative likelihood (events1/base1) / (events2/base2): 1 / var(log ratio).

    var(log ratio) = 1/events1 - 1/base1 + 1/events2 - 1/base2 (Katz; the variance behind the
    ratio's 95% interval in :func:`wreslib.compute.stats.likelihood_ratio`). It does not depend on
    which group is the numerator. NaN where the ratio or its variance is undefined: a zero count
    of events or people, or a variance of 0 (everyone counted in both groups). Works on numbers
    and on arrays or Series alike.

    >>> round(log_ratio_precision(20, 100, 10, 100), 4)  # 1 / (1/20 - 1/100 + 1/10 - 1/100) = 1 / 0.13
    7.6923
    """
    counts = [np.asarray(x, dtype=float) for x in (events1, base1, events2, base2)]
    a, n1, c, n2 = counts
    defined = (a > 0) & (n1 > 0) & (c > 0) & (n2 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = 1 / a - 1 / n1 + 1 / c - 1 / n2
        precision = np.where(defined & (variance > 0), 1 / variance, np.nan)
    return float(precision) if precision.ndim == 0 else precision


def log_ratio_limits(target_ratio: float, precisions, levels=LEVELS) -> pd.DataFrame:
    """Control limits for a relative likelihood around ``target_ratio`` at each precision.

    On the log scale, where a ratio is roughly normal: log(target) +/- z / sqrt(precision), z
    from :func:`z_value` (1.96 for 95%, 3.09 for 99.8%); precision as from
    :func:`log_ratio_precision`. Returned as ratios (the exponent of those limits), so that they
    compare directly with the organisations' ratios and plot on a log axis: a frame with ``size``
    (the precision) and, per level, ``lower_95``, ``upper_95`` ... A precision of 0 or below has
    no limits (NaN).

    The precision is from each organisation's own counts (Katz), not from the counts it would
    have at the target's ratio: simple and the same variance as the ratio's published interval,
    but an organisation's place on the x axis then moves a little with its own result.

    >>> log_ratio_limits(1.0, [25], levels=(0.95,)).round(4).to_dict("records")  # exp(+/- 1.96 x 0.2)
    [{'size': 25.0, 'lower_95': 0.6757, 'upper_95': 1.4799}]
    """
    if not target_ratio > 0 or math.isinf(target_ratio):
        raise ValueError(f"the target must be a ratio above 0, got {target_ratio}")
    centre = math.log(target_ratio)

    def limit(level, side, precision):
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.where(precision > 0, 1 / np.sqrt(precision), np.nan)
        return np.exp(centre + side * z_value(level) * se)

    return _frame(precisions, levels, limit)


def funnel_limits(indicator: Indicator | int, target: float, sizes, levels=LEVELS) -> pd.DataFrame:
    """The limits of an indicator's funnel at each size: :func:`proportion_limits` for indicator 1
    (sizes are headcounts), :func:`log_ratio_limits` for the relative likelihoods (sizes are
    precisions). Used for the table and for the curves drawn, so both are the same limits."""
    kind = as_indicator(indicator).kind
    if kind == COMPOSITION:
        return proportion_limits(target, sizes, levels)
    if kind == LIKELIHOOD:
        return log_ratio_limits(target, sizes, levels)
    raise ValueError(f"no funnel for indicators of kind {kind!r} (only composition and likelihood)")


def group_columns(indicator: Indicator | int, group: str) -> tuple[str, str]:
    """A ratio's input columns for one group: ``("bme_events", "bme_base")``, named from the
    group's results metric (``bme_percent``), so that a frame names its groups, not their order."""
    prefix = as_indicator(indicator).groups.metrics[group].removesuffix("_percent")
    return f"{prefix}_events", f"{prefix}_base"


def _percent_parts(frame: pd.DataFrame):
    """Indicator 1: (counts present, value, size, target, why not compared) from numerator/denominator."""
    k, n = frame["numerator"].astype(float), frame["denominator"].astype(float)
    counted = k.notna() & n.notna()
    if ((k < 0) | (n < 0) | (k > n)).any():
        raise ValueError("numerator and denominator must be counts with numerator <= denominator")
    # The system's percentage pools the counts: an average of the organisations' percentages
    # would give a small trust the weight of a large one.
    target = 100 * k[counted].sum() / n[counted].sum() if n[counted].sum() > 0 else math.nan
    usable = counted & (n > 0)
    why = pd.Series("", index=frame.index).mask(counted & ~usable, "no staff counted (headcount 0)")
    return counted, (100 * k / n).where(usable), n.where(usable), target, why


def _ratio_parts(frame: pd.DataFrame, ind: Indicator):
    """Indicators 2-4: (counts present, value, size, target, why not compared) from each group's events and bases."""
    groups = [(g, *(frame[col].astype(float).to_numpy() for col in group_columns(ind, g)))
              for g in (ind.numerator, ind.denominator)]
    (_, e1, b1), (_, e2, b2) = groups
    if any(((events < 0) | (events > base)).any() for _, events, base in groups):
        raise ValueError("events must be counts no larger than their base")
    counted = ~np.isnan([e1, b1, e2, b2]).any(axis=0)
    # The system's ratio is the ratio of the pooled rates. An organisation whose own ratio is
    # undefined (a zero rate) still counts: its staff are part of the system.
    with np.errstate(divide="ignore", invalid="ignore"):
        target = float((e1[counted].sum() / b1[counted].sum()) / (e2[counted].sum() / b2[counted].sum()))
        value = (e1 / b1) / (e2 / b2)
    precision = log_ratio_precision(e1, b1, e2, b2)
    usable = counted & np.isfinite(precision)
    why = [""] * len(frame)
    for i in np.flatnonzero(counted & ~usable):
        # "no BME staff entering the formal disciplinary process", "no White applicants"
        zero = [f"no {g} {ind.subjects}" if base[i] == 0 else
                f"no {g} {ind.subjects} {ind.verbs[1].removeprefix('being ')}"
                for g, events, base in groups if events[i] == 0 or base[i] == 0]
        why[i] = ("ratio undefined: " + " and ".join(zero) if zero
                  else "not compared: both rates are 100%, so the ratio has no chance variation")
    return (pd.Series(counted, index=frame.index), pd.Series(np.where(usable, value, np.nan), index=frame.index),
            pd.Series(np.where(usable, precision, np.nan), index=frame.index),
            target if np.isfinite(target) else math.nan, pd.Series(why, index=frame.index))


def _has_funnel(ind: Indicator, target: float) -> bool:
    """Can limits be drawn around ``target``? Not when it is undefined, nor at 0% or 100% (no chance variation)."""
    return not math.isnan(target) and (0 < target < 100 if ind.kind == COMPOSITION else 0 < target < math.inf)


def funnel_table(frame: pd.DataFrame, indicator: Indicator | int, levels=LEVELS) -> pd.DataFrame:
    """Every organisation's place in the funnel of one indicator.

    ``frame`` has one row per organisation: ``organisation`` (a code) and ``name``, and

    - indicator 1: ``numerator`` (BME staff) and ``denominator`` (headcount, unknown ethnicity
      included), as in the results contract;
    - indicators 2-4: each group's events and base, named by group (:func:`group_columns`):
      ``white_events``, ``white_base``, ``bme_events``, ``bme_base`` (indicator 2: appointed and
      shortlisted; 3: entered the formal disciplinary process and headcount; 4: accessed
      training and headcount). Which group is the ratio's numerator comes from the registry.

    An optional ``value`` column holds a published figure for organisations without counts.

    Returns ``frame`` with these columns added (or, for ``value``, filled):

    - ``value``: the organisation's percentage (0-100) or relative likelihood, from its counts;
      without counts, the published ``value`` if given;
    - ``size``: the funnel's x: headcount (indicator 1) or precision, 1 / var(log ratio) (read
      it as ``table["size"]``: ``table.size`` is pandas' number of cells);
    - ``target``: the system's value, from the summed counts of every organisation with counts
      (sum of numerators / sum of denominators; for a ratio, the ratio of the pooled rates);
    - ``lower_95``, ``upper_95``, ``lower_99.8``, ``upper_99.8``: the limits at the
      organisation's size, in the value's units;
    - ``outside``: where it falls (:func:`outside_label`: "above 99.8%", "above 95%", "within",
      "below 95%", "below 99.8%"; the widest limits it is outside), an ordered category, lowest
      first; empty (NaN) for an organisation not compared;
    - ``reason``: why an organisation is not compared ("" when it is): no counts (left out of
      the target too), no headcount, or a ratio undefined by a zero rate.

    Above means higher than the system by more than chance: see the module's docstring.
    """
    ind = as_indicator(indicator)
    if ind.kind == COMPOSITION:
        counted, value, size, target, why = _percent_parts(frame)
    elif ind.kind == LIKELIHOOD:
        counted, value, size, target, why = _ratio_parts(frame, ind)
    else:
        raise ValueError(f"no funnel for indicators of kind {ind.kind!r} (only composition and likelihood)")
    out = frame.copy()
    published = frame["value"].astype(float) if "value" in frame else pd.Series(math.nan, index=frame.index)
    out["value"] = value.where(counted, published)
    why = why.mask(~counted, "no counts").mask(~counted & published.notna(), "no counts: published figure only")
    if not _has_funnel(ind, target):
        why = why.mask(size.notna(), "not compared: no funnel around the system's value (undefined, 0% or 100%)")
        size = pd.Series(math.nan, index=frame.index)
    out["size"] = size
    out["target"] = target
    compared = size.notna()
    limits = funnel_limits(ind, target, size[compared], levels).set_index(size[compared].index) if compared.any() \
        else None
    out = place(out, limits, compared, levels)
    out["reason"] = why.where(~compared, "")
    return out


def place(table: pd.DataFrame, limits: pd.DataFrame | None, compared: pd.Series, levels=LEVELS) -> pd.DataFrame:
    """``table`` with each level's limit columns (from ``limits``: the rows ``compared``, indexed as
    ``table``; None when none is) and ``outside``: where each compared row's ``value`` falls
    (:func:`outside_label`, the widest limits it is outside; NaN for a row not compared), an ordered
    category, lowest first."""
    out = table.copy()
    if limits is None:
        limits = pd.DataFrame(columns=[c for level in levels for c in limit_columns(level)], dtype=float)
    flag = pd.Series(np.where(compared, WITHIN, None), index=table.index, dtype=object)
    for level in sorted(levels):  # narrowest first: a wider level overwrites it, so the widest passed is kept
        lower, upper = limit_columns(level)
        out[lower], out[upper] = limits[lower].reindex(table.index), limits[upper].reindex(table.index)
        flag[compared & (out["value"] > out[upper])] = outside_label(ABOVE, level)
        flag[compared & (out["value"] < out[lower])] = outside_label(BELOW, level)
    out["outside"] = pd.Categorical(flag, categories=outside_categories(levels), ordered=True)
    return out
