-- One row per (year, exporter, importer, product level): where the importer ranks among all
-- importers by complementarity with the exporter's exports (1 = the best match). Serves the
-- headline: how Russia and China rank as buyers of what North Korea sells. A rank exists only in
-- years that (nearly) every reporter covers (intermediate.reporter_coverage); elsewhere it is
-- null and rank_note says why.
with complementarity as (
    select complementarity.*, coverage.covered, coverage.reporters, coverage.best_reporters
    from marts.trade_complementarity as complementarity
    join intermediate.reporter_coverage as coverage using (year)
)
select
    year, exporter_iso3, importer_iso3, product_level, tci,
    case when covered then rank() over (partition by year, exporter_iso3, product_level order by tci desc)
    end as rank,  -- 1 for the importer most complementary to the exporter; null where too few reporters are present to rank
    count(*) over (partition by year, exporter_iso3, product_level) as importers,  -- how many importers have a TCI that year
    case when not covered then printf('no rank: %d of the %d reporters of the best-covered year are present in %d (a rank needs 90%%)',
                                      reporters, best_reporters, year)
    end as rank_note  -- why rank is null, where it is
from complementarity
