"""Reading numbers out of the brief's text: each kind by example, and, for any text, nothing missed or read twice."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.expressions import URL, numeric_expressions

EXAMPLES = [  # (text, the expressions and kinds expected, worked out by reading)
    ("accounted for 42.3% of the country's total exports. 1) As of 2016",
     [("42.3%", "percent"), ("1)", "footnote"), ("2016", "year")]),
    ("Throughout 2005-2023 Russia was the world’s third largest exporter",
     [("2005-2023", "year_range"), ("third largest", "ordinal")]),
    ("a total of 7.5 million tons of coal", [("7.5 million", "number")]),
    ("was only $20–30. In comparison, ... wages of around $200.", [("$20–30", "money"), ("$200", "money")]),
    ("in 2024 was $6-7,000. 13) ... some $400 million hard currency", [("2024", "year"), ("$6-7,000", "money"),
                                                                       ("13)", "footnote"), ("$400 million", "money")]),
    ("which is half of what it was in 2013.8)", [("half", "count_word"), ("2013", "year"), ("8)", "footnote")]),
    ("food processing10)", [("10)", "footnote")]),
    ("roughly three-quarters of them", [("three-quarters", "count_word")]),
    ("the seventh-largest exporter of iron ore 6), the world’s 11th exporter",
     [("seventh-largest", "ordinal"), ("6)", "footnote"), ("11th", "ordinal")]),
    ("since the mid-1980s and the late 2010s", [("mid-1980s", "decade"), ("late 2010s", "decade")]),
    ("1. HS Code 27 (Mineral fuels) – 45.1%", [("1.", "list_number"), ("HS Code 27", "hs_code"), ("45.1%", "percent")]),
    ("reached 37,000 mark", [("37,000", "number")]),
    ("zinc(3.4%) and iron ore(2.9%).", [("3.4%", "percent"), ("2.9%", "percent")]),
    ("8) https://www.euromeatnews.com/Article-Price%2C-quality/2061", [("8)", "footnote")]),
]


def test_each_kind_of_number_is_read_whole_by_example():
    for text, expected in EXAMPLES:
        assert [(e.text, e.kind) for e in numeric_expressions(text)] == expected, text


# Pieces of text in the brief's vocabulary, glued at random: single characters and the words that make numbers.
PIECES = st.sampled_from(list("0123456789 .,-–%$()abcdefhilmnorstuvwxyHSC’\u00e9") + [
    " million", " half", " third", "-largest", " HS Code ", " https://x.org/a1/2", "mid-", "s ", "th "])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_every_digit_outside_a_url_is_in_exactly_one_expression_in_order(line):
    expressions = numeric_expressions(line)
    for expression in expressions:
        assert line[expression.start:expression.end] == expression.text
    assert all(a.end <= b.start for a, b in zip(expressions, expressions[1:]))  # in order, never overlapping
    inside_url = {i for match in URL.finditer(line) for i in range(match.start(), match.end())}
    covered = {i for e in expressions for i in range(e.start, e.end)}
    digits = {match.start() for match in re.finditer(r"\d", line)}
    assert digits - inside_url <= covered
    assert not covered & inside_url
