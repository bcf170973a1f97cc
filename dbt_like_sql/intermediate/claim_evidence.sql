-- One row per checkable claim of seeds.claims: the value the data gives for the claim's metric, the
-- period that value is for, where it came from (source and snapshot), and a note on how it was
-- computed. Serves marts.claim_checks. Each metric of the ledger is one CTE below; metric_args are
-- split on '|'. Internal metrics recompute a claim from the brief's own other numbers.
with claims as (
    select *,
           split_part(metric_args, '|', 1) as arg1,
           split_part(metric_args, '|', 2) as arg2,
           split_part(metric_args, '|', 3) as arg3,
           split_part(metric_args, '|', 4) as arg4,
           coalesce(value, (value_low + value_high) / 2) as stated
    from seeds.claims
),
atlas_snapshots as (
    select reporter_iso3, year, string_agg(distinct snapshot_sha256, ',' order by snapshot_sha256) as snapshot_sha256
    from raw.atlas_trade
    group by all
),
export_structure as (
    select claims.claim_id, claims.metric,
           case claims.metric when 'export_share' then 100 * structure.share else structure.rank end as computed_value,
           structure.year::varchar as evidence_period, 'atlas_hs92 (marts.export_structure)' as evidence_source,
           atlas_snapshots.snapshot_sha256,
           printf('HS%s is %.1f%% of %s''s %d goods exports to the world (%.0f M USD of %.0f M USD), rank %d',
                  structure.product_code, 100 * structure.share, structure.iso3, structure.year,
                  structure.value_usd / 1e6, structure.value_usd / structure.share / 1e6, structure.rank) as note
    from claims
    join marts.export_structure as structure
        on structure.iso3 = claims.arg1 and structure.year = try_cast(claims.arg2 as integer)
       and structure.product_level = 'hs2' and structure.product_code = claims.arg3
    join atlas_snapshots on atlas_snapshots.reporter_iso3 = structure.iso3 and atlas_snapshots.year = structure.year
    where claims.metric in ('export_share', 'export_rank')
),
description_words as (
    select claim_id, unnest(string_split(regexp_replace(lower(goods_description), '[^a-z]+', ' ', 'g'), ' ')) as word
    from claims
    where metric = 'hs_title'
),
title_words as (
    select product_code, product_name,
           unnest(string_split(regexp_replace(lower(product_name), '[^a-z]+', ' ', 'g'), ' ')) as word
    from staging.hs_products
    where product_level = 'hs2'
),
title_scores as (
    select description.claim_id, title.product_code, title.product_name,
           count(distinct title.word) filter (where exists (
               select 1 from description_words as d
               where d.claim_id = description.claim_id and starts_with(d.word, title.word)
           )) / count(distinct title.word) as score
    from (select distinct claim_id from description_words) as description
    cross join title_words as title
    where title.word not in ('', 'and', 'of', 'or', 'the', 'etc')
    group by all
),
best_titles as (
    select claim_id, product_code, product_name, score
    from title_scores
    qualify row_number() over (partition by claim_id order by score desc, product_code) = 1
),
hs_title as (
    select claims.claim_id, try_cast(best_titles.product_code as double) as computed_value,
           claims.evidence_period, 'atlas_hs92 (staging.hs_products, HS92 chapter names)' as evidence_source,
           null as snapshot_sha256,
           printf('the goods described best match HS%s "%s" (%.0f%% of its title''s words); HS%s is "%s"',
                  best_titles.product_code, best_titles.product_name, 100 * best_titles.score,
                  claims.arg1, named.product_name) as note
    from claims
    join best_titles using (claim_id)
    left join staging.hs_products as named on named.product_level = 'hs2' and named.product_code = claims.arg1
    where claims.metric = 'hs_title'
),
buyer_share as (
    select claims.claim_id,
           100 * sum(flows.value_usd) filter (where flows.partner_iso3 = claims.arg2) / sum(flows.value_usd) as computed_value,
           claims.arg3 as evidence_period, 'atlas_hs92 (staging.trade_flows)' as evidence_source,
           any_value(atlas_snapshots.snapshot_sha256) as snapshot_sha256,
           printf('%s takes %.1f%% of %s''s HS%s exports in %s (all of HS%s, not coal alone)', claims.arg2,
                  100 * sum(flows.value_usd) filter (where flows.partner_iso3 = claims.arg2) / sum(flows.value_usd),
                  claims.arg1, claims.arg4, claims.arg3, claims.arg4) as note
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.arg1 and flows.flow = 'X'
       and flows.year = try_cast(claims.arg3 as integer) and flows.product_level = 'hs2' and flows.product_code = claims.arg4
    join atlas_snapshots on atlas_snapshots.reporter_iso3 = claims.arg1 and atlas_snapshots.year = flows.year
    where claims.metric = 'buyer_share'
    group by claims.claim_id, claims.arg1, claims.arg2, claims.arg3, claims.arg4
),
figures as (
    select *,
           case quality when 'primary' then 1 when 'secondary' then 2 else 3 end as quality_order
    from staging.published_figures
),
published_choice as (
    select claims.claim_id, figures.*,
           row_number() over (
               partition by claims.claim_id
               order by figures.period = claims.evidence_period desc, figures.quality_order, figures.period desc,
                        figures.published desc
           ) as preference
    from claims
    join figures on figures.figure_id = claims.arg1
    where claims.metric = 'published'
),
published as (
    select claim_id, value as computed_value, period as evidence_period, 'published: ' || figure_id as evidence_source,
           snapshot_sha256,
           printf('%s: %g %s (%s, %s, %s; %s%s)', subject, value, unit, publisher_or_speaker, outlet, published, quality,
                  coalesce('; ' || qualifier, '')) as note
    from published_choice
    where preference = 1
),
published_ratio as (
    select claims.claim_id, 100 * numerator.value / denominator.value as computed_value,
           numerator.period as evidence_period,
           'published: ' || numerator.figure_id || ' / ' || denominator.figure_id as evidence_source,
           numerator.snapshot_sha256,
           printf('%s %g %s / %s %g %s (%s)', numerator.subject, numerator.value, numerator.unit, denominator.subject,
                  denominator.value, denominator.unit, numerator.period) as note
    from claims
    join figures as numerator on numerator.figure_id = claims.arg1
    join figures as denominator on denominator.figure_id = claims.arg2 and denominator.period = numerator.period
    where claims.metric = 'published_ratio'
    qualify row_number() over (
        partition by claims.claim_id
        order by numerator.period = claims.evidence_period desc, numerator.quality_order + denominator.quality_order,
                 numerator.period desc
    ) = 1
),
ranked_figures as (
    select claims.claim_id, claims.geography, figures.figure_id, figures.period, figures.value, figures.snapshot_sha256,
           rank() over (partition by claims.claim_id, figures.period order by figures.value desc) as figure_rank,
           count(*) over (partition by claims.claim_id, figures.period) as listed
    from claims
    join figures on starts_with(figures.figure_id, claims.arg1)
    where claims.metric = 'published_rank'
),
published_rank as (
    select claim_id, figure_rank as computed_value, period as evidence_period,
           'published: ' || figure_id as evidence_source, snapshot_sha256,
           printf('%s ranks %d of the %d exporters the published figures list for %s', geography, figure_rank, listed,
                  period) as note
    from ranked_figures
    where ends_with(figure_id, '_' || lower(geography))
),
internal_ratio as (
    select claims.claim_id,
           100 * (select sum(part.stated) from claims as part
                  where list_contains(string_split(claims.arg1, '+'), part.claim_id)) / denominator.stated as computed_value,
           claims.evidence_period, 'the brief itself' as evidence_source, null as snapshot_sha256,
           printf('recomputed from the brief''s own figures: %s / %s', replace(claims.arg1, '+', ' + '), claims.arg2) as note
    from claims
    join claims as denominator on denominator.claim_id = claims.arg2
    where claims.metric = 'internal_ratio'
),
product_parts as (
    select claims.claim_id, claims.unit, claims.evidence_period,
           part.stated / case when part.unit = '%' then 100 else 1 end as factor,
           coalesce(part.value_low, part.value) / case when part.unit = '%' then 100 else 1 end as factor_low,
           coalesce(part.value_high, part.value) / case when part.unit = '%' then 100 else 1 end as factor_high
    from claims
    join claims as part on list_contains(string_split(claims.metric_args, '|'), part.claim_id)
    where claims.metric = 'internal_product'
),
internal_product as (
    select claim_id,
           product(factor) / case when any_value(unit) like 'M %' then 1e6 else 1 end as computed_value,
           any_value(evidence_period) as evidence_period, 'the brief itself' as evidence_source,
           null as snapshot_sha256,
           printf('recomputed from the brief''s own inputs: %s = %.0f (range %.0f to %.0f)',
                  string_agg(printf('%g', factor), ' x '),
                  product(factor) / case when any_value(unit) like 'M %' then 1e6 else 1 end,
                  product(factor_low) / case when any_value(unit) like 'M %' then 1e6 else 1 end,
                  product(factor_high) / case when any_value(unit) like 'M %' then 1e6 else 1 end) as note
    from product_parts
    group by claim_id
),
fish_supply as (
    select claims.claim_id, supply.year, supply.value,
           first(supply.value order by supply.year desc) over (partition by claims.claim_id) as latest_value,
           max(supply.year) over (partition by claims.claim_id) as latest_year
    from claims
    join staging.food_supply as supply
        on supply.iso3 = claims.arg1 and supply.source = 'fao_owid' and supply.item = 'Fish, Seafood'
    where claims.metric = 'food_supply_ratio'
),
food_supply_ratio as (
    select fish_supply.claim_id, 100 * fish_supply.latest_value / fish_supply.value as computed_value,
           fish_supply.latest_year::varchar as evidence_period, 'fao (staging.food_supply, fao_owid)' as evidence_source,
           null as snapshot_sha256,
           printf('FAO fish and seafood supply: %.2f kg/person in %d against %.2f in %s', fish_supply.latest_value,
                  fish_supply.latest_year, fish_supply.value, claims.arg2) as note
    from fish_supply
    join claims using (claim_id)
    where fish_supply.year = try_cast(claims.arg2 as integer)
),
export_quantities as (
    select claims.claim_id, claims.arg1 as iso3_wanted, supply.iso3, supply.year, supply.value,
           max(supply.year) over (partition by claims.claim_id) as latest_year
    from claims
    join staging.food_supply as supply
        on supply.source = 'faostat' and supply.element = claims.arg2 and supply.item = 'Fish, Seafood'
    where claims.metric = 'food_export_rank'
),
food_export_rank as (
    select claim_id, export_rank as computed_value, year::varchar as evidence_period,
           'fao (staging.food_supply, faostat)' as evidence_source, null as snapshot_sha256,
           printf('%s ranks %d by fish and seafood export quantity in %d (%.0f thousand tonnes); FAO''s ranking by value may differ',
                  iso3, export_rank, year, value) as note
    from (
        select *, rank() over (partition by claim_id order by value desc) as export_rank
        from export_quantities
        where year = latest_year
    )
    where iso3 = iso3_wanted
),
wage_rates as (
    select claims.claim_id, wage.value as monthly_rub, wage.period as wage_period, wage.snapshot_sha256,
           rates.year as rate_year, rates.value as rub_per_usd
    from claims
    join figures as wage on wage.figure_id = claims.arg1
    join staging.macro_indicators as rates
        on rates.iso3 = 'RUS' and rates.indicator = 'PA.NUS.FCRF' and rates.year <= try_cast(claims.arg2 as integer)
    where claims.metric = 'wage_usd'
    qualify row_number() over (partition by claims.claim_id order by rates.year desc) = 1
),
wage_usd as (
    select claim_id, 12 * monthly_rub / rub_per_usd as computed_value, left(wage_period, 4) as evidence_period,
           'published: ru_construction_offered_wage, worldbank: PA.NUS.FCRF ' || rate_year as evidence_source,
           snapshot_sha256,
           printf('12 x %.0f RUB a month (Russia-wide construction job offers, %s) / %.2f RUB per USD (official rate, %d) = %.0f USD a year; not Vladivostok''s median paid wage',
                  monthly_rub, wage_period, rub_per_usd, rate_year, 12 * monthly_rub / rub_per_usd) as note
    from wage_rates
),
years_between as (
    select claim_id, try_cast(arg2 as integer) - try_cast(arg1 as integer) as computed_value, evidence_period,
           'the brief itself' as evidence_source, null as snapshot_sha256,
           printf('%s to %s (the brief''s date) is %d years', arg1, arg2,
                  try_cast(arg2 as integer) - try_cast(arg1 as integer)) as note
    from claims
    where metric = 'years_between'
)
select * exclude (metric) from export_structure
union all by name select * from hs_title
union all by name select * from buyer_share
union all by name select * from published
union all by name select * from published_ratio
union all by name select * from published_rank
union all by name select * from internal_ratio
union all by name select * from internal_product
union all by name select * from food_supply_ratio
union all by name select * from food_export_rank
union all by name select * from wage_usd
union all by name select * from years_between
