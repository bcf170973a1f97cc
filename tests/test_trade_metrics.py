"""The generic trade metrics on the recorded data, each worked out here from the raw tables, not from staging."""

import shutil

import duckdb
import pandas as pd
import pytest

from warehouse import settings

MODEL = settings.current().models / "intermediate" / "claim_evidence_trade.sql"
CLAIMS = [
    ("value_comtrade_both_sides", "trade_value", "RUS|CHN|2021|"),
    ("value_atlas_chapter", "trade_value", "PRK|CHN|2016|27"),
    ("value_none_at_all", "trade_value", "PRK|RUS|2016|27"),
    ("share_atlas", "partner_share", "PRK|CHN|2016"),
    ("change_atlas", "trade_change", "PRK|2016|2018"),
    ("total_prk_side", "trade_total", "PRK|CHN|2020"),
    ("total_chn_side", "trade_total", "CHN|PRK|2020"),
    ("total_one_flow_only", "trade_total", "PRK|CHN|2022"),
    ("import_from_one", "import_value", "CHN|PRK|2018"),
    ("import_from_world", "import_value", "PRK|WLD|2016"),
    ("import_share", "import_share", "PRK|CHN|2016"),
    ("total_share", "trade_total_share", "PRK|CHN|2016"),
    ("apparel_share", "products_share", "PRK|2016|61|62"),
    ("apparel_value", "trade_value", "PRK|WLD|2016|61|62"),
    ("change_to_one", "trade_change", "PRK|2016|2018|CHN"),
    ("total_change", "trade_total_change", "PRK|CHN|2019|2020"),
    ("rank_apparel", "exporter_rank", "CHN|2016|62"),
    ("rank_coal", "exporter_rank", "PRK|2016|27"),
    ("rank_no_full_year", "exporter_rank", "PRK|2018|27"),
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


def atlas_exports(atlas: pd.DataFrame, year: int, partner: str | None = None, chapter: str | None = None,
                  reporter: str = "PRK", flow: str = "export_value") -> float:
    rows = atlas[(atlas.reporter_iso3 == reporter) & (atlas.year == year) & (atlas.product_level == "hs2")]
    if partner:
        rows = rows[rows.partner_iso3 == partner]
    if chapter:
        rows = rows[rows.product_code.isin(chapter.split("+"))]
    return rows[flow].sum()


def test_a_bilateral_value_from_comtrade_gives_both_sides(evidence):
    rows, raw = evidence
    totals = raw["comtrade_totals"].query("year == 2021")
    reported = totals.query("reporter_iso3 == 'RUS' and partner_iso3 == 'CHN' and flow == 'X'").value_usd.item()
    mirrored = totals.query("reporter_iso3 == 'CHN' and partner_iso3 == 'RUS' and flow == 'M'").value_usd.item()
    assert (reported, mirrored) == (pytest.approx(68_679_248_077.44), pytest.approx(78_970_611_012))  # the file's rows
    row = one(rows, "value_comtrade_both_sides", "2021")
    # The Atlas ends in 2020, so Comtrade's totals give 2021: Russia's own report first, China's imports beside it.
    assert row.evidence_source == "comtrade" and row.computed_value == pytest.approx(reported / 1e6)
    assert "RUS reports 68,679.2 M USD, CHN's own report mirrors 78,970.6 M USD" in row.note


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


def none_for(rows: pd.DataFrame, claim: str) -> bool:
    return rows[rows.claim_id == claim].empty


def test_total_trade_is_both_flows_from_either_side_and_never_one_flow_alone(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    both = atlas_exports(atlas, 2020, "CHN") + atlas_exports(atlas, 2020, "CHN", flow="import_value")
    for claim in ("total_prk_side", "total_chn_side"):  # the Atlas holds North Korea's side; either order reads it
        atlas_rows = rows[(rows.claim_id == claim) & (rows.evidence_period == "2020") & (rows.evidence_source == "atlas_hs92")]
        assert len(atlas_rows) == 1 and atlas_rows.computed_value.item() == pytest.approx(both / 1e6)
    assert 530 < both / 1e6 < 545  # China's customs gave 539 M USD for 2020
    # 2022: Comtrade holds China's exports to North Korea but not its imports from it, so no total is made up of one flow
    assert rows[(rows.claim_id == "total_one_flow_only") & (rows.evidence_period == "2022")].empty


def test_an_import_from_one_exporter_is_its_exports_and_from_the_world_the_importers_own(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    assert one(rows, "import_from_one", "2018").computed_value == pytest.approx(atlas_exports(atlas, 2018, "CHN") / 1e6)
    assert one(rows, "import_from_world", "2016").computed_value == pytest.approx(
        atlas_exports(atlas, 2016, flow="import_value") / 1e6)


def test_import_and_total_shares_and_a_list_of_chapters(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    imports = atlas_exports(atlas, 2016, "CHN", flow="import_value") / atlas_exports(atlas, 2016, flow="import_value")
    assert one(rows, "import_share", "2016").computed_value == pytest.approx(100 * imports)
    total = ((atlas_exports(atlas, 2016, "CHN") + atlas_exports(atlas, 2016, "CHN", flow="import_value"))
             / (atlas_exports(atlas, 2016) + atlas_exports(atlas, 2016, flow="import_value")))
    assert one(rows, "total_share", "2016").computed_value == pytest.approx(100 * total)
    apparel = atlas_exports(atlas, 2016, chapter="61+62")
    assert one(rows, "apparel_share", "2016").computed_value == pytest.approx(100 * apparel / atlas_exports(atlas, 2016))
    assert one(rows, "apparel_value", "2016").computed_value == pytest.approx(apparel / 1e6)
    assert 15 < one(rows, "apparel_share", "2016").computed_value < 25


def test_changes_to_one_partner_and_of_the_trade_between_two(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    to_china = atlas_exports(atlas, 2018, "CHN") / atlas_exports(atlas, 2016, "CHN") - 1
    assert one(rows, "change_to_one", "2018").computed_value == pytest.approx(100 * to_china)
    total = [atlas_exports(atlas, year, "CHN") + atlas_exports(atlas, year, "CHN", flow="import_value") for year in (2019, 2020)]
    changes = rows[(rows.claim_id == "total_change") & (rows.evidence_period == "2020")]
    assert changes.computed_value.tolist() == [pytest.approx(100 * (total[1] / total[0] - 1))]


def test_a_rank_among_every_exporter_of_a_chapter(evidence):
    rows, raw = evidence
    atlas = raw["atlas_trade"]
    year = atlas[(atlas.year == 2016) & (atlas.product_level == "hs2")]
    for claim, country, chapter in (("rank_apparel", "CHN", "62"), ("rank_coal", "PRK", "27")):
        sums = year[year.product_code == chapter].groupby("reporter_iso3").export_value.sum()
        place = int((sums > sums[country]).sum()) + 1
        assert one(rows, claim, "2016").computed_value == place
    assert one(rows, "rank_apparel", "2016").computed_value == 1  # China, the world's first clothing exporter
    assert none_for(rows, "rank_no_full_year")  # 2018: the Atlas holds two exporters, no ranking of every one
