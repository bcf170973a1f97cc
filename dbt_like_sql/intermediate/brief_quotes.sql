-- One row per place a quote of a brief's ledger, exclusions or checkable statements stands in that brief's text:
-- the brief, the claim's id (or the exclusion's reason), the line, and the span [start, end) in characters.
-- Serves marts.brief_coverage and the annotated briefs in the report. A quote may stand in several
-- places; a claim's quote must stand in exactly one (a data test checks it).
with quotes as (
    select 'claim' as owner, brief, claim_id, null as reason, quote from seeds.claims
    union all
    select 'exclusion', brief, null, reason, quote from seeds.claim_exclusions where quote is not null
    union all
    select 'statement', brief, null, excluded_because, quote from seeds.checkable_statements
),
pieces as (
    select quotes.*, lines.line, string_split(lines.text, quotes.quote) as pieces
    from quotes
    join raw.brief_lines as lines on lines.brief = quotes.brief and contains(lines.text, quotes.quote)
),
places as (
    select *, unnest(range(1, len(pieces))) as occurrence
    from pieces
)
select
    owner,  -- claim, exclusion or statement
    brief,  -- the brief (seeds.briefs) whose text it stands in
    claim_id,  -- the claim whose quote this is, for a claim
    reason,  -- why the numbers inside are not claims, for an exclusion; why no claim checks it, for a statement
    quote,  -- the quote, verbatim
    line,  -- the brief's line it stands on
    (list_sum(list_transform(pieces[1:occurrence], lambda piece: length(piece))) + (occurrence - 1) * length(quote))::integer as start,  -- its first character's offset in the line
    (list_sum(list_transform(pieces[1:occurrence], lambda piece: length(piece))) + occurrence * length(quote))::integer as "end"  -- the offset just past it
from places
