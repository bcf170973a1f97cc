-- One row per data set the latest run read, and one per brief: title, producer, licence, landing page, and whether
-- a verdict rests on it (the report's sources page).
select
    source,  -- the tradebrief source, or 'brief'
    title,  -- the data set's title
    any_value(producer) as producer,  -- who publishes it
    any_value(licence) as licence,  -- its licence
    any_value(landing_url) as landing_url,  -- the page that describes it
    count(*) as snapshots,  -- the snapshots of it the run read
    max(recorded_at) as latest_recorded_at,  -- when the newest was recorded
    source in (select unnest(string_split(evidence_source, ',')) from marts.claim_checks) as used_by_verdicts  -- a verdict rests on it
from meta.snapshots
where run_id = (select run_id from report.latest_run)
group by source, title
union all
select 'brief', title, author, licence, url, 1, published,
       'brief' in (select unnest(string_split(evidence_source, ',')) from marts.claim_checks)
from seeds.briefs
