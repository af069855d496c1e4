"""A third standard registered from this test module alone runs from a counts file to results.

The toy standard compares women with men. Nothing outside this module knows it: the counts reader
takes its label column and codes from the registry, the counts checks and every figure from its
declaration (groups, which group is the numerator, the measures, the wording).
"""
import pandas as pd
import pytest

from wreslib.compute.indicators import compute_indicators
from wreslib.errors import InputError
from wreslib.inputs.counts import read_counts
from wreslib.standards import REGISTRY
from wreslib.standards.base import Characteristic, Standard, board, composition, likelihood

WOMEN, MEN, UNKNOWN = "Women", "Men", "Unknown"
_LABELS = {"f": WOMEN, "female": WOMEN, "woman": WOMEN, "m": MEN, "male": MEN, "man": MEN, "": UNKNOWN,
           "not known": UNKNOWN}


def classify_sex(values, **_):
    series = pd.Series(list(values), dtype=object).astype(str).str.strip().str.lower()
    return pd.DataFrame({"sex": series.values, "toy": series.map(_LABELS).fillna(UNKNOWN).values,
                         "recognised": series.isin(list(_LABELS)).values}, index=getattr(values, "index", None))


def unrecognised_sex(values, lines, file, column):
    from wreslib.errors import Problem
    bad = ~classify_sex(values)["recognised"]
    return [Problem(file, "F, M or Not known", int(line), column, value)
            for line, value in zip(lines[bad.values], values[bad.values])]


SEX = Characteristic("sex", reference=MEN, focus=WOMEN, unknown=UNKNOWN,
                     metrics={MEN: "men_percent", WOMEN: "women_percent", UNKNOWN: "unknown_percent"},
                     label="sex", column="toy", classify=classify_sex, unrecognised=unrecognised_sex)
TOY = Standard("toy", "Toy Sex Equality Standard", "TSES", SEX, {
    1: composition(SEX, 1),
    2: likelihood(SEX, 2, MEN, "applicants", "appointment from shortlisting", "be appointed from shortlisting",
                  "being appointed from shortlisting", "appointment from shortlisting", "Appointed",
                  ("appointed", "shortlisted")),
    3: board(SEX, 3),
})


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(REGISTRY, "toy", TOY)  # registered for this test only
    return TOY


COUNTS = """\
year,standard,indicator,measure,breakdown,ethnicity,sex,count
2024,toy,1,headcount,Clinical|Band 5,,F,60
2024,toy,1,headcount,Clinical|Band 5,,M,30
2024,toy,1,headcount,Clinical|Band 5,,Not known,10
2024,toy,2,shortlisted,,,F,50
2024,toy,2,shortlisted,,,M,20
2024,toy,2,appointed,,,F,10
2024,toy,2,appointed,,,M,8
2024,toy,3,board_members,All,,F,2
2024,toy,3,board_members,All,,M,8
2024,wres,1,headcount,Clinical|Band 5,White,,9
"""


def pick(results, indicator, breakdown, metric, column="value"):
    rows = results[(results["indicator"] == indicator) & (results["breakdown"] == breakdown)
                   & (results["metric"] == metric)]
    assert len(rows) == 1
    return rows.iloc[0][column]


def test_toy_standard_from_counts_to_results(toy, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS)
    r = compute_indicators(read_counts(path), toy)
    # 1: 60 women of 100 staff (10 not known in the denominator) = 60%.
    assert pick(r, 1, "Overall", "women_percent") == pytest.approx(60.0)
    assert pick(r, 1, "Overall", "unknown_percent") == pytest.approx(10.0)
    # 2: men 8/20 = 40%, women 10/50 = 20%: men / women = 2.00, described from the declaration.
    assert pick(r, 2, "All", "relative_likelihood") == pytest.approx(2.0)
    assert pick(r, 2, "All", "women_percent") == pytest.approx(20.0)
    assert "(Men rate / Women rate); 1.00 = equal, above 1 = Men applicants more likely" in pick(
        r, 2, "All", "relative_likelihood", "description")
    # 3: 2 women of 10 board members = 20% minus 60% = -40 pp.
    assert pick(r, 3, "All", "difference_pp") == pytest.approx(-40.0)
    assert pick(r, 3, "All", "difference_pp", "description").startswith("Board Women % minus workforce Women %")
    assert set(r["metric"]) >= {"board_women_percent", "workforce_women_percent", "men_percent"}
    # the WRES row of the same file is the WRES's alone
    assert pick(compute_indicators(read_counts(path)), 1, "Overall", "white_percent") == pytest.approx(100.0)


def test_toy_rows_checked_from_the_declaration(toy, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS.replace("2024,toy,2,appointed,,,M,8", "2024,toy,2,appointed,,,M,21"))
    with pytest.raises(InputError, match=r"appointed of Men staff in 2024 \(21\) to be at most their shortlisted"):
        read_counts(path)
    path.write_text(COUNTS.replace("2024,toy,1,headcount,Clinical|Band 5,,M,30", "2024,toy,1,headcount,Clinical|Band 5,,X,30"))
    with pytest.raises(InputError, match="line 3, column 'sex': expected F, M or Not known"):
        read_counts(path)


def test_without_registration_the_toy_rows_are_refused(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS)
    assert "toy" not in REGISTRY
    with pytest.raises(InputError, match="column 'sex': expected only the columns year, indicator"):
        read_counts(path)


def test_toy_standard_through_disclosure_and_the_published_site(toy, tmp_path):
    """The toy goes through the one disclosure engine beside the WRES and is published as any
    standard is: results.csv with its code, results.xlsx, an index page in its own words."""
    from types import SimpleNamespace

    from wreslib.publish import pipeline
    from wreslib.publish.site import write_site

    data = tmp_path / "data"
    data.mkdir()
    # 5 men appointed (small), not 8
    (data / "counts.csv").write_text(COUNTS.replace("2024,toy,2,appointed,,,M,8", "2024,toy,2,appointed,,,M,5"))
    made = pipeline.reports(data, 2024)
    assert list(made) == ["wres", "toy"]
    r = made["toy"].results
    # Board: 2 women of 10 members: the percentage is shown, the counts never are.
    assert pick(r, 3, "All", "board_women_percent") == pytest.approx(20.0)
    assert pd.isna(pick(r, 3, "All", "board_women_percent", "numerator"))
    # Appointed: 5 men (small) hidden, and the ratio built on it.
    assert pick(r, 2, "All", "men_percent", "suppressed") and pick(r, 2, "All", "relative_likelihood", "suppressed")
    assert not pick(r, 2, "All", "women_percent", "suppressed")
    config = SimpleNamespace(year=2024, count_threshold=7, survey_threshold=11, trust_name="Toy Trust",
                             data_dir=data)
    write_site(tmp_path / "site" / "toy", r, config, [], standard="toy", others=[("wres", "../")])
    published = pd.read_csv(tmp_path / "site" / "toy" / "results.csv")
    assert set(published["standard"]) == {"toy"} and list(published.columns[:3]) == ["standard", "year", "indicator"]
    page = (tmp_path / "site" / "toy" / "index.html").read_text()
    assert "Toy Trust: Toy Sex Equality Standard 2024" in page and 'href="../index.html"' in page
    assert (tmp_path / "site" / "toy" / "results.xlsx").stat().st_size > 0
