"""Rules that several raw tables share."""

import numpy as np
import pandera.pandas as pa
import pycountry
from pandera import extensions
from pandera.typing import Series

ISO3 = r"^[A-Z]{3}$"
URL = r"^https?://"
QUALITY_GRADES = ["primary", "secondary", "tertiary"]
# The ISO 3166 countries, the world, and Kosovo's code as trade statistics write it.
COUNTRY_CODES = sorted({country.alpha_3 for country in pycountry.countries} | {"WLD", "XKX"})


@extensions.register_check_method(statistics=["finite"])
def finite(values, *, finite: bool):
    """`Field(finite=True)`: no infinite value. An inf passes ge=0 and every sum after it; missing values are left
    to `nullable`."""
    return ~np.isinf(values.astype(float)) if finite else values == values


class Lineage(pa.DataFrameModel):
    """Where each row came from: every raw table has these, so an error can name the file and line."""

    source_file: Series[pa.Category] = pa.Field(description="the snapshot's name: the file the row was read from")
    source_line: Series[int] = pa.Field(ge=1, description=(
        "the row's line in that file (a CSV's header is line 1), or a JSON record's number"))
    snapshot_sha256: Series[pa.Category] = pa.Field(description="sha256 of the snapshot the row was read from")


LINEAGE = ("source_file", "source_line", "snapshot_sha256")


def columns(model: type[pa.DataFrameModel]) -> list[str]:
    """A raw table's columns in the order it is loaded: the data first, then where each row came from."""
    names = list(model.to_schema().columns)
    return [name for name in names if name not in LINEAGE] + [name for name in LINEAGE if name in names]
