"""The brief's own facts, read from seeds.brief_facts: its country, the partner it weighs, the comparator, its year.

The summary, the report and the commands read them from the warehouse rather than naming
North Korea or 2016 in code, so that the code reads the same for another brief.
"""

from dataclasses import dataclass

import duckdb

from warehouse.errors import ReadError


@dataclass(frozen=True)
class BriefFacts:
    brief: str  # the slug of the brief whose argument the analyst marts weigh
    focus: str  # ISO3 of the country the brief is about
    partner: str  # ISO3 of the partner whose trade with it the brief weighs
    comparator: str  # ISO3 of the partner it weighs the first against, and their shared market
    year: int  # the year of the brief's trade figures

    @property
    def partners(self) -> tuple[str, str]:
        return self.partner, self.comparator


def brief_facts(con: duckdb.DuckDBPyConnection) -> BriefFacts:
    """The facts; a warehouse published before seeds.brief_facts existed is an error saying to refresh it."""
    try:
        facts = dict(con.execute("select fact, value from seeds.brief_facts").fetchall())
    except duckdb.CatalogException:
        raise ReadError("the warehouse has no seeds.brief_facts (it was published by an older tradebrief); "
                           "run `tradebrief refresh` first") from None
    return BriefFacts(facts["brief"], facts["focus_iso3"], facts["partner_iso3"], facts["comparator_iso3"], int(facts["year"]))
