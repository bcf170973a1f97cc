"""How the command line prints a result: an aligned table (or cards) for reading, CSV or JSON for scripts.

A table prints each value at its own precision: the brief's 7.5 stays 7.5 and 45.1 stays 45.1, a
computed share shows at most six significant digits, never `5.09e+10`. Integers of four digits or
fewer (years, line numbers, small counts) print plain, larger ones with thousands separators: the
rule follows the value, not the column's name. Text wraps at word boundaries and an id is never
broken; a result too wide for the terminal even so prints as cards, one record a block.

Results come straight from DuckDB (columns, types, rows), so printing loads no pandas.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import math
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from tabulate import tabulate

SIGNIFICANT = 5  # digits a float keeps at most: enough for any figure a brief writes, none of a float's noise
PLAIN_BELOW = 10_000  # integers under this print without a thousands separator (2016, 7500)
GAP = 2  # spaces between a table's columns
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


@dataclass
class Result:
    """One query's result as DuckDB gives it: column names, DuckDB type names, rows."""

    columns: list[str]
    types: list[str]
    rows: list[tuple]

    @property
    def numeric(self) -> list[bool]:
        return [kind.startswith(NUMERIC_TYPES) for kind in self.types]


def decimals(value: float) -> int:
    """The decimals a float is written with: its shortest exact form, cut to SIGNIFICANT digits."""
    exponent = decimal.Decimal(repr(value)).as_tuple().exponent
    written = max(0, -exponent) if isinstance(exponent, int) else 0
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    return min(written, max(0, SIGNIFICANT - 1 - magnitude))


def number(value: int | float | decimal.Decimal) -> str:
    """A number as it was written: its own decimals, thousands separated from 10,000 up."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    places = 0
    if isinstance(value, float):
        places = decimals(value)
    elif isinstance(value, decimal.Decimal) and value.is_finite():
        places = max(0, -int(value.as_tuple().exponent))
    separator = "," if not -PLAIN_BELOW < value < PLAIN_BELOW else ""
    text = f"{value:{separator}.{places}f}"
    if isinstance(value, float) and "." in text:
        text = text.rstrip("0").rstrip(".")  # rounded to SIGNIFICANT digits: 0.30000000000000004 is 0.3
    return "0" if text == "-0" else text


def cell(value) -> str:
    """One value as a table shows it: numbers as written, times to the second, nothing for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, decimal.Decimal)):
        return number(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def wrap(text: str, width: int) -> str:
    """Text wrapped at spaces only: an id, a URL or a hyphenated word stays whole."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def column_widths(cells: list[list[str]], headers: list[str], numeric: list[bool], width: int) -> list[int] | None:
    """Each column's width so the table fits `width`, narrowing the widest text column first; None when it cannot
    fit without breaking a word."""
    natural = [max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]
    least = [natural[i] if numeric[i] else max([len(header), *(longest_word(row[i]) for row in cells)])
             for i, header in enumerate(headers)]
    widths = list(natural)
    over = sum(widths) + GAP * (len(widths) - 1) - width
    while over > 0:
        shrinkable = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not shrinkable:
            return None
        widest = max(shrinkable, key=lambda i: widths[i])
        taken = min(over, widths[widest] - least[widest])
        widths[widest] -= taken
        over -= taken
    return widths


def as_table(result: Result, width: int | None = None) -> str:
    """The result as an aligned table no wider than `width` (the terminal's, at most 100), or as cards."""
    if not result.rows:
        return "(no rows)"
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    cells = [[cell(value) for value in row] for row in result.rows]
    widths = column_widths(cells, result.columns, result.numeric, width)
    if widths is None:
        return as_cards([dict(zip(result.columns, row)) for row in cells], width)
    wrapped = [[text if numeric else wrap(text, limit) for text, limit, numeric in zip(row, widths, result.numeric)]
               for row in cells]
    return tabulate(wrapped, headers=result.columns, disable_numparse=True,
                    colalign=["right" if numeric else "left" for numeric in result.numeric])


def as_cards(records: list[dict[str, str]], width: int) -> str:
    """Each record as a block: its first field's value as a title, then each other field that holds something,
    its name beside its value wrapped to the width left."""
    blocks = []
    for record in records:
        title, *fields = record.items()
        shown = [(name, value) for name, value in fields if value]
        label = max((len(name) for name, _ in shown), default=0)
        lines = [f"{title[1]}"]
        for name, value in shown:
            body = wrap(value, max(width - label - 4, longest_word(value))).splitlines() or [""]
            lines += [f"  {name:<{label}}  {body[0]}", *(f"  {'':<{label}}  {line}" for line in body[1:])]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def claim_cards(ledger: Result, width: int | None = None) -> str:
    """The claims ledger as a terminal reads it: under each brief, a card a claim, its id and verdict first, then
    what the brief says, what the data give, the gap, the evidence and the note."""
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    claims = [dict(zip(ledger.columns, row)) for row in ledger.rows]
    if not claims:
        return "(no claims)"

    def value(figure, unit) -> str:
        return "" if figure is None else f"{cell(figure)} {unit or ''}".strip()

    briefs = []
    for brief in dict.fromkeys(claim["brief"] for claim in claims):
        cards = [{"claim": f"{claim['claim_id']}  [{claim['verdict']}]",
                  "brief says": value(claim["published_value"], claim["unit"]),
                  "data give": value(claim["computed_value"], claim["unit"]),
                  "delta": value(claim["delta"], claim["delta_unit"]),
                  "evidence": ", ".join(str(claim[key]) for key in ("evidence_source", "evidence_period",
                                                                    "evidence_table") if claim[key]),
                  "note": claim["note"] or ""}
                 for claim in claims if claim["brief"] == brief]
        briefs.append(f"== {brief}: {len(cards)} claims ==\n\n{as_cards(cards, width)}")
    return "\n\n".join(briefs)


def json_value(value):
    """What JSON holds of a DuckDB value: times in ISO 8601, decimals as numbers, anything else as text."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return str(value)


def json_record(columns: list[str], row: tuple) -> dict:
    """A row as a JSON object; a float that is not finite is null, as JSON has no NaN or infinity."""
    return {column: None if isinstance(value, float) and not math.isfinite(value) else value
            for column, value in zip(columns, row)}


def write_csv(columns: list[str], chunks: Iterator[list[tuple]], out: TextIO) -> int:
    """Rows written as CSV as they are fetched, chunk by chunk; returns how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    written = 0
    for chunk in chunks:
        writer.writerows(chunk)
        written += len(chunk)
    return written


def write_json(columns: list[str], chunks: Iterator[list[tuple]], out: TextIO) -> int:
    """Rows written as one JSON array of records, chunk by chunk; returns how many."""
    written = 0
    out.write("[")
    for chunk in chunks:
        for row in chunk:
            out.write(("," if written else "") + "\n " + json.dumps(json_record(columns, row), default=json_value,
                                                                    ensure_ascii=False))
            written += 1
    out.write("\n]\n" if written else "]\n")
    return written


def render(sections: dict[str, Result], fmt: str, width: int | None = None) -> str:
    """One or more titled results (a lone result prints without its title) in the chosen format."""
    if fmt == "json":
        records = {title: [json_record(result.columns, row) for row in result.rows] for title, result in sections.items()}
        return json.dumps(records if len(sections) > 1 else next(iter(records.values())), indent=1,
                          ensure_ascii=False, default=json_value)

    def one(result: Result) -> str:
        if fmt == "table":
            return as_table(result, width)
        out = io.StringIO()
        write_csv(result.columns, iter([result.rows]), out)
        return out.getvalue().rstrip("\n")

    if len(sections) == 1:
        return one(next(iter(sections.values())))
    return "\n\n".join(f"{'# ' if fmt == 'csv' else ''}{title}\n{one(result)}" for title, result in sections.items())

