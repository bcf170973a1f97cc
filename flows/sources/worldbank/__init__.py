"""World Bank World Development Indicators: unemployment, population, exchange rate, GDP, trade.

Three shapes of the same data: the bulk CSV (`API_<ID>_DS2_...csv`, four preamble lines,
then one row per country and one column per year), the DataBank export (`Series Name,...,
2017 [YR2017]`, `..` for missing, a footer of notes), and the JSON API v2, paged, whose body
is `[page_info, records]` (records null when there is no data; `[{"message": ...}]` on error).
World Bank codes include aggregates (WLD, EUU, HIC); they are kept. Each row keeps the date its
vintage was last updated (the bulk CSV's preamble, the API's `lastupdated`; a DataBank export
says none), so staging takes each figure from the newest vintage, and a cell the newest vintage
leaves empty can be told apart from a year no vintage covers.
"""

import io
import re

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.limits import check_text, read_checked
from flows.sources.tabular import decode_json, frames_with_origin
from schemas.worldbank import WorldBankIndicator
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "worldbank"

ORIGIN = Origin(
    producer="World Bank",
    title="World Development Indicators",
    citation="World Bank, World Development Indicators (WDI), https://databank.worldbank.org/source/world-development-indicators",
    licence="CC BY 4.0",
    landing_url="https://data.worldbank.org/",
)

ABOUT = About(
    name='World Bank WDI',
    live='API v2 JSON, paged, for Russia, China and North Korea',
    recorded="bulk CSVs and a DataBank export (2024 vintage); the exchange rate's 2025-07-01 vintage, in which Russia's 2024 cell is empty. Each figure comes from the newest vintage that has it",
    lands='`macro_indicators`',
)

API = "https://api.worldbank.org/v2/country/{countries}/indicator/{indicator}"
COUNTRIES = ("RUS", "CHN", "PRK")
INDICATORS = {
    "SL.UEM.TOTL.ZS": "% of labour force",
    "SP.POP.TOTL": "persons",
    "PA.NUS.FCRF": "local currency per USD, period average",
    "NY.GDP.MKTP.CD": "current USD",
    "NY.GDP.MKTP.KD.ZG": "annual %",
    "NE.EXP.GNFS.CD": "current USD",
    "NE.IMP.GNFS.CD": "current USD",
}
PER_PAGE = 1000
FIRST_YEAR = 1990

# A bulk CSV opens with a preamble ("Data Source", a blank, "Last Updated Date", a blank) before the header on
# line 5: the parser and the layout check (warehouse.drift) both read it from here.
BULK_PREAMBLE = '"Data Source"'
PREAMBLES = {BULK_PREAMBLE: 4}
SCHEMAS = {"worldbank_indicators": WorldBankIndicator}
FRESHNESS = Freshness(120, "WDI updates quarterly", max_lag_years=2)
REVISIONS = (
    revised_in("staging.macro_indicators", "worldbank"),
)
RECORDINGS = (
    Recording("worldbank", "*.csv", "emmanuelniamba/GlobalImpact-Covid19@cdaa98e84415891f2f461cc21c3eca8ca155abec:data/{name}"),
    Recording("worldbank/fx_2025_vintage", "API_PA.NUS.FCRF_*.csv",
              "Harb1nger001/GlobalConflictFXStress@d90bf9f42e7959aa1a3078608e920be70b01b565:data/raw/{name}"),
)
LAST_UPDATED = re.compile(r'^"Last Updated Date","(\d{4}-\d{2}-\d{2})"', re.MULTILINE)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    parts = []
    for name, snapshot in sorted(snapshots.items()):
        parser = parse_api_page if name.endswith(".json") else parse_csv
        parts.append((snapshot, parser(snapshot)))
    table = frames_with_origin(parts)
    table["unit"] = table["indicator"].map(INDICATORS)
    return {"worldbank_indicators": table}


def parse_csv(snapshot: Snapshot) -> pd.DataFrame:
    """A bulk CSV or a DataBank export, long: one row per country, year and indicator with a value.

    `record` is the row's line in the file, so errors point at it.
    """
    content = read_checked(snapshot)
    skipped = PREAMBLES[BULK_PREAMBLE] if content.lstrip(b"\xef\xbb\xbf").startswith(BULK_PREAMBLE.encode()) else 0
    check_text(snapshot, content, header_line=1 + skipped)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(f"{SOURCE}: {snapshot.name} is not UTF-8: byte {error.start} cannot be decoded") from None
    last_updated = None
    if skipped:
        wide, first_line = pd.read_csv(io.StringIO(text), skiprows=skipped), skipped + 2
        stated = LAST_UPDATED.search("\n".join(text.split("\n", 4)[:4]))  # the four preamble lines
        last_updated = stated.group(1) if stated else None
        wide = wide.rename(columns={"Country Name": "country_name", "Country Code": "iso3",
                                    "Indicator Name": "indicator_name", "Indicator Code": "indicator"})
    elif text.startswith("Series Name"):
        wide, first_line = pd.read_csv(io.StringIO(text), na_values=[".."]), 2
        wide = wide.rename(columns={"Series Name": "indicator_name", "Series Code": "indicator",
                                    "Country Name": "country_name", "Country Code": "iso3"})
        wide = wide.rename(columns=lambda c: re.sub(r"^(\d{4}) \[YR\d{4}\]$", r"\1", c))
        wide = wide[wide["indicator"].notna()]
    else:
        raise ParseError(f"{SOURCE}: {snapshot.name} is neither a WDI bulk CSV nor a DataBank export")
    missing = {"country_name", "iso3", "indicator_name", "indicator"} - set(wide.columns)
    if missing:
        raise ParseError(f"{SOURCE}: {snapshot.name} lacks the columns {sorted(missing)}")
    years = [c for c in wide.columns if re.fullmatch(r"\d{4}", str(c))]
    wide["record"] = wide.index + first_line
    long = wide.melt(id_vars=["iso3", "country_name", "indicator", "indicator_name", "record"],
                     value_vars=years, var_name="year").dropna(subset=["value"])
    long["last_updated"] = last_updated
    return long.sort_values(["record", "year"]).reset_index(drop=True)


def api_body(content: bytes, name: str) -> tuple[dict, list]:
    """The page information and records of an API response, refusing error bodies and empty pages."""
    body = decode_json(content, SOURCE, name)
    if isinstance(body, list) and len(body) == 1 and isinstance(body[0], dict) and "message" in body[0]:
        raise ParseError(f"{SOURCE}: {name} is an API error: {body[0]['message']}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise ParseError(f"{SOURCE}: {name} is not the API's [page_info, records] shape")
    if not body[1]:
        raise ParseError(f"{SOURCE}: {name} holds no records where data was expected")
    return body[0], body[1]


def parse_api_page(snapshot: Snapshot) -> pd.DataFrame:
    page, records = api_body(read_checked(snapshot), snapshot.name)
    try:
        frame = pd.DataFrame({
            "iso3": [r["countryiso3code"] for r in records],
            "country_name": [r["country"]["value"] for r in records],
            "indicator": [r["indicator"]["id"] for r in records],
            "indicator_name": [r["indicator"]["value"] for r in records],
            "year": [r["date"] for r in records],
            "value": [r["value"] for r in records],
            "record": range(1, len(records) + 1),
        })
        frame["last_updated"] = page.get("lastupdated")
    except (KeyError, TypeError) as error:
        raise ParseError(f"{SOURCE}: {snapshot.name} has a record without {error}") from error
    return frame.dropna(subset=["value"]).reset_index(drop=True)


def fetch(client, latest: dict[str, Snapshot]) -> list:
    """Every page of every indicator for Russia, China and North Korea, from the JSON API."""
    responses = []
    for indicator in INDICATORS:
        page, pages = 1, 1
        while page <= pages:
            name = f"api/{indicator}/page-{page}.json"
            previous = latest[name].request if name in latest else None
            params = {"format": "json", "per_page": PER_PAGE, "page": page, "date": f"{FIRST_YEAR}:2100"}
            fetched = client.get(SOURCE, API.format(countries=";".join(COUNTRIES), indicator=indicator), params,
                          expect="json", previous=previous)
            content = fetched.content if fetched.content is not None else latest[name].read_bytes()
            check_answers(content, name, indicator)
            pages = page_count(content, name)
            responses.append((name, fetched))
            page += 1
    return responses


def check_answers(content: bytes, name: str, indicator: str) -> None:
    """Refuse a page whose records are of another indicator or another country than the request asked for."""
    for number, record in enumerate(api_body(content, name)[1] or [], start=1):
        got_indicator = (record.get("indicator") or {}).get("id") if isinstance(record, dict) else None
        got_country = record.get("countryiso3code") if isinstance(record, dict) else None
        if got_indicator != indicator or got_country not in COUNTRIES:
            raise ParseError(f"{SOURCE}: {name} record {number} answers another request: indicator {got_indicator!r}, "
                             f"country {got_country!r}; the request asked for {indicator} in {', '.join(COUNTRIES)}")


def page_count(content: bytes, name: str) -> int:
    try:
        return int(api_body(content, name)[0]["pages"])
    except (KeyError, TypeError, ValueError) as error:
        raise ParseError(f"{SOURCE}: {name} does not say how many pages there are ({error})") from error
