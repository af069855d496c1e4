"""One extract for many organisations (issue 13): every organisation counted in one pass, each exactly as
its own extract would be, a single-trust call refusing several organisations, and each label read once."""
from collections import Counter
from dataclasses import replace
from pathlib import Path
import textwrap

import pandas as pd
import pytest

from wreslib.classify import ethnicity
from wreslib.compute.indicators import compute_indicators, compute_indicators_by_organisation
from wreslib.demo.national import write_national
from wreslib.errors import InputError
from wreslib.inputs import extracts
from wreslib.inputs.extracts import extract_counts, extract_counts_by_organisation
from wreslib.standards.wdes import WDES
from wreslib.standards.wres import WRES

YEARS = (2023, 2024)


def split(national: Path, root: Path) -> dict[str, Path]:
    """Each organisation's rows of every file of ``national`` written to a folder of its own (the same
    header, the rows in the same order), as if each trust had sent its own extract: {code: folder}."""
    frames = {path: pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(national.glob("*/*.csv"))}
    codes = sorted(set().union(*(frame["organisation"] for frame in frames.values())))
    folders = {code: root / code for code in codes}
    for path, frame in frames.items():
        for code, folder in folders.items():  # (a file with no rows of an organisation: its header alone)
            (folder / path.parent.name).mkdir(parents=True, exist_ok=True)
            frame[frame["organisation"] == code].to_csv(folder / path.parent.name / path.name, index=False,
                                                        lineterminator="\n")
    return folders


def as_text_ids(national: Path) -> None:
    """Staff ids written as ESR assignment-style text (``E`` and the number), so that they are read as text,
    not numbers; the first organisation's first staff ids reused by the second (another person there)."""
    for path in national.glob("*/*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "staff_id" in frame.columns:
            frame["staff_id"] = "E" + frame["staff_id"]
        frame.to_csv(path, index=False, lineterminator="\n")


@pytest.fixture(scope="module", params=["number ids", "text ids"])
def national(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("national")
    write_national(root / "all", staff=1200, organisations=4, years=YEARS, seed=7)
    if request.param == "text ids":
        as_text_ids(root / "all")
    return root / "all", split(root / "all", root / "each")


def _own(notes, code):
    """The notes of one organisation's data (and those about a whole file), as a single trust's run gives them."""
    return [replace(n, organisation=None) for n in notes if n.organisation in (code, None)]


def test_each_organisation_is_counted_as_its_own_extract(national):
    """Counts byte for byte, data notes and indicators (WRES and WDES, both years) figure for figure."""
    folder, own = national
    counts = []
    for year in YEARS:
        notes = []
        multi = extract_counts_by_organisation(folder, year, allow_unknown_labels=True, notes=notes)
        assert list(multi.columns[:2]) == ["organisation", "year"]
        assert sorted(set(multi["organisation"])) == sorted(own) == list(pd.unique(multi["organisation"]))
        for code, own_folder in own.items():
            own_notes = []
            single = extract_counts(own_folder, year, allow_unknown_labels=True, notes=own_notes)
            mine = multi[multi["organisation"] == code].drop(columns="organisation").reset_index(drop=True)
            pd.testing.assert_frame_equal(mine, single, check_exact=True)
            assert mine.to_csv(index=False) == single.to_csv(index=False)
            assert _own(notes, code) == own_notes
            assert all(n.organisation == code for n in notes if n in own_notes or n.organisation == code)
        counts.append(multi)
    counts = pd.concat(counts, ignore_index=True)
    for standard in (WRES, WDES):
        results = compute_indicators_by_organisation(counts, standard)
        for code in own:
            mine = results[results["organisation"] == code].drop(columns="organisation").reset_index(drop=True)
            single = compute_indicators(counts[counts["organisation"] == code].drop(columns="organisation")
                                        .reset_index(drop=True), standard)
            pd.testing.assert_frame_equal(mine, single, check_exact=True)


def write(folder: Path, files: dict[str, str], year: int = 2024) -> Path:
    (folder / str(year)).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / str(year) / f"{name}.csv").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


# Two organisations, worked out by hand. Both use staff ids 1 and 2 and application id 10: different people.
TWO = {
    "workforce": """\
        organisation,staff_id,ethnicity,pay_band,staff_group,contract_type
        A,1,A White - British,Band 5,Nursing and Midwifery Registered,Permanent
        A,2,N Black or Black British - African,Band 5,Nursing and Midwifery Registered,Permanent
        A,3,H Asian or Asian British - Indian,Band 6,Administrative and Clerical,Permanent
        A,3,H Asian or Asian British - Indian,Band 2,Administrative and Clerical,Bank
        A,4,Z Not Stated,Band 7,Administrative and Clerical,Bank
        B,1,N Black or Black British - African,Consultant,Medical and Dental,Permanent
        B,2,A White - British,Band 5,Nursing and Midwifery Registered,Permanent
        B,5,C White - Any other White background,Band 5,Nursing and Midwifery Registered,Permanent
        """,
    "recruitment": """\
        organisation,application_id,ethnicity,shortlisted,appointed
        A,10,White British,Yes,Yes
        A,11,Indian,Yes,No
        A,12,Black African,Yes,Yes
        B,10,White British,Yes,No
        B,13,Prefer not to say,Yes,No
        """,
    "disciplinary": """\
        organisation,case_id,staff_id,ethnicity,date_entered
        A,D1,2,N Black or Black British - African,2023-06-01
        A,D2,2,N Black or Black British - African,2023-09-01
        B,D3,1,N Black or Black British - African,2023-05-05
        B,D4,2,A White - British,2022-01-01
        """,
    "training": """\
        organisation,staff_id,course,date
        A,1,Leadership,2023-05-01
        A,3,Leadership,2023-07-01
        B,1,Coaching,2023-08-01
        B,5,Coaching,2023-08-01
        """,
    "board": """\
        organisation,member_id,ethnicity,voting,executive
        A,M1,White British,Yes,Yes
        A,M2,Indian,Yes,No
        B,M1,White British,Yes,Yes
        """,
}


def test_two_organisations_by_hand(tmp_path):
    notes = []
    counts = extract_counts_by_organisation(write(tmp_path, TWO), 2024, notes=notes)

    def count(org, indicator, measure, breakdown=""):
        rows = counts[(counts["organisation"] == org) & (counts["indicator"] == indicator)
                      & (counts["measure"] == measure) & (counts["breakdown"] == breakdown)]
        return {g: int(n) for g, n in zip(rows["ethnicity"], rows["count"]) if n}

    # A: staff 1 (White) and 2 (BME) in Clinical Band 5; 3 (BME) in Non-clinical Band 6 (their bank shift merged
    # into the substantive post); 4 is bank-only (Unknown). B: 1 (BME) a consultant, 2 and 5 (White) Band 5.
    assert count("A", 1, "headcount", "Clinical|Band 5") == {"White": 1, "BME": 1}
    assert count("A", 1, "headcount", "Non-clinical|Band 6") == {"BME": 1}
    assert count("A", 1, "bank_headcount") == {"Unknown": 1}
    assert count("A", 3, "headcount") == count("A", 4, "headcount") == {"White": 1, "BME": 2}
    assert count("B", 1, "headcount", "Medical and Dental|Consultant") == {"BME": 1}
    assert count("B", 1, "headcount", "Clinical|Band 5") == {"White": 2}
    assert count("B", 1, "bank_headcount") == {}
    assert count("B", 3, "headcount") == {"White": 2, "BME": 1}
    # Applications (id 10 is one application in each organisation).
    assert count("A", 2, "shortlisted") == {"White": 1, "BME": 2} and count("A", 2, "appointed") == {"White": 1,
                                                                                                    "BME": 1}
    assert count("B", 2, "shortlisted") == {"White": 1, "Unknown": 1} and count("B", 2, "appointed") == {}
    # Cases: A's staff 2 twice (one person); B's staff 1 (BME), B's staff 2 outside 2023/24.
    assert count("A", 3, "entered_disciplinary") == {"BME": 1}
    assert count("B", 3, "entered_disciplinary") == {"BME": 1}
    # Training: ethnicity from the workforce file of the same organisation (B's staff 1 is BME, A's White).
    assert count("A", 4, "accessed_training") == {"White": 1, "BME": 1}
    assert count("B", 4, "accessed_training") == {"White": 1, "BME": 1}
    assert count("A", 9, "board_members", "All") == {"White": 1, "BME": 1}
    assert count("A", 9, "board_members", "Executive") == {"White": 1}
    assert count("B", 9, "board_members", "Voting") == {"White": 1}
    # Each note names the organisation whose data it is about.
    by_code = {(n.organisation, n.code): dict(n.counts) for n in notes}
    assert by_code["A", "merged_assignments"] == {"rows": 1, "people": 1}
    assert by_code["A", "bank_only"] == {"people": 1} and by_code["B", "bank_only"] == {"people": 0}
    assert by_code["A", "repeat_cases"] == {"extra": 1}
    assert by_code["B", "dated_outside_year"] == {"rows": 1}
    assert ("B", "merged_assignments") not in by_code and ("A", "dated_outside_year") not in by_code
    assert any(str(n).startswith("2024: A: workforce.csv: 1 extra assignment row(s) of 1 people merged")
               for n in notes)
    results = compute_indicators_by_organisation(counts)
    assert set(results["organisation"]) == {"A", "B"}


def test_a_single_trust_call_refuses_several_organisations(tmp_path, run_cli):
    folder = write(tmp_path, TWO)
    with pytest.raises(InputError) as caught:
        extract_counts(folder, 2024)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{folder / '2024' / 'workforce.csv'}, line 7, column 'organisation': expected one "
                              "organisation code in a single trust's extract (workforce.csv has 'A')")
    assert "extract_counts_by_organisation" in message and message.endswith("got 'B'")
    code, out, err = run_cli("counts", "--data", folder, "--year", "2024")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "line 7, column 'organisation'" in err


def test_one_organisation_code_is_one_trust(tmp_path):
    """An organisation column holding one code changes nothing."""
    one = {name: "\n".join(line for line in textwrap.dedent(text).splitlines() if not line.startswith("B,"))
           for name, text in TWO.items()}
    without = {name: "\n".join(line.split(",", 1)[1] for line in text.splitlines()) for name, text in one.items()}
    with_code = extract_counts(write(tmp_path / "with", one), 2024)
    pd.testing.assert_frame_equal(with_code, extract_counts(write(tmp_path / "without", without), 2024))
    by_org = extract_counts_by_organisation(tmp_path / "with", 2024)
    pd.testing.assert_frame_equal(by_org.drop(columns="organisation"), with_code)


def test_every_file_needs_the_organisation_column(tmp_path):
    files = dict(TWO, board="member_id,ethnicity,voting,executive\nM1,White British,Yes,Yes\n")
    with pytest.raises(InputError, match=r"board.csv, line 1, column 'organisation': expected a column named "
                                         r"'organisation'"):
        extract_counts_by_organisation(write(tmp_path, files), 2024)


def test_an_organisation_without_board_members_is_an_error(tmp_path):
    files = dict(TWO, board="organisation,member_id,ethnicity,voting,executive\nA,M1,White British,Yes,Yes\n")
    with pytest.raises(InputError, match=r"board.csv, column 'organisation': expected rows for every organisation "
                                         r".* but organisation 'B' has none here"):
        extract_counts_by_organisation(write(tmp_path, files), 2024)


def test_each_label_is_classified_once(tmp_path, monkeypatch):
    """However many organisations and rows: each distinct ethnicity label of the file is classified once
    (then the counts' own three group labels)."""
    write_national(tmp_path / "all", staff=3000, organisations=12, years=(2024,), seed=3)
    folder = tmp_path / "one"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "workforce.csv").write_bytes((tmp_path / "all" / "2024" / "workforce.csv").read_bytes())
    labels = pd.read_csv(folder / "2024" / "workforce.csv", dtype=str, keep_default_na=False)["ethnicity"]
    calls = Counter()
    classify_one = ethnicity._classify_one
    monkeypatch.setattr(ethnicity, "_classify_one", lambda value: calls.update([value]) or classify_one(value))
    extract_counts_by_organisation(folder, 2024, allow_unknown_labels=True)
    assert len(labels) > 3000 and labels.nunique() < 40  # many rows, 12 organisations, few labels
    assert sum(calls.values()) == labels.nunique() + 3
    assert all(calls[label] == 1 for label in set(labels) - {"White", "BME", "Unknown"})


def test_ids_that_differ_only_in_leading_zeros_are_two_people(tmp_path):
    """Ids read as whole numbers only when nothing is lost: 007 and 7 stay two people."""
    files = {"workforce": """\
        staff_id,ethnicity,pay_band,staff_group,contract_type
        007,A White - British,Band 5,Nursing and Midwifery Registered,Permanent
        7,N Black or Black British - African,Band 5,Nursing and Midwifery Registered,Permanent
        """}
    counts = extract_counts(write(tmp_path, files), 2024)
    row = counts[(counts["indicator"] == 3) & (counts["measure"] == "headcount")]
    assert dict(zip(row["ethnicity"], row["count"])) == {"White": 1, "BME": 1, "Unknown": 0}
    assert list(extracts.year_records(tmp_path, 2024)["workforce"]["staff_id"]) == ["007", "7"]


@pytest.mark.parametrize("text, numbers", [
    ("id,a\n1,x\n20,y\n", True), ("id,a\r\n1,x\r\n20,y\r\n", True), ("id,a\n1,x\n20,y", True),
    ("\ufeffid,a\n1,x\n20,y\n", True), ("id,a\n1,é\n20,y\n", True),
    ("id,a\n01,x\n20,y\n", False), ("id,a\n10,x\n05,y\n", False), ("id,a\n 1,x\n20,y\n", False),
    ("id,a\n+1,x\n20,y\n", False), ('id,a\n"1",x\n20,y\n', False), ('id,a\n1,"x\ny"\n20,y\n', False),
    ("id,a\nE1,x\n20,y\n", False), ("id,a,b\n1,x\n20,y,z\n", False), ("id,a\n1,x\n20,y\n\n", False)])
def test_ids_are_read_as_numbers_only_when_nothing_is_lost(tmp_path, text, numbers):
    """The parser reads 01, +1 and " 1" as 1 too: the file's size tells whether the ids were written plainly."""
    from wreslib.inputs import reading

    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    frame = reading.read_csv(path, categorical=lambda header: header != "id")
    assert (frame["id"].dtype.kind == "i") == numbers
    expected = [line.split(",")[0].strip().strip('"') for line in text.lstrip("\ufeff").splitlines()[1:]
                if line and not line.startswith("y")]
    assert [str(v) for v in frame["id"]] == expected


def test_a_header_only_capability_file_counts_no_one(tmp_path):
    """(It raised KeyError before: a year with no capability cases.)"""
    files = {name: "\n".join(line.split(",", 1)[1] for line in textwrap.dedent(text).splitlines()
                             if not line.startswith("B,"))
             for name, text in TWO.items() if name in ("workforce", "board")}
    files["workforce"] = files["workforce"].replace("contract_type", "contract_type,disability").replace(
        "Permanent", "Permanent,No").replace("Bank\n", "Bank,Yes\n")
    files["capability"] = "case_id,staff_id,disability,date_entered,grounds\n"
    counts = extract_counts(write(tmp_path, files), 2024)
    cases = counts[counts["measure"] == "entered_capability"]
    assert len(cases) == 3 and cases["count"].sum() == 0
