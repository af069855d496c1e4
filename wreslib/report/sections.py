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
#: The WDES report's notebooks (``wreslib/notebooks/wdes/``), published in ``OUT/<year>/wdes/``.
WDES_NOTEBOOKS = [
    ("01_summary", "Executive summary"),
    ("02_workforce", "Metric 1: workforce profile"),
    ("03_recruitment_capability", "Metrics 2 and 3: recruitment and capability"),
    ("04_staff_survey", "Metrics 4 to 9a: staff survey"),
    ("05_board", "Metric 10: board representation"),
]
#: Each standard's notebooks, by the standard's code.
STANDARD_NOTEBOOKS = {"wres": NOTEBOOKS, "wdes": WDES_NOTEBOOKS}
#: The landing page (``index.html``), which is not a notebook.
INDEX = "index"
#: WDES metric 9b: the trust's account of how it lets the voices of Disabled staff be heard (its own
#: words, not a figure), read as the commentary section ``wdes/metric_9b``.
METRIC_9B = "metric_9b"
#: Every section name: the index page, then each notebook's stem; another standard's under its code
#: (``wdes/index``, ``wdes/01_summary`` ..., ``wdes/metric_9b``), as its report sits in ``OUT/<year>/wdes/``.
SECTIONS = (INDEX, *(stem for stem, _ in NOTEBOOKS),
            *(f"{code}/{section}" for code, notebooks in STANDARD_NOTEBOOKS.items() if code != "wres"
              for section in (INDEX, *(stem for stem, _ in notebooks), *((METRIC_9B,) if code == "wdes" else ()))))
