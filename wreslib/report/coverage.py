"""What the data supplied for a reporting year, and the plain sentence for what it did not.

A trust may supply any subset of the inputs: indicator 1 overall only (no bands), some of the
indicator groups, no staff survey, no respondent-level survey data, a single year. Each section of
the report then says what is not available and why, instead of an empty table; the index says
which sections have data. Everything here reads the results contract (after disclosure control a
hidden figure is still a row, so a hidden figure is never mistaken for missing data).
"""
from __future__ import annotations

import pandas as pd

from ..standards.wres import DATA_NEEDED, INDICATORS, SURVEY_INDICATORS, survey_year

#: The indicators each report section shows (file stems of :data:`wreslib.report.sections`' notebooks).
SECTION_INDICATORS: dict[str, tuple[int, ...]] = {
    "01_summary": tuple(INDICATORS),
    "02_workforce": (1,),
    "03_recruitment_disciplinary_training": (2, 3, 4),
    "04_staff_survey": SURVEY_INDICATORS,
    "05_board": (9,),
    "06_explore": (1, 2),
}


def _rows(results: pd.DataFrame, year: int, indicator: int) -> pd.DataFrame:
    return results[(results["year"] == year) & (results["indicator"] == indicator)]


def supplied(results: pd.DataFrame, year: int, indicator: int) -> bool:
    """Whether ``results`` has any figure of ``indicator`` for reporting ``year`` (shown or hidden)."""
    return not _rows(results, year, indicator).empty


def _band_rows(results: pd.DataFrame, year: int) -> pd.Series:
    """Indicator 1 breakdowns of ``year`` that are bands (``Cluster|Band``), not ethnic categories."""
    b = _rows(results, year, 1)["breakdown"].astype(str)
    return b[b.str.contains("|", regex=False) & ~b.str.startswith("Ethnic category|")]


def missing_sentence(results: pd.DataFrame, year: int, indicator: int) -> str | None:
    """The sentence a section shows in place of ``indicator`` when the data gave none of its figures for
    ``year`` (None when it has figures), e.g. "No recruitment counts (shortlisted and appointed
    applicants) were supplied for 2024, so indicator 2 (appointment from shortlisting) cannot be
    reported." Survey indicators name the survey year (``year`` - 1)."""
    if supplied(results, year, indicator):
        return None
    spec = INDICATORS[indicator]
    when = (f"the {survey_year(year)} survey (WRES {year})" if indicator in SURVEY_INDICATORS else str(year))
    return (f"No {DATA_NEEDED[indicator]} were supplied for {when}, so indicator {indicator} ({spec.what}) "
            "cannot be reported.")


def survey_missing_sentence(results: pd.DataFrame, year: int) -> str | None:
    """One sentence for a report with no staff survey figure for ``year`` at all, else None."""
    if any(supplied(results, year, n) for n in SURVEY_INDICATORS):
        return None
    return (f"No staff survey data was supplied for this trust for the {survey_year(year)} survey (WRES {year}), "
            f"so indicators {SURVEY_INDICATORS[0]} to {SURVEY_INDICATORS[-1]} cannot be reported.")


def bands_missing_sentence(results: pd.DataFrame, year: int) -> str | None:
    """The sentence for band tables and the Model Employer comparison when indicator 1 of ``year`` was
    given for the whole workforce only (None when there are bands, or no indicator 1 at all: then
    :func:`missing_sentence` says so)."""
    if not supplied(results, year, 1) or not _band_rows(results, year).empty:
        return None
    return (f"The workforce data for {year} give the whole workforce only, not its pay bands, so the tables by "
            "band and the Model Employer comparison (which need headcounts by band) cannot be shown.")


def previous_missing_sentence(results: pd.DataFrame, year: int) -> str | None:
    """The sentence for a report without the year before (no changes, a trend of one year), else None."""
    if (results["year"] == year - 1).any():
        return None
    return (f"The data hold no figures for {year - 1}, so there are no changes from last year and each trend "
            "shows one year.")


def section_status(results: pd.DataFrame, year: int, stem: str) -> str:
    """What the index says of a section: "" when it has every indicator's figures, else which of its
    indicators have no data, e.g. "no data for indicators 2 and 4" or "no data"."""
    indicators = SECTION_INDICATORS.get(stem, ())
    absent = [n for n in indicators if not supplied(results, year, n)]
    if not absent or not indicators:
        return ""
    if len(absent) == len(indicators):
        return "no data"
    names = " and ".join([", ".join(str(n) for n in absent[:-1]), str(absent[-1])] if len(absent) > 1
                         else [str(absent[0])])
    return f"no data for indicator{'s' if len(absent) > 1 else ''} {names}"


def group_missing_sentence(results: pd.DataFrame, year: int, indicators: tuple[int, ...]) -> str | None:
    """One sentence for a table of several indicators none of which has data for ``year`` (the
    summary's table of indicators 1-4 and 9, the table of rates behind indicators 2-4), else None."""
    if any(supplied(results, year, n) for n in indicators):
        return None
    needed = list(dict.fromkeys(DATA_NEEDED[n].split(" (")[0] for n in indicators))
    listing = ", ".join(needed[:-1]) + " or " + needed[-1] if len(needed) > 1 else needed[0]
    return f"No {listing} were supplied for {year}."


#: The indicators of the summary's table from workforce records, and of the table of rates behind 2-4.
RECORD_INDICATORS = (1, 2, 3, 4, 9)
LIKELIHOOD_INDICATORS = (2, 3, 4)


def notes_missing_sentence(year: int) -> str:
    """What the Data notes page says when the run made none: data notes come from record-level
    extracts, and every run on extracts makes some (which files were read, bank staff), so a
    report without any has its figures from counts or survey tables."""
    return (f"No data notes for {year}: the figures come from counts or survey tables supplied by the trust, "
            "not from record-level extracts, so the pack merged, left out or reclassified nothing.")
