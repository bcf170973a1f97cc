"""Raw tables of the Statistical Review of World Energy: the country series, long, and the 2023 inter-area coal trade."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage, as_declared, no_spike

# Each indicator's unit: the review's coal production in million tonnes, its energy figures in exajoules.
UNITS = {"coal_production": "Mt", "coal_production_energy": "EJ", "coal_consumption_energy": "EJ",
         "coal_exports_energy": "EJ", "coal_imports_energy": "EJ"}


class EnergyReview(Lineage):
    """raw.energy_review: one row per (entity, year, indicator, file): a country's or region's coal figure."""

    entity: Series[str] = pa.Field(description="the country or region as the review names it")
    iso3: Series[str] = pa.Field(description="its ISO3 code (null for a region)", nullable=True)
    year: Series[int] = pa.Field(description="the year of the figure", ge=1900, le=2100, coerce=True)
    indicator: Series[str] = pa.Field(description="what is measured: coal_production, coal_exports_energy, ...")
    value: Series[float] = pa.Field(description="the figure, in `unit`", ge=0, finite=True, coerce=True)
    unit: Series[str] = pa.Field(description="Mt or EJ", isin=["Mt", "EJ"])
    data_to: Series[int] = pa.Field(ge=1900, le=2100, coerce=True,
                                    description="the last year the row's file holds: the newer edition wins in staging")

    class Config:
        unique = ["entity", "year", "indicator", "source_file"]
        strict = True

    @pa.dataframe_check(error="unit_as_declared: each indicator's unit is the one schemas/energy.py declares for it")
    def unit_as_declared(cls, frame):
        return as_declared(frame, "unit", "indicator", UNITS)

    @pa.dataframe_check(error="within_history: a value 100 times its series' median and the years beside it")
    def within_history(cls, frame):
        return no_spike(frame, "value", ["entity", "indicator", "source_file"])


class CoalTradeMatrix(Lineage):
    """raw.coal_trade_matrix: one row per (exporting area, importing area, year): coal moved between areas, in EJ."""

    exporter: Series[str] = pa.Field(description="the exporting country or region as the review names it")
    exporter_iso3: Series[str] = pa.Field(description="its ISO3 code (null for a region)", nullable=True)
    importer: Series[str] = pa.Field(description="the importing region")
    year: Series[int] = pa.Field(description="the year of the trade", ge=1900, le=2100, coerce=True)
    value: Series[float] = pa.Field(description="coal traded, in `unit`", ge=0, finite=True, coerce=True)
    unit: Series[str] = pa.Field(description="EJ", isin=["EJ"])

    class Config:
        unique = ["exporter", "importer", "year", "source_file"]
        strict = True

    @pa.dataframe_check(error="within_history: a value 100 times its series' median and the years beside it")
    def within_history(cls, frame):
        return no_spike(frame, "value", ["exporter", "importer", "source_file"])


class IeaBalance(Lineage):
    """raw.iea_balances: one row per (country, year, flow, product): the IEA's energy balance, in TJ."""

    year: Series[int] = pa.Field(description="the year of the balance", ge=1960, le=2100, coerce=True)
    country: Series[str] = pa.Field(description="the country as the IEA names it")
    iso3: Series[str] = pa.Field(description="its ISO3 code", nullable=True)
    flow: Series[str] = pa.Field(description="the balance's flow (INDPROD: production, EXPORTS, ...)")
    product: Series[str] = pa.Field(description="the product (COAL, ...)")
    units: Series[str] = pa.Field(description="TJ", isin=["TJ"])
    value: Series[float] = pa.Field(nullable=True, finite=True, coerce=True,
                                    description="TJ; exports are negative, as the IEA publishes them")

    class Config:
        unique = ["country", "year", "flow", "product", "source_file"]
        strict = True
