-- One row per (exporter, importer, year) for the pairs held year after year (North Korea's exports
-- with Russia's and China's imports, 2010-2020): the complementarity and its change from the year
-- before, and the rank where the year has every importer to rank among. Serves the time series of
-- how well Russia's imports match what North Korea sells, before and after the 2017 sanctions.
with held as (
    select exporter_iso3, importer_iso3
    from marts.complementarity_rank
    where product_level = 'hs2'
    group by all
    having count(distinct year) >= 5
)
select
    ranks.exporter_iso3, ranks.exporter_name, ranks.importer_iso3, ranks.importer_name, ranks.year, ranks.tci,
    case when lag(ranks.year) over pair = ranks.year - 1
         then ranks.tci - lag(ranks.tci) over pair
    end as tci_change,  -- the complementarity minus the year before's; null where the year before holds none
    ranks.rank, ranks.importers, ranks.rank_note
from marts.complementarity_rank as ranks
join held using (exporter_iso3, importer_iso3)
where ranks.product_level = 'hs2'
window pair as (partition by ranks.exporter_iso3, ranks.importer_iso3 order by ranks.year)
