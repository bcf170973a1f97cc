"""raw.energy_review: the Statistical Review of World Energy, long: one row per (entity, year, indicator)."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage


class EnergyReview(Lineage):
    entity: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    year: Series[int] = pa.Field(ge=1900, le=2100, coerce=True)
    indicator: Series[str]
    value: Series[float] = pa.Field(ge=0, finite=True, coerce=True)
    unit: Series[str]

    class Config:
        unique = ["entity", "year", "indicator", "source_file"]
        strict = True
