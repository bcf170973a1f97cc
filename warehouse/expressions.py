"""Every numeric expression of a line of text: a number, percentage, sum of money, year, rank or count word.

The brief's coverage and `tradebrief claims propose` read text through this one parser, so a number the coverage
lists is a number a proposal can be made for. Offsets count characters of one line; digits inside URLs are not read.
"""

import re
from dataclasses import dataclass

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
    return [Expression(m.start(), m.end(), line[m.start():m.end()], str(m.lastgroup)) for m in EXPRESSION.finditer(masked)]
