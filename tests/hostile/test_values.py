"""Bounds on every value, and every parsing error named: real recorded bytes, damaged on purpose by each test.

Each case edits one real snapshot, parses and validates it as the refresh does, and checks that
the error names the source, the file and the line (or byte) at fault.
"""

import json
import re
import shutil

import pytest

from flows.cli import main
from flows.sources import atlas, comtrade, energy, fao, ilo, oec, published, worldbank
from tests.conftest import RECORDED
from warehouse import settings
from warehouse.errors import ParseError, ValidationFailed
from warehouse.seeds import load_seeds
from warehouse.snapshots import Origin, SnapshotStore
from warehouse.validate import validate

ATLAS_TRADE = "by_year_2016/PRK/PRK_hs2_2016.csv"


def parsed_with(tmp_path, source, name, edit, others=()):
    """Parse and validate `source` with snapshot `name` edited by `edit` (bytes to bytes), beside real `others`."""
    store = SnapshotStore(tmp_path / "snapshots")
    latest = RECORDED.latest(source.SOURCE)
    for other in (*others, name):
        content = latest[other].read_bytes()
        store.put(source.SOURCE, other, edit(content) if other == name else content, Origin(**latest[other].origin),
                  latest[other].request)
    for table, frame in source.parse(store.latest(source.SOURCE)).items():
        validate(source.SOURCE, f"raw.{table}", frame, source.SCHEMAS[table])


def replace_line(pattern: str, old: str, new: str):
    """An edit of the first line matching `pattern`: `old` becomes `new` on that line only."""
    def edit(content: bytes) -> bytes:
        lines = content.decode("utf-8-sig").split("\n")
        index = next(i for i, line in enumerate(lines) if re.search(pattern, line))
        lines[index] = lines[index].replace(old, new, 1)
        return "\n".join(lines).encode()
    return edit


def failures_of(raised) -> list[tuple]:
    return [(row.source_file, row.source_line, str(row.check)) for row in raised.value.failures.itertuples()]


@pytest.mark.parametrize("new, check", [
    ("-85.16", "rate_positive"),  # the review published a remittance of -766 M USD from this
    ("0", "rate_positive"),
    ("inf", "finite"),
])
def test_an_impossible_exchange_rate_is_refused_at_its_line(tmp_path, new, check):
    edit = replace_line(r",RUS,", "85.1620083333333", new)
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, worldbank, "CurrencyRates.csv", edit)
    assert any(file == "CurrencyRates.csv" and line > 1 and check in rule for file, line, rule in failures_of(raised))


@pytest.mark.parametrize("new, check", [("inf", "finite"), ("-31000.0", "greater_than_or_equal_to")])
def test_an_infinite_or_negative_trade_value_is_refused_at_its_file_and_line(tmp_path, new, check):
    edit = replace_line(r"^2,178,43,103,2016,", "31000.0", new)
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, atlas, ATLAS_TRADE, edit, others=(atlas.LOCATIONS_FILE, atlas.PRODUCTS_FILE))
    assert (ATLAS_TRADE, 4, check) in {(file, line, rule.split("(")[0]) for file, line, rule in failures_of(raised)}


def test_a_trade_value_that_is_no_number_is_refused_at_its_line_beside_files_that_hold_numbers(tmp_path):
    # The edited file reads its values as text, the other as numbers: both become text for the schema to check.
    edit = replace_line(r"^2,178,43,103,2016,", "31000.0", "abc")
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, atlas, ATLAS_TRADE, edit,
                    others=(atlas.LOCATIONS_FILE, atlas.PRODUCTS_FILE, "by_year_2016/RUS/RUS_hs2_2016.csv"))
    assert {(file, line) for file, line, _ in failures_of(raised) if isinstance(file, str)} == {(ATLAS_TRADE, 4)}
    assert "abc" in set(raised.value.failures["failure_case"].astype(str))


def test_an_unemployment_rate_over_100_is_refused(tmp_path):
    edit = replace_line(r'^"Afghanistan".*25\+","2024"', "12.162", "150")
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, ilo, "unemployment.csv", edit)
    assert any(file == "unemployment.csv" and line == 2 for file, line, _ in failures_of(raised))


def test_an_oec_country_id_outside_iso_3166_is_refused(tmp_path):
    edit = replace_line(r"^afago,Angola,1,", "afago", "zzzzz")
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, oec, "global_exports.csv", edit)
    assert ("global_exports.csv", 2, "known_country") in {(f, n, r.split(":")[0]) for f, n, r in failures_of(raised)}


def test_an_infinite_comtrade_value_is_refused_at_its_record(tmp_path):
    def edit(content):
        body = json.loads(content)
        body["data"][1]["primaryValue"] = float("inf")
        return json.dumps(body).encode()  # Python writes Infinity, which JSON parsers read back as inf
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, comtrade, "data_v1_get_C_A_HS-60a6ad.json", edit)
    assert ("data_v1_get_C_A_HS-60a6ad.json", 2, "finite") in {(f, n, r.split("(")[0]) for f, n, r in failures_of(raised)}


def test_an_infinite_published_figure_is_refused(tmp_path):
    edit = replace_line(r"^kotra_prk_exports_total,", ",2.82,", ",inf,")
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, published, "reference_figures.csv", edit)
    assert any(rule.startswith("finite") for _, _, rule in failures_of(raised))


def test_a_csv_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    def edit(content):
        return content[:100] + b"\xff\xfe" + content[100:]
    # The header is 66 bytes with its newline and the next line 29: byte 100 is on line 3.
    with pytest.raises(ParseError, match=r"atlas_hs92: by_year_2016/PRK/PRK_hs2_2016.csv .* byte 100 \(line 3\)"):
        parsed_with(tmp_path, atlas, ATLAS_TRADE, edit, others=(atlas.LOCATIONS_FILE, atlas.PRODUCTS_FILE))


def test_a_worldbank_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    with pytest.raises(ParseError, match=r"worldbank: CurrencyRates.csv is not UTF-8: byte 10 cannot be decoded"):
        parsed_with(tmp_path, worldbank, "CurrencyRates.csv", lambda content: content[:10] + b"\xff" + content[10:])


def test_a_blank_id_that_cannot_be_cast_is_refused_at_its_line(tmp_path):
    edit = replace_line(r"^2,178,43,103,2016,", "2,178,43,", "2,,43,")
    with pytest.raises((ValidationFailed, ParseError)) as raised:
        parsed_with(tmp_path, atlas, ATLAS_TRADE, edit, others=(atlas.LOCATIONS_FILE, atlas.PRODUCTS_FILE))
    assert ATLAS_TRADE in str(raised.value) and ("line 4" in str(raised.value))


def test_json_nested_two_hundred_thousand_deep_is_refused_by_name(tmp_path):
    with pytest.raises(ParseError, match=r"comtrade: data_v1_get_C_A_HS-60a6ad.json .*nested too deep"):
        parsed_with(tmp_path, comtrade, "data_v1_get_C_A_HS-60a6ad.json", lambda _: b"[" * 200_000 + b"]" * 200_000)


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(settings.current().models / "seeds", folder)
    return folder


def test_a_claims_ledger_in_cp949_is_refused_by_name(seeds, tmp_path):
    briefs = tmp_path / "briefs"
    shutil.copytree(settings.current().briefs, briefs)
    ledger = briefs / "lankov-2025" / "claims.csv"
    ledger.write_bytes(ledger.read_text(encoding="utf-8").encode("cp949", errors="replace"))
    with pytest.raises(ParseError, match=r"lankov-2025/claims.csv is not UTF-8: byte \d+"):
        load_seeds(None, seeds, briefs)


def test_an_empty_seed_is_refused_by_name(seeds):
    (seeds / "drift_rules.csv").write_text("")
    with pytest.raises(ParseError, match="drift_rules.csv is not a well-formed CSV"):
        load_seeds(None, seeds)


# Before issue 27, --wage 1e300 printed a 300-digit remittance and --workers 1e308 with --wage 10 printed inf: finite
# inputs whose product overflows. The bounds are worked out from the world: 10 million workers, a billion a wage.
@pytest.mark.parametrize("option, value, bound", [
    ("--workers", "inf", "0 to 10,000,000"), ("--wage", "inf", "0 to 1,000,000,000"), ("--workers", "-1", "0 to 10,000,000"),
    ("--wage", "1e300", "0 to 1,000,000,000"), ("--workers", "1e308", "0 to 10,000,000"),
    ("--workers", "10000001", "0 to 10,000,000"), ("--wage", "nan", "0 to 1,000,000,000"),
])
def test_a_scenario_outside_plausible_bounds_is_refused(recorded_warehouse, capsys, option, value, bound):
    path, _ = recorded_warehouse
    arguments = {"--workers": "100000", "--wage": "6500", "--share": "0.6"} | {option: value}
    assert main(["scenario", *[item for pair in arguments.items() for item in pair], "--warehouse", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{option} must be a number from {bound}" in err and "inf" not in err.split(":", 1)[0]


def test_the_largest_plausible_scenario_prints_a_finite_figure(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["scenario", "--workers", "10000000", "--wage", "1000000000", "--share", "1", "--warehouse",
                 str(path)]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\binf\b", out) and "10,000,000,000.0" in out  # 1e7 x 1e9 USD = 1e16 USD = 1e10 M USD


# Finite but absurd values (issue 27, class 6): before, each published with only drift alerts.

def line_of(snapshot, pattern: str) -> int:
    """The number of the first line of a recorded file matching `pattern` (the header is line 1)."""
    lines = snapshot.read_bytes().decode("utf-8-sig").split("\n")
    return next(number for number, text in enumerate(lines, start=1) if re.search(pattern, text))


def scaled_cell(row_start: str, column: str, factor: float):
    """An edit of a CSV: the `column` cell of the first line starting with `row_start` multiplied by `factor`."""
    def edit(content: bytes) -> bytes:
        lines = content.decode("utf-8-sig").split("\n")
        index = lines[0].split(",").index(column)
        number = next(i for i, line in enumerate(lines) if line.startswith(row_start))
        cells = lines[number].split(",")
        cells[index] = repr(float(cells[index]) * factor)
        lines[number] = ",".join(cells)
        return "\n".join(lines).encode()
    return edit


def test_russias_coal_a_thousand_times_over_is_refused_at_its_line(tmp_path):
    # Russia produced 439.6 Mt in 2019 by BP's 2021 file; times 1,000 is 439,600 Mt, beside 400-ish in the years around
    name = "statistical_review_of_world_energy_bp_2021.csv"
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, energy, name, scaled_cell("Russia,2019,", "Coal Production - Tonnes", 1000))
    failures = failures_of(raised)
    assert {file for file, _, rule in failures if "within_history" in rule} == {name}
    [(line, rule)] = [(line, rule) for file, line, rule in failures if "within_history" in rule]
    assert line == line_of(RECORDED.latest("energy")[name], r"^Russia,2019,")


def test_a_unit_fao_changed_is_refused_at_its_line(tmp_path):
    # FAOSTAT writing one figure in tonnes among the thousand tonnes it declares: the value would read 1000x too small
    pattern = r'"185","Russian Federation","5911"'
    edit = replace_line(pattern, '"1000 tonnes"', '"tonnes"')
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, fao, "FAOSTAT_export.csv", edit,
                    others=[name for name in RECORDED.latest("fao") if name != "FAOSTAT_export.csv"])
    edited = line_of(RECORDED.latest("fao")["FAOSTAT_export.csv"], pattern)
    assert [(file, line) for file, line, rule in failures_of(raised) if "unit_as_declared" in rule] \
        == [("FAOSTAT_export.csv", edited)]


def test_kilotonnes_among_tonnes_in_one_class_layout_are_refused(tmp_path):
    edit = replace_line(r'"RUS","Russian Federation".*"Production","Cereals', '"t"', '"kt"')
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, fao, "RUS_faostatfbs.csv", edit,
                    others=[name for name in RECORDED.latest("fao") if name != "RUS_faostatfbs.csv"])
    edited = line_of(RECORDED.latest("fao")["RUS_faostatfbs.csv"], r'"RUS","Russian Federation".*"Production","Cereals')
    assert [(file, line) for file, line, rule in failures_of(raised) if "unit_as_declared" in rule] \
        == [("RUS_faostatfbs.csv", edited)]


def test_a_gdp_a_thousand_times_over_is_refused_but_a_hyperinflating_rate_is_not(tmp_path):
    edit = replace_line(r'"Russian Federation","RUS","GDP \(current', '"554828660436.137"', '"554828660436137"')
    with pytest.raises(ValidationFailed) as raised:
        parsed_with(tmp_path, worldbank, "GDP.csv", edit)
    assert {(file, rule.split(":")[0]) for file, _, rule in failures_of(raised)} == {("GDP.csv", "within_history")}
    parsed_with(tmp_path / "rates", worldbank, "API_PA.NUS.FCRF_DS2_en_csv_v2_22859.csv", lambda content: content)
