"""How the command line prints a result: an aligned table for reading, or CSV or JSON for scripts.

A table prints numbers as people read them: thousands separators, a fixed number of decimals
a column (more for small fractions), never `5.09e+10`; years and line numbers stay plain. It
fits the terminal's width (100 columns unless told), wrapping long text such as notes.
"""

import json
import shutil
import textwrap

import pandas as pd
from tabulate import tabulate

PLAIN_INTEGERS = ("year", "line", "start", "end")  # counted, not measured: no thousands separator
MIN_TEXT_WIDTH = 12


def decimals(column: pd.Series) -> int:
    """Decimals for a column of floats: four for fractions under one, two up to 100,000, none above."""
    largest = column.abs().max()
    if pd.isna(largest) or largest < 1:
        return 4
    return 2 if largest < 100_000 else 0


def number_formats(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    floats = [f",.{decimals(frame[c])}f" if frame[c].dtype.kind == "f" else "" for c in frame.columns]
    integers = ["" if any(word in c.lower().split("_") for word in PLAIN_INTEGERS) else "," for c in frame.columns]
    return floats, integers


def as_table(frame: pd.DataFrame, width: int | None = None) -> str:
    """The frame as an aligned table no wider than `width`, its text columns wrapped to fit."""
    if frame.empty:
        return "(no rows)"
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    floats, integers = number_formats(frame)
    text = [i for i, c in enumerate(frame.columns) if frame[c].dtype.kind not in "biufmM"]
    frame = frame.astype(object).where(frame.notna(), None)  # tabulate leaves only None blank, not NaN

    def aligned(limits: list[int | None]) -> str:
        """The table with each text column wrapped to its limit. The wrapping is textwrap's, not tabulate's: tabulate
        0.10 reads a text cell such as "37,000" as a number when it wraps, and fails; text columns are never parsed."""
        shown = frame.copy()
        for i, limit in enumerate(limits):
            if limit:
                shown.iloc[:, i] = [None if cell is None else textwrap.fill(str(cell), limit, break_long_words=False,
                                                                             break_on_hyphens=False)
                                    for cell in shown.iloc[:, i]]
        return tabulate(shown, headers="keys", showindex=False, floatfmt=floats, intfmt=integers, missingval="",
                        disable_numparse=text)

    table = aligned([None] * len(frame.columns))
    header = table.splitlines()[1]  # the dashes under each header: each column's natural width
    widths = [len(dashes) for dashes in header.split("  ")]
    limits: list[int | None] = [None] * len(widths)
    for _ in range(len(text) * 4):  # narrow the widest text column by what is still too wide, until it fits
        over = max(len(line) for line in table.splitlines()) - width
        shrinkable = [i for i in text if (limits[i] or widths[i]) > MIN_TEXT_WIDTH]
        if over <= 0 or not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: limits[i] or widths[i])
        limits[widest] = max(MIN_TEXT_WIDTH, (limits[widest] or widths[widest]) - over)
        table = aligned(limits)
    return table


def as_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


def as_json(frame: pd.DataFrame) -> list[dict]:
    """Records whose values JSON can hold: times as ISO 8601, missing values as null."""
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def render(sections: dict[str, pd.DataFrame], fmt: str) -> str:
    """One or more titled results (a lone result prints without its title) in the chosen format."""
    if fmt == "json":
        records = {title: as_json(frame) for title, frame in sections.items()}
        return json.dumps(records if len(sections) > 1 else next(iter(records.values())), indent=1, ensure_ascii=False)
    if len(sections) == 1:
        [frame] = sections.values()
        return as_csv(frame).rstrip("\n") if fmt == "csv" else as_table(frame)
    if fmt == "csv":
        return "\n\n".join(f"# {title}\n{as_csv(frame).rstrip()}" for title, frame in sections.items())
    return "\n\n".join(f"{title}\n{as_table(frame)}" for title, frame in sections.items())
