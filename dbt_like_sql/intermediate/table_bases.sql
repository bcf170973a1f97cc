-- One row per export-share claim that the brief states in a list from one source (two or more
-- claims of one footnote, exporter and year): the base that fits the whole list best, and the item
-- on it. A base is a denominator of intermediate.share_bases measured for every item of the list;
-- each item takes its numerator nearest the stated figure on it (coal alone or all of HS27: one
-- base). The best base holds the most items within their tolerance, then has the smallest largest
-- gap. Serves the notes of marts.claim_checks.
with items as (
    select claims.brief, claims.claim_id, claims.footnote, claims.geography, claims.evidence_period, statements.stated,
           statements.tolerance, count(*) over (partition by claims.footnote, claims.geography, claims.evidence_period) as items
    from seeds.claims as claims
    join intermediate.claim_statements as statements using (brief, claim_id)
    where claims.metric = 'export_share' and claims.footnote is not null
),
nearest as (
    select items.*, bases.denominator, bases.market_iso3, bases.denominator_usd, bases.numerator, bases.value,
           abs(bases.value - items.stated) as gap, abs(bases.value - items.stated) <= items.tolerance as inside
    from items
    join intermediate.share_bases as bases using (brief, claim_id)
    where items.items > 1
    qualify row_number() over (partition by items.brief, items.claim_id, bases.denominator order by abs(bases.value - items.stated),
                                                                                        bases.numerator) = 1
),
fits as (
    select footnote, geography, evidence_period, denominator, count(*) as measured, any_value(items) as items,
           count(*) filter (where inside) as inside, max(gap) as largest_gap
    from nearest
    group by all
    having count(*) = any_value(items)
),
chosen as (
    select * from fits
    qualify row_number() over (partition by footnote, geography, evidence_period
                               order by inside desc, largest_gap, denominator) = 1
)
select
    nearest.brief,  -- the claim's brief (seeds.briefs)
    nearest.claim_id,  -- the claim's id in seeds.claims
    chosen.denominator as list_base,  -- the base that fits the list best
    nearest.market_iso3,  -- its market: WLD for the world, else the partner
    nearest.denominator_usd,  -- the base's value, USD
    nearest.numerator,  -- what this item counts on it
    nearest.value,  -- this item's share on it, in percent
    nearest.inside,  -- whether this item is within its tolerance on it
    chosen.inside as list_inside,  -- how many of the list's items are
    chosen.items as list_items,  -- how many items the list has
    chosen.largest_gap as list_largest_gap  -- the largest gap over the list's items, in points
from nearest
join chosen using (footnote, geography, evidence_period, denominator)
