-- One row per (country, year, HS2 chapter) for the countries whose exports are held year after
-- year (the Atlas's country files: North Korea, Russia and China, 2010-2020): the chapter's exports,
-- its share of the country's exports, and the change from the year before. Serves the time series
-- of what North Korea sold before and after the 2017 sanctions.
with held as (
    select iso3
    from marts.export_structure
    where product_level = 'hs2'
    group by iso3
    having count(distinct year) >= 5
)
select
    structure.iso3, structure.country_name, structure.year, structure.product_code, structure.product_name,
    structure.short_name, structure.value_usd, structure.share, structure.rank,
    case when lag(structure.year) over chapter = structure.year - 1
         then structure.value_usd - lag(structure.value_usd) over chapter
    end as change_usd  -- exports of the chapter minus the year before's, USD; null where the year before holds none
from marts.export_structure as structure
join held using (iso3)
where structure.product_level = 'hs2'
window chapter as (partition by structure.iso3, structure.product_code order by structure.year)
