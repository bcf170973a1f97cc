-- Each staging table of indicators has one value per key.
select 'staging.macro_indicators' as model, iso3 || ' ' || year || ' ' || indicator || ' ' || source as key, count(*) as copies
from staging.macro_indicators
group by all
having count(*) > 1
union all
select 'staging.food_supply', iso3 || ' ' || year || ' ' || item || ' ' || element || ' ' || source, count(*)
from staging.food_supply
group by all
having count(*) > 1
union all
select 'staging.energy_balance', iso3 || ' ' || year || ' ' || indicator || ' ' || source, count(*)
from staging.energy_balance
group by all
having count(*) > 1
union all
select 'staging.published_figures', figure_id || ' ' || period, count(*)
from staging.published_figures
group by all
having count(*) > 1
