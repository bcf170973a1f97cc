"""`tradebrief claims propose PATH`: a draft ledger row for each number of a new text, for a person to review.

The text is read with the parser the brief's coverage uses (warehouse.expressions), and each number
gets the metric and arguments its clause's words suggest: countries through country_converter, HS
chapters from an "HS 27" code or a product word of the official HS titles, years, the flow (exports,
imports, trade), what kind of figure it is (a value, a share, a change) and the hedge before it. A row
that cannot be filled says why in `proposal_note`. The draft is written beside the text, never into a
ledger: a person reviews it and copies what holds into a brief's claims.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from flows.sources.countries import NOT_FOUND, convert_name
from schemas.seeds import VALUE_HEDGES
from warehouse.errors import ReadError
from warehouse.expressions import DIGITS, numeric_expressions
from warehouse.files import read_input

CHECKED_KINDS = {"money", "percent", "number"}
CLAUSE = re.compile(r",\s+(?:while|and|but)\s+|;\s+|,\s+|\s+and\s+(?=its\b)")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CHANGE = re.compile(r"\b(fell|fall|rose|rise|grew|declined|dropped|increased|decreased|collapsed|rebounded|jumped|"
                    r"less than a year before|more than a year before|down)\b", re.I)
FALL = re.compile(r"\b(fell|fall|declined|dropped|decreased|collapsed|less than|down)\b", re.I)
SHARE = re.compile(r"\b(share|took|made up|accounted for|of (?:its|their|the) (?:trade|exports|imports)|"
                   r"of [\w ]+'s (?:trade|exports|imports)|of it with|a further)\b", re.I)
CHAPTERS = re.compile(r"\bHS\s?(\d{2})((?:\s*(?:,|and|or)\s*\d{2})*)")
CAPITALIZED = re.compile(r"\b(?:[A-Z][a-zA-Z]+)(?:\s+[A-Z][a-zA-Z]+)*")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
SCALES = {"thousand": 1e-3, "million": 1, "bn": 1e3, "billion": 1e3}
FOOTNOTE = re.compile(r"\[\d+\]")
COLUMNS = ["claim_id", "sentence", "quote", "value", "unit", "period", "evidence_period", "geography", "hedge", "metric",
           "metric_args", "tolerance_abs", "delta_unit", "match", "proposal_note"]


@dataclass(frozen=True)
class Country:
    iso3: str
    start: int
    end: int


def countries_in(text: str) -> list[Country]:
    """The countries a piece of text names, in order: each run of capitalized words, longest name first."""
    found = []
    for run in CAPITALIZED.finditer(text):
        words = [(m.start() + run.start(), m.group()) for m in re.finditer(r"[A-Za-z]+", run.group())]
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                name = " ".join(word for _, word in words[i:j])
                if len(name) < 4 and not name.isupper():
                    continue
                code = convert_name(name)
                if code != NOT_FOUND:
                    found.append(Country(code, words[i][0], words[j - 1][0] + len(words[j - 1][1])))
                    i = j
                    break
            else:
                i += 1
    return found


def chapters_in(sentence: str, titles: dict[str, set[str]]) -> tuple[list[str], str]:
    """HS chapters a sentence names (HS 61 and 62), or whose official titles hold one of its product words."""
    codes = [code for match in CHAPTERS.finditer(sentence) for code in [match[1], *re.findall(r"\d{2}", match[2])]]
    if codes:
        return codes, ""
    words = set(re.findall(r"\b[a-z]{4,}\b", sentence))  # product words are lowercase; names are not
    hits = sorted({chapter for word in words for chapter in titles.get(word, ())})
    return (hits, f"chapters from the HS titles' words: {', '.join(hits)}") if 0 < len(hits) <= 2 else ([], "")


def digits(expression: str) -> str:
    """The digits an expression writes (every numeric expression the text yields has some)."""
    found = re.search(DIGITS, expression)
    if found is None:
        raise ValueError(f"{expression!r} writes no digits")
    return found.group()


def stated(expression: str) -> float:
    """The number an expression writes ($2.22 billion: 2.22; 37.2%: 37.2)."""
    return float(digits(expression).replace(",", ""))


def musd_per_unit(expression: str) -> float:
    """What one unit of a sum of money, as written, is in M USD ($2.22 billion: 1,000)."""
    scale = re.search(r"thousand|million|billion|bn", expression)
    return SCALES[scale.group()] if scale else 1e-6


def half_unit(expression: str) -> float:
    """Half a unit of the last digit written: the rounding the stated figure allows ($2.22 billion: 0.005)."""
    decimals = digits(expression).partition(".")[2]
    return 0.5 * 10 ** -len(decimals)


def hedge_before(clause: str, start: int) -> str | None:
    before = clause[:start].lower().rstrip()
    for hedge in sorted(VALUE_HEDGES, key=len, reverse=True):
        if before.endswith(hedge) or before.endswith(f"{hedge} by") or before.endswith(f"{hedge} to"):
            return hedge
    return None


def roles(clause: str, sentence: str, kind: str, previous: str = "") -> tuple[str | None, str]:
    """The country a figure is about and its partner (WLD: the world): a share belongs to the country whose trade it
    divides ("of North Korea's trade"); a value or change to the first country named with "'s", else the first
    named; the partner is the country after "to", "from" or "with", or the other of "between A and B". A sentence
    that names no country ("its exports") is about the one before it."""
    scope = sentence if countries_in(sentence) else previous
    named = countries_in(clause) or countries_in(scope)
    text = clause if countries_in(clause) else scope
    owners = [c.iso3 for c in named if text[c.end:c.end + 2] == "'s"]
    partner = next((c.iso3 for c in named if re.search(r"\b(?:to|from|with)\s+$", text[max(0, c.start - 8):c.start])),
                   None)
    between = re.search(r"\bbetween\s+(.+?)\s+and\s+(.+?)(?:\s+(?:rebounded|recovered|fell|rose|was|were|in)\b|[.,]|$)",
                        sentence)
    if kind == "share":
        every = countries_in(scope)
        divided = [c.iso3 for c in every if re.match(r"'s\s+(?:total\s+)?(?:trade|exports|imports)", scope[c.end:])]
        subject = divided[-1] if divided else (owners[0] if owners else (every[0].iso3 if every else None))
        others = [c.iso3 for c in every if c.iso3 != subject]
        return subject, partner if partner and partner != subject else (others[0] if others else "WLD")
    if between and countries_in(between[1]) and countries_in(between[2]):
        return countries_in(between[1])[0].iso3, countries_in(between[2])[0].iso3
    subject = owners[0] if owners else (named[0].iso3 if named else None)
    if partner is not None and partner == subject:  # "its trade with China": the country is the sentence's other one
        subject = next((c.iso3 for c in countries_in(scope) if c.iso3 != partner), None)
    if partner is None and len({c.iso3 for c in named}) > 1 and re.search(r"\btraded?\b", text):
        partner = next(c.iso3 for c in named if c.iso3 != subject)
    return subject, partner or "WLD"


def propose_rows(text: str, titles: dict[str, set[str]]) -> list[dict]:
    """One draft ledger row per checkable number of `text` (a value, a share or a change)."""
    rows, last_year, previous = [], None, ""
    for line in text.splitlines():
        for sentence in SENTENCE.split(line):
            years = YEAR.findall(sentence)
            clauses = CLAUSE.split(sentence)
            for clause in clauses:
                masked = FOOTNOTE.sub(lambda m: " " * len(m.group()), clause)
                masked = CHAPTERS.sub(lambda m: " " * len(m.group()), masked)
                for found in numeric_expressions(masked):
                    if found.kind not in CHECKED_KINDS:
                        continue
                    rows.append(propose_one(sentence, clause, found, years or ([last_year] if last_year else []),
                                            titles, previous))
            last_year = years[-1] if years else last_year
            previous = sentence if countries_in(sentence) else previous
    return rows


FLOWS = re.compile(r"\b(?:(import)|(export|sold|earned)|(trade))", re.I)


def flow_of(text: str, position: int) -> str | None:
    """The flow word (imports, exports, trade) nearest before a position, else the first after it."""
    words = [(m.start(), "imports" if m[1] else "exports" if m[2] else "trade") for m in FLOWS.finditer(text)]
    before = [flow for start, flow in words if start < position]
    return before[-1] if before else (words[0][1] if words else None)


def propose_one(sentence: str, clause: str, found, years: list[str], titles, previous: str) -> dict:
    """The draft row for one number: its metric and arguments, or why none could be proposed."""
    row = {"sentence": sentence, "quote": found.text, "match": "same", "metric": None, "metric_args": None}
    notes = []
    hedge = hedge_before(clause, found.start)
    row["hedge"] = hedge
    year = years[-1] if years else None
    row["period"] = row["evidence_period"] = year
    flow = flow_of(clause, found.start) or flow_of(sentence, sentence.find(clause) + found.start)
    kind = ("share" if found.kind == "percent" and SHARE.search(clause) else
            "change" if found.kind == "percent" and CHANGE.search(clause) else
            "share" if found.kind == "percent" else "value" if found.kind == "money" else None)
    if kind is None:
        return row | {"proposal_note": f"no metric: a bare number ({found.text}) is no trade value, share or change"}
    chapters, chapter_note = chapters_in(sentence, titles)
    subject, partner = roles(clause, sentence, kind, previous)
    if subject is None:
        return row | {"proposal_note": "no country found in its sentence"}
    if year is None:
        return row | {"proposal_note": "no year found in its sentence or the one before"}
    row["geography"] = subject
    if kind == "value":
        row["value"], row["unit"], row["delta_unit"] = round(stated(found.text) * musd_per_unit(found.text), 3), "M USD", "M USD"
        if flow == "imports":
            row["metric"], args = "import_value", [subject, partner, year]
        elif flow == "trade" or (flow is None and partner != "WLD"):
            row["metric"], args = "trade_total", [subject, partner, year]
        else:
            row["metric"], args = "trade_value", [subject, partner, year, *chapters]
    elif kind == "share":
        row["value"], row["unit"], row["delta_unit"] = stated(found.text), "%", "pp"
        if chapters and (not chapter_note or partner == "WLD"):  # a share between two countries is of all goods
            row["metric"], args = "products_share", [subject, year, *chapters]
        elif flow == "imports":
            row["metric"], args = "import_share", [subject, partner, year]
        elif flow == "exports":
            row["metric"], args = "partner_share", [subject, partner, year]
        else:
            row["metric"], args = "trade_total_share", [subject, partner, year]
    else:
        row["value"] = -stated(found.text) if FALL.search(clause) else stated(found.text)
        row["unit"], row["delta_unit"] = "%", "pp"
        earlier = str(int(year) - 1)
        if flow == "imports":
            row["metric"], args = "import_change", [subject, earlier, year, partner]
        elif flow == "exports":
            row["metric"], args = "trade_change", [subject, earlier, year, partner]
        else:
            row["metric"], args = "trade_total_change", [subject, partner, earlier, year]
        if row["metric"] != "trade_total_change" and args[-1] == "WLD":
            args = args[:-1]
    row["metric_args"] = "|".join(args)
    row["tolerance_abs"] = half_unit(found.text) * (musd_per_unit(found.text) if kind == "value" else 1)
    if chapter_note and row["metric"] in ("trade_value", "products_share"):
        notes.append(chapter_note)
    if partner == "WLD" and kind != "share" and flow is None:
        notes.append("no flow word (exports, imports, trade): read as exports")
    return row | {"proposal_note": "; ".join(notes) or None}


def hs_title_words(con) -> dict[str, set[str]]:
    """Each word of the official HS titles (chapters and headings) and the chapters whose titles hold it (a word of
    more than three chapters' titles names none)."""
    words: dict[str, set[str]] = {}
    for code, title in con.execute("select product_code, product_name from staging.hs_products "
                                   "where name_source = 'hs_nomenclature' and product_level in ('hs2', 'hs4')").fetchall():
        for word in re.findall(r"[a-z]{4,}", title.lower()):
            words.setdefault(word, set()).add(code[:2])
    common = {word for word, chapters in words.items() if len(chapters) > 3}
    return {word: chapters for word, chapters in words.items() if word not in common}


def propose(path: Path, out: Path, con) -> pd.DataFrame:
    """Write the draft rows for the text at `path` to `out` (a CSV, never a brief's claims.csv) and return them."""
    if out.name == "claims.csv":
        raise ReadError(f"claims propose writes a draft for review, never a ledger: choose another name than {out}")
    try:
        text = read_input(Path(path), "claims propose").decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"claims propose: {path} is not UTF-8 text: byte {error.start} cannot be decoded") from None
    rows = pd.DataFrame(propose_rows(text, hs_title_words(con)), columns=COLUMNS)
    ids = rows["metric"].fillna("unproposed") + "_" + rows["metric_args"].fillna("").str.replace("|", "_").str.lower()
    rows["claim_id"] = ids.str.replace(r"[^a-z0-9_]", "", regex=True).str.strip("_") + (
        "_" + (ids.groupby(ids).cumcount() + 1).astype(str)).where(ids.duplicated(keep=False), "")
    rows.to_csv(out, index=False)
    return rows
