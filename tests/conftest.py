import textwrap
import pytest

from wreslib.cli import main

@pytest.fixture
def run_cli(capsys):
    """Run ``wres ARGS`` in-process; return (exit code, stdout, stderr)."""

    def run(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def write_csv(tmp_path):
    """Write dedented CSV text to a file in tmp_path and return its path."""

    def write(name, text):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write
