"""raw.energy_review: the Statistical Review of World Energy, long: one row per (entity, year, indicator)."""

import pandera.pandas as pa
from pandera.typing import Series


class EnergyReview(pa.DataFrameModel):
    entity: Series[str]
    iso3: Series[str] = pa.Field(nullable=True)
    year: Series[int] = pa.Field(ge=1900, le=2100, coerce=True)
    indicator: Series[str]
    value: Series[float] = pa.Field(ge=0, coerce=True)
    unit: Series[str]
    source_file: Series[pa.Category]
    source_line: Series[int] = pa.Field(ge=2)
    snapshot_sha256: Series[pa.Category]

    class Config:
        unique = ["entity", "year", "indicator", "source_file"]
        strict = True
