"""The ``[run]`` table of wres.toml and the one declaration of the threshold defaults: the command line
overrides the file, the file overrides the defaults, and a bad value is one line naming wres.toml."""
import json
import re

import pytest

from helpers import REPO
from wreslib.disclosure import engine as disclosure
from wreslib.publish import pipeline
from wreslib.errors import InputError
from wreslib.publish.runner import NOTEBOOK_DIR, RunConfig
from wreslib.inputs.settings import COUNT_THRESHOLD, SURVEY_THRESHOLD, RunSettings, run_settings

RUN_TABLE = "[trust]\nname = \"Test NHS Trust\"\n\n[run]\ncount_threshold = 5\nsurvey_threshold = 20\n" \
            "allow_unknown_labels = true\njobs = 3\n"


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_defaults_when_there_is_no_file_or_no_table(data):
    assert run_settings(data) == RunSettings(COUNT_THRESHOLD, SURVEY_THRESHOLD, False, 0)
    (data / "wres.toml").write_text("[trust]\nname = \"Test NHS Trust\"\n", encoding="utf-8")
    assert run_settings(data, count_threshold=None) == RunSettings()
    config = RunConfig(data_dir=data, year=2024)
    assert (config.count_threshold, config.survey_threshold, config.allow_unknown_labels) == \
        (COUNT_THRESHOLD, SURVEY_THRESHOLD, False)
    assert config.jobs >= 1  # 0: one per core


def test_the_file_is_used_and_the_command_line_overrides_it(data):
    (data / "wres.toml").write_text(RUN_TABLE, encoding="utf-8")
    assert run_settings(data) == RunSettings(5, 20, True, 3)
    assert run_settings(data, count_threshold=9, allow_unknown_labels=False) == RunSettings(9, 20, False, 3)
    config = RunConfig(data_dir=data, year=2024, survey_threshold=15)
    # run.json records config.parameters() with jobs and allow_unknown_labels: the resolved values
    assert config.parameters()["count_threshold"] == 5 and config.parameters()["survey_threshold"] == 15
    assert (config.jobs, config.allow_unknown_labels, config.trust_name) == (3, True, "Test NHS Trust")


@pytest.mark.parametrize("line, expected", [
    ("count_threshold = -1", "expected a whole number of 0 or more, got '-1'"),
    ('count_threshold = "7"', "expected a whole number of 0 or more, got '\"7\"'"),
    ("survey_threshold = 0", "expected a whole number of 1 or more, got '0'"),
    ("survey_threshold = true", "expected a whole number of 1 or more, got 'true'"),
    ('allow_unknown_labels = "yes"', "expected true or false, got '\"yes\"'"),
    ("jobs = 1.5", "expected a whole number of 0 or more (0: one per core), got '1.5'"),
    ("threshold = 7", "expected [run] with count_threshold, survey_threshold, allow_unknown_labels or jobs only"),
])
def test_a_bad_value_is_one_line_naming_the_file_the_key_and_what_was_expected(data, tmp_path, run_cli, line,
                                                                              expected):
    (data / "wres.toml").write_text(f"[run]\n{line}\n", encoding="utf-8")
    key = line.split(" =")[0]
    with pytest.raises(InputError) as caught:
        run_settings(data)
    assert str(caught.value) == f"{data / 'wres.toml'}, line 2, column 'run.{key}': {expected}"
    for command in (["run", "--year", "2024", "--out", tmp_path / "out"], ["survey"]):
        code, out, err = run_cli(*command, "--data", data)
        assert code == 2 and err == f"wres: error: {caught.value}\n", err
    assert not (tmp_path / "out").exists()


def test_wres_validate_reports_a_bad_run_table(data, run_cli):
    (data / "wres.toml").write_text("[run]\ncount_threshold = -1\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--data", data)
    assert code == 2 and "column 'run.count_threshold': expected a whole number of 0 or more" in out


def test_a_bad_command_line_value_names_the_option(data, run_cli):
    code, _, err = run_cli("survey", "--data", data, "--count-threshold", "-1")
    assert code == 2 and err == "wres: error: --count-threshold: expected a whole number of 0 or more, got '-1'\n"


def test_survey_reads_the_thresholds_of_the_run_table(tmp_path, run_cli):
    data = tmp_path / "data"
    data.mkdir()
    (data / "survey.csv").write_bytes((REPO / "data" / "demo" / "survey.csv").read_bytes())
    code, default, _ = run_cli("survey", "--data", data)
    (data / "wres.toml").write_text("[run]\nsurvey_threshold = 100000\n", encoding="utf-8")
    code2, from_file, _ = run_cli("survey", "--data", data)
    code3, given, _ = run_cli("survey", "--data", data, "--survey-threshold", str(SURVEY_THRESHOLD))
    assert code == code2 == code3 == 0
    assert from_file != default and given == default


def test_every_default_is_the_one_declaration():
    assert disclosure.DEFAULT == disclosure.Thresholds(COUNT_THRESHOLD, SURVEY_THRESHOLD)
    defaults = pipeline.report.__kwdefaults__
    assert (defaults["count_threshold"], defaults["survey_threshold"]) == (COUNT_THRESHOLD, SURVEY_THRESHOLD)


def test_notebook_parameter_cells_equal_the_one_declaration():
    """papermill needs literals in the parameters cell: they must still be the defaults of a run."""
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "".join(next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", []))["source"])
        found = dict(re.findall(r"^(count_threshold|survey_threshold) = (\d+)$", source, flags=re.M))
        assert found == {"count_threshold": str(COUNT_THRESHOLD), "survey_threshold": str(SURVEY_THRESHOLD)}, path.name
