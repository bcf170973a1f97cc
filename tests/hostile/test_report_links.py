"""Every URL the report links is http or https: a `javascript:` URL from a sidecar or a brief's provenance is text.

Before issue 27 the sources page linked a sidecar's landing_url as it stood, and a click on a `javascript:` URL ran it.
"""

import shutil

import duckdb
import pytest
from lxml import html

from report.page import web, write_report

LINKS = [  # (the URL, whether it may be linked), worked out by hand from web(): http(s) with a host, nothing else
    ("https://oec.world/en", True),
    ("http://example.org/a?b=c", True),
    (" https://oec.world ", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("https:///no-host", False),
    ("//oec.world", False),
    ("file:///etc/passwd", False),
    ("", False),
    (None, False),
]


@pytest.mark.parametrize(("url", "linked"), LINKS)
def test_only_web_urls_are_linked(url, linked):
    assert web(url) is linked


def test_a_javascript_url_in_a_sidecar_or_a_brief_is_written_as_text(recorded_warehouse, tmp_path):
    published, _ = recorded_warehouse
    copy = tmp_path / "tradebrief.duckdb"
    shutil.copyfile(published, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update meta.snapshots set landing_url = 'javascript:alert(document.cookie)'")
        con.execute("update seeds.briefs set url = 'javascript:alert(1)'")
    index = write_report(copy, tmp_path / "report")
    hrefs = [a.get("href") for page in index.parent.glob("*.html") for a in html.parse(page).getroot().iter("a")]
    assert hrefs and not [href for href in hrefs if href and href.strip().lower().startswith("javascript")]
    sources = (index.parent / "sources.html").read_text()
    assert "javascript:alert(document.cookie)" in sources  # shown, as text
