-- One row per (year, reporter, partner, flow, classification, product): a goods flow in current
-- USD, in the one shape every trade source becomes. Serves every indicator in marts.
-- The Atlas gives each row both ways, so it becomes an export (X) row and an import (M) row;
-- zero values are dropped. A reporter in seeds.mirror_reporters (North Korea) reports
-- nothing itself, so its rows are mirrored from its partners.
with atlas as (
    select * from raw.atlas_trade
),
exports as (
    select year, reporter_iso3, partner_iso3, 'X' as flow, product_level, product_code,
           export_value as value_usd
    from atlas
    where export_value > 0
),
imports as (
    select year, reporter_iso3, partner_iso3, 'M' as flow, product_level, product_code,
           import_value as value_usd
    from atlas
    where import_value > 0
),
flows as (
    select * from exports
    union all
    select * from imports
)
select
    flows.year::integer as year,
    flows.reporter_iso3,
    flows.partner_iso3,
    flows.flow,
    'HS92' as classification,
    flows.product_level,
    flows.product_code,
    flows.value_usd::double as value_usd,
    null::double as quantity,
    'atlas_hs92' as source,
    mirror_reporters.iso3 is not null as is_mirror
from flows
left join seeds.mirror_reporters on flows.reporter_iso3 = mirror_reporters.iso3
