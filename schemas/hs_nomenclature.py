"""raw.hs_nomenclature and raw.hs_sections: the official HS titles and the WCO sections they belong to."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage

ROMAN_SECTION = r"^[IVX]{1,5}$"


class HsCode(Lineage):
    """One row per HS chapter, heading or subheading, with its official description and WCO section."""

    section: Series[str] = pa.Field(description="the WCO section (I-XXI) the code belongs to; TOTAL for chapter 99 and the total")
    hscode: Series[str] = pa.Field(str_matches=r"^(\d{2}|\d{4}|\d{6}|TOTAL)$", unique=True,
                                   description="the HS code, with its leading zeros")
    description: Series[str] = pa.Field(str_length={"min_value": 1}, description="the official title of the code")
    parent: Series[str] = pa.Field(description="the code one level up (TOTAL for a chapter)")
    level: Series[int] = pa.Field(isin=[2, 4, 5, 6], coerce=True,
                                  description="digits of the code: 2 chapter, 4 heading, 6 subheading (5: the total)")

    class Config:
        strict = True

    @pa.dataframe_check(error="code_length: a code has as many digits as its level says")
    def code_length(cls, frame):
        return frame["hscode"].str.len().eq(frame["level"]) | frame["hscode"].eq("TOTAL")

    @pa.dataframe_check(error="sectioned: every code but chapter 99 and the total sits in a WCO section")
    def sectioned(cls, frame):
        return frame["section"].str.fullmatch(ROMAN_SECTION) | frame["hscode"].str.startswith("99") | frame["hscode"].eq("TOTAL")


class HsSection(Lineage):
    """One row per WCO section of the HS: its roman numeral and name."""

    section: Series[str] = pa.Field(str_matches=ROMAN_SECTION, unique=True, description="the WCO section, I to XXI")
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="the section's official name")

    class Config:
        strict = True
