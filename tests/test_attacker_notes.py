"""The attacker on the published data notes (``run.json`` ``data_notes``).

Hand-written report folders (``results.csv`` and ``run.json``) where the
attacker must find exactly the bounds it can prove: a note's hidden count from
its other counts, from the results (bank-only staff, staff with no indicator 1
band) and the other way round, a results cell from a note.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from attacker import (AttackError, attack, published_violations, read_notes, true_note_counts,
                      violations)
from test_attacker import band, bounds, row, write_report

INF = float("inf")
INCL = "Overall including bank"


def note(code, counts=None, values=None, *, year=2024, file="workforce.csv", text="x"):
    return dict(year=year, file=file, code=code, warning=False, text=text, counts=counts or {},
                values=[list(v) for v in values or []])


def write_notes(folder: Path, notes: list[dict] | None, **extra) -> Path:
    """``folder/run.json`` with ``data_notes`` (left out when ``notes`` is None)."""
    folder.mkdir(parents=True, exist_ok=True)
    record = dict(extra, **({} if notes is None else {"data_notes": notes}))
    (folder / "run.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def report(tmp_path, rows, notes, truth_notes=None, year=2024):
    """The published folder ``OUT/<year>`` (and the analyst's ``OUT/.analyst/<year>`` with the
    true notes, when given); returns the published folder."""
    folder = write_report(tmp_path / "out" / str(year), rows)
    write_notes(folder, notes)
    if truth_notes is not None:
        write_notes(tmp_path / "out" / ".analyst" / str(year), truth_notes)
    return folder


def analyst(tmp_path, year=2024):
    return [tmp_path / "out" / ".analyst" / str(year)]


def results_truth(cells):
    """An unsuppressed results frame: (indicator, breakdown, group, k, n) per row."""
    return pd.DataFrame([dict(year=2024, indicator=i, breakdown=b, metric=f"{g}_percent", numerator=k,
                              denominator=n) for i, b, g, k, n in cells])


def overall(year=2024):
    return band(year, "Overall", 300, 200, 20)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def test_read_notes_absent_file_absent_key_and_notes(tmp_path):
    assert read_notes(tmp_path) == []
    write_notes(tmp_path, None, wreslib_version="1")
    assert read_notes(tmp_path) == []
    notes = [note("students", {"people": 45, "white": 40, "bme": None, "unknown": 0})]
    write_notes(tmp_path, notes)
    assert read_notes(tmp_path) == notes
    (tmp_path / "results.csv").write_text("x")
    assert read_notes(tmp_path / "results.csv") == notes  # a results.csv path reads its folder's run.json


def test_reports_without_notes_are_attacked_as_before(tmp_path):
    rows = band(2024, "Clinical|Band 4", 90, 284, 12, hidden=("unknown",))
    expected = [(2024, 1, "Clinical|Band 4", "unknown_percent", "numerator", 12.0, 12.0),
                (2024, 1, "Clinical|Band 4", "unknown_percent", "complement", 374.0, 374.0)]
    plain = write_report(tmp_path / "plain" / "2024", rows)  # no run.json
    old = write_notes(write_report(tmp_path / "old" / "2024", rows), None, wreslib_version="1")  # no data_notes
    empty = write_notes(write_report(tmp_path / "empty" / "2024", rows), [])
    for folder in (plain, old, empty):
        found = attack([folder])
        assert list(found.itertuples(index=False, name=None)) == expected
        assert published_violations([folder]) == []
    # ... and a report with notes gives the same rows for its results, before the notes' rows.
    noted = write_notes(write_report(tmp_path / "noted" / "2024", rows),
                        [note("students", {"people": 45, "white": 40, "bme": None, "unknown": None})])
    found = list(attack([noted]).itertuples(index=False, name=None))
    assert found[:2] == expected and [r[4] for r in found[2:]] == ["bme", "unknown"]


# ---------------------------------------------------------------------------
# Students: people = White + BME + Unknown
# ---------------------------------------------------------------------------

def test_students_one_hidden_group_is_pinned(tmp_path):
    folder = report(tmp_path, overall(), [note("students", {"people": 45, "white": 40, "bme": None, "unknown": 0})],
                    [note("students", {"people": 45, "white": 40, "bme": 5, "unknown": 0})])
    found = attack([folder])
    notes = found[found["indicator"] == 0]
    assert list(notes.itertuples(index=False, name=None)) == [
        (2024, 0, "workforce.csv", "note:students", "bme", 5.0, 5.0)]
    assert violations(found, None, notes=analyst(tmp_path)) == [
        "2024 indicator 0 workforce.csv note:students bme: pinned: true 5, attacker's range [5, 5]"]


def test_students_two_hidden_groups_are_not_pinned(tmp_path):
    folder = report(tmp_path, overall(), [note("students", {"people": 45, "white": 40, "bme": None,
                                                            "unknown": None})],
                    [note("students", {"people": 45, "white": 40, "bme": 5, "unknown": 0})])
    found = attack([folder])
    assert bounds(found, "workforce.csv", "note:students", "bme") == (0, 5)
    assert bounds(found, "workforce.csv", "note:students", "unknown") == (0, 5)
    # Not pinned, but a true 5 among only 6 possible values.
    assert violations(found, None, notes=analyst(tmp_path)) == [
        "2024 indicator 0 workforce.csv note:students bme: only 6 possible values: true 5, attacker's range [0, 5]"]
    # With more students there are enough possible values.
    folder = report(tmp_path, overall(), [note("students", {"people": 52, "white": 40, "bme": None,
                                                            "unknown": None})],
                    [note("students", {"people": 52, "white": 40, "bme": 5, "unknown": 7})])
    found = attack([folder])
    assert bounds(found, "workforce.csv", "note:students", "unknown") == (0, 12)
    assert violations(found, None, notes=analyst(tmp_path)) == []


def test_hidden_note_count_without_truth_is_reported(tmp_path):
    folder = report(tmp_path, overall(), [note("students", {"people": 45, "white": 40, "bme": None,
                                                            "unknown": None})])
    found = attack([folder])
    assert violations(found, None) == [
        "2024 indicator 0 workforce.csv note:students bme: no true value to compare with",
        "2024 indicator 0 workforce.csv note:students unknown: no true value to compare with"]


def test_notes_can_be_left_out(tmp_path):
    folder = report(tmp_path, overall(), [note("students", {"people": 45, "white": 40, "bme": None, "unknown": 0})])
    assert attack([folder], notes=False).empty


# ---------------------------------------------------------------------------
# Bank-only staff: people = Overall including bank - Overall
# ---------------------------------------------------------------------------

def bank_rows():
    # Overall shown; Overall including bank published as percentages only (320, 215, 23 of 558) with
    # Unknown hidden: the rates give 558 s staff (s = 1, 2, ...), so the bank's Unknown is 23 s - 20.
    return overall() + [row(2024, 1, INCL, "white_percent", value=100 * 320 / 558),
                        row(2024, 1, INCL, "bme_percent", value=100 * 215 / 558),
                        row(2024, 1, INCL, "unknown_percent", hidden=True)]


BANK_TRUTH = results_truth([(1, b, g, k, n) for b, n, ks in (("Overall", 520, (300, 200, 20)),
                                                              (INCL, 558, (320, 215, 23)))
                            for g, k in zip(("white", "bme", "unknown"), ks)])


def test_bank_only_people_pins_a_groups_bank_count(tmp_path):
    folder = report(tmp_path, bank_rows(), [note("bank_only", {"people": 38})])
    without = attack([folder], notes=False)
    assert bounds(without, INCL, "unknown_percent", "bank") == (3, INF)
    assert bounds(without, INCL, "unknown_percent", "numerator") == (23, INF)
    assert violations(without, BANK_TRUTH) == []
    found = attack([folder])
    assert bounds(found, INCL, "unknown_percent", "bank") == (3, 3)
    assert bounds(found, INCL, "white_percent", "bank") == (20, 20)
    assert bounds(found, INCL, "bme_percent", "bank") == (15, 15)
    assert bounds(found, INCL, "unknown_percent", "numerator") == (23, 23)
    where = "2024 indicator 1 Overall including bank unknown_percent"
    assert violations(found, BANK_TRUTH) == [
        f"{where} numerator: pinned: true 23, attacker's range [23, 23]",
        f"{where} denominator: pinned: true 558, attacker's range [558, 558]",
        f"{where} complement: pinned: true 535, attacker's range [535, 535]",
        f"{where} bank: only 1 possible values: true 3, attacker's range [3, 3]"]


def test_results_pin_a_hidden_bank_only_total(tmp_path):
    rows = overall() + band(2024, INCL, 320, 215, 23)
    folder = report(tmp_path, rows, [note("bank_only", {"people": None})], [note("bank_only", {"people": 38})])
    found = attack([folder])
    assert bounds(found, "workforce.csv", "note:bank_only", "people") == (38, 38)
    problems = violations(found, BANK_TRUTH, notes=analyst(tmp_path))
    assert "2024 indicator 0 workforce.csv note:bank_only people: pinned: true 38, attacker's range [38, 38]" \
        in problems
    # Without Overall including bank the total is anything.
    folder = report(tmp_path / "alone", overall(), [note("bank_only", {"people": None})])
    assert bounds(attack([folder]), "workforce.csv", "note:bank_only", "people") == (0, INF)


# ---------------------------------------------------------------------------
# Staff with no indicator 1 band: in the indicator 3 and 4 headcounts, not in indicator 1
# ---------------------------------------------------------------------------

def no_band_rows(bme_base=215):
    # Indicator 1 Overall 300 White, 200 BME; indicators 3 and 4 count 310 White and bme_base BME.
    return overall() + [row(2024, 3, "single-year", "white_percent", 20, 310),
                        row(2024, 3, "single-year", "bme_percent", 15, bme_base),
                        row(2024, 4, "All", "white_percent", 100, 310),
                        row(2024, 4, "All", "bme_percent", 60, bme_base)]


NO_BAND_TRUTH = results_truth([(1, "Overall", "white", 300, 520), (1, "Overall", "bme", 200, 520),
                               (1, "Overall", "unknown", 20, 520), (3, "single-year", "white", 20, 310),
                               (3, "single-year", "bme", 15, 215), (4, "All", "white", 100, 310),
                               (4, "All", "bme", 60, 215)])


def test_no_band_people_pins_the_unknown_left_out(tmp_path):
    # 10 White and 15 BME left out (indicator 3 base - indicator 1 headcount): of 28, 3 are Unknown.
    folder = report(tmp_path, no_band_rows(), [note("no_indicator_1_band", {"people": 28})],
                    [note("no_indicator_1_band", {"people": 28})])
    found = attack([folder])
    assert list(found.itertuples(index=False, name=None)) == [
        (2024, 0, "workforce.csv", "note:no_indicator_1_band", "group:white_percent", 10.0, 10.0),
        (2024, 0, "workforce.csv", "note:no_indicator_1_band", "group:bme_percent", 15.0, 15.0),
        (2024, 0, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent", 3.0, 3.0)]
    assert violations(found, NO_BAND_TRUTH, notes=analyst(tmp_path)) == [
        "2024 indicator 0 workforce.csv note:no_indicator_1_band group:unknown_percent: only 1 possible values: "
        "true 3, attacker's range [3, 3]"]
    # Without the note the indicator 3 and 4 bases cannot be indicator 1's headcounts.
    with pytest.raises(AttackError):
        attack([folder], notes=False)


def test_no_band_reasons_add_up_to_a_hidden_total(tmp_path):
    # People hidden, but one reason of 25 shown and another hidden: people >= 10 + 15 = 25.
    shown = note("no_indicator_1_band", {"people": None}, [("Band X", 25), ("No band", None)])
    true = note("no_indicator_1_band", {"people": 25}, [("Band X", 25), ("No band", 0)])
    found = attack([report(tmp_path, no_band_rows(), [shown], [true])])
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "people") == (25, INF)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "value:No band") == (0, INF)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent") == (0, INF)
    assert violations(found, NO_BAND_TRUTH, notes=analyst(tmp_path)) == []
    # Only one reason: it is the total, and the total is the White and BME left out, so Unknown is 0.
    shown = note("no_indicator_1_band", {"people": None}, [("Band X", None)])
    true = note("no_indicator_1_band", {"people": 25}, [("Band X", 25)])
    found = attack([report(tmp_path / "one", no_band_rows(), [shown], [true])])
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "people") == (25, INF)
    shown = note("no_indicator_1_band", {"people": None}, [("Band X", 20), ("No band", None)])
    true = note("no_indicator_1_band", {"people": 25}, [("Band X", 20), ("No band", 5)])
    found = attack([report(tmp_path / "two", no_band_rows(bme_base=200), [shown], [true])])
    # 10 White, 0 BME left out; the hidden reason is people - 20 >= 0 with people >= 20.
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "value:No band") == (0, INF)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:bme_percent") == (0, 0)


def test_a_hidden_no_band_total_is_pinned_by_the_results_when_unknown_is_bounded(tmp_path):
    # The only reason shown is 25 = people; White 10 + BME 15 = 25 so Unknown = 0 and the hidden
    # second reason is 0.
    shown = note("no_indicator_1_band", {"people": None}, [("Band X", 25)])
    found = attack([report(tmp_path, no_band_rows(), [shown], [note("no_indicator_1_band", {"people": 25},
                                                                     [("Band X", 25)])])])
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "people") == (25, 25)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent") == (0, 0)
    assert "2024 indicator 0 workforce.csv note:no_indicator_1_band people: pinned: true 25, " \
           "attacker's range [25, 25]" in violations(found, NO_BAND_TRUTH, notes=analyst(tmp_path))


def test_no_band_staff_close_a_hidden_indicator_3_base(tmp_path):
    # Indicator 3's BME row hidden, indicator 4's shown with base 215: both bases take in the same
    # left-out staff, so indicator 3's hidden base is 215 too (and then Unknown left out is 28 - 10 - 15).
    rows = overall() + [row(2024, 3, "single-year", "white_percent", 20, 310),
                        row(2024, 3, "single-year", "bme_percent", hidden=True),
                        row(2024, 4, "All", "white_percent", 100, 310),
                        row(2024, 4, "All", "bme_percent", 60, 215)]
    found = attack([report(tmp_path, rows, [note("no_indicator_1_band", {"people": 28})])])
    assert bounds(found, "single-year", "bme_percent", "denominator") == (215, 215)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent") == (3, 3)
    # Without indicator 4 the BME left out are 0 to 18 (people 28 - White 10).
    rows = overall() + [row(2024, 3, "single-year", "white_percent", 20, 310),
                        row(2024, 3, "single-year", "bme_percent", hidden=True)]
    found = attack([report(tmp_path / "no4", rows, [note("no_indicator_1_band", {"people": 28})])])
    assert bounds(found, "single-year", "bme_percent", "denominator") == (200, 218)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:bme_percent") == (0, 18)


def test_no_band_staff_of_last_year_in_the_two_year_figure(tmp_path):
    # 2023: 10 White and 10 BME left out of indicator 1 (290 + 10, 190 + 10), 22 people: Unknown 2.
    last = band(2023, "Overall", 290, 190, 20) + [row(2023, 3, "single-year", "white_percent", 18, 300),
                                                  row(2023, 3, "single-year", "bme_percent", 12, 200)]
    # 2024: this year's BME single-year hidden, the two-year figure gives it (27 - 12 of 415 - 200).
    this = overall() + [row(2024, 3, "single-year", "white_percent", 20, 310),
                        row(2024, 3, "single-year", "bme_percent", hidden=True),
                        row(2024, 3, "two-year", "white_percent", 38, 610),
                        row(2024, 3, "two-year", "bme_percent", 27, 415)]
    a = report(tmp_path, last, [note("no_indicator_1_band", {"people": 22}, year=2023)], year=2023)
    b = report(tmp_path, this, [note("no_indicator_1_band", {"people": 28})])
    found = attack([a, b])
    assert bounds(found, "single-year", "bme_percent", "numerator", 2024) == (15, 15)
    assert bounds(found, "single-year", "bme_percent", "denominator", 2024) == (215, 215)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent", 2023) == (2, 2)
    assert bounds(found, "workforce.csv", "note:no_indicator_1_band", "group:unknown_percent", 2024) == (3, 3)  # 28 - 10 - 15
    # Without last year's note its indicator 3 bases would be indicator 1's headcounts: a contradiction.
    write_notes(a, [])
    with pytest.raises(AttackError):
        attack([a, b])


# ---------------------------------------------------------------------------
# Unrecognised labels, other codes, the same note twice
# ---------------------------------------------------------------------------

def test_unrecognised_labels_add_up_to_rows(tmp_path):
    shown = note("unrecognised_labels", {"rows": 12}, [("Blue", 9), ("Green", None)])
    true = note("unrecognised_labels", {"rows": 12}, [("Blue", 9), ("Green", 3)])
    found = attack([report(tmp_path, overall(), [shown], [true])])
    assert bounds(found, "workforce.csv", "note:unrecognised_labels", "value:Green") == (3, 3)
    assert violations(found, None, notes=analyst(tmp_path)) == [
        "2024 indicator 0 workforce.csv note:unrecognised_labels value:Green: pinned: true 3, "
        "attacker's range [3, 3]"]
    shown = note("unrecognised_labels", {"rows": None}, [("Blue", 9), ("Green", None)])
    found = attack([report(tmp_path / "b", overall(), [shown], [true])])
    assert bounds(found, "workforce.csv", "note:unrecognised_labels", "rows") == (9, INF)
    assert bounds(found, "workforce.csv", "note:unrecognised_labels", "value:Green") == (0, INF)
    assert violations(found, None, notes=analyst(tmp_path / "b")) == []


def test_other_codes_have_no_relation(tmp_path):
    # A value list with no total, and a students-like split under another code: nothing follows.
    shown = [note("contract_types_bank", values=[("Bank", 40), ("Bank (casual)", None)]),
             note("something_else", {"people": 45, "white": 40, "bme": None, "unknown": 0}, file="other.csv")]
    true = [note("contract_types_bank", values=[("Bank", 40), ("Bank (casual)", 2)]),
            note("something_else", {"people": 45, "white": 40, "bme": 5, "unknown": 0}, file="other.csv")]
    found = attack([report(tmp_path, overall(), shown, true)])
    assert list(found.itertuples(index=False, name=None)) == [
        (2024, 0, "workforce.csv", "note:contract_types_bank", "value:Bank (casual)", 0.0, INF),
        (2024, 0, "other.csv", "note:something_else", "bme", 0.0, INF)]
    assert violations(found, None, notes=analyst(tmp_path)) == []
    assert true_note_counts(analyst(tmp_path)) == {
        (2024, 0, "workforce.csv", "note:contract_types_bank", "value:Bank"): 40,
        (2024, 0, "workforce.csv", "note:contract_types_bank", "value:Bank (casual)"): 2,
        (2024, 0, "other.csv", "note:something_else", "people"): 45,
        (2024, 0, "other.csv", "note:something_else", "white"): 40,
        (2024, 0, "other.csv", "note:something_else", "bme"): 5,
        (2024, 0, "other.csv", "note:something_else", "unknown"): 0}


def test_same_note_in_two_reports_is_one_note(tmp_path):
    # Last year's students note, in both reports: hidden in one, shown in the other, it is shown.
    last = note("students", {"people": 45, "white": 40, "bme": None, "unknown": None}, year=2023)
    again = note("students", {"people": 45, "white": 40, "bme": 5, "unknown": None}, year=2023)
    a = report(tmp_path, overall(2023), [last], year=2023)
    b = report(tmp_path, overall(), [again])
    found = attack([a, b])
    assert list(found.itertuples(index=False, name=None)) == [
        (2023, 0, "workforce.csv", "note:students", "unknown", 0.0, 0.0)]
    # Two notes with one code in one file and year are told apart by their place.
    two = [note("students", {"people": 45, "white": 40, "bme": None, "unknown": 0}),
           note("students", {"people": 45, "white": 40, "bme": None, "unknown": None})]
    found = attack([report(tmp_path / "two", overall(), two)])
    assert bounds(found, "workforce.csv", "note:students", "bme") == (5, 5)
    assert bounds(found, "workforce.csv", "note:students#2", "bme") == (0, 5)
    # The same note published with two different counts contradicts itself.
    wrong = note("students", {"people": 46, "white": 40, "bme": 5, "unknown": None}, year=2023)
    c = report(tmp_path / "wrong", overall(), [wrong])
    with pytest.raises(AttackError):
        attack([a, c])


# ---------------------------------------------------------------------------
# The published files alone
# ---------------------------------------------------------------------------

def test_published_checks_find_shown_small_note_counts(tmp_path):
    notes = [note("students", {"people": 45, "white": 40, "bme": None, "unknown": 0}),
             note("unrecognised_labels", {"rows": 12}, [("Blue", 9), ("Green", 3)]),
             note("bank_only", {"people": 7}),
             note("contract_types_bank", values=[("Bank", 8)])]
    folder = report(tmp_path, overall(), notes)
    assert published_violations([folder]) == [
        "2024: note 2024 workforce.csv unrecognised_labels shows value:Green = 3, a count of 1 to 7",
        "2024: note 2024 workforce.csv bank_only shows people = 7, a count of 1 to 7"]
    assert published_violations([folder], threshold=8) == [
        "2024: note 2024 workforce.csv unrecognised_labels shows value:Green = 3, a count of 1 to 8",
        "2024: note 2024 workforce.csv bank_only shows people = 7, a count of 1 to 8",
        "2024: note 2024 workforce.csv contract_types_bank shows value:Bank = 8, a count of 1 to 8"]


def test_a_note_count_must_be_a_whole_number(tmp_path):
    folder = report(tmp_path, overall(), [note("students", {"people": "45"})])
    with pytest.raises(AttackError):
        attack([folder])
    folder = report(tmp_path / "b", overall(), [note("students", {"people": 4.5})])
    with pytest.raises(AttackError):
        attack([folder])
