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
"""

import os

import pandas as pd

from flows.sources.declarations import Freshness, Recording, Revision
from flows.sources.tabular import decode_json, frames_with_origin, read_json
from schemas.common import columns
from schemas.trade import ComtradeRecord
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "comtrade"

ORIGIN = Origin(
    producer="United Nations Statistics Division",
    title="UN Comtrade database, v1 API: goods trade by reporter, partner and HS code",
    citation="United Nations, UN Comtrade Database, https://comtradeplus.un.org",
    licence="UN Comtrade terms of use",
    landing_url="https://comtradeplus.un.org",
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
SCHEMAS = {"comtrade_records": ComtradeRecord}
FRESHNESS = Freshness(45, "reporters submit monthly")
REVISIONS = (
    Revision("staging.trade_flows", "year|reporter_iso3|partner_iso3|flow|classification|product_level|product_code|is_mirror",
             "value_usd", "year", "source = 'comtrade'"),
)
RECORDINGS = (
    Recording("comtrade", "data_v1_get_C_A_HS-60a6ad.json",
              "ropensci/comtradr@3d5b52d6a3e10093b24b7883fb62f3d49b1ba4c8:"
              "tests/testthat/data/comtradeapi.un.org/data/v1/get/C/A/HS-60a6ad.json",
              {"reporterCode": "156", "partnerCode": "32,276", "cmdCode": "TOTAL", "period": "2010",
               "note": "the fixture does not record its exact query string; these are the parameters comtradr built"}),
)

FIELDS = {
    "refYear": "year", "reporterISO": "reporter_iso3", "partnerISO": "partner_iso3", "partner2Code": "partner2_code",
    "flowCode": "flow", "classificationCode": "classification", "cmdCode": "cmd_code", "aggrLevel": "aggr_level",
    "customsCode": "customs_code", "motCode": "mot_code", "primaryValue": "value_usd", "netWgt": "net_weight_kg",
    "qty": "quantity", "qtyUnitAbbr": "quantity_unit",
}


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    parts = [(snapshot, parse_response(snapshot)) for _, snapshot in sorted(snapshots.items())]
    return {"comtrade_records": frames_with_origin(parts)[columns(ComtradeRecord)]}


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
    key = os.environ.get(KEY_VARIABLE)
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
