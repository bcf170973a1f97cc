-- One row per (year, exporter, importer, product level): where the importer ranks among the
-- economies that import, by complementarity with the exporter's exports (1 = the best match), and
-- among the large ones (seeds.large_importers). Serves the headline: how Russia and China rank as
-- buyers of what North Korea sells. Codes that are no economy (seeds.rank_exclusions: Antarctica,
-- undeclared partners, uninhabited islands) are left out. A rank exists only in years that
-- (nearly) every reporter covers (intermediate.reporter_coverage); elsewhere it is null and
-- rank_note says why.
-- grain: year, exporter_iso3, importer_iso3, product_level
with imports as (
    select year, iso3 as importer_iso3, product_level, sum(value_usd) as imports_usd
    from intermediate.product_shares
    where flow = 'M' and market_iso3 = 'WLD'
    group by all
),
economies as (
    select complementarity.*, coverage.covered, coverage.reporters, coverage.best_reporters, imports.imports_usd,
           imports.imports_usd >= threshold.min_imports_usd as is_large
    from marts.trade_complementarity as complementarity
    join intermediate.reporter_coverage as coverage using (year)
    left join staging.countries as importer on importer.iso3 = complementarity.importer_iso3
    left join imports using (year, importer_iso3, product_level)
    cross join seeds.large_importers as threshold
    where coalesce(importer.is_economy, true)
)
select
    year, exporter_iso3, exporter_name, importer_iso3, importer_name, product_level, tci,
    case when covered then rank() over (partition by year, exporter_iso3, product_level order by tci desc)
    end as rank,  -- 1 for the importer most complementary to the exporter; null where too few reporters are present to rank
    count(*) over (partition by year, exporter_iso3, product_level) as importers,  -- how many economies rank (those with a TCI that year)
    imports_usd,  -- the importer's goods imports that year, USD
    case when covered and is_large then rank() over (partition by year, exporter_iso3, product_level, is_large
                                                     order by tci desc)
    end as rank_among_large,  -- the rank among the large importers only; null for a smaller importer
    count(*) filter (where is_large) over (partition by year, exporter_iso3, product_level) as large_importers,  -- how many large importers rank
    case when not covered then printf('no rank: %d of the %d reporters of the best-covered year are present in %d (a rank needs 90%%)',
                                      reporters, best_reporters, year)
    end as rank_note  -- why rank is null, where it is
from economies
