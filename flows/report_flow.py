"""The report flow: write the analyst report from the published warehouse, and link it from a Prefect artifact."""

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from report.page import write_report
from warehouse import settings


@flow(name="tradebrief-report")
def report(warehouse: str | None = None, out_dir: str | None = None) -> str:
    """Write the report site (index.html, a page a brief, the charts, the dictionary, the sources) into out_dir; return
    the overview's path."""
    published = Path(warehouse) if warehouse else settings.current().warehouse
    page = write_report(published, Path(out_dir) if out_dir else settings.current().report_dir(published)).resolve()
    create_markdown_artifact(
        key="tradebrief-report",
        markdown=f"# tradebrief report\n\n[Open the report]({page.as_uri()}) (`{page}`), written from `{published}`.\n",
        description="The analyst report: claims ledger, charts, what changed, data dictionary.",
    )
    get_run_logger().info("report written to %s", page)
    return str(page)
