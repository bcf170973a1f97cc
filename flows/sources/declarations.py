"""What a source module declares besides its parser, so that one registry line adds a source.

`FRESHNESS`: how old its last confirmed data may be before it counts as stale. `REVISIONS`:
where its figures land in staging, keyed, so a newer snapshot's revised past values can be
found. `RECORDINGS`: which files of the shared data folder are its real data, and the public
copy each came from, for `tradebrief record`. `LIVE`: the resources a live fetch asks for, where a
source needs nothing more than a conditional GET of each (a source with pages or a plan has its
own `fetch`), and what kind of body each is: an HTML page is refused unless its source says so.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Freshness:
    max_age_days: int
    reason: str


@dataclass(frozen=True)
class Revision:
    model: str
    keys: str  # the staging columns that key one figure, joined by '|'
    value_column: str
    period_column: str
    source_filter: str  # a SQL condition picking the source's rows in the model


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
