"""Header matching forgives case, spaces, ``_`` and ``-`` in every input file, not only the extracts:
counts, survey tables, survey respondents (``Q14a``/``q14a``) and ``published.csv``."""
import pandas as pd
import pytest

from wreslib.inputs.counts import read_counts
from wreslib.errors import InputError
from wreslib.report.reconcile import read_published
from wreslib.compute.survey import read_responses, read_survey


def test_counts_headers_in_any_case_and_spacing(write_csv):
    path = write_csv("counts.csv", """\
        Year,INDICATOR,Measure, Breakdown ,Ethnicity,Count
        2024,1,headcount,Overall,BME,990
        2024,1,headcount,Overall,White,6432
        """)
    counts = read_counts(path)
    assert counts["count"].sum() == 990 + 6432


def test_several_missing_columns_in_one_error(write_csv):
    path = write_csv("counts.csv", """\
        year,indicator,ethnicity
        2024,1,BME
        """)
    with pytest.raises(InputError) as err:
        read_counts(path)
    text = str(err.value)
    assert "columns named 'measure', 'breakdown', 'count'" in text and "columns found: year, indicator, ethnicity" in text
    assert len(text.splitlines()) == 1


def test_two_headers_for_one_column_are_refused(write_csv):
    path = write_csv("counts.csv", """\
        year,indicator,measure,breakdown,ethnicity,count,Count
        2024,1,headcount,Overall,BME,990,991
        """)
    with pytest.raises(InputError, match="the headers 'count' and 'Count' both name it"):
        read_counts(path)


def test_survey_and_published_headers(write_csv):
    survey = write_csv("survey.csv", """\
        Survey Year,Indicator,Group,Responses,Percent,Benchmark-Percent
        2023,7,White,300,60.00,58.84
        2023,7,BME,200,45.00,49.64
        """)
    frame = read_survey(survey)
    assert sorted(frame["benchmark_percent"].dropna().round(2)) == [49.64, 58.84]
    published = write_csv("published.csv", """\
        YEAR,Indicator,Breakdown,Metric,Value,SOURCE
        2024,1,Overall,bme_percent,62.70,table
        """)
    assert read_published(published)["source"].tolist() == ["table"]


def test_respondent_question_columns_in_lower_case(tmp_path):
    # The demo's 2023 respondents with the question headers in lower case and the id header spelled out.
    from helpers import REPO
    lines = (REPO / "data" / "demo" / "survey_responses.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].replace("respondent_id", "Respondent ID").lower().replace("survey_year", "Survey Year")
    rows = [line for line in lines[1:] if line.startswith("2023,")][:50]
    path = tmp_path / "survey_responses.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    original = tmp_path / "original.csv"
    original.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    frame, expected = read_responses(path), read_responses(original)
    assert len(frame) == 50
    pd.testing.assert_frame_equal(frame, expected)
