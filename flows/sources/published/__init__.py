"""Published figures: what the Ministry of Energy, the IEA, KOTRA and the press state, with no data endpoint.

A manual source: the snapshot is a CSV with one row per figure, each carrying its URL,
publication date and a quality grade (primary, secondary, tertiary). Adding a figure means
adding a row and recording the file again (`tradebrief record`); no code changes.
"""

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import read_csvs
from schemas.common import LINEAGE, columns
from schemas.published import PublishedFigure
from warehouse.snapshots import Origin, Snapshot

SOURCE = "published"

ORIGIN = Origin(
    producer="tradebrief (transcribed)",
    title="Published figures behind the brief's claims: official statements, reports and press",
    citation="Each row cites its own publisher, outlet, URL and publication date",
    licence="Facts transcribed from public statements; each row's URL is its source",
    landing_url="https://minenergo.gov.ru/industries/coal/main-indicators/russian-coal-supplies",
)

ABOUT = About(
    name='Published figures',
    live='none: a manual source; add a row to the CSV and record it',
    recorded='`reference_figures.csv`, one figure a row with URL, date and quality grade',
    lands='`published_figures`',
)

COLUMNS = [column for column in columns(PublishedFigure) if column not in LINEAGE]
SCHEMAS = {"published_figures": PublishedFigure}
FRESHNESS = Freshness(120, "statements and press figures are reviewed each quarter")
REVISIONS = (
    revised_in("staging.published_figures"),
)
RECORDINGS = (
    Recording("published", "reference_figures.csv",
              "transcribed from the public statements each row cites (its url column)"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    text = {column: str for column in COLUMNS if column != "value"}
    figures = read_csvs(list(snapshots.values()), COLUMNS, dtype=text, keep_default_na=False, na_values={"value": [""]})
    for column in ("qualifier", "note"):
        figures[column] = figures[column].replace("", None)
    return {"published_figures": figures}
