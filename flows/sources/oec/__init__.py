"""Observatory of Economic Complexity: BACI HS92 trade by exporter or importer and HS section, HS2 or HS4.

The Tesseract data API answers `data.jsonrecords` (`{"data": [{"Exporter Country ID": "asprk",
"HS2 ID": 527, "Year": 2016, "Trade Value": ...}]}`) or the same as CSV. Country ids are a
continent prefix and the lowercase ISO3 (asprk = North Korea; Taiwan alone is asxxb); product ids carry a section
prefix (HS2 527 = chapter 27, HS4 52701 = heading 2701). A query without a Year drilldown
sums its years: the recorded CSV is exporter x section for 2019-2021, so its years come
from the request it answered. Pages are `limit=N,offset`.
"""

import io

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.limits import check_text, read_checked
from flows.sources.tabular import decode_json, frames_with_origin
from schemas.common import columns
from schemas.trade import OecTrade
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "oec"

ORIGIN = Origin(
    producer="Observatory of Economic Complexity (Datawheel), from CEPII BACI",
    title="OEC Tesseract cube trade_i_baci_a_92: trade value by country and HS92 product",
    citation="OEC, https://oec.world, data from CEPII BACI (HS92)",
    licence="OEC terms of use; BACI under Etalab Open Licence 2.0",
    landing_url="https://oec.world/en/resources/api",
)

ABOUT = About(
    name='OEC (BACI HS92)',
    live='Tesseract `data.jsonrecords`, by exporter and importer, section/HS2/HS4, paged by `limit=N,offset`',
    recorded="exporter × section, 2019–2021 summed (kept in `raw.oec_trade`; a multi-year sum is no one year's flow)",
    lands='`trade_flows`',
)

API = "https://api-v2.oec.world/tesseract/data.jsonrecords"
CUBE = "trade_i_baci_a_92"
LEVELS = {"Section": ("section", 0), "HS2": ("hs2", 2), "HS4": ("hs4", 4)}
COUNTRIES = {"asprk": "PRK", "eurus": "RUS", "aschn": "CHN"}
YEARS = range(2016, 2024)
PAGE = 1000
SCHEMAS = {"oec_trade": OecTrade}
FRESHNESS = Freshness(45, "the OEC updates BACI-based cubes monthly; the refresh runs weekly", max_lag_years=2)
REVISIONS = (
    revised_in("staging.trade_flows", "oec"),
)
RECORDINGS = (
    Recording("oec", "global_exports.csv",
              "Datawheel/py-economic-complexity@782f6a627b1396e1217b49789c2720e29b05455f:tests/.../{name}",
              {"cube": "trade_i_baci_a_92", "measures": "Trade Value", "drilldowns": "Exporter Country,Section",
               "Year": "2019,2020,2021", "Trade Flow": "2"}),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    parts = [(s, parse_csv(s) if name.endswith(".csv") else parse_records(s)) for name, s in sorted(snapshots.items())]
    return {"oec_trade": frames_with_origin(parts)[columns(OecTrade)]}


def parse_csv(snapshot: Snapshot) -> pd.DataFrame:
    """The recorded CSV of exporter x section; its years are those the request asked for."""
    years = [int(y) for y in str(snapshot.request.get("params", {}).get("Year", "")).split(",") if y.strip()]
    if not years:
        raise ParseError(f"{SOURCE}: {snapshot.name} does not record which years its request summed")
    content = read_checked(snapshot)
    check_text(snapshot, content)
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    frame = frame.rename(columns={"Country ID": "Exporter Country ID"})
    return tidy(snapshot, frame, min(years), max(years), first_record=2)


def parse_records(snapshot: Snapshot) -> pd.DataFrame:
    records = records_in(read_checked(snapshot), snapshot.name)
    if not records:
        raise ParseError(f"{SOURCE}: {snapshot.name} holds no records where data was expected")
    frame = pd.DataFrame(records)
    if "Year" not in frame:
        raise ParseError(f"{SOURCE}: {snapshot.name} has no Year drilldown")
    return tidy(snapshot, frame, frame["Year"], frame["Year"], first_record=1)


def tidy(snapshot: Snapshot, frame: pd.DataFrame, year_from, year_to, first_record: int) -> pd.DataFrame:
    """Our vocabulary from OEC's: ISO3 from country ids, HS codes from product ids, WLD for the missing side."""
    levels = [level for level in LEVELS if f"{level} ID" in frame]
    if len(levels) != 1 or "Trade Value" not in frame:
        raise ParseError(f"{SOURCE}: {snapshot.name} needs one product level (Section, HS2 or HS4) and Trade Value, "
                         f"found columns {list(frame.columns)}")
    level, (product_level, digits) = levels[0], LEVELS[levels[0]]
    ids = frame[f"{level} ID"].astype("int64").astype(str)
    return pd.DataFrame({
        "year_from": year_from,
        "year_to": year_to,
        "exporter_iso3": country(frame, "Exporter Country ID"),
        "importer_iso3": country(frame, "Importer Country ID"),
        "product_level": product_level,
        "product_code": ids.str[-digits:] if digits else ids,
        "product_name": frame[level],
        "value_usd": frame["Trade Value"],
        "record": range(first_record, first_record + len(frame)),
    })


# OEC ids are a continent prefix and an ISO3 code ('asprk'), but for Taiwan, which BACI files as 'xxb'.
NON_ISO_IDS = {"XXB": "TWN"}


def country(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("WLD", index=frame.index)
    return frame[column].str[-3:].str.upper().replace(NON_ISO_IDS)


def fetch(client, latest: dict[str, Snapshot]) -> list:
    """Each level and year, by exporter (North Korea, Russia, China) and by importer (Russia, China), every page."""
    responses = []
    for side, countries in (("Exporter", COUNTRIES), ("Importer", {"eurus": "RUS", "aschn": "CHN"})):
        for level in LEVELS:
            for year in YEARS:
                offset = 0
                while True:
                    name = f"api/{side.lower()}/{level.lower()}/{year}/offset-{offset}.json"
                    params = {"cube": CUBE, "drilldowns": f"Year,{side} Country,{level}", "measures": "Trade Value",
                              "include": f"{side} Country:{','.join(countries)};Year:{year}", "limit": f"{PAGE},{offset}"}
                    previous = latest[name].request if name in latest else None
                    fetched = client.get(SOURCE, API, params, expect="json", previous=previous)
                    responses.append((name, fetched))
                    content = fetched.content if fetched.content is not None else latest[name].read_bytes()
                    check_answers(records_in(content, name), name, side, countries, year)
                    if len(records_in(content, name)) < PAGE:
                        break
                    offset += PAGE
    return responses


def check_answers(records: list, name: str, side: str, countries, year: int) -> None:
    """Refuse a page whose records are for another year or another country than the request included."""
    for number, record in enumerate(records, start=1):
        got_year = record.get("Year") if isinstance(record, dict) else None
        got_country = record.get(f"{side} Country ID") if isinstance(record, dict) else None
        if str(got_year) != str(year) or got_country not in countries:
            raise ParseError(f"{SOURCE}: {name} record {number} answers another request: Year {got_year!r}, "
                             f"{side} Country ID {got_country!r}; the request included {year} and {', '.join(countries)}")


def records_in(content: bytes, name: str) -> list:
    body = decode_json(content, SOURCE, name)
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ParseError(f"{SOURCE}: {name} is not a jsonrecords response (no 'data' list)")
    return body["data"]
