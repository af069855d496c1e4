"""A run's settings, declared once: the threshold defaults, and the ``[run]`` table of ``DIR/wres.toml``.

A setting comes from the command line, else from ``[run]`` in the data
folder's ``wres.toml``, else from the defaults here (:func:`run_settings`),
so that a run can be reproduced from the file. Standard library only: the
runner reads this before deciding whether there is anything to do.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .reading import MAPPING_FILE, read_data_toml, toml_line

#: Counts of 1 to this many people are hidden (people; 0 hides none): NHS Digital's HES 1-7 rule.
COUNT_THRESHOLD = 7
#: Survey groups of fewer than this many responses are hidden (responses): the NHS Staff Survey's rule.
SURVEY_THRESHOLD = 11
#: The table of ``wres.toml`` holding a run's settings.
RUN_TABLE = "run"


@dataclass(frozen=True)
class RunSettings:
    """The settings of a run, resolved (see :func:`run_settings`)."""

    #: Counts of 1 to ``count_threshold`` people are hidden (people, 0 or more).
    count_threshold: int = COUNT_THRESHOLD
    #: Survey groups of fewer than ``survey_threshold`` responses are hidden (responses, 1 or more).
    survey_threshold: int = SURVEY_THRESHOLD
    #: Count unrecognised ethnicity labels of extracts as Unknown however many there are.
    allow_unknown_labels: bool = False
    #: Notebooks run at once (0: one per core).
    jobs: int = 0


#: Each ``[run]`` key: (what it must be, the check, in the words of an error).
_CHECKS = {
    "count_threshold": (lambda v: _whole(v) and v >= 0, "a whole number of 0 or more"),
    "survey_threshold": (lambda v: _whole(v) and v >= 1, "a whole number of 1 or more"),
    "allow_unknown_labels": (lambda v: isinstance(v, bool), "true or false"),
    "jobs": (lambda v: _whole(v) and v >= 0, "a whole number of 0 or more (0: one per core)"),
}


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # TOML true is not the number 1


def _as_toml(value: object) -> str:
    """``value`` as written in TOML, so an error shows ``"7"`` (quoted) apart from ``7``.

    >>> _as_toml("7"), _as_toml(True), _as_toml(-1)
    ('"7"', 'true', '-1')
    """
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def option_name(key: str) -> str:
    """The command-line option for a ``[run]`` key.

    >>> option_name("count_threshold")
    '--count-threshold'
    """
    return "--" + key.replace("_", "-")


def run_table(data_dir: str | Path) -> dict:
    """``[run]`` of ``DIR/wres.toml``, checked; empty when the file or the table is absent.

    Raises :class:`InputError` naming ``wres.toml``, the line and the key for an unknown key
    or a value that is not what the key needs (a negative threshold, a quoted number).
    """
    path = Path(data_dir) / MAPPING_FILE
    table = read_data_toml(data_dir).get(RUN_TABLE, {})
    if not isinstance(table, dict):
        raise InputError.one(path, f"a [{RUN_TABLE}] table of key = value lines", column=RUN_TABLE)
    for key, value in table.items():
        if key not in _CHECKS:
            *first, last = _CHECKS
            raise InputError.one(path, f"[{RUN_TABLE}] with {', '.join(first)} or {last} only",
                                 line=toml_line(path, RUN_TABLE, key), column=f"{RUN_TABLE}.{key}")
        check, expected = _CHECKS[key]
        if not check(value):
            raise InputError.one(path, expected, line=toml_line(path, RUN_TABLE, key), column=f"{RUN_TABLE}.{key}",
                                 got=_as_toml(value))
    return table


def run_settings(data_dir: str | Path, **given) -> RunSettings:
    """The settings of a run on ``data_dir``: each ``given`` (a command-line value; None when not
    given) overrides ``[run]`` of ``DIR/wres.toml``, which overrides the defaults.

    Raises :class:`InputError` for a bad ``[run]`` value (naming ``wres.toml``) or a bad given
    value (naming its option, such as ``--count-threshold``).
    """
    for key, value in given.items():
        check, expected = _CHECKS[key]
        if value is not None and not check(value):
            raise InputError.one(option_name(key), expected, got=str(value))
    chosen = {key: value for key, value in given.items() if value is not None}
    return RunSettings(**(run_table(data_dir) | chosen))


def trust_code(data_dir: str | Path) -> str | None:
    """``[trust] code`` of ``DIR/wres.toml`` (the trust's organisation code, stripped), None when not given.

    Raises :class:`InputError` naming ``wres.toml`` and the line when it is not a quoted, non-empty text.
    """
    trust = read_data_toml(data_dir).get("trust", {})
    code = trust.get("code") if isinstance(trust, dict) else None
    if code is None:
        return None
    if not isinstance(code, str) or not code.strip():
        path = Path(data_dir) / MAPPING_FILE
        raise InputError.one(path, "[trust] code = \"the trust's organisation code\" as a quoted string, such as "
                                   "\"RXX\"", line=toml_line(path, "trust", "code"), column="trust.code",
                             got=str(code))
    return code.strip()
