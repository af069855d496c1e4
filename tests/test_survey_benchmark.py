"""The national survey benchmark (survey_benchmark.csv): rank, percentile and funnel side worked by hand.

The small file below has four organisations' White figures for indicators 5 and 7 in the 2023 survey
(WRES 2024): RA1 10.00% of 100, RB2 20.00% of 200, RC3 20.00% without responses, RD4 30.00% of 300,
and one weighted figure (RE5 50.00% of 500). The trust's own figure comes from the report's results.
"""
import math

import pandas as pd
import pytest

from wreslib.compute import benchmark
from wreslib.compute.funnel import outside_label
from wreslib.errors import InputError
from wreslib.report import benchmark as report
from wreslib.report.plots import data_html, figure_html

YEAR = 2024  # WRES reporting year: the 2023 survey
HEADER = "organisation,name,survey_year,indicator,group,responses,percent,weighted\n"
ROWS = {
    "RA1": ("Alpha", 100, "10.00", ""),
    "RB2": ("<b>A&B</b>", 200, "20.00", ""),
    "RC3": ("Gamma", "", "20.00", ""),
    "RD4": ("Delta", 300, "30.00", ""),
}


def write_file(folder, rows=ROWS, indicators=(5, 7), extra=""):
    lines = [f"{code},{name},2023,{indicator},White,{n},{percent},{weighted}\n"
             for indicator in indicators for code, (name, n, percent, weighted) in rows.items()]
    path = folder / "survey_benchmark.csv"
    path.write_text(HEADER + "".join(lines) + extra, encoding="utf-8")
    return path


def own(k, n, *, indicator=5, metric="white_percent", hidden=False):
    """The trust's figure as the report's results hold it (after disclosure control)."""
    return pd.DataFrame({"year": [YEAR], "indicator": [indicator], "breakdown": ["All"], "metric": [metric],
                         "value": [math.nan if hidden else 100 * k / n], "numerator": [math.nan if hidden else k],
                         "denominator": [math.nan if hidden else n], "suppressed": [hidden]})


@pytest.fixture
def national(tmp_path):
    return benchmark.read_benchmark(write_file(tmp_path))


def trust_row(table):
    return table[table["is_trust"]].iloc[0]


# ------------------------------------------------------------------ rank and percentile

def test_rank_and_percentile_by_hand_lower_is_better(national):
    # Indicator 5 (harassment: lower is better). Figures 10, 20, 20, 25 (trust), 30: three are better
    # than 25, so rank 4 of 5; one is worse, none the same: percentile 100 x 1 / 4 = 25.
    table = benchmark.comparison(national, own(100, 400), YEAR, 5, "White", code="RZZ")
    trust = trust_row(table)
    assert (trust["rank"], trust["ranked"], trust["percentile"]) == (4, 5, 25.0)
    assert dict(zip(table["organisation"], table["rank"])) == {"RZZ": 4, "RA1": 1, "RB2": 2, "RC3": 2, "RD4": 5}


def test_indicator_7_ranks_the_other_way(national):
    # Indicator 7 (equal opportunities for career progression: higher is better). The same figures: only 30
    # is better than 25, so rank 2 of 5; three are worse: percentile 100 x 3 / 4 = 75. Were the direction
    # reversed, this would be rank 4 and percentile 25.
    table = benchmark.comparison(national, own(100, 400, indicator=7), YEAR, 7, "White", code="RZZ")
    trust = trust_row(table)
    assert (trust["rank"], trust["ranked"], trust["percentile"]) == (2, 5, 75.0)
    assert report.rank_one(7) == "1 = the highest percentage: higher is better for staff"
    assert report.rank_one(5) == "1 = the lowest percentage: lower is better for staff"


def test_ties_share_the_better_rank_and_count_half(national):
    # 4,999 of 25,000 is 19.996%, which prints as 20.00%: tied with RB2 and RC3. One better (10): rank 2;
    # one worse (30) and two the same: percentile 100 x (1 + 2 / 2) / 4 = 50.
    table = benchmark.comparison(national, own(4999, 25000), YEAR, 5, "White", code="RZZ")
    trust = trust_row(table)
    assert (trust["rank"], trust["percentile"]) == (2, 50.0)
    assert table.set_index("organisation").loc[["RB2", "RC3"], "rank"].tolist() == [2, 2]


def test_the_trust_in_the_file_is_counted_once_with_its_own_figure(national):
    # RD4 is the trust: its 30.00% in the file is replaced by its own 25.00%. Figures 10, 20, 20, 25:
    # rank 4 of 4, percentile 0.
    table = benchmark.comparison(national, own(100, 400), YEAR, 5, "White", code="RD4")
    assert len(table) == 4 and (table["organisation"] == "RD4").sum() == 1
    trust = trust_row(table)
    assert (trust["organisation"], trust["value"], trust["rank"], trust["ranked"], trust["percentile"]) == \
        ("RD4", 25.0, 4, 4, 0.0)


def test_a_trust_absent_from_the_file_is_ranked_among_its_organisations(national):
    table = benchmark.comparison(national, own(100, 400), YEAR, 5, "White", code="RZZ")
    assert len(table) == 5 and table["organisation"].tolist()[0] == "RZZ"
    note = report.code_note(national, "RZZ", YEAR)
    assert "4 organisations" in note and "is not among them" in note
    assert "replaced by its figures" in report.code_note(national, "RD4", YEAR)
    assert "counted twice" in report.code_note(national, None, YEAR)


def test_a_hidden_own_figure_gets_no_rank_and_is_left_out_of_the_pooled_value(national):
    table = benchmark.comparison(national, own(0, 1, hidden=True), YEAR, 5, "White", code="RZZ")
    trust = trust_row(table)
    assert pd.isna(trust["rank"]) and pd.isna(trust["percentile"]) and pd.isna(trust["outside"])
    assert trust["reason"] == benchmark.HIDDEN
    assert trust_row(table)["ranked"] == 4  # the others are ranked among themselves
    assert table["target"].iloc[0] == pytest.approx(100 * (10 + 40 + 90) / 600)
    sentence = report.rank_sentence(table, 5, "White", "Demo Trust", YEAR)
    assert "hidden by disclosure control" in sentence and "no rank" in sentence and "rank 4" not in sentence
    summary = benchmark.summary(national, own(0, 1, hidden=True), YEAR, "RZZ")
    shown = report.display_summary(summary, "Demo Trust")
    assert shown.loc[0, "Rank"] == "not ranked: hidden" and shown.loc[0, "Trust"] == "*"
    assert "this trust's figure is hidden" in report.benchmark_alt(table, 5, "White", YEAR)


# ------------------------------------------------------------------ the funnel

def test_funnel_side_with_limits_worked_by_hand(tmp_path):
    # Counted: RA1 10 of 100, RB2 40 of 200, RD4 90 of 300 and the trust 124 of 400 (31.00%): pooled
    # 264 / 1,000 = 26.40%. At n = 400 the normal approximation gives 26.40 +/- 1.96 x sqrt(0.264 x 0.736 /
    # 400) x 100 = 26.40 +/- 4.32 (95%) and +/- 6.81 (99.8%): 31.00% is above the 95% upper limit (30.72)
    # and within the 99.8% one (33.21). The exact binomial limits differ from these by hundredths.
    national = benchmark.read_benchmark(write_file(tmp_path))
    table = benchmark.comparison(national, own(124, 400), YEAR, 5, "White", code="RZZ")
    trust = trust_row(table)
    assert trust["target"] == pytest.approx(26.4)
    se = math.sqrt(0.264 * 0.736 / 400) * 100
    assert trust["upper_95"] == pytest.approx(26.4 + 1.96 * se, abs=0.1)
    assert trust["upper_99.8"] == pytest.approx(26.4 + 3.09 * se, abs=0.1)
    assert trust["lower_95"] == pytest.approx(26.4 - 1.96 * se, abs=0.1)
    assert trust["outside"] == outside_label("above", 0.95)
    sentence = report.funnel_sentence(table, 5)
    assert "26.40%" in sentence and "above the 95% limits" in sentence and "worse for staff" in sentence
    # Indicator 7: above the limits is better for staff.
    table7 = benchmark.comparison(national, own(124, 400, indicator=7), YEAR, 7, "White", code="RZZ")
    assert trust_row(table7)["outside"] == outside_label("above", 0.95)
    assert "better for staff" in report.funnel_sentence(table7, 7)


def test_rows_without_counts_are_left_out_of_the_pooled_value_with_a_note(tmp_path):
    rows = dict(ROWS, RE5=("Epsilon", 500, "50.00", "true"))
    national = benchmark.read_benchmark(write_file(tmp_path, rows))
    table = benchmark.comparison(national, own(100, 400), YEAR, 5, "White", code="RZZ")
    # Neither RC3 (no responses) nor RE5 (weighted) counts: (10 + 40 + 90 + 100) / (100 + 200 + 300 + 400).
    assert table["target"].iloc[0] == pytest.approx(24.0)
    by_code = table.set_index("organisation")
    assert not by_code.loc["RC3", "counted"] and not by_code.loc["RE5", "counted"]
    assert pd.isna(by_code.loc["RC3", "outside"]) and pd.isna(by_code.loc["RE5", "upper_95"])
    assert by_code.loc["RE5", "rank"] == 6 and trust_row(table)["ranked"] == 6  # ranked all the same
    note = report.uncounted_note(table)
    assert note.startswith("2 organisations' figures (") and "left out of the pooled percentage" in note
    assert "1 published without a number of responses" in note and "1 weighted" in note
    assert note in report.rank_sentence(table, 5, "White", "Demo Trust", YEAR)
    data = report.benchmark_data(table, "Demo Trust").set_index("Code")
    assert data.loc["RC3", "Position"] == benchmark.NO_RESPONSES and data.loc["RC3", "95% limits"] == ""
    summary = benchmark.summary(national, own(100, 400), YEAR, "RZZ")
    assert summary.loc[0, "uncounted"] == 2 and summary.loc[0, "others"] == 5


# ------------------------------------------------------------------ escaping

def test_names_are_escaped_wherever_shown(national):
    table = benchmark.comparison(national, own(100, 400), YEAR, 5, "White", code="RZZ")
    markup = data_html(report.benchmark_data(table, "<i>T&T</i>"))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in markup and "<b>A&B</b>" not in markup
    assert "&lt;i&gt;T&amp;T&lt;/i&gt; (this trust)" in markup and "<i>" not in markup
    sentence = report.rank_sentence(table, 5, "White", "<i>T&T</i>", YEAR)
    assert "&lt;i&gt;T&amp;T&lt;/i&gt;" in sentence and "<i>" not in sentence
    assert "[x\\]" in report.code_note(national, "[x]", YEAR)
    # The alt text names no organisation (the trust is "this trust"), and is escaped where it is shown.
    alt = report.benchmark_alt(table, 5, "White", YEAR)
    assert "A&B" not in alt and "this trust (diamond) 25.00%, rank 4 of 5" in alt
    fig = report.plot_benchmark(table, 5, "White")
    assert 'alt="&lt;b&gt;A&amp;B&lt;/b&gt;"' in figure_html(fig, "<b>A&B</b>")


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("text, line, column, words", [
    ("survey_year,indicator,group,responses,percent\n2023,5,White,100,10\n", 1, "organisation", "organisation"),
    (HEADER + ",,2023,5,White,100,10.00,\n", 2, "organisation", "an organisation code"),
    (HEADER + "RA1,A,2023,5,White,100,10.00,\nRA1,A,2023,5,White,100,11.00,\n", 3, "group",
     "one figure per organisation, survey year"),
    (HEADER + "RA1,A,2023,5,White,100,101,\n", 2, "percent", "a percentage from 0 to 100"),
    (HEADER + "RA1,A,2023,5,White,100,10.00,\nRA1,B,2023,5,BME,100,12.00,\n", 3, "name", "one name per organisation"),
    (HEADER + "RA1,A,2023,5,Martian,100,10.00,\n", 2, "group", "ethnicity label"),
])
def test_bad_benchmark_files_are_one_line_errors(run_cli, tmp_path, text, line, column, words):
    data = tmp_path / "data"
    data.mkdir()
    (data / "survey_benchmark.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        benchmark.load_benchmark(data)
    message = str(caught.value)
    assert f"line {line}" in message and f"column '{column}'" in message and words in message, message
    code, out, err = run_cli("validate", "--data", data)
    assert code == 2 and f"survey_benchmark.csv, line {line}, column '{column}'" in out, out


def test_a_run_stops_on_a_bad_benchmark_before_any_notebook(run_cli, tmp_path):
    data = survey_folder(tmp_path)
    (data / "survey_benchmark.csv").write_text(HEADER + ",,2023,5,White,100,10.00,\n", encoding="utf-8")
    code, out, err = run_cli("run", "--data", data, "--year", YEAR, "--out", tmp_path / "out", "--standard", "wres")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "survey_benchmark.csv, line 2, column 'organisation'" in err
    assert not (tmp_path / "out" / str(YEAR)).exists()


def test_a_bad_trust_code_is_an_error_naming_wres_toml(run_cli, tmp_path):
    data = survey_folder(tmp_path, code="5")
    write_file(data)
    with pytest.raises(InputError, match=r"wres.toml, line 3, column 'trust.code': expected \[trust\] code"):
        benchmark.trust_code(data)
    code, out, err = run_cli("validate", "--data", data)
    assert code == 2 and "wres.toml, line 3, column 'trust.code'" in out, out


# ------------------------------------------------------------------ the page

SURVEY = """survey_year,indicator,group,occupation,responses,percent,benchmark_percent
2023,5,White,,400,25.00,24.00
2023,5,All other ethnic groups,,300,30.00,28.00
2023,6,White,,400,20.00,21.00
2023,6,All other ethnic groups,,300,22.00,23.00
2023,7,White,,400,60.00,58.00
2023,7,All other ethnic groups,,300,50.00,49.00
2023,8,White,,400,7.00,7.00
2023,8,All other ethnic groups,,300,12.00,14.00
"""


def survey_folder(tmp_path, code='"RZZ"'):
    data = tmp_path / "trust"
    data.mkdir()
    (data / "survey.csv").write_text(SURVEY, encoding="utf-8")
    (data / "wres.toml").write_text(f'[trust]\nname = "Demo <i>Trust</i>"\ncode = {code}\n', encoding="utf-8")
    return data


def test_the_survey_page_shows_the_rank_when_the_file_is_there(tmp_path):
    from nbexec import execute

    data = survey_folder(tmp_path)
    write_file(data)
    shown = execute("04_staff_survey", dict(data_dir=str(data), reporting_year=YEAR, trust_name="Demo <i>Trust</i>"))
    assert "## Among all trusts" in shown
    # Indicator 5, White: 25.00% among 10, 20, 20, 30 -> rank 4 of 5 (lower is better); indicator 7,
    # White: 60.00% is the highest -> rank 1 of 5 (higher is better).
    assert "Demo &lt;i&gt;Trust&lt;/i&gt;: 25.00%, rank 4 of 5 organisations (rank 1 = the lowest percentage" in shown
    assert "Demo &lt;i&gt;Trust&lt;/i&gt;: 60.00%, rank 1 of 5 organisations (rank 1 = the highest percentage" in shown
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in shown and "<b>A&B</b>" not in shown
    assert 'alt="Strip plot of the 2023 NHS Staff Survey percentage of White staff' in shown
    assert "Data for this chart" in shown


def test_the_benchmark_is_an_input_of_the_run_and_may_be_a_workbook(tmp_path):
    from openpyxl import Workbook

    from wreslib.publish.runner import input_files

    data = survey_folder(tmp_path)
    write_file(data)
    assert data / "survey_benchmark.csv" in input_files(data, YEAR)  # hashed: a changed file reruns the pages
    (data / "survey_benchmark.csv").unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["RA1", "Alpha", 2023, 5, "White", 100, 10, ""])
    book.save(data / "survey_benchmark.xlsx")
    assert data / "survey_benchmark.xlsx" in input_files(data, YEAR)
    assert benchmark.load_benchmark(data)[["organisation", "percent", "responses"]].values.tolist() == [["RA1", 10.0, 100]]


def test_an_empty_optional_cell_leaves_no_trace_on_the_page(tmp_path):
    import nbformat

    from wreslib.report.render import HIDE_WHEN_EMPTY, render_notebook

    def page(cells):
        path = tmp_path / "n.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        render_notebook(path, tmp_path / "n.html", title="T", trust_name="N", year=YEAR)
        return (tmp_path / "n.html").read_text()

    text = nbformat.v4.new_markdown_cell("# Heading", id="a")
    optional = nbformat.v4.new_code_cell("x = 1", id="b", metadata={"tags": [HIDE_WHEN_EMPTY]})
    assert page([text, optional]) == page([text])
    optional.outputs = [nbformat.v4.new_output("display_data", {"text/markdown": "Among all trusts"})]
    assert "Among all trusts" in page([text, optional])
