"""`tradebrief claims propose`: sentences it has never seen, each row's metric and arguments worked out by hand."""

import io

import duckdb
import pandas as pd
import pytest

from flows.cli import main
from flows.propose import propose_rows

# (sentence, the quote of the number) -> (metric, metric_args, value), or None where no metric can be proposed
CASES = [
    ("In 2015 Russia's exports to China were $28.6 billion.", "$28.6 billion", ("trade_value", "RUS|CHN|2015", 28600)),
    ("Japan's imports from China reached $156 million in 2019.", "$156 million", ("import_value", "JPN|CHN|2019", 156)),
    ("Mongolia took 3.1% of China's imports in 2014.", "3.1%", ("import_share", "CHN|MNG|2014", 3.1)),
    ("In 2018 Vietnam's exports fell by 12.5%.", "12.5%", ("trade_change", "VNM|2017|2018", -12.5)),
    ("Trade between Russia and Mongolia rose by 4% in 2019.", "4%", ("trade_total_change", "RUS|MNG|2018|2019", 4)),
    ("Iron and steel (HS 72) made up 9% of Ukraine's exports in 2016.", "9%", ("products_share", "UKR|2016|72", 9)),
    ("In 2020 Laos and Thailand traded $5.1 billion.", "$5.1 billion", ("trade_total", "LAO|THA|2020", 5100)),
    ("The committee met 12 times in 2019.", "12", None),
    ("Exports were $4 billion.", "$4 billion", None),  # no country, no year
]


@pytest.mark.parametrize("i", range(len(CASES)))
def test_a_sentence_gets_the_metric_and_arguments_worked_out_by_hand(i):
    sentence, quote, expected = CASES[i]
    [row] = [row for row in propose_rows(sentence, {}) if row["quote"] == quote]
    if expected is None:
        assert row["metric"] is None and row["proposal_note"]
    else:
        assert (row["metric"], row["metric_args"], row["value"]) == (expected[0], expected[1], pytest.approx(expected[2]))


def test_a_product_word_finds_its_chapter_in_the_official_titles():
    titles = {"coal": {"27"}, "apparel": {"61", "62"}}
    [row] = propose_rows("In 2016 North Korea sold $1.2 billion of coal to China.", titles)
    assert (row["metric"], row["metric_args"]) == ("trade_value", "PRK|CHN|2016|27")
    assert "27" in row["proposal_note"]


def test_propose_writes_a_draft_for_review_and_never_a_ledger(recorded_warehouse, tmp_path, capsys):
    path, _ = recorded_warehouse
    text = tmp_path / "new.txt"
    text.write_text("In 2019 China took 95.4% of North Korea's trade. The committee met 12 times.\n", encoding="utf-8")
    assert main(["claims", "propose", str(text), "--warehouse", str(path)]) == 0
    draft = pd.read_csv(tmp_path / "new.proposed.csv")
    assert draft["metric"].tolist()[0] == "trade_total_share" and draft["metric_args"].tolist()[0] == "PRK|CHN|2019"
    assert "2 numbers read" in capsys.readouterr().out
    assert main(["claims", "propose", str(text), "--warehouse", str(path), "--out", str(tmp_path / "claims.csv")]) == 1
    assert "never a ledger" in capsys.readouterr().err and not (tmp_path / "claims.csv").exists()


def test_claims_filtered_to_one_brief_and_an_unknown_brief_named(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        held = dict(con.execute("select brief, count(*) from marts.claim_checks group by brief").fetchall())
    assert len(held) >= 2  # the Lankov brief and the second text, both with verdicts
    for brief, claims in held.items():
        assert main(["claims", "--brief", brief, "--warehouse", str(path), "--format", "csv"]) == 0
        rows = pd.read_csv(io.StringIO(capsys.readouterr().out))
        assert set(rows["brief"]) == {brief} and len(rows) == claims
    assert main(["claims", "--brief", "no-such-brief", "--warehouse", str(path)]) == 1
    assert "no brief 'no-such-brief'" in capsys.readouterr().err
