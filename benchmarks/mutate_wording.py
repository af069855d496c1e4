"""A hand-made mutation check of the pack's wording and directions.

Applies one targeted mutation at a time (swap higher/lower, better/worse,
> and <, ceil/floor, White/BME in a ratio, drop a ``- 1``) to
``wreslib/standards/``, ``tables.py``, ``narrative.py`` and ``plots.py``
(the WRES's and the WDES's reading of them), runs the wording tests, restores the file and reports
which mutations the tests killed and which survived.

    .venv/bin/python benchmarks/mutate_wording.py [-k SUBSTRING]

Exit status 1 if any mutation survived.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_tables_narrative.py", "tests/test_wording.py", "tests/test_standards.py",
         "tests/test_wdes_counts.py", "tests/test_toy_standard.py", "tests/test_wdes_report.py"]

#: (file, text to find (exactly once), replacement, what the mutation does)
MUTATIONS = [
    ("standards/base.py", "return {self.reference: self.focus, self.focus: self.reference}.get(group, \"\")",
     "return {self.reference: self.reference, self.focus: self.focus}.get(group, \"\")",
     "characteristic: the other group is the group itself"),
    ("standards/base.py", 'return (f"{g.focus} % minus {g.reference} %{where}', 'return (f"{g.reference} % minus {g.focus} %{where}',
     "survey difference described the other way round"),
    ("standards/wdes.py", 'likelihood(DISABILITY, "2", NON_DISABLED,', 'likelihood(DISABILITY, "2", DISABLED,',
     "WDES metric 2 numerator Non-disabled -> Disabled"),
    ("standards/wdes.py", 'likelihood(DISABILITY, "3", DISABLED,', 'likelihood(DISABILITY, "3", NON_DISABLED,',
     "WDES metric 3 numerator Disabled -> Non-disabled"),
    ("standards/wdes.py", '"4b": survey(DISABILITY, "4b", HIGHER,', '"4b": survey(DISABILITY, "4b", LOWER,',
     "WDES metric 4b: higher -> lower is better"),
    ("standards/base.py", 'number, COMPOSITION, NO_DIRECTION, f"{f} % of the workforce"',
     'number, COMPOSITION, LOWER, f"{f} % of the workforce"', "composition given a direction"),
    ("standards/wres.py", "survey(ETHNICITY, 7, HIGHER,", "survey(ETHNICITY, 7, LOWER,", "indicator 7: higher -> lower is better"),
    ("standards/wres.py", "survey(ETHNICITY, 5, LOWER,", "survey(ETHNICITY, 5, HIGHER,", "indicator 5: lower -> higher is better"),
    ("standards/wres.py", "survey(ETHNICITY, 8, LOWER,", "survey(ETHNICITY, 8, HIGHER,", "indicator 8: lower -> higher is better"),
    ("standards/wres.py", "likelihood(ETHNICITY, 2, WHITE,", "likelihood(ETHNICITY, 2, BME,", "indicator 2 numerator White -> BME"),
    ("standards/wres.py", "likelihood(ETHNICITY, 3, BME,", "likelihood(ETHNICITY, 3, WHITE,", "indicator 3 numerator BME -> White"),
    ("standards/wres.py", "likelihood(ETHNICITY, 4, WHITE,", "likelihood(ETHNICITY, 4, BME,", "indicator 4 numerator White -> BME"),
    ("standards/base.py", 'return "better" if value > before else "worse" if value < before else ""',
     'return "worse" if value > before else "better" if value < before else ""', "judge HIGHER: better <-> worse"),
    ("standards/base.py", 'return "better" if value < before else "worse" if value > before else ""',
     'return "better" if value > before else "worse" if value < before else ""', "judge LOWER: < -> >"),
    ("standards/base.py", 'return "closer to equal" if nearer else "further from equal" if further',
     'return "further from equal" if nearer else "closer to equal" if further', "judge crossing: closer <-> further"),
    ("standards/base.py", "nearer, further = round(abs(now), 9) < round(abs(then), 9), round(abs(now), 9) > round(",
     "nearer, further = round(abs(now), 9) > round(abs(then), 9), round(abs(now), 9) < round(",
     "judge distances: < <-> >"),
    ("standards/base.py", "if now * then < 0:", "if now * then > 0:", "judge: crossing test < -> >"),
    ("standards/base.py", "CLOSER_TO_1: 1.0, CLOSER_TO_0: 0.0", "CLOSER_TO_1: 0.0, CLOSER_TO_0: 1.0",
     "targets 1 <-> 0"),
    ("standards/base.py", "        return value - 1\n", "        return 1 - value\n", "distance: ratio - 1 -> 1 - ratio"),
    ("standards/base.py", "        return value - reference\n", "        return reference - value\n",
     "distance: BME - White -> White - BME"),
    ("standards/base.py", "return self.above_one if distance > 0 else", "return self.above_one if distance < 0 else",
     "distance direction: > -> <"),
    ("standards/base.py", "worse = distance > 0 if self.better == LOWER else distance < 0",
     "worse = distance < 0 if self.better == LOWER else distance > 0", "survey distance direction swapped"),
    ("standards/base.py", "fare {'worse' if self.better == LOWER else 'better'}",
     "fare {'worse' if self.better != LOWER else 'better'}", "fare worse/better swapped"),
    ("standards/wres.py", "SURVEY_YEAR_LAG = 1", "SURVEY_YEAR_LAG = 0", "survey year: drop the - 1"),
    ("standards/base.py", "({'better' if self.better == HIGHER else 'worse'} than the benchmark)",
     "({'worse' if self.better == HIGHER else 'better'} than the benchmark)", "benchmark gap better <-> worse"),
    ("standards/base.py", 'return (f"{self.numerator} {self.subjects} were {value} times as likely as {self.denominator}',
     'return (f"{self.denominator} {self.subjects} were {value} times as likely as {self.numerator}',
     "ratio sentence: White <-> BME"),
    ("standards/base.py", 'return f"{self.numerator} / {self.denominator}"', 'return f"{self.denominator} / {self.numerator}"',
     "ratio label: White / BME <-> BME / White"),
    ("standards/base.py", 'return f"{self.numerator} {self.subjects} more likely"',
     'return f"{self.denominator} {self.subjects} more likely"', "above 1 = the other group more likely"),
    ("standards/base.py", '({first} rate / {second} rate)', '({second} rate / {first} rate)',
     "results.csv description: rate order swapped"),
    ("report/tables.py", "{'higher' if change > 0 else 'lower'}", "{'lower' if change > 0 else 'higher'}",
     "fmt_change: higher <-> lower"),
    ("report/tables.py", "judge(value, value - change)", "judge(value, value + change)",
     "fmt_change: previous year = value + change"),
    ("report/tables.py", "    if float(size) == 0:\n        return f\"no change{since}\"",
     "    if False:\n        return f\"no change{since}\"", "fmt_change: rounded zero is not 'no change'"),
    ("report/tables.py", "return text[1:] if float(text) == 0 else text", "return text", "signed: allow -0.00"),
    ("report/tables.py", "    if significant is False:\n", "    if significant is True:\n", "fmt_change: chance test inverted"),
    ("report/tables.py", "return not (low <= 0 <= high)", "return (low <= 0 <= high)", "percent significance inverted"),
    ("report/tables.py", "return abs(z) > Z95", "return abs(z) < Z95", "ratio significance inverted"),
    ("report/tables.py", 'find(results, row["year"] - 1, row["indicator"]', 'find(results, row["year"], row["indicator"]',
     "change significance: drop the - 1"),
    ("report/tables.py", "math.ceil(share / 100 * staff - bme)", "math.floor(share / 100 * staff - bme)",
     "model employer: ceil -> floor"),
    ("report/tables.py", "gap_pp=percent - share", "gap_pp=share - percent", "model employer gap: band - workforce swapped"),
    ("report/tables.py", "distance_from_equity=standard.indicators[indicator].distance(row[\"value\"])",
     "distance_from_equity=row[\"value\"]", "ESR distance repeats the result"),
    ("report/tables.py", "direction = spec.distance_direction(d)\n", "direction = spec.distance_direction(-d)\n",
     "survey distance direction negated"),
    ("report/narrative.py", 'side = "at" if float(gap) == 0 else "below" if diff["value"] < 0 else "above"',
     'side = "at" if float(gap) == 0 else "above" if diff["value"] < 0 else "below"', "board: above <-> below"),
    ("report/narrative.py", 'fmt_change(diff["change"], "pp", indicator=n, value=diff["value"],',
     'fmt_change(diff["change"], "pp", indicator=n, value=-diff["value"],', "board change judged on -value"),
    ("report/narrative.py", "standard.survey_year(year))\n    if spec.focus_only", "year)\n    if spec.focus_only",
     "survey sentence: WRES year as survey year"),
    ("report/narrative.py", 'beyond = not (diff["ci_low"] <= 0 <= diff["ci_high"])', 'beyond = (diff["ci_low"] <= 0 <= diff["ci_high"])',
     "survey gap: chance inverted"),
    ("report/narrative.py", 'text += f" (95% interval {now[\'ci_low\']:.2f} to {now[\'ci_high\']:.2f}"',
     'text += f" (95% interval {now[\'ci_high\']:.2f} to {now[\'ci_low\']:.2f}"', "likelihood interval reversed"),
    ("report/plots.py", 'rows["survey year"] = standard.survey_year(rows["year"])', 'rows["survey year"] = rows["year"]',
     "survey plot axis: drop the - 1"),
    ("report/plots.py", 'ylabel=standard.indicators[indicator].axis_label,\n           xticks=rows["year"]',
     'ylabel="Relative likelihood",\n           xticks=rows["year"]', "likelihood axis label loses its direction"),
    # The report's reading of a standard's groups (WDES: tests/test_wdes_report.py).
    ("report/tables.py", "groups = [(c.focus, d.metric(c.focus))] + ([] if d.focus_only else [(c.reference, "
     "d.metric(c.reference))])", "groups = [(c.reference, d.metric(c.reference))] + ([] if d.focus_only else "
     "[(c.focus, d.metric(c.focus))])", "survey groups: reference <-> focus"),
    ("report/tables.py", "rates = [find(results, year, indicator, breakdown, m) for m in metrics]",
     "rates = [find(results, year, indicator, breakdown, m) for m in metrics[::-1]]",
     "likelihood table: each group's rate under the other's name"),
    ("report/tables.py", "if group != c.focus or spec.kind == SCORE or spec.focus_only:",
     "if group != c.focus or spec.kind == SCORE:", "WDES metric 8 given a distance from equity"),
    ("report/tables.py", 'if kind == "score":\n        return f"{value:.1f}"', 'if kind == "score":\n        return f"{value:.1f}%"',
     "a survey score shown as a percentage"),
    ("report/tables.py", 'unit = "" if kind in ("ratio", "score") else " pp"', 'unit = "" if kind == "ratio" else " pp"',
     "a score's change in percentage points"),
    ("report/tables.py", "metrics = [c.metrics[g] for g in (c.focus, c.reference, c.unknown)]",
     "metrics = [c.metrics[g] for g in (c.reference, c.focus, c.unknown)]", "band table: focus <-> reference"),
    ("report/plots.py", 'sns.barplot(data=data, y="band", x=metric,',
     'sns.barplot(data=data, y="band", x=c.metrics[c.reference],', "band chart shows the reference group"),
    ("report/narrative.py", 'f"{focus[\'value\']:.2f}%", None if spec.focus_only else f"{reference[\'value\']:.2f}%"',
     'f"{reference[\'value\']:.2f}%" if reference is not None else None, f"{focus[\'value\']:.2f}%"',
     "survey sentence: the groups' figures swapped"),
    # Issue 13 (each with the tests that read it; a fifth item names them instead of TESTS):
    ("compute/benchmark.py", "ascending = _direction(indicator) == LOWER",
     "ascending = _direction(indicator) == HIGHER", "survey benchmark: rank 1 the worst for staff",
     ["tests/test_survey_benchmark.py"]),
    ("publish/system_site.py", "events, base = group_columns(spec, group)", "base, events = group_columns(spec, group)",
     "system funnels: events and base swapped", ["tests/test_system.py", "-k", "funnels_show"]),
    ("publish/system.py", "if tuple(k) in hidden}", "if False}",
     "system: a cell an organisation hides shown in the system", ["tests/test_system.py", "-k", "organisation_hides"]),

]


def run_tests(tests: list[str] | None = None) -> bool:
    """True when the tests pass (the mutation survived): ``tests`` (pytest arguments), default :data:`TESTS`."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *(tests or TESTS)],
                          cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only mutations whose description contains this")
    args = parser.parse_args()
    if not run_tests() or not all(run_tests(m[4]) for m in MUTATIONS if len(m) > 4 and args.k in m[3]):
        print("the tests fail before any mutation: fix them first")
        return 2
    survived = []
    chosen = [m for m in MUTATIONS if args.k in m[3]]
    for name, old, new, what, *tests in chosen:
        path = ROOT / "wreslib" / name
        original = path.read_text()
        if original.count(old) != 1:
            print(f"SKIPPED  {name}: {what} (pattern found {original.count(old)} times)")
            survived.append(f"{name}: {what} (not applied)")
            continue
        try:
            path.write_text(original.replace(old, new))
            alive = run_tests(tests[0] if tests else None)
        finally:
            path.write_text(original)
        print(f"{'SURVIVED' if alive else 'killed  '} {name}: {what}", flush=True)
        if alive:
            survived.append(f"{name}: {what}")
    print(f"\n{len(chosen) - len(survived)} of {len(chosen)} mutations killed; {len(survived)} survived"
          + "".join(f"\n  - {s}" for s in survived))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
