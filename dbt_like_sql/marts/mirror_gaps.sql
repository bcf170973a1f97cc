-- One row per (year, reporter, partner, flow, product) that both sides report to UN Comtrade: what
-- the reporter says beside what its partner says of the same flow, and their ratio. CIF/FOB
-- valuation and misreporting make real gaps; analysts need to see them before trusting a mirror.
with reported as (
    select year, reporter_iso3, partner_iso3, flow, product_level, product_code, value_usd
    from staging.trade_flows
    where source = 'comtrade' and not is_mirror
),
mirrored as (
    select year, reporter_iso3, partner_iso3, flow, product_level, product_code, value_usd
    from staging.trade_flows
    where source = 'comtrade' and is_mirror
)
select
    reported.year, reported.reporter_iso3, reported.partner_iso3, reported.flow, reported.product_code,
    reported.value_usd as reported_usd,  -- the flow as the reporter declared it, current USD
    mirrored.value_usd as mirrored_usd,  -- the same flow as the partner declared it (the mirror), current USD
    reported.value_usd / nullif(mirrored.value_usd, 0) as gap_ratio  -- reported / mirrored: 1 where both sides agree
from reported
join mirrored using (year, reporter_iso3, partner_iso3, flow, product_level, product_code)
