-- One row per (export-share claim, numerator, denominator): the claimed chapter's share measured on
-- every base the warehouse can compute or holds as a published figure. A base is its denominator:
-- exports to the world or to a partner taking more than 5% of the exporter's exports, as the Atlas
-- counts them or as a published total gives them (seeds.share_base_figures: KOTRA, China's customs).
-- Over each denominator stand the numerators of its market: the Atlas's chapter, the chapter
-- together with each other chapter of its official WCO section (HS61 with HS62), and the published
-- parts naming the chapter. Two numerators over one denominator are one base (coal alone and all of
-- HS27, both over exports to China). Serves intermediate.table_bases and marts.claim_checks, whose
-- notes name a base only when it is clearly the nearest.
with claims as (
    select brief, claim_id, split_part(metric_args, '|', 1) as iso3, try_cast(split_part(metric_args, '|', 2) as integer) as year,
           split_part(metric_args, '|', 3) as product_code
    from seeds.claims
    where metric = 'export_share'
),
flows as (
    select claims.brief, claims.claim_id, claims.product_code as claimed, flows.partner_iso3, flows.product_code, flows.value_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.iso3 and flows.year = claims.year
       and flows.flow = 'X' and flows.product_level = 'hs2'
),
partner_totals as (
    select brief, claim_id, partner_iso3, sum(value_usd) as value_usd,
           sum(value_usd) / sum(sum(value_usd)) over (partition by brief, claim_id) as partner_share
    from flows
    group by brief, claim_id, partner_iso3
),
markets as (
    select brief, claim_id, 'WLD' as market_iso3 from flows group by brief, claim_id
    union all
    select brief, claim_id, partner_iso3 from partner_totals where partner_share > 0.05
),
published as (
    select claims.brief, claims.claim_id, bases.role, bases.market_iso3, bases.label, figures.value * 1e9 as value_usd
    from claims
    join seeds.share_base_figures as bases
        on bases.iso3 = claims.iso3 and bases.period = claims.year::varchar
       and (bases.role = 'total' or list_contains(string_split(bases.product_codes, '+'), claims.product_code))
    join staging.published_figures as figures
        on figures.figure_id = bases.figure_id and figures.period = bases.period and figures.unit = 'bn USD'
),
totals as (
    select markets.brief, markets.claim_id, markets.market_iso3,
           case markets.market_iso3 when 'WLD' then 'the Atlas''s exports to the world'
                else 'the Atlas''s exports to ' || markets.market_iso3 end as label,
           sum(flows.value_usd) as value_usd
    from markets
    join flows on flows.brief = markets.brief and flows.claim_id = markets.claim_id
              and (markets.market_iso3 = 'WLD' or flows.partner_iso3 = markets.market_iso3)
    group by all
    union all
    select brief, claim_id, market_iso3, label, value_usd from published where role = 'total'
),
section_chapters as (
    select claims.brief, claims.claim_id, other.product_code, own.section
    from claims
    join staging.hs_products as own on own.product_level = 'hs2' and own.product_code = claims.product_code
    join staging.hs_products as other on other.product_level = 'hs2' and other.section = own.section
),
atlas_parts as (
    -- the chapter alone, and with each other chapter of its section, in each market
    select markets.brief, markets.claim_id, markets.market_iso3,
           case when chapters.product_code = any_value(flows.claimed) then 'the Atlas''s HS' || chapters.product_code
                else 'the Atlas''s HS' || any_value(flows.claimed) || '+HS' || chapters.product_code end as label,
           sum(flows.value_usd) filter (where flows.product_code in (flows.claimed, chapters.product_code)) as value_usd
    from markets
    join section_chapters as chapters on chapters.brief = markets.brief and chapters.claim_id = markets.claim_id
    join flows on flows.brief = markets.brief and flows.claim_id = markets.claim_id
              and (markets.market_iso3 = 'WLD' or flows.partner_iso3 = markets.market_iso3)
    group by markets.brief, markets.claim_id, markets.market_iso3, chapters.product_code
),
parts as (
    select brief, claim_id, market_iso3, label, value_usd from atlas_parts where value_usd > 0
    union all
    select brief, claim_id, market_iso3, label, value_usd from published where role = 'part'
)
select
    parts.brief,  -- the claim's brief (seeds.briefs)
    parts.claim_id,  -- the export-share claim's id in seeds.claims
    parts.label as numerator,  -- what is counted: a chapter, a union of chapters, or a published part
    totals.label as denominator,  -- the base: the exports it is a share of, and whose count
    parts.market_iso3,  -- the market of both: WLD for the world, else the partner
    totals.value_usd as denominator_usd,  -- the base's value, USD
    100 * parts.value_usd / totals.value_usd as value  -- the claimed chapter's share on that base, in percent
from parts
join totals using (brief, claim_id, market_iso3)
