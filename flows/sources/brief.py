"""The policy brief itself: its text, and every numeric expression in it, for the ledger's coverage.

Quirks: the recorded text is the brief as its web page reads (Andrei Lankov, Sejong Institute,
16 January 2025), with the page's header lines and the footnote list at the end. The first
line repeats the opening sentence. Offsets count characters of one line, so a claim's quote
can be found again by plain substring search. URLs are not read for numbers.
"""

import re
from dataclasses import dataclass

import pandas as pd

from flows.sources.declarations import Freshness, Recording
from flows.sources.tabular import with_origin_columns
from schemas.brief import BriefLine, BriefNumber
from schemas.common import columns
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "brief"

ORIGIN = Origin(
    producer="Sejong Institute (Sejong Focus)",
    title="Andrei Lankov, The Revival of the Relations between Russia and North Korea: "
          "An Opportunistic Military Alliance based on a Fragile Economic Base",
    citation="Lankov, A. (2025, January 16). Sejong Focus. Sejong Institute",
    licence="The author's text, kept to check its stated numbers against their sources; not for redistribution",
    landing_url="https://www.sejong.org/",
)

TEXT_FILE = "lankov-2025-russia-north-korea.txt"
SCHEMAS = {"brief_lines": BriefLine, "brief_numbers": BriefNumber}
FRESHNESS = Freshness(36500, "the brief's text does not change; it is recorded once")
REVISIONS = ()
RECORDINGS = (
    Recording("../brief", "*.txt", "the brief's web page as text, kept in the project's shared brief folder"),
)

URL = re.compile(r"https?://\S+")
NUMBER_WORDS = ("three-quarters|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
                "thousand|million|billion|dozen|half|quarter|quarters|decade|decades|century|centuries")
ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
SCALE = r"(?:\s?(?:thousand|million|billion|bn))?"
DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
# One alternation, longest forms first, so each expression is matched once and whole.
EXPRESSION = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in [
    ("money", rf"\$\s?{DIGITS}(?:\s?[-–]\s?{DIGITS})?{SCALE}"),
    ("percent", rf"{DIGITS}\s?%"),
    ("decade", r"(?:(?:early|mid|late)[- ])?(?:1[89]|20)\d0s\b"),
    ("year_range", r"\b(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}\b"),
    ("hs_code", r"\bHS\s(?:[Cc]ode\s)?\d{2,6}\b"),
    ("footnote", r"(?<![\d,])\d{1,2}\)"),
    ("list_number", r"^\d{1,2}\.(?=\s)"),
    ("year", r"\b(?:19|20)\d{2}\b(?![.,]\d+(?![\d)]))"),
    ("ordinal", rf"\b\d+(?:st|nd|rd|th)\b|\b(?:{ORDINAL_WORDS})(?:[- ]largest)?\b"),
    ("number", rf"{DIGITS}{SCALE}"),
    ("count_word", rf"\b(?:{NUMBER_WORDS})\b"),
]), re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Expression:
    start: int
    end: int
    text: str
    kind: str


def numeric_expressions(line: str) -> list[Expression]:
    """Every numeric expression of one line, in order and never overlapping; digits inside URLs are not read."""
    masked = URL.sub(lambda match: " " * len(match.group()), line)
    return [Expression(m.start(), m.end(), line[m.start():m.end()], m.lastgroup) for m in EXPRESSION.finditer(masked)]


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    if TEXT_FILE not in snapshots:
        raise ParseError(f"{SOURCE}: no snapshot of {TEXT_FILE}")
    snapshot = snapshots[TEXT_FILE]
    try:
        text = snapshot.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(f"{SOURCE}: {snapshot.name} is not UTF-8 text: byte {error.start} cannot be decoded") from error
    lines = text.splitlines()
    numbers = [(number, expression.start, expression.end, expression.text, expression.kind)
               for number, line in enumerate(lines, start=1) for expression in numeric_expressions(line)]
    brief_lines = pd.DataFrame({"line": range(1, len(lines) + 1), "text": lines})
    brief_numbers = pd.DataFrame(numbers, columns=["line", "start", "end", "expression", "kind"])
    return {
        "brief_lines": located(brief_lines, snapshot, BriefLine),
        "brief_numbers": located(brief_numbers, snapshot, BriefNumber),
    }


def located(frame: pd.DataFrame, snapshot: Snapshot, schema) -> pd.DataFrame:
    """The frame with its lineage: each row's source line is the brief's line it stands on."""
    frame = with_origin_columns(frame, [snapshot], [len(frame)])
    frame["source_line"] = frame["line"]
    return frame[columns(schema)]
