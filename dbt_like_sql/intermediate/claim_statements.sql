-- One row per claim of seeds.claims: what the brief's words accept, by the rule table in docs/verdict-rules.md.
-- `accept_low` to `accept_high` is the region of values that bear the claim out (open at its top
-- where `high_open` says so); `stated_low` to `stated_high` is the interval the stated figure could
-- have been rounded from, read at its least precise plausible reading (half a unit of its last
-- non-zero digit when it ends in zeros: 400 stands for 350 to 450); the internal checks
-- recompute from it. A period hedge judges every year of `span_start` to `span_end` (all years
-- held for a record low). Serves marts.claim_checks.
with claims as (
    select *,
           coalesce(value, (value_low + value_high) / 2) as stated,
           greatest(coalesce(tolerance_abs, 0), coalesce(tolerance_rel, 0) * abs(coalesce(value, 0))) as tolerance
    from seeds.claims
),
rounding as (
    select brief, claim_id,
           list_transform([coalesce(value_low, value), coalesce(value_high, value)], lambda figure:
               case
                   when figure = 0 then 0.5
                   when figure = trunc(figure) then 0.5 * 10 ** length(regexp_extract(trunc(abs(figure))::bigint::varchar, '0*$'))
                   else 0.5 * 10 ** -length(regexp_extract(figure::varchar, '\.(\d+)$', 1))
               end) as half_units
    from claims
),
regions as (
    select claims.*,
           case
               when value is null then value_low
               when hedge in ('about', 'some', 'roughly', 'around') then value - greatest(tolerance, 0.1 * abs(value))
               when hedge in ('over', 'more than', 'in excess of', 'record low') then value
               when hedge in ('under', 'less than', 'steadily declining') then '-infinity'::double
               when hedge in ('nearly', 'almost') then
                   value - case when tolerance_abs is null and tolerance_rel is null then 0.1 * abs(value) else tolerance end
               else value - tolerance
           end as accept_low,
           case
               when value is null then value_high
               when hedge in ('about', 'some', 'roughly', 'around') then value + greatest(tolerance, 0.1 * abs(value))
               when hedge in ('over', 'more than', 'in excess of', 'record low') then 'infinity'::double
               when hedge in ('under', 'less than', 'steadily declining', 'nearly', 'almost') then value
               else value + tolerance
           end as accept_high
    from claims
)
select
    regions.brief,  -- the claim's brief (seeds.briefs)
    regions.claim_id,  -- the claim's id in seeds.claims
    regions.metric,  -- the metric that checks it (seeds.claim_metrics)
    regions.unit,  -- the claim's unit (seeds.units)
    regions.hedge,  -- the hedge word, if any
    regions.match,  -- same, proxy or different_base: how the evidence's quantity stands to the claim's
    regions.match_margin_low,  -- how far below the evidence the claimed quantity may lie, in the claim's unit
    regions.match_margin_high,  -- how far above the evidence the claimed quantity may lie, in the claim's unit
    regions.match_reason,  -- why the evidence is a proxy or another base, and why these margins
    regions.evidence_period,  -- the period the claim is about
    regions.stated,  -- the brief's number (the middle of a range)
    coalesce(regions.value_low, regions.value) - rounding.half_units[1] as stated_low,  -- the least the stated figure could have been rounded from
    coalesce(regions.value_high, regions.value) + rounding.half_units[2] as stated_high,  -- the most the stated figure could have been rounded from
    regions.tolerance,  -- the larger of the ledger's absolute and relative tolerance, in the claim's unit
    regions.accept_low,  -- the least value that bears the claim out
    regions.accept_high,  -- the most value that bears the claim out
    coalesce(regions.hedge = 'steadily declining', false) as high_open,  -- true when accept_high itself does not bear the claim out (a decline of 0 is no decline)
    case when regions.hedge in ('throughout', 'since', 'steadily declining')
         then try_cast(regexp_extract(regions.evidence_period, '^(\d{4})-\d{4}$', 1) as integer) end as span_start,  -- first year a period hedge judges
    case when regions.hedge in ('throughout', 'since', 'steadily declining')
         then try_cast(regexp_extract(regions.evidence_period, '^\d{4}-(\d{4})$', 1) as integer) end as span_end,  -- last year a period hedge judges
    case when regions.hedge = 'record low' then 'series'
         when regions.hedge in ('throughout', 'since', 'steadily declining') then 'span'
         else 'point' end as period_rule,  -- point: one period; span: every year of the span; series: every year held
    regions.unverifiable_reason  -- why no data can check the claim, for metric none
from regions
join rounding using (brief, claim_id)
