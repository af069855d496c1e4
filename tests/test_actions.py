"""The action plan (``actions.csv``) and the trust's commentary (``commentary/<section>.md``):
reading and validation, overdue actions, where each action is shown, escaping and sanitising."""
import datetime as dt
import hashlib
import html
import re
import shutil

import pandas as pd
import pytest

from bad_inputs.mutations import make_trust
from helpers import REPO
from wreslib.inputs import actions
from wreslib.report import commentary
from wreslib.inputs.actions import (NO_PLAN, SEE_SUMMARY, indicator_html, load_actions, parse_due, parse_indicators,
                             parse_status, plan_html, read_actions, shown_status)
from wreslib.report.commentary import commentary_html, load_commentary
from wreslib.disclosure.engine import Thresholds
from wreslib.errors import InputError
from wreslib.publish.site import index_html
from wreslib.report.render import markdown_html
from wreslib.publish.runner import NOTEBOOK_DIR, RunConfig, cache_keys, input_files
from wreslib.report.sections import NOTEBOOKS, SECTIONS

HEADER = "indicator,action,lead,due,status\n"
PLAN = HEADER + (
    "2,Train recruiters,Head of Recruitment,2024-06,in progress\n"
    "3,Review every case,Head of ER,31/03/2024,Not Started\n"
    "5;6,Launch the pledge,Director of Comms,March 2025,DONE\n"
    "all,Report to the board,Chief People Officer,ongoing,in progress\n")


def write_plan(tmp_path, text=PLAN):
    (tmp_path / "actions.csv").write_text(text, encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------ values

@pytest.mark.parametrize("text, label, by", [
    ("2025-03-31", "31 March 2025", dt.date(2025, 3, 31)),
    ("01/04/2025", "1 April 2025", dt.date(2025, 4, 1)),      # day first (UK)
    ("2024-02", "February 2024", dt.date(2024, 2, 29)),       # a month counts to its last day (leap year)
    ("2025-2", "February 2025", dt.date(2025, 2, 28)),
    ("March 2026", "March 2026", dt.date(2026, 3, 31)),
    ("mar 2026", "March 2026", dt.date(2026, 3, 31)),
    ("Sept. 2025", "September 2025", dt.date(2025, 9, 30)),
    ("  December   2025 ", "December 2025", dt.date(2025, 12, 31)),
    ("ONGOING", "Ongoing", None),
    ("", "Not given", None),
])
def test_due_forms(text, label, by):
    assert parse_due(text) == actions.Due(label, by)


@pytest.mark.parametrize("text", ["soon", "2025", "31/02/2025", "2025-13", "2025-03-32", "03/2025", "Marchember 2025",
                                  "31-03-2025", "0025-03", "March 25", "Q1 2025"])
def test_due_not_accepted(text):
    assert parse_due(text) is None


def test_indicator_and_status_forms():
    assert parse_indicators("2") == (2,)
    assert parse_indicators(" 6 ; 5, 6 ") == (5, 6)
    assert parse_indicators("All") == ()
    for bad in ("", "0", "10", "1-3", "Indicator 2", "2 and 3", "all;2", "2;"):
        assert parse_indicators(bad) is None, bad
    assert [parse_status(s) for s in ("Done", "IN PROGRESS", "not_started", "Overdue")] == \
        ["done", "in progress", "not started", "overdue"]
    for bad in ("", "complete", "started", "in  progres"):
        assert parse_status(bad) is None, bad


def test_read_actions_normalises_and_keeps_the_file_order(tmp_path):
    plan = read_actions(write_plan(tmp_path) / "actions.csv")
    assert list(plan["indicators"]) == [(2,), (3,), (5, 6), ()]
    assert list(plan["status"]) == ["in progress", "not started", "done", "in progress"]
    assert list(plan["due"]) == ["June 2024", "31 March 2024", "March 2025", "Ongoing"]
    assert list(plan["due_by"]) == [dt.date(2024, 6, 30), dt.date(2024, 3, 31), dt.date(2025, 3, 31), None]
    assert list(plan["source_line"]) == [2, 3, 4, 5]


def test_every_bad_cell_is_a_problem_naming_line_and_column(tmp_path):
    path = write_plan(tmp_path, HEADER + "2,ok,lead,2025-03,done\n"
                                         "10,,lead,soon,finished\n"
                                         ",x,,2025-03,done\n") / "actions.csv"
    with pytest.raises(InputError) as caught:
        read_actions(path)
    found = [(p.line, p.column, p.got) for p in caught.value.problems]
    assert found == [(3, "indicator", "10"), (3, "action", ""), (3, "due", "soon"), (3, "status", "finished"),
                     (4, "indicator", "")]
    assert str(caught.value).startswith(f"{path}, line 3, column 'indicator': expected an indicator number from 1 "
                                        "to 9")


# ------------------------------------------------------------------ overdue

@pytest.mark.parametrize("status, due, shown", [
    ("in progress", dt.date(2024, 3, 30), "Overdue (marked in progress)"),  # a day before the period ended
    ("not started", dt.date(2023, 12, 31), "Overdue (marked not started)"),
    ("in progress", dt.date(2024, 3, 31), "In progress"),                   # due on the last day: not late yet
    ("not started", dt.date(2024, 6, 30), "Not started"),
    ("done", dt.date(2020, 1, 1), "Done"),                                  # done is never overdue
    ("overdue", dt.date(2030, 1, 1), "Overdue"),                            # the trust's word is kept
    ("in progress", None, "In progress"),                                   # no date, no judgement
])
def test_overdue_is_judged_at_the_end_of_the_reporting_period(status, due, shown):
    assert shown_status(status, due, 2024) == shown


def test_load_actions_is_none_without_a_file_and_judges_each_year(tmp_path):
    assert load_actions(tmp_path, 2024) is None
    write_plan(tmp_path)
    # "2024-06, in progress" is fine in the 2024 report (period ends 31 March 2024), overdue in 2025's.
    assert list(load_actions(tmp_path, 2024)["shown_status"]) == ["In progress", "Not started", "Done", "In progress"]
    assert list(load_actions(tmp_path, 2025)["shown_status"]) == ["Overdue (marked in progress)",
                                                                  "Overdue (marked not started)", "Done", "In progress"]


# ------------------------------------------------------------------ where actions are shown

def rows(markup: str) -> list[list[str]]:
    """The body rows of the (first) table in ``markup``, as cell texts."""
    body = markup[markup.index("<tbody>"):markup.index("</tbody>")]
    return [[html.unescape(c.strip()) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_an_action_is_shown_beside_its_indicator_only(tmp_path):
    plan = load_actions(write_plan(tmp_path), 2024)
    two = indicator_html(plan, 2)
    assert "<caption>Action plan: indicator 2</caption>" in two
    assert rows(two) == [["Train recruiters", "Head of Recruitment", "June 2024", "In progress"]]
    assert "Review every case" not in two and "Report to the board" not in two
    assert SEE_SUMMARY in two  # the action on every indicator is pointed to, not repeated
    assert rows(indicator_html(plan, 3)) == [["Review every case", "Head of ER", "31 March 2024", "Not started"]]
    for n in (5, 6):  # one action on two indicators is shown beside each
        assert rows(indicator_html(plan, n)) == [["Launch the pledge", "Director of Comms", "March 2025", "Done"]]


def test_several_indicators_get_an_indicator_column_and_optionally_a_heading(tmp_path):
    plan = load_actions(write_plan(tmp_path), 2024)
    survey = indicator_html(plan, [8, 5, 6, 7])
    assert "<caption>Action plan: indicators 5, 6, 7 and 8</caption>" in survey
    assert rows(survey) == [["5, 6", "Launch the pledge", "Director of Comms", "March 2025", "Done"]]
    headed = indicator_html(plan, [5, 6, 7, 8], heading=2)
    assert headed.startswith("<h2>Action plan: indicators 5, 6, 7 and 8</h2><table") and "<caption>" not in headed


def test_an_indicator_without_actions_says_so_and_no_plan_shows_nothing(tmp_path):
    plan = load_actions(write_plan(tmp_path), 2024)
    assert indicator_html(plan, 9).startswith("<p>The action plan has no action on indicator 9.</p>")
    assert indicator_html(None, 9) == "" and actions.show_for(None, 9) is None
    assert indicator_html(plan.iloc[:1], 9) == "<p>The action plan has no action on indicator 9.</p>"  # no 'all' row


def test_the_summary_table_lists_every_action_in_the_trusts_order(tmp_path):
    markup = plan_html(load_actions(write_plan(tmp_path), 2025))
    assert markup.startswith("<h2>Action plan</h2><table")
    assert rows(markup) == [
        ["2", "Train recruiters", "Head of Recruitment", "June 2024", "Overdue (marked in progress)"],
        ["3", "Review every case", "Head of ER", "31 March 2024", "Overdue (marked not started)"],
        ["5, 6", "Launch the pledge", "Director of Comms", "March 2025", "Done"],
        ["All", "Report to the board", "Chief People Officer", "Ongoing", "In progress"]]


def test_without_a_plan_the_summary_says_so_plainly():
    assert plan_html(None) == f"<h2>Action plan</h2><p>{html.escape(NO_PLAN)}</p>"
    assert NO_PLAN == "No action plan was supplied: the data folder has no actions.csv."


HOSTILE = HEADER + ('2,"<script>alert(1)</script> & <img src=x onerror=alert(2)>",=cmd|\' /C calc\'!A0,'
                    '2025-03,done\n'
                    '2,"[x](javascript:alert(3)) **bold** <b>b</b>","@SUM(1+1)",2025-03,done\n')


def test_input_text_is_escaped_in_every_action_table(tmp_path):
    plan = load_actions(write_plan(tmp_path, HOSTILE), 2024)
    for markup in (plan_html(plan), indicator_html(plan, 2), indicator_html(plan, [2, 3], heading=2)):
        assert "<script" not in markup and "<img" not in markup and "<b>" not in markup and "<a " not in markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in markup
        cells = [c for row in rows(markup) for c in row]
        # Text comes through as written: "=cmd" is harmless in a page, and Markdown is not rendered.
        assert "=cmd|' /C calc'!A0" in cells and "@SUM(1+1)" in cells
        assert "[x](javascript:alert(3)) **bold** <b>b</b>" in cells


def test_index_page_has_commentary_and_plan_or_says_there_is_no_plan(tmp_path):
    results = pd.DataFrame(columns=["year", "indicator", "breakdown", "metric", "value", "ci_low", "ci_high",
                                    "numerator", "denominator", "change", "description", "note", "suppressed"])
    none = index_html(results, 2024, "T", NOTEBOOKS, Thresholds())
    assert html.escape(NO_PLAN) in none and "Commentary from the trust" not in none
    page = index_html(results, 2024, "T", NOTEBOOKS, Thresholds(), actions=load_actions(write_plan(tmp_path), 2024),
                      commentary="Our *view* <script>x()</script>")
    assert "<h2>Commentary from the trust</h2>\n<p>Our <em>view</em> &lt;script&gt;x()&lt;/script&gt;</p>" in page
    assert page.index("Commentary from the trust") < page.index("Action plan") < page.index("Sections")
    assert "<caption>Action plan</caption>" in page and "Train recruiters" in page and NO_PLAN not in page


# ------------------------------------------------------------------ commentary

@pytest.mark.parametrize("markdown, expected", [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ("Hi <img src=x onerror=alert(1)> there", "<p>Hi &lt;img src=x onerror=alert(1)&gt; there</p>\n"),
    ("<!-- hidden -->", "<p>&lt;!-- hidden --&gt;</p>\n"),
    ("[click](javascript:alert(1))", "<p>click</p>\n"),
    ("[click](JaVaScRiPt:alert(1))", "<p>click</p>\n"),
    ("[click](&#106;avascript:alert(1))", "<p>click</p>\n"),  # an entity in the address
    ("[click](<javascript:alert(1)>)", "<p>click</p>\n"),
    ("[click][x]\n\n[x]: javascript:alert(1)", "<p>click</p>\n"),  # a reference link
    ("[page](data:text/html;base64,PHNjcmlwdD4=)", "<p>page</p>\n"),
    ("[section](02_workforce.html)", "<p>section</p>\n"),  # no link at all, even inside the report
    ("[NHS England](https://www.england.nhs.uk/)", "<p>NHS England (https://www.england.nhs.uk/)</p>\n"),
    ("<https://www.nhs.uk>", "<p>https://www.nhs.uk</p>\n"),
    ("Write to [us](mailto:edi@example.nhs.uk)", "<p>Write to us (mailto:edi@example.nhs.uk)</p>\n"),
    ("![our logo](https://example.com/logo.png)", "<p>[image not shown: our logo]</p>\n"),
    ("![<b>x</b>](data:image/png;base64,AAAA)", "<p>[image not shown: &lt;b&gt;x&lt;/b&gt;]</p>\n"),
    ('[x](https://a"onmouseover="alert(1))', "<p>x (https://a%22onmouseover=%22alert(1))</p>\n"),
    ("# Big\n\n###### Small", "<h3>Big</h3>\n<h3>Small</h3>\n"),
    ("**Bold**, *em*, `<code>`\n\n- one\n- two",
     "<p><strong>Bold</strong>, <em>em</em>, <code>&lt;code&gt;</code></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
    ("A & B \"quoted\"", "<p>A &amp; B &quot;quoted&quot;</p>\n"),
])
def test_commentary_markdown_is_sanitised(markdown, expected):
    assert markdown_html(markdown) == expected


def test_commentary_has_its_heading_and_nothing_when_empty():
    assert commentary_html("Text") == "<h2>Commentary from the trust</h2>\n<p>Text</p>\n"
    assert commentary_html("\n  \n") == "" and commentary_html(None) == ""


def test_commentary_is_read_per_section_and_misnamed_files_are_problems(tmp_path):
    folder = tmp_path / "commentary"
    folder.mkdir()
    (folder / "index.md").write_text("Hello", encoding="utf-8")
    (folder / "02_workforce.md").write_bytes("Caf\xe9 \x96 \xa3".encode("latin-1"))  # Windows-1252
    (folder / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: ignored
    assert load_commentary(tmp_path) == {"index": "Hello", "02_workforce": "Café – £"}
    assert commentary.show(tmp_path, "05_board") is None
    (folder / "workforce.md").write_text("x")
    (folder / "05_board.txt").write_text("x")
    (folder / "01_summary.md").write_bytes(b"PK\x03\x04 a Word document")
    with pytest.raises(InputError) as caught:
        load_commentary(tmp_path)
    found = sorted((p.file, p.expected.split(",")[0]) for p in caught.value.problems)
    assert found == [(str(folder / "01_summary.md"), "a Markdown text file (UTF-8 or Windows-1252)"),
                     (str(folder / "05_board.txt"), "a file named <section>.md"),
                     (str(folder / "workforce.md"), "a file named <section>.md")]
    assert "index, 01_summary, 02_workforce" in caught.value.problems[0].expected


def test_sections_are_the_index_and_every_notebook():
    assert SECTIONS == ("index", "01_summary", "02_workforce", "03_recruitment_disciplinary_training",
                        "04_staff_survey", "05_board", "06_explore", "07_quality_assurance", "08_data_notes",
                        # the WDES report's, under its folder, and its metric 9b narrative
                        "wdes/index", "wdes/01_summary", "wdes/02_workforce", "wdes/03_recruitment_capability",
                        "wdes/04_staff_survey", "wdes/05_board", "wdes/metric_9b")
    with pytest.raises(ValueError, match="unknown section"):
        commentary.commentary_path(REPO, "02_workfroce")


# ------------------------------------------------------------------ notebooks

def notebook_code(stem: str) -> list[str]:
    import nbformat
    return ["".join(c.source) for c in nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4).cells
            if c.cell_type == "code"]


@pytest.mark.parametrize("stem, calls", [
    ("01_summary", [("summary_sentences(", "actions.show_plan(actions_table)")]),
    ("02_workforce", [("model_employer(", "actions.show_for(actions_table, 1)")]),
    ("03_recruitment_disciplinary_training", [(f"plot_likelihood_trend(results, {n})",
                                               f"actions.show_for(actions_table, {n})") for n in (2, 3, 4)]),
    ("04_staff_survey", [("plot_survey_trend(", "actions.show_for(actions_table, indicator)")]),
    ("05_board", [("plot_board(", "actions.show_for(actions_table, 9)")]),
    ("06_explore", []),
])
def test_each_notebook_shows_its_commentary_and_its_indicators_actions(stem, calls):
    """The commentary once, near the top; each indicator's actions right after the last cell of that
    indicator's part (the cell named by a snippet of its code)."""
    code = notebook_code(stem)
    shown = [i for i, c in enumerate(code) if f'commentary.show(data_dir, "{stem}")' in c]
    assert len(shown) == 1 and shown[0] <= 3
    assert [c for c in code if "actions.show" in c and "def " not in c] == [
        next(c for c in code if call in c) for _, call in calls]
    for before, call in calls:
        (cell,) = [c for c in code if call in c]
        if before in cell:  # in a loop over the indicators: after the indicator's chart, in the same pass
            assert cell.index(before) < cell.index(call), call
        else:
            assert before in code[code.index(cell) - 1], (call, code[code.index(cell) - 1])


# ------------------------------------------------------------------ run.json, cache key, CLI

def test_actions_and_commentary_are_inputs_of_the_run_and_its_cache_key(tmp_path):
    data = tmp_path / "d"
    shutil.copytree(REPO / "data" / "demo", data)
    names = {p.relative_to(data).as_posix() for p in input_files(data, 2024)}
    assert {"actions.csv", "commentary/index.md", "commentary/03_recruitment_disciplinary_training.md"} <= names
    config = RunConfig(data_dir=data, year=2024, out=tmp_path / "out")

    def keys():
        return cache_keys(config, {p.relative_to(data).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                                   for p in input_files(data, 2024)})

    first = keys()
    (data / "commentary" / "05_board.md").write_text("New words.")
    second = keys()
    assert second != first
    with open(data / "actions.csv", "a", encoding="utf-8") as f:
        f.write("9,Another action,CEO,2025-01,not started\n")
    assert keys() != second


def test_validate_lists_every_problem_of_the_plan_and_the_commentary(run_cli, tmp_path):
    root = make_trust(tmp_path)
    (root / "actions.csv").write_text(HEADER + "2,ok,lead,2025-03,done\n12,x,,2025-03,done\n3,y,,soon,maybe\n")
    (root / "commentary").mkdir()
    (root / "commentary" / "summary.md").write_text("x")
    code, stdout, err = run_cli("validate", "--data", root)
    assert code == 2 and "Traceback" not in err
    lines = stdout.strip().splitlines()
    assert lines[:-1] == [
        f"{root / 'actions.csv'}, line 3, column 'indicator': expected an indicator number from 1 to 9, several "
        "separated by ';' (5;6), or 'all', got '12'",
        f"{root / 'actions.csv'}, line 4, column 'due': expected a date (2025-03-31 or 31/03/2025), a month "
        "(2025-03 or March 2025), 'ongoing' or nothing, got 'soon'",
        f"{root / 'actions.csv'}, line 4, column 'status': expected one of not started, in progress, done, overdue, "
        "got 'maybe'",
        f"{root / 'commentary' / 'summary.md'}: expected a file named <section>.md, the section one of index, "
        "01_summary, 02_workforce, 03_recruitment_disciplinary_training, 04_staff_survey, 05_board, 06_explore, "
        "07_quality_assurance, 08_data_notes, wdes/index, wdes/01_summary, wdes/02_workforce, "
        "wdes/03_recruitment_capability, wdes/04_staff_survey, wdes/05_board, wdes/metric_9b"]
    assert lines[-1] == "4 problems in 2 files"


def test_validate_counts_the_plan_and_commentary_as_checked_files(run_cli, tmp_path):
    root = make_trust(tmp_path)
    write_plan(root)
    (root / "commentary").mkdir()
    (root / "commentary" / "index.md").write_text("Our words.")
    code, stdout, _ = run_cli("validate", "--data", root)
    assert code == 0 and stdout == "no problems found in 17 files\n"  # the tiny trust's 15, the plan and one note


def test_wdes_commentary_sits_in_its_own_folder(tmp_path):
    folder = tmp_path / "commentary" / "wdes"
    folder.mkdir(parents=True)
    (folder / "metric_9b.md").write_text("We run a Disabled staff network.")
    (folder / "index.md").write_text("Our WDES words.")
    assert load_commentary(tmp_path) == {"wdes/index": "Our WDES words.",
                                         "wdes/metric_9b": "We run a Disabled staff network."}
    (folder / "02_workforce.md.bak").write_text("x")
    (tmp_path / "commentary" / "wres").mkdir()  # not a standard's folder
    with pytest.raises(InputError) as caught:
        load_commentary(tmp_path)
    assert sorted(p.file for p in caught.value.problems) == [str(tmp_path / "commentary" / "wdes" / "02_workforce.md.bak"),
                                                             str(tmp_path / "commentary" / "wres")]
