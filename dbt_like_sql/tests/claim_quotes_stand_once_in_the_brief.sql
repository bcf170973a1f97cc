-- Claims whose quote does not stand exactly once in the brief's text, and pairs of claims whose
-- quotes overlap without being the same: each claim is marked in one place of the annotated brief.
-- A warehouse with no brief recorded (a test's partial store) has nothing to annotate.
with places as (
    select claims.claim_id, claims.quote, count(quotes.line) as places
    from seeds.claims as claims
    left join intermediate.brief_quotes as quotes on quotes.owner = 'claim' and quotes.claim_id = claims.claim_id
    group by all
),
overlapping as (
    select a.claim_id, 'overlaps the quote of ' || b.claim_id as problem
    from intermediate.brief_quotes as a
    join intermediate.brief_quotes as b
        on a.owner = 'claim' and b.owner = 'claim' and a.line = b.line and a.claim_id < b.claim_id
       and a.start < b."end" and b.start < a."end" and (a.start <> b.start or a."end" <> b."end")
)
select claim_id, printf('its quote stands in %d places, not one: %s', places, quote) as problem
from places
where places <> 1 and exists (select 1 from raw.brief_lines)
union all
select claim_id, problem from overlapping
