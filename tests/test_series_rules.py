"""The rules every value of a declared series meets: within its own history, in its declared unit.

Each case's answer is worked by hand from the rule: a value is refused when it stands more than 100
times above its series' median and more than 100 times above the larger of the years beside it,
in a series of five values or more whose median and neighbour are above zero.
"""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.common import as_declared, no_spike


def refused(values: list[float], years: list[int] | None = None) -> list[int]:
    frame = pd.DataFrame({"series": "s", "year": years or range(2000, 2000 + len(values)), "value": values})
    return [int(frame.loc[i, "year"]) - 2000 for i in frame.index if not no_spike(frame, "value", ["series"])[i]]


@pytest.mark.parametrize("values, expected", [
    ([1, 1, 1, 1, 1000], [4]),  # the last year: 1000 > 100 x median 1 and > 100 x its one neighbour 1
    ([1, 1, 1, 1, 100], []),  # 100 is not more than 100 x 1
    ([1, 1, 1, 1, 100.01], [4]),
    ([1, 1, 500, 1, 1], [2]),  # a spike in the middle
    ([1000, 1, 1, 1, 1], [0]),  # and at the start
    ([1, 1, 500, 500, 1, 1], []),  # two years slipped together: each stands beside the other (not caught)
    ([1, 10, 100, 1000, 10000], []),  # a trend: the median is 100, and 10000 is not more than 100 x 100
    ([1, 10, 100, 1000, 100000], []),  # above 100 x the median 100, but not above 100 x the 1000 beside it
    ([1, 10, 100, 1000, 100001], [4]),  # above both
    ([1, 1, 1, 1000], []),  # four values: too short a history to judge
    ([0, 0, 0, 0, 5], []),  # a median of zero judges nothing
    ([-1, -1, -1, -1, -1000], [4]),  # magnitudes: a slip below zero too
    ([2, 2, 2, 2, 2, 2, 0.001], []),  # far below: only a value above its history is refused
    ([1, 1, math.nan, 1, 1, 1000], [5]),  # a missing value is not a neighbour's zero, and not counted
    ([1, 1, 1, 1, math.inf], [4]),  # an infinite value is refused here too (`finite` also refuses it)
])
def test_a_value_within_its_history(values, expected):
    assert refused(values) == expected


def test_the_order_of_the_rows_is_not_the_order_of_the_years():
    assert refused([1000, 1, 1, 1, 1], years=[2004, 2000, 2001, 2002, 2003]) == [4]


def test_each_series_is_judged_on_its_own_history():
    frame = pd.DataFrame({"series": ["big"] * 5 + ["small"] * 5, "year": list(range(5)) * 2,
                          "value": [1e6, 1e6, 1e6, 1e6, 1e6, 1, 1, 1, 1, 1e5]})
    assert list(no_spike(frame, "value", ["series"])) == [True] * 9 + [False]


@pytest.mark.parametrize("units, expected", [
    (["Mt", "EJ"], [True, True]),
    (["kt", "EJ"], [False, True]),  # production in kilotonnes where megatonnes are declared
    (["Mt", None], [True, False]),
])
def test_a_unit_as_declared(units, expected):
    frame = pd.DataFrame({"indicator": ["coal_production", "coal_exports_energy"], "unit": units})
    assert list(as_declared(frame, "unit", "indicator", {"coal_production": "Mt", "coal_exports_energy": "EJ"})) \
        == expected


def test_an_indicator_nobody_declared_is_refused():
    frame = pd.DataFrame({"indicator": ["coal_reserves"], "unit": ["Mt"]})
    assert list(as_declared(frame, "unit", "indicator", {"coal_production": "Mt"})) == [False]


@given(st.lists(st.floats(min_value=0.01, max_value=1e6), min_size=5, max_size=30),
       st.floats(min_value=1e-6, max_value=1e6))
def test_a_change_of_unit_for_the_whole_series_refuses_the_same_rows(values, factor):
    # the rule compares a series with itself: megatonnes or tonnes throughout, the same values stand out
    assert refused(values) == refused([value * factor for value in values]) or any(
        math.isclose(a, 100 * b, rel_tol=1e-9) for a in values for b in values)
