"""The BACI source: streaming ingestion and checks that name file and line on small synthetic releases
(benchmarks/synthetic_baci.py), and the code-list readers on the real CEPII metadata (tests/fixtures/baci)."""

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from benchmarks.synthetic_baci import write_release
from flows.sources import baci
from schemas.baci import known
from warehouse.errors import ParseError, ValidationFailed


@pytest.fixture
def release_dir(tmp_path):
    write_release(tmp_path, [2016], rows=5_000, n_countries=30, n_products=200)
    return tmp_path


def year_file(release_dir):
    return release_dir / "BACI_HS92_Y2016_Vsynthetic.csv"


def edit_line(path, line_number, edit):
    lines = path.read_text().splitlines(keepends=True)
    lines[line_number - 1] = edit(lines[line_number - 1])
    path.write_text("".join(lines))


def set_field(column, value):
    """An edit of one CSV line: the field of `column` (t, i, j, k, v or q) becomes `value`, or another field's value."""
    def edit(line):
        fields = line.rstrip("\n").split(",")
        fields[baci.HEADER.index(column)] = fields[baci.HEADER.index(value)] if value in baci.HEADER else value
        return ",".join(fields) + "\n"
    return edit


def ingest(release_dir):
    con = duckdb.connect()
    return con, baci.ingest_year(con, baci.find_release(release_dir), 2016)


def test_a_year_streams_into_duckdb_with_its_checksum(release_dir):
    path = year_file(release_dir)
    csv_rows = pd.read_csv(path, dtype={"k": str})

    con, ingested = ingest(release_dir)

    assert ingested.rows == len(csv_rows) == con.execute("select count(*) from baci.flows").fetchone()[0]
    assert ingested.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert ingested.release == "synthetic"
    total, missing_quantity = con.execute("select sum(value_kusd), count(*) - count(quantity_t) from baci.flows").fetchone()
    assert total == pytest.approx(csv_rows["v"].sum())
    assert missing_quantity == csv_rows["q"].isna().sum() > 0
    assert con.execute("select count(*) from baci.countries").fetchone()[0] == 30


def test_a_space_padded_na_quantity_reads_as_missing(release_dir):
    edit_line(year_file(release_dir), 2, set_field("q", "           NA"))

    con, _ = ingest(release_dir)

    assert con.execute("select quantity_t from baci.flows limit 1").fetchone()[0] is None


@pytest.mark.parametrize("edit, check", [
    (set_field("v", "-5.0"), "greater_than(0)"),
    (set_field("i", "999"), "known_exporter"),
    (set_field("j", "-4"), "known_importer"),
    (set_field("k", "999999"), "known_product"),
    (set_field("k", "5"), "known_product"),
    (set_field("i", "j"), "exporter_is_not_importer"),
    (set_field("t", "2015"), "equal_to(2016)"),
    (set_field("q", "-0.5"), "greater_than_or_equal_to(0)"),
])
def test_a_broken_rule_names_the_file_and_line(release_dir, edit, check):
    edit_line(year_file(release_dir), 40, edit)

    with pytest.raises(ValidationFailed) as raised:
        ingest(release_dir)

    failure = raised.value.failures.iloc[0]
    assert (failure.source_file, failure.source_line) == ("BACI_HS92_Y2016_Vsynthetic.csv", 40)
    assert check in failure.check
    assert "BACI_HS92_Y2016_Vsynthetic.csv line 40" in str(raised.value)


def test_a_missing_code_names_its_line_and_nothing_else(release_dir):
    edit_line(year_file(release_dir), 40, set_field("i", ""))

    with pytest.raises(ValidationFailed) as raised:
        ingest(release_dir)

    failures = raised.value.failures
    assert set(failures["source_line"]) == {40}
    assert "not_nullable" in set(failures["check"]) and "Error" not in str(raised.value)


def test_lines_are_counted_across_chunks(release_dir, monkeypatch):
    monkeypatch.setattr(baci, "CHUNK_ROWS", 2_048)  # line 4,500 is in the third chunk
    edit_line(year_file(release_dir), 4_500, set_field("v", "0"))

    with pytest.raises(ValidationFailed) as raised:
        ingest(release_dir)

    assert raised.value.failures["source_line"].tolist() == [4_500]


def test_a_year_broken_throughout_stops_after_enough_failures(release_dir, monkeypatch):
    # About 5,000 rows, every value negative; chunks of 1,000 rows, a limit of 1,500 failure cases: the first chunk
    # gives 1,000, the second 2,000, and reading stops there, at line 2,001, with the rows after it unread.
    monkeypatch.setattr(baci, "CHUNK_ROWS", 1_000)
    monkeypatch.setattr(baci, "MAX_FAILURES", 1_500)
    path = year_file(release_dir)
    flows = pd.read_csv(path, dtype=str, keep_default_na=False)
    flows["v"] = "-" + flows["v"]
    flows.to_csv(path, index=False)

    with pytest.raises(ValidationFailed, match="reading stopped at line 2,001 after 1,500 failure cases") as raised:
        ingest(release_dir)

    assert len(raised.value.failures) == 2_000
    assert raised.value.failures["source_line"].max() == 2_001


def test_a_value_that_does_not_parse_stops_with_the_line(release_dir):
    edit_line(year_file(release_dir), 7, set_field("v", "abc"))

    with pytest.raises(ParseError, match=r"BACI_HS92_Y2016_Vsynthetic.csv does not read .*Line: 7"):
        ingest(release_dir)


def test_a_file_whose_columns_moved_is_refused_by_its_header(release_dir):
    edit_line(year_file(release_dir), 1, lambda line: "t,j,i,k,v,q\n")

    with pytest.raises(ParseError, match="line 1: expected the columns t,i,j,k,v,q"):
        ingest(release_dir)


def test_a_release_without_its_code_list_is_refused(release_dir):
    (release_dir / "country_codes_Vsynthetic.csv").unlink()

    with pytest.raises(ParseError, match="no code list country_codes_Vsynthetic.csv"):
        baci.find_release(release_dir)


def test_older_code_lists_are_read_too(tmp_path):
    countries = tmp_path / "country_codes.csv"
    countries.write_text("country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha\n"
                         "4,Afghanistan,Afghanistan,AF,AFG\n408,Dem. People's Rep. of Korea,"
                         "Democratic People's Republic of Korea,KP,PRK\n")
    products = tmp_path / "product_codes.csv"
    products.write_text('code,description\n10111,"Horses, pure-bred"\n270111,Anthracite\n')

    assert baci.read_countries(countries)[["country_code", "iso3"]].values.tolist() == [[4, "AFG"], [408, "PRK"]]
    assert baci.read_products(products)["hs6"].tolist() == ["010111", "270111"]


def test_a_year_the_release_lacks_is_refused_by_name(release_dir):
    with pytest.raises(ParseError, match="has no file for 2019 \\(it has 2016\\)"):
        baci.find_release(release_dir).year_file(2019)


REAL = Path(__file__).parent / "fixtures" / "baci"


def data_lines(path: Path) -> int:
    return len(path.read_bytes().decode("utf-8-sig").splitlines()) - 1


@pytest.mark.parametrize("name", ["country_codes_V202301.csv", "country_codes_V202201.csv"])
def test_the_real_country_lists_read_whole_with_the_three_countries_of_the_brief(name):
    countries = baci.read_countries(REAL / name)

    assert len(countries) == data_lines(REAL / name)
    codes = dict(zip(countries["iso3"], countries["country_code"]))
    assert (codes["PRK"], codes["RUS"], codes["CHN"]) == (408, 643, 156)  # BACI's codes are the UN M49 numbers


def test_the_byte_order_mark_of_the_v202201_list_is_really_there_and_read_past():
    assert (REAL / "country_codes_V202201.csv").read_bytes().startswith(b"\xef\xbb\xbfcountry_code,")
    assert baci.read_countries(REAL / "country_codes_V202201.csv").columns[0] == "country_code"


def test_the_real_product_list_gets_back_the_leading_zeros_it_dropped():
    path = REAL / "product_codes_HS92_V202301.csv"
    raw_codes = [line.split(",", 1)[0] for line in path.read_text().splitlines()[1:]]
    assert "10111" in raw_codes and "010111" not in raw_codes  # the quirk, as the file has it

    products = baci.read_products(path)

    assert len(products) == len(raw_codes)
    assert products.set_index("hs6").loc["010111", "product"] == 10111
    assert products["hs6"].str.fullmatch(r"\d{6}").all()


def test_the_v202501_country_columns_are_read(tmp_path):
    """V202501 renamed the columns (country_code,country_name,country_iso2,country_iso3); rows here are real V202301
    rows written under the new header."""
    real = pd.read_csv(REAL / "country_codes_V202301.csv", dtype=str, keep_default_na=False)
    renamed = real.rename(columns={"country_name_full": "country_name", "iso_2digit_alpha": "country_iso2",
                                   "iso_3digit_alpha": "country_iso3"})
    path = tmp_path / "country_codes_V202501.csv"
    renamed[["country_code", "country_name", "country_iso2", "country_iso3"]].to_csv(path, index=False)

    countries = baci.read_countries(path)

    expected = [[int(code), None if iso3 == "N/A" else iso3] for code, iso3 in zip(real["country_code"], real["iso_3digit_alpha"])]
    assert countries[["country_code", "iso3"]].astype(object).where(countries.notna(), None).values.tolist() == expected


def test_the_real_lists_mark_residual_areas_n_a_and_they_read_as_no_country():
    countries = baci.read_countries(REAL / "country_codes_V202301.csv").set_index("country_code")
    assert countries.loc[490, "country_name"] == "Other Asia, not elsewhere specified"
    assert pd.isna(countries.loc[490, "iso3"])


def test_a_country_list_of_another_layout_names_what_it_lacks(tmp_path):
    path = tmp_path / "country_codes_V209901.csv"
    path.write_text("code,name\n408,North Korea\n")

    with pytest.raises(ParseError, match=r"country_codes_V209901.csv has no country_code, country_name, iso3 column"):
        baci.read_countries(path)


def test_a_known_code_check_refuses_codes_below_above_and_between_the_list():
    # Code 0 is in the list, so a negative code clipped onto it must still fail.
    check = known([0, 4, 7], "known_exporter")
    codes = pd.Series([-1, 0, 4, 5, 7, 8, 32_767], dtype="int16")

    assert check(codes).check_output.tolist() == [False, True, True, False, True, False, False]
