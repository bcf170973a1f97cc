-- One row per (country, year, item, element, source): FAO food balance figures. Serves the brief's
-- claims on fish consumption in Russia and on Russia as a fish exporter. 'fao_owid' is the
-- per-capita supply series (kg per person per year, to 2017); 'faostat' is FAOSTAT's own food
-- balance (export and import quantities, 1000 tonnes, to 2019); 'faostat_fbs' is a derived layout
-- of the food balances 2010-2023 whose "Fish and seafood" class sums FAO's fish items (aquatic
-- plants and mammals included). In that layout a class with no items is written 0, so a zero is
-- taken as missing; and a year whose food and production tonnages repeat the year before's
-- exactly while the supply per person moves is FAO carrying a balance forward (population alone
-- moved): `carried_forward` marks every figure of that country and year.
-- grain: iso3, year, item, element, source
with per_capita as (
    select case iso3 when 'OWID_WRL' then 'WLD' else iso3 end as iso3, year, 'Fish, Seafood' as item,
           'Food supply quantity' as element, value, 'kg/capita/yr' as unit, 'fao_owid' as source, false as carried_forward,
           snapshot_sha256
    from raw.fao_fish_supply
    where regexp_full_match(iso3, '[A-Z]{3}') or iso3 = 'OWID_WRL'
),
balances as (
    select iso3, year, item, element, value, unit, 'faostat' as source, false as carried_forward, snapshot_sha256
    from raw.faostat_food_balances
    where iso3 is not null and value is not null
),
classes as (
    select coalesce(iso3, case when area = 'World' then 'WLD' end) as iso3, year, 'Fish and seafood (class)' as item,
           case element when 'Food supply quantity (kg/capita/yr)' then 'Food supply quantity' else element end as element,
           value, case unit when 'kg/cap' then 'kg/capita/yr' else unit end as unit, snapshot_sha256
    from raw.faostat_fbs_classes
    where (iso3 is not null or area = 'World') and fbs_class = 'Fish and seafood' and value > 0
    -- the world's rows stand in every country's file of the layout: one copy of each
    qualify row_number() over (partition by iso3, area, year, element order by source_file) = 1
),
repeated as (
    select iso3, year,
           bool_and(value = previous) filter (where element in ('Food', 'Production'))
               and bool_or(value <> previous) filter (where element = 'Food supply quantity') as carried_forward
    from (select *, case when lag(year) over (partition by iso3, element order by year) = year - 1
                         then lag(value) over (partition by iso3, element order by year) end as previous
          from classes)
    group by iso3, year
)
select
    iso3,  -- ISO 3166 alpha-3 code of the country; WLD for the world
    year::integer as year,  -- calendar year of the figure
    item,  -- FAO food item: Fish, Seafood (FAO's group) or Fish and seafood (class) (the derived layout's sum)
    element,  -- FAO element: food supply quantity, export or import quantity, production, food
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value` (kg/capita/yr, tonnes, ...)
    source,  -- the tradebrief source the row comes from: fao_owid, faostat or faostat_fbs
    carried_forward,  -- true where FAO repeated the year before's balance and only population moved
    snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot the figure was read from
from per_capita
union all
select * from balances
union all
select classes.iso3, classes.year::integer, classes.item, classes.element, classes.value::double, classes.unit, 'faostat_fbs',
       coalesce(repeated.carried_forward, false), classes.snapshot_sha256
from classes
left join repeated using (iso3, year)
