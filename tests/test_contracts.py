"""Models declare their contract in their header; the build makes the grain and required-column tests from it, the
evidence union from the declared families, and refuses a deciding metric that no evidence model declares."""

import shutil

import duckdb
import pytest

from warehouse import settings
from warehouse.contracts import check_families, contract_tests
from warehouse.data_tests import run_data_tests
from warehouse.errors import ModelError
from warehouse.models import EVIDENCE, build, discover


@pytest.fixture
def models(tmp_path):
    """A copy of the project's models, to break."""
    shutil.copytree(settings.current().models, tmp_path / "models")
    return tmp_path / "models"


def metrics_seed(models) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema seeds")
    con.execute(f"create table seeds.claim_metrics as select * from read_csv('{models / 'seeds' / 'claim_metrics.csv'}')")
    return con


def test_the_project_declares_an_evidence_model_for_every_deciding_metric(models):
    check_families(metrics_seed(models), discover(models))


def test_a_family_model_that_is_gone_stops_the_build_naming_its_metrics(models):
    # Before, removing the energy line from the evidence union made its claim quietly unverifiable, and every data
    # test still passed.
    (models / "intermediate" / "claim_evidence_energy.sql").unlink()
    with pytest.raises(ModelError, match=r"energy_series \(family energy\): no model declares the family"):
        check_families(metrics_seed(models), discover(models))


def test_a_metric_its_family_model_does_not_declare_stops_the_build(models):
    path = models / "intermediate" / "claim_evidence_labour.sql"
    path.write_text(path.read_text().replace("-- metrics: wage_usd, remittance_ratio", "-- metrics: wage_usd"))
    with pytest.raises(ModelError, match=r"remittance_ratio \(family labour\): .*claim_evidence_labour.sql does not "
                                         r"declare it"):
        check_families(metrics_seed(models), discover(models))


def test_the_evidence_union_is_made_from_the_declared_families(models):
    union = next(model for model in discover(models) if model.name == EVIDENCE)
    families = {model.contract.family for model in discover(models) if model.contract.family}
    assert union.depends_on == {f"intermediate.claim_evidence_{family}" for family in families}
    assert len(families) == 11 and "family" in dict(union.column_comments)


def test_a_file_of_the_unions_name_is_refused(models):
    (models / "intermediate" / "claim_evidence.sql").write_text("-- a hand-written union\nselect 1 as x\n")
    with pytest.raises(ModelError, match="is made from the models that declare a family, not from a file"):
        discover(models)


def test_the_contract_is_read_from_the_header_and_is_not_part_of_the_description(tmp_path):
    (tmp_path / "marts").mkdir(parents=True)
    (tmp_path / "marts" / "pairs.sql").write_text(
        "-- One row per pair.\n-- grain: a, b\n-- required: v\nselect 1 as a, 2 as b, 3 as v\n")
    [model] = discover(tmp_path, ("marts",))
    assert model.description == "One row per pair."
    assert (model.contract.grain, model.contract.required) == (("a", "b"), ("v",))


def test_a_contract_field_declared_twice_is_refused(tmp_path):
    (tmp_path / "marts").mkdir(parents=True)
    (tmp_path / "marts" / "pairs.sql").write_text("-- One row.\n-- grain: a\n-- grain: b\nselect 1 as a, 2 as b\n")
    with pytest.raises(ModelError, match="declares grain twice"):
        discover(tmp_path, ("marts",))


@pytest.mark.parametrize("rows, failing", [
    ("(1, 1, 5), (1, 2, 6)", {}),  # one row a grain, no null
    ("(1, 1, 5), (1, 1, 6)", {"grain_of_marts_pairs": 1}),  # two rows share (1, 1): one failing row, 2 copies
    ("(1, 1, 5), (1, 2, null)", {"required_of_marts_pairs": 1}),  # v is required
    ("(1, 1, null), (1, 1, null)", {"grain_of_marts_pairs": 1, "required_of_marts_pairs": 1}),
])
def test_the_generated_tests_find_a_broken_grain_and_a_missing_value(tmp_path, rows, failing):
    (tmp_path / "marts").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (tmp_path / "marts" / "pairs.sql").write_text(
        f"-- One row per pair.\n-- grain: a, b\n-- required: v\nselect * from (values {rows}) as t(a, b, v)\n")
    models = discover(tmp_path, ("marts",))
    con = duckdb.connect()
    build(con, models)
    results = run_data_tests(con, tmp_path / "tests", generated=contract_tests(models))
    assert {r.test for r in results} == {"grain_of_marts_pairs", "required_of_marts_pairs"}
    assert {r.test: r.failing_rows for r in results if not r.passed} == failing
