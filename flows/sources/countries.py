"""Country names to ISO3 codes, for sources that name countries instead of coding them.

pycountry knows the ISO 3166 names; each source adds the spellings of its own that ISO does
not use. A name that maps to nothing (a region, an income group, a price series) keeps an
empty code: the raw table holds it, staging leaves it out.
"""

from functools import cache

import pandas as pd
import pycountry


@cache
def _lookup(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def to_iso3(names: pd.Series, spellings: dict[str, str | None]) -> pd.Series:
    """ISO3 code for each name: the source's own spelling first, then ISO 3166 names and codes; missing where none.

    The result is pandas' string dtype with a real missing value, never the text 'nan' or 'None', which
    would pass an ISO3 pattern (pandas 2's astype(str) wrote them; hence pandas 3 in pyproject.toml).
    """
    codes = {name: spellings[name] if name in spellings else _lookup(name) for name in names.dropna().unique()}
    return names.map(codes).astype(pd.StringDtype(na_value=float("nan")))
