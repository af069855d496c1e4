"""What the characteristic classifiers share: reading a label, and saying which labels they did not know.

Each classifier (:mod:`wreslib.classify.ethnicity`, :mod:`wreslib.classify.disability`) maps
normalised labels (:func:`norm`) to groups, counts an unrecognised label as Unknown, and reports it the
same way: a warning listing each label with its count (:func:`report_unrecognised`), a ``ValueError`` in
strict mode, the nearest known label as a suggestion (:func:`closest`), and, for inputs where a label
stands for a published group, one :class:`~wreslib.errors.Problem` per label (:func:`problems`).
"""
from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Mapping

import pandas as pd

from ..errors import Problem

#: How alike (difflib ratio, 0 to 1) a label must be to a known one to be suggested.
SUGGEST_CUTOFF = 0.75


def norm(value: object) -> str:
    """A label as the classifiers compare it: lower case, '&' as 'and', punctuation as spaces, single
    spaces; blank for None, NaN and ``<NA>``.

    >>> norm("  Non-Disabled "), norm("Prefer not to answer."), norm("Mixed & other"), norm(None)
    ('non disabled', 'prefer not to answer', 'mixed and other', '')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    words = re.sub(r"[^0-9a-z]+", " ", str(value).lower().replace("&", " and ")).split()
    return " ".join(words)


def closest(value: object, known: Mapping[str, str]) -> str | None:
    """The label of ``known`` (normalised form -> label as a person writes it) nearest in spelling to
    ``value``, or None if none is close (see :data:`SUGGEST_CUTOFF`).

    >>> closest("Yess", {"yes": "Yes", "no": "No"}), closest("zzz", {"yes": "Yes"})
    ('Yes', None)
    """
    match = difflib.get_close_matches(norm(value), [k for k in known if k], n=1, cutoff=SUGGEST_CUTOFF)
    return known[match[0]] if match else None


def report_unrecognised(raw: pd.Series, recognised: pd.Series, *, what: str, strict: bool, source: str | None,
                        logger: logging.Logger, log_unrecognised: bool = True) -> None:
    """Raise ``ValueError`` (``strict``) or log a warning listing each unrecognised value of ``raw``
    with its count, e.g. ``2 disability value(s) in x.csv not recognised and counted as Unknown:
    'Maybe' (2)``; nothing if every value was recognised. ``what`` names the characteristic."""
    bad = raw[~recognised.to_numpy(dtype=bool)].value_counts(dropna=False)
    if not len(bad):
        return
    listing = ", ".join(f"{value!r} ({n})" for value, n in bad.items())
    where = f" in {source}" if source else ""
    if strict:
        raise ValueError(f"{what} values not recognised{where}: {listing}")
    if log_unrecognised:
        logger.warning("%d %s value(s)%s not recognised and counted as Unknown: %s", int(bad.sum()), what, where,
                       listing)


def problems(values: pd.Series, lines: pd.Series, recognised: pd.Series, file: str, column: str, *,
             expected: str, suggest: Callable[[object], str | None]) -> list[Problem]:
    """One :class:`~wreslib.errors.Problem` per distinct unrecognised value (at its first line, in line
    order): expected ``expected``, followed by ``(did you mean 'X'?)`` when ``suggest`` finds a label."""
    out = []
    for value in pd.unique(values[~recognised.to_numpy(dtype=bool)]):
        near = suggest(value)
        hint = f" (did you mean '{near}'?)" if near else ""
        out.append(Problem(file, expected + hint, int(lines[values == value].min()), column, value))
    return sorted(out, key=lambda p: p.line)
