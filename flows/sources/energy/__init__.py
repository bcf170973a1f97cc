"""Statistical Review of World Energy (the Energy Institute's since 2023, BP's before): coal by country.

Two editions are recorded. BP's 2021 review as Our World in Data republished it: one row per
entity and year, one column per series, to 2020. The Energy Institute's 2024 all-data workbook,
to 2023, read with calamine: coal production in Mt, coal exports and imports in exajoules (EJ,
not tonnes), and the 2023 inter-area trade matrix. Each row carries `data_to`, the last year its
file holds, so staging takes each figure from the newest edition and the older edition's
overlapping years show as revisions. Entities mix countries with regions; names become ISO3
codes where they name a country ("World" and "Total World" become WLD, regions stay uncoded).
The workbook is (c) Energy Institute, not openly licensed: it is kept to check the brief.
"""

import io
import numbers
import re

import pandas as pd

from flows.sources.countries import to_iso3
from flows.sources.declarations import About, Freshness, Live, Recording, revised_in
from flows.sources.limits import check_workbook, read_checked, refused
from flows.sources.tabular import read_csvs
from schemas.common import columns
from schemas.energy import CoalTradeMatrix, EnergyReview
from warehouse.errors import ParseError
from warehouse.load import empty_frame
from warehouse.snapshots import Origin, Snapshot

SOURCE = "energy"

ORIGIN = Origin(
    producer="Energy Institute (Statistical Review of World Energy, 2024); BP (2021 edition), republished by Our World in Data",
    title="Statistical Review of World Energy: coal production, consumption and trade by country",
    citation="Energy Institute - Statistical Review of World Energy (2024); BP Statistical Review of World Energy 2021, "
             "via Our World in Data energy-data",
    licence="EI workbook: (c) Energy Institute, not an open licence, kept for checking only; OWID: CC BY 4.0, "
            "underlying BP data under BP's terms",
    landing_url="https://www.energyinst.org/statistical-review",
)

ABOUT = About(
    name='Statistical Review of World Energy',
    live="the Energy Institute's all-data workbook, a conditional GET (declared in `LIVE`)",
    recorded="BP's 2021 edition (via OWID) and the Energy Institute's 2024 workbook, read with calamine: coal production (Mt, 1981–2023), coal exports and imports by country (exajoules, not tonnes, 2000–2023), the 2023 inter-area trade matrix. Each figure comes from the newest edition; the older edition's revised years are `revision` alerts",
    lands='`energy_balance`, `raw.coal_trade_matrix`',
)

WORKBOOK = "EI-Stats-Review-All-Data.xlsx"
SERIES = {  # column of the OWID layout -> (indicator, unit)
    "Coal Production - Tonnes": ("coal_production", "Mt"),
    "Coal Production - EJ": ("coal_production_energy", "EJ"),
    "Coal Consumption - EJ": ("coal_consumption_energy", "EJ"),
}
SHEETS: dict[str, dict[str | None, tuple[str, str]]] = {  # sheet -> {section heading (None: whole sheet): (indicator, unit)}
    "Coal Production - mt": {None: ("coal_production", "Mt")},
    "Coal - Trade movements": {"Imports": ("coal_imports_energy", "EJ"), "Exports": ("coal_exports_energy", "EJ")},
}
MATRIX_SHEET = "Coal trade movements 2023"
SPELLINGS = {"Russia": "RUS", "Turkey": "TUR", "Brunei": "BRN", "Curacao": "CUW",
             "Democratic Republic of Congo": "COD", "World": "WLD", "Total World": "WLD", "USSR": None}
SCHEMAS = {"energy_review": EnergyReview, "coal_trade_matrix": CoalTradeMatrix}
FRESHNESS = Freshness(400, "the Statistical Review is annual", max_lag_years=2)
REVISIONS = (
    revised_in("staging.energy_balance", "energy_review"),
)
RECORDINGS = (
    Recording("energy", "statistical_review_of_world_energy_bp_2021.csv",
              "owid/energy-data@757bf23e5065454da181b3c0e819d60de9ff81dc:scripts/input/shared/{name}"),
    Recording("energy/ei_statistical_review_2024", WORKBOOK,
              "rajaeian-fatemeh/VisualCommunication@87946498b87acd7f2d160d46efa0be539c149f5c:{name}"),
)
LIVE = (Live(WORKBOOK, "https://www.energyinst.org/__data/assets/excel_doc/0020/1540550/EI-Stats-Review-All-Data.xlsx",
             "xlsx"),)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    tables = [snapshot for name, snapshot in sorted(snapshots.items()) if name.endswith(".csv")]
    workbooks = [(snapshot, read_sheets(snapshot, [*SHEETS, MATRIX_SHEET]))
                 for name, snapshot in sorted(snapshots.items()) if name.endswith(".xlsx")]
    frames = ([parse_owid(tables)] if tables else []) + [parse_workbook(snapshot, sheets) for snapshot, sheets in workbooks]
    review = pd.concat(frames, ignore_index=True) if frames else empty_frame(EnergyReview)
    matrices = [parse_matrix(snapshot, sheets[MATRIX_SHEET]) for snapshot, sheets in workbooks]
    matrix = pd.concat(matrices, ignore_index=True) if matrices else empty_frame(CoalTradeMatrix)
    lineage = {"source_file": "category", "snapshot_sha256": "category"}
    return {"energy_review": review[columns(EnergyReview)].astype(lineage),
            "coal_trade_matrix": matrix[columns(CoalTradeMatrix)].astype(lineage)}


def parse_owid(snapshots: list[Snapshot]) -> pd.DataFrame:
    wide = read_csvs(snapshots, ["Entity", "Year", *SERIES])
    wide["data_to"] = wide.groupby("source_file", observed=True)["Year"].transform("max")
    long = wide.melt(id_vars=["Entity", "Year", "data_to", "source_file", "source_line", "snapshot_sha256"],
                     value_vars=list(SERIES), var_name="series").dropna(subset=["value"])
    long = long.rename(columns={"Entity": "entity", "Year": "year"})
    long["indicator"] = long["series"].map(lambda s: SERIES[s][0])
    long["unit"] = long["series"].map(lambda s: SERIES[s][1])
    long["iso3"] = to_iso3(long["entity"], SPELLINGS)
    return long.reset_index(drop=True)


def read_sheets(snapshot: Snapshot, sheets: list[str]) -> dict[str, pd.DataFrame]:
    """The named sheets of a workbook snapshot, cell by cell; only an empty cell is missing (pandas would read text
    such as 'n/a' or 'NA' as missing too, hiding it). A missing sheet, a body that is no workbook, or one that would
    unfold past the source's limits is a ParseError naming the snapshot."""
    content = read_checked(snapshot)
    check_workbook(snapshot, content)
    try:
        return pd.read_excel(io.BytesIO(content), sheet_name=sheets, header=None, engine="calamine",
                             keep_default_na=False, na_values=[""])
    except (ValueError, KeyError) as error:
        raise refused(snapshot, f"cannot be read as the review's workbook: {error}") from error
    except Exception as error:  # calamine's own errors for a body that is not a workbook at all
        raise refused(snapshot, f"is not a readable workbook: {type(error).__name__}: {error}") from error


def number(cell) -> float | None:
    """The number a cell holds: NaN where it holds none (empty, or the review's '-'), None where it holds anything
    else, such as text or a date."""
    if isinstance(cell, str):
        return float("nan") if cell.strip() in ("-", "") else None
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        return float(cell)
    return float("nan") if pd.isna(cell) else None


def year_columns(sheet: pd.DataFrame, where: str) -> tuple[int, dict[int, int]]:
    """The header row (the first whose second cell is a year) and its consecutive year columns, which stop where
    the growth rates and shares begin."""
    for row in range(min(len(sheet), 10)):
        first = number(sheet.iat[row, 1])
        if first is not None and float(first).is_integer() and 1900 <= first <= 2100:
            years: dict[int, int] = {}
            for column in range(1, sheet.shape[1]):
                if number(sheet.iat[row, column]) != first + len(years):
                    break
                years[column] = int(first) + len(years)
            return row, years
    raise ParseError(f"{SOURCE}: {where} has no header row of years in its first ten rows")


def parse_workbook(snapshot: Snapshot, sheets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The review's country rows, long: a sheet's rows from its header to its footnotes, each row's section
    ("Imports", "Exports") naming its indicator. Cells of '-' (none) are missing; any other text is an error."""
    frames = []
    for sheet_name in SHEETS:
        sheet, where = sheets[sheet_name], f"{snapshot.name}, sheet {sheet_name!r}"
        header, years = year_columns(sheet, where)
        sections, section = SHEETS[sheet_name], None
        for row in range(header + 1, len(sheet)):
            if pd.isna(sheet.iat[row, 0]):
                continue
            entity = str(sheet.iat[row, 0]).strip()
            values = {year: number(sheet.iat[row, column]) for column, year in years.items()}
            if all(value is not None and pd.isna(value) for value in values.values()):
                if entity in sections:
                    section = entity
                elif entity.startswith(("*", "^", "#", "♦", "†", "Notes", "USSR includes", "Intra-area")):
                    break
                continue
            if section is None and None not in sections:
                raise ParseError(f"{SOURCE}: {where}, row {row + 1}: {entity!r} stands before any of the sections "
                                 f"{', '.join(s for s in sections if s)}")
            wrong = next((year for year, value in values.items() if value is None), None)
            if wrong is not None:
                cell = sheet.iat[row, next(column for column, year in years.items() if year == wrong)]
                raise ParseError(f"{SOURCE}: {where}, row {row + 1} ({entity}): {cell!r} for {wrong} is not a number")
            indicator, unit = sections[section if None not in sections else None]
            held = {year: value for year, value in values.items() if pd.notna(value)}
            frames.append(pd.DataFrame({"entity": entity, "year": list(held), "indicator": indicator,
                                        "value": list(held.values()), "unit": unit, "source_line": row + 1,
                                        "source_file": f"{snapshot.name}#{sheet_name}"}))
    review = pd.concat(frames, ignore_index=True)
    return review.assign(iso3=to_iso3(review["entity"], SPELLINGS), data_to=int(review["year"].max()),
                         snapshot_sha256=snapshot.sha256)


def parse_matrix(snapshot: Snapshot, sheet: pd.DataFrame) -> pd.DataFrame:
    """The inter-area trade matrix: one row per (exporting area, importing area), in EJ, for the year its title
    names; the totals are left out, since they are sums of the rest."""
    where = f"{snapshot.name}, sheet {MATRIX_SHEET!r}"
    title = re.search(r"(\d{4})\s*$", str(sheet.iat[0, 0]))
    header = next((row for row in range(min(len(sheet), 10)) if str(sheet.iat[row, 0]).strip() == "Exajoules"), None)
    if title is None or header is None:
        raise ParseError(f"{SOURCE}: {where} has no year in its title or no 'Exajoules' header row")
    importers = {column: str(sheet.iat[header, column]).strip() for column in range(1, sheet.shape[1])
                 if pd.notna(sheet.iat[header, column]) and str(sheet.iat[header, column]).strip() != "Total"}
    rows = []
    for row in range(header + 1, len(sheet)):
        exporter = sheet.iat[row, 0]
        if pd.isna(exporter) or str(exporter).strip() in ("From", "Total imports"):
            continue
        if str(exporter).startswith(("†", "Notes", "^")):
            break
        for column, importer in importers.items():
            value = number(sheet.iat[row, column])
            if value is None or pd.isna(value):
                raise ParseError(f"{SOURCE}: {where}, row {row + 1} ({exporter}): the cell for {importer} is not a number")
            rows.append({"exporter": str(exporter).strip(), "importer": importer, "year": int(title.group(1)),
                         "value": value, "unit": "EJ", "source_line": row + 1,
                         "source_file": f"{snapshot.name}#{MATRIX_SHEET}"})
    if not rows:
        raise ParseError(f"{SOURCE}: {where} holds no exporting area below its header")
    matrix = pd.DataFrame(rows)
    return matrix.assign(exporter_iso3=to_iso3(matrix["exporter"], SPELLINGS), snapshot_sha256=snapshot.sha256)
