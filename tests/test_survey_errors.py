"""Every survey input error through ``wres survey``: exit 2, one line naming file, line and column, no traceback."""
import pytest

SURVEY_HEADER = "survey_year,indicator,group,occupation,responses,percent,benchmark_percent\n"
GOOD = "2023,6,White,,3042,25.71,22.37\n"
RESP_HEADER = "survey_year,respondent_id,ethnicity,occupation,Q14a,Q14b,Q14c,Q15,Q16b\n"
RESP_GOOD = "2023,1,White British,Admin,Never,Never,1-2,Yes,No\n"


def run_bad(run_cli, tmp_path, name, text):
    data = tmp_path / "data"
    data.mkdir()
    path = data / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("survey", "--data", data)
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return path, err


@pytest.mark.parametrize("body, line, column, words", [
    (GOOD + "2023,7,White,,3045,100.5,\n", 3, "percent", "a percentage from 0 to 100"),
    (GOOD + "2023,7,White,,3045,-1,\n", 3, "percent", "a percentage from 0 to 100"),
    (GOOD + "2023,7,White,,3045,lots,\n", 3, "percent", "a percentage from 0 to 100"),
    (GOOD + "2023,7,White,,3045,,\n", 3, "percent", "a percentage from 0 to 100"),
    (GOOD + "2023,7,White,,3045,50,101\n", 3, "benchmark_percent", "a percentage from 0 to 100, or empty"),
    (GOOD + "2023,7,White,,0,50,\n", 3, "responses", "a positive whole number of responses"),
    (GOOD + "2023,7,White,,-5,50,\n", 3, "responses", "a positive whole number of responses"),
    (GOOD + "2023,7,White,,30.5,50,\n", 3, "responses", "a positive whole number of responses"),
    (GOOD + "2023,9,White,,3045,50,\n", 3, "indicator", "one of 5, 6, 7, 8"),
    (GOOD + "2023,1,White,,3045,50,\n", 3, "indicator", "one of 5, 6, 7, 8"),
    (GOOD + "23,7,White,,3045,50,\n", 3, "survey_year", "four-digit survey year"),
    (GOOD + "2023,7,Martian,,3045,50,\n", 3, "group", "ethnicity label"),
    (GOOD + "2023,6,White staff,,3042,25.71,22.37\n", 3, "group", "repeats line 2"),
    (GOOD.replace("White", "BME") + "2023,6,All other ethnic groups,,3042,25.71,\n", 3, "group", "repeats line 2"),
])
def test_survey_csv_errors(run_cli, tmp_path, body, line, column, words):
    path, err = run_bad(run_cli, tmp_path, "survey.csv", SURVEY_HEADER + body)
    assert str(path) in err and f"line {line}" in err and f"column '{column}'" in err and words in err, err


def test_survey_csv_missing_column(run_cli, tmp_path):
    path, err = run_bad(run_cli, tmp_path, "survey.csv", "survey_year,indicator,group\n2023,6,White\n")
    assert str(path) in err and "line 1" in err and "column 'percent'" in err


def test_survey_csv_extra_column(run_cli, tmp_path):
    path, err = run_bad(run_cli, tmp_path, "survey.csv", SURVEY_HEADER.strip() + ",colour\n" + GOOD.strip() + ",red\n")
    assert str(path) in err and "line 1" in err and "column 'colour'" in err and "only the columns" in err


@pytest.mark.parametrize("body, line, column, words", [
    (RESP_GOOD + "2023,2,White British,Admin,Never,Never,Never,Maybe,No\n", 3, "Q15",
     "one of Yes, No, Don't know, or empty"),
    (RESP_GOOD + "2023,2,White British,Admin,Sometimes,Never,Never,Yes,No\n", 3, "Q14a",
     "one of Never, 1-2, 3-5, 6-10, More than 10"),
    (RESP_GOOD + "2023,3,White British,Admin,Never,Never,Never,Yes,Perhaps\n", 3, "Q16b", "one of Yes, No"),
    (RESP_GOOD + "2023,1,Indian,Admin,Never,Never,Never,Yes,No\n", 3, "respondent_id", "each respondent once"),
    (RESP_GOOD + "2017,9,Indian,Admin,Never,Never,Never,Yes,No\n", 3, "survey_year", "one of 2019"),
    (RESP_GOOD + "2023,,Indian,Admin,Never,Never,Never,Yes,No\n", 3, "respondent_id", "a respondent id"),
])
def test_survey_responses_errors(run_cli, tmp_path, body, line, column, words):
    path, err = run_bad(run_cli, tmp_path, "survey_responses.csv", RESP_HEADER + body)
    assert str(path) in err and f"line {line}" in err and f"column '{column}'" in err and words in err, err


def test_survey_responses_missing_question_column(run_cli, tmp_path):
    text = "survey_year,respondent_id,ethnicity,occupation,Q14a,Q14b,Q14c,Q15\n2023,1,A,Admin,Never,Never,Never,Yes\n"
    path, err = run_bad(run_cli, tmp_path, "survey_responses.csv", text)
    assert "line 1" in err and "column 'Q16b'" in err and "survey year 2023" in err


def test_strict_ethnicity_for_respondents(run_cli, tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    bad = "2023,2,Martian,Admin,Never,Never,Never,Yes,No\n"
    (data / "survey_responses.csv").write_text(RESP_HEADER + RESP_GOOD + bad)
    code, _, err = run_cli("survey", "--data", data, "--threshold", "1")
    assert code == 0 and "'Martian' (1)" in err
    code, _, err = run_cli("survey", "--data", data, "--strict-ethnicity")
    assert code == 2 and "line 3" in err and "column 'ethnicity'" in err and len(err.strip().splitlines()) == 1


def test_no_survey_files(run_cli, tmp_path):
    code, out, err = run_cli("survey", "--data", tmp_path)
    assert code == 2 and out == "" and "survey.csv" in err and "survey_responses.csv" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_threshold(run_cli, tmp_path):
    code, out, err = run_cli("survey", "--data", tmp_path, "--threshold", "0")
    assert code == 2 and out == "" and "--survey-threshold" in err and "1 or more" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as exit_info:  # not a number: argparse's usage error, also exit 2
        run_cli("survey", "--data", tmp_path, "--threshold", "many")
    assert exit_info.value.code == 2


def test_out_file_written_only_on_success(run_cli, tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "survey.csv").write_text(SURVEY_HEADER + GOOD)
    out = tmp_path / "out" / "survey_results.csv"
    code, stdout, _ = run_cli("survey", "--data", data, "--out", out)
    assert code == 0 and stdout == ""
    assert out.read_text().startswith("year,indicator,breakdown,metric,value,ci_low,ci_high,numerator,denominator,"
                                      "change,description,note,survey_year,significant,source")
    before = out.read_bytes()
    (data / "survey.csv").write_text(SURVEY_HEADER + GOOD + "2023,9,White,,1,1,\n")
    code, _, _ = run_cli("survey", "--data", data, "--out", out)
    assert code == 2 and out.read_bytes() == before
