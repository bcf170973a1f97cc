"""The one list of sources. The refresh, `record` and `fetch` read it, and the seeds of freshness and revisions
are made from what each module declares: a new source is its module, its schema, its staging SQL and a line here.
"""

import pandas as pd

from flows.fetch import fetchable
from flows.sources import atlas, comtrade, energy, fao, hs_nomenclature, iea, ilo, imf, oec, published, worldbank

SOURCES = (atlas, oec, comtrade, worldbank, ilo, imf, fao, energy, iea, published, hs_nomenclature)


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
