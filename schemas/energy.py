"""Raw tables of the Statistical Review of World Energy: the country series, long, and the 2023 inter-area coal trade."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage


class EnergyReview(Lineage):
    """raw.energy_review: one row per (entity, year, indicator, file): a country's or region's coal figure."""

    entity: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    year: Series[int] = pa.Field(ge=1900, le=2100, coerce=True)
    indicator: Series[str]
    value: Series[float] = pa.Field(ge=0, finite=True, coerce=True)
    unit: Series[str] = pa.Field(isin=["Mt", "EJ"])
    data_to: Series[int] = pa.Field(ge=1900, le=2100, coerce=True,
                                    description="the last year the row's file holds: the newer edition wins in staging")

    class Config:
        unique = ["entity", "year", "indicator", "source_file"]
        strict = True


class CoalTradeMatrix(Lineage):
    """raw.coal_trade_matrix: one row per (exporting area, importing area, year): coal moved between areas, in EJ."""

    exporter: Series[str]
    exporter_iso3: Series[str] = pa.Field(nullable=True)
    importer: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100, coerce=True)
    value: Series[float] = pa.Field(ge=0, finite=True, coerce=True)
    unit: Series[str] = pa.Field(isin=["EJ"])

    class Config:
        unique = ["exporter", "importer", "year", "source_file"]
        strict = True


class IeaBalance(Lineage):
    """raw.iea_balances: one row per (country, year, flow, product): the IEA's energy balance, in TJ."""

    year: Series[int] = pa.Field(ge=1960, le=2100, coerce=True)
    country: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    flow: Series[str]
    product: Series[str]
    units: Series[str] = pa.Field(isin=["TJ"])
    value: Series[float] = pa.Field(nullable=True, finite=True, coerce=True,
                                    description="TJ; exports are negative, as the IEA publishes them")

    class Config:
        unique = ["country", "year", "flow", "product", "source_file"]
        strict = True
