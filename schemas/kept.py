"""Records kept beside the warehouse between runs (failed runs, unpublished alerts): each line is checked when read.

Anything may have written these files (a crash mid-line, a careless operator, a forged line),
so a line is taken into meta only when every field is what a refresh writes.
"""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

RUN_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ALERT_KINDS = ["verdict_change", "indicator_drift", "revision", "new_period", "schema_change", "fetch_failed",
               "fetch_recovered", "source_outdated", "data_test_failed", "refresh_failed", "shrink"]


def not_in_the_future(times: pd.Series) -> pd.Series:
    """A time that parses and is not later than a minute from now: a run cannot have finished in 2030."""
    parsed = pd.to_datetime(times, utc=True, errors="coerce", format="ISO8601")
    return parsed.notna() & (parsed <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(minutes=1))


class KeptRun(pa.DataFrameModel):
    """A failed run's row of meta.runs, waiting for the next published run."""

    run_id: Series[str] = pa.Field(str_matches=RUN_ID)
    started_at: Series[str]
    finished_at: Series[str]
    error: Series[str]

    class Config:
        strict = True

    @pa.dataframe_check(error="times: started_at and finished_at are ISO times, in order, not in the future")
    def times(cls, frame):
        started, finished = (pd.to_datetime(frame[c], utc=True, errors="coerce", format="ISO8601")
                             for c in ("started_at", "finished_at"))
        return not_in_the_future(frame["started_at"]) & not_in_the_future(frame["finished_at"]) & (started <= finished)


class KeptAlert(pa.DataFrameModel):
    """An alert of a run that published nothing, waiting for the next published run."""

    run_id: Series[str] = pa.Field(str_matches=RUN_ID)
    kind: Series[str] = pa.Field(isin=ALERT_KINDS)
    subject: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 500})
    message: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 5000})
    severity: Series[str] = pa.Field(isin=["info", "warning", "error"])
    delivery: Series[str] = pa.Field(isin=["pending", "delivered", "not configured"])

    class Config:
        strict = True


class KeptDelivery(pa.DataFrameModel):
    """An alert of the published warehouse that every receiver took, waiting to be marked delivered in it."""

    alert_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    delivered_at: Series[str]

    class Config:
        strict = True

    @pa.dataframe_check(error="delivered_at: an ISO time, not in the future")
    def times(cls, frame):
        return not_in_the_future(frame["delivered_at"])
