-- One row per (year, country, flow, market, product level, product): the product's share of the
-- country's exports (X) or imports (M), with the world ('WLD') or with one market of
-- seeds.similarity_markets. The base of every indicator in marts. Indicators come from the
-- Atlas alone, whose flows are reconciled between reporter and partner. A product that
-- seeds.product_treatment does not count (HS 99, commodities not specified, if set so) is in no
-- share: neither in the numerator nor in the total.
with flows as (
    select flows.year, flows.reporter_iso3 as iso3, flows.partner_iso3, flows.flow, flows.product_level,
           flows.product_code, flows.value_usd
    from staging.trade_flows as flows
    anti join seeds.product_treatment as treatment
        on treatment.product_level = flows.product_level and treatment.product_code = flows.product_code
       and not treatment.counted
    where flows.source = 'atlas_hs92'
),
with_world as (
    select year, iso3, flow, 'WLD' as market_iso3, product_level, product_code,
           sum(value_usd) as value_usd
    from flows
    group by all
),
with_markets as (
    select year, iso3, flow, partner_iso3 as market_iso3, product_level, product_code,
           sum(value_usd) as value_usd
    from flows
    where partner_iso3 in (select iso3 from seeds.similarity_markets)
    group by all
),
product_values as (
    select * from with_world
    union all
    select * from with_markets
)
select
    year,
    iso3,  -- ISO3 code of the country
    flow,
    market_iso3,  -- WLD for trade with the world, or the one market it is with
    product_level,
    product_code,
    value_usd,
    value_usd / sum(value_usd) over (partition by year, iso3, flow, market_iso3, product_level) as share  -- the product's share of the country's exports or imports, 0 to 1
from product_values
