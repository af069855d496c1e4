import math

import pytest

from wreslib.compute.stats import likelihood_ratio, newcombe_difference, percent, wilson_interval


def wilson_by_hand(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize("k, n", [(3, 10), (0, 20), (20, 20), (990, 7422)])
def test_wilson_matches_the_formula(k, n):
    assert wilson_interval(k, n) == pytest.approx(wilson_by_hand(k, n), abs=1e-9)


def test_percent_and_empty_group():
    assert percent(990, 7422) == pytest.approx(13.3387227)  # published: 990 BME of 7,422 = 13%
    assert math.isnan(percent(0, 0))
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_likelihood_ratio_katz_interval_by_hand():
    ratio, low, high = likelihood_ratio(47, 100, 15, 100)
    se = math.sqrt(1 / 47 - 1 / 100 + 1 / 15 - 1 / 100)
    assert ratio == pytest.approx(47 / 15)
    assert low == pytest.approx(math.exp(math.log(47 / 15) - 1.959963984540054 * se))
    assert high == pytest.approx(math.exp(math.log(47 / 15) + 1.959963984540054 * se))


def test_likelihood_ratio_published_example():
    # thechristie WRES 2022: White 46.99% vs BME 14.65% appointed -> 3.2
    ratio, *_ = likelihood_ratio(4699, 10000, 1465, 10000)
    assert round(ratio, 2) == 3.21


@pytest.mark.parametrize("args", [(0, 100, 5, 100), (5, 100, 0, 100), (5, 0, 5, 100), (0, 0, 0, 0)])
def test_likelihood_ratio_undefined_is_nan_never_inf(args):
    assert all(math.isnan(x) for x in likelihood_ratio(*args))


def test_newcombe_difference_hand_values():
    # Newcombe (1998) table II example (a): 56/70 vs 48/80 -> 0.2000 (0.0524, 0.3339)
    d, low, high = newcombe_difference(56, 70, 48, 80)
    assert d == pytest.approx(20.0)
    assert low == pytest.approx(5.24, abs=0.01)
    assert high == pytest.approx(33.39, abs=0.01)
    assert all(math.isnan(x) for x in newcombe_difference(1, 0, 1, 10))
