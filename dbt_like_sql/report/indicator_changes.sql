-- One row per headline indicator whose value changed between the run before and the latest run.
with runs as (
    select run_id, age from report.published_runs where age <= 2
),
figures as (
    select history.indicator, runs.age, history.value, history.unit
    from meta.indicator_history as history
    join runs using (run_id)
)
select
    now.indicator,  -- the indicator (marts.headline_indicators)
    now.unit,  -- its unit
    before.value as value_before,  -- its value in the run before
    now.value as value_now,  -- and in the latest run
    now.value - before.value as change  -- the difference
from figures as now
join figures as before on before.indicator = now.indicator and before.age = 2
where now.age = 1 and now.value is distinct from before.value
order by abs(now.value - before.value) desc
