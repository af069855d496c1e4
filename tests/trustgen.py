"""Random small trusts for the attacker tests (issue 9): seeded record-level data folders.

:func:`make_trust` writes ``DIR/<year>/{workforce,recruitment,disciplinary,
training,board}.csv`` for two consecutive years and ``DIR/survey_responses.csv``
(the survey of the autumn before each reporting year), in the layout of
``data/README.md`` and the demo's answer vocabulary: 100 to 1,200 staff,
bands and clusters with small cells, some bank staff, a few disciplinary
cases, detailed ethnic categories and occupations with small groups.
With ``disability=True`` the trust has WDES data too: a ``disability`` column
in the workforce, recruitment and board files, ``capability.csv`` and the WDES
rows of ``survey.csv`` (published survey tables), drawn from their own random
numbers so that the WRES data are the same as without.

:func:`true_results` gives the true (unsuppressed) counts the attacker's
findings are compared with, and :func:`publish` writes each year's published
``results.csv`` the fast way (without the notebooks).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

YEARS = (2023, 2024)

#: ESR-style labels with weights: (label, weight). Broad variety, several rare ones.
WORKFORCE_ETHNICITY = [
    ("A White - British", 40), ("B White - Irish", 2), ("C White - Any other White background", 7),
    ("C3 White Unspecified", 1), ("CP White Polish", 1),
    ("D Mixed - White & Black Caribbean", 1), ("E Mixed - White & Black African", 1),
    ("F Mixed - White & Asian", 1), ("G Mixed - Any other mixed background", 1),
    ("H Asian or Asian British - Indian", 12), ("J Asian or Asian British - Pakistani", 3),
    ("K Asian or Asian British - Bangladeshi", 1), ("L Asian or Asian British - Any other Asian background", 3),
    ("M Black or Black British - Caribbean", 3), ("N Black or Black British - African", 9),
    ("P Black or Black British - Any other Black background", 1), ("R Chinese", 1),
    ("S Any Other Ethnic Group", 2), ("Z Not Stated", 4), ("", 2),
]
SURVEY_ETHNICITY = [
    ("White British", 40), ("White Irish", 2), ("White Other", 8), ("Indian", 12), ("Pakistani", 3),
    ("Bangladeshi", 1), ("Asian Other", 3), ("Black African", 9), ("Black Caribbean", 3), ("Black Other", 1),
    ("Chinese", 1), ("White and Asian", 1), ("White and Black Caribbean", 1), ("White and Black African", 1),
    ("Mixed Other", 1), ("Other ethnic group", 2), ("Prefer not to say", 3), ("", 1),
]
PLAIN_ETHNICITY = [(label, w) for label, w in SURVEY_ETHNICITY]

# (staff group, cluster, bands with weights)
AFC_NONCLINICAL = [("Band 2", 20), ("Band 3", 20), ("Band 4", 14), ("Band 5", 8), ("Band 6", 6), ("Band 7", 4),
                   ("Band 8 - Range A", 3), ("Band 8 - Range B", 2), ("Band 8C", 1), ("8d", 0.5), ("Band 9", 0.4),
                   ("VSM", 0.4)]
AFC_CLINICAL = [("Band 2", 6), ("Band 3", 12), ("Band 4", 5), ("AfC Band 5", 25), ("Band 6", 22), ("Band 7", 12),
                ("Band 8A", 4), ("Band 8 - Range B", 1.5), ("8c", 0.6), ("Band 8 - Range D", 0.3), ("Band 9", 0.2)]
MEDICAL = [("Consultant", 40), ("Specialty Doctor", 12), ("FY1", 8), ("ST3", 20), ("Clinical Fellow", 6)]
STAFF_GROUPS = [
    ("Administrative and Clerical", AFC_NONCLINICAL, 22), ("Estates and Ancillary", AFC_NONCLINICAL, 6),
    ("Nursing and Midwifery Registered", AFC_CLINICAL, 30), ("Additional Clinical Services", AFC_CLINICAL, 18),
    ("Allied Health Professionals", AFC_CLINICAL, 8), ("Healthcare Scientists", AFC_CLINICAL, 3),
    ("Medical and Dental", MEDICAL, 10),
]
OCCUPATIONS = [("Registered Nurses and Midwives", 30), ("Admin and Clerical", 22), ("Medical and Dental", 11),
               ("Allied Health Professionals", 9), ("Nursing and Healthcare Assistants", 8),
               ("Scientific and Technical", 6), ("General Management", 2.5), ("Estates and Ancillary", 1.5),
               ("Admin | Clerical", 1.0)]
COURSES = ["Leadership Essentials", "Mentoring Skills", "Clinical Audit", "Coaching Conversations"]
HARASSMENT = ["Never", "1-2", "3-5", "6-10", "More than 10"]
SURVEY_COLUMNS = ["survey_year", "respondent_id", "ethnicity", "occupation", "Q13a", "Q13b", "Q13c", "Q14", "Q15b",
                  "Q14a", "Q14b", "Q14c", "Q15", "Q16b"]


#: ESR-style disability values with weights (small Disabled groups, as in many trusts' records).
DISABILITY = [("No", 76), ("Yes", 6), ("Not Declared", 10), ("Prefer Not To Answer", 2), ("Unspecified", 2), ("", 4)]
APPLICANT_DISABILITY = [("No", 80), ("Yes", 9), ("Prefer not to say", 6), ("", 5)]
#: WDES survey metrics (percentages) and a typical positive share (Non-disabled, Disabled).
WDES_SURVEY = {"4a-i": (0.24, 0.32), "4a-ii": (0.09, 0.17), "4a-iii": (0.17, 0.26), "4b": (0.48, 0.50),
               "5": (0.58, 0.51), "6": (0.16, 0.24), "7": (0.44, 0.33), "8": (None, 0.73)}


@dataclass
class Trust:
    data_dir: Path
    years: tuple[int, ...]
    seed: int
    staff: int


def _pick(rng, table, size):
    labels = [t[0] for t in table]
    weights = np.array([t[-1] for t in table], dtype=float)
    return rng.choice(len(labels), size=size, p=weights / weights.sum()), labels


def _choice(rng, table, size):
    idx, labels = _pick(rng, table, size)
    return [labels[i] for i in idx]


def _is_bme(label: str) -> bool:
    return bool(label) and label[0] in "DEFGHJKLMNPRS"


def _dates(rng, year: int, size: int) -> list[str]:
    start = date(year - 1, 4, 1)
    days = (date(year, 3, 31) - start).days + 1
    return [(start + timedelta(days=int(d))).isoformat() for d in rng.integers(0, days, size)]


def _workforce(rng, size: int) -> pd.DataFrame:
    groups = [(g, bands) for g, bands, _ in STAFF_GROUPS]
    gi, _ = _pick(rng, [(g, w) for g, _, w in STAFF_GROUPS], size)
    staff_group = [groups[i][0] for i in gi]
    band = [_choice(rng, groups[i][1], 1)[0] for i in gi]
    return pd.DataFrame({"staff_id": [f"E{700000 + i}" for i in rng.choice(200000, size, replace=False)],
                         "ethnicity": _choice(rng, WORKFORCE_ETHNICITY, size), "pay_band": band,
                         "staff_group": staff_group,
                         "contract_type": rng.choice(["Permanent", "Fixed Term Temp"], size, p=[0.85, 0.15])})


def make_trust(root: str | Path, seed: int, years: tuple[int, ...] = YEARS, staff: int | None = None,
               disability: bool = False) -> Trust:
    """Write a random trust (``seed`` decides everything) into ``root``; return it. ``disability``:
    with WDES data (see the module docstring); the WRES data are the same either way."""
    rng = np.random.default_rng(seed)
    wdes = _Disability(seed) if disability else None
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    size = int(staff if staff is not None else rng.integers(100, 1201))
    people = _workforce(rng, size)
    bank_share = rng.uniform(0.02, 0.15)
    bank = _workforce(rng, max(2, int(size * bank_share)))
    bank["contract_type"] = rng.choice(["Bank", "Bank Staff"], len(bank))
    bank["staff_id"] = [f"K{800000 + i}" for i in range(len(bank))]
    survey_parts = []
    for y_index, year in enumerate(years):
        if y_index:  # turnover: ~10% leave, ~10% join, a few change band, bank churns
            leave = rng.random(len(people)) < 0.1
            joiners = _workforce(rng, int(size * 0.1) + 1)
            joiners = joiners[~joiners["staff_id"].isin(people["staff_id"])]
            people = pd.concat([people[~leave], joiners], ignore_index=True)
            move = rng.random(len(people)) < 0.05
            for i in np.flatnonzero(move):
                bands = dict((g, b) for g, b, _ in STAFF_GROUPS)[people.at[i, "staff_group"]]
                people.at[i, "pay_band"] = _choice(rng, bands, 1)[0]
            bank = bank[rng.random(len(bank)) > 0.2]
        folder = root / str(year)
        folder.mkdir(exist_ok=True)
        workforce = pd.concat([people, bank], ignore_index=True).sample(frac=1, random_state=seed + year)
        # A few substantive staff also hold a bank assignment (they stay substantive).
        extra = people.sample(n=min(len(people), 3), random_state=seed + year).assign(contract_type="Bank")
        workforce = pd.concat([workforce, extra], ignore_index=True)
        if wdes:
            workforce = workforce.assign(disability=wdes.of_staff(workforce["staff_id"]))
        workforce.to_csv(folder / "workforce.csv", index=False)

        applications = int(size * rng.uniform(0.2, 0.8)) + 5
        eth = _choice(rng, PLAIN_ETHNICITY, applications)
        shortlisted = rng.random(applications) < 0.6
        p_appoint = np.array([0.15 if label and label[0] not in "WP" else 0.22 for label in eth])
        appointed = shortlisted & (rng.random(applications) < p_appoint)
        recruitment = pd.DataFrame({"application_id": [f"APP{year}{i:05d}" for i in range(applications)],
                                    "ethnicity": eth, "shortlisted": np.where(shortlisted, "Yes", "No"),
                                    "appointed": np.where(appointed, "Yes", "No")})
        if wdes:
            recruitment["disability"] = _choice(wdes.rng, APPLICANT_DISABILITY, applications)
        recruitment.to_csv(folder / "recruitment.csv", index=False)

        cases = int(rng.integers(1, max(3, size // 60) + 1))
        who = people.sample(n=min(cases, len(people)), random_state=seed * 7 + year)
        who = pd.concat([who, who.head(1)]) if len(who) > 1 else who  # one person with two cases
        pd.DataFrame({"case_id": [f"DC{year}{i:04d}" for i in range(len(who))], "staff_id": who["staff_id"].values,
                      "ethnicity": who["ethnicity"].values, "date_entered": _dates(rng, year, len(who))}
                     ).to_csv(folder / "disciplinary.csv", index=False)

        trained = people[rng.random(len(people)) < rng.uniform(0.05, 0.4)]
        pd.DataFrame({"staff_id": trained["staff_id"].values,
                      "course": rng.choice(COURSES, len(trained)),
                      "date": _dates(rng, year, len(trained))}).to_csv(folder / "training.csv", index=False)

        members = int(rng.integers(7, 13))
        executive = rng.random(members) < 0.45
        board = pd.DataFrame({"member_id": [f"BRD{year}{i:02d}" for i in range(members)],
                              "ethnicity": _choice(rng, PLAIN_ETHNICITY[:-2], members),
                              "voting": np.where(executive | (rng.random(members) < 0.7), "Y", "N"),
                              "executive": np.where(executive, "Y", "N")})
        if wdes:
            board["disability"] = _choice(wdes.rng, [("No", 80), ("Yes", 12), ("Not Declared", 8)], members)
            wdes.capability(people, year).to_csv(folder / "capability.csv", index=False)
        board.to_csv(folder / "board.csv", index=False)

        survey_parts.append(_survey(rng, year - 1, size))
    pd.concat(survey_parts, ignore_index=True)[SURVEY_COLUMNS].to_csv(root / "survey_responses.csv", index=False)
    if wdes:
        wdes.survey([year - 1 for year in years], size).to_csv(root / "survey.csv", index=False)
    return Trust(root, tuple(years), seed, size)


class _Disability:
    """The WDES part of a trust, from random numbers of its own (the WRES part's are untouched)."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng([seed, 2])
        self.known: dict[str, str] = {}  # a person's disability, the same every year

    def of_staff(self, staff_ids: pd.Series) -> list[str]:
        for staff_id in dict.fromkeys(staff_ids):
            if staff_id not in self.known:
                self.known[staff_id] = _choice(self.rng, DISABILITY, 1)[0]
        return [self.known[s] for s in staff_ids]

    def capability(self, people: pd.DataFrame, year: int) -> pd.DataFrame:
        """A few formal capability cases of substantive staff (Disabled staff more often), one on ill-health
        grounds (left out of metric 3, with a data note)."""
        labels = np.array(self.of_staff(people["staff_id"]))
        weights = np.where(labels == "Yes", 4.0, 1.0)
        size = min(len(people), int(self.rng.integers(3, max(4, len(people) // 25) + 1)))
        picked = self.rng.choice(len(people), size=size, replace=False, p=weights / weights.sum())
        grounds = ["Performance"] * (size - 1) + ["Ill health"]
        return pd.DataFrame({"case_id": [f"CAP{year}{i:03d}" for i in range(size)],
                             "staff_id": people["staff_id"].to_numpy()[picked], "disability": labels[picked],
                             "date_entered": _dates(self.rng, year, size), "grounds": grounds})

    def survey(self, survey_years: list[int], staff: int) -> pd.DataFrame:
        """The WDES rows of ``survey.csv`` (published tables): Disabled, Non-disabled and all staff
        (who include those who did not say) per metric, and 9a's engagement scores."""
        rows = []
        for survey_year in survey_years:
            responses = max(30, int(staff * self.rng.uniform(0.3, 0.6)))
            disabled = int(self.rng.binomial(responses, 0.16))
            non_disabled = int(self.rng.binomial(responses - disabled, 0.9))
            for metric, (p_non, p_dis) in WDES_SURVEY.items():
                groups = [("Disabled", disabled, p_dis)]
                if p_non is not None:
                    rest = responses - disabled - non_disabled
                    groups += [("Non-disabled", non_disabled, p_non), ("All staff", responses, None)]
                yes = {g: int(self.rng.binomial(n, p)) for g, n, p in groups if p is not None}
                if p_non is not None:  # all staff: both groups and those who did not say
                    yes["All staff"] = yes["Disabled"] + yes["Non-disabled"] + int(self.rng.binomial(rest, p_non))
                for g, n, p in groups:
                    if n:
                        rows.append(dict(survey_year=survey_year, indicator=metric, group=g, occupation="",
                                         responses=n, percent=round(100 * yes[g] / n, 1),
                                         benchmark_percent=round(100 * (p or p_non), 1), note="", standard="wdes"))
            for g, n, score in (("Disabled", disabled, 6.4), ("Non-disabled", non_disabled, 6.9),
                                ("All staff", responses, 6.8)):
                if n:
                    rows.append(dict(survey_year=survey_year, indicator="9a", group=g, occupation="", responses=n,
                                     percent=score, benchmark_percent=score + 0.1, note="", standard="wdes"))
        return pd.DataFrame(rows)


def _survey(rng, survey_year: int, staff: int) -> pd.DataFrame:
    n = max(30, int(staff * rng.uniform(0.3, 0.6)))
    eth = _choice(rng, SURVEY_ETHNICITY, n)
    bme = np.array([label not in ("White British", "White Irish", "White Other", "Prefer not to say", "")
                    for label in eth])

    def answers(values, p_white, p_bme, blank=0.02):
        out = []
        for is_bme in bme:
            p = np.array(p_bme if is_bme else p_white, dtype=float)
            out.append(values[rng.choice(len(values), p=p / p.sum())] if rng.random() > blank else "")
        return out

    frame = pd.DataFrame({
        "survey_year": survey_year,
        "respondent_id": [f"R{survey_year}{i:05d}" for i in range(n)],
        "ethnicity": eth,
        "occupation": _choice(rng, OCCUPATIONS, n),
        "Q14a": answers(HARASSMENT, [70, 18, 7, 3, 2], [68, 19, 8, 3, 2]),
        "Q14b": answers(HARASSMENT, [88, 6, 3, 2, 1], [85, 8, 4, 2, 1]),
        "Q14c": answers(HARASSMENT, [80, 12, 5, 2, 1], [77, 14, 6, 2, 1]),
        "Q15": answers(["Yes", "No", "Don't know"], [58, 28, 14], [45, 38, 17]),
        "Q16b": answers(["Yes", "No"], [8, 92], [14, 86]),
    })
    for column in ("Q13a", "Q13b", "Q13c", "Q14", "Q15b"):
        frame[column] = ""
    return frame


def true_results(data_dir: str | Path, years: tuple[int, ...] = YEARS) -> pd.DataFrame:
    """Every figure's true numerator and denominator (unsuppressed), all ``years``.

    Uses wreslib's unsuppressed results (``load_results``, and the published
    breakdowns of ``published_rows``), never its disclosure code."""
    from wreslib.report.breakdowns import published_rows
    from wreslib.publish.pipeline import load_results

    frames = []
    for year in years:
        results = load_results(data_dir, year)
        frames.append(results[results["year"] == year])
        frames.append(published_rows(data_dir, year).reindex(columns=results.columns))
    return pd.concat(frames, ignore_index=True)


def publish(data_dir: str | Path, out: str | Path, years: tuple[int, ...] = YEARS) -> list[Path]:
    """Each year's published ``results.csv`` (and landing page) into ``out/<year>``,
    the fast way: the run's suppressed results, without executing the notebooks."""
    from wreslib.publish.pipeline import report_results
    from wreslib.publish.site import write_site
    from wreslib.publish.runner import RunConfig

    folders = []
    for year in years:
        folder = Path(out) / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        shown = report_results(data_dir, year)
        write_site(folder, shown, RunConfig(data_dir=Path(data_dir), year=year, out=Path(out)), [])
        folders.append(folder)
    return folders
