-- One row per claim of seeds.claims, exactly: the brief's number beside what the data gives, and a
-- verdict by the rule table in docs/verdict-rules.md: supported, contradicted, unverifiable (no data can
-- check it, the evidence is missing, a proxy cannot decide, or the claim is a projection), stale
-- (the only evidence is for another period) or error (the claim's unit and the evidence's cannot
-- be compared: a fault in the ledger). Each evidence row is judged against the region the claim's
-- words accept (intermediate.claim_statements); a point claim takes one row by one rule (its own
-- period first, then the preferred source, then the latest) and names the others; a period claim
-- ("throughout", "since", "steadily declining", "record low") is judged at every year it covers,
-- from the preferred evidence of each year. A year a series carried forward is no evidence; a direct
-- count of the claim's quantity comes before a proxy; a check too wide to fail is unverifiable; an
-- item of a list of one source is read beside the list's base (intermediate.table_bases); every
-- note opens with the range the brief's words accept and what the data give.
-- grain: brief, claim_id
-- required: verdict, unit
with statements as (
    select statements.* replace (
               case when statements.match <> 'same' and statements.match_margin_low = 0 and statements.match_margin_high = 0
                    then 'same' else statements.match end as match),
           statements.match as stated_match, metrics.decides, metrics.stand_in_years, metrics.stand_in_reason,
           try_cast(left(statements.evidence_period, 4) as integer) as claim_year, claim_unit.dimension
    from intermediate.claim_statements as statements
    join seeds.claim_metrics as metrics using (metric)
    left join seeds.units as claim_unit on claim_unit.unit = statements.unit
),
carried as (
    select model, source, string_agg(year::varchar, ', ' order by year) as years, min(year) as first_year,
           min(last_genuine_year) as last_genuine_year
    from intermediate.carried_forward_years
    group by all
),
evidence as (
    -- the evidence of every year the series measured: a year it carried forward is none, and says so
    select evidence.* replace (
               evidence.note || case when carried.first_year > try_cast(left(evidence.evidence_period, 4) as integer)
                   then printf('; %s repeats %d''s figures in %s, which are no evidence for those years', carried.source,
                               carried.last_genuine_year, carried.years)
                   else '' end as note)
    from intermediate.claim_evidence as evidence
    left join carried on carried.model = evidence.evidence_table and carried.source = evidence.evidence_series
    where not exists (select 1 from intermediate.carried_forward_years as years
                      where years.model = evidence.evidence_table and years.source = evidence.evidence_series
                        and years.year::varchar = evidence.evidence_period)
    -- the note breaks a tie (a total both countries report alike): the same evidence every build
    qualify row_number() over (partition by brief, claim_id, evidence_period
                               order by preference, evidence_source, computed_value, evidence.note) = 1
),
measured as (
    select statements.*, evidence.evidence_period as found_period, evidence.evidence_source, evidence.evidence_table,
           evidence.snapshot_sha256,
           evidence.note as evidence_note, evidence.preference, evidence.evidence_unit,
           try_cast(left(evidence.evidence_period, 4) as integer) as found_year,
           coalesce(evidence_unit.dimension = statements.dimension, false) as units_agree,
           evidence.computed_value * evidence_unit.factor / claim_unit.factor as computed_value,
           coalesce(evidence.computed_low, evidence.computed_value) * evidence_unit.factor / claim_unit.factor
               - case when statements.match = 'same' or evidence.direct then 0 else statements.match_margin_low end as low,
           coalesce(evidence.computed_high, evidence.computed_value) * evidence_unit.factor / claim_unit.factor
               + case when statements.match = 'same' or evidence.direct then 0 else statements.match_margin_high end as high,
           coalesce(evidence.direct, false) as direct
    from statements
    join evidence using (brief, claim_id)
    left join seeds.units as claim_unit on claim_unit.unit = statements.unit
    left join seeds.units as evidence_unit on evidence_unit.unit = evidence.evidence_unit
),
bounded as (
    select * replace (
               case when match = 'same' or direct then low when dimension = 'share' then greatest(low, 0)
                    when dimension = 'rank' then greatest(low, 1) else low end as low,
               case when match <> 'same' and not direct and dimension = 'share' then least(high, 100) else high end as high),
           case period_rule
               when 'series' then true
               when 'span' then found_year between span_start and span_end
               else found_period = evidence_period or starts_with(found_period, evidence_period)
                    or abs(found_year - claim_year) <= stand_in_years
           end as in_period,
           period_rule = 'point' and found_period <> evidence_period and not starts_with(found_period, evidence_period)
               as standing_in
    from measured
),
judged as (
    select *,
           case
               when not units_agree then 'error'
               when match = 'same' or direct then case when meets then 'supported' else 'contradicted' end
               when inside then 'supported'
               when not meets then 'contradicted'
               else 'inconclusive'
           end as outcome
    from (
        select *,
               high >= accept_low and (low < accept_high or (low = accept_high and not high_open)) as meets,
               low >= accept_low and (high < accept_high or (high = accept_high and not high_open)) as inside
        from bounded
    )
),
ordered as (
    select *,
           row_number() over (
               partition by brief, claim_id
               order by in_period desc,
                        case when period_rule = 'point' then preference end,
                        case when period_rule = 'point' then 0
                             else case outcome when 'error' then 0 when 'contradicted' then 1 when 'inconclusive' then 2 else 3 end end,
                        case when period_rule = 'point' then 0
                             else least(computed_value - accept_low, accept_high - computed_value) end,
                        found_year desc, found_period desc
           ) as choice
    from judged
),
periods as (
    select brief, claim_id,
           count(*) filter (where in_period) as years_checked,
           bool_or(outcome = 'error') as any_error,
           bool_or(in_period and outcome = 'contradicted') as any_contradicted,
           bool_or(in_period and outcome = 'inconclusive') as any_inconclusive,
           min(found_year) filter (where in_period) as first_year,
           max(found_year) filter (where in_period) as last_year,
           string_agg(found_period || ' (' || format('{:g}', round(computed_value, 3)) || ')', ', ' order by found_period)
               filter (where in_period and outcome = 'contradicted') as failing,
           array_to_string(list(found_period || ': ' || format('{:,.10g}', round(computed_value, 3)) order by found_year desc, found_period)
               filter (where choice > 1 and not in_period)[1:3], ', ') as other_periods
    from ordered
    group by brief, claim_id
),
chosen as (
    select ordered.*, periods.* exclude (brief, claim_id)
    from ordered
    join periods using (brief, claim_id)
    where choice = 1
),
bounded_checks as (
    -- a check too wide to fail; and an item of a list whose figures fit another base, that passes on the words' base
    -- only because its tolerance hides a gap that base explains (wider than there by more than its last digit)
    select chosen.*,
           chosen.period_rule = 'point' and chosen.stated <> 0 and chosen.high - chosen.low >= abs(chosen.stated) as cannot_fail,
           coalesce(lists.market_iso3 <> 'WLD' and lists.inside
                    and abs(chosen.computed_value - chosen.stated)
                        > abs(lists.value - chosen.stated) + (chosen.stated_high - chosen.stated), false) as another_base_fits
    from chosen
    left join intermediate.table_bases as lists using (brief, claim_id)
),
verdicts as (
    select statements.brief, statements.claim_id, statements.metric, statements.decides, statements.period_rule, statements.unverifiable_reason,
           statements.match, statements.stated_match, statements.match_reason, statements.stated, statements.unit,
           statements.evidence_period,
           statements.span_start, statements.span_end, statements.stand_in_reason, statements.hedge,
           statements.accept_low, statements.accept_high, statements.high_open,
           chosen.* exclude (brief, claim_id, metric, decides, period_rule, unverifiable_reason, match, stated_match, match_reason,
                             stated, unit,
                             evidence_period, span_start, span_end, stand_in_reason, hedge, accept_low, accept_high,
                             high_open),
           case
               when not statements.decides or chosen.claim_id is null then 'unverifiable'
               when chosen.any_error then 'error'
               when chosen.years_checked = 0 and chosen.outcome = 'inconclusive' then 'unverifiable'
               when chosen.years_checked = 0 then 'stale'
               when chosen.cannot_fail and chosen.outcome = 'supported' then 'unverifiable'
               when chosen.another_base_fits and chosen.outcome = 'supported' then 'contradicted'
               when statements.period_rule = 'point' then case chosen.outcome when 'inconclusive' then 'unverifiable' else chosen.outcome end
               when chosen.any_contradicted then 'contradicted'
               when chosen.any_inconclusive then 'unverifiable'
               else 'supported'
           end as verdict
    from statements
    left join bounded_checks as chosen using (brief, claim_id)
),
figures as (
    -- each figure a note states, as people read it: thousands grouped, four significant digits below 10,000, years
    -- and codes plain; and the brief's figure as it reads in the brief
    select verdicts.brief, verdicts.claim_id,
           list_transform([verdicts.accept_low, verdicts.accept_high, verdicts.computed_value, verdicts.low, verdicts.high],
               lambda figure: case when figure is null or isinf(figure) then null
                                   when verdicts.unit in ('year', 'HS code') then format('{:g}', figure)
                                   when abs(figure) >= 10000 then format('{:,.0f}', figure)
                                   else format('{:,.4g}', figure) end) as worded,
           case when verdicts.hedge = 'steadily declining' then 'steadily declining'
                when not regexp_matches(claims.quote, '\d') then claims.quote
                else concat_ws(' ', verdicts.hedge,
                    case verdicts.unit
                        when '%' then format('{:g}', claims.value) || '%'
                        when 'year' then format('{:g}', claims.value)
                        when 'HS code' then 'HS' || lpad(format('{:g}', claims.value), 2, '0')
                        when 'rank' then 'rank ' || format('{:g}', claims.value)
                        else coalesce(format('{:,g}', claims.value),
                                      format('{:,g}', claims.value_low) || '-' || format('{:,g}', claims.value_high))
                             || ' ' || verdicts.unit end) end as written
    from verdicts
    join seeds.claims as claims using (brief, claim_id)
),
one_per_base as (
    -- the numerator nearest the stated figure over each denominator: numerators of one denominator are one base
    select bases.brief, bases.claim_id, bases.numerator || ' over ' || bases.denominator as base, bases.value,
           abs(bases.value - statements.stated) as distance, statements.tolerance
    from intermediate.share_bases as bases
    join statements using (brief, claim_id)
    qualify row_number() over (partition by bases.brief, bases.claim_id, bases.denominator order by distance, bases.numerator) = 1
),
bases as (
    select brief, claim_id,
           list(struct_pack(base := base, value := value, distance := distance) order by distance, base)[1:2] as nearest,
           any_value(tolerance) as tolerance
    from one_per_base
    group by brief, claim_id
)
select
    verdicts.brief,  -- the claim's brief (seeds.briefs)
    verdicts.claim_id,  -- the claim's id in seeds.claims
    verdicts.verdict,  -- supported, contradicted, unverifiable, stale or error
    verdicts.stated as published_value,  -- the brief's number (the middle of a range)
    verdicts.computed_value,  -- what the data gives, in `unit` (for a period claim, at the year nearest to failing)
    verdicts.low as computed_low,  -- the least value the evidence allows, with rounding, near-ties and a proxy's margins
    verdicts.high as computed_high,  -- the most value the evidence allows
    verdicts.unit,  -- the unit of both values
    verdicts.computed_value - verdicts.stated as delta,  -- computed - published, in delta_unit
    claims.delta_unit,  -- pp (percentage points) for shares, else the claim's unit
    verdicts.evidence_source,  -- the tradebrief sources the evidence comes from (comma-separated where several)
    verdicts.evidence_table,  -- the warehouse table the evidence comes from (the data dictionary describes it)
    case when verdicts.direct then 'same' else verdicts.stated_match end as evidence_match,  -- same, proxy or different_base: how the evidence's quantity stands to the claim's
    case when verdicts.period_rule = 'point' then verdicts.found_period
         when verdicts.first_year = verdicts.last_year then verdicts.first_year::varchar
         else verdicts.first_year || '-' || verdicts.last_year end as evidence_period,  -- the period of the evidence used
    verdicts.snapshot_sha256 as evidence_snapshot_sha256,  -- the snapshots the evidence was computed from (sha256, comma-separated)
    current_timestamp as checked_at,  -- when this run checked the claim (the model is never reused: it reads the clock)
    concat_ws('; ',
        printf('the brief''s "%s" accepts %s', figures.written,
               case when verdicts.accept_low = '-infinity' and verdicts.high_open then 'only values below ' || figures.worded[2]
                    when verdicts.accept_low = '-infinity' then figures.worded[2] || ' or less'
                    when verdicts.accept_high = 'infinity' then figures.worded[1] || ' or more'
                    when verdicts.accept_low = verdicts.accept_high then figures.worded[1] || ' exactly'
                    else figures.worded[1] || ' to ' || figures.worded[2] end
               || case when figures.written = claims.quote then ' (' || verdicts.unit || ')' else '' end)
            || case when verdicts.computed_value is null then ''
                    else '; the data give ' || figures.worded[3]
                         || case when figures.worded[4] <> figures.worded[5]
                                 then ' (' || figures.worded[4] || ' to ' || figures.worded[5] || ' with its rounding, margins or near-ties)'
                                 else '' end end,
        case when verdicts.cannot_fail then
            printf('this check cannot fail at the stated precision: the evidence allows %s to %s, a span as wide as the figure itself',
                   figures.worded[4], figures.worded[5]) end,
        case when verdicts.metric = 'none' then verdicts.unverifiable_reason end,
        case when verdicts.metric <> 'none' and verdicts.found_period is null then 'no evidence found for ' || verdicts.metric end,
        verdicts.evidence_note,
        case when verdicts.stated_match <> 'same' and not verdicts.direct and verdicts.found_period is not null then
            printf('compared with %s%s: %s', replace(verdicts.stated_match, '_', ' '),
                   case when verdicts.match = 'same' then ' whose margins are zero, so it is read as the same quantity' else '' end,
                   verdicts.match_reason) end,
        case when verdicts.verdict = 'unverifiable' and verdicts.outcome = 'inconclusive' and verdicts.period_rule = 'point' then
            printf('with those margins the evidence spans %s to %s, which can neither bear the claim out nor rule it out',
                   format('{:,.4g}', verdicts.low), format('{:,.4g}', verdicts.high)) end,
        case when verdicts.verdict = 'error' then
            printf('unit error in the ledger: the claim is in %s, the evidence in %s, and they measure different things',
                   verdicts.unit, verdicts.evidence_unit) end,
        case when verdicts.verdict = 'stale' then
            'the evidence is for ' || coalesce(verdicts.found_period, '?') || ', the claim for ' || verdicts.evidence_period
            || '; a figure of the same quantity for ' || verdicts.evidence_period || ' would decide it' end,
        case when verdicts.years_checked = 0 and verdicts.outcome = 'inconclusive' then
            printf('not stale: a %s figure of the same measure would not decide it either, since %s spans the claim; '
                   'deciding it needs the claim''s own quantity for %s', verdicts.evidence_period,
                   replace(verdicts.stated_match, '_', ' '), verdicts.evidence_period) end,
        case when verdicts.standing_in and verdicts.in_period then
            printf('a %s figure stands in for %s: %s', verdicts.found_period, verdicts.evidence_period, verdicts.stand_in_reason) end,
        case when verdicts.period_rule = 'span' and verdicts.years_checked > 0 then
            printf('checked every year of %d-%d the data covers: %d of %d (%s)', verdicts.span_start, verdicts.span_end,
                   verdicts.years_checked, verdicts.span_end - verdicts.span_start + 1,
                   case when verdicts.first_year = verdicts.last_year then verdicts.first_year::varchar
                        else verdicts.first_year || '-' || verdicts.last_year end) end,
        case when verdicts.period_rule = 'series' and verdicts.years_checked > 0 then
            printf('checked against the whole series held, %d-%d (%d years)', verdicts.first_year, verdicts.last_year,
                   verdicts.years_checked) end,
        case when verdicts.period_rule <> 'point' and verdicts.failing is not null then 'fails in ' || verdicts.failing end,
        case when verdicts.period_rule <> 'point' and verdicts.years_checked > 0 then
            printf('the year that decided it: %s (%s)', verdicts.found_period, figures.worded[3]) end,
        case when verdicts.period_rule = 'point' and verdicts.other_periods is not null then
            'other periods held: ' || verdicts.other_periods end,
        case when lists.list_base is not null and lists.market_iso3 <> 'WLD' and lists.inside then
            printf('the figure is right as a share of %s (%s bn USD), not of total exports as the brief says: %s gives %.1f%% '
                   'on it, the base that fits the brief''s list best (%d of its %d items within tolerance, largest gap %.1f points)',
                   lists.list_base, format('{:.2f}', lists.denominator_usd / 1e9), lists.numerator, lists.value,
                   lists.list_inside, lists.list_items, lists.list_largest_gap)
            || case when verdicts.another_base_fits then
                   printf('; on total exports its gap of %.2f points is that difference of bases, not of sources, so the '
                          'figure is not borne out as the brief words it', abs(verdicts.computed_value - verdicts.stated))
               else '' end
             when lists.list_base is not null and lists.market_iso3 <> 'WLD' then
            printf('the brief''s list is of shares of %s (%s bn USD), not of total exports (%d of its %d items within '
                   'tolerance on it); this item misses on it too: %s gives %.1f%%', lists.list_base,
                   format('{:.2f}', lists.denominator_usd / 1e9), lists.list_inside, lists.list_items, lists.numerator,
                   lists.value) end,
        case when lists.list_base is null and verdicts.verdict <> 'supported' and bases.nearest is not null then
            case when bases.nearest[1].distance <= bases.tolerance
                      and (len(bases.nearest) = 1 or (bases.nearest[2].distance >= 2 * bases.nearest[1].distance
                                                      and bases.nearest[2].distance > bases.tolerance))
                 then printf('the nearest base is %s: %.1f%%, which the claim matches', bases.nearest[1].base, bases.nearest[1].value)
                 when len(bases.nearest) = 1
                 then printf('no base is clearly nearest; the only one measured is %s (%.1f%%)', bases.nearest[1].base,
                             bases.nearest[1].value)
                 else printf('no base is clearly nearest; the two nearest are %s (%.1f%%) and %s (%.1f%%)',
                             bases.nearest[1].base, bases.nearest[1].value, bases.nearest[2].base, bases.nearest[2].value)
            end
        end
    ) as note  -- the evidence in words, how it was compared, and why a claim is not supported
from verdicts
join seeds.claims as claims using (brief, claim_id)
join figures using (brief, claim_id)
left join bases using (brief, claim_id)
left join intermediate.table_bases as lists using (brief, claim_id)
