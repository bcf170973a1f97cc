"""Rules that several raw tables share."""

import numpy as np
import pandas as pd
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


SPIKE_RATIO = 100  # how far above its series' median and both years beside it a value may stand
SPIKE_HISTORY = 5  # the values a series needs before its own history judges one of them


def no_spike(frame: pd.DataFrame, value: str, series: list[str], year: str = "year") -> pd.Series:
    """False where a value stands more than SPIKE_RATIO times above its series' median and above the years beside it:
    a unit slip (Russia's coal at 432,498 Mt, a thousand times its 430), not a trend, which carries its neighbours.

    A series is `series` (its key columns) over `year`; one of fewer than SPIKE_HISTORY values, or with no neighbour
    above zero, is not judged. The rule is kept to series of quantities that do not swing across zero or by orders
    of magnitude: against the plain median alone, the real data broke it 11 times in the Energy Institute's coal
    consumption of small consumers, 196 in exchange rates under hyperinflation, 6 in FAO's fish supply.
    """
    ordered = frame.sort_values([*series, year], kind="stable")
    magnitude = ordered[value].astype(float).abs()
    groups = magnitude.groupby([ordered[column].astype(object).fillna("") for column in series], sort=False)
    median, count = groups.transform("median"), groups.transform("count")
    beside = pd.concat([groups.shift(1), groups.shift(-1)], axis=1).max(axis=1)
    spike = ((count >= SPIKE_HISTORY) & (median > 0) & (beside > 0)
             & (magnitude > SPIKE_RATIO * median) & (magnitude > SPIKE_RATIO * beside))
    return ~spike.reindex(frame.index, fill_value=False)


def as_declared(frame: pd.DataFrame, unit: str, of: str, declared: dict[str, str]) -> pd.Series:
    """True where a row's `unit` is the one `declared` for its `of` (an indicator, an element); one not declared
    fails too, so a new series is declared before it loads."""
    return frame[unit].eq(frame[of].map(declared))
