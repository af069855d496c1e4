"""The disability classifier (WDES): every recognised value, variants, unrecognised values and their reports."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from wreslib.classify import ethnicity
from wreslib.classify.disability import (DISABILITY_GROUPS, DISABLED, NON_DISABLED, UNKNOWN, VALUES, classify_disability,
                                closest_label, disability_group, unrecognised)
from wreslib.errors import InputError

# Every recognised value and its group, written out by hand (not taken from VALUES).
EXPECTED = {
    "Yes": "Disabled",
    "Y": "Disabled",
    "Disabled": "Disabled",
    "No": "Non-disabled",
    "N": "Non-disabled",
    "Non-disabled": "Non-disabled",
    "Non disabled": "Non-disabled",
    "Nondisabled": "Non-disabled",
    "Not disabled": "Non-disabled",
    "Not Declared": "Unknown",
    "Prefer Not To Answer": "Unknown",
    "Unspecified": "Unknown",
    "I do not wish to disclose": "Unknown",
    "Prefer not to say": "Unknown",
    "Not known": "Unknown",
    "Not stated": "Unknown",
    "Unknown": "Unknown",
    "": "Unknown",
}


def test_groups_and_their_order():
    assert (NON_DISABLED, DISABLED, UNKNOWN) == ("Non-disabled", "Disabled", "Unknown")
    assert DISABILITY_GROUPS == ("Non-disabled", "Disabled", "Unknown")
    assert UNKNOWN == ethnicity.UNKNOWN


def test_every_recognised_value_is_tested():
    assert set(VALUES) <= set(EXPECTED)


@pytest.mark.parametrize("value", list(EXPECTED), ids=[v or "blank" for v in EXPECTED])
def test_every_value(value):
    row = classify_disability([value]).iloc[0]
    assert (row["wdes"], bool(row["recognised"])) == (EXPECTED[value], True)


def test_yes_is_disabled_and_no_is_not():
    assert classify_disability(["Yes", "No", "Y", "N"])["wdes"].tolist() == \
        ["Disabled", "Non-disabled", "Disabled", "Non-disabled"]


@pytest.mark.parametrize("value, group", [
    ("YES", "Disabled"), ("yes", "Disabled"), (" Yes ", "Disabled"), ("y", "Disabled"), ("Yes.", "Disabled"),
    ("DISABLED", "Disabled"), ("no", "Non-disabled"), ("  NO", "Non-disabled"), ("n", "Non-disabled"),
    ("NON-DISABLED", "Non-disabled"), ("non_disabled", "Non-disabled"), ("Non - disabled", "Non-disabled"),
    ("not  disabled", "Non-disabled"), ("NOT DECLARED", "Unknown"), ("not-declared", "Unknown"),
    ("prefer not to answer", "Unknown"), ("Prefer not to say.", "Unknown"), ("UNSPECIFIED", "Unknown"),
    ("I do not wish to disclose.", "Unknown"), ("  ", "Unknown"),
])
def test_case_spacing_and_punctuation_variants(value, group):
    row = classify_disability([value]).iloc[0]
    assert (row["wdes"], bool(row["recognised"])) == (group, True)


@pytest.mark.parametrize("value", [None, math.nan, pd.NA, ""], ids=["None", "NaN", "NA", "empty"])
def test_missing_values_are_recognised_unknown(value, caplog):
    with caplog.at_level("WARNING"):
        row = classify_disability(pd.Series([value], dtype=object)).iloc[0]
    assert (row["wdes"], bool(row["recognised"])) == ("Unknown", True)
    assert not caplog.records


def test_unrecognised_becomes_unknown_and_is_logged_once_with_count_and_source(caplog):
    with caplog.at_level("WARNING", logger="wreslib.classify.disability"):
        out = classify_disability(["Maybe", "Yes", "Maybe", "Yess"], source="workforce.csv")
    assert out["wdes"].tolist() == ["Unknown", "Disabled", "Unknown", "Unknown"]
    assert out["recognised"].tolist() == [False, True, False, False]
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert caplog.records[0].levelname == "WARNING"
    assert "3 disability value(s) in workforce.csv" in message
    assert "'Maybe' (2)" in message and "'Yess' (1)" in message


def test_log_unrecognised_false_leaves_the_report_to_the_caller(caplog):
    with caplog.at_level("WARNING"):
        out = classify_disability(["Maybe"], log_unrecognised=False)
    assert out["recognised"].tolist() == [False]
    assert not caplog.records


def test_strict_raises_naming_the_value_and_the_source():
    with pytest.raises(ValueError, match=r"disability values not recognised in board\.csv: 'Maybe' \(1\)"):
        classify_disability(["Yes", "Maybe"], strict=True, source="board.csv")


def test_strict_passes_when_every_value_is_recognised():
    assert classify_disability(["Yes", "No", None], strict=True)["wdes"].tolist() == \
        ["Disabled", "Non-disabled", "Unknown"]


def test_frame_keeps_the_raw_value_and_the_series_index():
    out = classify_disability(pd.Series(["Y", "No"], index=[10, 20]))
    assert out.index.tolist() == [10, 20]
    assert out.columns.tolist() == ["disability", "wdes", "recognised"]
    assert out["disability"].tolist() == ["Y", "No"]
    assert disability_group(pd.Series(["Y", "No"], index=[10, 20])).to_dict() == {10: "Disabled", 20: "Non-disabled"}


def test_the_group_names_classify_as_themselves():
    out = classify_disability(DISABILITY_GROUPS)
    assert out["wdes"].tolist() == list(DISABILITY_GROUPS) and out["recognised"].all()


@pytest.mark.parametrize("value, near", [
    ("Yess", "Yes"), ("YESS", "Yes"), ("Non-disabed", "Non-disabled"), ("Disabeld", "Disabled"),
    ("Not Decalred", "Not Declared"), ("Prefer not to answr", "Prefer Not To Answer"), ("Unspecifed", "Unspecified"),
    ("Not disabld", "Not disabled"), ("Martian", None), ("", None),
])
def test_closest_label(value, near):
    assert closest_label(value) == near


def test_unrecognised_names_file_line_column_and_closest_label():
    values = pd.Series(["Yes", "Yess", "No", "Non-disabed", "Yess", "Martian"])
    lines = pd.Series([2, 3, 4, 5, 6, 7])
    problems = unrecognised(values, lines, "workforce.csv", "disability")
    assert [(p.file, p.line, p.column, p.got) for p in problems] == [
        ("workforce.csv", 3, "disability", "Yess"), ("workforce.csv", 5, "disability", "Non-disabed"),
        ("workforce.csv", 7, "disability", "Martian")]
    assert str(problems[0]) == ("workforce.csv, line 3, column 'disability': expected a disability label the pack "
                                "knows (such as Yes, No or Not Declared; see data/README.md) (did you mean 'Yes'?), "
                                "got 'Yess'")
    assert "did you mean 'Non-disabled'?" in str(problems[1])
    assert "did you mean" not in str(problems[2])
    assert str(InputError(problems)) == str(problems[0])


def test_unrecognised_is_empty_when_all_values_are_known():
    assert unrecognised(pd.Series(["Yes", "No", "", None]), pd.Series([2, 3, 4, 5]), "f.csv", "disability") == []


def test_unrecognised_has_the_shape_of_the_ethnicity_problems():
    """The input layer reports both characteristics alike: same fields, same sentence around the label."""
    lines = pd.Series([2])
    ours = unrecognised(pd.Series(["Yess"]), lines, "counts.csv", "disability")[0]
    theirs = ethnicity.unrecognised(pd.Series(["Whte British"]), lines, "counts.csv", "ethnicity")[0]
    shape = "{file}, line 2, column '{column}': expected a{n} {what} label the pack knows"
    assert str(ours).startswith(shape.format(file="counts.csv", column="disability", n="", what="disability"))
    assert str(theirs).startswith(shape.format(file="counts.csv", column="ethnicity", n="n", what="ethnicity"))
    assert str(ours).endswith("(did you mean 'Yes'?), got 'Yess'")
    assert str(theirs).endswith("(did you mean 'White British'?), got 'Whte British'")
