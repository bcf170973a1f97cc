-- One row per (year, reporter, partner, flow, product) that both sides report to UN Comtrade: what
-- the reporter says beside what its partner says of the same flow, the gap and their ratio. CIF/FOB
-- valuation and misreporting make real gaps; analysts need to see them before trusting a mirror.
-- grain: year, reporter_iso3, partner_iso3, flow, product_level, product_code
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
    reported.year,  -- calendar year of the flow
    reported.reporter_iso3,  -- ISO3 code of the country whose flow this is
    reported.partner_iso3,  -- ISO3 code of its partner
    reported.flow,  -- X: the reporter's exports to the partner; M: its imports from it
    reported.product_level,  -- total, or the HS level of product_code
    reported.product_code,  -- the HS code, or TOTAL for all goods
    reported.value_usd as reported_usd,  -- the flow as the reporter declared it, current USD
    mirrored.value_usd as mirrored_usd,  -- the same flow as the partner declared it (the mirror), current USD
    reported.value_usd - mirrored.value_usd as gap_usd,  -- reported - mirrored, current USD
    reported.value_usd / nullif(mirrored.value_usd, 0) as gap_ratio  -- reported / mirrored: 1 where both sides agree
from reported
join mirrored using (year, reporter_iso3, partner_iso3, flow, product_level, product_code)
