-- One row per place a quote of the ledger, the exclusions or the checkable statements stands in the brief's text: the
-- claim's id (or the exclusion's reason), the line, and the span [start, end) in characters.
-- Serves marts.brief_coverage and the annotated brief in the report. A quote may stand in several
-- places; a claim's quote must stand in exactly one (a data test checks it).
with quotes as (
    select 'claim' as owner, claim_id, null as reason, quote from seeds.claims
    union all
    select 'exclusion', null, reason, quote from seeds.claim_exclusions where quote is not null
    union all
    select 'statement', null, excluded_because, quote from seeds.checkable_statements
),
pieces as (
    select quotes.*, lines.line, string_split(lines.text, quotes.quote) as pieces
    from quotes
    join raw.brief_lines as lines on contains(lines.text, quotes.quote)
),
places as (
    select *, unnest(range(1, len(pieces))) as occurrence
    from pieces
)
select
    owner,  -- claim, exclusion or statement
    claim_id,  -- the claim whose quote this is, for a claim
    reason,  -- why the numbers inside are not claims, for an exclusion; why no claim checks it, for a statement
    quote,  -- the quote, verbatim
    line,  -- the brief's line it stands on
    (list_sum(list_transform(pieces[1:occurrence], lambda piece: length(piece))) + (occurrence - 1) * length(quote))::integer as start,  -- its first character's offset in the line
    (list_sum(list_transform(pieces[1:occurrence], lambda piece: length(piece))) + occurrence * length(quote))::integer as "end"  -- the offset just past it
from places
