"""The one list of sources, found rather than written: every package under flows/sources/ is a source. The refresh,
`record` and `fetch` read it, and the seeds of freshness and revisions are made from what each declares; a new
source is its folder (and its schema in schemas/), nothing else.
"""

import importlib
import pkgutil

import pandas as pd

import flows.sources
from flows.fetch import fetchable
from flows.sources.declarations import Source
from warehouse.errors import ModelError


def find_sources() -> tuple[Source, ...]:
    """Every source package, by name; one that does not declare what a source declares is refused, naming what it
    lacks."""
    found = []
    for package in sorted(info.name for info in pkgutil.iter_modules(flows.sources.__path__) if info.ispkg):
        module = importlib.import_module(f"flows.sources.{package}")
        if not isinstance(module, Source):
            lacking = [name for name in Source.__annotations__ if not hasattr(module, name)]
            raise ModelError(f"flows/sources/{package}/ is a package but not a source: it lacks {', '.join(lacking)}")
        found.append(module)
    return tuple(found)


SOURCES = find_sources()


def source_named(name: str):
    for source in SOURCES:
        if source.SOURCE == name:
            return source
    raise KeyError(f"unknown source {name!r}; the sources are {', '.join(s.SOURCE for s in SOURCES)}")


def declared_tables() -> dict[str, pd.DataFrame]:
    """seeds.source_freshness and seeds.revision_checks, from each source module's FRESHNESS and REVISIONS."""
    freshness = pd.DataFrame([{"source": source.SOURCE, "max_age_days": source.FRESHNESS.max_age_days,
                               "max_lag_years": source.FRESHNESS.max_lag_years, "reason": source.FRESHNESS.reason,
                               "fetched_live": fetchable(source)}
                              for source in SOURCES])
    revisions = pd.DataFrame([{"source": source.SOURCE, **revision.__dict__}
                              for source in SOURCES for revision in source.REVISIONS])
    return {"source_freshness": freshness, "revision_checks": revisions}
