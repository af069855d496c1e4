"""A synthetic national record-level extract: many organisations in one set of files.

:func:`write_national` writes ``ROOT/<year>/{workforce,recruitment,disciplinary,training,board,capability}.csv``
for each year, every file with an ``organisation`` column (a code such as ``R0A``), in the layout of
``data/README.md`` (the pack's own column names), as a national ESR extract would hold them: the input of
:func:`wreslib.inputs.extracts.extract_counts_by_organisation`. Nothing in it is real staff data.

Sizes, by default those of NHS England's WRES analysis (about 210 trusts, 1.5 million staff):

- organisations of lognormal sizes (a few hundred to some 30,000 staff), each with its own share of BME
  staff (a beta distribution: from a few per cent to over half);
- workforce: one row per person, plus a second assignment for some (a bank shift, sometimes listed
  first), bank-only staff and a few students; ESR ethnicity labels with their messy variants (letter
  codes, two-character codes, lower case, ``Z Not Stated``, ``99``, blanks, a few labels the pack does
  not know), pay band spellings (``Band 8 - Range A``, ``8a``, ``AfC Band 5``, medical grades) and
  a ``disability`` column (ESR's flag, several spellings);
- recruitment: about 0.8 shortlisted applications a year per member of staff (1.2 million), about one in
  eight appointed, numbered as application systems number them (nine digits);
- disciplinary: cases for about 1% of staff, some people with two, some dated outside the year;
- training: records for about 40% of staff, one to three each, some outside the year;
- board: 12 to 18 members per organisation;
- capability: cases for about 0.3% of staff, most on performance grounds.

Staff ids are stable from one year to the next (about 10% of staff leave and are replaced each year).
Everything is drawn from ``numpy.random.default_rng(seed)``: the same arguments write the same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

#: The default seed (any integer gives another, equally plausible, nation).
SEED = 20250401
FILES = ("workforce", "recruitment", "disciplinary", "training", "board", "capability")

# (label, weight) within each WRES group; ESR "Ethnic Origin" labels and the variants real extracts hold.
_WHITE = [("A White - British", 70), ("A", 3), ("a white - british", 1), ("White British", 2),
          ("B White - Irish", 3), ("C White - Any other White background", 10), ("C3 White Unspecified", 2),
          ("CP White Polish", 2), ("CY White Other European", 1), ("C2 White Northern Irish", 0.5)]
_BME = [("D Mixed - White & Black Caribbean", 2), ("E Mixed - White & Black African", 2),
        ("F Mixed - White & Asian", 2), ("G Mixed - Any other mixed background", 2),
        ("H Asian or Asian British - Indian", 25), ("J Asian or Asian British - Pakistani", 8),
        ("K Asian or Asian British - Bangladeshi", 3), ("L Asian or Asian British - Any other Asian background", 9),
        ("LK Asian Sri Lankan", 1), ("M Black or Black British - Caribbean", 6),
        ("N Black or Black British - African", 20), ("P Black or Black British - Any other Black background", 2),
        ("PC Black Nigerian", 1), ("R Chinese", 3), ("S Any Other Ethnic Group", 5), ("N", 1), ("h", 0.5)]
_UNKNOWN = [("Z Not Stated", 60), ("99", 10), ("", 20), ("Not Known", 5), ("Unknown", 5)]
#: Labels the pack does not recognise (counted as Unknown with a note): rare, well under the 2% limit.
_UNRECOGNISED = [("Whte British", 1), ("Other - see notes", 1), ("TBC", 1)]
# Recruitment systems use plain labels.
_APPLICANT_WHITE = [("White British", 75), ("White Irish", 3), ("White - Any other White background", 12),
                    ("White Other", 6), ("English", 2)]
_APPLICANT_BME = [("Indian", 22), ("Pakistani", 8), ("Bangladeshi", 3), ("Any other Asian background", 9),
                  ("Black African", 24), ("Black Caribbean", 6), ("Any other Black background", 2),
                  ("Chinese", 3), ("White and Black Caribbean", 2), ("White and Asian", 2), ("Any other mixed background", 2),
                  ("Any other ethnic group", 6), ("Arab", 2)]
_APPLICANT_UNKNOWN = [("Prefer not to say", 60), ("", 30), ("Not stated", 10)]

_AFC_NONCLINICAL = [("Band 2", 20), ("Band 3", 20), ("Band 4", 14), ("Band 5", 8), ("Band 6", 6), ("Band 7", 4),
                    ("Band 8 - Range A", 3), ("Band 8 - Range B", 2), ("Band 8C", 1), ("8d", 0.5), ("Band 9", 0.4),
                    ("VSM", 0.4), ("Band 8", 0.02)]
_AFC_CLINICAL = [("Band 2", 6), ("Band 3", 12), ("Band 4", 5), ("AfC Band 5", 15), ("Band 5", 10), ("Band 6", 22),
                 ("Band 7", 12), ("Band 8A", 4), ("Band 8 - Range B", 1.5), ("8c", 0.6), ("Band 8 - Range D", 0.3),
                 ("Band 9", 0.2), ("Under Band 1", 0.1)]
_MEDICAL = [("Consultant", 40), ("Specialty Doctor", 10), ("Associate Specialist", 2), ("FY1", 5), ("FY2", 5),
            ("ST3", 8), ("ST5", 6), ("CT1", 5), ("Specialty Registrar", 4), ("Clinical Fellow", 6),
            ("Trust Grade Doctor", 3)]
# (ESR staff group, its bands, weight)
_STAFF_GROUPS = [("Administrative and Clerical", _AFC_NONCLINICAL, 20), ("Estates and Ancillary", _AFC_NONCLINICAL, 6),
                 ("Nursing and Midwifery Registered", _AFC_CLINICAL, 26), ("Additional Clinical Services", _AFC_CLINICAL, 19),
                 ("Allied Health Professionals", _AFC_CLINICAL, 7), ("Healthcare Scientists", _AFC_CLINICAL, 3),
                 ("Add Prof Scientific and Technic", _AFC_CLINICAL, 3), ("Medical and Dental", _MEDICAL, 11)]
_CONTRACTS = [("Permanent", 88), ("Fixed Term Temp", 10), ("Locum", 2)]
_BANK = [("Bank", 80), ("Bank Staff", 15), ("BANK", 5)]
_DISABILITY = [("No", 60), ("Yes", 6), ("Not Declared", 20), ("Prefer Not To Answer", 3), ("", 8), ("N", 2),
               ("Y", 1)]
_YES = [("Yes", 80), ("Y", 15), ("yes", 5)]
_NO = [("No", 80), ("N", 15), ("no", 5)]
_COURSES = ["Leadership Essentials", "Mary Seacole Programme", "Coaching Skills", "Clinical Supervision",
            "Mentoring Skills", "Rising Stars"]
_GROUNDS = [("Performance", 70), ("Capability - performance", 15), ("Ill health", 15)]
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y")

# Rates (per member of staff a year, or shares).
_SECOND_ASSIGNMENT = 0.06
_BANK_ONLY = 0.08
_STUDENTS = 0.004
_APPLICATIONS = 0.8
_APPOINTED = 0.13
_DISCIPLINARY = 0.01
_TRAINING = 0.40
_CAPABILITY = 0.003
_UNKNOWN_SHARE = 0.04
_UNRECOGNISED_SHARE = 0.001
_OUTSIDE_YEAR = 0.06
_TURNOVER = 0.10


def organisation_codes(n: int) -> list[str]:
    """``n`` trust-like codes (``R0A``, ``R0B``, ...), in order.

    >>> organisation_codes(3)
    ['R0A', 'R0B', 'R0C']
    """
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    codes = [f"R{a}{b}" for a in alphabet for b in alphabet if b.isalpha()]
    if n > len(codes):
        raise ValueError(f"at most {len(codes)} organisations")
    return codes[:n]


def organisation_sizes(staff: int, organisations: int, rng: np.random.Generator) -> np.ndarray:
    """Staff per organisation: lognormal (median about the mean's 0.8, a spread of about 4x either side),
    at least 20, summing to ``staff``."""
    raw = rng.lognormal(mean=0.0, sigma=0.6, size=organisations)
    sizes = np.maximum(20, np.floor(raw / raw.sum() * staff)).astype(np.int64)
    sizes[np.argmax(sizes)] += staff - sizes.sum()
    return sizes


def _pick(rng: np.random.Generator, table: list[tuple], size: int) -> np.ndarray:
    """``size`` labels drawn from ``(label, weight)`` pairs, as an object array."""
    labels = np.array([t[0] for t in table], dtype=object)
    weights = np.array([t[-1] for t in table], dtype=float)
    return labels[rng.choice(len(labels), size=size, p=weights / weights.sum())]


def _labels(rng: np.random.Generator, bme_share: np.ndarray, white: list, bme: list, unknown: list,
            unrecognised: list | None = None) -> np.ndarray:
    """An ethnicity label per person whose chance of being BME is ``bme_share`` (one value per person)."""
    n = len(bme_share)
    u = rng.random(n)
    out = _pick(rng, white, n)
    is_bme = u < bme_share * (1 - _UNKNOWN_SHARE)
    out[is_bme] = _pick(rng, bme, int(is_bme.sum()))
    is_unknown = u > 1 - _UNKNOWN_SHARE
    out[is_unknown] = _pick(rng, unknown, int(is_unknown.sum()))
    if unrecognised:
        odd = rng.random(n) < _UNRECOGNISED_SHARE
        out[odd] = _pick(rng, unrecognised, int(odd.sum()))
    return out


def _dates(rng: np.random.Generator, year: int, size: int, fmt: str) -> np.ndarray:
    """Dates in reporting year ``year`` (1 April to 31 March), some outside it, as text in ``fmt``."""
    first = dt.date(year - 1, 4, 1)
    offsets = rng.integers(0, 366, size=size)
    outside = rng.random(size) < _OUTSIDE_YEAR
    offsets[outside] = rng.integers(-200, -1, size=int(outside.sum()))
    days = np.unique(offsets)
    text = np.array([(first + dt.timedelta(days=int(d))).strftime(fmt) for d in days], dtype=object)
    return text[np.searchsorted(days, offsets)]


def _people(rng: np.random.Generator, sizes: np.ndarray, codes: list[str], bme_share: np.ndarray,
            first_id: int = 10_000_000) -> pd.DataFrame:
    """One row per person: organisation, staff_id (numbers from ``first_id`` on, in no order), the
    person's labels, band, group, kind."""
    total = int(sizes.sum())
    org = np.repeat(np.arange(len(sizes)), sizes)
    groups = _pick(rng, [(g, w) for g, _, w in _STAFF_GROUPS], total)
    bands = np.empty(total, dtype=object)
    for group, table, _ in _STAFF_GROUPS:
        here = groups == group
        bands[here] = _pick(rng, table, int(here.sum()))
    kind = np.full(total, "substantive", dtype=object)
    u = rng.random(total)
    kind[u < _BANK_ONLY] = "bank"
    kind[u > 1 - _STUDENTS] = "student"
    groups[kind == "student"] = "Students"
    return pd.DataFrame({
        "org": org, "organisation": np.array(codes, dtype=object)[org],
        "staff_id": first_id + rng.permutation(total * 3)[:total],
        "ethnicity": _labels(rng, bme_share[org], _WHITE, _BME, _UNKNOWN, _UNRECOGNISED),
        "pay_band": bands, "staff_group": groups, "kind": kind,
        "disability": _pick(rng, _DISABILITY, total),
    })


def _next_year(rng: np.random.Generator, people: pd.DataFrame, codes: list[str], bme_share: np.ndarray
               ) -> pd.DataFrame:
    """The next year's staff: about :data:`_TURNOVER` of each organisation's people replaced by new ones."""
    leave = rng.random(len(people)) < _TURNOVER
    new = _people(rng, np.bincount(people.loc[leave, "org"], minlength=len(codes)), codes, bme_share,
                  first_id=int(people["staff_id"].max()) + 1)
    return pd.concat([people[~leave], new], ignore_index=True).sort_values(["org"], kind="stable",
                                                                            ignore_index=True)


def _workforce(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    contract = _pick(rng, _CONTRACTS, len(people))
    bank = (people["kind"] == "bank").to_numpy()
    contract[bank] = _pick(rng, _BANK, int(bank.sum()))
    rows = people.assign(contract_type=contract, _order=0)
    second = (rng.random(len(people)) < _SECOND_ASSIGNMENT) & ~bank
    extra = rows[second].assign(contract_type=_pick(rng, _BANK, int(second.sum())),
                                _order=np.where(rng.random(int(second.sum())) < 0.3, -1, 1))
    rows = pd.concat([rows, extra]).sort_values(["org", "staff_id", "_order"], kind="stable")
    return rows[["organisation", "staff_id", "ethnicity", "pay_band", "staff_group", "contract_type", "disability"]]


def _recruitment(rng: np.random.Generator, people: pd.DataFrame, codes: list[str], bme_share: np.ndarray,
                 start: int) -> pd.DataFrame:
    sizes = np.bincount(people["org"], minlength=len(codes))
    org = np.repeat(np.arange(len(sizes)), rng.poisson(sizes * _APPLICATIONS))
    total = len(org)
    appointed = rng.random(total) < _APPOINTED
    return pd.DataFrame({
        "organisation": np.array(codes, dtype=object)[org],
        "application_id": 300_000_000 + start + rng.permutation(total),
        "ethnicity": _labels(rng, np.minimum(1.0, bme_share[org] * 1.3), _APPLICANT_WHITE, _APPLICANT_BME,
                             _APPLICANT_UNKNOWN),
        "shortlisted": _pick(rng, _YES, total),
        "appointed": np.where(appointed, _pick(rng, _YES, total), _pick(rng, _NO, total)),
        "disability": _pick(rng, _DISABILITY, total),
    })


def _cases(rng: np.random.Generator, staff: pd.DataFrame, rate: float, year: int, fmt: str) -> pd.DataFrame:
    """Cases of about ``rate`` of ``staff`` (a few people with two), dated around the year."""
    chosen = staff[rng.random(len(staff)) < rate]
    again = chosen[rng.random(len(chosen)) < 0.1]
    cases = pd.concat([chosen, again]).sort_values(["org", "staff_id"], kind="stable")
    return cases.assign(date_entered=_dates(rng, year, len(cases), fmt))


def _training(rng: np.random.Generator, staff: pd.DataFrame, year: int, fmt: str) -> pd.DataFrame:
    trained = staff[rng.random(len(staff)) < _TRAINING]
    repeats = rng.choice([1, 2, 3], size=len(trained), p=[0.6, 0.3, 0.1])
    rows = trained.loc[trained.index.repeat(repeats)]
    return pd.DataFrame({"organisation": rows["organisation"].to_numpy(), "staff_id": rows["staff_id"].to_numpy(),
                         "course": np.array(_COURSES, dtype=object)[rng.integers(0, len(_COURSES), len(rows))],
                         "date": _dates(rng, year, len(rows), fmt)})


def _board(rng: np.random.Generator, codes: list[str], bme_share: np.ndarray) -> pd.DataFrame:
    members = rng.integers(12, 19, size=len(codes))
    org = np.repeat(np.arange(len(codes)), members)
    total = len(org)
    executive = rng.random(total) < 0.45
    voting = executive | (rng.random(total) < 0.85)
    return pd.DataFrame({
        "organisation": np.array(codes, dtype=object)[org],
        "member_id": [f"M{i:06d}" for i in range(total)],
        "ethnicity": _labels(rng, bme_share[org] * 0.5, _WHITE, _BME, _UNKNOWN),
        "voting": np.where(voting, "Yes", "No"), "executive": np.where(executive, "Yes", "No"),
        "disability": _pick(rng, _DISABILITY, total),
    })


def national_frames(staff: int = 1_500_000, organisations: int = 210, years: tuple[int, ...] = (2023, 2024),
                    seed: int = SEED):
    """Yield ``(year, {file: frame})`` for each year of the synthetic national extract (see the module)."""
    rng = np.random.default_rng(seed)
    codes = organisation_codes(organisations)
    sizes = organisation_sizes(staff, organisations, rng)
    bme_share = rng.beta(1.3, 4.0, size=organisations)
    people = _people(rng, sizes, codes, bme_share)
    applications = 0
    for i, year in enumerate(years):
        if i:
            people = _next_year(rng, people, codes, bme_share)
        fmt = _DATE_FORMATS[i % len(_DATE_FORMATS)]
        workforce = _workforce(rng, people)
        recruitment = _recruitment(rng, people, codes, bme_share, applications)
        applications += len(recruitment)
        in_post = people[people["kind"] == "substantive"]
        disciplinary = _cases(rng, in_post, _DISCIPLINARY, year, fmt)
        disciplinary = disciplinary.assign(case_id=[f"D{year}{n:06d}" for n in range(len(disciplinary))])
        capability = _cases(rng, in_post, _CAPABILITY, year, fmt)
        capability = capability.assign(case_id=[f"C{year}{n:06d}" for n in range(len(capability))],
                                       grounds=_pick(rng, _GROUNDS, len(capability)))
        frames = {
            "workforce": workforce,
            "recruitment": recruitment,
            "disciplinary": disciplinary[["organisation", "case_id", "staff_id", "ethnicity", "date_entered"]],
            "training": _training(rng, in_post, year, fmt),
            "board": _board(rng, codes, bme_share),
            "capability": capability[["organisation", "case_id", "staff_id", "disability", "date_entered",
                                      "grounds"]],
        }
        yield year, frames


def write_national(root: str | Path, staff: int = 1_500_000, organisations: int = 210,
                   years: tuple[int, ...] = (2023, 2024), seed: int = SEED) -> Path:
    """Write the synthetic national extract (:func:`national_frames`) to ``root/<year>/<file>.csv``;
    returns ``root``."""
    root = Path(root)
    for year, frames in national_frames(staff, organisations, years, seed):
        folder = root / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return root


#: The demo system's organisations (``data/demo_system/organisations.csv``): synthetic names, not real trusts.
DEMO_SYSTEM_ORGANISATIONS = (("R0A", "Demo Acute Hospitals NHS Trust"), ("R0B", "Demo Community & Mental Health NHS Trust"),
                             ("R0C", "Demo Teaching Hospitals NHS Foundation Trust"))
DEMO_SYSTEM_NAME = "Demo Integrated Care System"


def write_system_demo(root: str | Path) -> Path:
    """The small multi-organisation demo (``data/demo_system/``, ``wres demo --system``): one synthetic
    extract of three organisations (about 4,500 staff, two years) with an ``organisation`` column, its
    ``organisations.csv`` and ``system.toml``, and a ``survey.csv`` of published staff survey figures
    (indicators 5-8, White and BME staff, surveys 2022 and 2023) for the three and 37 other synthetic
    trusts, five of them without response counts: the national benchmark of each organisation's survey
    page. The same bytes every time; nothing in it is real."""
    root = write_national(root, staff=4_500, organisations=len(DEMO_SYSTEM_ORGANISATIONS), years=(2023, 2024))
    _demo_survey(root / "survey.csv", [code for code, _ in DEMO_SYSTEM_ORGANISATIONS])
    rows = "".join(f"{code},{name},{DEMO_SYSTEM_NAME}\n" for code, name in DEMO_SYSTEM_ORGANISATIONS)
    (root / "organisations.csv").write_text("code,name,system\n" + rows, encoding="utf-8", newline="\n")
    (root / "system.toml").write_text(f'[system]\nname = "{DEMO_SYSTEM_NAME}"\n', encoding="utf-8", newline="\n")
    return root


#: (indicator, typical % of White staff, typical BME minus White, pp) of the demo's survey figures.
_DEMO_SURVEY = ((5, 25.0, 2.0), (6, 22.0, 4.0), (7, 58.0, -12.0), (8, 6.5, 6.0))


def _demo_survey(path: Path, codes: list[str], others: int = 37, uncounted: int = 5, seed: int = SEED) -> None:
    """Published staff survey WRES figures for ``codes`` and ``others`` more synthetic trusts (codes
    ``R1A`` ...; the last ``uncounted`` published without response counts), surveys 2022 and 2023."""
    rng = np.random.default_rng(seed + 1)
    everyone = codes + [f"R{1 + i // 26}{chr(65 + i % 26)}" for i in range(others)]
    rows = []
    for i, code in enumerate(everyone):
        # The system's own trusts are small (about 1,500 staff each): about half their staff respond.
        white_n, bme_n = ((int(rng.integers(300, 800)), int(rng.integers(60, 200))) if code in codes else
                          (int(rng.integers(600, 4000)), int(rng.integers(120, 1500))))
        shift = rng.normal(0, 3, size=len(_DEMO_SURVEY))
        for year in (2022, 2023):
            for (indicator, white, gap), s in zip(_DEMO_SURVEY, shift):
                for group, n, p in (("White", white_n, white + s), ("All other ethnic groups", bme_n, white + gap + s)):
                    n = int(n * (0.97 if year == 2022 else 1.0))
                    k = int(rng.binomial(n, min(max(p + rng.normal(0, 1), 1.0), 99.0) / 100))
                    counted = i < len(everyone) - uncounted
                    rows.append((code, year, indicator, group, n if counted else "", f"{100 * k / n:.2f}"))
    frame = pd.DataFrame(rows, columns=["organisation", "survey_year", "indicator", "group", "responses", "percent"])
    frame.to_csv(path, index=False, lineterminator="\n")
