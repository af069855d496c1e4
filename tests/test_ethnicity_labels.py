"""Real label spellings (2021 Census, NHS Staff Survey 2024, ESR, report wording) and their groups.

The expected groups are worked out from the sources' own headings (wres-method.md, "2021 Census ethnic
groups"): Gypsy or Irish Traveller and Roma sit under the 2021 White heading (WRES White), Arab under
"Other ethnic group" (WRES BME); Chinese keeps the 2001 scheme's broad group (Other ethnic groups).
"""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from wreslib.report.breakdowns import groups
from wreslib.classify.ethnicity import CATEGORIES_2021, classify_ethnicity

from helpers import REPO

TABLE = REPO / "tests" / "data" / "ethnicity_labels.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


def test_the_table_has_at_least_60_spellings():
    assert len(ROWS) >= 60
    assert {r["source"] for r in ROWS} >= {"2021 Census", "NHS Staff Survey 2024", "ESR", "report wording"}


@pytest.mark.parametrize("row", ROWS, ids=[r["label"][:60] or "blank" for r in ROWS])
def test_label(row):
    got = classify_ethnicity([row["label"]]).iloc[0]
    assert got["recognised"], row["label"]
    assert [("" if pd.isna(got[level]) else got[level]) for level in ("detailed", "broad", "wres")] == \
        [row["detailed"], row["broad"], row["wres"]], row["label"]


def test_2021_groups_stay_distinct_from_their_2001_roll_up():
    got = classify_ethnicity(["Gypsy or Irish Traveller", "Any other White background", "Arab",
                              "Any other ethnic group", "Roma"])
    assert got["detailed"].nunique() == 5
    # They roll up to the 2001 code of the group they sit under.
    assert got["code"].tolist() == ["C", "C", "S", "S", "C"]
    assert got["wres"].tolist() == ["White", "White", "BME", "BME", "White"]


def test_2021_groups_appear_in_tables_only_where_present():
    plain = groups("detailed")
    assert not set(CATEGORIES_2021) & set(plain)
    with_arab = groups("detailed", ["Arab"])
    assert with_arab.index("Arab") == with_arab.index("Any other ethnic group") + 1
