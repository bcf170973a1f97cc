"""raw.brief_lines and raw.brief_numbers: the brief's own text, and every numeric expression in it."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage

NUMBER_KINDS = ["percent", "money", "year", "year_range", "decade", "hs_code", "list_number", "footnote", "ordinal",
                "count_word", "number"]


class BriefLine(Lineage):
    """One row per line of the brief's text (a paragraph, a heading or a footnote)."""

    line: Series[int] = pa.Field(ge=1, unique=True, description="the line's number in the brief's text, from 1")
    text: Series[str] = pa.Field(description="the line as the brief prints it")

    class Config:
        strict = True


class BriefNumber(Lineage):
    """One row per numeric expression of the brief: a number, percentage, sum of money, year, rank or count word."""

    line: Series[int] = pa.Field(ge=1, description="the line of the brief the expression stands on")
    start: Series[int] = pa.Field(ge=0, description="its first character's offset in the line, from 0")
    end: Series[int] = pa.Field(ge=1, description="the offset just past its last character")
    expression: Series[str] = pa.Field(str_length={"min_value": 1}, description="the expression as written")
    kind: Series[str] = pa.Field(isin=NUMBER_KINDS, description="what kind of number it is: " + ", ".join(NUMBER_KINDS))

    class Config:
        strict = True
        unique = ["line", "start"]

    @pa.dataframe_check(error="span: an expression ends after it starts")
    def span(cls, frame):
        return frame["end"] > frame["start"]
