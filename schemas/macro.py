"""Raw tables of the labour-market sources: ILOSTAT's modelled estimates and the IMF's World Economic Outlook."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3, Lineage


class IloUnemployment(Lineage):
    """raw.ilo_unemployment: one row per (area, sex, age group, year); `iso3` is empty for regions and income groups."""

    area: Series[str]
    iso3: Series[str] = pa.Field(str_matches=ISO3, nullable=True)
    sex: Series[str] = pa.Field(isin=["Total", "Male", "Female"])
    age: Series[str]
    year: Series[int] = pa.Field(ge=1990, le=2100, coerce=True)
    value: Series[float] = pa.Field(ge=0, le=100, coerce=True)

    class Config:
        unique = ["area", "sex", "age", "year"]
        strict = True


class ImfUnemployment(Lineage):
    """raw.imf_unemployment: one row per (entity, year), the observed rate and the forecast kept apart.

    The last observed year carries both: the forecast series starts where observations end.
    """

    entity: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    year: Series[int] = pa.Field(ge=1980, le=2100, coerce=True)
    observation: Series[float] = pa.Field(ge=0, le=100, nullable=True, coerce=True)
    forecast: Series[float] = pa.Field(ge=0, le=100, nullable=True, coerce=True)

    class Config:
        unique = ["entity", "year"]
        strict = True
