"""Raw tables of CEPII's BACI bulk files: the two code lists, and the rules each year's flows keep.

A year has 8-11 M flows, too many to hold in pandas at once, so its rules are checked chunk
by chunk (see flows/sources/baci.py); the code lists are small and checked whole.
"""

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3


class BaciCountry(pa.DataFrameModel):
    """baci.countries: one row per BACI country code, with its ISO3 code; none for BACI's residual areas, such as
    "Other Asia, nes", which the real lists mark N/A."""

    country_code: Series[int] = pa.Field(ge=0, le=999, unique=True, coerce=True)
    country_name: Series[str]
    iso3: Series[str] = pa.Field(str_matches=ISO3, nullable=True)


class BaciProduct(pa.DataFrameModel):
    """baci.products: one row per HS6 product, its code as a number (`product`) and as six digits (`hs6`)."""

    product: Series[int] = pa.Field(ge=100, le=999_999, unique=True, coerce=True)
    hs6: Series[str] = pa.Field(str_matches=r"^\d{6}$")
    description: Series[str] = pa.Field(nullable=True)


def flow_schema(year: int, country_codes: list[int], products: list[int]) -> pa.DataFrameSchema:
    """The rules of one year's flows: its year, known countries and products, positive values, no self-trade."""
    return pa.DataFrameSchema(
        {
            "year": pa.Column("int16", pa.Check.eq(year)),
            "exporter": pa.Column("int16", known(country_codes, "known_exporter")),
            "importer": pa.Column("int16", known(country_codes, "known_importer")),
            "product": pa.Column("int32", known(products, "known_product")),
            "value_kusd": pa.Column(float, pa.Check.gt(0)),
            # a missing quantity passes as it is: the check that Pandera runs on non-missing values copies the chunk first
            "quantity_t": pa.Column(float, pa.Check(lambda quantity: ~(quantity < 0), ignore_na=False,
                                                    error="greater_than_or_equal_to(0)"), nullable=True),
        },
        # neither code may be missing (the columns say so), so Pandera need not look for missing ones row by row
        checks=pa.Check(lambda frame: frame["exporter"] != frame["importer"], ignore_na=False,
                        error="exporter_is_not_importer"),
        strict=True,
        coerce=False,
        name="baci.flows",
    )


def known(codes: list[int], error: str) -> pa.Check:
    """A code among `codes` (non-negative integers), looked up in a table of flags: a year's 9 M rows cost a
    quarter of what `isin`'s hashing costs. A code above them all lands on the last flag, which no code sets."""
    flags = np.zeros(max(codes, default=-1) + 2, dtype=bool)
    flags[codes] = True

    def check(series: pd.Series) -> pd.Series:
        values = series.to_numpy()
        if not np.issubdtype(values.dtype, np.integer):  # a missing code makes the column float: look codes up one by one
            return series.isin(codes)
        return pd.Series(np.take(flags, values, mode="clip") & (values >= 0), index=series.index)

    return pa.Check(check, error=error)
