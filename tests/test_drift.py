"""History and drift: a newer real vintage of the FAO fish series recorded over the old one, and alert delivery.

The two vintages are real (tests/fixtures/README.md): the recorded snapshot runs to 2017 with
values rounded to two decimals; the 2021 vintage runs to 2021, unrounded, under a new header.
"""

import io
import logging
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows.cli import main
from flows.refresh import refresh
from tests.conftest import RECORDED, copy_recorded, held
from warehouse.alerts import KEPT, WEBHOOK_VARIABLE
from warehouse.kept import kept_file
from warehouse.snapshots import Origin

FAO_NAME = "fish-and-seafood-consumption-per-capita.csv"
NEW_VINTAGE = Path(__file__).parent / "fixtures" / "fao" / "fish-and-seafood-consumption-per-capita_vintage2021.csv"


def per_capita(content: bytes) -> pd.Series:
    """Each country's supply per person by year, and the world's under OWID's code for it, OWID_WRL."""
    frame = pd.read_csv(io.BytesIO(content))
    frame = frame[frame["Code"].fillna("").str.fullmatch(r"[A-Z]{3}|OWID_WRL")]
    return frame.set_index(["Code", "Year"]).iloc[:, 1]


@pytest.fixture
def store(small_store):
    return with_fao_extract(small_store)


def with_fao_extract(store):
    """The store with the FAO files of the per-capita extract and FAOSTAT's bulk, without the food balances to 2023,
    which would give the fish claims evidence for 2023 whatever the extract's vintage says."""
    names = [name for name in RECORDED.latest("fao") if not name.endswith("_faostatfbs.csv")]
    return copy_recorded(store, names=names, source="fao")


def record_new_vintage(store):
    old = store.latest("fao")[FAO_NAME]
    store.put("fao", FAO_NAME, NEW_VINTAGE.read_bytes(), Origin(**old.origin),
              {"origin_path": "ParkDarin/Homework10@04749e31e87b81e595e4d5e30e3a9d333b1111f9:"
                              "data/fish-and-seafood-consumption-per-capita.csv"})


def largest_rise(series: pd.Series, first: int, last: int) -> float:
    """The largest year-on-year change of Russia's supply per person within first-last, from the file itself."""
    russia = series.loc["RUS"].sort_index()
    changes = russia.diff()[russia.index.to_series().diff() == 1]
    return changes[(changes.index > first) & (changes.index <= last)].max()


def alerts_of_last_run(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""select kind, subject, message, delivery from meta.alerts
                              where run_id = (select run_id from meta.runs order by finished_at desc limit 1)
                              order by kind, subject""").fetchall()


def test_a_newer_vintage_raises_exactly_the_revision_new_period_schema_and_drift_alerts(
        prefect_server, store, tmp_path, monkeypatch):
    monkeypatch.delenv(WEBHOOK_VARIABLE, raising=False)
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    assert alerts_of_last_run(warehouse) == []
    old = per_capita(store.latest("fao")[FAO_NAME].read_bytes())
    new = per_capita(NEW_VINTAGE.read_bytes())

    record_new_vintage(store)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    # What the two files say, worked out here from the files themselves:
    both = old.index.intersection(new.index)
    revised = int((abs(new[both] - old[both]) > 1e-9 * old[both].abs().clip(lower=1)).sum())
    removed = len(old.index.difference(new.index))
    new_years = sorted(set(new.index.get_level_values("Year")) - set(old.index.get_level_values("Year")))
    new_values = int(new.index.get_level_values("Year").isin(new_years).sum())
    ratio_before = old[("RUS", 2017)] / old[("RUS", 2013)]
    ratio_after = new[("RUS", max(y for c, y in new.index if c == "RUS"))] / new[("RUS", 2013)]

    raised = alerts_of_last_run(warehouse)
    kinds = sorted((kind, subject) for kind, subject, _, _ in raised)
    expected = [("new_period", "fao/staging.food_supply (fao_owid rows)"),
                ("revision", "fao/staging.food_supply (fao_owid rows)"),
                ("schema_change", f"fao/{FAO_NAME}")]
    if abs(ratio_after - ratio_before) / ratio_before > 0.02:  # seeds/drift_rules.csv: claims move 2% at most
        expected.append(("indicator_drift", "claim:lankov-2025/ru_fish_consumption_half_of_2013"))
    # "steadily declining" over 2013-2023 is judged at each year's change; its value is the largest rise.
    rise_before, rise_after = largest_rise(old, 2013, 2023), largest_rise(new, 2013, 2023)
    assert rise_before > 0 and rise_after > 0  # a rise in both vintages: contradicted both times, no verdict change
    if abs(rise_after - rise_before) / rise_before > 0.02:
        expected.append(("indicator_drift", "claim:lankov-2025/ru_fish_consumption_declining"))
    # "low by global standards": Russia's supply as a share of the world's in the latest year both hold. The old
    # vintage's world ends in 2013, too far from 2023 for its two stand-in years: stale. The new one reaches 2021.
    last_before, last_after = (max(set(y for c, y in series.index if c == "RUS") & set(y for c, y in series.index
                                                                                      if c == "OWID_WRL"))
                               for series in (old, new))
    global_before = 100 * old[("RUS", last_before)] / old[("OWID_WRL", last_before)]
    global_after = 100 * new[("RUS", last_after)] / new[("OWID_WRL", last_after)]
    if abs(global_after - global_before) / global_before > 0.02:
        expected.append(("indicator_drift", "claim:lankov-2025/ru_fish_consumption_low_globally"))
    assert last_before == 2013 and last_after >= 2021
    if global_after > 100:  # above the world's: no longer stale, and not low by global standards
        expected.append(("verdict_change", "lankov-2025/ru_fish_consumption_low_globally"))
    assert kinds == sorted(expected)
    messages = {kind: message for kind, _, message, _ in raised}
    assert f"{revised + removed} past values" in messages["revision"]
    assert f"{new_values} values for new periods" in messages["new_period"]
    assert ", ".join(str(y) for y in new_years) in messages["new_period"]
    # Both runs' evidence for the half-of-2013 claim ends before 2023, so its verdict stays 'stale': the one verdict
    # alert is the comparison with the world's, which the new vintage brings within its stand-in years.
    verdicts = [subject for kind, subject, _, _ in raised if kind == "verdict_change"]
    assert verdicts == (["lankov-2025/ru_fish_consumption_low_globally"] if global_after > 100 else [])


def test_a_webhook_receiver_gets_each_alert_once_and_a_failing_one_leaves_them_pending(
        prefect_server, store, tmp_path, httpserver, monkeypatch, caplog):
    warehouse = tmp_path / "tradebrief.duckdb"
    hook = httpserver.url_for("/hooks/T000/B000/secret-token-123")
    monkeypatch.setenv(WEBHOOK_VARIABLE, hook)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    record_new_vintage(store)

    httpserver.expect_request("/hooks/T000/B000/secret-token-123", method="POST").respond_with_data("down", status=500)
    with caplog.at_level(logging.INFO):
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    raised = alerts_of_last_run(warehouse)
    assert raised and {delivery for *_, delivery in raised} == {"pending"}
    assert len(httpserver.log) == 1  # the first failure stops the batch; the rest wait with it

    httpserver.clear()
    httpserver.expect_request("/hooks/T000/B000/secret-token-123", method="POST").respond_with_data("ok")
    with caplog.at_level(logging.INFO):
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    received = [request.get_json() for request, _ in httpserver.log]
    assert sorted(body["alert_id"] for body in received) == sorted(
        row[0] for row in duckdb.connect(str(warehouse), read_only=True).execute(
            "select alert_id from meta.alerts where kind <> 'data_test_failed'").fetchall())
    assert len({body["alert_id"] for body in received}) == len(received)  # each once
    assert all(body["text"].startswith("[tradebrief] ") for body in received)  # Slack's field
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from meta.alerts where delivery <> 'delivered'").fetchall() == [(0,)]
    # The test receiver (werkzeug) logs its own requests; everything of ours must not name the URL.
    assert not [r for r in caplog.records if r.name != "werkzeug" and "secret-token-123" in r.getMessage()]


def test_fail_on_alert_exits_non_zero_only_when_the_run_raised_alerts(prefect_server, store, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(WEBHOOK_VARIABLE, raising=False)
    warehouse = tmp_path / "tradebrief.duckdb"
    args = ["refresh", "--fail-on-alert", "--snapshots", str(store.root), "--warehouse", str(warehouse)]
    assert main(args) == 0
    record_new_vintage(store)
    assert main(args) == 3
    assert "alerts raised (--fail-on-alert)" in capsys.readouterr().err
    assert main(args) == 0  # nothing changed since


def test_a_failed_data_test_is_an_alert_that_reaches_the_next_published_run(
        prefect_server, store, tmp_path, monkeypatch):
    import shutil

    from warehouse import settings
    from warehouse.errors import DataTestsFailed

    monkeypatch.delenv(WEBHOOK_VARIABLE, raising=False)
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    (models / "tests" / "no_coal_exports.sql").write_text(
        "select * from marts.export_structure where product_code = '27' and iso3 = 'PRK'")
    with pytest.raises(DataTestsFailed):
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))
    assert kept_file(warehouse, KEPT).exists()

    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    with duckdb.connect(str(warehouse), read_only=True) as con:
        kept = con.execute("select kind, subject from meta.alerts where kind = 'data_test_failed'").fetchall()
    assert kept == [("data_test_failed", "no_coal_exports")]
    assert not kept_file(warehouse, KEPT).exists()


def test_a_build_refused_after_its_alerts_were_computed_announces_only_its_failure_and_the_next_run_each_alert_once(
        prefect_server, store, tmp_path, httpserver, monkeypatch):
    from warehouse import publish
    from warehouse.publish import BuildIncomplete

    warehouse = tmp_path / "tradebrief.duckdb"
    monkeypatch.setenv(WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    assert httpserver.log == []  # a first run has nothing to compare with
    record_new_vintage(store)  # drift: revisions, new periods, a schema change

    def refuse(building, run_id):
        raise BuildIncomplete(f"the new warehouse {building} is refused by the test")

    with monkeypatch.context() as refusing:
        refusing.setattr(publish, "check_build", refuse)
        with pytest.raises(BuildIncomplete):
            refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    received = [request.get_json() for request, _ in httpserver.log]
    assert [body["kind"] for body in received] == ["refresh_failed"]  # nothing of the drift it found
    assert "refused by the test" in received[0]["message"]

    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # nothing new: nothing sent

    received = [request.get_json() for request, _ in httpserver.log]
    drift = [body for body in received if body["kind"] != "refresh_failed"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        published = con.execute("select alert_id, kind, delivery from meta.alerts order by alert_id").fetchall()
    assert sorted(body["alert_id"] for body in drift) == sorted(a for a, kind, _ in published if kind != "refresh_failed")
    assert {"revision", "new_period", "schema_change"} <= {body["kind"] for body in drift}
    assert len([body for body in received if body["kind"] == "refresh_failed"]) == 1
    assert {delivery for *_, delivery in published} == {"delivered"}


def test_delivery_marks_wait_beside_the_warehouse_while_a_client_holds_it(prefect_server, store, tmp_path, httpserver,
                                                                           monkeypatch):
    from warehouse.alerts import KEPT_DELIVERED, deliver_outbox

    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    record_new_vintage(store)
    monkeypatch.setenv(WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("down", status=500)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # the receiver is down: all stay pending
    pending = len(alerts_of_last_run(warehouse))
    httpserver.clear()
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")

    with held(warehouse, read_only=False):  # a notebook open for writing: nothing can be read, nothing is sent
        assert deliver_outbox(warehouse) == (0, 0)
    assert httpserver.log == []
    with held(warehouse, read_only=True):  # DBeaver, read-only: the outbox is read and sent, the marks wait beside it
        assert deliver_outbox(warehouse) == (pending, 0)
        assert kept_file(warehouse, KEPT_DELIVERED).exists()
        assert deliver_outbox(warehouse) == (0, 0)  # nothing is sent twice
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    assert len(httpserver.log) == pending
    assert not kept_file(warehouse, KEPT_DELIVERED).exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from meta.alerts where delivery <> 'delivered'").fetchall() == [(0,)]


def test_the_energy_institutes_2024_edition_over_bps_2021_revises_exactly_the_overlapping_values(
        prefect_server, small_store, tmp_path, monkeypatch):
    monkeypatch.delenv(WEBHOOK_VARIABLE, raising=False)
    store = copy_recorded(small_store, names=["statistical_review_of_world_energy_bp_2021.csv"], source="energy")
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    workbook = RECORDED.latest("energy")["EI-Stats-Review-All-Data.xlsx"]
    store.put("energy", workbook.name, workbook.read_bytes(), Origin(**workbook.origin), workbook.request)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    # Russia's 2020 production as each file prints it: BP's CSV, 399.770588 Mt; the EI's sheet, 399.754318 Mt.
    bp = pd.read_csv(io.BytesIO(RECORDED.latest("energy")["statistical_review_of_world_energy_bp_2021.csv"].read_bytes()))
    bp_2020 = bp.loc[(bp["Entity"] == "Russia") & (bp["Year"] == 2020), "Coal Production - Tonnes"].item()
    sheet = pd.read_excel(io.BytesIO(workbook.read_bytes()), sheet_name="Coal Production - mt", header=None,
                          engine="calamine")
    ei_2020 = sheet.loc[sheet[0] == "Russian Federation", list(sheet.loc[2]).index(2020)].item()
    assert bp_2020 == pytest.approx(399.770588) and ei_2020 == pytest.approx(399.754318)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # The two editions side by side, as the raw table holds them, for every figure both give.
        overlapping, differing = con.execute("""
            with bp as (select iso3, year, indicator, value from raw.energy_review where data_to = 2020 and iso3 is not null),
                 ei as (select iso3, year, indicator, value from raw.energy_review where data_to = 2023 and iso3 is not null)
            select count(*), count(*) filter (where abs(ei.value - bp.value) > 1e-9 * greatest(abs(bp.value), 1))
            from bp join ei using (iso3, year, indicator)""").fetchone()
        russia_2020 = con.execute("""select value from staging.energy_balance
                                     where iso3 = 'RUS' and year = 2020 and indicator = 'coal_production'""").fetchone()
    assert russia_2020 == pytest.approx((ei_2020,))  # the newer edition wins
    raised = {(kind, subject): message for kind, subject, message, _ in alerts_of_last_run(warehouse)}
    subject = "energy/staging.energy_balance (energy_review rows)"
    assert 0 < differing <= overlapping
    assert f"energy: {differing} past values in staging.energy_balance were revised" in raised[("revision", subject)]
    assert "(2021, 2022, 2023)" in raised[("new_period", subject)]


def test_a_revision_checks_filter_is_made_from_the_series_it_names():
    from flows.registry import declared_tables

    checks = declared_tables()["revision_checks"].set_index("source")
    fao = checks.loc["fao"]
    assert sorted(zip(fao.series, fao.source_filter)) == [
        ("fao_owid", "source = 'fao_owid'"), ("faostat", "source = 'faostat'"), ("faostat_fbs", "source = 'faostat_fbs'")]
    assert checks.loc["published", "source_filter"] == "true" and pd.isna(checks.loc["published", "series"])



def test_apprise_notification_urls_get_each_alert_and_a_refusing_receiver_leaves_them_pending(
        httpserver, monkeypatch, caplog, tmp_path):
    from warehouse import alerts
    from warehouse.alerts import NOTIFY_VARIABLE, Alert
    from warehouse.meta import create_schemas

    monkeypatch.delenv(WEBHOOK_VARIABLE, raising=False)
    monkeypatch.setenv(NOTIFY_VARIABLE, f"json://localhost:{httpserver.port}/notify/secret-token-456")
    published = tmp_path / "tradebrief.duckdb"
    raised = [Alert("r1", "revision", "fao/staging.food_supply (fao_owid rows)", "fao: 3 past values were revised"),
              Alert("r1", "fetch_failed", "oec", "oec: the live fetch from api-v2.oec.world failed: HTTP 500")]
    with duckdb.connect(str(published)) as con:
        create_schemas(con)
        alerts.record(con, raised)

    httpserver.expect_request("/notify/secret-token-456", method="POST").respond_with_data("down", status=500)
    with caplog.at_level(logging.INFO):
        assert alerts.deliver_outbox(published) == (0, 2)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from meta.alerts where delivery = 'pending'").fetchall() == [(2,)]

    httpserver.clear()
    httpserver.expect_request("/notify/secret-token-456", method="POST").respond_with_data("ok")
    with caplog.at_level(logging.INFO):
        assert alerts.deliver_outbox(published) == (2, 0)
    received = [request.get_json() for request, _ in httpserver.log]
    assert sorted((body["title"], body["message"]) for body in received) == sorted(
        (f"[tradebrief] {a.kind}: {a.subject}", a.message) for a in raised)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from meta.alerts where delivery = 'delivered'").fetchall() == [(2,)]
    assert not [r for r in caplog.records if r.name != "werkzeug" and "secret-token-456" in r.getMessage()]
