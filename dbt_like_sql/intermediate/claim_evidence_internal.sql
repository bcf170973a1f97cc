-- One row per internal-consistency claim (internal_ratio, internal_product, years_between): the
-- claim recomputed from the brief's own other numbers. Each input stands for the interval it could
-- have been rounded from (intermediate.claim_statements), so computed_low to computed_high is every
-- result those inputs allow; the brief contradicts itself only where no value in it gives the
-- stated result. Args: internal_ratio part+part|whole (claim ids); internal_product claim ids
-- joined by '|'; years_between from|to.
-- family: internal
-- metrics: internal_ratio, internal_product, years_between
with claims as (
    select brief, claim_id, metric, metric_args, unit, evidence_period, split_part(metric_args, '|', 1) as arg1,
           split_part(metric_args, '|', 2) as arg2
    from seeds.claims
    where metric in ('internal_ratio', 'internal_product', 'years_between')
),
inputs as (
    select statements.*, coalesce(units.factor, 1) as factor
    from intermediate.claim_statements as statements
    left join seeds.units as units using (unit)
),
ratio_parts as (
    select claims.brief, claims.claim_id, claims.evidence_period, claims.arg1, claims.arg2,
           sum(part.stated) as part, sum(part.stated_low) as part_low, sum(part.stated_high) as part_high,
           string_agg(format('{:g}', part.stated), ' + ' order by part.claim_id) as parts_written
    from claims
    join inputs as part on part.brief = claims.brief and list_contains(string_split(claims.arg1, '+'), part.claim_id)
    where claims.metric = 'internal_ratio'
    group by all
),
internal_ratio as (
    select ratio_parts.brief, ratio_parts.claim_id, ratio_parts.evidence_period, 100 * part / whole.stated as computed_value,
           100 * part_low / whole.stated_high as computed_low, 100 * part_high / whole.stated_low as computed_high,
           '%' as evidence_unit,
           printf('recomputed from the brief''s own figures: %s / %s = %.1f%%; read at their rounding, they give %.1f%% to %.1f%%',
                  parts_written, format('{:g}', whole.stated), 100 * part / whole.stated,
                  100 * part_low / whole.stated_high, 100 * part_high / whole.stated_low) as note
    from ratio_parts
    join inputs as whole on whole.brief = ratio_parts.brief and whole.claim_id = ratio_parts.arg2
),
product_parts as (
    select claims.brief, claims.claim_id, claims.evidence_period, claims.unit, part.claim_id as part_id,
           case when part.unit = '%' then 0.01 else part.factor end as scale, part.stated, part.stated_low, part.stated_high
    from claims
    join inputs as part on part.brief = claims.brief and list_contains(string_split(claims.metric_args, '|'), part.claim_id)
    where claims.metric = 'internal_product'
),
internal_product as (
    select product_parts.brief, product_parts.claim_id, any_value(product_parts.evidence_period) as evidence_period,
           product(stated * scale) / any_value(units.factor) as computed_value,
           product(stated_low * scale) / any_value(units.factor) as computed_low,
           product(stated_high * scale) / any_value(units.factor) as computed_high,
           any_value(product_parts.unit) as evidence_unit,
           printf('recomputed from the brief''s own inputs: %s = %s; read at their rounding, they give %s to %s',
                  string_agg(format('{:g}', stated), ' x ' order by part_id),
                  format('{:,.0f}', product(stated * scale) / any_value(units.factor)),
                  format('{:,.0f}', product(stated_low * scale) / any_value(units.factor)),
                  format('{:,.0f}', product(stated_high * scale) / any_value(units.factor))) as note
    from product_parts
    join seeds.units as units using (unit)
    group by product_parts.brief, product_parts.claim_id
),
years_between as (
    select brief, claim_id, evidence_period, try_cast(arg2 as integer) - try_cast(arg1 as integer) as computed_value,
           null::double as computed_low, null::double as computed_high, 'years' as evidence_unit,
           printf('%s to %s (the brief''s date) is %d years', arg1, arg2,
                  try_cast(arg2 as integer) - try_cast(arg1 as integer)) as note
    from claims
    where metric = 'years_between'
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the brief's own period: it is checked against itself
    computed_value,  -- the result from the brief's inputs as stated
    computed_low,  -- the least result the inputs' rounding allows
    computed_high,  -- the most result the inputs' rounding allows
    evidence_unit,  -- the unit of computed_value (seeds.units)
    'brief' as evidence_source,  -- the tradebrief source: the brief's own numbers
    'seeds.claims' as evidence_table,  -- the brief's numbers as the ledger transcribes them
    brief.snapshot_sha256,  -- the brief's snapshot: without one, the ledger's numbers stand for nothing recorded
    note,  -- the recomputation in words
    1 as preference  -- one row a claim
from (
    select * from internal_ratio
    union all by name select * from internal_product
    union all by name select * from years_between
)
cross join (select string_agg(distinct snapshot_sha256, ',' order by snapshot_sha256) as snapshot_sha256 from raw.brief_lines
            having count(*) > 0) as brief
