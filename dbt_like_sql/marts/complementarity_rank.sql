-- One row per (year, exporter, importer, product level): where the importer ranks among all
-- importers by complementarity with the exporter's exports (1 = the best match). Serves the
-- headline: how Russia and China rank as buyers of what North Korea sells.
select
    year, exporter_iso3, importer_iso3, product_level, tci,
    rank() over (partition by year, exporter_iso3, product_level order by tci desc) as rank,  -- 1 for the importer most complementary to the exporter
    count(*) over (partition by year, exporter_iso3, product_level) as importers  -- how many importers are ranked that year
from marts.trade_complementarity
