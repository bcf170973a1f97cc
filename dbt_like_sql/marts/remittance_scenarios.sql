-- One row per scenario of seeds.remittance_assumptions: what North Korea would earn a year from
-- workers in Russia (workers x annual wage in USD x share taken), beside North Korea's goods exports
-- in the reference year. Serves the brief's one viable cooperation, about 400 M USD a year.
-- A wage in roubles is converted with the official rate (PA.NUS.FCRF) of its year, or of the latest
-- earlier year that has one, and `sources` names the rate's year; where the newest World Bank vintage
-- has rates for the wage's year but the country's cell is empty, `sources` says so. `tradebrief scenario` runs this
-- same SQL on one scenario of its own.
-- grain: scenario
with assumptions as (
    select * from seeds.remittance_assumptions
),
inputs as (
    select assumptions.*,
           coalesce(assumptions.workers, workers_figure.value) as worker_count,
           coalesce(assumptions.wage, wage_figure.value) * case assumptions.wage_per when 'month' then 12 else 1 end
               as annual_wage,
           coalesce(' (' || wage_figure.value || ' ' || wage_figure.unit || ', ' || wage_figure.period || ')', '')
               as wage_detail
    from assumptions
    left join staging.published_figures as workers_figure on workers_figure.figure_id = assumptions.workers_figure_id
    left join staging.published_figures as wage_figure on wage_figure.figure_id = assumptions.wage_figure_id
),
currency_countries as (
    select * from (values ('RUB', 'RUS')) as t(currency, iso3)
),
rates as (
    select inputs.scenario, rates.year as rate_year, rates.value as per_usd
    from inputs
    join currency_countries using (currency)
    join staging.macro_indicators as rates
        on rates.iso3 = currency_countries.iso3 and rates.indicator = 'PA.NUS.FCRF' and rates.year <= inputs.wage_year
    qualify row_number() over (partition by inputs.scenario order by rates.year desc) = 1
),
newest_vintage as (
    select max(vintage) as vintage from staging.macro_indicators where indicator = 'PA.NUS.FCRF'
),
vintage_years as (
    select distinct year
    from staging.macro_indicators
    where indicator = 'PA.NUS.FCRF' and vintage = (select vintage from newest_vintage)
),
exports as (
    select year, sum(value_usd) as prk_exports_usd
    from staging.trade_flows
    where source = 'atlas_hs92' and reporter_iso3 = 'PRK' and flow = 'X'
    group by year
),
scenarios as (
    select inputs.scenario, inputs.worker_count as workers,
           case inputs.currency when 'USD' then inputs.annual_wage else inputs.annual_wage / rates.per_usd end as wage_usd,
           inputs.share_taken, exports.prk_exports_usd,
           inputs.sources || inputs.wage_detail
               || case when inputs.currency <> 'USD' then
                      printf('; converted at %.2f %s per USD, the official rate of %d%s', rates.per_usd, inputs.currency,
                             rates.rate_year,
                             case when rates.rate_year >= inputs.wage_year then ''
                                  when inputs.wage_year in (select year from vintage_years)
                                  then printf(' (the World Bank''s newest vintage, of %s, has rates for %d but the cell '
                                              'of the wage''s country is empty)', (select vintage from newest_vintage),
                                              inputs.wage_year)
                                  else printf(' (%d has no rate yet)', inputs.wage_year) end)
                  else '' end
               || printf('; exports: North Korea''s goods exports in %d (Atlas, mirror data)', inputs.exports_year)
               as sources
    from inputs
    left join rates using (scenario)
    left join exports on exports.year = inputs.exports_year
)
select
    scenario,  -- the scenario's name: the brief's central case, its peak workforce, the offered wage in roubles, ...
    workers,  -- North Korean workers in Russia assumed
    wage_usd,  -- annual wage per worker, US dollars
    share_taken,  -- the share of the wage the state takes, 0 to 1
    workers * wage_usd * share_taken as remittance_usd,  -- what reaches the state a year, US dollars
    prk_exports_usd,  -- North Korea's goods exports in the base year, current US dollars
    workers * wage_usd * share_taken / prk_exports_usd as remittance_to_exports,  -- the remittance as a share of those exports
    sources  -- where the assumptions come from
from scenarios
