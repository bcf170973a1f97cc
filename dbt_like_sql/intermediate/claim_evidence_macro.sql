-- One row per macro-series claim (macro_series) and year: the country's yearly indicator from
-- staging.macro_indicators, every year held, for claims such as a record low that are judged
-- against the whole series. Args: country|indicator code (the source's own, e.g. WEO.LUR).
-- family: macro
-- metrics: macro_series
with claims as (
    select brief, claim_id, split_part(metric_args, '|', 1) as iso3, split_part(metric_args, '|', 2) as indicator
    from seeds.claims
    where metric = 'macro_series'
)
select
    claims.brief,  -- the claim's brief (seeds.briefs)
    claims.claim_id,  -- the claim's id in seeds.claims
    series.year::varchar as evidence_period,  -- the year of the figure
    series.value as computed_value,  -- the indicator that year
    null::double as computed_low,  -- none
    null::double as computed_high,  -- none
    series.unit as evidence_unit,  -- the unit of computed_value (seeds.units)
    case series.source when 'imf_weo' then 'imf' else series.source end as evidence_source,  -- the tradebrief source
    'staging.macro_indicators' as evidence_table,  -- the warehouse table the evidence comes from
    series.source as evidence_series,  -- the series within it (worldbank, ilo or imf_weo)
    series.snapshot_sha256,  -- the snapshot the figure was read from
    printf('%s %s in %d: %.2f %s', claims.iso3, series.indicator, series.year, series.value, series.unit) as note,  -- the figure in words
    1 as preference  -- one row a claim and year
from claims
join staging.macro_indicators as series on series.iso3 = claims.iso3 and series.indicator = claims.indicator
