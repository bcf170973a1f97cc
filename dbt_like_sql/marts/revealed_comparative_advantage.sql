-- One row per (year, country, product level, product it exports): Balassa's revealed comparative
-- advantage, x_ik / (X_wk / X_w), above 1 where the product weighs more in the country's
-- exports than in the world's. Serves the competitor view: Russia sells what North Korea sells.
-- Only the years in intermediate.world_totals have a world to compare with.
-- grain: year, iso3, product_level, product_code
with export_shares as (
    select year, iso3, product_level, product_code, share
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD'
)
select
    export_shares.year, export_shares.iso3,
    countries.country_name,  -- the country's name
    export_shares.product_level, export_shares.product_code,
    hs_products.product_name,  -- the product's official HS title
    export_shares.share / world_totals.share as rca  -- Balassa index: above 1 where the country is specialised in the product
from export_shares
join intermediate.world_totals using (year, product_level, product_code)
left join staging.countries as countries on countries.iso3 = export_shares.iso3
left join staging.hs_products using (product_level, product_code)
