"""CEPII's BACI: every exporter x importer x HS6 product flow of a year, from the unzipped bulk release.

A release is a folder: one `BACI_<HS>_Y<year>_V<release>.csv` a year (`t,i,j,k,v,q`: year,
exporter and importer as BACI's numeric country codes, HS6 product, value in thousand USD,
quantity in tonnes, `NA` where unknown) and the code lists `country_codes_V<release>.csv`
and `product_codes_<HS>_V<release>.csv`.

A year (8-11 M rows, about 330 MB) is never held whole in pandas: DuckDB parses the CSV in
file order into Arrow batches, and each million rows are checked against the Pandera rules
and appended to `baci.flows` while DuckDB parses ahead, so a failure names the file and its
line (the row + 2). The file's sha256 is taken beside the parse, for provenance. Quirks: older releases drop the leading
zero of `k` and of the product list's codes, name the country columns differently (V202501:
`country_code,country_name,country_iso2,country_iso3`), and V202201's country list starts with a
byte-order mark; `NA` may be space-padded.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pyarrow

from flows.sources.limits import DEFAULT
from schemas.baci import BaciCountry, BaciProduct, flow_schema
from warehouse.errors import ParseError, ValidationFailed
from warehouse.load import load_table
from warehouse.publish import sql_string
from warehouse.snapshots import Origin
from warehouse.validate import locate_failures, validate

SOURCE = "baci"

ORIGIN = Origin(
    producer="CEPII",
    title="BACI: International Trade Database at the Product-Level (HS6)",
    citation=(
        "Gaulier, G. and Zignago, S. (2010). BACI: International Trade Database at the Product-Level. "
        "The 1994-2007 Version. CEPII Working Paper N°2010-23"
    ),
    licence="Etalab Open Licence 2.0, as CEPII's download page states; check it before redistributing",
    landing_url="http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37",
)

YEAR_FILE = re.compile(r"^BACI_(?P<nomenclature>HS\d\d)_Y(?P<year>\d{4})_V(?P<release>\w+)\.csv$")
HEADER = ["t", "i", "j", "k", "v", "q"]
CSV_TYPES = {"t": "smallint", "i": "smallint", "j": "smallint", "k": "integer", "v": "double", "q": "double"}
FLOW_COLUMNS = {"t": "year", "i": "exporter", "j": "importer", "k": "product", "v": "value_kusd", "q": "quantity_t"}
SAMPLE_BYTES = 1 << 20
CHUNK_ROWS = 1 << 20  # about a million rows of pandas at a time
READ_AHEAD = "128MB"  # how far DuckDB parses ahead of the checks
MAX_FAILURES = 10_000  # failure cases gathered before a broken file is given up: each holds its row, in memory
COUNTRY_COLUMNS = {  # the current names first, then those of releases before 2023
    "country_code": "country_code", "country_name": "country_name", "country_iso3": "iso3",
    "country_name_full": "country_name", "iso_3digit_alpha": "iso3",
}


@dataclass(frozen=True)
class Release:
    """One unzipped BACI release: its year files and its two code lists."""

    directory: Path
    nomenclature: str
    version: str
    year_files: dict[int, Path]

    def year_file(self, year: int) -> Path:
        if year not in self.year_files:
            raise ParseError(f"{SOURCE}: {self.directory} has no file for {year} "
                             f"(it has {', '.join(map(str, sorted(self.year_files)))})")
        return self.year_files[year]

    @property
    def country_codes(self) -> Path:
        return self.directory / f"country_codes_V{self.version}.csv"

    @property
    def product_codes(self) -> Path:
        return self.directory / f"product_codes_{self.nomenclature}_V{self.version}.csv"


@dataclass(frozen=True)
class IngestedYear:
    """What one year's ingestion read: the file, its checksum and size, and how long it took."""

    year: int
    file: str
    release: str
    sha256: str
    rows: int
    seconds: float


def find_release(directory: Path) -> Release:
    """The release in `directory`; refuse a folder with no year files, two releases, or a missing code list."""
    directory = Path(directory)
    matches = [(match, path) for path in sorted(directory.glob("BACI_*.csv")) if (match := YEAR_FILE.match(path.name))]
    if not matches:
        raise ParseError(f"{SOURCE}: {directory} holds no BACI year file (BACI_<HS>_Y<year>_V<release>.csv)")
    releases = {(match["nomenclature"], match["release"]) for match, _ in matches}
    if len(releases) > 1:
        raise ParseError(f"{SOURCE}: {directory} mixes releases {sorted(releases)}; keep one release a folder")
    (nomenclature, version), = releases
    release = Release(directory, nomenclature, version, {int(match["year"]): path for match, path in matches})
    for code_list in (release.country_codes, release.product_codes):
        if not code_list.exists():
            raise ParseError(f"{SOURCE}: {directory} has year files but no code list {code_list.name}")
    return release


def read_code_list(path: Path) -> pd.DataFrame:
    """A code list of the release, as text; one larger than a file may be is refused before it is read."""
    size = path.stat().st_size
    if size > DEFAULT.file_bytes:
        raise ParseError(f"{SOURCE}: {path.name} holds {size:,} bytes, over the {DEFAULT.file_bytes:,} a code list may hold")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", encoding_errors="replace")


def read_countries(path: Path) -> pd.DataFrame:
    """baci.countries from the country code list, validated; a byte-order mark (the V202201 list has one) is read past."""
    frame = read_code_list(path)
    header, frame = list(frame.columns), frame.rename(columns=COUNTRY_COLUMNS)
    missing = {"country_code", "country_name", "iso3"} - set(frame.columns)
    if missing:
        raise ParseError(f"{SOURCE}: {path.name} has no {', '.join(sorted(missing))} column: its header is {header}")
    frame = frame[["country_code", "country_name", "iso3"]].replace({"iso3": {"N/A": None}})
    return validate(SOURCE, "baci.countries", frame, BaciCountry)


def read_products(path: Path) -> pd.DataFrame:
    """baci.products from the product code list, validated; codes come as six digits whatever the file dropped."""
    frame = read_code_list(path)
    hs6 = frame["code"].str.strip().str.zfill(6)
    products = pd.DataFrame({"product": pd.to_numeric(hs6, errors="coerce"), "hs6": hs6,
                             "description": frame["description"]})
    return validate(SOURCE, "baci.products", products, BaciProduct)


def load_code_lists(con: duckdb.DuckDBPyConnection, release: Release) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Create baci.countries and baci.products; return them for the flow rules."""
    countries, products = read_countries(release.country_codes), read_products(release.product_codes)
    con.execute("create schema if not exists baci")
    load_table(con, "baci", "countries", countries)
    load_table(con, "baci", "products", products)
    return countries, products


def ingest_year(con: duckdb.DuckDBPyConnection, release: Release, year: int) -> IngestedYear:
    """Stream one year's CSV into baci.flows, check every row against the flow rules, and record it in baci.files."""
    path = release.year_file(year)
    started = time.perf_counter()
    countries, products = load_code_lists(con, release)
    check_header(path)
    with ThreadPoolExecutor(1) as pool:
        checksum = pool.submit(sha256_of, path)
        rows = read_flows(con, path, flow_schema(year, countries["country_code"].tolist(), products["product"].tolist()))
        sha256 = checksum.result()
    ingested = IngestedYear(year, path.name, release.version, sha256, rows, time.perf_counter() - started)
    con.execute("create or replace table baci.files as select ? as year, ? as file, ? as release, ? as sha256, "
                "? as rows, ? as seconds", [ingested.year, ingested.file, ingested.release, ingested.sha256,
                                             ingested.rows, ingested.seconds])
    return ingested


def check_header(path: Path) -> None:
    """The year file's first line must be BACI's header; only so much of it is read (a file of one endless line, or
    a sparse file of zeros, would otherwise be read whole)."""
    with open(path, "rb") as handle:
        first = handle.readline(DEFAULT.line_bytes + 1)
    if len(first) > DEFAULT.line_bytes:
        raise ParseError(f"{SOURCE}: {path.name} line 1 runs past {DEFAULT.line_bytes:,} bytes: not a BACI year file")
    header = [name.strip() for name in next(csv.reader([first.decode("utf-8-sig", errors="replace")]), [])]
    if header != HEADER:
        raise ParseError(f"{SOURCE}: {path.name} line 1: expected the columns {','.join(HEADER)}, found {','.join(header)}")


def null_spellings(path: Path) -> list[str]:
    """How the file writes a missing quantity: empty, `NA`, and any space-padded `NA` in its first MiB.

    Each spelling costs the CSV reader time on every field, so only those the file uses are given.
    """
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES).decode(errors="replace")
    padded = set(re.findall(r",( +NA) *$", sample, flags=re.MULTILINE))
    return ["", "NA", *sorted(padded)]


def read_flows(con: duckdb.DuckDBPyConnection, path: Path, schema: pa.DataFrameSchema) -> int:
    """baci.flows from the CSV in one pass, checked as it is read; return the rows read.

    DuckDB parses the file, typed, into Arrow batches; each million rows are checked against
    the flow rules in pandas and appended to baci.flows while DuckDB parses ahead, so the
    checks cost little beyond the parse. A value that does not parse stops it with the line;
    every rule a row breaks is gathered, with its line, into one ValidationFailed, up to
    MAX_FAILURES: a year broken on every row stops there rather than holding millions of cases.
    """
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in CSV_TYPES.items())
    con.execute(f"set streaming_buffer_size = '{READ_AHEAD}'")
    parsed = con.sql(f"""
        select {", ".join(f"{field} as {name}" for field, name in FLOW_COLUMNS.items())}
        from read_csv({sql_string(path)}, header = true, delim = ',', columns = {{{columns}}},
                      nullstr = [{", ".join(map(sql_string, null_spellings(path)))}],
                      max_line_size = {DEFAULT.line_bytes})""")
    failures, offset = [], 0
    try:
        with con.cursor() as writer:  # the parse's result stays open on `con` while the chunks are appended
            writer.execute(f"create or replace table baci.flows "
                           f"({', '.join(f'{name} {CSV_TYPES[field]}' for field, name in FLOW_COLUMNS.items())})")
            for chunk in arrow_chunks(parsed, CHUNK_ROWS):
                frame = chunk.to_pandas()
                frame.index = pd.RangeIndex(offset, offset + len(frame))
                try:
                    schema.validate(frame, lazy=True)
                except pa.errors.SchemaErrors as errors:
                    located = frame.assign(source_file=path.name, source_line=frame.index + 2)
                    failures.append(locate_failures(errors.failure_cases, located))
                    if sum(map(len, failures)) >= MAX_FAILURES:  # a file broken throughout: enough to see how
                        raise ValidationFailed(SOURCE, f"baci.flows (reading stopped at line {offset + len(frame) + 1:,} "
                                                       f"after {MAX_FAILURES:,} failure cases)",
                                               pd.concat(failures, ignore_index=True)) from None
                writer.register("chunk", chunk)
                writer.execute("insert into baci.flows select * from chunk")
                writer.unregister("chunk")
                offset += len(frame)
    except duckdb.Error as error:
        detail = " ".join(str(error).splitlines()[:3])
        raise ParseError(f"{SOURCE}: {path.name} does not read as a BACI year file: {detail}") from error
    if failures:
        raise ValidationFailed(SOURCE, "baci.flows", pd.concat(failures, ignore_index=True))
    return offset


def arrow_chunks(relation: duckdb.DuckDBPyRelation, rows: int) -> Iterator[pyarrow.Table]:
    """The relation's rows in order as Arrow tables of about `rows` rows, gathered from DuckDB's batches
    (of some 100,000 rows each)."""
    pending, count = [], 0
    for batch in relation.to_arrow_reader(rows):
        pending.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield pyarrow.Table.from_batches(pending)
            pending, count = [], 0
    if pending:
        yield pyarrow.Table.from_batches(pending)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
