"""Errors about input files that a user can act on.

Every problem names the file, the line (as an editor or spreadsheet shows it:
the header is line 1), the column and what was expected, so that the CLI can
print one clear line and exit 2 instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

#: The sheet each workbook input was read from, by the file's name as problems give it
#: (filled by :func:`wreslib.io.read_workbook`), so that a problem says "sheet 'S', row N".
_SHEETS: dict[str, str] = {}
#: Inputs that are spreadsheets: their lines are rows of a sheet.
WORKBOOK_SUFFIXES = (".xlsx", ".xls")


def note_sheet(file, sheet: str) -> None:
    """Record that ``file`` (a workbook) was read from ``sheet``, for the wording of its problems."""
    _SHEETS[str(file)] = sheet


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    expected: str
    line: int | None = None
    column: str | None = None
    got: str | None = None

    def __str__(self) -> str:
        where = [str(self.file)]
        workbook = PurePath(str(self.file)).suffix.lower() in WORKBOOK_SUFFIXES
        if workbook and str(self.file) in _SHEETS:
            where.append(f"sheet '{_SHEETS[str(self.file)]}'")
        if self.line is not None:
            where.append(f"{'row' if workbook else 'line'} {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: expected {self.expected}"
        if self.got is not None:
            text += f", got {self.got!r}"
        # One line whatever the file held: line breaks and control characters are shown escaped.
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class InputError(Exception):
    """Bad input: one or more problems, each naming file, line and column.

    ``str(error)`` is the first problem (what the CLI prints); ``problems``
    holds them all (what ``wres validate`` lists).
    """

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(str(self.problems[0]))

    @classmethod
    def one(cls, file, expected, *, line=None, column=None, got=None) -> "InputError":
        return cls(Problem(str(file), expected, line, column, got))


class PublishCheckFailed(Exception):
    """The publish-time scan found a small count or an identifier in what a run would publish."""
