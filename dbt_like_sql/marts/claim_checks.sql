-- One row per claim of seeds.claims: the brief's number beside what the data gives, and a verdict:
-- supported, contradicted, unverifiable (no data can check it, or the evidence is missing) or stale
-- (the evidence is for another period than the claim). Serves the brief's every stated number.
-- Tolerance is the larger of the ledger's absolute and relative tolerance; "about", "some",
-- "roughly" and "around" widen it to 10%; "over", "more than" and "in excess of" only need the data
-- at or above the number; "nearly" and "almost" need it at or just below (within the relative
-- tolerance); a range needs the data inside it. delta is in delta_unit: percentage points for shares.
with claims as (
    select *, coalesce(value, (value_low + value_high) / 2) as stated
    from seeds.claims
),
compared as (
    select claims.*, evidence.computed_value, evidence.evidence_period as found_period, evidence.evidence_source,
           evidence.snapshot_sha256, evidence.note as evidence_note,
           greatest(coalesce(claims.tolerance_abs, 0), coalesce(claims.tolerance_rel, 0) * abs(claims.stated),
                    case when claims.hedge in ('about', 'some', 'roughly', 'around') then 0.1 * abs(claims.stated) else 0 end
           ) as tolerance
    from claims
    left join intermediate.claim_evidence as evidence using (claim_id)
),
judged as (
    select *,
           case
               when metric = 'none' or computed_value is null then 'unverifiable'
               when found_period is distinct from evidence_period then 'stale'
               when hedge in ('over', 'more than', 'in excess of') then
                   case when computed_value >= stated - tolerance then 'supported' else 'contradicted' end
               when hedge in ('nearly', 'almost') then
                   case when computed_value between stated * (1 - coalesce(tolerance_rel, 0.1)) - coalesce(tolerance_abs, 0)
                                                and stated + coalesce(tolerance_abs, 0)
                        then 'supported' else 'contradicted' end
               when value_low is not null then
                   case when computed_value between value_low - tolerance and value_high + tolerance
                        then 'supported' else 'contradicted' end
               when abs(computed_value - stated) <= tolerance then 'supported'
               else 'contradicted'
           end as verdict
    from compared
),
nearest_base as (
    select bases.claim_id, bases.base, bases.value
    from intermediate.share_bases as bases
    join claims using (claim_id)
    qualify row_number() over (partition by bases.claim_id order by abs(bases.value - claims.stated)) = 1
)
select
    judged.claim_id,  -- the claim's id in seeds.claims
    judged.verdict,  -- supported, contradicted, unverifiable or stale
    judged.stated as published_value,  -- the brief's number (the middle of a range)
    judged.computed_value,  -- what the data gives, in `unit`
    judged.unit,  -- the unit of both values
    judged.computed_value - judged.stated as delta,  -- computed - published, in delta_unit
    judged.delta_unit,  -- pp (percentage points) for shares, else the claim's unit
    judged.evidence_source,  -- the source and the table the evidence comes from
    judged.snapshot_sha256,  -- the snapshots the evidence was computed from
    current_timestamp as checked_at,  -- when this run checked the claim
    concat_ws('; ',
        case when judged.verdict = 'unverifiable' then coalesce(judged.unverifiable_reason, 'no evidence found for ' || judged.metric) end,
        judged.evidence_note,
        case when judged.verdict = 'stale' then 'the evidence is for ' || coalesce(judged.found_period, '?')
                                              || ', the claim for ' || judged.evidence_period end,
        case when nearest_base.base is not null and judged.verdict <> 'supported' then
            printf('the nearest other base is %s: %.1f%%%s', nearest_base.base, nearest_base.value,
                   case when abs(nearest_base.value - judged.stated) <= judged.tolerance then ', which the claim matches'
                        else '' end)
        end
    ) as note  -- the evidence in words, and why a claim is not supported
from judged
left join nearest_base using (claim_id)
