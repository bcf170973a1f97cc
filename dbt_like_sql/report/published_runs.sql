-- One row per successful run, with its age: 1 is the run that published this warehouse, 2 the one before, and so
-- on. "The latest run" is defined here once (report.latest_run is age 1), and the changes compare ages 1 and 2.
select
    *,
    row_number() over (order by finished_at desc) as age  -- 1: the latest successful run
from meta.runs
where status = 'success'
