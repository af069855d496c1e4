"""Every counts-contract error through the CLI: exit 2, one line naming file, line and column."""
import pytest

HEADER = "year,indicator,measure,breakdown,ethnicity,count\n"
GOOD = "2024,1,headcount,Clinical|Band 5,White,10\n"


@pytest.mark.parametrize("body, line, column, words", [
    ("year,indicator,measure,breakdown,ethnicity\n2024,1,headcount,Clinical|Band 5,White\n", 1, "count",
     "column named 'count'"),
    ("year,indicator,measure,breakdown,ethnicity,count,extra\n2024,1,headcount,Clinical|Band 5,White,1,x\n", 1,
     "extra", "only the columns"),
    (HEADER + GOOD + "2024,1,headcount,Clinical|Band 6,White,2.5\n", 3, "count", "whole number"),
    (HEADER + GOOD + "2024,1,headcount,Clinical|Band 6,White,-3\n", 3, "count", "whole number"),
    (HEADER + GOOD + "2024,5,headcount,,White,3\n", 3, "indicator", "one of 1, 2, 3, 4, 9"),
    (HEADER + GOOD + "2024,2,hired,,White,3\n", 3, "measure", "one of shortlisted, appointed"),
    (HEADER + GOOD + "2024,1,headcount,Clinical|Band 10,White,3\n", 3, "breakdown", "Cluster|Band"),
    (HEADER + GOOD + "2024,9,board_members,Trustees,White,3\n", 3, "breakdown", "one of All, Voting, Executive"),
    (HEADER + GOOD + "2024,2,shortlisted,x,White,3\n", 3, "breakdown", "empty breakdown"),
    (HEADER + GOOD + GOOD, 3, "ethnicity", "one row per year"),
    (HEADER + GOOD + "2024,2,shortlisted,,BME,3\n2024,2,appointed,,BME,4\n", 4, "count", "at most their shortlisted"),
    (HEADER + GOOD + "2024,3,headcount,,BME,3\n2024,3,entered_disciplinary,,BME,4\n", 4, "count",
     "at most their headcount"),
    (HEADER + GOOD + "2024,4,headcount,,White,3\n2024,4,accessed_training,,White,4\n", 4, "count",
     "at most their headcount"),
    (HEADER + GOOD + "2023,9,board_members,All,White,3\n", 3, "year", "indicator 1 headcount rows for 2023"),
    (HEADER + "24,1,headcount,Clinical|Band 5,White,10\n", 2, "year", "four-digit"),
])
def test_counts_errors(run_cli, write_csv, body, line, column, words):
    path = write_csv("bad counts.csv", body)
    code, out, err = run_cli("indicators", "--counts", path)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert str(path) in err and f"line {line}" in err and f"column '{column}'" in err and words in err, err


def test_missing_file_and_empty_file(run_cli, write_csv, tmp_path):
    code, _, err = run_cli("indicators", "--counts", tmp_path / "nope.csv")
    assert code == 2 and "nope.csv" in err
    code, _, err = run_cli("indicators", "--counts", write_csv("empty.csv", ""))
    assert code == 2 and "empty" in err


def test_an_unknown_label_in_counts_is_an_error_with_a_suggestion(run_cli, write_csv):
    # A count stands for a group: no silent Unknown, with or without --strict-ethnicity.
    path = write_csv("counts.csv", HEADER + GOOD + "2024,1,headcount,Clinical|Band 6,Martian,3\n"
                     "2024,1,headcount,Clinical|Band 7,Black Carribean,4\n")
    for extra in ((), ("--strict-ethnicity",)):
        code, out, err = run_cli("indicators", "--counts", path, *extra)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert "line 3" in err and "column 'ethnicity'" in err and "'Martian'" in err
    # `wres validate` lists each label, with the closest known one where there is one.
    code, out, _ = run_cli("validate", "--data", path.parent)
    assert code == 2
    assert "'Black Carribean'" in out and "did you mean 'Caribbean'" in out and "line 4" in out


def test_out_file_written_only_on_success(run_cli, write_csv, tmp_path):
    out = tmp_path / "results.csv"
    code, stdout, _ = run_cli("indicators", "--counts", write_csv("ok.csv", HEADER + GOOD), "--out", out)
    assert code == 0 and stdout == "" and out.read_text().startswith("year,indicator,breakdown,metric,value")
    before = out.read_bytes()
    code, _, _ = run_cli("indicators", "--counts", write_csv("bad.csv", HEADER + "x"), "--out", out)
    assert code == 2 and out.read_bytes() == before
