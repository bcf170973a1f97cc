-- One row per (year, country that reports nothing, partner): the country's goods trade with the
-- partner as the partner reports it to UN Comtrade (a mirror: North Korea's imports are the
-- partner's exports to it). Serves the time series of North Korea's trade with China and Russia
-- 2017-2022, after the 2017 sanctions. A direction whose report is not held is null, and so is the
-- total then.
with mirrored as (
    select flows.year, flows.reporter_iso3, flows.partner_iso3, flows.flow, flows.value_usd, totals.snapshot_sha256
    from staging.trade_flows as flows
    join seeds.mirror_reporters as mirror on mirror.iso3 = flows.reporter_iso3
    join raw.comtrade_totals as totals
        on totals.year = flows.year and totals.reporter_iso3 = flows.partner_iso3
       and totals.partner_iso3 = flows.reporter_iso3 and totals.flow = case flows.flow when 'X' then 'M' else 'X' end
    where flows.source = 'comtrade' and flows.product_level = 'total'
)
select
    mirrored.year,
    mirrored.reporter_iso3 as iso3,  -- ISO3 code of the country that reports nothing (North Korea)
    reporter.country_name,  -- its name
    mirrored.partner_iso3,  -- ISO3 code of the partner whose report this is
    partner.country_name as partner_name,  -- the partner's name
    sum(value_usd) filter (where flow = 'M') as imports_usd,  -- what the partner reports exporting to the country, USD
    sum(value_usd) filter (where flow = 'X') as exports_usd,  -- what the partner reports importing from it, USD
    case when count(distinct flow) = 2 then sum(value_usd) end as total_usd,  -- both directions, where both are held
    string_agg(distinct snapshot_sha256, ',' order by snapshot_sha256) as snapshot_sha256  -- the Comtrade snapshots read
from mirrored
left join staging.countries as reporter on reporter.iso3 = mirrored.reporter_iso3
left join staging.countries as partner on partner.iso3 = mirrored.partner_iso3
group by all
