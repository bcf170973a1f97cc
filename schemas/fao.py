"""Raw tables of FAOSTAT: fish and seafood supply per person (via OWID) and the food balances' trade quantities."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3, Lineage, as_declared, no_spike

# Each element's unit, as FAOSTAT writes it: the food balances' trade in thousand tonnes; the class layout's balance
# in tonnes and its per-person figures per capita.
BALANCE_UNITS = {"Export Quantity": "1000 tonnes", "Import Quantity": "1000 tonnes"}
CLASS_UNITS = {element: "t" for element in ("Export quantity", "Feed", "Food", "Import quantity", "Losses",
                                            "Other uses (non-food)", "Processing", "Production", "Residuals", "Seed",
                                            "Stock Variation", "Tourist consumption")} | {
    "Fat supply quantity (g/capita/day)": "g/cap/d", "Protein supply quantity (g/capita/day)": "g/cap/d",
    "Food supply (kcal/capita/day)": "kcal/cap/d", "Food supply quantity (kg/capita/yr)": "kg/cap"}
HISTORY = "within_history: a value 100 times its series' median and the years beside it"


class FishSupply(Lineage):
    """raw.fao_fish_supply: one row per (entity, year): fish and seafood supply, kg per person per year."""

    entity: Series[str] = pa.Field(description="the country or region as the extract names it")
    iso3: Series[str] = pa.Field(description="its ISO3 code (null for a region)", nullable=True)
    year: Series[int] = pa.Field(description="the year", ge=1961, le=2100, coerce=True)
    value: Series[float] = pa.Field(
        description="fish and seafood supply, kg per person a year",
        ge=0, le=500, coerce=True)
    series: Series[str] = pa.Field(description="the extract's column the value comes from")

    class Config:
        unique = ["entity", "year", "source_file"]
        strict = True

    @pa.dataframe_check(error=HISTORY)
    def within_history(cls, frame):
        return no_spike(frame, "value", ["entity", "series", "source_file"])


class FoodBalance(Lineage):
    """raw.faostat_food_balances: one row per (area, element, item, year) of FAOSTAT's food balance sheets."""

    area_code: Series[int] = pa.Field(description="FAOSTAT's area code", ge=0, coerce=True)
    area: Series[str] = pa.Field(description="the area's name")
    iso3: Series[str] = pa.Field(description="its ISO3 code", nullable=True)
    element_code: Series[int] = pa.Field(description="FAOSTAT's element code", coerce=True)
    element: Series[str] = pa.Field(description="the element (export quantity, production, ...)")
    item_code: Series[int] = pa.Field(description="FAOSTAT's item code", coerce=True)
    item: Series[str] = pa.Field(description="the food item")
    year: Series[int] = pa.Field(description="the year", ge=1961, le=2100, coerce=True)
    unit: Series[str] = pa.Field(description="the unit of value")
    value: Series[float] = pa.Field(description="the figure", ge=0, finite=True, nullable=True, coerce=True)
    flag: Series[str] = pa.Field(description="FAOSTAT's flag on the figure (estimated, imputed, ...)", nullable=True)

    class Config:
        unique = ["area_code", "element_code", "item_code", "year"]
        strict = True

    @pa.dataframe_check(error="unit_as_declared: each element's unit is the one schemas/fao.py declares for it")
    def unit_as_declared(cls, frame):
        return as_declared(frame, "unit", "element", BALANCE_UNITS)

    @pa.dataframe_check(error=HISTORY)
    def within_history(cls, frame):
        return no_spike(frame, "value", ["area_code", "element_code", "item_code"])


class FoodBalanceClass(Lineage):
    """raw.faostat_fbs_classes: one row per (area, element, class, year) of the derived class layout of FAOSTAT's
    food balances 2010-2023; the world and regional means have no ISO3 code, regional means no area."""

    iso3: Series[str] = pa.Field(description="ISO3 code of the area", str_matches=ISO3, nullable=True)
    area: Series[str] = pa.Field(description="the area's name", nullable=True)
    element: Series[str] = pa.Field(description="the element (Food, Production, Food supply quantity, ...)")
    fbs_class: Series[str] = pa.Field(description="the food-balance class (Fish and seafood, ...)")
    unit: Series[str] = pa.Field(description="the unit of the figure")
    type: Series[str] = pa.Field(description="Balance (tonnes) or Per capita", isin=["Balance", "Per capita"])
    year: Series[int] = pa.Field(description="the year", ge=1961, le=2100, coerce=True)
    value: Series[float] = pa.Field(finite=True, coerce=True, description="negative for stock variations and residuals")

    class Config:
        strict = True

    @pa.dataframe_check(error="unit_as_declared: each element's unit is the one schemas/fao.py declares for it")
    def unit_as_declared(cls, frame):
        return as_declared(frame, "unit", "element", CLASS_UNITS)
