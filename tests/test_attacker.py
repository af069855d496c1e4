"""Disclosure control checked by an independent attacker (issue 9).

``attacker.py`` reads only the published ``results.csv`` files and works out
the smallest and largest whole number every hidden count can take; these
tests compare that with the true counts:

1. no hidden non-zero count is pinned to one value;
2. a hidden count of 1 to 7 keeps at least 8 possible values;

and check that hidden rows share one note and board rows show no interval or
count. First the attacker itself is tested on hand-written reports where it
must find the leak.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import attacker
import trustgen
from attacker import attack, published_violations, violations

HERE = Path(__file__).resolve().parent
COLUMNS = ["year", "indicator", "breakdown", "metric", "value", "ci_low", "ci_high", "numerator", "denominator",
           "change", "description", "note", "suppressed"]
NOTE = "* not shown"


# ---------------------------------------------------------------------------
# The attacker itself: hand-written reports with a leak it must find
# ---------------------------------------------------------------------------

def row(year, indicator, breakdown, metric, k=None, n=None, *, hidden=False, value=None, change=None):
    """One results row; a shown percentage gets value 100 k / n."""
    if hidden:
        return dict(year=year, indicator=indicator, breakdown=breakdown, metric=metric, description="'x",
                    note=NOTE, suppressed=True)
    if value is None and k is not None:
        value = 100 * k / n
    return dict(year=year, indicator=indicator, breakdown=breakdown, metric=metric, value=value, numerator=k,
                denominator=n, change=change, description="'x", note="", suppressed=False)


def band(year, breakdown, white, bme, unknown, hidden=()):
    total = white + bme + unknown
    return [row(year, 1, breakdown, f"{g}_percent", k, total, hidden=g in hidden)
            for g, k in (("white", white), ("bme", bme), ("unknown", unknown))]


def write_report(folder: Path, rows: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows).reindex(columns=COLUMNS)
    frame.to_csv(folder / "results.csv", index=False, float_format="%.10g")
    return folder


def bounds(frame, breakdown, metric, which, year=None):
    sel = frame[(frame["breakdown"] == breakdown) & (frame["metric"] == metric) & (frame["which"] == which)]
    if year is not None:
        sel = sel[sel["year"] == year]
    assert len(sel) == 1, (breakdown, metric, which, frame)
    return sel["low"].iloc[0], sel["high"].iloc[0]


def test_attacker_imports_nothing_from_wreslib():
    tree = ast.parse((HERE / "attacker.py").read_text())
    modules = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in modules if m.split(".")[0] == "wreslib"]


def test_one_hidden_row_of_three_is_pinned_by_subtraction(tmp_path):
    report = write_report(tmp_path / "2024", band(2024, "Clinical|Band 4", 90, 284, 12, hidden=("unknown",)))
    found = attack([report])
    assert bounds(found, "Clinical|Band 4", "unknown_percent", "numerator") == (12, 12)
    assert bounds(found, "Clinical|Band 4", "unknown_percent", "complement") == (374, 374)
    truth = pd.DataFrame([dict(year=2024, indicator=1, breakdown="Clinical|Band 4", metric="unknown_percent",
                               numerator=12, denominator=386)])
    assert any("pinned" in v for v in violations(found, truth))


def test_the_issue_example_pinned_by_the_cluster_and_another_band(tmp_path):
    # Band 8a: White 17 of 26 shown, BME 8 and Unknown 1 hidden; the cluster and Band 7 give Unknown = 1.
    rows = (band(2024, "Non-clinical|Band 7", 40, 30, 9) + band(2024, "Non-clinical|Band 8a", 17, 8, 1,
                                                                 hidden=("bme", "unknown"))
            + band(2024, "Non-clinical", 57, 38, 10))
    found = attack([write_report(tmp_path / "2024", rows)])
    assert bounds(found, "Non-clinical|Band 8a", "unknown_percent", "numerator") == (1, 1)
    assert bounds(found, "Non-clinical|Band 8a", "bme_percent", "numerator") == (8, 8)


def test_the_issue_example_without_the_extra_relation_is_not_pinned(tmp_path):
    rows = band(2024, "Non-clinical|Band 8a", 17, 8, 1, hidden=("bme", "unknown"))
    found = attack([write_report(tmp_path / "2024", rows)])
    assert bounds(found, "Non-clinical|Band 8a", "unknown_percent", "numerator") == (0, 9)
    truth = pd.DataFrame([dict(year=2024, indicator=1, breakdown="Non-clinical|Band 8a", metric=m,
                               numerator=k, denominator=26) for m, k in (("bme_percent", 8),
                                                                         ("unknown_percent", 1))])
    assert violations(found, truth) == []


def workforce_overall(year, white, bme, unknown):
    return band(year, "Overall", white, bme, unknown)


def test_two_year_figure_with_both_single_years_hidden(tmp_path):
    # 7 BME cases in 2023 and 2024, two-year 14 shown; 2023's relative likelihood was (wrongly) shown,
    # which gives 2023's BME rate, so 2023 = 7 and 2024 = 14 - 7.
    last = workforce_overall(2023, 300, 200, 20) + [
        row(2023, 3, "single-year", "white_percent", 20, 300),
        row(2023, 3, "single-year", "bme_percent", hidden=True),
        row(2023, 3, "single-year", "relative_likelihood", value=(7 / 200) / (20 / 300)),
    ]
    this = workforce_overall(2024, 310, 210, 20) + [
        row(2024, 3, "single-year", "white_percent", 22, 310),
        row(2024, 3, "single-year", "bme_percent", hidden=True),
        row(2024, 3, "two-year", "white_percent", 42, 610),
        row(2024, 3, "two-year", "bme_percent", 14, 410),
    ]
    found = attack([write_report(tmp_path / "2023", last), write_report(tmp_path / "2024", this)])
    assert bounds(found, "single-year", "bme_percent", "numerator", 2023) == (7, 7)
    assert bounds(found, "single-year", "bme_percent", "numerator", 2024) == (7, 7)
    # Without last year's report only the sum is known.
    alone = attack([tmp_path / "2024"])
    assert bounds(alone, "single-year", "bme_percent", "numerator", 2024) == (0, 14)


def test_a_change_gives_last_years_hidden_rate(tmp_path):
    last = band(2023, "Clinical|Band 9", 10, 3, 9, hidden=("bme", "white", "unknown"))
    this = [row(2024, 1, "Clinical|Band 9", "white_percent", 12, 24, change=50 - 100 * 10 / 22),
            row(2024, 1, "Clinical|Band 9", "bme_percent", 6, 24, change=25 - 100 * 3 / 22),
            row(2024, 1, "Clinical|Band 9", "unknown_percent", 6, 24, change=25 - 100 * 9 / 22)]
    found = attack([write_report(tmp_path / "2023", last), write_report(tmp_path / "2024", this)])
    # The three rates 10/22, 3/22, 9/22 in lowest terms share 22: the smallest headcount is 22, but a
    # multiple (44, 66, ...) is possible, so the counts are not pinned.
    low, high = bounds(found, "Clinical|Band 9", "bme_percent", "numerator", 2023)
    assert low == 3 and high == float("inf")


def test_a_difference_gives_a_hidden_survey_rate_and_categories_add_up(tmp_path):
    rows = [row(2024, 7, "All", "white_percent", 60, 100), row(2024, 7, "All", "bme_percent", hidden=True),
            row(2024, 7, "All", "difference_pp", value=100 * 5 / 9 - 60),
            row(2024, 7, "Broad group|White", "percent", 60, 100),
            row(2024, 7, "Broad group|Asian or Asian British", "percent", hidden=True),
            row(2024, 7, "Ethnic category|Indian", "percent", hidden=True),
            row(2024, 7, "Ethnic category|Pakistani", "percent", 12, 20)]
    found = attack([write_report(tmp_path / "2024", rows)])
    # BME = Asian = Indian + Pakistani (20 responses, 12 yes) at a rate of 5/9: 9 m responses, 5 m yes.
    low, high = bounds(found, "Ethnic category|Indian", "percent", "denominator")
    assert low == 7  # BME 27 of whom 20 Pakistani: the smallest multiple of 9 above 20
    assert bounds(found, "Ethnic category|Indian", "percent", "numerator")[0] == 3


def test_bank_pinned_by_overall_and_overall_including_bank(tmp_path):
    rows = workforce_overall(2024, 300, 200, 20) + band(2024, "Overall including bank", 320, 215, 23)
    found = attack([write_report(tmp_path / "2024", rows)])
    assert bounds(found, "Overall including bank", "unknown_percent", "bank") == (3, 3)
    truth = pd.DataFrame([dict(year=2024, indicator=1, breakdown=b, metric=f"{g}_percent", numerator=k,
                               denominator=n) for b, n, ks in (("Overall", 520, (300, 200, 20)),
                                                               ("Overall including bank", 558, (320, 215, 23)))
                          for g, k in zip(("white", "bme", "unknown"), ks)])
    assert any("bank" in v and "possible values" in v for v in violations(found, truth))


def test_published_checks_find_notes_intervals_and_small_counts(tmp_path):
    rows = band(2024, "Clinical|Band 4", 90, 284, 12, hidden=("unknown",))
    rows[2]["note"] = "'* not shown: rests on a count of 1 to 7 people"
    rows.append(row(2024, 1, "Clinical|Band 5", "white_percent", 3, 100))
    rows.append(dict(row(2024, 9, "All", "board_bme_percent", value=25), ci_low=7.1, ci_high=59.1))
    rows.append(row(2024, 1, "Clinical|Band 6", "white_percent", hidden=True))
    found = published_violations([write_report(tmp_path / "2024", rows)])
    assert any("different notes" in f for f in found)
    assert any("board row All board_bme_percent has an interval" in f for f in found)
    assert any("count of 1 to 7" in f and "Clinical|Band 5" in f for f in found)


# ---------------------------------------------------------------------------
# Random trusts through the suppression engine
# ---------------------------------------------------------------------------

#: ~12 random trusts; almost all of their time is the suppression engine's (the attack takes ~4 s a trust).
#: WRES_ATTACK_SEEDS=N runs N of them.
SEEDS = list(range(1, 1 + int(os.environ.get("WRES_ATTACK_SEEDS", "12"))))


def attack_trust(data_dir: Path, out: Path, board: bool = True) -> list[str]:
    """Publish both years, attack them, compare with the truth; ``board=False`` leaves out the
    board checks (named cases about something else)."""
    folders = trustgen.publish(data_dir, out)
    truth = trustgen.true_results(data_dir)
    found = attack(folders)
    problems = violations(found, truth) + published_violations(folders)
    return problems if board else [p for p in problems if "board row" not in p]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_trust_keeps_hidden_counts_hidden(seed, tmp_path):
    trust = trustgen.make_trust(tmp_path / "data", seed, staff=None)
    problems = attack_trust(trust.data_dir, tmp_path / "out")
    assert not problems, f"seed {seed} ({trust.staff} staff): {len(problems)} problems:\n" + "\n".join(
        problems[:20])


def test_random_trust_through_wres_run(tmp_path):
    trust = trustgen.make_trust(tmp_path / "data", 101, staff=150)
    out = tmp_path / "out"
    for year in trust.years:
        done = subprocess.run([sys.executable, "-m", "wreslib", "run", "--data", str(trust.data_dir), "--year",
                               str(year), "--out", str(out), "--force", "--quiet"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    folders = [out / str(y) for y in trust.years]
    analyst = [out / ".analyst" / str(y) for y in trust.years]  # the true data notes (run.json)
    problems = violations(attack(folders), trustgen.true_results(trust.data_dir), notes=analyst) + \
        published_violations(folders)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


# ---------------------------------------------------------------------------
# Named cases from the issue: a clean trust (no small cells) with one small cell put in
# ---------------------------------------------------------------------------

WHITE, BME, UNKNOWN = "A White - British", "H Asian or Asian British - Indian", "Z Not Stated"
DEFAULT_WORKFORCE = {("Administrative and Clerical", "Band 3"): (60, 45, 12),
                     ("Administrative and Clerical", "Band 4"): (50, 40, 10),
                     ("Nursing and Midwifery Registered", "Band 5"): (80, 70, 15),
                     ("Nursing and Midwifery Registered", "Band 6"): (70, 55, 12),
                     ("Medical and Dental", "Consultant"): (40, 35, 9)}
DEFAULT_SURVEY = {"Registered Nurses and Midwives": {"White British": 60, "Indian": 40, "African": 30},
                  "Admin and Clerical": {"White British": 50, "Indian": 30, "African": 25}}


def plain_trust(root: Path, *, workforce=None, bank=(20, 15, 10), cases=((20, 15), (22, 16)), board=(10, 3),
                survey=None, survey_positive=0.4) -> Path:
    """Two years (2023, 2024) of a trust with every group large, except what the caller puts in.

    ``workforce``: {(staff group, band): (White, BME, Unknown)}, added to the defaults;
    ``bank``: bank-only staff (White, BME, Unknown); ``cases``: disciplinary (White, BME) per year;
    ``board``: (members, BME members); ``survey``: {occupation: {ethnicity label: respondents}}."""
    root.mkdir(parents=True, exist_ok=True)
    cells = {**DEFAULT_WORKFORCE, **(workforce or {})}
    survey_rows = []
    for y_index, year in enumerate((2023, 2024)):
        folder = root / str(year)
        folder.mkdir()
        staff = []
        for (group, pay_band), counts in cells.items():
            for label, count in zip((WHITE, BME, UNKNOWN), counts):
                staff += [dict(ethnicity=label, pay_band=pay_band, staff_group=group, contract_type="Permanent")
                          for _ in range(count)]
        for label, count in zip((WHITE, BME, UNKNOWN), bank):
            staff += [dict(ethnicity=label, pay_band="Band 3", staff_group="Administrative and Clerical",
                           contract_type="Bank") for _ in range(count)]
        workforce_frame = pd.DataFrame(staff)
        workforce_frame.insert(0, "staff_id", [f"E{year}{i:05d}" for i in range(len(staff))])
        workforce_frame.to_csv(folder / "workforce.csv", index=False)
        substantive = workforce_frame[workforce_frame["contract_type"] != "Bank"]
        picked = []
        for label, count in zip((WHITE, BME), cases[y_index]):
            picked += substantive[substantive["ethnicity"] == label].head(count).index.tolist()
        chosen = workforce_frame.loc[picked]
        pd.DataFrame({"case_id": [f"DC{year}{i:04d}" for i in range(len(chosen))],
                      "staff_id": chosen["staff_id"].values, "ethnicity": chosen["ethnicity"].values,
                      "date_entered": f"{year - 1}-10-01"}).to_csv(folder / "disciplinary.csv", index=False)
        trained = substantive.iloc[::3]
        pd.DataFrame({"staff_id": trained["staff_id"].values, "course": "Mentoring Skills",
                      "date": f"{year - 1}-11-01"}).to_csv(folder / "training.csv", index=False)
        applications = [("White British", "Yes", "Yes")] * 30 + [("White British", "Yes", "No")] * 70 + \
            [("Indian", "Yes", "Yes")] * 25 + [("Indian", "Yes", "No")] * 80 + [("Indian", "No", "No")] * 20
        pd.DataFrame({"application_id": [f"APP{year}{i:04d}" for i in range(len(applications))],
                      "ethnicity": [a[0] for a in applications], "shortlisted": [a[1] for a in applications],
                      "appointed": [a[2] for a in applications]}).to_csv(folder / "recruitment.csv", index=False)
        members, bme_members = board
        pd.DataFrame({"member_id": [f"BRD{year}{i:02d}" for i in range(members)],
                      "ethnicity": ["Indian"] * bme_members + ["White British"] * (members - bme_members),
                      "voting": "Y", "executive": ["Y", "N"] * (members // 2) + ["Y"] * (members % 2)}
                     ).to_csv(folder / "board.csv", index=False)
        groups = {**DEFAULT_SURVEY, **(survey or {})}
        for occupation, labels in groups.items():
            for label, count in labels.items():
                positive = round(count * survey_positive)
                for i in range(count):
                    yes = i < positive
                    survey_rows.append(dict(
                        survey_year=year - 1, respondent_id=f"R{year}{len(survey_rows):05d}", ethnicity=label,
                        occupation=occupation, Q13a="", Q13b="", Q13c="", Q14="", Q15b="",
                        Q14a="1-2" if yes else "Never", Q14b="3-5" if yes else "Never",
                        Q14c="Never", Q15="Yes" if yes else "No", Q16b="Yes" if yes else "No"))
    pd.DataFrame(survey_rows)[trustgen.SURVEY_COLUMNS].to_csv(root / "survey_responses.csv", index=False)
    return root


def test_clean_trust_has_nothing_to_find(tmp_path):
    data = plain_trust(tmp_path / "data")
    folders = trustgen.publish(data, tmp_path / "out")
    assert not pd.concat([attacker.read_report(f) for f in folders])["suppressed"].any()
    assert attack_trust(data, tmp_path / "out", board=False) == []


def test_named_reason_in_notes(tmp_path):
    # A band with White 17 of 26 shown, Unknown 1, BME 8: BME + Unknown = 9, and a note saying which of
    # the two rests on a small count would give Unknown in 1-7.
    data = plain_trust(tmp_path / "data", workforce={("Administrative and Clerical", "Band 8a"): (17, 8, 1)})
    problems = attack_trust(data, tmp_path / "out", board=False)
    assert not problems, "\n".join(problems[:20])


def test_named_two_year_disciplinary(tmp_path):
    # 7 BME staff entered the disciplinary process in each year; the two-year figure (14) must not pin them.
    data = plain_trust(tmp_path / "data", cases=((20, 7), (22, 7)))
    problems = attack_trust(data, tmp_path / "out", board=False)
    assert not problems, "\n".join(problems[:20])


def test_named_survey_small_bme_group_in_an_occupation_with_a_bar(tmp_path):
    # 'Admin | Clerical': 15 responses, 11 White and 4 BME: everyone minus White must not give BME's 4,
    # and the occupation's name with a '|' must not escape the under-11 rule.
    data = plain_trust(tmp_path / "data", survey={"Admin | Clerical": {"White British": 11, "Indian": 4}})
    problems = attack_trust(data, tmp_path / "out", board=False)
    report = attacker.read_report(tmp_path / "out" / "2024")
    bme = report[(report["breakdown"] == "Occupation|Admin | Clerical") & (report["metric"] == "bme_percent")]
    assert len(bme) == 4 and bme["suppressed"].all()
    assert not problems, "\n".join(problems[:20])


def test_named_board_percentages_have_no_interval(tmp_path):
    # 2 BME members of 8: an interval around 25% would give the counts back.
    data = plain_trust(tmp_path / "data", board=(8, 2))
    folders = trustgen.publish(data, tmp_path / "out")
    problems = published_violations(folders)
    assert not [p for p in problems if "board" in p], "\n".join(problems[:20])


def test_named_small_bank_unknown(tmp_path):
    # 3 bank staff of unknown ethnicity: Overall including bank minus Overall must not give them.
    data = plain_trust(tmp_path / "data", bank=(20, 15, 3))
    problems = attack_trust(data, tmp_path / "out", board=False)
    assert not problems, "\n".join(problems[:20])
