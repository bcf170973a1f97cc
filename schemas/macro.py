"""Raw tables of the labour-market sources: ILOSTAT's modelled estimates and the IMF's World Economic Outlook."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3, Lineage


class IloUnemployment(Lineage):
    """raw.ilo_unemployment: one row per (area, sex, age group, year); `iso3` is empty for regions and income groups."""

    area: Series[str] = pa.Field(description="the area as ILOSTAT names it")
    iso3: Series[str] = pa.Field(description="its ISO3 code", str_matches=ISO3, nullable=True)
    sex: Series[str] = pa.Field(description="Total, Male or Female", isin=["Total", "Male", "Female"])
    age: Series[str] = pa.Field(description="the age band")
    year: Series[int] = pa.Field(description="the year", ge=1990, le=2100, coerce=True)
    value: Series[float] = pa.Field(description="unemployment, % of the labour force", ge=0, le=100, coerce=True)

    class Config:
        unique = ["area", "sex", "age", "year"]
        strict = True


class ImfUnemployment(Lineage):
    """raw.imf_unemployment: one row per (entity, year), the observed rate and the forecast kept apart.

    The last observed year carries both: the forecast series starts where observations end.
    """

    entity: Series[str] = pa.Field(description="the country as the WEO names it")
    iso3: Series[str] = pa.Field(description="its ISO3 code", nullable=True)
    year: Series[int] = pa.Field(description="the year", ge=1980, le=2100, coerce=True)
    observation: Series[float] = pa.Field(
        description="unemployment, % of the labour force, as observed",
        ge=0, le=100, nullable=True, coerce=True)
    forecast: Series[float] = pa.Field(
        description="the WEO's forecast for the year, where it is one",
        ge=0, le=100, nullable=True, coerce=True)

    class Config:
        unique = ["entity", "year"]
        strict = True
