"""Helpers shared by the tests."""
import io
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def read_results(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])


def pick(results: pd.DataFrame, year, indicator, breakdown, metric, column="value"):
    """The one value of a results row, failing if there is not exactly one."""
    rows = results[(results["year"] == year) & (results["indicator"] == indicator)
                   & (results["breakdown"] == breakdown) & (results["metric"] == metric)]
    assert len(rows) == 1, (year, indicator, breakdown, metric, len(rows))
    return rows[column].iloc[0]


def error_line(err: str) -> str:
    """The one error line of a command's stderr (checked: no traceback, ``wres: error: ``), allowing after it
    only the hint of missing columns: a ``wres.toml`` block that starts with a comment and parses as TOML."""
    import tomllib

    assert "Traceback" not in err, err
    first, *rest = err.strip().splitlines()
    assert first.startswith("wres: error: "), err
    if rest:
        assert rest[0].startswith("# the wres.toml lines for "), err
        tomllib.loads("\n".join(rest))
    return first
