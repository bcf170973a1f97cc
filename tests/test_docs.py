"""The README is a short front page and the rest lives in docs/: every link between them leads somewhere, and nothing
the project ships points at files a user's clone does not have."""

import re
import subprocess

from markdown_it import MarkdownIt

from warehouse import settings

ROOT = settings.PROJECT_ROOT
OUTSIDE = "../" + "shared"  # spelled apart, so that this file does not name it


def links(path):
    tokens = MarkdownIt().parse(path.read_text(encoding="utf-8"))
    inline = [child for token in tokens if token.children for child in token.children]
    return [child.attrs["href"] for child in inline if child.type == "link_open"]


def headings(path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    titles = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-") for title in titles}


def test_the_readme_is_a_front_page_with_the_two_commands_first_and_a_table_of_contents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 80
    assert readme.index("make run") < readme.index("make test") < readme.index("## Contents")
    pages = {link for link in links(ROOT / "README.md") if link.startswith("docs/")}
    assert {f"docs/{name}.md" for name in ("analysing", "operating", "adding-a-source", "adding-a-claim",
                                           "verdict-rules", "design")} <= pages


def test_every_relative_link_of_the_readme_and_docs_leads_to_a_file_and_heading_that_exist():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for link in links(page):
            if re.match(r"[a-z]+:", link):
                continue
            target, _, anchor = link.partition("#")
            path = (page.parent / target) if target else page
            if not path.exists() or (anchor and anchor not in headings(path)):
                broken.append(f"{page.name}: {link}")
    assert broken == []


def test_nothing_the_project_ships_refers_to_files_outside_the_clone():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    naming = [name for name in tracked if (ROOT / name).is_file() and not name.endswith((".gz", ".xlsx", ".png"))
              and OUTSIDE in (ROOT / name).read_text(encoding="utf-8", errors="replace")]
    assert naming == []


def test_every_table_made_from_the_code_is_current_in_the_docs():
    # the sources, the data folder's layout and the settings: `make docs` writes them
    from flows.generated_docs import stale

    assert stale() == []


def test_every_variable_the_code_reads_is_a_setting():
    # a variable read anywhere in the code, but not declared in the class, would be documented nowhere
    code = "".join(path.read_text() for folder in ("flows", "warehouse", "report", "schemas")
                   for path in (ROOT / folder).rglob("*.py"))
    read = set(re.findall(r"\b(?:TRADEBRIEF|COMTRADE)_[A-Z0-9_]*[A-Z0-9]\b", code)) - {"TRADEBRIEF_SERVER_PARENT_PIPE"}
    declared = {line.split("`")[1] for line in settings.table().splitlines()[2:]}
    assert read <= declared, read - declared


def test_a_setting_that_cannot_be_read_is_refused_naming_its_variable():
    import pytest

    from warehouse.errors import SettingsError

    with pytest.raises(SettingsError, match="TRADEBRIEF_HTTP_RETRIES='many' cannot be read as int"):
        settings.Settings.from_env({"TRADEBRIEF_HTTP_RETRIES": "many"})
    assert settings.Settings.from_env({"TRADEBRIEF_HTTP_TIMEOUT": "7.5"}).http.timeout == 7.5
    assert settings.Settings.from_env({"TRADEBRIEF_WAREHOUSE": "/x/w.duckdb"}).report_dir() == settings.Path("/x/report")


def test_the_source_table_has_a_row_for_each_registered_source_and_no_other():
    from flows.registry import SOURCES

    page = (ROOT / "docs" / "adding-a-source.md").read_text(encoding="utf-8")
    table = page[page.index("<!-- generated: sources -->"):page.index("<!-- end generated -->")]
    assert set(re.findall(r"`flows/sources/(\w+)/`", table)) == {source.__name__.rsplit(".", 1)[1] for source in SOURCES}
