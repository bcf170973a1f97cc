-- One row per (pair of sources, period) that give the same figure: source a's value, source b's, the
-- relative gap (b - a) / a, and whether it lies in the band seeds.reconciliation_bands expects.
-- Serves the claim checks' trust in their evidence: a gap outside its band means one source moved.
-- A pair whose sources share no period is listed with value_b empty, so the gap in coverage shows.
with figures as (
    select figure_id, period, value, unit from staging.published_figures
),
atlas_exports as (
    select year, partner_iso3, product_code, value_usd
    from staging.trade_flows
    where source = 'atlas_hs92' and reporter_iso3 = 'PRK' and flow = 'X'
),
atlas_chn_imports as (
    select year, product_code, value_usd
    from staging.trade_flows
    where source = 'atlas_hs92' and reporter_iso3 = 'CHN' and partner_iso3 = 'PRK' and flow = 'M'
),
review as (
    select year::varchar as period, value
    from staging.energy_balance
    where iso3 = 'RUS' and indicator = 'coal_production' and source = 'energy_review'
),
pairs as (
    select 'prk_exports_total_2016' as pair_id, '2016' as period, 'bn USD' as unit,
           'atlas_hs92' as source_a, (select sum(value_usd) / 1e9 from atlas_exports where year = 2016) as value_a,
           'published: kotra_prk_exports_total' as source_b,
           (select value from figures where figure_id = 'kotra_prk_exports_total' and period = '2016') as value_b
    union all
    select 'prk_exports_to_china_2016', '2016', 'bn USD',
           'atlas_hs92', (select sum(value_usd) / 1e9 from atlas_exports where year = 2016 and partner_iso3 = 'CHN'),
           'published: kotra_prk_exports_to_china',
           (select value from figures where figure_id = 'kotra_prk_exports_to_china' and period = '2016')
    union all
    select 'prk_mineral_fuels_exports_2016', '2016', 'bn USD',
           'atlas_hs92', (select sum(value_usd) / 1e9 from atlas_exports where year = 2016 and product_code = '27'),
           'published: kotra_prk_mineral_fuels_exports',
           (select value from figures where figure_id = 'kotra_prk_mineral_fuels_exports' and period = '2016')
    union all
    select 'prk_apparel_exports_2016', '2016', 'bn USD',
           'atlas_hs92', (select sum(value_usd) / 1e9 from atlas_exports where year = 2016 and product_code in ('61', '62')),
           'published: kotra_prk_apparel_exports',
           (select value from figures where figure_id = 'kotra_prk_apparel_exports' and period = '2016')
    union all
    select 'cn_coal_imports_from_prk_2016', '2016', 'bn USD',
           'atlas_hs92 (China''s HS27 imports from North Korea)',
           (select sum(value_usd) / 1e9 from atlas_chn_imports where year = 2016 and product_code = '27'),
           'published: cn_coal_imports_from_prk_value',
           (select value from figures where figure_id = 'cn_coal_imports_from_prk_value' and period = '2016')
    union all
    select 'ru_coal_production_2023', '2023', 'Mt',
           'published: ru_coal_production', (select value from figures where figure_id = 'ru_coal_production' and period = '2023'),
           'published: ru_coal_production_alt', (select value from figures where figure_id = 'ru_coal_production_alt' and period = '2023')
    union all
    select 'ru_coal_exports_2023', '2023', 'Mt',
           'published: ru_coal_exports', (select value from figures where figure_id = 'ru_coal_exports' and period = '2023'),
           'published: iea_coal_exports_rus', (select value from figures where figure_id = 'iea_coal_exports_rus' and period = '2023')
    union all
    select 'ru_coal_production_review', review.period, 'Mt',
           'energy_review: coal_production', review.value,
           'published: ru_coal_production', figures.value
    from review
    left join figures on figures.figure_id = 'ru_coal_production' and figures.period = review.period
    where review.period = (select max(period) from review)
)
select
    pairs.pair_id,  -- the pair of sources compared, as seeds.reconciliation_bands names it
    bands.figure,  -- the figure both sources give
    pairs.period,  -- the period compared
    pairs.unit,  -- the unit of both values
    pairs.source_a,  -- the first source
    pairs.value_a,  -- its figure
    pairs.source_b,  -- the second source
    pairs.value_b,  -- its figure
    pairs.value_b - pairs.value_a as gap,  -- value_b - value_a
    (pairs.value_b - pairs.value_a) / pairs.value_a as gap_rel,  -- the gap relative to value_a
    bands.gap_low,  -- the lowest relative gap expected between the two (definitions differ)
    bands.gap_high,  -- the highest relative gap expected
    (pairs.value_b - pairs.value_a) / pairs.value_a between bands.gap_low and bands.gap_high as within_band,  -- true when the gap is within the expected band
    case when pairs.value_b is null then 'no figure from ' || pairs.source_b || ' for ' || pairs.period
         else bands.reason end as note  -- why the sources may differ, or which figure is missing
from pairs
join seeds.reconciliation_bands as bands using (pair_id)
