"""The Workforce Disability Equality Standard (WDES): its characteristic and metrics, declared once.

Metrics as in NHS England's WDES technical guidance (the metric list in
``wres-method.md`` is marked unverified there: from memory of the guidance,
not yet checked against the published document). Disabled staff are the
focus group and Non-disabled staff the reference; Unknown (not declared,
prefer not to say, blank, unrecognised) stays in composition denominators
and is left out of ratios, as in the WRES.

- Metric 1: Disabled, Non-disabled and Unknown % of staff by cluster and band
  and overall (no direction).
- Metric 2: relative likelihood of Non-disabled applicants being appointed
  from shortlisting compared with Disabled applicants (Non-disabled rate /
  Disabled rate; closer to 1 is better).
- Metric 3: relative likelihood of Disabled staff entering the formal
  capability process (performance grounds) compared with Non-disabled staff
  (Disabled rate / Non-disabled rate), single-year and two-year rolling.
- Metrics 4-8: staff survey percentages; 4a in three parts (from patients or
  the public, from managers, from other colleagues); metric 8 is asked of
  Disabled staff only.
- Metric 9a: the staff engagement score (0-10, a score, not a percentage).
  Metric 9b is the trust's narrative (commentary), not a figure.
- Metric 10: board minus workforce Disabled %, percentage points (closer to 0
  is better).
"""
from __future__ import annotations

from ..classify.disability import DISABLED, NON_DISABLED, UNKNOWN, classify_disability, unrecognised
from .base import HIGHER, LOWER, Characteristic, Standard, board, composition, likelihood, register, score, survey

#: Disability as the WDES compares it: Disabled staff against Non-disabled staff.
DISABILITY = Characteristic("disability status", reference=NON_DISABLED, focus=DISABLED, unknown=UNKNOWN,
                            metrics={NON_DISABLED: "non_disabled_percent", DISABLED: "disabled_percent",
                                     UNKNOWN: "unknown_percent"},
                            label="disability", column="wdes", classify=classify_disability,
                            unrecognised=unrecognised)

_HARASSMENT = "harassment, bullying or abuse at work"

#: The metrics, keyed by their number as the WDES writes it.
METRICS = {
    "1": composition(DISABILITY, "1", term="Metric"),
    "2": likelihood(DISABILITY, "2", NON_DISABLED, "applicants", "appointment from shortlisting",
                    "be appointed from shortlisting", "being appointed from shortlisting",
                    "appointment from shortlisting", "Appointed from shortlisting", ("appointed", "shortlisted"),
                    term="Metric"),
    "3": likelihood(DISABILITY, "3", DISABLED, "staff", "entering the formal capability process",
                    "enter the formal capability process", "entering the formal capability process",
                    "entering the formal capability process", "Entered formal capability",
                    ("entered_capability", "headcount"), breakdown="single-year", two_year=True, term="Metric"),
    "4a-i": survey(DISABILITY, "4a-i", LOWER, f"{_HARASSMENT} from patients, service users, their relatives or "
                   "other members of the public", "experiencing", "experienced", " in the last 12 months",
                   term="Metric"),
    "4a-ii": survey(DISABILITY, "4a-ii", LOWER, f"{_HARASSMENT} from managers", "experiencing", "experienced",
                    " in the last 12 months", term="Metric"),
    "4a-iii": survey(DISABILITY, "4a-iii", LOWER, f"{_HARASSMENT} from other colleagues", "experiencing",
                     "experienced", " in the last 12 months", term="Metric"),
    "4b": survey(DISABILITY, "4b", HIGHER, f"that they or a colleague reported the last {_HARASSMENT} they "
                 "experienced", "saying", "said", "", term="Metric"),
    "5": survey(DISABILITY, "5", HIGHER, "equal opportunities for career progression or promotion",
                "believing the organisation provides", "believed the organisation provides", "", term="Metric"),
    "6": survey(DISABILITY, "6", LOWER, "pressure from their manager to come to work when not feeling well enough "
                "to perform their duties", "having felt", "felt", " in the last 3 months", term="Metric"),
    "7": survey(DISABILITY, "7", HIGHER, "satisfaction with the extent to which the organisation values their work",
                "reporting", "reported", "", term="Metric"),
    "8": survey(DISABILITY, "8", HIGHER, "that their employer has made adequate adjustment(s) to enable them to "
                "carry out their work", "saying", "said", "", term="Metric", focus_only=True),
    "9a": score(DISABILITY, "9a", "staff engagement score", term="Metric"),
    "10": board(DISABILITY, "10", term="Metric"),
}

#: Metric 9b is not a figure: whether the organisation has taken action to facilitate the voices of
#: Disabled staff, in the trust's own words (its commentary section ``wdes/metric_9b``).
NARRATIVE_TITLE = "Metric 9b: action to facilitate the voices of Disabled staff"

#: The data each metric is computed from, as a sentence says it was not supplied.
DATA_NEEDED = {
    "1": "workforce headcounts by disability",
    "2": "recruitment counts by disability (shortlisted and appointed applicants)",
    "3": "capability counts (staff entering the formal capability process)",
    **{n: "NHS Staff Survey figures" for n in ("4a-i", "4a-ii", "4a-iii", "4b", "5", "6", "7", "8", "9a")},
    "10": "board membership counts by disability",
}

WDES = register(Standard("wdes", "Workforce Disability Equality Standard", "WDES", DISABILITY, METRICS,
                         narrative=NARRATIVE_TITLE, data_needed=DATA_NEEDED))
