"""raw.published_figures: figures from statements, reports and press with no machine-readable endpoint."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage, QUALITY_GRADES, URL


class PublishedFigure(Lineage):
    """One row per (figure, period): a published number, who said it, where, when, and how much to trust it."""

    figure_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    subject: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float] = pa.Field(coerce=True)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    period: Series[str] = pa.Field(str_length={"min_value": 4})
    qualifier: Series[str] = pa.Field(nullable=True)
    publisher_or_speaker: Series[str]
    outlet: Series[str]
    url: Series[str] = pa.Field(str_matches=URL)
    published: Series[str] = pa.Field(str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    quality: Series[str] = pa.Field(isin=QUALITY_GRADES)
    note: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ["figure_id", "period"]
        strict = True
