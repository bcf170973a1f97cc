"""UN Comtrade v1: goods trade as each reporter reports it, by partner and HS chapter.

Two endpoints of one shape: the public preview (no key, at most 500 records a response) and
the data endpoint (a subscription key from COMTRADE_API_KEY, sent as a header so it never
reaches a URL, a snapshot or a log). The body is `{"count", "data": [47-field records],
"error"}`; `primaryValue` is USD. Reporters and partners are M49 numbers in requests and
ISO3 in records (the world is W00). North Korea reports nothing: its trade is what its
partners report, which staging turns into mirror rows. Requests are split by reporter,
partner, flow and year so each stays under the preview cap; a response at the cap (counted on
the records it returns, not its `count` field) is refused as possibly cut short, and so is one
whose records answer another request (another reporter, partner, flow or year).

A second, cleaned layout holds the totals of every reporter and partner (`date,value,reporter,
partner`, one file a year and flow: `comtrade_all_exports_2021A.csv`): `value` is Comtrade's
primaryValue in USD, and reporters and partners are Comtrade's names, mapped to ISO3 by
country_converter and TOTAL_NAMES; a name neither knows stops the parse.
"""

import re

import pandas as pd

from flows.sources.countries import names_to_iso3
from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import decode_json, frames_with_origin, read_csvs, read_json
from schemas.common import columns
from schemas.trade import ComtradeRecord, ComtradeTotal
from warehouse.errors import ParseError
from warehouse.load import empty_frame
from warehouse.settings import current
from warehouse.snapshots import Origin, Snapshot

SOURCE = "comtrade"

ORIGIN = Origin(
    producer="United Nations Statistics Division",
    title="UN Comtrade database, v1 API: goods trade by reporter, partner and HS code",
    citation="United Nations, UN Comtrade Database, https://comtradeplus.un.org",
    licence="UN Comtrade terms of use",
    landing_url="https://comtradeplus.un.org",
)

ABOUT = About(
    name='UN Comtrade v1',
    live='public preview, or `data/v1/get` with `COMTRADE_API_KEY`; one request per reporter, partner, flow and year, each under the 500-record cap',
    recorded="China with Argentina and Germany, 2010; the totals of every reporter and partner, exports 2017–2022 and imports 2021 (a cleaned layout with names: mapped to ISO3 by country_converter and an explicit table of Comtrade's residual areas; an unknown name stops the parse)",
    lands="`trade_flows` (own and mirrored rows, `total` level), `marts.mirror_gaps` (every pair both sides report in 2021), `marts.headline_indicators` (`prk_trade:*`: North Korea's trade with China and Russia, 2017–2022)",
)

PREVIEW = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
DATA = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
KEY_VARIABLE = "COMTRADE_API_KEY"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
PREVIEW_CAP = 500
M49 = {"RUS": 643, "CHN": 156, "PRK": 408, "WLD": 0}
REPORTERS = ("RUS", "CHN")
PARTNERS = ("PRK", "RUS", "CHN", "WLD")
YEARS = range(2016, 2024)
SCHEMAS = {"comtrade_records": ComtradeRecord, "comtrade_totals": ComtradeTotal}
TOTALS_FILE = re.compile(r"comtrade_all_(exports|imports)_(\d{4})A\.csv")
# The names of the totals layout that country_converter does not resolve: the world, and Comtrade's
# residual areas, which are no one country (None).
TOTAL_NAMES = {
    "World": "WLD", "Areas, nes": None, "Br. Antarctic Terr.": None, "Bunkers": None, "Free Zones": None,
    "LAIA, nes": None, "North America and Central America, nes": None, "Oceania, nes": None,
    "Other Africa, nes": None, "Other Asia, nes": None, "Other Europe, nes": None, "Rest of America, nes": None,
    "Special Categories": None,
}
FRESHNESS = Freshness(45, "reporters submit monthly", max_lag_years=2)
REVISIONS = (
    revised_in("staging.trade_flows", "comtrade"),
)
TOTALS_COMMITS = {  # the folder's commits.txt: the commit of each file
    "comtrade_all_exports_2017A.csv": "b2e858a88f6f8a30beb5e3340ee6ddb4ad7904af",
    "comtrade_all_exports_2018A.csv": "6e807a1975678e486f0af69c61de63472a835b16",
    "comtrade_all_exports_2019A.csv": "6e807a1975678e486f0af69c61de63472a835b16",
    "comtrade_all_exports_2020A.csv": "6e807a1975678e486f0af69c61de63472a835b16",
    "comtrade_all_exports_2021A.csv": "c5db26ddf590f11abaa7cc779bd60370afcce2e1",
    "comtrade_all_exports_2022A.csv": "7059a34b100ae6c841fb98f70685a182d4cfa0b9",
    "comtrade_all_imports_2021A.csv": "2f8017e36815f57a1bbbe1a9a4f346c6c30f1736",
}
RECORDINGS = (
    Recording("comtrade", "data_v1_get_C_A_HS-60a6ad.json",
              "ropensci/comtradr@3d5b52d6a3e10093b24b7883fb62f3d49b1ba4c8:"
              "tests/testthat/data/comtradeapi.un.org/data/v1/get/C/A/HS-60a6ad.json",
              {"reporterCode": "156", "partnerCode": "32,276", "cmdCode": "TOTAL", "period": "2010",
               "note": "the fixture does not record its exact query string; these are the parameters comtradr built"}),
    *(Recording("comtrade/bilateral_totals_2017_2022", name, f"westonslayton/Economic-Sanctions-Research@{commit}:data/{{name}}",
                {"typeCode": "C", "freqCode": "A", "clCode": "HS", "cmdCode": "TOTAL", "flowCode": "M" if "imports" in name else "X",
                 "note": "comtradeapicall.getFinalData for every reporter and partner, then cleaned by the repository "
                         "to date,value,reporter,partner"})
      for name, commit in TOTALS_COMMITS.items()),
)

FIELDS = {
    "refYear": "year", "reporterISO": "reporter_iso3", "partnerISO": "partner_iso3", "partner2Code": "partner2_code",
    "flowCode": "flow", "classificationCode": "classification", "cmdCode": "cmd_code", "aggrLevel": "aggr_level",
    "customsCode": "customs_code", "motCode": "mot_code", "primaryValue": "value_usd", "netWgt": "net_weight_kg",
    "qty": "quantity", "qtyUnitAbbr": "quantity_unit",
}


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    responses = {name: snapshot for name, snapshot in snapshots.items() if name.endswith(".json")}
    totals = {name: snapshot for name, snapshot in snapshots.items() if TOTALS_FILE.fullmatch(name)}
    parts = [(snapshot, parse_response(snapshot)) for _, snapshot in sorted(responses.items())]
    records = frames_with_origin(parts) if parts else empty_frame(ComtradeRecord)
    return {"comtrade_records": records[columns(ComtradeRecord)], "comtrade_totals": parse_totals(totals)}


def parse_totals(snapshots: dict[str, Snapshot]) -> pd.DataFrame:
    """The cleaned totals files: the flow and year from each file's name, which its dates must agree with."""
    if not snapshots:
        return empty_frame(ComtradeTotal)
    ordered = [snapshot for _, snapshot in sorted(snapshots.items())]
    table = read_csvs(ordered, ["date", "value", "reporter", "partner"], dtype={"date": str})
    # once a file, not once a row; parse() passes only the names that match
    named = {name: match.groups() for name in snapshots if (match := TOTALS_FILE.fullmatch(name))}
    table["flow"] = table["source_file"].map({name: "X" if kind == "exports" else "M" for name, (kind, _) in named.items()})
    table["year"] = table["source_file"].map({name: int(year) for name, (_, year) in named.items()})
    wrong = table[table["date"] != table["year"].astype(str) + "-01-01"]
    if len(wrong):
        row = wrong.iloc[0]
        raise ParseError(f"{SOURCE}: {row['source_file']} line {row['source_line']}: the date {row['date']!r} is not "
                         f"the year its file name says ({row['year']})")
    table["reporter_iso3"] = names_to_iso3(table, "reporter", TOTAL_NAMES, SOURCE)
    table["partner_iso3"] = names_to_iso3(table, "partner", TOTAL_NAMES, SOURCE)
    return table.rename(columns={"value": "value_usd"})[columns(ComtradeTotal)]


def parse_response(snapshot: Snapshot) -> pd.DataFrame:
    body = read_json(snapshot)
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise ParseError(f"{SOURCE}: {snapshot.name} is not a Comtrade response (no 'data' list)")
    if body.get("error"):
        raise ParseError(f"{SOURCE}: {snapshot.name} reports an error: {body['error']}")
    if not body["data"]:
        raise ParseError(f"{SOURCE}: {snapshot.name} holds no records where data was expected")
    records = pd.DataFrame(body["data"])
    missing = set(FIELDS) - set(records.columns)
    if missing:
        raise ParseError(f"{SOURCE}: {snapshot.name} lacks the fields {sorted(missing)}")
    records = records[list(FIELDS)].rename(columns=FIELDS)
    records["partner_iso3"] = records["partner_iso3"].replace({"W00": "WLD"})
    records["cmd_code"] = records["cmd_code"].astype(str)
    records["quantity_unit"] = records["quantity_unit"].replace({"N/A": None})
    records["record"] = range(1, len(records) + 1)
    return records


def plan() -> list[dict]:
    """One request per reporter, partner, flow and year: at most 97 HS2 chapters each, under the preview cap."""
    return [
        {"reporterCode": M49[reporter], "partnerCode": M49[partner], "flowCode": flow, "period": year}
        for reporter in REPORTERS for partner in PARTNERS if partner != reporter
        for flow in ("X", "M") for year in YEARS
    ]


def fetch(client, latest: dict[str, Snapshot]) -> list:
    """Every request of the plan, from the data endpoint when a key is set, else from the public preview."""
    key = current().comtrade_api_key
    url, secret = (DATA, {KEY_HEADER: key}) if key else (PREVIEW, None)
    responses = []
    for request in plan():
        name = "{}/{reporterCode}-{partnerCode}-{flowCode}-{period}.json".format("data" if key else "preview", **request)
        params = request | {"partner2Code": 0, "cmdCode": "AG2", "customsCode": "C00", "motCode": 0,
                            "maxRecords": PREVIEW_CAP, "includeDesc": "true"}
        previous = latest[name].request if name in latest else None
        fetched = client.get(SOURCE, url, params, expect="json", secret_headers=secret, previous=previous)
        if fetched.content is not None:
            check_response(fetched.content, name, request)
        responses.append((name, fetched))
    return responses


ANSWERS = {"reporterCode": "reporterCode", "partnerCode": "partnerCode", "flowCode": "flowCode", "period": "refYear"}


def check_response(content: bytes, name: str, request: dict) -> None:
    """Refuse a response at the record cap (possibly cut short) or one whose records answer another request."""
    body = decode_json(content, SOURCE, name)
    records = body.get("data") if isinstance(body, dict) else None
    if not isinstance(records, list):
        raise ParseError(f"{SOURCE}: {name} is not a Comtrade response (no 'data' list)")
    if len(records) >= PREVIEW_CAP:
        raise ParseError(f"{SOURCE}: {name} returned {len(records)} records, the {PREVIEW_CAP}-record cap, and may be "
                         "cut short; split the request further")
    for number, record in enumerate(records, start=1):
        for asked, field in ANSWERS.items():
            if not isinstance(record, dict) or str(record.get(field)) not in str(request[asked]).split(","):
                got = record.get(field) if isinstance(record, dict) else record
                raise ParseError(f"{SOURCE}: {name} record {number} answers another request: {field} is {got!r}, "
                                 f"the request asked for {request[asked]!r}")
