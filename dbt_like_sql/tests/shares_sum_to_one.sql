-- Each country's product shares, and the world's, sum to 1 for every flow, market and level.
with country_sums as (
    select 'intermediate.product_shares' as model, year, iso3, flow, market_iso3, product_level,
           sum(share) as total
    from intermediate.product_shares
    group by all
),
world_sums as (
    select 'intermediate.world_totals' as model, year, 'WLD' as iso3, 'X' as flow, 'WLD' as market_iso3,
           product_level, sum(share) as total
    from intermediate.world_totals
    group by all
)
select * from country_sums where abs(total - 1) > 1e-9
union all
select * from world_sums where abs(total - 1) > 1e-9
