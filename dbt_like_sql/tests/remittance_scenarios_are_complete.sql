-- A scenario whose wage is known is converted to USD whenever the warehouse has exchange rates at
-- all: a missing rate for its year (and every earlier year) is an error, not a quiet null. A source
-- with no snapshot yet is reported by the refresh summary, not here.
with known_wages as (
    select assumptions.scenario
    from seeds.remittance_assumptions as assumptions
    where assumptions.wage is not null
       or assumptions.wage_figure_id in (select figure_id from staging.published_figures)
)
select scenarios.scenario, scenarios.wage_usd
from marts.remittance_scenarios as scenarios
join known_wages using (scenario)
where scenarios.wage_usd is null
  and exists (select 1 from staging.macro_indicators where indicator = 'PA.NUS.FCRF')
