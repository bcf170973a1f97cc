-- FAO's food balance figures in the food_supply shape: 'fao_owid' (supply per person, to 2017), 'faostat' (export
-- and import quantities, to 2019) and 'faostat_fbs' (the derived layout's "Fish and seafood" class, 2010-2023, a
-- zero taken as missing and `carried_forward` marking a balance FAO carried forward).
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
select iso3, year, item, element, value, unit, source, carried_forward, snapshot_sha256
from per_capita
union all
select * from balances
union all
select classes.iso3, classes.year, classes.item, classes.element, classes.value, classes.unit, 'faostat_fbs',
       coalesce(repeated.carried_forward, false), classes.snapshot_sha256
from classes
left join repeated using (iso3, year)
