"""Disability classification for the WDES: ESR and survey values to Disabled, Non-disabled or Unknown.

The three groups (:data:`DISABILITY_GROUPS`, in report order):

- ``Non-disabled``: the person said they are not disabled (ESR "No").
- ``Disabled``: the person said they are disabled (ESR "Yes").
- ``Unknown``: no answer either way: declined, not asked, not recorded, blank,
  or a value the pack does not recognise (flagged: ``recognised`` is False).

The WDES compares Disabled staff against Non-disabled staff. The order puts
the comparison group first, as :data:`wreslib.classify.ethnicity.WRES_GROUPS` puts
White before BME, so code that handles both characteristics can rely on
position: comparison group, group the standard is about, Unknown.

Recognised values (case, spacing and punctuation do not matter, so
"NON-DISABLED", "non disabled" and "Non disabled." are the same):

==============================================  ============
Value                                           Group
==============================================  ============
Yes, Y, Disabled                                Disabled
No, N, Non-disabled, Nondisabled, Not disabled  Non-disabled
Not Declared, Prefer Not To Answer,             Unknown
Unspecified, I do not wish to disclose,
Prefer not to say, Not known, Not stated,
Unknown, blank (also NaN and None)
==============================================  ============

Examples
--------
>>> classify_disability(["Yes", "N", "Non-disabled", "Prefer Not To Answer", None, "Maybe"], log_unrecognised=False)
             disability          wdes  recognised
0                   Yes      Disabled        True
1                     N  Non-disabled        True
2          Non-disabled  Non-disabled        True
3  Prefer Not To Answer       Unknown        True
4                  <NA>       Unknown        True
5                 Maybe       Unknown       False
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

import pandas as pd

from . import labels
from ..errors import Problem
from .ethnicity import UNKNOWN

log = logging.getLogger(__name__)

DISABLED, NON_DISABLED = "Disabled", "Non-disabled"
#: Report order: the comparison group, the group the WDES is about, then Unknown.
DISABILITY_GROUPS = (NON_DISABLED, DISABLED, UNKNOWN)

#: Every recognised value, as a person would write it, and its group (the table above).
VALUES: dict[str, str] = {
    "Yes": DISABLED, "Y": DISABLED, "Disabled": DISABLED,
    "No": NON_DISABLED, "N": NON_DISABLED, "Non-disabled": NON_DISABLED, "Nondisabled": NON_DISABLED,
    "Not disabled": NON_DISABLED,
    "Not Declared": UNKNOWN, "Prefer Not To Answer": UNKNOWN, "Unspecified": UNKNOWN,
    "I do not wish to disclose": UNKNOWN, "Prefer not to say": UNKNOWN, "Not known": UNKNOWN,
    "Not stated": UNKNOWN, "Unknown": UNKNOWN, "": UNKNOWN,
}
#: Normalised value (:func:`wreslib.classify.labels.norm`) -> the value as written in :data:`VALUES`.
_KNOWN = {labels.norm(value): value for value in VALUES}


def classify_disability(values: Iterable[object], *, strict: bool = False, source: str | None = None,
                        log_unrecognised: bool = True) -> pd.DataFrame:
    """Classify raw disability values into Disabled, Non-disabled or Unknown.

    Parameters
    ----------
    values
        Values of :data:`VALUES` in any case, spacing or punctuation; blank,
        NaN and None are Unknown.
    strict
        Raise ``ValueError`` naming the unrecognised values (and ``source``)
        instead of counting them as Unknown.
    source
        Named in the warning about unrecognised values (e.g. the file).
    log_unrecognised
        Log that warning (False: the caller reports unrecognised values itself).

    Returns
    -------
    DataFrame aligned with ``values`` (same index if a Series), columns
    ``disability`` (the raw value), ``wdes`` (the group) and ``recognised``
    (False for values counted as Unknown only because they were not understood).
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    # Each distinct value is read once, then every row takes its value's group.
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=False)
    keys = [labels.norm(v) for v in uniques]
    groups = pd.array([VALUES[_KNOWN[k]] if k in _KNOWN else UNKNOWN for k in keys], dtype="string")
    known = pd.array([k in _KNOWN for k in keys], dtype=bool)
    out = pd.DataFrame({"disability": series.astype("string"), "wdes": groups.take(codes),
                        "recognised": known.take(codes)}, index=series.index)
    labels.report_unrecognised(out["disability"], out["recognised"], what="disability", strict=strict, source=source,
                               logger=log, log_unrecognised=log_unrecognised)
    return out


def closest_label(value: object) -> str | None:
    """The recognised value nearest to an unrecognised ``value`` (by spelling), or None if nothing is close.

    >>> closest_label("Yess"), closest_label("Non-disabed"), closest_label("zzzz")
    ('Yes', 'Non-disabled', None)
    """
    return labels.closest(value, _KNOWN)


def unrecognised(values: pd.Series, lines: pd.Series, file: str, column: str) -> list[Problem]:
    """One :class:`~wreslib.errors.Problem` per distinct unrecognised value (at its first line), with
    the closest recognised value; empty when every value is recognised. For inputs where a value stands
    for a published group (counts, published survey tables): there, an unknown value is an error,
    never a silent Unknown."""
    recognised = classify_disability(values, log_unrecognised=False)["recognised"]
    return labels.problems(values, lines, recognised, file, column, suggest=closest_label,
                           expected="a disability label the pack knows (such as Yes, No or Not Declared; "
                                    "see data/README.md)")


def disability_group(values: Iterable[object], **kwargs) -> pd.Series:
    """The WDES group (Non-disabled, Disabled, Unknown) of each value; see :func:`classify_disability`."""
    return classify_disability(values, **kwargs)["wdes"]
