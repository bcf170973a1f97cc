"""The published figures are checked against themselves: a stated change must be what the figures give."""

import duckdb
import pandas as pd
import pytest

from warehouse import settings

TEST = settings.current().models / "tests" / "published_changes_match_their_figures.sql"

# (figure_id, period, value, note), and whether the data test must flag the row, worked by hand
ROWS = [
    (("exports", "2022", 210.9, None), False),
    (("exports", "2023", 212.5, "-3.9% on 2022"), True),  # 212.5 / 210.9 - 1 = +0.76%, not -3.9%
    (("exports_based", "2023", 212.5, "-3.9% on 2022's 221.2 Mt (another count)"), False),  # 212.5 / 221.2 - 1 = -3.93%
    (("production", "2022", 443.6, None), False),
    (("production", "2023", 438.7, "-1.1% on 2022"), False),  # -1.105%: within 0.05 + 0.1
    (("imports", "2016", 22.49, "+14.6% on 2015"), False),  # no 2015 row held: not checked
    (("edge", "2022", 100.0, None), False),
    (("edge", "2023", 105.5, "+5% on 2022"), False),  # 5.5 against 5: within 0.5 + 0.1
    (("over_edge", "2022", 100.0, None), False),
    (("over_edge", "2023", 105.7, "+5% on 2022"), True),  # 5.7 against 5: 0.7 > 0.6
]


def test_a_stated_change_the_figures_do_not_give_is_found():
    con = duckdb.connect()
    con.execute("create schema raw")
    frame = pd.DataFrame([row for row, _ in ROWS], columns=["figure_id", "period", "value", "note"])
    con.register("frame", frame)
    con.execute("create table raw.published_figures as select * from frame")

    flagged = con.execute(TEST.read_text()).df()

    assert sorted(zip(flagged.figure_id, flagged.period)) == sorted(
        (row[0], row[1]) for row, expected in ROWS if expected)
    assert flagged.set_index("figure_id").loc["exports", "computed_change"] == pytest.approx(0.76)


def test_the_recorded_figures_agree_with_their_stated_changes(recorded_warehouse):
    with duckdb.connect(str(recorded_warehouse[0]), read_only=True) as con:
        assert con.execute(TEST.read_text()).fetchall() == []
        speaker = con.execute("select publisher_or_speaker from raw.published_figures "
                              "where figure_id = 'prk_workers_in_russia_peak'").fetchall()
    assert speaker == [("Russian Ambassador to the DPRK Matsegora",)]  # corrected: Russia's ambassador in Pyongyang
