-- One row per (year, country, product level, product): the country's goods exports of the
-- product to the world, its share of the country's exports, and its rank (1 = largest).
-- Serves the brief's list of North Korea's main export chapters in 2016.
-- grain: year, iso3, product_level, product_code
-- required: share
with export_shares as (
    select year, iso3, product_level, product_code, value_usd, share
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD'
)
select
    export_shares.year, export_shares.iso3,
    countries.country_name,  -- the country's name
    export_shares.product_level, export_shares.product_code,
    hs_products.product_name,  -- the product's official HS title
    hs_products.atlas_name as short_name,  -- the Atlas's short name of the product, for charts and tables
    export_shares.value_usd, export_shares.share,
    rank() over (
        partition by export_shares.year, export_shares.iso3, export_shares.product_level
        order by export_shares.value_usd desc
    ) as rank  -- 1 for the country's largest export at that level
from export_shares
left join staging.hs_products using (product_level, product_code)
left join staging.countries as countries on countries.iso3 = export_shares.iso3
