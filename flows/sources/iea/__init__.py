"""IEA World Energy Balances, from the data browser's endpoint `https://api.iea.org/stats`: one year a request.

The endpoint answers a JSON array of rows (year, short, country, flow, flowLabel, product,
productLabel, units, value, ...). The recorded response was saved by someone who wrapped that
array as `{"balances": [...]}`; both shapes are accepted, anything else is refused by name.
Countries are ISO3 codes, the world is WORLD, and regions have codes of the IEA's own (AFRICA,
CHINAREG, ...), which stay uncoded. Values are TJ; exports are negative, as published. The
recorded year is 2000, so until a live fetch records 2023 the verdicts come from other sources.
"""

import json

import pandas as pd

from flows.sources.declarations import About, Freshness, Live, Recording, revised_in
from flows.sources.tabular import frames_with_origin, read_json
from schemas.common import COUNTRY_CODES, columns
from schemas.energy import IeaBalance
from warehouse.errors import FetchError, ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "iea"

ORIGIN = Origin(
    producer="International Energy Agency (IEA data browser)",
    title="World Energy Balances: production, imports, exports and use by product and country",
    citation="IEA (2024), World Energy Balances, https://www.iea.org/data-and-statistics/data-tools/energy-statistics-data-browser",
    licence="CC BY 4.0 (IEA data browser)",
    landing_url="https://www.iea.org/data-and-statistics/data-tools/energy-statistics-data-browser",
)

ABOUT = About(
    name='IEA World Energy Balances',
    live="the data browser's `https://api.iea.org/stats?year=Y&countries=...&series=BALANCES`, one request a year 2005–2023 (declared in `LIVE`)",
    recorded='the endpoint\'s response for 2000 (the saver wrapped it as `{"balances": [...]}`; both shapes are read): the shape, not evidence for the brief\'s years',
    lands='`energy_balance` (`iea`: coal production and exports, TJ, exports negative)',
)

ENDPOINT = "https://api.iea.org/stats"
COUNTRIES = ("RUS", "PRK", "CHN", "AUS", "IDN", "USA", "ZAF", "COL")  # the coal claims' subjects and the largest exporters
YEARS = range(2005, 2024)  # the span of the brief's coal-exporter claim
FIELDS = ("year", "country", "flow", "product", "units", "value")
SCHEMAS = {"iea_balances": IeaBalance}
FRESHNESS = Freshness(400, "the World Energy Balances are annual", max_lag_years=2)
REVISIONS = (
    revised_in("staging.energy_balance", "iea"),
)
RECORDINGS = (
    Recording("iea/api_stats_balances", "iea2000.json",
              "shanewhi/world-energy-data@bf4b418785ae76e6d8c7b460ff46e7632761241d:{name}",
              {"year": 2000, "series": "BALANCES"}),
)
LIVE = tuple(Live(f"iea{year}.json", ENDPOINT, "json",
                  {"year": year, "countries": ",".join(COUNTRIES), "series": "BALANCES"}) for year in YEARS)


def check_answer(live: Live, content: bytes) -> None:
    """Refuse an answer holding another year than the request asked: recorded under the asked year's name, its rows
    would stand for that year, and the next refresh would stop on them."""
    try:
        body = json.loads(content)
    except ValueError as error:
        raise FetchError(f"{SOURCE}: {live.name} is not JSON: {error}") from None
    rows = unwrapped(body)
    asked_year = (live.params or {}).get("year")
    other = {row.get("year") for row in rows if isinstance(row, dict)} - {asked_year, str(asked_year)} \
        if isinstance(rows, list) else set()
    if other:
        raise FetchError(f"{SOURCE}: the answer to {live.name} (year {asked_year}) holds rows of "
                         f"{', '.join(sorted(map(str, other)))}; it is not recorded")


def unwrapped(body):
    """The endpoint's array of rows, whether bare or wrapped as {"balances": [...]} (as the saver of 2000 wrote it)."""
    return body["balances"] if isinstance(body, dict) and set(body) == {"balances"} else body


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    parts = [(snapshot, parse_response(snapshot)) for _, snapshot in sorted(snapshots.items())]
    return {"iea_balances": frames_with_origin(parts)[columns(IeaBalance)]}


def parse_response(snapshot: Snapshot) -> pd.DataFrame:
    """The rows of one response, each with its position in the array as `record`."""
    body = read_json(snapshot)
    rows = unwrapped(body)
    if not isinstance(rows, list):
        keys = ", ".join(sorted(body)) if isinstance(body, dict) else type(body).__name__
        raise ParseError(f"{SOURCE}: {snapshot.name} is neither the endpoint's array of rows nor one wrapped as "
                         f"{{\"balances\": [...]}} (it holds {keys})")
    for number, row in enumerate(rows, start=1):
        missing = [field for field in FIELDS if not isinstance(row, dict) or field not in row]
        if missing:
            raise ParseError(f"{SOURCE}: {snapshot.name} row {number} has no {', '.join(missing)}")
    frame = pd.DataFrame({field: [row[field] for row in rows] for field in FIELDS})
    values = pd.to_numeric(frame["value"].map(lambda v: None if isinstance(v, bool) else v), errors="coerce")
    wrong = frame["value"].notna() & values.isna()
    if wrong.any():
        number = int(wrong.to_numpy().argmax()) + 1
        raise ParseError(f"{SOURCE}: {snapshot.name} row {number} has a value that is no number: "
                         f"{rows[number - 1]['value']!r}")
    frame["value"] = values.astype("float64")
    frame["iso3"] = frame["country"].map(lambda code: "WLD" if code == "WORLD" else code if code in COUNTRY_CODES else None)
    frame["iso3"] = frame["iso3"].astype(pd.StringDtype(na_value=float("nan")))
    frame["record"] = range(1, len(frame) + 1)
    return frame
