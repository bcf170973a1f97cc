"""The SQL model runner: reads `dbt_like_sql/`, orders the models by the tables their SQL names, builds them.

A model is `<layer>/<name>.sql` holding one select; it becomes `<layer>.<name>`. Its
dependencies are read from the SQL itself with sqlglot, never declared by hand. Staging
models are views (they only rename and cast); intermediate and mart models are tables; report
models are views over the marts and meta that the CLI, the run summary and the report read.
Its header comment says what one row is, and may declare its contract (Contract: grain,
required columns, an evidence model's family and metrics). Two things the runner writes
itself: a staging model's `parts.<shape>` becomes the union of every source's
`flows/sources/<source>/staging/<shape>.sql`, and intermediate.claim_evidence is the union of
the models that declare a family.

Where SQL is too slow (the all-pairs indicators at HS6), a model is `<layer>/<name>.py`: its
docstring says what one row is, `READS` names the tables it reads, and `model(con, shared)`
returns the table as a DataFrame; `shared` is one dict for every Python model of a build, where
an input that several of them read (the HS6 share matrices) is computed once and kept. Its
results must equal a SQL definition's; tests hold it to that.
"""

from __future__ import annotations

import graphlib
import hashlib
import importlib.util
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd
import sqlglot
from sqlglot import exp

from warehouse.errors import ModelError

LAYERS = ("staging", "intermediate", "marts", "report")
SOURCES_ROOT = Path(__file__).resolve().parents[1] / "flows" / "sources"  # each source's staging/<shape>.sql
EVIDENCE = "intermediate.claim_evidence"
EVIDENCE_HEADER = """-- One row per (claim, evidence period, candidate): every piece of evidence the warehouse holds for
-- a claim, from the evidence model of its metric's family (seeds.claim_metrics names the family of
-- each metric; each intermediate.claim_evidence_<family> model declares its family and metrics in its
-- header, and this union is made from those declarations). marts.claim_checks chooses among them by one rule.
"""

HS6_LAYERS = ("hs6",)
MATERIALIZATION = {"staging": "view", "intermediate": "table", "marts": "table", "report": "view", "hs6": "table"}


CONTRACT_FIELDS = ("grain", "required", "family", "metrics")


@dataclass(frozen=True)
class Contract:
    """What a model promises, declared in its header (`-- grain: a, b`, `-- required: c`, `-- family: f`,
    `-- metrics: m, n`): one row per `grain`, `required` never null; an evidence model names its `family` and the
    `metrics` it computes. The grain and required columns become data tests (warehouse.contracts)."""

    grain: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    family: str | None = None
    metrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    path: Path
    sql: str
    depends_on: frozenset[str]
    description: str
    compute: Callable[[duckdb.DuckDBPyConnection, dict], pd.DataFrame] | None = None
    volatile: bool = False  # reads the clock or a random source: never reused, since a copy would carry another run's values
    column_comments: tuple[tuple[str, str], ...] = ()  # (column, the comment beside it in the final select)
    contract: Contract = Contract()

    @property
    def materialization(self) -> str:
        return MATERIALIZATION[self.layer]


@dataclass(frozen=True)
class BuiltModel:
    model: Model
    rows: int | None  # None for a view over meta, whose rows change when the run itself is recorded
    seconds: float
    fingerprint: str | None = None
    reused: bool = False


def read_model(path: Path, layer: str, sources_root: Path | None = None) -> Model:
    """Parse one model file; it must hold exactly one select. A staging shape's `parts.<shape>` is put in from the
    sources' SQL under `sources_root` (flows/sources/ by default)."""
    model = parse_model(path, layer, path.read_text(), f"{layer}.{path.stem}")
    if any(ref.startswith("parts.") for ref in model.depends_on):
        return with_parts(model, staging_parts(sources_root or SOURCES_ROOT))
    return model


def parse_model(path: Path, layer: str, sql: str, name: str) -> Model:
    """A model from its SQL (a file's, or one the runner writes, such as the evidence union), named `name`."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.ParseError as error:
        raise ModelError(f"model {path}: SQL does not parse: {error}") from error
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise ModelError(f"model {path}: a model file holds exactly one select, found {len(statements)} statements")
    references = {
        f"{table.db}.{table.name}".lower() for table in statements[0].find_all(exp.Table) if table.db
    }
    return Model(
        name=name,
        layer=layer,
        path=path,
        sql=sql.strip().rstrip(";"),
        depends_on=frozenset(references),
        description=header_comment(sql),
        volatile=is_volatile(statements[0]),
        column_comments=column_comments(statements[0]),
        contract=contract_of(path, sql),
    )


def column_comments(select: exp.Query) -> tuple[tuple[str, str], ...]:
    """The comments beside the output columns of a model's final select (the first select of a union), read from
    the parse the model was read with, for the data dictionary."""
    while isinstance(select, exp.SetOperation):
        select = select.left
    return tuple((projection.alias_or_name, " ".join(comment.strip() for comment in projection.comments))
                 for projection in select.expressions if projection.comments)


VOLATILE_FUNCTIONS = {"now", "get_current_timestamp", "random", "uuid", "gen_random_uuid", "setseed"}


def is_volatile(statement: exp.Query) -> bool:
    """Whether the SQL reads the clock or a random source, so that its result differs between runs on the same inputs."""
    clock = (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime, exp.Rand)
    if any(True for _ in statement.find_all(*clock)):
        return True
    return any(function.name.lower() in VOLATILE_FUNCTIONS for function in statement.find_all(exp.Anonymous))


def read_python_model(path: Path, layer: str) -> Model:
    """Load one Python model: its docstring, the tables it `READS`, and its `model(con, shared)` function."""
    spec = importlib.util.spec_from_file_location(f"tradebrief_model_{layer}_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ModelError(f"model {path}: not a Python file that can be loaded")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise ModelError(f"model {path}: the module does not load: {error}") from error
    if not callable(getattr(module, "model", None)) or not isinstance(getattr(module, "READS", None), tuple):
        raise ModelError(f"model {path}: a Python model defines READS (a tuple of tables) and model(con, shared)")
    return Model(
        name=f"{layer}.{path.stem}",
        layer=layer,
        path=path,
        sql=path.read_text(),
        depends_on=frozenset(ref.lower() for ref in module.READS),
        description=" ".join((module.__doc__ or "").split()),
        compute=module.model,
    )


def header_lines(sql: str) -> list[str]:
    """The comment lines at the top of a SQL file, without their dashes."""
    lines = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        lines.append(stripped.removeprefix("--").strip())
    return lines


def contract_line(line: str) -> tuple[str, str] | None:
    """(field, value) when a header line declares part of the contract."""
    field, colon, value = line.partition(":")
    return (field, value.strip()) if colon and field in CONTRACT_FIELDS else None


def header_comment(sql: str) -> str:
    """The header's prose, joined: what one row is and what it serves (its contract lines are not prose)."""
    return " ".join(line for line in header_lines(sql) if contract_line(line) is None)


def contract_of(path: Path, sql: str) -> Contract:
    """The contract the model's header declares; a field declared twice is refused."""
    declared: dict[str, str] = {}
    for line in header_lines(sql):
        found = contract_line(line)
        if found:
            if found[0] in declared:
                raise ModelError(f"model {path}: its header declares {found[0]} twice")
            declared[found[0]] = found[1]

    def names(field: str) -> tuple[str, ...]:
        return tuple(name.strip() for name in declared.get(field, "").split(",") if name.strip())

    return Contract(names("grain"), names("required"), declared.get("family"), names("metrics"))


def evidence_union(models: list[Model], folder: Path) -> Model | None:
    """intermediate.claim_evidence: the union of every model that declares a family, each row labelled with it."""
    families = sorted((model.contract.family, model.name) for model in models if model.contract.family)
    if not families:
        return None
    twice = sorted({family for family, _ in families if [f for f, _ in families].count(family) > 1})
    if twice:
        raise ModelError(f"the families {', '.join(twice)} are each declared by more than one evidence model")
    selects = [f"select '{family}' as family,  -- the evidence model family that made the row (seeds.claim_metrics)\n"
               f"       * from {name}" if index == 0 else f"union all by name select '{family}' as family, * from {name}"
               for index, (family, name) in enumerate(families)]
    return parse_model(folder, "intermediate", EVIDENCE_HEADER + "\n".join(selects), EVIDENCE)


def staging_parts(sources_root: Path) -> dict[str, str]:
    """For each staging shape some source writes into, the union of every source's
    `flows/sources/<source>/staging/<shape>.sql` (one select each, checked as a model file is): what
    `parts.<shape>` stands for in staging.<shape>. A source adds its rows to a shape with a file in its own
    folder, and nothing else."""
    shapes: dict[str, list[Path]] = {}
    for path in sorted(Path(sources_root).glob("*/staging/*.sql")):
        shapes.setdefault(path.stem, []).append(path)
    return {shape: "\nunion all by name\n".join(f"select * from (\n{read_model(path, 'staging').sql}\n)" for path in paths)
            for shape, paths in shapes.items()}


PART = re.compile(r"\b(from|join)\s+parts\.(\w+)\b(\s+as\b)?")  # where a query reads it, never in a comment


def with_parts(model: Model, parts: dict[str, str]) -> Model:
    """The model with each `parts.<shape>` it reads replaced by the sources' union, so that it reads their raw tables
    directly (its fingerprint then covers their SQL too); a shape no source writes is refused."""
    missing = sorted(ref for ref in model.depends_on if ref.startswith("parts.") and ref.split(".")[1] not in parts)
    if missing:
        raise ModelError(f"model {model.path} reads {', '.join(missing)}, which no source's staging/ folder writes")
    sql = PART.sub(lambda found: f"{found.group(1)} (\n{parts[found.group(2)]}\n)" + (found.group(3) or f" as {found.group(2)}"),
                   model.sql)
    rewritten = parse_model(model.path, model.layer, sql, model.name)
    return replace(rewritten, description=model.description, column_comments=model.column_comments,
                   contract=model.contract)


def discover(models_root: Path, layers: tuple[str, ...] = LAYERS, sources_root: Path = SOURCES_ROOT) -> list[Model]:
    """Every model under the given layer folders (a staging shape with the sources' parts it reads put in), and the
    evidence union of the models that declare a family, in build order."""
    models = {}
    for layer in layers:
        folder = Path(models_root) / layer
        for path in sorted([*folder.glob("*.sql"), *folder.glob("*.py")]):
            model = read_model(path, layer, sources_root) if path.suffix == ".sql" else read_python_model(path, layer)
            models[model.name] = model
    if "intermediate" in layers and (union := evidence_union(list(models.values()), Path(models_root) / "intermediate")):
        if union.name in models:
            raise ModelError(f"{models[union.name].path}: {union.name} is made from the models that declare a family, "
                             "not from a file")
        models[union.name] = union
    return build_order(models, layers)


def build_order(models: dict[str, Model], layers: tuple[str, ...] = LAYERS) -> list[Model]:
    """Order models so each comes after the models it reads; refuse unknown models and cycles."""
    for model in models.values():
        missing = {ref for ref in model.depends_on if ref.split(".")[0] in layers and ref not in models}
        if missing:
            raise ModelError(f"model {model.path} reads {', '.join(sorted(missing))}, which no model file defines")
    graph = {name: {ref for ref in m.depends_on if ref in models} for name, m in models.items()}
    try:
        return [models[name] for name in graphlib.TopologicalSorter(graph).static_order()]
    except graphlib.CycleError as error:
        raise ModelError(f"models depend on each other in a cycle: {' -> '.join(error.args[1])}") from error


def fingerprints(models: list[Model], inputs: dict[str, str]) -> dict[str, str | None]:
    """Each model's fingerprint: a hash of its SQL and of the fingerprints of all it reads.

    `inputs` fingerprints the tables models read but do not make (raw tables by their
    snapshots, seeds by their bytes). A model reading anything without a fingerprint gets
    none, and is always rebuilt; so does a volatile model (one that reads the clock), and with
    it every model that reads it.
    """
    result: dict[str, str | None] = {}
    for model in models:
        if model.volatile:
            result[model.name] = None
            continue
        parts = [model.sql]
        for ref in sorted(model.depends_on):
            part = result.get(ref) if ref in result else inputs.get(ref)
            if part is None:
                result[model.name] = None
                break
            parts.append(f"{ref}={part}")
        else:
            result[model.name] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return result


def build(con: duckdb.DuckDBPyConnection, models: list[Model], prints: dict[str, str | None] | None = None,
          reusable: dict[str, str] | None = None, reuse_from: str | None = "published") -> list[BuiltModel]:
    """Create every model in order, with its header comment as the table's comment.

    A table model whose fingerprint equals the one `reusable` holds for it is copied from the
    catalog `reuse_from` (the published warehouse, attached) instead of computed again; with
    `reuse_from` None the build began as a copy of the published warehouse, and the table stays.
    """
    prints, reusable = prints or {}, reusable or {}
    built: list[BuiltModel] = []
    shared: dict = {}
    over_meta: set[str] = set()  # views that read meta, directly or through another: their rows are the run's own
    for layer in dict.fromkeys(model.layer for model in models):
        con.execute(f"create schema if not exists {layer}")
    for model in models:
        started = time.perf_counter()
        kind = model.materialization
        fingerprint = prints.get(model.name)
        reused = kind == "table" and fingerprint is not None and reusable.get(model.name) == fingerprint
        computed = model.compute is not None and not reused
        sql = f"select * from {reuse_from}.{model.name}" if reused else "select * from computed" if computed else model.sql
        try:
            if computed and model.compute is not None:
                con.register("computed", model.compute(con, shared))
            if not (reused and reuse_from is None):
                con.execute(f"create or replace {kind} {model.name} as {sql}")
            con.execute(f"comment on {kind} {model.name} is $${model.description}$$")
            if any(ref.startswith("meta.") or ref in over_meta for ref in model.depends_on):
                over_meta.add(model.name)
            rows = None if model.name in over_meta else con.execute(f"select count(*) from {model.name}").fetchall()[0][0]
        except duckdb.Error as error:
            raise ModelError(f"model {model.path} failed to build: {error}") from error
        finally:
            if computed:
                con.unregister("computed")
        built.append(BuiltModel(model, rows, time.perf_counter() - started, fingerprint, reused))
    return built
