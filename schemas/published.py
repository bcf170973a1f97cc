"""raw.published_figures: figures from statements, reports and press with no machine-readable endpoint."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import QUALITY_GRADES, URL, Lineage


class PublishedFigure(Lineage):
    """One row per (figure, period): a published number, who said it, where, when, and how much to trust it."""

    figure_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="a short stable id of the published figure")
    subject: Series[str] = pa.Field(str_length={"min_value": 1}, description="what the figure is about (Russian coal exports, ...)")
    value: Series[float] = pa.Field(coerce=True, finite=True, description="the figure as published, in `unit`")
    unit: Series[str] = pa.Field(str_length={"min_value": 1}, description="the unit of `value`")
    period: Series[str] = pa.Field(str_length={"min_value": 4},
                                   description="the period the figure covers, as published (2022, Jan-May 2023, ...)")
    qualifier: Series[str] = pa.Field(nullable=True, description="how it was stated: exact, about, over, ...")
    publisher_or_speaker: Series[str] = pa.Field(description="who published or said it")
    outlet: Series[str] = pa.Field(description="where it appeared")
    url: Series[str] = pa.Field(str_matches=URL, description="the public page it was transcribed from")
    published: Series[str] = pa.Field(str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="when it was published")
    quality: Series[str] = pa.Field(isin=QUALITY_GRADES,
                                    description="the grade of the source: primary, secondary or tertiary")
    note: Series[str] = pa.Field(nullable=True, description="what a reader should know about the figure")

    class Config:
        unique = ["figure_id", "period"]
        strict = True
