-- One row per source as the latest run left it: what its fetch did, the data it gave, and its state.
select
    source,  -- the tradebrief source
    status as fetch_status,  -- the latest run's fetch: fetched, unchanged, failed, manual or offline
    state,  -- fresh, outdated, fetch_failing or offline
    latest_period,  -- the latest period (year) its data holds
    snapshots,  -- the snapshots the build read
    latest_recorded_at,  -- when the newest of them was recorded
    last_fetched_at,  -- the last successful live fetch, in any run
    last_failed_at,  -- the last failed live fetch, in any run
    last_failure,  -- why that fetch failed
    error,  -- why the latest run's fetch failed
    state_rule  -- the rule that set the state, in words
from meta.source_status
where run_id = (select run_id from report.latest_run)
order by source
