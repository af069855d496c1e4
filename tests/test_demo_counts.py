"""The shipped demo counts reproduce the seed report's ESR table at its printed precision."""
import pandas as pd
import pytest

from helpers import REPO, pick, read_results
from wreslib.inputs.counts import write_counts
from wreslib.demo.trust import demo_counts

DEMO_COUNTS = REPO / "data" / "demo" / "counts.csv"

# (indicator, breakdown, metric, printed value, decimals, printed change from 2023, change decimals)
SEED_ESR_TABLE = [
    (1, "Overall", "bme_percent", 62.70, 2, 1.5, 1),
    (1, "Non-clinical", "bme_percent", 62.50, 2, 0.6, 1),
    (1, "Clinical", "bme_percent", 67.40, 2, 2.3, 1),
    (1, "Medical and Dental", "bme_percent", 47, 0, -0.2, 1),
    (1, "Overall including bank", "bme_percent", 60.1, 1, 1.27, 2),
    (2, "All", "relative_likelihood", 1.32, 2, -0.04, 2),
    (2, "All", "distance_from_equity", 0.32, 2, None, None),
    (3, "single-year", "relative_likelihood", 1.5, 1, -0.85, 2),
    (3, "single-year", "distance_from_equity", 0.5, 1, None, None),
    (4, "All", "relative_likelihood", 1.24, 2, -0.03, 2),
    (4, "All", "distance_from_equity", 0.24, 2, None, None),
    (9, "All", "difference_pp", -33, 0, None, None),
    (9, "Executive", "difference_pp", -43, 0, None, None),
    (9, "Voting", "difference_pp", -33, 0, None, None),
]


@pytest.fixture(scope="module")
def demo_results():
    from wreslib.cli import main
    import io, contextlib
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["indicators", "--counts", str(DEMO_COUNTS)]) == 0
    return read_results(buffer.getvalue())


@pytest.mark.parametrize("indicator, breakdown, metric, printed, decimals, change, change_decimals", SEED_ESR_TABLE)
def test_seed_esr_table(demo_results, indicator, breakdown, metric, printed, decimals, change, change_decimals):
    value = pick(demo_results, 2024, indicator, breakdown, metric)
    assert f"{value:.{decimals}f}" == f"{printed:.{decimals}f}"
    if change is not None:
        assert f"{pick(demo_results, 2024, indicator, breakdown, metric, 'change'):.{change_decimals}f}" == \
            f"{change:.{change_decimals}f}"


def test_seed_indicator_9_changes_are_inconsistent_with_indicator_1(demo_results):
    # Documented in wreslib.demo.trust: the seed prints +3.2 / -15.1, which no board of
    # up to 25 members reproduces together with the +1.5 of indicator 1.
    assert f"{pick(demo_results, 2024, 9, 'All', 'difference_pp', 'change'):.1f}" == "3.5"
    assert f"{pick(demo_results, 2024, 9, 'Executive', 'difference_pp', 'change'):.1f}" == "-14.8"


def test_shipped_counts_file_is_what_the_generator_makes(tmp_path):
    write_counts(demo_counts(), tmp_path / "counts.csv")
    assert (tmp_path / "counts.csv").read_bytes() == DEMO_COUNTS.read_bytes()


def test_demo_has_five_years_of_about_15000_staff(demo_results):
    assert sorted(demo_results["year"].unique()) == [2020, 2021, 2022, 2023, 2024]
    staff = pick(demo_results, 2024, 1, "Overall", "bme_percent", "denominator")
    assert 14000 <= staff <= 16000
