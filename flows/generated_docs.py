"""The tables the docs hold that are made from the code: the sources, the data folder's layout, the settings.

Each stands in its page between `<!-- generated: NAME -->` and `<!-- end generated -->`. `make docs` (this module
run) writes them; tests/test_docs.py fails when one is stale, so a new source or setting reaches the docs by
running it, never by hand.
"""

import re
import sys
from collections.abc import Callable

from flows.registry import layout_table, source_table
from warehouse import settings

DOCS = settings.PROJECT_ROOT / "docs"
GENERATED: dict[str, tuple[str, Callable[[], str]]] = {
    "sources": ("adding-a-source.md", source_table),
    "layouts": ("adding-a-source.md", layout_table),
    "settings": ("settings.md", settings.table),
}


def block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end generated -->)", re.S)


def written(text: str, name: str, table: str) -> str:
    """The page's text with the block `name` holding `table`; a page without the block is refused."""
    if not block(name).search(text):
        raise ValueError(f"no block <!-- generated: {name} --> in the page")
    return block(name).sub(lambda found: found.group(1) + table + found.group(3), text)


def stale() -> list[str]:
    """The blocks whose text is not what the code makes now."""
    return [name for name, (page, make) in GENERATED.items()
            if written((DOCS / page).read_text(), name, make()) != (DOCS / page).read_text()]


def write() -> None:
    for name, (page, make) in GENERATED.items():
        path = DOCS / page
        path.write_text(written(path.read_text(), name, make()))


if __name__ == "__main__":
    write()
    sys.stdout.write("docs: every generated table written\n")
