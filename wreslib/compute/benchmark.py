"""A national survey benchmark: where the trust's staff survey figures sit among all trusts'.

``DIR/survey_benchmark.csv`` (optional; or ``.xlsx``) holds many organisations' published NHS Staff
Survey WRES figures: the columns of ``survey.csv`` (:func:`wreslib.compute.survey.read_survey`, every
rule of that file) plus a required ``organisation`` (an organisation code, such as ``RXX``) and an
optional ``name``. One figure per organisation, survey year, indicator, group and occupation; rows with
or without ``responses`` (figures published without a number of responses are allowed).

For each of WRES indicators 5-8 and each group (White, BME staff; breakdown ``All``), in the survey
year of the reporting year (:func:`wreslib.standards.wres.survey_year`):

- **The trust's figure** is its own published figure from the report's results (after disclosure
  control: :func:`wreslib.publish.pipeline.report_results`), never the benchmark file's. The trust is
  found in the file by ``[trust] code`` of ``DIR/wres.toml`` (:func:`trust_code`): its rows there are
  left out, so it is counted once. A trust not in the file (or without a code) is ranked among the
  file's organisations with its own figure. A figure disclosure control hid has no rank, no place in
  the funnel and no part in the pooled value (:data:`HIDDEN`).
- **Rank** (:func:`rank`): 1 is the figure best for staff, by the indicator's direction in the
  standards registry (:attr:`wreslib.standards.base.Indicator.better`): for indicators 5, 6 and 8
  (harassment, discrimination) the lowest percentage, for indicator 7 (equal opportunities for
  career progression) the highest. Figures that print the same at :data:`PLACES` decimals (as the
  report prints percentages) are tied and share the better rank ("1, 2, 2, 4"): the rank is 1 + the
  number of organisations with a better figure.
- **Percentile** (0-100, higher is better for staff): 100 x (the other organisations with a worse
  figure + half of those with the same figure) / (the number of other organisations). 100: better
  than every other organisation; 0: worse than every other; 50: the middle. None without another
  organisation to compare with.
- **Funnel limits** (:func:`funnel`): around the pooled percentage of the organisations with counts
  (100 x the sum of the positive answers / the sum of the responses; an organisation's positive
  answers are round(percent x responses / 100), as :func:`wreslib.compute.survey.published_figures`
  takes them), exact binomial limits at each organisation's number of responses
  (:func:`wreslib.compute.funnel.proportion_limits`, 95% and 99.8%). Figures without a number of
  responses, and weighted ones (no count of respondents), are ranked but left out of the pooled value
  and the limits (``reason`` says why). ``outside`` says on which side of the limits a figure is, as
  :func:`wreslib.compute.funnel.funnel_table` does: ``above`` is a higher percentage than the pooled
  value by more than chance; whether that is better or worse comes from the indicator's direction.

Not suppressed here: the benchmark's figures are other organisations' published figures, and the
trust's own come already through disclosure control.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import InputError, Problem
from ..inputs import reading
from ..inputs.settings import trust_code  # noqa: F401 - the notebooks call benchmark.trust_code
from ..standards.base import HIGHER, LOWER
from ..standards.wres import SURVEY_INDICATORS, WRES
from . import survey
from .funnel import LEVELS, place, proportion_limits

BENCHMARK_FILE = reading.BENCHMARK_FILE
ORGANISATION, NAME = "organisation", "name"
#: The groups ranked, in report order: the reference group (White), then the focus group (BME).
GROUPS = (WRES.characteristic.reference, WRES.characteristic.focus)
#: Decimal places at which figures are compared for the rank (as the report prints percentages).
PLACES = 2
#: ``reason`` of the trust's figure when disclosure control hid it.
HIDDEN = "hidden by disclosure control"
#: ``reason`` of a figure published without a number of responses.
NO_RESPONSES = "published without a number of responses"
#: ``reason`` of a weighted figure.
WEIGHTED = "weighted percentage (no count of respondents)"
#: ``reason`` of the trust's figure when no other organisation has one to compare with.
ALONE = "no other organisation's figure in the benchmark file"

_EXTRA = {
    ORGANISATION: pa.Column(str, pa.Check.str_length(min_value=1, error="an organisation code such as RXX "
                                                                        "(not empty)")),
    NAME: pa.Column(str),
}

#: The columns of :func:`organisations` (and, with rank, percentile and the funnel's, of :func:`comparison`).
COLUMNS = [ORGANISATION, NAME, "is_trust", "value", "responses", "positive", "counted", "reason", "source_line"]


def read_benchmark(path: str | Path) -> pd.DataFrame:
    """Read and validate a national survey file (``survey_benchmark.csv``).

    Every rule of ``survey.csv`` (:func:`wreslib.compute.survey.read_survey`: percentages 0-100, groups
    the classifier knows, one figure per survey year, indicator, group and occupation, here per
    organisation), plus: ``organisation`` is required and not empty; ``name`` (optional) is one name
    per organisation (two different names of one code are an error). Returns the rows of
    :func:`~wreslib.compute.survey.read_survey` with ``organisation`` and ``name`` (the code where the
    file gives no name). Raises :class:`InputError` naming file, line and column.
    """
    frame = survey.read_figures(path, extra=_EXTRA, required=(ORGANISATION,), per=(ORGANISATION,))
    named = frame[frame[NAME] != ""]
    first = named.drop_duplicates(ORGANISATION).set_index(ORGANISATION)
    clash = named[named[NAME] != named[ORGANISATION].map(first[NAME])]
    if len(clash):
        raise InputError([Problem(str(path), f"one name per organisation: line {int(first.at[code, reading.LINE])} "
                                             f"names {code} '{first.at[code, NAME]}'", int(line), NAME, name)
                          for code, name, line in zip(clash[ORGANISATION], clash[NAME], clash[reading.LINE])])
    names = frame[ORGANISATION].map(first[NAME])
    return frame.assign(**{NAME: names.where(names.notna(), frame[ORGANISATION])})


def benchmark_path(data_dir: str | Path) -> Path:
    """``DIR/survey_benchmark.csv`` (or ``.xlsx``: :func:`wreslib.inputs.reading.input_path`)."""
    return reading.input_path(data_dir, Path(BENCHMARK_FILE).stem)


def load_benchmark(data_dir: str | Path) -> pd.DataFrame | None:
    """:func:`read_benchmark` of the data folder's file; None when there is none."""
    path = benchmark_path(data_dir)
    return read_benchmark(path) if path.is_file() else None


def _direction(indicator: int) -> str:
    """The indicator's better direction from the registry: ``higher`` or ``lower`` (ValueError otherwise)."""
    better = WRES.indicators[indicator].better
    if better not in (HIGHER, LOWER):
        raise ValueError(f"indicator {indicator} has no higher or lower direction to rank by")
    return better


def organisations(benchmark: pd.DataFrame, results: pd.DataFrame, year: int, indicator: int, group: str,
                  code: str | None = None) -> pd.DataFrame | None:
    """One row per organisation with a figure for ``indicator`` and ``group`` in ``year``'s survey.

    ``benchmark`` is :func:`read_benchmark`'s frame, ``results`` the report's results (after disclosure
    control), ``year`` the WRES reporting year, ``code`` the trust's code (its benchmark rows are left
    out). The trust's row comes first (``is_trust``), from ``results``: ``value`` NaN and ``reason``
    :data:`HIDDEN` when it was hidden. Columns :data:`COLUMNS`: ``value`` in percent (0-100),
    ``responses`` (n, NaN without), ``positive`` (k, NaN without counts), ``counted`` (the figure has
    counts for the funnel), ``reason`` (why a figure is not in the funnel, "" when it is). None when
    the trust has no such figure in the results.
    """
    metric = WRES.indicators[indicator].metric(group)
    own = results[(results["year"] == year) & (results["indicator"] == indicator) & (results["breakdown"] == survey.ALL)
                  & (results["metric"] == metric)]
    if own.empty:
        return None
    own = own.iloc[0]
    hidden = bool(own.get("suppressed", False)) or pd.isna(own["value"])
    k, n = (math.nan, math.nan) if hidden else (float(own["numerator"]), float(own["denominator"]))
    counted = not (hidden or math.isnan(k) or math.isnan(n))
    trust = {ORGANISATION: code or "", NAME: "", "is_trust": True, "value": math.nan if hidden else float(own["value"]),
             "responses": n, "positive": k if counted else math.nan, "counted": counted,
             "reason": HIDDEN if hidden else "" if counted else NO_RESPONSES, "source_line": math.nan}
    rows = survey.of_standard(benchmark, WRES)
    rows = rows[(rows["survey_year"] == WRES.survey_year(year)) & (rows["indicator"] == indicator)
                & (rows["breakdown"] == survey.ALL) & (rows["metric"] == metric)]
    if code is not None:
        rows = rows[rows[ORGANISATION] != code]
    n = rows["responses"].astype(float)
    weighted = rows["weighted"].astype(bool)
    counted = n.notna() & ~weighted
    others = pd.DataFrame({
        ORGANISATION: rows[ORGANISATION], NAME: rows[NAME], "is_trust": False, "value": rows["percent"].astype(float),
        "responses": n, "positive": (rows["percent"] * n / 100).round().where(counted), "counted": counted,
        "reason": np.where(weighted, WEIGHTED, np.where(n.isna(), NO_RESPONSES, "")),
        "source_line": rows[reading.LINE].astype(float)})
    out = pd.concat([pd.DataFrame([trust]), others], ignore_index=True)[COLUMNS]
    return out.astype({"is_trust": bool, "counted": bool, "value": float, "responses": float, "positive": float})


def print_key(values: pd.Series) -> pd.Series:
    """Each figure as printed at :data:`PLACES` decimals, as a number: the key figures are compared by."""
    return values.map(lambda v: float(f"{v:.{PLACES}f}"))


def rank(table: pd.DataFrame, indicator: int) -> pd.DataFrame:
    """``table`` (:func:`organisations`) with ``rank``, ``ranked`` and ``percentile`` of every figure.

    Rank 1 is the figure best for staff by the indicator's direction (lowest % for 5, 6, 8; highest for
    7), ties (the same at :data:`PLACES` decimals) share the better rank; ``ranked`` is the number of
    figures ranked (hidden and missing ones are not); ``percentile`` is 100 x (worse + half of the same)
    / (ranked - 1), NaN when only one figure is ranked. Rank and percentile are NaN for an unranked row.
    """
    ascending = _direction(indicator) == LOWER
    shown = table["value"].notna()
    key = print_key(table.loc[shown, "value"])
    ranks = key.rank(method="min", ascending=ascending)
    total = int(shown.sum())
    same = key.map(key.value_counts()) - 1
    worse = total - ranks - same
    percentile = 100 * (worse + same / 2) / (total - 1) if total > 1 else pd.Series(math.nan, index=key.index)
    return table.assign(rank=ranks.reindex(table.index).astype("Int64"), ranked=total,
                        percentile=percentile.reindex(table.index).astype(float))


def funnel(table: pd.DataFrame, levels=LEVELS) -> pd.DataFrame:
    """``table`` (:func:`organisations`) with the funnel: ``target`` (the pooled percentage of the
    ``counted`` rows: 100 x sum of ``positive`` / sum of ``responses``), each level's limits at the
    row's ``responses`` (``lower_95``, ``upper_95``, ...; percent) and ``outside`` (``within``,
    ``above 95%``, ``below 99.8%`` ...: :func:`wreslib.compute.funnel.outside_label`; missing for a
    row not in the funnel). No funnel (``target`` NaN, no limits) with fewer than two counted rows, nor
    when the pooled value is 0% or 100% (no chance variation)."""
    counted = table["counted"]
    total = table.loc[counted, "responses"].sum()
    # One organisation is no funnel: its pooled value would be its own figure.
    target = 100 * table.loc[counted, "positive"].sum() / total if total > 0 and counted.sum() > 1 else math.nan
    compared = counted & (0 < target < 100)
    sizes = table.loc[compared, "responses"]
    limits = proportion_limits(target, sizes, levels).set_index(sizes.index) if compared.any() else None
    return place(table.assign(target=target), limits, compared, levels)


def comparison(benchmark: pd.DataFrame, results: pd.DataFrame, year: int, indicator: int, group: str,
               code: str | None = None, levels=LEVELS) -> pd.DataFrame | None:
    """:func:`organisations` with :func:`rank` and :func:`funnel`: everything the page shows of one
    indicator and group. The trust's row is unranked (``reason`` :data:`ALONE`) when no other
    organisation has a figure. None when the trust has no such figure."""
    table = organisations(benchmark, results, year, indicator, group, code)
    if table is None:
        return None
    out = funnel(rank(table, indicator), levels)
    if len(out) == 1 and out.at[0, "value"] == out.at[0, "value"]:
        out["rank"] = pd.array([pd.NA], dtype="Int64")
        out.at[0, "reason"] = ALONE
    return out


def summary(benchmark: pd.DataFrame, results: pd.DataFrame, year: int, code: str | None = None,
            levels=LEVELS) -> pd.DataFrame:
    """One row per indicator (5-8) and group (White, BME) where the trust has a figure: the trust's row
    of :func:`comparison` (``value``, ``responses``, ``rank``, ``ranked``, ``percentile``, ``target``,
    its limits and ``outside``, ``reason``) with ``indicator``, ``group``, ``better`` (the direction:
    ``higher`` or ``lower`` is better), ``others`` (organisations with a figure besides the trust) and
    ``uncounted`` (the other organisations' figures left out of the funnel: no responses, weighted)."""
    rows = []
    for indicator in SURVEY_INDICATORS:
        for group in GROUPS:
            table = comparison(benchmark, results, year, indicator, group, code, levels)
            if table is None:
                continue
            others = table[~table["is_trust"]]
            trust = table[table["is_trust"]].iloc[0].to_dict()
            rows.append(dict(indicator=indicator, group=group, better=_direction(indicator), **trust,
                             others=len(others), uncounted=int((~others["counted"]).sum())))
    return pd.DataFrame(rows)
