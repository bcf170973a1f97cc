"""Raw tables of FAOSTAT: fish and seafood supply per person (via OWID) and the food balances' trade quantities."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3, Lineage


class FishSupply(Lineage):
    """raw.fao_fish_supply: one row per (entity, year): fish and seafood supply, kg per person per year."""

    entity: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    year: Series[int] = pa.Field(ge=1961, le=2100, coerce=True)
    value: Series[float] = pa.Field(ge=0, le=500, coerce=True)
    series: Series[str]

    class Config:
        unique = ["entity", "year", "source_file"]
        strict = True


class FoodBalance(Lineage):
    """raw.faostat_food_balances: one row per (area, element, item, year) of FAOSTAT's food balance sheets."""

    area_code: Series[int] = pa.Field(ge=0, coerce=True)
    area: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    element_code: Series[int] = pa.Field(coerce=True)
    element: Series[str]
    item_code: Series[int] = pa.Field(coerce=True)
    item: Series[str]
    year: Series[int] = pa.Field(ge=1961, le=2100, coerce=True)
    unit: Series[str]
    value: Series[float] = pa.Field(ge=0, finite=True, nullable=True, coerce=True)
    flag: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ["area_code", "element_code", "item_code", "year"]
        strict = True


class FoodBalanceClass(Lineage):
    """raw.faostat_fbs_classes: one row per (area, element, class, year) of the derived class layout of FAOSTAT's
    food balances 2010-2023; the world and regional means have no ISO3 code, regional means no area."""

    iso3: Series[str] = pa.Field(str_matches=ISO3, nullable=True)
    area: Series[str] = pa.Field(nullable=True)
    element: Series[str]
    fbs_class: Series[str]
    unit: Series[str]
    type: Series[str] = pa.Field(isin=["Balance", "Per capita"])
    year: Series[int] = pa.Field(ge=1961, le=2100, coerce=True)
    value: Series[float] = pa.Field(finite=True, coerce=True, description="negative for stock variations and residuals")

    class Config:
        strict = True
