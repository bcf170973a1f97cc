-- One row per run among the last five, failed ones included, newest first: what `tradebrief status` and the
-- report list.
select
    run_id,  -- the run
    started_at,  -- when it began
    finished_at,  -- when it ended
    status,  -- success or failed
    snapshots_used,  -- the snapshots it read
    models_built,  -- the models it built
    tests_passed,  -- its data tests that passed
    tests_failed,  -- and failed
    alerts,  -- the alerts it raised
    error  -- why it failed, in one line
from meta.runs
order by finished_at desc
limit 5
