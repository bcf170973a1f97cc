-- One row per (country, year, item, element, source): FAO food balance figures. Serves the brief's
-- claims on fish consumption in Russia and on Russia as a fish exporter. 'fao_owid' is the
-- per-capita supply series (kg per person per year, to 2017); 'faostat' is FAOSTAT's own food
-- balance (export and import quantities, 1000 tonnes, to 2019); 'faostat_fbs' is a derived layout
-- of the food balances 2010-2023 whose "Fish and seafood" class sums FAO's fish items (aquatic
-- plants and mammals included). In that layout a class with no items is written 0, so a zero is
-- taken as missing; and a year whose food and production tonnages repeat the year before's
-- exactly while the supply per person moves is FAO carrying a balance forward (population alone
-- moved): `carried_forward` marks every figure of that country and year. The rows come from
-- flows/sources/fao/staging/food_supply.sql, gathered in parts.food_supply.
-- grain: iso3, year, item, element, source
select
    iso3,  -- ISO 3166 alpha-3 code of the country; WLD for the world
    year::bigint as year,  -- calendar year of the figure (bigint, as the union of its sources has always given it)
    item,  -- FAO food item: Fish, Seafood (FAO's group) or Fish and seafood (class) (the derived layout's sum)
    element,  -- FAO element: food supply quantity, export or import quantity, production, food
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value` (kg/capita/yr, tonnes, ...)
    source,  -- the tradebrief source the row comes from: fao_owid, faostat or faostat_fbs
    carried_forward,  -- true where FAO repeated the year before's balance and only population moved
    snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot the figure was read from
from parts.food_supply
