-- Claims whose quote does not stand exactly once in their brief's text, and pairs of claims whose
-- quotes overlap without being the same: each claim is marked in one place of its annotated brief.
-- A brief that is a plain list of claims has no text to annotate.
with places as (
    select claims.brief, claims.claim_id, claims.quote, count(quotes.line) as places
    from seeds.claims as claims
    join seeds.briefs as briefs on briefs.brief = claims.brief and briefs.text_file is not null
    left join intermediate.brief_quotes as quotes
        on quotes.owner = 'claim' and quotes.brief = claims.brief and quotes.claim_id = claims.claim_id
    group by all
),
overlapping as (
    select a.brief, a.claim_id, 'overlaps the quote of ' || b.claim_id as problem
    from intermediate.brief_quotes as a
    join intermediate.brief_quotes as b
        on a.owner = 'claim' and b.owner = 'claim' and a.brief = b.brief and a.line = b.line and a.claim_id < b.claim_id
       and a.start < b."end" and b.start < a."end" and (a.start <> b.start or a."end" <> b."end")
)
select brief, claim_id, printf('its quote stands in %d places, not one: %s', places, quote) as problem
from places
where places <> 1
union all
select brief, claim_id, problem from overlapping
