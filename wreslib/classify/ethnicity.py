"""Ethnicity classification: NHS Data Dictionary codes and ESR labels to groups.

Three levels, from :data:`CATEGORIES`:

- ``detailed``: one of the 16 NHS "Ethnic Category" codes' names, or
  "Not stated" (Z, asked and declined) or "Not known" (99, blank).
- ``broad``: White, Mixed, Asian or Asian British, Black or Black British,
  Other ethnic groups, or Unknown.
- ``wres``: White (codes A-C), BME (D-S) or Unknown (Z, 99, blank and
  anything unrecognised).

Group-level labels ("White", "BME", "Mixed", "All other ethnic groups") give
the levels they determine and leave the finer ones missing (``<NA>``), since
the detail is not in the data.

Examples
--------
>>> classify_ethnicity(["A White - British", "C3 White Unspecified", "Black African", "Z Not Stated"])[["code", "wres"]]
  code     wres
0    A    White
1    C    White
2    N      BME
3    Z  Unknown
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import pandas as pd

from . import labels

log = logging.getLogger(__name__)

WHITE, BME, UNKNOWN = "White", "BME", "Unknown"
WRES_GROUPS = (WHITE, BME, UNKNOWN)
BROAD_GROUPS = ("White", "Mixed", "Asian or Asian British", "Black or Black British", "Other ethnic groups", UNKNOWN)

#: NHS Data Dictionary Ethnic Category: code -> (detailed name, broad group).
CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("White British", "White"),
    "B": ("White Irish", "White"),
    "C": ("Any other White background", "White"),
    "D": ("White and Black Caribbean", "Mixed"),
    "E": ("White and Black African", "Mixed"),
    "F": ("White and Asian", "Mixed"),
    "G": ("Any other mixed background", "Mixed"),
    "H": ("Indian", "Asian or Asian British"),
    "J": ("Pakistani", "Asian or Asian British"),
    "K": ("Bangladeshi", "Asian or Asian British"),
    "L": ("Any other Asian background", "Asian or Asian British"),
    "M": ("Caribbean", "Black or Black British"),
    "N": ("African", "Black or Black British"),
    "P": ("Any other Black background", "Black or Black British"),
    "R": ("Chinese", "Other ethnic groups"),
    "S": ("Any other ethnic group", "Other ethnic groups"),
    "Z": ("Not stated", UNKNOWN),
    "99": ("Not known", UNKNOWN),
}

#: 2021 Census groups with no NHS 2001 code of their own: detailed name -> (the 2001 code they roll up
#: to, broad group). Kept distinct at the detailed level; Gypsy or Irish Traveller and Roma sit under the
#: 2021 White heading and so count as White (2001 code C), Arab as BME (2001 code S, Other ethnic groups).
CATEGORIES_2021: dict[str, tuple[str, str]] = {
    "Gypsy or Irish Traveller": ("C", "White"),
    "Roma": ("C", "White"),
    "Arab": ("S", "Other ethnic groups"),
}
#: Every detailed category in report order: the NHS 2001 categories, each 2021-only group after the
#: 2001 category it rolls up to (so Not stated and Not known stay last).
DETAILED_CATEGORIES: list[tuple[str, str]] = []
for _code, (_name, _broad) in CATEGORIES.items():
    DETAILED_CATEGORIES.append((_name, _broad))
    DETAILED_CATEGORIES += [(n, b) for n, (c, b) in CATEGORIES_2021.items() if c == _code]

_BROAD_OF_CATEGORY = dict(DETAILED_CATEGORIES)


def wres_of_broad(broad: str) -> str:
    """The WRES group of a broad group: ``White``, ``Unknown``, or ``BME`` for the others.

    >>> wres_of_broad("White"), wres_of_broad("Mixed"), wres_of_broad("Unknown")
    ('White', 'BME', 'Unknown')
    """
    return broad if broad in (WHITE, UNKNOWN) else BME


def broad_of_category(detailed: str) -> str | None:
    """The broad group of a detailed category name (``"Indian"`` -> ``"Asian or Asian British"``); None if unknown."""
    return _BROAD_OF_CATEGORY.get(detailed)


def wres_of_category(detailed: str) -> str | None:
    """The WRES group of a detailed category name (``"Any other White background"`` -> ``"White"``); None if unknown.

    >>> wres_of_category("Any other White background"), wres_of_category("African"), wres_of_category("Not known")
    ('White', 'BME', 'Unknown')
    """
    broad = broad_of_category(detailed)
    return None if broad is None else wres_of_broad(broad)


# Names a code goes by in ESR, the census and survey tables, without the
# broad-group prefix (prefixes are added below). Normalised form: see _norm.
_NAMES: dict[str, list[str]] = {
    "A": ["british", "white british", "english welsh scottish northern irish or british", "english",
          "english welsh scottish northern irish british", "welsh", "scottish", "northern irish", "cornish"],
    "B": ["irish", "white irish"],
    "C": ["any other white background", "other white", "white other", "any other white", "other white background",
          "white unspecified", "polish", "white any other", "any other white ethnic background"],
    "Gypsy or Irish Traveller": ["gypsy or irish traveller", "gypsy", "romany", "gypsy romany", "irish traveller",
                                 "traveller", "gypsy traveller", "gypsy irish traveller"],
    "Roma": ["roma"],
    "D": ["white and black caribbean", "mixed white and black caribbean"],
    "E": ["white and black african", "mixed white and black african"],
    "F": ["white and asian", "mixed white and asian"],
    "G": ["any other mixed background", "other mixed", "mixed other", "any other mixed",
          "any other mixed multiple ethnic background", "other mixed background", "other mixed or multiple",
          "other mixed or multiple ethnic groups", "any other mixed or multiple ethnic background",
          "any other mixed multiple background"],
    "H": ["indian", "asian indian", "british indian"],
    "J": ["pakistani", "asian pakistani", "british pakistani"],
    "K": ["bangladeshi", "asian bangladeshi", "british bangladeshi"],
    "L": ["any other asian background", "other asian", "asian other", "any other asian", "other asian background",
          "asian unspecified"],
    "M": ["caribbean", "black caribbean", "british caribbean"],
    "N": ["african", "black african", "british african"],
    "P": ["any other black background", "other black", "black other", "any other black",
          "any other black african or caribbean background", "any other black african caribbean background",
          "other black background", "black unspecified"],
    "R": ["chinese", "asian chinese", "other chinese"],
    "S": ["any other ethnic group", "other ethnic group", "any other", "other", "any other ethnic background",
          "other ethnic", "other specified"],
    "Arab": ["arab"],
    "Z": ["not stated", "prefer not to say", "not declared", "declined", "not given", "refused",
          "i do not wish to disclose my ethnic origin", "do not wish to disclose", "not disclosed",
          "not stated person asked but declined to provide a response"],
    "99": ["not known", "unknown", "not recorded", "missing", "null", "n a", "na", "none"],
}

# Prefixes that sources put before a name ("Black or Black British - African").
_ASIAN_2021 = ["asian asian british or asian welsh", "asian asian british asian welsh"]
_PREFIXES: dict[str, list[str]] = {
    "White": ["white"],
    "Mixed": ["mixed", "mixed multiple ethnic groups", "mixed multiple ethnic group", "mixed dual background",
              "mixed or multiple ethnic groups", "mixed multiple ethnic background"],
    "Asian or Asian British": ["asian or asian british", "asian", "asian british", "asian asian british"]
                              + _ASIAN_2021,
    "Black or Black British": ["black or black british", "black", "black british",
                               "black african caribbean or black british", "black black british caribbean or african",
                               "black african caribbean black british",
                               "black black british black welsh caribbean or african"],
    "Other ethnic groups": ["other ethnic groups", "other ethnic group", "other"],
    UNKNOWN: [],
}
#: Names that a source files under another broad group's heading: the 2021 Census puts Chinese under Asian.
_EXTRA_PREFIXES = {"R": _PREFIXES["Asian or Asian British"]}

# Labels that name only a group: (broad, wres).
_GROUP_LABELS: dict[str, tuple[str | None, str]] = {
    "white": ("White", WHITE),
    "white staff": ("White", WHITE),
    "mixed": ("Mixed", BME),
    "mixed multiple ethnic groups": ("Mixed", BME),
    "asian": ("Asian or Asian British", BME),
    "asian or asian british": ("Asian or Asian British", BME),
    "asian british": ("Asian or Asian British", BME),
    "black british": ("Black or Black British", BME),
    "black": ("Black or Black British", BME),
    "black or black british": ("Black or Black British", BME),
    "black african caribbean or black british": ("Black or Black British", BME),
    "other ethnic groups": ("Other ethnic groups", BME),
    "bme": (None, BME),
    "bame": (None, BME),
    "black and minority ethnic": (None, BME),
    "black asian and minority ethnic": (None, BME),
    "black and minority ethnic bme": (None, BME),
    "ethnic minority": (None, BME),
    "ethnic minorities": (None, BME),
    "minority ethnic": (None, BME),
    "global majority": (None, BME),
    "mixed or multiple ethnic groups": ("Mixed", BME),
    "mixed multiple ethnic background": ("Mixed", BME),
    "asian asian british or asian welsh": ("Asian or Asian British", BME),
    "asian asian british": ("Asian or Asian British", BME),
    "black black british black welsh caribbean or african": ("Black or Black British", BME),
    "black african caribbean black british": ("Black or Black British", BME),
    "other ethnic group": ("Other ethnic groups", BME),
    "staff from all other ethnic groups combined": (None, BME),
    "all other ethnic groups": (None, BME),
    "all other ethnic groups combined": (None, BME),
    "other ethnic groups combined": (None, BME),
}

# Valid code letters (no I, O, Q, T-Y in the NHS list).
_CODE = re.compile(r"^(?P<letter>[abcdefghjklmnprsz])(?P<local>[0-9a-z])?$")
_CODE_FIRST = re.compile(r"^(?P<code>[abcdefghjklmnprsz][0-9a-z]?|99)\s+(?P<rest>.+)$")


def _broad_of_key(key: str) -> str:
    return CATEGORIES[key][1] if key in CATEGORIES else CATEGORIES_2021[key][1]


def _build_lookup() -> dict[str, str]:
    """Normalised label -> an NHS 2001 code, or the name of a 2021-only group."""
    lookup: dict[str, str] = {}
    for code, names in _NAMES.items():
        prefixes = [""] + _PREFIXES[_broad_of_key(code)] + _EXTRA_PREFIXES.get(code, [])
        for name in names:
            for prefix in prefixes:
                key = f"{prefix} {name}".strip()
                # An exact name beats a prefixed one ("other" alone is S).
                lookup.setdefault(key, code)
                # "White - British", "British - White" style word orders.
                lookup.setdefault(f"{name} {prefix}".strip(), code)
    lookup[""] = "99"
    return lookup


_LOOKUP = _build_lookup()


def _classify_one(value: object) -> tuple[str | None, str | None, str | None, str, bool]:
    """Return (code, detailed, broad, wres, recognised) for one raw value."""
    text = labels.norm(value)
    code = None
    # Whole labels first: "n a" must not read as code N with label "a".
    if text in _LOOKUP:
        code = _LOOKUP[text]
    elif text in _GROUP_LABELS:
        broad, wres = _GROUP_LABELS[text]
        return None, None, broad, wres, True
    elif text == "99":
        code = "99"
    elif (m := _CODE.match(text)) is not None:
        code = m["letter"].upper()
    elif (m := _CODE_FIRST.match(text)) is not None:
        # ESR "Ethnic Origin": a code, then its label. The code decides.
        code = m["code"].upper() if m["code"] == "99" else m["code"][0].upper()
    if code is None:
        return None, CATEGORIES["99"][0], UNKNOWN, UNKNOWN, False
    if code in CATEGORIES_2021:
        detailed, (code, broad) = code, CATEGORIES_2021[code]
        return code, detailed, broad, WHITE if broad == "White" else BME, True
    detailed, broad = CATEGORIES[code]
    wres = UNKNOWN if broad == UNKNOWN else WHITE if broad == "White" else BME
    return code, detailed, broad, wres, True


def classify_ethnicity(values: Iterable[object], *, strict: bool = False, source: str | None = None,
                       log_unrecognised: bool = True) -> pd.DataFrame:
    """Classify raw ethnicity values into NHS code, detailed, broad and WRES group.

    Parameters
    ----------
    values
        Codes ("A", "C3", "99"), ESR labels ("N Black or Black British -
        African"), or plain labels ("White Irish", "Prefer not to say",
        "BME"). Case, spacing and punctuation do not matter.
    strict
        Raise ``ValueError`` naming the unrecognised values instead of
        counting them as Unknown.
    source
        Named in the warning about unrecognised values (e.g. the file).
    log_unrecognised
        Log that warning (False: the caller reports unrecognised values itself).

    Returns
    -------
    DataFrame aligned with ``values`` (same index if a Series), columns
    ``ethnicity`` (the raw value), ``code``, ``detailed``, ``broad``,
    ``wres`` and ``recognised`` (False for values counted as Unknown only
    because they were not understood). Missing levels are ``<NA>``.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    # Each distinct value is classified once, then every row takes its value's classes.
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=False)
    table = pd.DataFrame([_classify_one(v) for v in uniques], columns=["code", "detailed", "broad", "wres", "recognised"])
    out = table.take(codes)
    out.index = series.index
    for col in ("code", "detailed", "broad", "wres"):
        out[col] = out[col].astype("string")
    out.insert(0, "ethnicity", series.astype("string"))
    labels.report_unrecognised(out["ethnicity"], out["recognised"], what="ethnicity", strict=strict, source=source,
                               logger=log, log_unrecognised=log_unrecognised)
    return out


def _known_labels() -> dict[str, str]:
    """Normalised form -> a label as a person would write it, for suggestions."""
    names = [name for name, _ in DETAILED_CATEGORIES] + [b for b in BROAD_GROUPS if b != UNKNOWN]
    names += ["BME", "All other ethnic groups", "White"]
    known = {labels.norm(label): label for label in names}
    for key in _LOOKUP:
        if key and key not in known:
            code = _LOOKUP[key]
            known[key] = code if code not in CATEGORIES else CATEGORIES[code][0]
    return known


def closest_label(value: object) -> str | None:
    """The known label nearest to an unrecognised ``value`` (by spelling), or None if nothing is close.

    >>> closest_label("Black Carribean"), closest_label("Whte British"), closest_label("zzzz")
    ('Caribbean', 'White British', None)
    """
    return labels.closest(value, _known_labels())


def unrecognised(values: pd.Series, lines: pd.Series, file: str, column: str) -> list:
    """One :class:`~wreslib.errors.Problem` per distinct unrecognised label (at its first line), with
    the closest known label; empty when every value is recognised. For inputs where a label stands
    for a published group (counts, published survey tables): there, an unknown label is an error,
    never a silent Unknown."""
    return labels.problems(values, lines, classify_ethnicity(values)["recognised"], file, column,
                           expected="an ethnicity label the pack knows (see data/README.md)", suggest=closest_label)


def wres_group(values: Iterable[object], **kwargs) -> pd.Series:
    """The WRES group (White, BME, Unknown) of each value; see :func:`classify_ethnicity`."""
    return classify_ethnicity(values, **kwargs)["wres"]
