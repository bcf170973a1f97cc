"""The Harmonized System nomenclature: official titles of every HS chapter, heading and subheading.

Quirks: the file is the HS2022 edition as UN Comtrade publishes it, packaged by datahub.io
(core/harmonized-system). Chapter titles are what the claim checks compare the brief's code
names with, and the WCO sections (I-XXI) are what groups chapters; the Atlas's own sector
groups differ (they put furniture under textiles). Chapter 99 has no section. sections.csv
opens with a byte-order mark.
"""

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording
from flows.sources.tabular import read_csv
from schemas.common import LINEAGE, columns
from schemas.hs_nomenclature import HsCode, HsSection
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "hs_nomenclature"

ORIGIN = Origin(
    producer="World Customs Organization (HS nomenclature), as published by UN Comtrade; packaged by datahub.io",
    title="Harmonized System (HS2022): chapters, headings, subheadings and sections",
    citation="WCO Harmonized Commodity Description and Coding System, via datasets/harmonized-system (datahub.io core)",
    licence="ODC Public Domain Dedication and Licence (PDDL) 1.0",
    landing_url="https://datahub.io/core/harmonized-system",
)

ABOUT = About(
    name='HS nomenclature (WCO, via UN Comtrade)',
    live='none (record a newer edition)',
    recorded='HS2022: every chapter, heading and subheading with its official title and WCO section',
    lands='`hs_products`',
)

CODES_FILE = "harmonized-system.csv"
SECTIONS_FILE = "sections.csv"
SCHEMAS = {"hs_nomenclature": HsCode, "hs_sections": HsSection}
FRESHNESS = Freshness(1900, "the WCO revises the HS every five years (HS2022 then HS2027)")
REVISIONS = ()
RECORDINGS = (
    Recording("hs_nomenclature", "*.csv",
              "datasets/harmonized-system@905e5a0fa29f5700d62cb3cc1265f21bc8a92329:data/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    missing = {CODES_FILE, SECTIONS_FILE} - set(snapshots)
    if missing:
        raise ParseError(f"{SOURCE}: no snapshot of {', '.join(sorted(missing))}")
    text = {column: str for column in columns(HsCode) if column not in LINEAGE}
    codes = read_csv(snapshots[CODES_FILE], [c for c in columns(HsCode) if c not in LINEAGE],
                     dtype=text | {"level": "Int64"}, keep_default_na=False)
    sections = read_csv(snapshots[SECTIONS_FILE], ["section", "name"], dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    return {"hs_nomenclature": codes, "hs_sections": sections}
