"""Errors about input files that a user can act on.

Every problem names the file, the line (as an editor or spreadsheet shows it:
the header is line 1), the column and what was expected, so that the CLI can
print one clear line and exit 2 instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePath

#: Line numbers a grouped problem shows before "and N more".
SHOWN_LINES = 5

#: The sheet each workbook input was read from, by the file's name as problems give it
#: (filled by :func:`wreslib.inputs.reading.read_workbook`), so that a problem says "sheet 'S', row N".
_SHEETS: dict[str, str] = {}
#: Inputs that are spreadsheets: their lines are rows of a sheet.
WORKBOOK_SUFFIXES = (".xlsx", ".xls")


def note_sheet(file, sheet: str) -> None:
    """Record that ``file`` (a workbook) was read from ``sheet``, for the wording of its problems."""
    _SHEETS[str(file)] = sheet


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file.

    ``column`` is the pack's name of the column; ``header`` the file's own
    header for it when that differs (a trust's mapped or differently spelt
    header), shown as ``column 'Formal Start Date' (date_entered)``.
    ``lines`` (set by :func:`group`) holds every line of a problem repeated
    on several rows, ``others`` the number of other values than ``got``
    among them. ``hint`` is text to print after the one error line (a
    ready-to-paste ``wres.toml`` block); it is not part of the problem.
    """

    file: str
    expected: str
    line: int | None = None
    column: str | None = None
    got: str | None = None
    header: str | None = None
    lines: tuple[int, ...] = ()
    others: int = 0
    hint: str | None = field(default=None, compare=False)

    @property
    def column_text(self) -> str | None:
        """``'Formal Start Date' (date_entered)``, or ``'date_entered'`` when the file uses the pack's name."""
        if self.column is None:
            return None
        if self.header is not None and self.header != self.column:
            return f"'{self.header}' ({self.column})"
        return f"'{self.column}'"

    def __str__(self) -> str:
        workbook = PurePath(str(self.file)).suffix.lower() in WORKBOOK_SUFFIXES
        file = str(self.file)
        if workbook and file in _SHEETS:
            file += f", sheet '{_SHEETS[file]}'"
        row = "row" if workbook else "line"
        if len(self.lines) > 1:  # a group: "file: lines 4, 9 and 3 more: column 'x': expected ..."
            shown = ", ".join(str(n) for n in self.lines[:SHOWN_LINES])
            more = f" and {len(self.lines) - SHOWN_LINES} more" if len(self.lines) > SHOWN_LINES else ""
            where = [file, f"{row}s {shown}{more}"]
            if self.column is not None:
                where.append(f"column {self.column_text}")
            text = f"{': '.join(where)}: expected {self.expected}"
        else:
            where = [file]
            if self.line is not None:
                where.append(f"{row} {self.line}")
            if self.column is not None:
                where.append(f"column {self.column_text}")
            text = f"{', '.join(where)}: expected {self.expected}"
        if self.got is not None:
            text += f", got {self.got!r}"
            if self.others:
                text += f" and {self.others} other value{'s' if self.others != 1 else ''}"
        # One line whatever the file held: line breaks and control characters are shown escaped.
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def group(problems: list[Problem]) -> list[Problem]:
    """The same problem on several lines of a file (same file, column and expected text) as one
    :class:`Problem` with every line in ``lines``, at the place of its first line; others as they are.

    >>> a, b = Problem("f.csv", "Y/N", 4, "voting", "x"), Problem("f.csv", "Y/N", 9, "voting", "z")
    >>> str(group([a, b])[0])
    "f.csv: lines 4, 9: column 'voting': expected Y/N, got 'x' and 1 other value"
    """
    keys: dict[tuple, list[Problem]] = {}
    for problem in problems:
        key = (problem.file, problem.column, problem.header, problem.expected) if problem.line is not None \
            else (id(problem),)
        keys.setdefault(key, []).append(problem)
    out = []
    for same in keys.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        same = sorted(same, key=lambda p: p.line)
        values = list(dict.fromkeys(p.got for p in same if p.got is not None))
        out.append(replace(same[0], lines=tuple(p.line for p in same), others=max(0, len(values) - 1)))
    return out


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
    def one(cls, file, expected, *, line=None, column=None, got=None, header=None, hint=None) -> "InputError":
        return cls(Problem(str(file), expected, line, column, got, header, hint=hint))


class PublishCheckFailed(Exception):
    """The publish-time scan found a small count or an identifier in what a run would publish."""
