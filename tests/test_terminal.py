"""What `wres` prints: help that says what a run writes, the same option names across commands,
and a log file without progress-bar escape codes (``--quiet`` printing nothing: test_accessibility)."""
import subprocess
import sys

import pytest

from helpers import REPO
from wreslib.cli import build_parser


def _help(command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return sub.format_help()


def test_run_help_says_what_it_does_and_what_it_writes():
    text = _help("run")
    assert "Execute the notebooks" in text
    for output in ("index.html", "results.csv", "figures/", "run.json", ".analyst"):
        assert output in text, output


@pytest.mark.parametrize("command", ["run", "survey"])
def test_threshold_options_have_the_same_names_and_help(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    options = {o: a for a in sub._actions for o in a.option_strings}
    assert options["--count-threshold"].dest == "count_threshold"
    assert options["--survey-threshold"].dest == "survey_threshold"
    run = next(a for a in parser._actions if a.dest == "command").choices["run"]
    run_options = {o: a for a in run._actions for o in a.option_strings}
    for name in ("--count-threshold", "--survey-threshold"):
        assert options[name].help.startswith(run_options[name].help)
        assert options[name].default == run_options[name].default


def test_survey_threshold_alias_still_works(run_cli):
    code, out, _ = run_cli("survey", "--data", REPO / "data" / "demo", "--threshold", "11")
    code2, out2, _ = run_cli("survey", "--data", REPO / "data" / "demo", "--survey-threshold", "11")
    assert code == code2 == 0 and out == out2 and out


def test_log_file_gets_plain_lines(tmp_path):
    """stderr to a file, without --quiet: no progress bars, so no escape codes and no carriage returns."""
    log = tmp_path / "run.log"
    with log.open("w") as stderr:
        done = subprocess.run([sys.executable, "-m", "wreslib", "run", "--data", str(REPO / "data" / "demo"),
                               "--year", "2024", "--out", str(tmp_path / "out"), "--force"],
                              stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=REPO, timeout=600)
    text = log.read_text(encoding="utf-8")
    assert done.returncode == 0, text
    assert "\x1b[" not in text and "\r" not in text
    assert "wres: wrote" in text  # the summary line is there (only --quiet drops it)
