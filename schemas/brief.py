"""The briefs (briefs/<slug>/): where each comes from, its text line by line, and every numeric expression in it."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage

SLUG = r"^[a-z0-9][a-z0-9-]*$"

NUMBER_KINDS = ["percent", "money", "year", "year_range", "decade", "hs_code", "list_number", "footnote", "ordinal",
                "count_word", "number"]


def brief_field():
    return pa.Field(str_matches=SLUG, description="the brief's slug: its folder's name in briefs/")


class BriefAbout(pa.DataFrameModel):
    """seeds.briefs: one row per brief folder, from its brief.toml: what the brief is and where its text came from."""

    brief: Series[str] = pa.Field(str_matches=SLUG, unique=True, description="the brief's slug: its folder's name")
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="the brief's title")
    author: Series[str] = pa.Field(str_length={"min_value": 1}, description="who wrote it (an analyst, for a list of "
                                                                            "their own claims)")
    publisher: Series[str] = pa.Field(nullable=True, description="who published it, where it was published")
    published: Series[str] = pa.Field(str_matches=r"^\d{4}-\d{2}-\d{2}$", description="the date it was published or "
                                                                                       "written (YYYY-MM-DD)")
    url: Series[str] = pa.Field(nullable=True, str_matches=r"^https?://", description="where it can be read")
    citation: Series[str] = pa.Field(str_length={"min_value": 1}, description="how to cite it")
    licence: Series[str] = pa.Field(str_length={"min_value": 1}, description="the terms its text is kept under")
    text_file: Series[str] = pa.Field(nullable=True, description=(
        "the file of its text in the folder; empty for a plain list of claims, each citing its own source"))
    text_sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$",
                                        description="sha256 of the text file's bytes")

    @pa.dataframe_check(error="text_and_digest: a brief with a text file has its digest, one without has none")
    def text_and_digest(cls, frame):
        return frame["text_file"].isna() == frame["text_sha256"].isna()


class BriefLine(Lineage):
    """One row per line of a brief's text (a paragraph, a heading or a footnote)."""

    brief: Series[str] = brief_field()
    line: Series[int] = pa.Field(ge=1, description="the line's number in the brief's text, from 1")
    text: Series[str] = pa.Field(description="the line as the brief prints it")

    class Config:
        strict = True
        unique = ["brief", "line"]


class BriefNumber(Lineage):
    """One row per numeric expression of a brief: a number, percentage, sum of money, year, rank or count word."""

    brief: Series[str] = brief_field()
    line: Series[int] = pa.Field(ge=1, description="the line of the brief the expression stands on")
    start: Series[int] = pa.Field(ge=0, description="its first character's offset in the line, from 0")
    end: Series[int] = pa.Field(ge=1, description="the offset just past its last character")
    expression: Series[str] = pa.Field(str_length={"min_value": 1}, description="the expression as written")
    kind: Series[str] = pa.Field(isin=NUMBER_KINDS, description="what kind of number it is: " + ", ".join(NUMBER_KINDS))

    class Config:
        strict = True
        unique = ["brief", "line", "start"]

    @pa.dataframe_check(error="span: an expression ends after it starts")
    def span(cls, frame):
        return frame["end"] > frame["start"]
