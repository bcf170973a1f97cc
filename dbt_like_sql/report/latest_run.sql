-- One row: the run that published this warehouse (the latest successful one), as meta.runs records it; the CLI,
-- the run summary, the report and the next refresh all read it here.
select
    * exclude (age)
from report.published_runs
where age = 1
