"""The source-state rules of warehouse/freshness.py, from a table of cases worked out by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warehouse.freshness import STATES, Carried, Declared, fetch_alerts, judge
from warehouse.snapshots import FetchOutcome

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
ANNUAL = Declared(max_age_days=400, max_lag_years=2, fetched_live=True)  # Comtrade-like: latest year <= 2 behind
BY_HAND = Declared(max_age_days=400, max_lag_years=3, fetched_live=False)  # Atlas-like: recorded by hand
TEXT = Declared(max_age_days=120, max_lag_years=None, fetched_live=False)  # published figures: no period
NEVER = Carried()
FAILED_YESTERDAY = Carried(last_fetched_at=NOW - 30 * 24 * HOUR, last_failed_at=NOW - 24 * HOUR,
                           last_failure="HTTP 500", state="fetch_failing", last_alerted_at=NOW - 24 * HOUR)
FAILED_AN_HOUR_AGO = FAILED_YESTERDAY.__class__(**{**FAILED_YESTERDAY.__dict__, "last_failed_at": NOW - HOUR,
                                                   "last_alerted_at": NOW - HOUR})
FETCHED_LAST_WEEK = Carried(last_fetched_at=NOW - 7 * 24 * HOUR, state="fresh")


def outcome(status: str) -> FetchOutcome:
    return FetchOutcome("src", status, error="src: GET http://h/x answered HTTP 503" if status == "failed" else None)


# (declared, carried, this run's fetch, latest period, recorded days ago) -> state, and why (worked by hand)
CASES = [
    # 2026 - 2024 = 2 <= 2: fresh, but never fetched live -> offline
    (ANNUAL, NEVER, "offline", "2024", 6, "offline"),
    # fetched live this run, 2 years behind: fresh
    (ANNUAL, NEVER, "fetched", "2024", 6, "fresh"),
    # a 304 confirms the data as much as new bytes do
    (ANNUAL, FETCHED_LAST_WEEK, "unchanged", "2024", 6, "fresh"),
    # 2026 - 2023 = 3 > 2: outdated, even though fetched this run and recorded today
    (ANNUAL, NEVER, "fetched", "2023", 0, "outdated"),
    # the IEA response ending in 2000: 26 years behind, outdated, never 'offline'
    (ANNUAL, NEVER, "offline", "2000", 6, "outdated"),
    # projections reach past this year (WEO to 2029): fresh
    (ANNUAL, FETCHED_LAST_WEEK, "offline", "2029", 6, "fresh"),
    # failing this run wins over fresh data
    (ANNUAL, FETCHED_LAST_WEEK, "failed", "2025", 6, "fetch_failing"),
    # an offline run after a failure keeps it: the failure is later than the last success
    (ANNUAL, FAILED_YESTERDAY, "offline", "2025", 6, "fetch_failing"),
    # a success after the failure ends it
    (ANNUAL, FAILED_YESTERDAY, "fetched", "2025", 6, "fresh"),
    # recorded by hand, never fetchable: not 'offline'; 2026 - 2023 = 3 <= 3
    (BY_HAND, NEVER, "manual", "2023", 300, "fresh"),
    (BY_HAND, NEVER, "manual", "2020", 8, "outdated"),
    # a source declaring a lag whose data lands with no period: outdated, it cannot be shown current
    (ANNUAL, NEVER, "offline", None, 1, "outdated"),
    # no period declared: the recording's age decides; 120 days is still within 120
    (TEXT, NEVER, "manual", "mid-2010s", 120, "fresh"),
    (TEXT, NEVER, "manual", "mid-2010s", 121, "outdated"),
]


@pytest.mark.parametrize("declared, carried, status, period, recorded_days, expected", CASES)
def test_a_source_state_follows_the_rules(declared, carried, status, period, recorded_days, expected):
    state = judge("src", declared, carried, outcome(status), period, NOW - timedelta(days=recorded_days), NOW)
    assert state.state == expected, state.state_rule


def test_the_rule_says_the_numbers_that_set_the_state():
    iea = judge("iea", ANNUAL, NEVER, outcome("offline"), "2000", NOW, NOW)
    assert iea.state_rule == "latest period 2000 is 26 years behind 2026 (at most 2 allowed)"
    failing = judge("src", ANNUAL, FAILED_YESTERDAY, outcome("offline"), "2025", NOW, NOW)
    assert failing.state_rule == ("the last live fetch failed at 2026-12-04 12:00 UTC (last success 2026-11-05 12:00 "
                                  "UTC): HTTP 500")
    assert (failing.last_failed_at, failing.last_failure) == (FAILED_YESTERDAY.last_failed_at, "HTTP 500")


# (carried, this run's fetch) -> alert kinds raised, and whether a repeat is noted (worked by hand)
ALERTS = [
    (NEVER, "failed", ["fetch_failed"], False),
    (FETCHED_LAST_WEEK, "failed", ["fetch_failed"], False),
    (FAILED_AN_HOUR_AGO, "failed", [], True),  # alerted an hour ago: held back, noted
    (FAILED_YESTERDAY, "failed", ["fetch_failed"], False),  # a day has passed: alerted again
    (FAILED_YESTERDAY, "fetched", ["fetch_recovered"], False),
    (FAILED_YESTERDAY, "unchanged", ["fetch_recovered"], False),
    (FAILED_YESTERDAY, "offline", [], False),  # an offline run knows nothing new
    (FETCHED_LAST_WEEK, "fetched", [], False),
    (NEVER, "manual", [], False),
]


@pytest.mark.parametrize("carried, status, kinds, noted", ALERTS)
def test_a_fetch_raises_its_alerts_at_most_once_a_day(carried, status, kinds, noted):
    state = judge("src", ANNUAL, carried, outcome(status), "2025", NOW, NOW)
    raised, note = fetch_alerts("r1", carried, state, outcome(status), "h:8080", NOW)
    assert [alert.kind for alert in raised] == kinds
    assert (note is not None) == noted
    if kinds == ["fetch_failed"]:
        assert raised[0].message == ("src: the live fetch from h:8080 failed, so it was built from its snapshots: "
                                     "GET http://h/x answered HTTP 503")
    if kinds == ["fetch_recovered"]:
        assert raised[0].severity == "info"


@given(lag=st.integers(min_value=0, max_value=50), year=st.integers(min_value=1900, max_value=2100),
       fetched=st.sampled_from(["fetched", "unchanged", "offline", "manual", "failed"]))
def test_every_judgement_is_one_of_the_four_states_and_a_failure_always_shows(lag, year, fetched):
    declared = Declared(400, lag, True)
    state = judge("src", declared, NEVER, outcome(fetched), str(year), NOW, NOW)
    assert state.state in STATES
    assert (state.state == "fetch_failing") == (fetched == "failed")
    if fetched != "failed":
        assert (state.state == "outdated") == (2026 - year > lag)
