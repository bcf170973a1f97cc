"""Every brief in briefs/: one folder each, holding what the brief is, its text, and its claims ledger.

A folder `briefs/<slug>/` holds `brief.toml` (title, author, publisher, published, url, citation,
licence, and `text`: the file of its text, left out for a plain list of an analyst's own claims),
`claims.csv`, and optionally `exclusions.csv` and `checkable_statements.csv`. Every folder is read;
a claim is keyed by its brief's slug and its id. A ledger CSV may leave out the columns a claim
need not fill.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from schemas.brief import SLUG, BriefAbout, BriefLine, BriefNumber
from schemas.common import columns
from schemas.seeds import LEDGER_SCHEMAS
from warehouse.errors import ParseError
from warehouse.expressions import numeric_expressions
from warehouse.files import read_csv_input, read_input
from warehouse.settings import PROJECT_ROOT

ABOUT = "brief.toml"
LEDGER_FILES = {"claims": "claims.csv", "claim_exclusions": "exclusions.csv",
                "checkable_statements": "checkable_statements.csv"}
ABOUT_KEYS = {"title", "author", "publisher", "published", "url", "citation", "licence", "text"}
REQUIRED_KEYS = {"title", "author", "published", "citation", "licence"}
# Every table the briefs make, with its schema: the dictionary describes them like the sources' tables.
TABLES = {"seeds.briefs": BriefAbout, "raw.brief_lines": BriefLine, "raw.brief_numbers": BriefNumber} | {
    f"seeds.{name}": schema for name, schema in LEDGER_SCHEMAS.items()}
CODE = [Path(__file__), Path(__file__).with_name("expressions.py")]


@dataclass(frozen=True)
class Brief:
    """One brief folder, read: its slug, what its brief.toml says, and its text (None for a plain list of claims)."""

    slug: str
    folder: Path
    about: dict
    text: str | None = None
    text_sha256: str | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines() if self.text is not None else []

    def relative(self, name: str) -> str:
        """A file of the folder as errors and lineage name it: briefs/<slug>/<name> in the project, else its path."""
        path = (self.folder / name).absolute()
        return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else str(path)


def present(path: Path) -> bool:
    """Whether a folder names the file at all: a broken or hostile symlink is there, to be refused when read."""
    return path.exists() or path.is_symlink()


def read_briefs(root: Path) -> list[Brief]:
    """Every brief folder under `root`, in slug order; a root with none is refused, as a build would check nothing."""
    folders = sorted(path for path in Path(root).iterdir() if path.is_dir()) if Path(root).is_dir() else []
    linked = [folder for folder in folders if folder.is_symlink()]
    if linked:
        raise ParseError(f"briefs: {linked[0]} is a symlink; a brief folder is read only where it stands")
    if not folders:
        raise ParseError(f"briefs: {root} holds no brief folder; each brief is a folder {root}/<slug>/ holding "
                         f"{ABOUT} and claims.csv")
    return [read_brief(folder) for folder in folders]


def read_brief(folder: Path) -> Brief:
    """One brief folder, its brief.toml checked: known keys only, the required ones present, its text UTF-8."""
    if not re.fullmatch(SLUG.strip("^$"), folder.name):
        raise ParseError(f"briefs: folder {folder} is no brief slug: lowercase letters, digits and hyphens")
    about_path = folder / ABOUT
    if not present(about_path):
        raise ParseError(f"briefs: {about_path} is missing; a brief folder says what the brief is in {ABOUT}")
    try:
        about = tomllib.loads(read_input(about_path, "briefs").decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ParseError(f"briefs: {about_path} is not UTF-8 TOML: {error}") from None
    unknown, missing = set(about) - ABOUT_KEYS, REQUIRED_KEYS - set(about)
    if unknown or missing:
        raise ParseError(f"briefs: {about_path} " + "; ".join(
            part for part in (f"has unknown keys {', '.join(sorted(unknown))}" if unknown else "",
                              f"lacks {', '.join(sorted(missing))}" if missing else "") if part)
            + f" (the keys are {', '.join(sorted(ABOUT_KEYS))})")
    if not present(folder / LEDGER_FILES["claims"]):
        raise ParseError(f"briefs: {folder} has no claims.csv; a brief folder holds its claims ledger")
    brief = Brief(folder.name, folder, about)
    if "text" not in about:
        return brief
    name = about["text"]
    path = folder / str(name)
    if not isinstance(name, str) or Path(name).name != name or not present(path):
        raise ParseError(f"briefs: {about_path} names text {name!r}, which is no file of {folder}")
    content = read_input(path, "briefs")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(f"briefs: {path} is not UTF-8 text: byte {error.start} cannot be decoded") from None
    return Brief(folder.name, folder, about, text, hashlib.sha256(content).hexdigest())


def brief_tables(briefs: list[Brief]) -> dict[str, pd.DataFrame]:
    """The tables the briefs make, not yet validated: seeds.briefs, the ledgers, and each text's lines and numbers."""
    tables = {"seeds.briefs": pd.DataFrame([about_row(brief) for brief in briefs])}
    for table, file in LEDGER_FILES.items():
        frames = [ledger_frame(brief, file, LEDGER_SCHEMAS[table]) for brief in briefs
                  if present(brief.folder / file)]
        tables[f"seeds.{table}"] = (pd.concat(frames, ignore_index=True) if frames
                                    else pd.DataFrame(columns=[*columns(LEDGER_SCHEMAS[table]), "source_file", "source_line"]))
    lines, numbers = [], []
    for brief in briefs:
        lineage = {"brief": brief.slug, "source_file": brief.relative(str(brief.about.get("text"))),
                   "snapshot_sha256": brief.text_sha256}
        for number, line in enumerate(brief.lines, start=1):
            lines.append({**lineage, "line": number, "text": line, "source_line": number})
            numbers += [{**lineage, "line": number, "start": found.start, "end": found.end, "expression": found.text,
                         "kind": found.kind, "source_line": number} for found in numeric_expressions(line)]
    tables["raw.brief_lines"] = typed(pd.DataFrame(lines, columns=columns(BriefLine)), BriefLine)
    tables["raw.brief_numbers"] = typed(pd.DataFrame(numbers, columns=columns(BriefNumber)), BriefNumber)
    return tables


def about_row(brief: Brief) -> dict:
    about = brief.about
    published = about["published"]
    return {"brief": brief.slug, "title": about["title"], "author": about["author"],
            "publisher": about.get("publisher"),
            "published": published.isoformat() if isinstance(published, datetime.date) else str(published),
            "url": about.get("url"), "citation": about["citation"], "licence": about["licence"],
            "text_file": about.get("text"), "text_sha256": brief.text_sha256,
            "source_file": brief.relative(ABOUT), "source_line": 1}


def ledger_frame(brief: Brief, file: str, schema) -> pd.DataFrame:
    """One ledger CSV of a brief, its rows keyed by the brief and located by file and line; the optional columns it
    leaves out are empty."""
    frame = read_csv_input(brief.folder / file, "briefs", brief.relative(file))
    if "brief" in frame.columns:
        raise ParseError(f"briefs: {brief.relative(file)} has a column 'brief'; its folder names the brief")
    optional = [name for name, column in schema.to_schema().columns.items() if column.nullable]
    frame = frame.assign(**{name: None for name in optional if name not in frame.columns})
    return frame.assign(brief=brief.slug, source_file=brief.relative(file), source_line=range(2, len(frame) + 2))


def typed(frame: pd.DataFrame, schema) -> pd.DataFrame:
    """The frame in its schema's column types (lineage as categories), also when no brief has a text."""
    dtypes = schema.to_schema().columns
    return frame.astype({name: str(dtypes[name].dtype) for name in frame.columns if name in dtypes})


def fingerprint(root: Path) -> str:
    """What the briefs' tables are made of: every file of every brief folder, and the code that reads them."""
    digest = hashlib.sha256()
    for path in sorted(Path(root).glob("*/*")):
        if path.is_file() or path.is_symlink():  # a link is read, and refused, like every input
            digest.update(f"{path.relative_to(root).as_posix()}\n".encode() + read_input(path, "briefs"))
    for path in CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()
