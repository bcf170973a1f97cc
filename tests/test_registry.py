"""A source is one folder: the registry finds it, and its staging SQL reaches the shared shape with no other file
changed."""

import duckdb
import pytest

from flows.registry import SOURCES, find_sources
from flows.sources.declarations import Source
from warehouse import settings
from warehouse.errors import ModelError, RefreshError
from warehouse.models import SOURCES_ROOT, build, discover

SOURCE_PACKAGE = '''
import pandas as pd
from flows.sources.declarations import About, Freshness, Recording, revised_in
from warehouse.snapshots import Origin

SOURCE = "newsrc"
ORIGIN = Origin(producer="p", title="t", citation="c", licence="CC BY 4.0", landing_url="https://example.org")
ABOUT = About(name="A new source", live="none", recorded="one file", lands="`macro_indicators`")
SCHEMAS = {}
FRESHNESS = Freshness(365, "yearly", max_lag_years=2)
REVISIONS = (revised_in("staging.macro_indicators", "newsrc"),)
RECORDINGS = (Recording("newsrc", "*.csv", "somewhere@0:{name}"),)


def parse(snapshots):
    return {}
'''


def test_every_package_under_flows_sources_is_a_registered_source():
    folders = sorted(path.name for path in SOURCES_ROOT.iterdir() if (path / "__init__.py").exists())
    assert [source.__name__.rsplit(".", 1)[1] for source in SOURCES] == folders
    assert all(isinstance(source, Source) for source in SOURCES)


def test_a_new_folder_is_a_source_with_nothing_else_written(tmp_path, monkeypatch):
    (tmp_path / "newsrc").mkdir()
    (tmp_path / "newsrc" / "__init__.py").write_text(SOURCE_PACKAGE)
    monkeypatch.syspath_prepend(str(tmp_path))
    [found] = find_sources([str(tmp_path)], prefix="")
    assert found.SOURCE == "newsrc" and found.ABOUT.name == "A new source"


def test_a_package_that_declares_too_little_is_refused_naming_what_it_lacks(tmp_path, monkeypatch):
    (tmp_path / "halfsrc").mkdir()
    (tmp_path / "halfsrc" / "__init__.py").write_text('SOURCE = "halfsrc"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RefreshError, match=r"halfsrc is a package among the sources but not a source: it lacks .*ORIGIN"):
        find_sources([str(tmp_path)], prefix="")


def test_a_sources_staging_sql_joins_the_shared_shape(tmp_path):
    for source, indicator in (("one", "A"), ("two", "B")):
        (tmp_path / "sources" / source / "staging").mkdir(parents=True)
        (tmp_path / "sources" / source / "staging" / "macro_indicators.sql").write_text(
            f"-- {source}'s rows\nselect iso3, '{indicator}' as indicator from raw.{source}_table\n")
    (tmp_path / "models" / "staging").mkdir(parents=True)
    (tmp_path / "models" / "staging" / "macro_indicators.sql").write_text(
        "-- One row per figure; the rows come from the sources' parts.\nselect iso3, indicator from parts.macro_indicators\n")
    [shape] = discover(tmp_path / "models", ("staging",), tmp_path / "sources")
    assert shape.depends_on == {"raw.one_table", "raw.two_table"}
    assert shape.description == "One row per figure; the rows come from the sources' parts."
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create table raw.one_table as select 'RUS' as iso3")
    con.execute("create table raw.two_table as select 'PRK' as iso3")
    build(con, [shape])
    assert con.execute("select * from staging.macro_indicators order by all").fetchall() == [("PRK", "B"), ("RUS", "A")]


def test_a_shape_no_source_writes_is_refused(tmp_path):
    (tmp_path / "models" / "staging").mkdir(parents=True)
    (tmp_path / "models" / "staging" / "rates.sql").write_text("-- One row.\nselect * from parts.rates\n")
    with pytest.raises(ModelError, match="reads parts.rates, which no source's staging/ folder writes"):
        discover(tmp_path / "models", ("staging",), tmp_path / "sources")


def test_the_project_gathers_each_shape_from_the_sources_that_write_it():
    made = {model.name: model for model in discover(settings.current().models)}
    assert made["staging.trade_flows"].depends_on == {"raw.atlas_trade", "raw.oec_trade", "raw.comtrade_records",
                                                      "raw.comtrade_totals", "seeds.mirror_reporters"}
    assert made["staging.macro_indicators"].depends_on == {"raw.worldbank_indicators", "raw.ilo_unemployment",
                                                           "raw.imf_unemployment"}
    assert "parts" not in {name.split(".")[0] for name in made}
