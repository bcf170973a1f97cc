"""The generic trade metrics on the recorded data, each worked out here from the raw tables, not from staging."""

import shutil

import duckdb
import pandas as pd
import pytest

from warehouse import settings

MODEL = settings.models_root() / "intermediate" / "claim_evidence_trade.sql"
CLAIMS = [
    ("value_comtrade_both_sides", "trade_value", "RUS|CHN|2021|"),
    ("value_atlas_chapter", "trade_value", "PRK|CHN|2016|27"),
    ("value_none_at_all", "trade_value", "PRK|RUS|2016|27"),
    ("share_atlas", "partner_share", "PRK|CHN|2016"),
    ("change_atlas", "trade_change", "PRK|2016|2018"),
]


@pytest.fixture(scope="module")
def evidence(recorded_warehouse, tmp_path_factory):
    """The trade evidence model run on a copy of the recorded warehouse whose ledger holds only the claims above."""
    copy = tmp_path_factory.mktemp("trade") / "tradebrief.duckdb"
    shutil.copyfile(recorded_warehouse[0], copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("create or replace table seeds.claims as select * from (values " + ", ".join(
            f"('trade', '{claim}', '{metric}', '{args}')" for claim, metric, args in CLAIMS)
            + ") as t(brief, claim_id, metric, metric_args)")
        rows = con.execute(MODEL.read_text()).df()
        raw = {table: con.execute(f"select * from raw.{table}").df() for table in ("comtrade_totals", "atlas_trade")}
    return rows, raw


def one(rows: pd.DataFrame, claim: str, period: str) -> pd.Series:
    found = rows[(rows.claim_id == claim) & (rows.evidence_period == period)]
    assert len(found) == 1, found
    return found.iloc[0]


def atlas_exports(atlas: pd.DataFrame, year: int, partner: str | None = None, chapter: str | None = None) -> float:
    rows = atlas[(atlas.reporter_iso3 == "PRK") & (atlas.year == year) & (atlas.product_level == "hs2")]
    if partner:
        rows = rows[rows.partner_iso3 == partner]
    if chapter:
        rows = rows[rows.product_code == chapter]
    return rows.export_value.sum()


def test_a_bilateral_value_from_comtrade_gives_both_sides(evidence):
    rows, raw = evidence
    totals = raw["comtrade_totals"].query("year == 2021")
    reported = totals.query("reporter_iso3 == 'RUS' and partner_iso3 == 'CHN' and flow == 'X'").value_usd.item()
    mirrored = totals.query("reporter_iso3 == 'CHN' and partner_iso3 == 'RUS' and flow == 'M'").value_usd.item()
    assert (reported, mirrored) == (pytest.approx(68_679_248_077.44), pytest.approx(78_970_611_012))  # the file's rows
    row = one(rows, "value_comtrade_both_sides", "2021")
    # The Atlas ends in 2020, so Comtrade's totals give 2021: Russia's own report first, China's imports beside it.
    assert row.evidence_source == "comtrade" and row.computed_value == pytest.approx(reported / 1e6)
    assert "RUS reports 68,679.2 M USD, CHN's imports mirror 78,970.6 M USD" in row.note


def test_a_bilateral_value_of_a_chapter_and_its_absence_from_the_atlas(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    coal = one(rows, "value_atlas_chapter", "2016")
    assert coal.evidence_source == "atlas_hs92"
    assert coal.computed_value == pytest.approx(atlas_exports(atlas, 2016, "CHN", "27") / 1e6)
    none = one(rows, "value_none_at_all", "2016")
    assert atlas_exports(atlas, 2016, "RUS", "27") == 0 and none.computed_value == 0  # no row at all: none, not missing


def test_a_partner_share_and_a_change_between_years(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    share = one(rows, "share_atlas", "2016")
    assert share.computed_value == pytest.approx(100 * atlas_exports(atlas, 2016, "CHN") / atlas_exports(atlas, 2016))
    assert 85 < share.computed_value < 95  # China took about nine tenths of North Korea's exports in 2016
    change = one(rows, "change_atlas", "2018")
    assert change.computed_value == pytest.approx(100 * (atlas_exports(atlas, 2018) / atlas_exports(atlas, 2016) - 1))
    assert change.computed_value < -80  # the fall after the 2017 sanctions
