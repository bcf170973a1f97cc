"""The one list of sources, found rather than written: every package under flows/sources/ is a source. The refresh,
`record` and `fetch` read it, and the seeds of freshness and revisions are made from what each declares; a new
source is its folder (its schema in schemas/ or in the folder) and its snapshots, nothing else.
"""

import importlib
import pkgutil

import pandas as pd

import flows.sources
from flows.fetch import fetchable
from flows.sources.declarations import Source
from warehouse.errors import RefreshError


def find_sources(folders=flows.sources.__path__, prefix: str = "flows.sources.") -> tuple[Source, ...]:
    """Every source package in `folders`, by name; one that does not declare what a source declares is refused,
    naming what it lacks."""
    found = []
    for package in sorted(info.name for info in pkgutil.iter_modules(folders) if info.ispkg):
        module = importlib.import_module(f"{prefix}{package}")
        if not isinstance(module, Source):
            lacking = [name for name in Source.__annotations__ if not hasattr(module, name)]
            raise RefreshError(f"{module.__name__} is a package among the sources but not a source: it lacks "
                             f"{', '.join(lacking)}")
        found.append(module)
    return tuple(found)


SOURCES = find_sources()


def source_named(name: str):
    for source in SOURCES:
        if source.SOURCE == name:
            return source
    raise KeyError(f"unknown source {name!r}; the sources are {', '.join(s.SOURCE for s in SOURCES)}")


def declared_tables() -> dict[str, pd.DataFrame]:
    """seeds.source_freshness and seeds.revision_checks, from each source's FRESHNESS and REVISIONS."""
    freshness = pd.DataFrame([{"source": source.SOURCE, "max_age_days": source.FRESHNESS.max_age_days,
                               "max_lag_years": source.FRESHNESS.max_lag_years, "reason": source.FRESHNESS.reason,
                               "fetched_live": fetchable(source)}
                              for source in SOURCES])
    revisions = pd.DataFrame([{"source": source.SOURCE, **revision.__dict__}
                              for source in SOURCES for revision in source.REVISIONS])
    return {"source_freshness": freshness, "revision_checks": revisions}


def source_table() -> str:
    """The sources table of docs/adding-a-source.md: one row a source, from what its package declares."""
    lines = ["| source | package | live endpoint (`tradebrief fetch`) | recorded snapshot (offline) | staging table |",
             "|---|---|---|---|---|"]
    for source in sorted(SOURCES, key=lambda s: s.ABOUT.name.lower()):
        folder = source.__name__.rsplit(".", 1)[1]
        about = source.ABOUT
        lines.append(f"| {about.name} | `flows/sources/{folder}/` | {about.live} | {about.recorded} | {about.lands} |")
    return "\n".join(lines) + "\n"


def layout_table() -> str:
    """The data folder's layout `tradebrief record` reads, from each source's RECORDINGS."""
    lines = ["| source | files under `DATA_DIR` |", "|---|---|"]
    for source in SOURCES:
        files = ", ".join(dict.fromkeys(f"`{recording.folder}/{recording.pattern}`" for recording in source.RECORDINGS))
        lines.append(f"| `{source.SOURCE}` | {files} |")
    return "\n".join(lines) + "\n"
