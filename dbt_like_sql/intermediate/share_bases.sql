-- One row per (export-share claim, other base): the same chapter's share measured on another base
-- than the brief names (exports to one market rather than to the world, or two chapters of one
-- Atlas section together, such as knit and not-knit apparel).
-- Serves the notes of marts.claim_checks, which say which base a share matches when not its own.
with claims as (
    select claim_id, value, split_part(metric_args, '|', 1) as iso3,
           try_cast(split_part(metric_args, '|', 2) as integer) as year, split_part(metric_args, '|', 3) as product_code
    from seeds.claims
    where metric = 'export_share'
),
market_shares as (
    select claims.claim_id, 'exports to ' || shares.market_iso3 || ' only' as base, 100 * shares.share as value
    from claims
    join intermediate.product_shares as shares
        on shares.iso3 = claims.iso3 and shares.year = claims.year and shares.flow = 'X'
       and shares.product_level = 'hs2' and shares.product_code = claims.product_code and shares.market_iso3 <> 'WLD'
),
chapter_pairs as (
    select claims.claim_id, 'HS' || claims.product_code || ' + HS' || other.product_code || ' together' as base,
           100 * (own.share + other.share) as value
    from claims
    join marts.export_structure as own
        on own.iso3 = claims.iso3 and own.year = claims.year and own.product_level = 'hs2'
       and own.product_code = claims.product_code
    join marts.export_structure as other
        on other.iso3 = claims.iso3 and other.year = claims.year and other.product_level = 'hs2'
       and other.product_code <> claims.product_code
    join staging.hs_products as own_chapter
        on own_chapter.product_level = 'hs2' and own_chapter.product_code = own.product_code
    join staging.hs_products as other_chapter
        on other_chapter.product_level = 'hs2' and other_chapter.product_code = other.product_code
    where own_chapter.section_name = other_chapter.section_name
)
select * from market_shares
union all
select * from chapter_pairs
