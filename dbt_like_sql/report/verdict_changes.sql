-- One row per claim whose verdict or computed value changed between the run before and the latest run.
with runs as (
    select run_id, age from report.published_runs where age <= 2
),
verdicts as (
    select history.brief, history.claim_id, runs.age, history.verdict, history.computed_value
    from meta.claim_history as history
    join runs using (run_id)
)
select
    now.brief,  -- the claim's brief
    now.claim_id,  -- the claim
    before.verdict as verdict_before,  -- its verdict in the run before
    now.verdict as verdict_now,  -- and in the latest run
    before.computed_value as value_before,  -- what the data gave before
    now.computed_value as value_now  -- and now
from verdicts as now
join verdicts as before on before.brief = now.brief and before.claim_id = now.claim_id and before.age = 2
where now.age = 1 and (now.verdict is distinct from before.verdict or now.computed_value is distinct from before.computed_value)
order by now.brief, now.claim_id
