"""How the command line prints values and tables, from cases worked out by hand from the rules in flows/output.py:
a float keeps its shortest exact decimals, cut to five significant digits (trailing zeros dropped); integers under
10,000 print plain and larger ones with separators; text wraps at spaces only; a table too wide becomes cards."""

import decimal
import math

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.output import Result, as_table, cell, claim_cards

CELLS = [
    (7.5, "7.5"),  # the brief's 7.5 Mt, printed as "8" when a column's decimals followed its largest value
    (45.1, "45.1"),
    (23.2, "23.2"),
    (0.428, "0.428"),
    (0.00005, "0.00005"),
    (42.77177601600528, "42.772"),  # five significant digits: 42.771|776 rounds up
    (-2.328223983994718, "-2.3282"),
    (0.1 + 0.2, "0.3"),  # 0.30000000000000004, cut to five digits, its zeros dropped
    (1234.5, "1234.5"),
    (99_999.994, "100,000"),  # five digits leave no decimal, and it rounds up past 10,000
    (5.09e10, "50,900,000,000"),
    (-2_500_000.4, "-2,500,000"),
    (-0.0, "0"),
    (1e-12, "0.000000000001"),
    (math.inf, "inf"),
    (2016, "2016"),  # a year, in whatever column: four digits print plain
    (9999, "9999"),
    (10_000, "10,000"),
    (-12_345, "-12,345"),
    (decimal.Decimal("45.10"), "45.10"),  # a SQL literal keeps the decimals it was written with
    (decimal.Decimal("12345.6"), "12,345.6"),
    (True, "true"),
    (None, ""),
    ("ru_coal_export_share_internal_2023", "ru_coal_export_share_internal_2023"),
]


@pytest.mark.parametrize(("value", "printed"), CELLS)
def test_each_value_prints_at_its_own_precision(value, printed):
    assert cell(value) == printed


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_printed_float_reads_back_within_its_fifth_significant_digit(value):
    printed = cell(value).replace(",", "")
    assert "e" not in printed
    assert abs(float(printed) - value) <= max(abs(value) * 1e-4, 1e-300) + (0.5 if abs(value) >= 1e4 else 0)


def result(sql: str) -> Result:
    cursor = duckdb.connect().execute(sql)
    return Result([d[0] for d in cursor.description], [str(d[1]) for d in cursor.description], cursor.fetchall())


def test_values_of_one_column_keep_their_own_decimals_and_years_stay_plain_whatever_their_name():
    table = as_table(result("select * from (values (7.5::double, 2016, 1940000), (45.1, 2017, 12)) t(published, y, n)"),
                     100)
    assert [line.split() for line in table.splitlines()] == [
        ["published", "y", "n"], ["-----------", "----", "---------"], ["7.5", "2016", "1,940,000"],
        ["45.1", "2017", "12"]]


def test_a_table_fits_its_width_wrapping_text_at_spaces_and_never_breaking_an_id():
    sql = ("select 'ru_coal_export_share_internal_2023' as claim_id, 47.2 as value, "
           "repeat('a long explanation ', 20) as note, repeat('more words here ', 10) as other")
    lines = as_table(result(sql), 100).splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "".join(lines).count("explanation") == 20  # wrapped, not cut
    assert sum(line.count("ru_coal_export_share_internal_2023") for line in lines) == 1


def test_a_table_that_cannot_fit_without_breaking_a_word_prints_as_cards():
    sql = ("select 'ru_coal_export_share_internal_2023' as claim_id, 'prk_coal_exports_volume_2016_in_tonnes' as other, "
           "repeat('x', 30) as third, 'words that wrap' as note")
    printed = as_table(result(sql), 60)
    assert printed.splitlines() == [
        "ru_coal_export_share_internal_2023",
        "  other  prk_coal_exports_volume_2016_in_tonnes",
        "  third  " + "x" * 30,
        "  note   words that wrap",
    ]


def test_the_claims_ledger_prints_a_card_a_claim_with_the_briefs_figure_as_written():
    ledger = result("""
        select 'lankov-2025' as brief, 'prk_coal_exports_volume_2016' as claim_id, 'contradicted' as verdict,
               7.5::double as published_value, 22.49::double as computed_value, 'Mt' as unit, 14.99::double as delta,
               'Mt' as delta_unit, 'published' as evidence_source, '2016' as evidence_period,
               'staging.published_figures' as evidence_table, null as note""")
    assert claim_cards(ledger, 80).splitlines() == [
        "== lankov-2025: 1 claims ==",
        "",
        "prk_coal_exports_volume_2016  [contradicted]",
        "  brief says  7.5 Mt",
        "  data give   22.49 Mt",
        "  delta       14.99 Mt",
        "  evidence    published, 2016, staging.published_figures",
    ]
