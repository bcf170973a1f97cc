"""Country names to ISO3 codes, for sources that name countries instead of coding them.

Two rules for two kinds of source. `to_iso3`: pycountry knows the ISO 3166 names, each source
adds the spellings of its own that ISO does not use, and a name that maps to nothing (a region,
an income group, a price series) keeps an empty code: the raw table holds it, staging leaves it
out. `names_to_iso3`, for sources where every name must be a country or be known not to be one
(UN Comtrade's names, such as "Dem. People's Rep. of Korea"): country_converter's patterns read
the UN's abbreviations, the source's explicit table settles the rest, and any other name is an
error naming the file and line. country_converter is not used for `to_iso3` because its
patterns read regions as countries ("Southern Africa" as ZAF).
"""

import logging
from collections.abc import Mapping
from functools import cache

import country_converter
import pandas as pd
import pycountry

from schemas.common import COUNTRY_CODES
from warehouse.errors import ParseError

NOT_FOUND = "\x00not found"


@cache
def _lookup(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def to_iso3(names: pd.Series, spellings: Mapping[str, str | None]) -> pd.Series:
    """ISO3 code for each name: the source's own spelling first, then ISO 3166 names and codes; missing where none.

    The result is pandas' string dtype with a real missing value, never the text 'nan' or 'None', which
    would pass an ISO3 pattern (pandas 2's astype(str) wrote them; hence pandas 3 in pyproject.toml).
    """
    codes = {name: spellings[name] if name in spellings else _lookup(name) for name in names.dropna().unique()}
    return names.map(codes).astype(pd.StringDtype(na_value=float("nan")))


@cache
def _converter() -> country_converter.CountryConverter:
    """country_converter 1.3 reads its own table with pandas' default missing values, so pandas 3 reads Namibia's
    ISO2 code "NA" as missing and the converter cannot start; its table is read here with no such values."""
    table = pd.read_csv(country_converter.country_converter.COUNTRY_DATA_FILE, sep="\t", encoding="utf-8", dtype=str,
                        keep_default_na=False, na_values=[""])
    logging.getLogger("country_converter").setLevel(logging.ERROR)  # a name it does not know is reported here, by line
    return country_converter.CountryConverter(country_data=table)


@cache
def convert_name(name: str) -> str:
    """One name's ISO3 code by country_converter's patterns, or NOT_FOUND."""
    code = _converter().convert(name, to="ISO3", not_found=NOT_FOUND)
    return code if isinstance(code, str) and code in COUNTRY_CODES else NOT_FOUND


def names_to_iso3(frame: pd.DataFrame, column: str, table: dict[str, str | None], where: str) -> pd.Series:
    """ISO3 code for each name of `frame[column]`: the explicit table first (None: known not to be a country),
    then country_converter. A name neither knows is a ParseError naming `where`'s file and the row's line."""
    names = frame[column]
    codes = {name: table[name] if name in table else convert_name(name) for name in names.dropna().unique()}
    unknown = [name for name, code in codes.items() if code == NOT_FOUND]
    if unknown or names.isna().any():
        row = frame[names.isin(unknown) | names.isna()].iloc[0]
        raise ParseError(f"{where}: {row['source_file']} line {row['source_line']}: the {column} "
                         f"{row[column]!r} is no country name country_converter or the source's table knows")
    return names.map(codes).astype(pd.StringDtype(na_value=float("nan")))
