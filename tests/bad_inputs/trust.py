"""A tiny valid trust folder, built in code, for the bad-input corpus.

Two reporting years (2023, 2024), 20 staff, every file type: the year
folders (workforce with ESR headers mapped by ``wres.toml``), ``counts.csv``,
``survey.csv``, ``survey_responses.csv`` and ``published.csv``. A case of
the corpus is this folder plus one mutation of :func:`trust_files`'s dict.
"""
from __future__ import annotations

from pathlib import Path

YEARS = (2023, 2024)

TOML = """\
[trust]
name = "Tiny NHS Trust"

[columns.workforce]
staff_id = "Employee Number"
ethnicity = "Ethnic Origin"
pay_band = "Pay Band"
staff_group = "Staff Group"
contract_type = "Assignment Category"
"""

#: (ethnicity, pay band, staff group, contract type) of staff 1-20; 20 is bank-only.
STAFF = [
    ("A White - British", "Band 5", "Nursing and Midwifery Registered", "Permanent"),
    ("N Black or Black British - African", "Band 5", "Nursing and Midwifery Registered", "Permanent"),
    ("H Asian or Asian British - Indian", "Band 6", "Nursing and Midwifery Registered", "Permanent"),
    ("A White - British", "Band 6", "Allied Health Professionals", "Permanent"),
    ("C3", "Band 3", "Additional Clinical Services", "Fixed Term Temp"),
    ("M", "Band 3", "Additional Clinical Services", "Permanent"),
    ("A", "Band 2", "Estates and Ancillary", "Permanent"),
    ("R", "Band 4", "Administrative and Clerical", "Permanent"),
    ("Z Not Stated", "Band 7", "Administrative and Clerical", "Permanent"),
    ("A", "Band 8 - Range A", "Administrative and Clerical", "Permanent"),
    ("K", "Band 8 - Range B", "Administrative and Clerical", "Permanent"),
    ("A", "VSM", "Administrative and Clerical", "Permanent"),
    ("A", "Consultant", "Medical and Dental", "Permanent"),
    ("H", "Consultant", "Medical and Dental", "Permanent"),
    ("L", "Specialty Doctor", "Medical and Dental", "Permanent"),
    ("B", "ST3", "Medical and Dental", "Fixed Term Temp"),
    ("J", "FY1", "Medical and Dental", "Fixed Term Temp"),
    ("A", "Band 5", "Nursing and Midwifery Registered", "Permanent"),
    ("N", "Band 2", "Additional Clinical Services", "Permanent"),
    ("A", "Band 3", "Additional Clinical Services", "Bank"),
]


def workforce(year: int) -> str:
    rows = [f"{year % 100}{i:03d},{eth},{band},{group},{contract}\n"
            for i, (eth, band, group, contract) in enumerate(STAFF, start=1)]
    return "Employee Number,Ethnic Origin,Pay Band,Staff Group,Assignment Category\n" + "".join(rows)


def recruitment(year: int) -> str:
    rows = [("White British", "Y", "Y"), ("White British", "Y", "N"), ("White British", "N", "N"),
            ("Indian", "Y", "Y"), ("Indian", "Y", "N"), ("Indian", "N", "N"), ("Black African", "Y", "N"),
            ("Black African", "N", "N"), ("Chinese", "Y", "N"), ("Not stated", "N", "N")]
    return "application_id,ethnicity,shortlisted,appointed\n" + "".join(
        f"A{year}{i:02d},{eth},{s},{a}\n" for i, (eth, s, a) in enumerate(rows, start=1))


def disciplinary(year: int) -> str:
    return ("case_id,staff_id,ethnicity,date_entered\n"
            f"C{year}1,{year % 100}002,N,{year - 1}-06-01\n"
            f"C{year}2,{year % 100}004,A,{year - 1}-09-15\n"
            f"C{year}3,{year % 100}006,M,01/02/{year}\n")


def training(year: int) -> str:
    return ("staff_id,course,date\n" + "".join(
        f"{year % 100}{i:03d},Leadership,{year - 1}-0{m}-01\n" for i, m in ((1, 5), (3, 6), (4, 7), (7, 8), (14, 9))))


def board(year: int) -> str:
    return ("member_id,ethnicity,voting,executive\n"
            f"B{year}1,White British,Y,Y\nB{year}2,White British,Y,N\nB{year}3,Indian,Y,Y\nB{year}4,Black African,N,N\n")


COUNTS = """\
year,indicator,measure,breakdown,ethnicity,count
2024,1,headcount,Clinical|Band 5,White,12
2024,1,headcount,Clinical|Band 5,BME,9
2024,2,shortlisted,,White,20
2024,2,shortlisted,,BME,15
2024,2,appointed,,White,4
2024,2,appointed,,BME,3
2024,9,board_members,All,White,3
2024,9,board_members,All,BME,1
"""

SURVEY = """\
survey_year,indicator,group,occupation,responses,percent,benchmark_percent
2023,6,White,,120,25.00,22.37
2023,6,All other ethnic groups,,80,30.00,27.10
"""

#: Respondents to the 2022 survey (indicators 5-8 from Q14a, Q14b/Q14c, Q15, Q16b).
RESPONSES = "survey_year,respondent_id,ethnicity,occupation,Q14a,Q14b,Q14c,Q15,Q16b\n" + "".join(
    f"2022,{i},{'White British' if i % 2 else 'Indian'},{'Nursing' if i % 3 else 'Admin'},"
    f"{'Never' if i % 4 else '1-2'},Never,{'3-5' if i % 5 == 0 else 'Never'},{'Yes' if i % 2 else 'No'},No\n"
    for i in range(1, 25))

PUBLISHED = """\
year,indicator,breakdown,metric,value,source
2024,1,Overall,bme_percent,40.00,Summary
2024,9,All,white_percent,50.00,Summary
"""


def trust_files() -> dict[str, bytes]:
    """Every file of the tiny trust: relative path -> bytes (UTF-8)."""
    files = {"wres.toml": TOML, "counts.csv": COUNTS, "survey.csv": SURVEY, "survey_responses.csv": RESPONSES,
             "published.csv": PUBLISHED}
    for year in YEARS:
        for name, make in (("workforce", workforce), ("recruitment", recruitment), ("disciplinary", disciplinary),
                           ("training", training), ("board", board)):
            files[f"{year}/{name}.csv"] = make(year)
    return {path: text.encode("utf-8") for path, text in files.items()}


def write_trust(root: Path, files: dict[str, bytes | None] | None = None) -> Path:
    """Write ``files`` (default: the valid trust) under ``root``; a value of None is left out."""
    for rel, data in (trust_files() if files is None else files).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
    return root
