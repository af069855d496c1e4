"""The one suppression engine on the results: headline first, one note, the board, year by year.

The guarantees themselves (nothing hidden can be pinned or narrowed) are checked from the published files
by the independent attacker (tests/test_attacker.py); here, what the engine chooses and why, by hand.
"""
from __future__ import annotations

import pandas as pd
import pytest

from wreslib.disclosure.audit import cell_ranges, violations
from wreslib.inputs.counts import read_counts
from wreslib.disclosure.engine import HIDDEN_NOTE, Reason, Thresholds, suppress_results
from wreslib.compute.indicators import compute_indicators
from wreslib.publish.pipeline import load_results, report_results
from wreslib.report.tables import model_employer

from helpers import REPO

DEMO = REPO / "data" / "demo"
HEADER = "year,indicator,measure,breakdown,ethnicity,count\n"


@pytest.fixture(scope="module")
def demo():
    raw = load_results(DEMO, 2024)
    return raw, suppress_results(raw)


def results_for(tmp_path, body: str) -> pd.DataFrame:
    path = tmp_path / "counts.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return compute_indicators(read_counts(path))


def disciplinary(bme_2023: int, bme_2024: int) -> str:
    """Counts of a trust of 400 White and 300 BME staff in both years, 20 White disciplinary cases a year."""
    return "".join(f"{y},1,headcount,Clinical|Band 5,White,400\n{y},1,headcount,Clinical|Band 5,BME,300\n"
                   f"{y},3,entered_disciplinary,,White,20\n{y},3,entered_disciplinary,,BME,{bme}\n"
                   for y, bme in ((2023, bme_2023), (2024, bme_2024)))


def row(results, year, indicator, breakdown, metric):
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (year, indicator, breakdown, metric)
    return rows.iloc[0]


def test_demo_headline_band_figures_stay(demo):
    raw, shown = demo
    bands = shown[(shown["year"] == 2024) & (shown["indicator"] == 1) & (shown["metric"] == "bme_percent")
                  & shown["breakdown"].str.contains("|", regex=False)
                  & ~shown["breakdown"].str.startswith("Ethnic category")]
    hidden = set(bands.loc[bands["suppressed"], "breakdown"])
    # The bound: at most 6. By hand, 4 bands have a BME count or complement of 1 to 7 (Clinical Band 9
    # and VSM, Non-clinical Band 1 and VSM); Non-clinical Band 9 (14 BME, 34 White, 2 Unknown) goes as well:
    # its White and Unknown are hidden, and Band 9's three rows would leave the VSM rows pinned otherwise.
    assert len(hidden) <= 6
    assert {"Clinical|Band 9", "Clinical|VSM", "Non-clinical|Band 1", "Non-clinical|VSM"} <= hidden
    # The over-suppression: Clinical Band 8b (155 staff, 67 BME) and Non-clinical Band 8c keep their
    # BME %; their small Unknown is protected by hiding White (cheaper) instead.
    for breakdown in ("Clinical|Band 8b", "Non-clinical|Band 8c"):
        assert not row(shown, 2024, 1, breakdown, "bme_percent")["suppressed"]
        assert row(shown, 2024, 1, breakdown, "white_percent")["suppressed"]
        assert row(shown, 2024, 1, breakdown, "unknown_percent")["suppressed"]
    clinical_8b = row(shown, 2024, 1, "Clinical|Band 8b", "bme_percent")
    assert (clinical_8b["numerator"], clinical_8b["denominator"]) == (67, 155)
    # The headline of the whole report is never hidden.
    for metric in ("bme_percent", "white_percent", "unknown_percent"):
        assert not row(shown, 2024, 1, "Overall", metric)["suppressed"]


def test_demo_model_employer_shows_bands_8a_to_8d(demo):
    _, shown = demo
    table = model_employer(shown, 2024).set_index("band")
    for band in ("Band 8a", "Band 8b", "Band 8c", "Band 8d"):
        assert not table.loc[band, "hidden"], band
        for column in ("staff", "bme_percent", "gap_pp"):
            assert pd.notna(table.loc[band, column]), (band, column)
    # Band 8a, both clusters: 335 BME of 686 staff (the band table's own figures, summed).
    assert (table.loc["Band 8a", "staff"], table.loc["Band 8a", "bme"]) == (686, 335)


def test_one_note_for_every_hidden_figure_and_the_reason_is_typed(demo):
    _, shown = demo
    hidden = shown[shown["suppressed"]]
    assert len(hidden) > 0
    assert set(hidden["note"]) == {HIDDEN_NOTE}
    assert set(hidden["suppression_reason"]) <= {Reason.SMALL_COUNT, Reason.SMALL_SURVEY_GROUP, Reason.SECONDARY,
                                                 Reason.AUDIT, Reason.DERIVED}
    assert (shown.loc[~shown["suppressed"], "suppression_reason"] == "").all()
    figures = ["value", "ci_low", "ci_high", "numerator", "denominator", "change"]
    assert hidden[figures].isna().all().all()


def test_board_percentages_without_intervals_or_counts(demo):
    _, shown = demo
    board = shown[shown["indicator"] == 9]
    assert not board["suppressed"].any()
    assert board[["ci_low", "ci_high"]].isna().all().all()
    members = board[board["metric"] == "board_bme_percent"]
    assert members[["numerator", "denominator"]].isna().all().all()
    assert members["value"].notna().all()


def test_white_goes_before_bme_when_unknown_is_small(tmp_path):
    # A band of 100 White, 60 BME, 3 Unknown: Unknown 3 is hidden; White + BME + Unknown = 163 would give
    # it away, so White (cheaper) goes, not BME; the same in Band 6 (Unknown 2). Then Unknown 3 + 2 = 25 - 20
    # (the cluster's Unknown minus Band 7's): each would lie in 0..5, fewer than 8 values, which only the
    # integer audit sees. Band 7's Unknown goes, and its White with it; every BME % stays.
    body = "".join(f"2024,1,headcount,Clinical|Band {b},{g},{n}\n" for b, counts in
                   (("5", (100, 60, 3)), ("6", (90, 50, 2)), ("7", (80, 40, 20)))
                   for g, n in zip(("White", "BME", "Unknown"), counts))
    shown = suppress_results(results_for(tmp_path, body))
    for band in ("Clinical|Band 5", "Clinical|Band 6"):
        assert row(shown, 2024, 1, band, "unknown_percent")["suppression_reason"] == Reason.SMALL_COUNT
        assert row(shown, 2024, 1, band, "white_percent")["suppressed"]
        assert not row(shown, 2024, 1, band, "bme_percent")["suppressed"]
    for metric in ("white_percent", "unknown_percent"):
        assert row(shown, 2024, 1, "Clinical|Band 7", metric)["suppression_reason"] == Reason.AUDIT
    assert not row(shown, 2024, 1, "Clinical|Band 7", "bme_percent")["suppressed"]
    assert not row(shown, 2024, 1, "Clinical", "unknown_percent")["suppressed"]


def test_two_year_figure_does_not_pin_small_single_years(tmp_path):
    # The case: 7 BME cases in each year (hidden), 14 over two years. With the reason in the note
    # ("1 to 7") each year was pinned at 7; with one note for every hidden figure, 14 leaves each year
    # anywhere from 0 to 14 (15 values), and the two-year figure may be shown.
    shown = suppress_results(results_for(tmp_path, disciplinary(bme_2023=7, bme_2024=7)))
    assert row(shown, 2024, 3, "single-year", "bme_percent")["suppressed"]
    assert row(shown, 2023, 3, "single-year", "bme_percent")["suppressed"]
    two_year = row(shown, 2024, 3, "two-year", "bme_percent")
    assert not two_year["suppressed"] and two_year["numerator"] == 14
    assert set(shown.loc[shown["suppressed"], "note"]) == {HIDDEN_NOTE}
    values = {"2023": 7, "2024": 7, "both": 14}
    ranges = cell_ranges(values, {"both"}, [("both", ["2023", "2024"])])
    assert (ranges["2023"].low, ranges["2023"].high) == (0, 14) and violations(values, ranges) == {}


def test_bank_unknown_keeps_eight_values(tmp_path):
    # Overall Unknown 40, including bank 43: bank Unknown 3 would be published by subtraction.
    body = ("2024,1,headcount,Clinical|Band 5,White,400\n2024,1,headcount,Clinical|Band 5,BME,300\n"
            "2024,1,headcount,Clinical|Band 5,Unknown,40\n"
            "2024,1,bank_headcount,,White,100\n2024,1,bank_headcount,,BME,90\n2024,1,bank_headcount,,Unknown,3\n")
    shown = suppress_results(results_for(tmp_path, body))
    hidden = shown[shown["suppressed"]]
    assert "Overall including bank" in set(hidden["breakdown"])
    # Whatever is hidden, the bank's Unknown (incl. bank minus Overall) is not worked out to fewer than 8
    # values from the shown counts: checked with the audit on the counts the rows show.
    values, shown_cells = {}, set()
    for r in shown.itertuples():
        if r.indicator != 1 or r.breakdown not in ("Overall", "Overall including bank"):
            continue
        g = {"white_percent": "W", "bme_percent": "B", "unknown_percent": "U"}[r.metric]
        raw = row(results_for(tmp_path, body), 2024, 1, r.breakdown, r.metric)
        values[(r.breakdown, g)] = int(raw["numerator"])
        values[(r.breakdown, "T")] = int(raw["denominator"])
        if not r.suppressed:
            shown_cells |= {(r.breakdown, g), (r.breakdown, "T")}
    for g in "WBUT":
        values[("bank", g)] = values[("Overall including bank", g)] - values[("Overall", g)]
    relations = [((b, "T"), [(b, g) for g in "WBU"]) for b in ("Overall", "Overall including bank", "bank")]
    relations += [(("Overall including bank", g), [("Overall", g), ("bank", g)]) for g in "WBUT"]
    ranges = cell_ranges(values, shown_cells, relations, {("bank", "U")})
    assert violations(values, ranges) == {}


def test_each_year_is_decided_as_its_own_report_was():
    # The 2024 report shows 2023 figures (trends, changes): the same ones the 2023 report showed.
    earlier = report_results(DEMO, 2023)
    later = report_results(DEMO, 2024)
    key = ["year", "indicator", "breakdown", "metric"]
    a = earlier[(earlier["year"] == 2023) & (earlier["indicator"] < 5)].set_index(key)["suppressed"]
    b = later[(later["year"] == 2023) & (later["indicator"] < 5)].set_index(key)["suppressed"]
    common = a.index.intersection(b.index)
    assert len(common) > 100
    assert (a[common] == b[common]).all()


def test_survey_occupation_with_a_bar_in_its_name_gets_the_group_size_rule():
    results = pd.DataFrame([
        dict(year=2024, indicator=5, breakdown="Occupation|Admin | Clerical", metric="bme_percent", value=40.0,
             ci_low=20.0, ci_high=60.0, numerator=4, denominator=10, change=float("nan"), description="", note=""),
        dict(year=2024, indicator=5, breakdown="Occupation|Nurses", metric="bme_percent", value=25.0, ci_low=20.0,
             ci_high=30.0, numerator=50, denominator=200, change=float("nan"), description="", note=""),
    ])
    shown = suppress_results(results, Thresholds(count=0))
    assert shown.loc[0, "suppressed"] and shown.loc[0, "suppression_reason"] == Reason.SMALL_SURVEY_GROUP
    assert not shown.loc[1, "suppressed"]


def test_last_years_hidden_figure_stays_hidden_behind_this_years_two_year_figure(tmp_path):
    # 2023: 3 BME staff entered the disciplinary process (hidden in the 2023 report). 2024: 20 (shown).
    # A two-year figure of 23 next to 20 would give 2023's 3 away: the 2024 report must hide one of them.
    shown = suppress_results(results_for(tmp_path, disciplinary(bme_2023=3, bme_2024=20)))
    assert row(shown, 2023, 3, "single-year", "bme_percent")["suppressed"]
    assert (row(shown, 2024, 3, "two-year", "bme_percent")["suppressed"]
            or row(shown, 2024, 3, "single-year", "bme_percent")["suppressed"])
    # The headline single-year figure is the one kept.
    assert not row(shown, 2024, 3, "single-year", "bme_percent")["suppressed"]
