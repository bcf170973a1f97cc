-- One row per alert that is open: raised by the latest run, or from any run and not delivered yet.
select
    alert_id,  -- the alert
    created_at,  -- when it was recorded
    kind,  -- what happened: fetch_failed, verdict_change, indicator_drift, ...
    subject,  -- what it is about
    message,  -- the alert in words
    severity,  -- info, warning or error
    delivery,  -- pending, delivered or not configured
    run_id = (select run_id from report.latest_run) as raised_by_latest_run  -- false: an older one, still pending
from meta.alerts
where run_id = (select run_id from report.latest_run) or delivery = 'pending'
order by created_at, kind, subject
