"""What the data supplied for a reporting year, and the plain sentence for what it did not.

A trust may supply any subset of the inputs: indicator 1 overall only (no bands), some of the
indicator groups, no staff survey, no respondent-level survey data, a single year. Each section of
the report then says what is not available and why, instead of an empty table; the index says
which sections have data. Everything here reads the results contract (after disclosure control a
hidden figure is still a row, so a hidden figure is never mistaken for missing data).

Each function takes ``standard`` (default the WRES): its indicators' kinds, names and the data
each needs (:attr:`~wreslib.standards.base.Standard.data_needed`) come from its declaration.
"""
from __future__ import annotations

import pandas as pd

from ..standards.base import BOARD, COMPOSITION, LIKELIHOOD, SCORE, SURVEY, Standard
from ..standards.wdes import WDES
from ..standards.wres import INDICATORS, SURVEY_INDICATORS, WRES

#: The indicators each report section shows (file stems of :data:`wreslib.report.sections`' notebooks).
SECTION_INDICATORS: dict[str, tuple[int, ...]] = {
    "01_summary": tuple(INDICATORS),
    "02_workforce": (1,),
    "03_recruitment_disciplinary_training": (2, 3, 4),
    "04_staff_survey": SURVEY_INDICATORS,
    "05_board": (9,),
    "06_explore": (1, 2),
}
#: The same for each standard, by code (the stems of :data:`wreslib.report.sections.STANDARD_NOTEBOOKS`).
STANDARD_SECTION_INDICATORS: dict[str, dict[str, tuple]] = {
    "wres": SECTION_INDICATORS,
    "wdes": {
        "01_summary": tuple(WDES.indicators),
        "02_workforce": WDES.of_kind(COMPOSITION),
        "03_recruitment_capability": WDES.of_kind(LIKELIHOOD),
        "04_staff_survey": WDES.of_kind(SURVEY, SCORE),
        "05_board": WDES.of_kind(BOARD),
    },
}
#: What a standard's report shows by pay band (named when the data give the whole workforce only).
BAND_TABLES = {"wres": "the tables by band and the Model Employer comparison"}
_BAND_TABLES = "the table and chart by band"


def _rows(results: pd.DataFrame, year: int, indicator: int | str) -> pd.DataFrame:
    return results[(results["year"] == year) & (results["indicator"] == indicator)]


def supplied(results: pd.DataFrame, year: int, indicator: int | str) -> bool:
    """Whether ``results`` has any figure of ``indicator`` for reporting ``year`` (shown or hidden)."""
    return not _rows(results, year, indicator).empty


def _band_rows(results: pd.DataFrame, year: int, standard: Standard = WRES) -> pd.Series:
    """Composition breakdowns of ``year`` that are bands (``Cluster|Band``), not ethnic categories."""
    b = _rows(results, year, standard.of_kind(COMPOSITION)[0])["breakdown"].astype(str)
    return b[b.str.contains("|", regex=False) & ~b.str.startswith("Ethnic category|")]


def _survey(standard: Standard) -> tuple:
    """The numbers of a standard's staff survey figures (percentages and scores), in order."""
    return standard.of_kind(SURVEY, SCORE)


def missing_sentence(results: pd.DataFrame, year: int, indicator: int | str,
                     standard: Standard = WRES) -> str | None:
    """The sentence a section shows in place of ``indicator`` when the data gave none of its figures for
    ``year`` (None when it has figures), e.g. "No recruitment counts (shortlisted and appointed
    applicants) were supplied for 2024, so indicator 2 (appointment from shortlisting) cannot be
    reported." Survey indicators name the survey year (``year`` - 1)."""
    if supplied(results, year, indicator):
        return None
    spec = standard.indicators[indicator]
    when = (f"the {standard.survey_year(year)} survey ({standard.abbreviation} {year})"
            if indicator in _survey(standard) else str(year))
    return (f"No {standard.data_needed[indicator]} were supplied for {when}, so {spec.name.lower()} ({spec.what}) "
            "cannot be reported.")


def survey_missing_sentence(results: pd.DataFrame, year: int, standard: Standard = WRES) -> str | None:
    """One sentence for a report with no staff survey figure for ``year`` at all, else None."""
    numbers = _survey(standard)
    if not numbers or any(supplied(results, year, n) for n in numbers):
        return None
    return (f"No staff survey data was supplied for this trust for the {standard.survey_year(year)} survey "
            f"({standard.abbreviation} {year}), so {standard.term.lower()}s {numbers[0]} to {numbers[-1]} cannot "
            "be reported.")


def bands_missing_sentence(results: pd.DataFrame, year: int, standard: Standard = WRES) -> str | None:
    """The sentence for band tables (and the WRES's Model Employer comparison) when the composition
    indicator of ``year`` was given for the whole workforce only (None when there are bands, or no
    composition figures at all: then :func:`missing_sentence` says so)."""
    if not supplied(results, year, standard.of_kind(COMPOSITION)[0]) or not _band_rows(results, year, standard).empty:
        return None
    return (f"The workforce data for {year} give the whole workforce only, not its pay bands, so "
            f"{BAND_TABLES.get(standard.code, _BAND_TABLES)} (which need headcounts by band) cannot be shown.")


def previous_missing_sentence(results: pd.DataFrame, year: int) -> str | None:
    """The sentence for a report without the year before (no changes, a trend of one year), else None."""
    if (results["year"] == year - 1).any():
        return None
    return (f"The data hold no figures for {year - 1}, so there are no changes from last year and each trend "
            "shows one year.")


def section_status(results: pd.DataFrame, year: int, stem: str, standard: Standard = WRES) -> str:
    """What the index says of a section: "" when it has every indicator's figures, else which of its
    indicators have no data, e.g. "no data for indicators 2 and 4" or "no data"."""
    indicators = STANDARD_SECTION_INDICATORS.get(standard.code, {}).get(stem, ())
    absent = [n for n in indicators if not supplied(results, year, n)]
    if not absent or not indicators:
        return ""
    if len(absent) == len(indicators):
        return "no data"
    names = " and ".join([", ".join(str(n) for n in absent[:-1]), str(absent[-1])] if len(absent) > 1
                         else [str(absent[0])])
    return f"no data for {standard.term.lower()}{'s' if len(absent) > 1 else ''} {names}"


def group_missing_sentence(results: pd.DataFrame, year: int, indicators: tuple, standard: Standard = WRES
                           ) -> str | None:
    """One sentence for a table of several indicators none of which has data for ``year`` (the
    summary's table from workforce records, the table of rates behind the likelihoods), else None."""
    if any(supplied(results, year, n) for n in indicators):
        return None
    needed = list(dict.fromkeys(standard.data_needed[n].split(" (")[0] for n in indicators))
    listing = ", ".join(needed[:-1]) + " or " + needed[-1] if len(needed) > 1 else needed[0]
    return f"No {listing} were supplied for {year}."


def record_indicators(standard: Standard = WRES) -> tuple:
    """The indicators of the summary's table from workforce records (:func:`wreslib.report.tables.esr_summary`):
    composition, likelihoods and the board (WRES 1-4 and 9; WDES 1, 2, 3 and 10)."""
    return standard.of_kind(COMPOSITION, LIKELIHOOD, BOARD)


#: The WRES indicators of the summary's table from workforce records, and of the table of rates behind 2-4.
RECORD_INDICATORS = record_indicators(WRES)
LIKELIHOOD_INDICATORS = WRES.of_kind(LIKELIHOOD)


def notes_missing_sentence(year: int) -> str:
    """What the Data notes page says when the run made none: data notes come from record-level
    extracts, and every run on extracts makes some (which files were read, bank staff), so a
    report without any has its figures from counts or survey tables."""
    return (f"No data notes for {year}: the figures come from counts or survey tables supplied by the trust, "
            "not from record-level extracts, so the pack merged, left out or reclassified nothing.")
