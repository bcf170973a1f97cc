-- One row per numeric expression in a brief's text (numbers, percentages, money, years, ranks,
-- ordinal and count words) and per checkable statement with no number (seeds.checkable_statements):
-- the brief's claims whose quote holds it (overlaps it, for a statement), or why it is not a claim
-- (seeds.claim_exclusions, or the statement's own reason), or neither. Serves `tradebrief claims
-- coverage`; a data test fails the build when one is neither in the ledger nor excluded.
with numbers as (
    select brief, line, start, "end", expression, kind from raw.brief_numbers
    union all
    select brief, line, start, "end", quote, 'statement' from intermediate.brief_quotes where owner = 'statement'
),
claimed as (
    select numbers.brief, numbers.line, numbers.start,
           string_agg(distinct quotes.claim_id, ', ' order by quotes.claim_id) as claim_ids
    from numbers
    join intermediate.brief_quotes as quotes
        on quotes.owner = 'claim' and quotes.brief = numbers.brief and quotes.line = numbers.line
       and (quotes.start <= numbers.start and quotes."end" >= numbers."end"
            or numbers.kind = 'statement' and quotes.start < numbers."end" and quotes."end" > numbers.start)
    group by all
),
excluded as (
    select numbers.brief, numbers.line, numbers.start, string_agg(distinct reason, '; ' order by reason) as reasons
    from numbers
    join (
        select brief, line, start, "end", reason, null as kind from intermediate.brief_quotes where owner = 'exclusion'
        union all
        select brief, line, start, "end", reason, 'statement' from intermediate.brief_quotes
        where owner = 'statement' and reason is not null
        union all
        select brief, null, null, null, reason, kind from seeds.claim_exclusions where kind is not null
    ) as exclusions
        on exclusions.brief = numbers.brief
       and ((exclusions.kind = numbers.kind and exclusions.line is null)
            or (exclusions.line = numbers.line and exclusions.start <= numbers.start and exclusions."end" >= numbers."end"
                and (exclusions.kind is null or exclusions.kind = numbers.kind)))
    group by all
)
select
    numbers.brief,  -- the brief (seeds.briefs)
    numbers.line,  -- the brief's line
    numbers.start,  -- the expression's first character's offset in the line
    numbers.expression,  -- the expression as written, or the statement
    numbers.kind,  -- what kind of number it is, or statement
    claimed.claim_ids,  -- the brief's claims whose quote holds it, comma-separated
    excluded.reasons as excluded_because,  -- why it is not a claim, where the exclusions say so
    case when claimed.claim_ids is not null then 'ledger' when excluded.reasons is not null then 'excluded'
         else 'uncovered' end as coverage  -- ledger, excluded or uncovered (a build with any uncovered fails)
from numbers
left join claimed using (brief, line, start)
left join excluded using (brief, line, start)
