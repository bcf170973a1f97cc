-- One row per (export-share claim, candidate base): the claimed chapter's share measured on every
-- base the warehouse can compute or holds as a published figure: exports to the world and to each
-- partner that takes more than 5% of the exporter's exports; the Atlas's and the published
-- figures' own parts and totals (seeds.share_base_figures: KOTRA, China's customs), each part over
-- each total of the same market; and unions of the chapter with the others of its official WCO
-- section (each pair, and the whole section). Serves the notes of marts.claim_checks, which name a
-- base only when it is clearly the nearest.
with claims as (
    select claim_id, split_part(metric_args, '|', 1) as iso3, try_cast(split_part(metric_args, '|', 2) as integer) as year,
           split_part(metric_args, '|', 3) as product_code
    from seeds.claims
    where metric = 'export_share'
),
flows as (
    select claims.claim_id, claims.product_code as claimed, flows.partner_iso3, flows.product_code, flows.value_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.iso3 and flows.year = claims.year
       and flows.flow = 'X' and flows.product_level = 'hs2'
),
partner_totals as (
    select claim_id, partner_iso3, sum(value_usd) as value_usd,
           sum(value_usd) / sum(sum(value_usd)) over (partition by claim_id) as partner_share
    from flows
    group by claim_id, partner_iso3
),
atlas_totals as (
    select claim_id, 'WLD' as market_iso3, 'the Atlas''s exports to the world' as label, sum(value_usd) as value_usd
    from flows
    group by claim_id
    union all
    select claim_id, partner_iso3, 'the Atlas''s exports to ' || partner_iso3, value_usd
    from partner_totals
    where partner_share > 0.05
),
atlas_parts as (
    select atlas_totals.claim_id, atlas_totals.market_iso3, 'the Atlas''s HS' || any_value(flows.claimed) as label,
           sum(flows.value_usd) filter (where flows.product_code = flows.claimed) as value_usd
    from atlas_totals
    join flows on flows.claim_id = atlas_totals.claim_id
              and (atlas_totals.market_iso3 = 'WLD' or flows.partner_iso3 = atlas_totals.market_iso3)
    group by atlas_totals.claim_id, atlas_totals.market_iso3
),
published as (
    select claims.claim_id, bases.role, bases.market_iso3, bases.label, figures.value * 1e9 as value_usd
    from claims
    join seeds.share_base_figures as bases
        on bases.iso3 = claims.iso3 and bases.period = claims.year::varchar
       and (bases.role = 'total' or list_contains(string_split(bases.product_codes, '+'), claims.product_code))
    join staging.published_figures as figures
        on figures.figure_id = bases.figure_id and figures.period = bases.period and figures.unit = 'bn USD'
),
parts as (
    select claim_id, market_iso3, label, value_usd from atlas_parts
    union all
    select claim_id, market_iso3, label, value_usd from published where role = 'part'
),
totals as (
    select claim_id, market_iso3, label, value_usd from atlas_totals
    union all
    select claim_id, market_iso3, label, value_usd from published where role = 'total'
),
source_bases as (
    select parts.claim_id, parts.label || ' over ' || totals.label as base, 100 * parts.value_usd / totals.value_usd as value
    from parts
    join totals using (claim_id, market_iso3)
),
section_chapters as (
    select claims.claim_id, other.product_code, other.share, own_chapter.section
    from claims
    join staging.hs_products as own_chapter on own_chapter.product_level = 'hs2' and own_chapter.product_code = claims.product_code
    join staging.hs_products as other_chapter
        on other_chapter.product_level = 'hs2' and other_chapter.section = own_chapter.section
    join marts.export_structure as other
        on other.iso3 = claims.iso3 and other.year = claims.year and other.product_level = 'hs2'
       and other.product_code = other_chapter.product_code
),
section_bases as (
    select own.claim_id, 'HS' || own.product_code || ' + HS' || other.product_code || ' together (WCO section ' || own.section || ')' as base,
           100 * (own.share + other.share) as value
    from section_chapters as own
    join claims on claims.claim_id = own.claim_id and claims.product_code = own.product_code
    join section_chapters as other on other.claim_id = own.claim_id and other.product_code <> own.product_code
    union all
    select claim_id, 'all of WCO section ' || any_value(section) || ' (' || count(*) || ' chapters)', 100 * sum(share)
    from section_chapters
    group by claim_id
    having count(*) > 2
)
select
    claim_id,  -- the export-share claim's id in seeds.claims
    base,  -- the other base, in words
    value  -- the claimed chapter's share on that base, in percent
from source_bases
union all
select claim_id, base, value from section_bases
