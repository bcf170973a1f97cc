-- One row per (reporter, year) of the Atlas trade data: the snapshots its rows were read from, so every
-- figure computed from them can name its evidence. Serves the claim evidence and the headline indicators.
select
    reporter_iso3,  -- the Atlas reporter
    year,  -- the year of the trade
    string_agg(distinct snapshot_sha256, ',' order by snapshot_sha256) as snapshot_sha256  -- the snapshots, comma-separated sha256
from raw.atlas_trade
group by all
