"""Hostile brief folders: a symlink, a FIFO, a huge file, a linked folder are refused by name, never followed or hung on."""

import os
import shutil

import pytest

from warehouse import files, settings
from warehouse.briefs import read_briefs
from warehouse.errors import ParseError


@pytest.fixture
def briefs(tmp_path):
    folder = tmp_path / "briefs"
    shutil.copytree(settings.current().briefs / "lankov-2025", folder / "lankov-2025")
    return folder


def test_a_brief_text_that_is_a_symlink_is_refused_not_followed(briefs, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a file outside the brief folder\n")
    text = briefs / "lankov-2025" / "brief.txt"
    text.unlink()
    text.symlink_to(secret)
    with pytest.raises(ParseError, match=r"brief.txt cannot be opened as a regular file \(a symlink is not followed\)"):
        read_briefs(briefs)


def test_a_ledger_that_is_a_fifo_is_refused_without_waiting_for_a_writer(briefs):
    ledger = briefs / "lankov-2025" / "claims.csv"
    ledger.unlink()
    os.mkfifo(ledger)
    from warehouse.briefs import brief_tables

    with pytest.raises(ParseError, match=r"claims.csv is not a regular file"):
        brief_tables(read_briefs(briefs))


def test_a_linked_brief_folder_is_refused(briefs, tmp_path):
    (briefs / "elsewhere").symlink_to(briefs / "lankov-2025", target_is_directory=True)
    with pytest.raises(ParseError, match=r"elsewhere is a symlink"):
        read_briefs(briefs)


def test_an_input_larger_than_its_limit_is_refused_before_it_is_read_whole(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"1" * 1001)
    with pytest.raises(ParseError, match="larger than 1,000 bytes"):
        files.read_input(big, "claims propose", limit=1000)
    assert files.read_input(big, "claims propose", limit=1001) == b"1" * 1001
