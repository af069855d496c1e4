"""Demo staff survey data for the fictional "Demo NHS Trust", survey years 2019-2023.

Two files, written by :func:`write_survey_demo` (deterministic: no random
numbers, only SHA-256 of fixed strings, so every run is byte-identical):

``survey.csv``
    The seed report's published staff survey figures exactly as printed: the
    appendix tables for indicators 6, 7 and 8 (2019-2023: "Your org",
    "Average", "Responses" for White staff and all other ethnic groups), and
    indicator 5 for 2023 (31.49% White, 30.92% BME; averages 24.66% and
    28.58%; the seed prints no number of responses for it). Indicator 5 for
    2022 is not printed in the seed; its values here (36.99% White, 34.02%
    BME) are DERIVED from the 2023 figures and the summary table's "Change
    from 2022" (5.5 and 3.1 percentage point decreases), which the file's
    ``note`` column says.

``survey_responses.csv``
    Synthetic respondents (not real people) whose answers reproduce every
    figure of ``survey.csv`` that has a number of responses (same counts, so
    the same percentages to 2 dp), indicator 5 for 2022 and 2023 at the
    figures above (with synthetic numbers of responses, since the seed has
    none), and the disaggregated 2023 figures the seed's appendix quotes:

    - Q15 (indicator 7): White British 63.34, Any other White 50.16, Indian
      56.20, Chinese 56.15, Any other Asian 55.92, Any other Black 28.42,
      Caribbean 39.23, White and Black Caribbean 39.34 (the three lowest of
      the BME categories, as the text says);
    - Q16b (indicator 8): Irish 12.07, Any other White 14.70, White and
      Asian 12.00 (printed "12%"), Indian 11.51, African 14.29, Caribbean
      12.69, Any other Black 20.41, White and Black African 20.00, Any other
      ethnic group 19.93 (the three highest BME categories; every Asian
      category below Any other White);
    - Q14b / Q14c: managers 11.68% White, 10.48% BME; colleagues 21.10%
      White, 22.05% BME;
    - Q14a (indicator 5) by occupation: White Nursing and Healthcare
      Assistants 40.19, Medical and Dental 38.22, Registered Nurses and
      Midwives 37.18; BME Registered Nurses and Midwives 41.52, Nursing and
      Healthcare Assistants 41.39, Medical and Dental 38.91 (the three
      highest occupations of each group);
    - indicator 6 by ethnic category, in the order the text gives (no
      figures printed): White and Black Caribbean, White and Black African,
      White Irish, Any other Black, then every other category.

    Indicator 5 has no answers before survey 2022 (the seed gives no figures).
    In 2019 only seven respondents are "White and Black African", so that
    category is suppressed in the demo's 2019 breakdowns.

Figures of the seed not reproduced (see the README): the ICS-level and
regional benchmarks, the Q16c ethnicity-grounds figures by professional group
(ICS level), the summary table's 28.1% BME national average for indicator 5
(the appendix says 28.58%) and its "1.6% decrease" for indicator 8 BME (the
tables give 13.59 - 15.28 = -1.69).
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd

from ..compute.survey import QUESTIONS, questions_for

TRUST_NAME = "Demo NHS Trust"
SURVEY_YEARS = (2019, 2020, 2021, 2022, 2023)
WHITE_LABEL, BME_LABEL = "White", "All other ethnic groups"

#: The seed's appendix tables: indicator -> group -> per survey year 2019-2023
#: (Your org %, Average %, Responses), as printed.
SEED_TABLES: dict[int, dict[str, list[tuple[str, str, int]]]] = {
    6: {
        WHITE_LABEL: [("29.60", "24.44", 2716), ("28.63", "24.37", 2578), ("30.21", "23.65", 2592),
                      ("27.82", "23.25", 2868), ("25.71", "22.37", 3042)],
        BME_LABEL: [("28.10", "28.39", 2605), ("30.09", "29.07", 2682), ("31.45", "28.53", 2785),
                    ("28.93", "28.81", 4304), ("25.77", "26.20", 5119)],
    },
    7: {
        WHITE_LABEL: [("60.23", "60.00", 2718), ("56.95", "59.39", 2581), ("55.78", "58.64", 2594),
                      ("58.28", "58.65", 2869), ("59.08", "58.84", 3045)],
        BME_LABEL: [("46.36", "46.62", 2612), ("42.83", "45.24", 2690), ("41.20", "44.56", 2794),
                    ("47.82", "47.00", 4287), ("49.55", "49.64", 5102)],
    },
    8: {
        WHITE_LABEL: [("7.04", "5.85", 2686), ("9.50", "6.09", 2557), ("10.53", "6.67", 2584),
                      ("9.90", "6.52", 2848), ("9.51", "6.73", 3029)],
        BME_LABEL: [("12.94", "14.14", 2574), ("16.65", "16.77", 2660), ("16.33", "17.28", 2755),
                    ("15.28", "17.33", 4273), ("13.59", "16.17", 5085)],
    },
}
#: Indicator 5: survey year -> group -> (Your org %, Average % or "", note).
SEED_INDICATOR_5 = {
    2022: {WHITE_LABEL: ("36.99", "", "derived, not printed in the seed: 2023's 31.49 plus the summary table's "
                                      "5.5 decrease from 2022"),
           BME_LABEL: ("34.02", "", "derived, not printed in the seed: 2023's 30.92 plus the summary table's "
                                    "3.1 decrease from 2022")},
    2023: {WHITE_LABEL: ("31.49", "24.66", ""), BME_LABEL: ("30.92", "28.58", "")},
}

W, B, U = "White", "BME", "Unknown"
#: Ethnicity labels written to the respondent file, by NHS code.
LABELS = {
    "A": "White British", "B": "White Irish", "C": "White Other", "D": "White and Black Caribbean",
    "E": "White and Black African", "F": "White and Asian", "G": "Mixed Other", "H": "Indian",
    "J": "Pakistani", "K": "Bangladeshi", "L": "Asian Other", "M": "Black Caribbean", "N": "Black African",
    "P": "Black Other", "R": "Chinese", "S": "Other ethnic group", "Z": "Prefer not to say", "99": "",
}
CATEGORY_SHARES = {
    W: {"A": 0.645, "B": 0.04, "C": 0.315},
    B: {"D": 0.025, "E": 0.02, "F": 0.025, "G": 0.03, "H": 0.24, "J": 0.05, "K": 0.03, "L": 0.12, "M": 0.08,
        "N": 0.18, "P": 0.035, "R": 0.03, "S": 0.06},
    U: {"Z": 0.7, "99": 0.3},
}
OCCUPATIONS = ["Registered Nurses and Midwives", "Nursing and Healthcare Assistants", "Medical and Dental",
               "Allied Health Professionals", "Scientific and Technical", "Admin and Clerical",
               "Estates and Ancillary", "General Management"]
OCCUPATION_SHARES = {
    W: [0.22, 0.06, 0.16, 0.12, 0.08, 0.24, 0.04, 0.08],
    B: [0.36, 0.09, 0.10, 0.08, 0.06, 0.22, 0.05, 0.04],
    U: [0.25, 0.08, 0.12, 0.10, 0.07, 0.25, 0.05, 0.08],
}
UNKNOWN_RESPONDENTS = {2019: 45, 2020: 50, 2021: 55, 2022: 70, 2023: 85}
UNKNOWN_RATES = {5: 0.32, 6: 0.27, 7: 0.52, 8: 0.12}
#: Respondents beyond the largest published number of responses (answering none or only some questions).
MARGIN = {W: 40, B: 70}
SMALL_CELLS = {(2019, "E"): 7}  # shows suppression in the demo

#: 2023 figures the seed's appendix quotes: indicator -> group -> category or occupation -> percent.
QUOTED_CATEGORIES = {
    7: {W: {"A": "63.34", "C": "50.16"},
        B: {"H": "56.20", "R": "56.15", "L": "55.92", "P": "28.42", "M": "39.23", "D": "39.34"}},
    8: {W: {"B": "12.07", "C": "14.70"},
        B: {"F": "12.00", "H": "11.51", "N": "14.29", "M": "12.69", "P": "20.41", "E": "20.00", "S": "19.93"}},
}
QUOTED_OCCUPATIONS = {
    5: {W: {"Nursing and Healthcare Assistants": "40.19", "Medical and Dental": "38.22",
            "Registered Nurses and Midwives": "37.18"},
        B: {"Registered Nurses and Midwives": "41.52", "Nursing and Healthcare Assistants": "41.39",
            "Medical and Dental": "38.91"}},
}
#: Indicator 6 2023, order only (the text gives no figures): rates for the named categories.
ORDERED_CATEGORIES_6 = {"D": 0.40, "E": 0.37, "B": 0.34, "P": 0.31}
#: Q14b (managers) and Q14c (colleagues) 2023, the appendix's figures.
QUOTED_6_PARTS = {W: ("11.68", "21.10"), B: ("10.48", "22.05")}


def _hash(*parts) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:15], 16)


def _k_for(percent: str, n: int) -> int | None:
    """The whole number k with 100 k / n showing as ``percent`` (2 dp), or None."""
    p = float(percent)
    for k in (round(p * n / 100) + d for d in (0, -1, 1)):
        if 0 <= k <= n and f"{100 * k / n:.2f}" == f"{p:.2f}":
            return k
    return None


def _apportion(total: int, weights: dict, caps: dict | None = None) -> dict:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each at most its cap."""
    parts = {key: 0 for key in weights}
    remaining, active = total, {k: w for k, w in weights.items() if w > 0}
    while remaining > 0 and active:
        wsum = sum(active.values())
        exact = {k: remaining * w / wsum for k, w in active.items()}
        add = {k: math.floor(v) for k, v in exact.items()}
        order = sorted(exact, key=lambda k: (add[k] - exact[k], list(weights).index(k)))
        for k in order[: remaining - sum(add.values())]:
            add[k] += 1
        for k, a in add.items():
            cap = None if caps is None else caps[k]
            if cap is not None:
                a = min(a, cap - parts[k])
            parts[k] += a
            remaining -= a
        active = {k: w for k, w in active.items() if caps is None or parts[k] < caps[k]}
    if remaining:
        raise RuntimeError("cannot apportion within caps")  # pragma: no cover
    return parts


def _fit(size: int, targets: dict[int, str], skip_rate: dict[int, float],
         cap: dict[int, int] | None = None) -> dict[int, tuple[int, int]] | None:
    """Per indicator, (n answering, k positive) with 100 k / n showing as the
    target and n = ``size`` minus a skip as close as possible to the group's
    skip rate (at most ``cap``); None if there is none."""
    found = {}
    for indicator, percent in targets.items():
        usual = round(size * skip_rate[indicator])
        top = usual + max(6, size // 20) if cap is None else min(cap[indicator], size - 1)
        for skip in sorted(range(0, top + 1), key=lambda s: (abs(s - usual), s)):
            k = _k_for(percent, size - skip)
            if k is not None:
                found[indicator] = (size - skip, k)
                break
        else:
            return None
    return found


def _find_cell(desired: int, targets: dict[int, str], skip_rate: dict[int, float]):
    """A cell size N near ``desired`` that :func:`_fit` the targets; (N, answers)."""
    for size in sorted(range(max(2, desired // 2), desired * 2), key=lambda s: (abs(s - desired), s)):
        found = _fit(size, targets, skip_rate)
        if found is not None:
            return size, found
    raise RuntimeError(f"no cell size for {targets}")  # pragma: no cover


def _n_for(percent: str, near: int) -> tuple[int, int]:
    for n in sorted(range(near - 60, near + 60), key=lambda s: (abs(s - near), s)):
        k = _k_for(percent, n)
        if k is not None:
            return n, k
    raise RuntimeError("no n")  # pragma: no cover


def _year_targets(year: int) -> dict[str, dict[int, tuple[int, int]]]:
    """Group -> indicator -> (n answering, k positive) for one survey year."""
    out: dict[str, dict[int, tuple[int, int]]] = {W: {}, B: {}}
    for indicator, table in SEED_TABLES.items():
        for label, group in ((WHITE_LABEL, W), (BME_LABEL, B)):
            percent, _, n = table[label][year - 2019]
            out[group][indicator] = (n, _k_for(percent, n))
    if year in SEED_INDICATOR_5:
        for label, group in ((WHITE_LABEL, W), (BME_LABEL, B)):
            near = max(n for n, _ in out[group].values()) + 5
            out[group][5] = _n_for(SEED_INDICATOR_5[year][label][0], near)
    return out


def _cells(year, group, total, shares, quoted, n_by_indicator):
    """Cell sizes summing to ``total``: quoted cells sized by :func:`_find_cell`, the rest by share."""
    wsum = sum(shares.values())
    skip_rate = {q: (total - n) / total for q, (n, _) in n_by_indicator.items()}
    sizes, answers = {}, {}
    # Without an unquoted cell to take up the rest, the largest quoted cell does.
    last = max(shares, key=shares.get) if set(quoted) >= set(shares) else None
    for cell, targets in quoted.items():
        if cell != last:
            sizes[cell], answers[cell] = _find_cell(round(total * shares[cell] / wsum), targets, skip_rate)
    if last is not None:
        sizes[last] = total - sum(sizes.values())
        # Leave the cells free for an indicator their share of its skips.
        cap = {}
        for q in quoted[last]:
            free = sum(sizes.get(c, 0) for c in shares if c != last and q not in quoted.get(c, {}))
            fixed = sum(sizes[c] - answers[c][q][0] for c in answers if q in answers[c])
            cap[q] = total - n_by_indicator[q][0] - fixed - round(free * skip_rate[q])
        answers[last] = _fit(sizes[last], quoted[last], skip_rate, cap)
        if answers[last] is None:
            raise RuntimeError(f"{year} {group}: no fit for {last}")  # pragma: no cover
    for (y, cell), n in SMALL_CELLS.items():
        if y == year and cell in shares:
            sizes[cell] = n
    rest = {c: w for c, w in shares.items() if c not in sizes}
    sizes.update(_apportion(total - sum(sizes.values()), rest))
    return {c: sizes[c] for c in shares}, answers


def _group_answers(year: int, group: str, targets: dict[int, tuple[int, int]]) -> pd.DataFrame:
    """Respondents of one WRES group in one year: code, occupation and, per
    indicator, answered and positive flags meeting ``targets`` exactly."""
    total = (max(n for n, _ in targets.values()) + MARGIN[group]) if group != U else UNKNOWN_RESPONDENTS[year]
    quoted_cat: dict[str, dict[int, str]] = {}
    quoted_occ: dict[str, dict[int, str]] = {}
    if year == 2023 and group != U:
        for indicator, by_group in QUOTED_CATEGORIES.items():
            for cell, percent in by_group[group].items():
                quoted_cat.setdefault(cell, {})[indicator] = percent
        for indicator, by_group in QUOTED_OCCUPATIONS.items():
            for cell, percent in by_group[group].items():
                quoted_occ.setdefault(cell, {})[indicator] = percent
    cat_sizes, cat_answers = _cells(year, group, total, CATEGORY_SHARES[group], quoted_cat, targets)
    occ_sizes, occ_answers = _cells(year, group, total, dict(zip(OCCUPATIONS, OCCUPATION_SHARES[group])),
                                    quoted_occ, targets)
    codes = [c for c, n in cat_sizes.items() for _ in range(n)]
    occupations = [o for o, n in occ_sizes.items() for _ in range(n)]
    occupations = [o for _, o in sorted(enumerate(occupations), key=lambda t: _hash(year, group, "occ", t[0]))]
    frame = pd.DataFrame({"code": codes, "occupation": occupations})
    frame["local"] = [f"{group}{i}" for i in range(len(frame))]
    for indicator in sorted(targets):
        n_total, k_total = targets[indicator]
        by_occ = indicator in QUOTED_OCCUPATIONS and year == 2023 and group != U
        dim, sizes, fixed_answers = ("occupation", occ_sizes, occ_answers) if by_occ else ("code", cat_sizes,
                                                                                            cat_answers)
        fixed = {c: a[indicator] for c, a in fixed_answers.items() if indicator in a}
        skips_left = total - n_total - sum(sizes[c] - n for c, (n, _) in fixed.items())
        if skips_left < 0:
            raise RuntimeError(f"{year} {group} indicator {indicator}: margin too small")  # pragma: no cover
        free = {c: s for c, s in sizes.items() if c not in fixed and s > 0}
        skips = _apportion(skips_left, free, caps={c: s - 1 for c, s in free.items()})
        n_cell = {c: (fixed[c][0] if c in fixed else sizes[c] - skips.get(c, 0)) for c in sizes}
        k_cell = {c: k for c, (_, k) in fixed.items()}
        if indicator == 6 and year == 2023 and group != U:
            for c, rate in ORDERED_CATEGORIES_6.items():
                if c in n_cell:
                    k_cell[c] = round(rate * n_cell[c])
        rest = {c: n_cell[c] * _multiplier(year, indicator, c) for c in sizes if c not in k_cell}
        k_cell.update(_apportion(k_total - sum(k_cell.values()), rest, caps={c: n_cell[c] for c in rest}))
        answered = pd.Series(False, index=frame.index)
        positive = pd.Series(False, index=frame.index)
        for cell, members in frame.groupby(dim, sort=True):
            order = sorted(members.index, key=lambda i: _hash(year, indicator, frame.at[i, "local"]))
            answered[order[: n_cell[cell]]] = True
            positive[order[: k_cell[cell]]] = True
        frame[f"answered{indicator}"] = answered
        frame[f"positive{indicator}"] = positive
    return frame


def _multiplier(year: int, indicator: int, cell: str) -> float:
    """Mild variation between unquoted cells; none where the seed's 2023 text constrains the order."""
    if year == 2023:
        return 1.0
    return 0.85 + 0.3 * (_hash("mult", year, indicator, cell) % 1000) / 1000


def _split_6(year: int, group: str, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Indicator 6 into its two questions (managers, colleagues): who answered
    and who reported harassment at least once in each, keeping the combined
    measure. Returns the answers as 'pos', 'neg' or ''."""
    answered, positive = frame["answered6"], frame["positive6"]
    n6, k6 = int(answered.sum()), int(positive.sum())
    if year == 2023 and group != U:
        pb, pc = QUOTED_6_PARTS[group]
        x = next(x for x in range(0, 200) if _k_for(pb, n6 - x) is not None)
        y = next(y for y in range(0, 200) if _k_for(pc, n6 - y) is not None)
        kb, kc = _k_for(pb, n6 - x), _k_for(pc, n6 - y)
    else:
        x, y = 3 * (group != U), 4 * (group != U)
        kb, kc = round(0.45 * k6), round(0.82 * k6)
    assert kb <= k6 and kc <= k6 and kb + kc >= k6, (year, group)
    b = [""] * len(frame)
    c = [""] * len(frame)
    order = sorted(frame.index[answered], key=lambda i: _hash(year, "six", frame.at[i, "local"]))
    negatives = [i for i in order if not positive[i]]
    positives = [i for i in order if positive[i]]
    for j, i in enumerate(negatives):
        b[i], c[i] = ("", "neg") if j < x else ("neg", "") if j < x + y else ("neg", "neg")
    for j, i in enumerate(positives):
        b[i], c[i] = (("pos", "neg") if j < k6 - kc else ("neg", "pos") if j < (k6 - kc) + (k6 - kb)
                      else ("pos", "pos"))
    return b, c


_FREQUENCY_POSITIVE = [("1-2", 60), ("3-5", 24), ("6-10", 9), ("More than 10", 7)]


def _text(kind: str, flag: str, *key) -> str:
    """Raw answer text for 'pos'/'neg'/'' on a question of the given kind."""
    if flag == "":
        return ""
    h = _hash("answer", *key) % 100
    if kind == "frequency":
        if flag == "neg":
            return "Never"
        for answer, weight in _FREQUENCY_POSITIVE:
            if h < weight:
                return answer
            h -= weight
    if kind == "progression":
        return "Yes" if flag == "pos" else ("Don't know" if h < 30 else "No")
    return "Yes" if flag == "pos" else "No"


def survey_demo_responses() -> pd.DataFrame:
    """The demo's respondent-level file as a frame (all values text)."""
    all_questions = []
    for q in sorted(QUESTIONS, key=lambda q: (q.survey_years[0], q.indicator)):
        all_questions += [c for c in q.questions if c not in all_questions]
    columns = ["survey_year", "respondent_id", "ethnicity", "occupation"] + all_questions
    years = []
    for year in SURVEY_YEARS:
        targets = _year_targets(year)
        targets[U] = {ind: _unknown_target(year, ind) for ind in targets[W]}
        groups = [_group_answers(year, g, targets[g]).assign(group=g) for g in (W, B, U)]
        frame = pd.concat(groups, ignore_index=True)
        out = pd.DataFrame({c: [""] * len(frame) for c in columns})
        out["survey_year"] = str(year)
        out["ethnicity"] = frame["code"].map(LABELS)
        out["occupation"] = frame["occupation"]
        mapping = questions_for(year)
        for indicator, question in mapping.items():
            if f"answered{indicator}" not in frame:
                continue
            if indicator == 6:
                parts = [_split_6(year, g, f.reset_index(drop=True)) for g, f in frame.groupby("group", sort=False)]
                b = sum((p[0] for p in parts), [])
                c = sum((p[1] for p in parts), [])
                for column, flags in zip(question.questions, (b, c)):
                    out[column] = [_text("frequency", f, year, column, loc) for f, loc in zip(flags, frame["local"])]
                continue
            kind = {5: "frequency", 7: "progression", 8: "yes_no"}[indicator]
            flags = ["" if not a else "pos" if p else "neg"
                     for a, p in zip(frame[f"answered{indicator}"], frame[f"positive{indicator}"])]
            out[question.questions[0]] = [_text(kind, f, year, indicator, loc) for f, loc in zip(flags, frame["local"])]
        order = sorted(range(len(frame)), key=lambda i: _hash(year, "id", frame.at[i, "local"]))
        out = out.iloc[order].reset_index(drop=True)
        out["respondent_id"] = [str(i + 1) for i in range(len(out))]
        years.append(out)
    return pd.concat(years, ignore_index=True)[columns]


def _unknown_target(year: int, indicator: int) -> tuple[int, int]:
    n = UNKNOWN_RESPONDENTS[year] - 2 - indicator % 3
    return n, round(UNKNOWN_RATES[indicator] * n)


def survey_demo_published() -> pd.DataFrame:
    """The demo's ``survey.csv`` as a frame (all values text, as printed in the seed)."""
    rows = []
    for year in SURVEY_YEARS:
        if year in SEED_INDICATOR_5:
            for label in (WHITE_LABEL, BME_LABEL):
                percent, average, note = SEED_INDICATOR_5[year][label]
                rows.append((str(year), "5", label, "", "", percent, average, note))
        for indicator, table in SEED_TABLES.items():
            for label in (WHITE_LABEL, BME_LABEL):
                percent, average, n = table[label][year - 2019]
                rows.append((str(year), str(indicator), label, "", str(n), percent, average, ""))
    frame = pd.DataFrame(rows, columns=["survey_year", "indicator", "group", "occupation", "responses", "percent",
                                        "benchmark_percent", "note"])
    wdes = pd.DataFrame([(str(year), metric, group, "", str(n), value, benchmark, "")
                         for year, metrics in DEMO_WDES_SURVEY.items()
                         for metric, groups in metrics.items() for group, (n, value, benchmark) in groups.items()],
                        columns=frame.columns[:-1].tolist() + ["note"])
    return pd.concat([frame.assign(standard=""), wdes.assign(standard="wdes")], ignore_index=True)


#: Synthetic WDES staff survey figures (metrics 4-9a) for the demo, in the range NHS trusts report; not
#: calibrated to any published report. {survey year: {metric: {group: (responses, % or score, benchmark)}}}.
DEMO_WDES_SURVEY = {
    year: {
        "4a-i": {"Disabled": (d, f"{32.4 - k:.1f}", "31.9"), "Non-disabled": (n, f"{25.1 - k:.1f}", "24.6")},
        "4a-ii": {"Disabled": (d, f"{17.8 - k:.1f}", "16.9"), "Non-disabled": (n, f"{10.2 - k:.1f}", "10.1")},
        "4a-iii": {"Disabled": (d, f"{26.5 - k:.1f}", "25.8"), "Non-disabled": (n, f"{17.3 - k:.1f}", "17.0")},
        "4b": {"Disabled": (d, f"{48.9 + k:.1f}", "49.6"), "Non-disabled": (n, f"{47.5 + k:.1f}", "48.2")},
        "5": {"Disabled": (d, f"{50.2 + k:.1f}", "51.3"), "Non-disabled": (n, f"{57.4 + k:.1f}", "57.9")},
        "6": {"Disabled": (d, f"{24.6 - k:.1f}", "23.9"), "Non-disabled": (n, f"{16.8 - k:.1f}", "16.2")},
        "7": {"Disabled": (d, f"{31.7 + k:.1f}", "33.0"), "Non-disabled": (n, f"{42.9 + k:.1f}", "43.8")},
        "8": {"Disabled": (d, f"{72.8 + k:.1f}", "73.6")},
        "9a": {"Disabled": (d, f"{6.4 + k / 10:.1f}", "6.5"), "Non-disabled": (n, f"{6.9 + k / 10:.1f}", "7.0"),
               "All staff": (d + n, f"{6.8 + k / 10:.1f}", "6.9")},
    }
    for year, d, n, k in ((2022, 812, 3954, 0.0), (2023, 866, 3921, 0.8))
}


def write_survey_demo(out_dir: str | Path) -> list[Path]:
    """Write ``survey.csv`` and ``survey_responses.csv`` into ``out_dir``; returns the paths.

    Byte-identical on every run.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "survey.csv", out_dir / "survey_responses.csv"]
    survey_demo_published().to_csv(paths[0], index=False, lineterminator="\n")
    survey_demo_responses().to_csv(paths[1], index=False, lineterminator="\n")
    return paths
