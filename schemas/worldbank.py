"""raw.worldbank_indicators: World Development Indicators, from the bulk CSV, DataBank exports or the JSON API."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import ISO3, Lineage, no_spike


class WorldBankIndicator(Lineage):
    """One row per (country or aggregate, year, indicator) with a value; missing values are not rows."""

    iso3: Series[str] = pa.Field(description="ISO3 code of the country", str_matches=ISO3)
    country_name: Series[str] = pa.Field(description="its name")
    year: Series[int] = pa.Field(description="the year", ge=1960, le=2100, coerce=True)
    indicator: Series[str] = pa.Field(description="the WDI indicator code", str_matches=r"^[A-Z][A-Z0-9.]+$")
    indicator_name: Series[str] = pa.Field(description="its name")
    value: Series[float] = pa.Field(description="the figure", coerce=True, finite=True)
    unit: Series[str] = pa.Field(description="the figure's unit, where the World Bank says", nullable=True)
    last_updated: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$", description="when the row's vintage was last updated")

    class Config:
        unique = ["iso3", "year", "indicator", "source_file"]
        strict = True

    @pa.dataframe_check(error="rate_positive: an exchange rate (PA.NUS.FCRF) is above zero")
    def rate_positive(cls, frame):
        return ~frame["indicator"].eq("PA.NUS.FCRF") | (frame["value"] > 0)

    @pa.dataframe_check(error="rate_of_labour_force: an unemployment rate (SL.UEM.*) is 0 to 100")
    def rate_of_labour_force(cls, frame):
        return ~frame["indicator"].str.startswith("SL.UEM.") | frame["value"].between(0, 100)

    @pa.dataframe_check(error="within_history: a value 100 times its series' median and the years beside it")
    def within_history(cls, frame):
        """Judged for the levels in current USD only: exchange rates under hyperinflation and growth rates swing by
        orders of magnitude in the real data."""
        levels = frame[frame["unit"].eq("current USD")]
        return no_spike(levels, "value", ["iso3", "indicator", "source_file"]).reindex(frame.index, fill_value=True)
