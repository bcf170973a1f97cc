-- One row per labour-export claim (wage_usd, remittance_ratio). wage_usd (args wage figure|year):
-- a published monthly rouble wage as a yearly USD wage at the official rate of the wage's year, or
-- of the latest earlier year that has one; the evidence's period is the wage's own (an older rate
-- is only an input of the conversion, and the note says so). remittance_ratio (args scenario): a remittance
-- scenario's yearly earnings as a percentage of North Korea's goods exports in its reference year.
-- family: labour
-- metrics: wage_usd, remittance_ratio
with claims as (
    select brief, claim_id, metric, split_part(metric_args, '|', 1) as arg1, split_part(metric_args, '|', 2) as arg2
    from seeds.claims
    where metric in ('wage_usd', 'remittance_ratio')
),
wage_rates as (
    select claims.brief, claims.claim_id, wage.value as monthly_rub, wage.period as wage_period,
           concat_ws(',', wage.snapshot_sha256, rates.snapshot_sha256) as snapshot_sha256,
           rates.year as rate_year, rates.value as rub_per_usd
    from claims
    join staging.published_figures as wage on wage.figure_id = claims.arg1
    join staging.macro_indicators as rates
        on rates.iso3 = 'RUS' and rates.indicator = 'PA.NUS.FCRF' and rates.year <= try_cast(claims.arg2 as integer)
    where claims.metric = 'wage_usd'
    qualify row_number() over (partition by claims.brief, claims.claim_id order by rates.year desc) = 1
),
wage_usd as (
    select brief, claim_id,
           wage_period as evidence_period,
           12 * monthly_rub / rub_per_usd as computed_value, 'USD/year' as evidence_unit,
           'published,worldbank' as evidence_source,
           'staging.published_figures' as evidence_table, snapshot_sha256,
           printf('12 x %s RUB a month (Russia-wide construction job offers, %s) / %.2f RUB per USD (official rate, %d) = %s USD a year%s',
                  format('{:,.0f}', monthly_rub), wage_period, rub_per_usd, rate_year, format('{:,.0f}', 12 * monthly_rub / rub_per_usd),
                  case when rate_year::varchar <> left(wage_period, 4)
                       then printf('; only the conversion is older: the wage is for %s, and the latest official rate held is '
                                   'for %d, so the USD figure moves with the rouble between the two', wage_period, rate_year)
                       else '' end) as note
    from wage_rates
),
remittance_ratio as (
    select claims.brief, claims.claim_id, assumptions.exports_year::varchar as evidence_period, 100 * scenarios.remittance_to_exports as computed_value,
           '%' as evidence_unit, 'atlas_hs92' as evidence_source,
           'marts.remittance_scenarios' as evidence_table, snapshots.snapshot_sha256,
           printf('scenario %s: %s M USD a year is %.1f%% of North Korea''s %d goods exports (%s M USD)', scenarios.scenario,
                  format('{:,.0f}', scenarios.remittance_usd / 1e6), 100 * scenarios.remittance_to_exports, assumptions.exports_year,
                  format('{:,.0f}', scenarios.prk_exports_usd / 1e6)) as note
    from claims
    join marts.remittance_scenarios as scenarios on scenarios.scenario = claims.arg1
    join seeds.remittance_assumptions as assumptions on assumptions.scenario = claims.arg1
    left join intermediate.atlas_snapshots as snapshots
        on snapshots.reporter_iso3 = 'PRK' and snapshots.year = assumptions.exports_year
    where claims.metric = 'remittance_ratio'
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the period of the measured quantity: the wage's, or the exports' year
    computed_value,  -- the yearly wage in USD, or the remittance as a percentage of goods exports
    null::double as computed_low,  -- none
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    evidence_source,  -- the tradebrief sources, comma-separated
    evidence_table,  -- the warehouse table the evidence comes from (the wage's, for a wage; the rate is in the note)
    snapshot_sha256,  -- the snapshots of the inputs measured (the wage and the rate, or the exports), comma-separated
    note,  -- the evidence in words
    1 as preference  -- one row a claim
from wage_usd
union all
select brief, claim_id, evidence_period, computed_value, null, null, evidence_unit, evidence_source, evidence_table,
       snapshot_sha256, note, 1
from remittance_ratio
