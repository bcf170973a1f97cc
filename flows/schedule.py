"""The weekly schedule of the refresh flow: deployed by prefect.yaml (`weekly`, run by a worker) or served by
`tradebrief serve` (`serve`, run by that process). The two have different names, so neither ever replaces the
other's schedule or parameters.

Each scheduled run fetches, rebuilds, and writes the report. Set the deployment's `fail_on_alert`
parameter to have a run that raised alerts end Failed, which schedulers and Prefect's UI show.

Served with `pause_on_shutdown=False`: Prefect otherwise pauses a served schedule when the
process stops, and a restarted `serve` would leave the refresh unscheduled.
"""

from prefect import serve
from prefect.deployments.runner import RunnerDeployment

from flows.refresh import refresh

DEPLOYMENT = "weekly"  # prefect.yaml's
SERVED = "serve"  # `tradebrief serve`'s
DEFAULT_CRON = "0 6 * * 1"  # Mondays 06:00 UTC, after most sources publish their week


def deployment(cron: str = DEFAULT_CRON, fetch: bool = True) -> RunnerDeployment:
    """The deployment `tradebrief serve` registers and serves (called outside an event loop, Prefect's
    sync-or-async method gives the deployment itself)."""
    made = refresh.to_deployment(
        name=SERVED,
        cron=cron,
        parameters={"fetch_live": fetch, "write_report": True},
        description="Weekly refresh: fetch every source it can, rebuild, test, publish, alert.",
        tags=["tradebrief"],
    )
    assert isinstance(made, RunnerDeployment)
    return made


def serve_weekly(cron: str = DEFAULT_CRON, fetch: bool = True) -> None:
    """Register the deployment and run its scheduled refreshes until stopped."""
    serve(deployment(cron, fetch), pause_on_shutdown=False)
