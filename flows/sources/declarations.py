"""What a source module declares besides its parser, so that one registry line adds a source.

`FRESHNESS`: how far its latest period may lag behind the current year before its data counts as
outdated (or, for a source whose data has no period, how old its recording may be). `REVISIONS`:
where its figures land in staging (`revised_in`; each model's key is written once, in STAGED),
so a newer snapshot's revised past values can be found. `RECORDINGS`: which files of the shared data folder are its real data, and the public
copy each came from, for `tradebrief record`. `LIVE`: the resources a live fetch asks for, where a
source needs nothing more than a conditional GET of each (a source with pages or a plan has its
own `fetch`), and what kind of body each is: an HTML page is refused unless its source says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pandas as pd

    from warehouse.snapshots import Origin, Snapshot


@dataclass(frozen=True)
class Freshness:
    max_age_days: int  # for a source whose data has no period: how many days its recording may be old
    reason: str
    max_lag_years: int | None = None  # the latest year its data holds may be at most this far behind the current year


@dataclass(frozen=True)
class Revision:
    model: str
    keys: str  # the staging columns that key one figure, joined by '|'
    value_column: str
    period_column: str
    series: str | None  # the model's `source` value of the source's rows; None where every row is the source's
    source_filter: str  # the SQL condition picking those rows, made from `series`


# Each staging model that sources' figures land in: the columns that key one figure, its value and its period.
STAGED = {
    "staging.trade_flows": ("year|reporter_iso3|partner_iso3|flow|classification|product_level|product_code|is_mirror",
                            "value_usd", "year"),
    "staging.macro_indicators": ("iso3|year|indicator", "value", "year"),
    "staging.food_supply": ("iso3|year|item|element", "value", "year"),
    "staging.energy_balance": ("iso3|year|indicator", "value", "year"),
    "staging.published_figures": ("figure_id|period", "value", "period"),
}


def revised_in(model: str, series: str | None = None) -> Revision:
    """Where a source's figures land: the staging model (keyed as STAGED says) and, where the model holds other
    sources too, the value of its `source` column that marks this source's rows."""
    keys, value_column, period_column = STAGED[model]
    return Revision(model, keys, value_column, period_column, series,
                    f"source = '{series}'" if series else "true")


@dataclass(frozen=True)
class Recording:
    """Files under `folder` (a glob from the data folder) and where they were copied from."""

    folder: str
    pattern: str
    upstream: str  # "repository@commit:path", formatted with {name} (the file name) and {stem3} (its first three letters)
    params: dict | None = None  # the query the recorded response answered, where it is known


@dataclass(frozen=True)
class Live:
    """One resource of a live fetch: kept as the snapshot `name`, fetched conditionally from `url`."""

    name: str
    url: str
    expect: str  # the body's kind: 'json', 'csv', 'xlsx' or 'html' (only a source that is HTML by nature says 'html')
    params: dict | None = None


@dataclass(frozen=True)
class About:
    """How the sources page introduces a source (its row of the table docs/adding-a-source.md generates)."""

    name: str  # as a reader knows the source
    live: str  # what `tradebrief fetch` asks it for, or why nothing
    recorded: str  # what its committed snapshots hold
    lands: str  # the tables its rows reach


@runtime_checkable
class Source(Protocol):
    """What every source package declares (flows/sources/<name>/__init__.py); flows.registry refuses a package that
    lacks any of it. A source may also declare `LIVE` (its resources for a conditional GET each), `fetch(client,
    latest)` (a fetch of its own: pages, a plan), `check_answer(live, content)` (a check of a live answer against
    its request), `LIMITS` (flows.sources.limits.ReadLimits, where its files need more than the defaults) and
    `PREAMBLES` (a first line's start -> the line its header stands on, for files that open with a preamble)."""

    __name__: str  # the package: flows.sources.<folder>
    SOURCE: str  # its name: snapshots/<SOURCE>/, meta's `source`
    ORIGIN: Origin  # producer, title, citation, licence, landing page
    ABOUT: About  # its row of the sources table
    SCHEMAS: dict  # raw table name -> its Pandera schema (schemas/)
    FRESHNESS: Freshness
    REVISIONS: tuple[Revision, ...]
    RECORDINGS: tuple[Recording, ...]
    parse: Callable[[dict[str, Snapshot]], dict[str, pd.DataFrame]]
