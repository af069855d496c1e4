"""Random small trusts for the attacker tests (issue 9): seeded record-level data folders.

:func:`make_trust` writes ``DIR/<year>/{workforce,recruitment,disciplinary,
training,board}.csv`` for two consecutive years and ``DIR/survey_responses.csv``
(the survey of the autumn before each reporting year), in the layout of
``data/README.md`` and the demo's answer vocabulary: 100 to 1,200 staff,
bands and clusters with small cells, some bank staff, a few disciplinary
cases, detailed ethnic categories and occupations with small groups.

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


def make_trust(root: str | Path, seed: int, years: tuple[int, ...] = YEARS, staff: int | None = None) -> Trust:
    """Write a random trust (``seed`` decides everything) into ``root``; return it."""
    rng = np.random.default_rng(seed)
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
        workforce.to_csv(folder / "workforce.csv", index=False)

        applications = int(size * rng.uniform(0.2, 0.8)) + 5
        eth = _choice(rng, PLAIN_ETHNICITY, applications)
        shortlisted = rng.random(applications) < 0.6
        p_appoint = np.array([0.15 if label and label[0] not in "WP" else 0.22 for label in eth])
        appointed = shortlisted & (rng.random(applications) < p_appoint)
        pd.DataFrame({"application_id": [f"APP{year}{i:05d}" for i in range(applications)], "ethnicity": eth,
                      "shortlisted": np.where(shortlisted, "Yes", "No"),
                      "appointed": np.where(appointed, "Yes", "No")}).to_csv(folder / "recruitment.csv", index=False)

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
        pd.DataFrame({"member_id": [f"BRD{year}{i:02d}" for i in range(members)],
                      "ethnicity": _choice(rng, PLAIN_ETHNICITY[:-2], members),
                      "voting": np.where(executive | (rng.random(members) < 0.7), "Y", "N"),
                      "executive": np.where(executive, "Y", "N")}).to_csv(folder / "board.csv", index=False)

        survey_parts.append(_survey(rng, year - 1, size))
    pd.concat(survey_parts, ignore_index=True)[SURVEY_COLUMNS].to_csv(root / "survey_responses.csv", index=False)
    return Trust(root, tuple(years), seed, size)


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
