import pandas as pd
import pytest

from wreslib.classify.ethnicity import CATEGORIES, classify_ethnicity

# (code, detailed, broad, wres) for every NHS Data Dictionary code.
EXPECTED = {
    "A": ("White British", "White", "White"),
    "B": ("White Irish", "White", "White"),
    "C": ("Any other White background", "White", "White"),
    "D": ("White and Black Caribbean", "Mixed", "BME"),
    "E": ("White and Black African", "Mixed", "BME"),
    "F": ("White and Asian", "Mixed", "BME"),
    "G": ("Any other mixed background", "Mixed", "BME"),
    "H": ("Indian", "Asian or Asian British", "BME"),
    "J": ("Pakistani", "Asian or Asian British", "BME"),
    "K": ("Bangladeshi", "Asian or Asian British", "BME"),
    "L": ("Any other Asian background", "Asian or Asian British", "BME"),
    "M": ("Caribbean", "Black or Black British", "BME"),
    "N": ("African", "Black or Black British", "BME"),
    "P": ("Any other Black background", "Black or Black British", "BME"),
    "R": ("Chinese", "Other ethnic groups", "BME"),
    "S": ("Any other ethnic group", "Other ethnic groups", "BME"),
    "Z": ("Not stated", "Unknown", "Unknown"),
    "99": ("Not known", "Unknown", "Unknown"),
}


def test_every_code_is_covered():
    assert set(EXPECTED) == set(CATEGORIES)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_every_nhs_code(code):
    row = classify_ethnicity([code, code.lower(), f" {code} "]).iloc[0]
    for variant in classify_ethnicity([code, code.lower(), f" {code} "]).itertuples():
        assert (variant.code, variant.detailed, variant.broad, variant.wres) == (code,) + EXPECTED[code]
    assert row["recognised"]


@pytest.mark.parametrize("value, code, wres", [
    ("C3", "C", "White"), ("CA", "C", "White"), ("CL", "C", "White"), ("CN", "C", "White"), ("CP", "C", "White"),
    ("LA", "L", "BME"), ("PD", "P", "BME"), ("S1", "S", "BME"), ("c3", "C", "White"),
    ("A White - British", "A", "White"), ("C3 White Unspecified", "C", "White"), ("Z Not Stated", "Z", "Unknown"),
    ("N Black or Black British - African", "N", "BME"), ("99 Not Known", "99", "Unknown"),
    ("D Mixed - White & Black Caribbean", "D", "BME"), ("R Chinese", "R", "BME"),
    ("White British", "A", "White"), ("white-british", "A", "White"), ("WHITE  BRITISH", "A", "White"),
    ("Black African", "N", "BME"), ("Black Caribbean", "M", "BME"), ("Any other White background", "C", "White"),
    ("White - Any other White background", "C", "White"), ("Gypsy or Irish Traveller", "C", "White"),
    ("Asian or Asian British - Indian", "H", "BME"), ("Mixed: White and Asian", "F", "BME"),
    ("Not stated", "Z", "Unknown"), ("Prefer not to say", "Z", "Unknown"), ("", "99", "Unknown"),
    ("N/A", "99", "Unknown"), ("Not known", "99", "Unknown"),
])
def test_codes_and_label_variants(value, code, wres):
    row = classify_ethnicity([value]).iloc[0]
    assert (row["code"], row["wres"], bool(row["recognised"])) == (code, wres, True)


@pytest.mark.parametrize("value, broad, wres", [
    ("BME", None, "BME"), ("BAME", None, "BME"), ("bame", None, "BME"), ("White", "White", "White"),
    ("All other ethnic groups", None, "BME"), ("All other ethnic groups*", None, "BME"),
    ("Mixed", "Mixed", "BME"), ("Black or Black British", "Black or Black British", "BME"),
])
def test_group_only_labels_leave_finer_levels_missing(value, broad, wres):
    row = classify_ethnicity([value]).iloc[0]
    assert row["wres"] == wres
    assert pd.isna(row["code"]) and pd.isna(row["detailed"])
    assert (pd.isna(row["broad"]) if broad is None else row["broad"] == broad)


def test_unrecognised_becomes_unknown_and_is_reported_once_with_count(caplog):
    with caplog.at_level("WARNING"):
        out = classify_ethnicity(["Martian", "Martian", "Q", "A"], source="x.csv")
    assert out["wres"].tolist() == ["Unknown", "Unknown", "Unknown", "White"]
    assert out["recognised"].tolist() == [False, False, False, True]
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "'Martian' (2)" in message and "'Q' (1)" in message and "x.csv" in message


def test_strict_raises_naming_the_values():
    with pytest.raises(ValueError, match="Martian"):
        classify_ethnicity(["A", "Martian"], strict=True)


def test_series_index_is_kept():
    out = classify_ethnicity(pd.Series(["A", "N"], index=[10, 20]))
    assert out.index.tolist() == [10, 20]
