"""Data notes: what a run did with the data (merged assignments, bank contract types, records dated
outside the year, unrecognised labels, leavers ...), as data rather than text.

A :class:`DataNote` names its template by ``code`` (:data:`TEMPLATES`, each wording defined once)
and carries named counts, the input values it lists with their counts, and, for the notes whose
counts add up to published figures, the split by WRES group that disclosure control needs (never
shown). Disclosure control (:func:`wreslib.disclosure.engine.protect_notes`) marks counts hidden in
``hidden``; :func:`render` given the marker (:data:`wreslib.disclosure.engine.MARKER`) writes the sentence
with it in their place. Nothing ever parses a sentence back.

Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

#: How many listed values a sentence shows before "and N other values".
VALUES_SHOWN = 5

#: code -> sentence template. ``{name}`` is a count, ``{values}`` the listed values with their
#: counts, ``{param}`` a text parameter set by the pack (never from input).
TEMPLATES = {
    "unrecognised_labels": "{rows} ethnicity label(s) not recognised, counted as Unknown: {values}",
    "unrecognised_disability_labels": "{rows} disability label(s) not recognised, counted as Unknown: {values}",
    "capability_other_grounds": "{rows} capability case(s) on grounds other than performance left out: {values}",
    "contract_types_bank": "contract types read as bank (assignments): {values}",
    "contract_types_not_bank": "contract types read as not bank (assignments): {values}",
    "merged_assignments": ("{rows} extra assignment row(s) of {people} people merged, each person counted once "
                           "(their first non-bank, non-student assignment in file order)"),
    "mixed_ethnicity": ("{people} people have assignments with different ethnicity groups; the chosen "
                        "assignment's ethnicity is used"),
    "no_indicator_1_band": ("{people} staff left out of indicator 1 (no indicator 1 band) but kept in the "
                            "indicator 3 and 4 headcounts: {values}"),
    "no_indicator_1_figures": "no substantive staff with an indicator 1 band: indicator 1 has no figures",
    "students": ("{people} students reported apart, not in any indicator: White {white}, BME {bme}, "
                 "Unknown {unknown}"),
    "bank_only": ("{people} bank-only staff left out of indicator 1 and the headcounts, counted in the BME % "
                  "including bank"),
    "dated_outside_year": "{rows} {what} dated outside {first} to {last} left out",
    "none_in_year": ("{rows} {what} dated outside {first} to {last} left out: none is in the year, is this the "
                     "right year's extract?"),
    "repeat_cases": "{extra} case(s) in the year were of people with another case: staff counted, not cases",
    "repeat_training": ("{extra} training record(s) in the year were of people with another record: staff "
                        "counted, not courses"),
    "cases_outside_population": "{people} bank-only staff or students with cases left out",
    "training_outside_population": "{people} bank-only staff or students with training left out",
    "training_leavers": ("{people} people with training in the year are not in the workforce file (leavers) and "
                         "are counted as Unknown ethnicity ([rules] training_leavers = \"unknown\" in wres.toml)"),
    "optional_column_absent": "no {column} column (optional in wres.toml): {consequence}",
    "file_absent": "not found: {consequence}",
    "board_without_workforce": ("indicator 9 skipped: no one in the workforce file has an indicator 1 band to "
                                "compare the board with"),
}

#: Notes whose counts add up to published figures, and how (for disclosure control):
#: ``bank``: ``people`` by group are the bank-only staff, Overall including bank minus Overall;
#: ``no_band``: ``people`` by group are in the indicator 3 and 4 headcounts but not indicator 1's.
LINKS = {"bank_only": "bank", "no_indicator_1_band": "no_band"}
#: Notes whose listed values add up to one of their counts.
VALUES_TOTAL = {"unrecognised_labels": "rows", "unrecognised_disability_labels": "rows", "no_indicator_1_band": "people",
                "capability_other_grounds": "rows"}
#: Notes whose listed values are reasons written by the pack (shown as they are, separated by ";"),
#: not input values (shown quoted, separated by ",").
REASON_VALUES = frozenset({"no_indicator_1_band"})
#: Notes whose counts add up: total -> parts.
COUNT_SUMS = {"students": ("people", ("white", "bme", "unknown"))}


@dataclass(frozen=True)
class DataNote:
    """One thing a run did with one file's data in one reporting year.

    ``counts``: named whole numbers of people or rows, as ``(name, count)`` pairs;
    ``values``: input values listed with their counts (labels, contract types, reasons);
    ``groups``: the WRES group split (White, BME, Unknown) of the note's people, for disclosure
    control only (:data:`LINKS`), never shown; ``params``: text the pack fills in (dates, what
    was counted); ``warn``: a figure is affected; ``hidden``: the names of counts (``"value:<i>"``
    for the i-th value) that disclosure control hides; ``organisation``: in an extract of several
    organisations, the code of the organisation whose data the note is about (None for a single
    trust's extract, and for a note about a whole file, such as a file not supplied).
    """

    year: int
    file: str
    code: str
    counts: tuple[tuple[str, int], ...] = ()
    values: tuple[tuple[str, int], ...] = ()
    groups: tuple[tuple[str, int], ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    warn: bool = False
    hidden: frozenset = field(default_factory=frozenset)
    organisation: str | None = None

    def __post_init__(self):
        if self.code not in TEMPLATES:
            raise ValueError(f"unknown data note code {self.code!r}")

    def __str__(self) -> str:
        """The analyst's line: every count as it is (:func:`render` with a marker to publish)."""
        return f"{self.year}: {render(self)}"


def note(year: int, file: str, code: str, *, counts: dict | None = None, values=(), groups: dict | None = None,
         params: dict | None = None, warn: bool = False, organisation: str | None = None) -> DataNote:
    """A :class:`DataNote` from plain dicts (counts as whole numbers)."""
    return DataNote(year, file, code, tuple((k, int(v)) for k, v in (counts or {}).items()),
                    tuple((str(k), int(v)) for k, v in values), tuple((k, int(v)) for k, v in (groups or {}).items()),
                    tuple((k, str(v)) for k, v in (params or {}).items()), warn, organisation=organisation)


def hide(data_note: DataNote, names) -> DataNote:
    """The note with ``names`` (count names, ``"value:<i>"``) marked hidden."""
    return replace(data_note, hidden=frozenset(data_note.hidden) | frozenset(names))


def _shown(data_note: DataNote, name: str, value: int, marker: str | None) -> str:
    return marker if marker is not None and name in data_note.hidden else f"{value:,}"


def listing(data_note: DataNote, marker: str | None = None, *, limit: int | None = VALUES_SHOWN) -> str:
    """The listed values with their counts: ``'Bank' (12), 'Bank Staff' (*) and 3 other values``."""
    values = list(enumerate(data_note.values))
    shown = values if limit is None else values[:limit]
    reasons = data_note.code in REASON_VALUES
    text = ("; " if reasons else ", ").join(f"{value if reasons else repr(value)} "
                                            f"({_shown(data_note, f'value:{i}', n, marker)})" for i, (value, n) in shown)
    more = len(values) - len(shown)
    return text + (f" and {more} other value{'s' if more > 1 else ''}" if more > 0 else "")


def sentence(data_note: DataNote, marker: str | None = None, *, limit: int | None = VALUES_SHOWN) -> str:
    """The note's sentence without its file; with a ``marker``, hidden counts are the marker.

    >>> sentence(hide(note(2024, "workforce.csv", "merged_assignments", counts=dict(rows=12, people=3)), {"people"}), "*")
    '12 extra assignment row(s) of * people merged, each person counted once (their first non-bank, non-student assignment in file order)'
    """
    fields = {name: _shown(data_note, name, value, marker) for name, value in data_note.counts}
    fields |= dict(data_note.params)
    fields["values"] = listing(data_note, marker=marker, limit=limit)
    return TEMPLATES[data_note.code].format(**fields)


def render(data_note: DataNote, marker: str | None = None, *, limit: int | None = VALUES_SHOWN) -> str:
    """The note's sentence, starting with its file (and, in an extract of several organisations, the
    organisation: ``R0A: workforce.csv: ...``); with a ``marker``, hidden counts are the marker.

    >>> n = note(2024, "workforce.csv", "students", counts=dict(people=45, white=40, bme=3, unknown=2))
    >>> render(hide(n, {"bme", "unknown"}), "*")
    'workforce.csv: 45 students reported apart, not in any indicator: White 40, BME *, Unknown *'
    >>> str(n)
    '2024: workforce.csv: 45 students reported apart, not in any indicator: White 40, BME 3, Unknown 2'
    """
    where = f"{data_note.organisation}: " if data_note.organisation is not None else ""
    return f"{where}{data_note.file}: {sentence(data_note, marker=marker, limit=limit)}"


def record(data_note: DataNote, marker: str | None = None) -> dict:
    """The note as ``run.json`` holds it: counts and values, and the sentence. With a ``marker`` (the
    published copy) hidden counts are ``None`` and the marker; without (the analyst's copy) every count
    is there, with the names of those hidden."""
    public = marker is not None

    def value(name, n):
        return None if public and name in data_note.hidden else n

    out = dict(year=data_note.year, **({"organisation": data_note.organisation} if data_note.organisation else {}),
               file=data_note.file, code=data_note.code, warning=data_note.warn,
               text=render(data_note, marker=marker, limit=None),
               counts={name: value(name, n) for name, n in data_note.counts},
               values=[[label, value(f"value:{i}", n)] for i, (label, n) in enumerate(data_note.values)])
    if not public:
        out["hidden"] = sorted(data_note.hidden)
    return out


def summary(notes, year: int) -> list[str]:
    """The end-of-run summary: one line per note of ``year`` that affects a figure, then how many others.

    >>> notes = [note(2024, "training.csv", "dated_outside_year", counts=dict(rows=3), warn=True,
    ...               params=dict(what="records", first="1 April 2023", last="31 March 2024")),
    ...          note(2024, "workforce.csv", "bank_only", counts=dict(people=20)), note(2023, "x.csv", "file_absent",
    ...          params=dict(consequence="skipped"))]
    >>> summary(notes, 2024)
    ['training.csv: 3 records dated outside 1 April 2023 to 31 March 2024 left out', '1 other data note: see data_notes in run.json and the Data notes page']
    """
    this_year = [n for n in notes if n.year == year]
    lines = [render(n) for n in this_year if n.warn]
    others = len(this_year) - len(lines)
    if others:
        lines.append(f"{others} other data note{'s' if others > 1 else ''}: see data_notes in run.json and the "
                     "Data notes page")
    return lines
