"""The sections of a report, named once: the notebooks in reading order and the index page.

A section's name is what the trust uses to write commentary for it
(``DIR/commentary/<section>.md``) and what the runner renders it to
(``<section>.html``). Standard library only: the runner reads this before
deciding whether there is anything to do.
"""
from __future__ import annotations

#: The pack, in reading order: (notebook file stem, title shown to reviewers).
NOTEBOOKS = [
    ("01_summary", "Executive summary"),
    ("02_workforce", "Indicator 1: workforce profile"),
    ("03_recruitment_disciplinary_training", "Indicators 2-4: recruitment, disciplinary and training"),
    ("04_staff_survey", "Indicators 5-8: staff survey"),
    ("05_board", "Indicator 9: board representation"),
    ("06_explore", "Disaggregated ethnicity breakdowns"),
    ("07_quality_assurance", "Quality assurance"),
    ("08_data_notes", "Data notes"),
]
#: The WDES's notebooks (``wreslib/notebooks/wdes/``), in reading order: (file stem, title).
WDES_NOTEBOOKS = [
    ("01_summary", "Executive summary"),
    ("02_workforce", "Metric 1: workforce profile"),
    ("03_recruitment_capability", "Metrics 2 and 3: recruitment and capability"),
    ("04_staff_survey", "Metrics 4 to 9a: staff survey"),
    ("05_board", "Metric 10: board representation"),
]
#: Each standard's notebooks, by code (:mod:`wreslib.standards`): the WRES's are :data:`NOTEBOOKS`.
STANDARD_NOTEBOOKS = {"wres": NOTEBOOKS, "wdes": WDES_NOTEBOOKS}
#: Where each standard's notebooks are, under ``wreslib/notebooks/`` ("": the folder itself, as the WRES's
#: always were), and so where its report goes under ``OUT/<year>/``.
FOLDERS = {"wres": "", "wdes": "wdes"}
#: The landing page (``index.html``), which is not a notebook.
INDEX = "index"
#: Every section name: the index page, then each notebook's stem.
SECTIONS = (INDEX, *(stem for stem, _ in NOTEBOOKS))
