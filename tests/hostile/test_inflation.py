"""Inputs that unfold far past their size are refused before they unfold (issue 27, class 3).

Before, only a download's bytes were counted: a 5 MB workbook whose shared strings inflate to
1.5 GiB took 4.6 GB in `fetch` and 4.2 GB in `refresh`, a sheet reaching a million rows 4.1 GB, and
reading the first line of a sparse 10 GB BACI file 3 GB. Each case builds its hostile input from
the real recorded bytes (the Energy Institute's workbook, an Atlas CSV), parses it as the refresh
does, and checks the one-line refusal names the source and the file; the memory each case takes
is measured in a child process.
"""

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from flows.refresh import parse_tables
from flows.sources import atlas, energy, worldbank
from flows.sources.limits import DEFAULT, ReadLimits, column_number
from tests.conftest import RECORDED
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, SnapshotStore

PROJECT = Path(__file__).resolve().parents[2]
WORKBOOK = "EI-Stats-Review-All-Data.xlsx"
ATLAS_FILE = "by_year_2016/PRK/PRK_hs2_2016.csv"
MiB = 1024 * 1024


def recorded(source: str, name: str) -> bytes:
    return RECORDED.latest(source)[name].read_bytes()


def store_holding(tmp_path, source: str, files: dict[str, bytes]) -> SnapshotStore:
    """A store of the source's real snapshots (for the Atlas, the code lists and one country's file) with `files`
    recorded in place of (or beside) them."""
    store = SnapshotStore(tmp_path / "snapshots")
    latest = RECORDED.latest(source)
    if source == atlas.SOURCE:
        latest = {name: latest[name] for name in (atlas.LOCATIONS_FILE, atlas.PRODUCTS_FILE, ATLAS_FILE)}
    for name, snapshot in latest.items():
        store.put(source, name, files.get(name, snapshot.read_bytes()), Origin(**snapshot.origin), snapshot.request)
    for name in set(files) - set(latest):
        store.put(source, name, files[name], Origin(**next(iter(latest.values())).origin), {"url": "https://example.org"})
    return store


def parse(tmp_path, module, files: dict[str, bytes]):
    store = store_holding(tmp_path, module.SOURCE, files)
    return parse_tables(module, store.latest(module.SOURCE))


def rezipped(content: bytes, replace: dict[str, bytes], level: int = 9) -> bytes:
    """The workbook with the named members replaced (or added), deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                        compresslevel=level) as target:
        for member in source.infolist():
            if member.filename not in replace:
                target.writestr(member, source.read(member))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def test_the_real_files_are_far_inside_the_limits(tmp_path):
    for module in (energy, atlas, worldbank):
        assert parse(tmp_path / module.SOURCE, module, {})


def test_shared_strings_that_unfold_past_the_limit_are_refused_before_they_unfold(tmp_path):
    # 40 MiB of shared strings deflate to about 40 kB: the zip declares what they unfold to, and that is counted first
    bomb = rezipped(recorded("energy", WORKBOOK), {"xl/sharedStrings.xml": b"<si><t>x</t></si>" * (40 * MiB // 17)})
    assert len(bomb) < 5 * MiB
    with pytest.raises(ParseError, match=rf"energy: {WORKBOOK} \(\w+\) unzips to [\d,]+ bytes, over the 16,777,216"):
        parse(tmp_path, energy, {WORKBOOK: bomb})


def test_a_member_that_unfolds_a_thousand_times_over_is_refused(tmp_path):
    # 512 KiB of one byte: inside the total, but no member of a real workbook unfolds more than 25 times
    bomb = rezipped(recorded("energy", WORKBOOK), {"xl/media/padding.bin": b"\0" * (MiB // 2)})
    with pytest.raises(ParseError, match=r"member xl/media/padding.bin unzips [\d,]+ times over, past the 100"):
        parse(tmp_path, energy, {WORKBOOK: bomb})


def test_a_member_whose_header_understates_its_size_is_refused(tmp_path):
    # The central directory says 1,000 bytes; the member unzips to 2 MiB. Whoever trusts the header is fooled.
    content = rezipped(recorded("energy", WORKBOOK), {"xl/media/lying.bin": bytes(range(256)) * (8 * 1024)}, level=1)
    entry = content.rindex(b"PK\x01\x02", 0, content.index(b"xl/media/lying.bin", content.index(b"PK\x01\x02")) + 1)
    lying = content[:entry + 24] + (1000).to_bytes(4, "little") + content[entry + 28:]
    with pytest.raises(ParseError, match=r"member xl/media/lying.bin does not unzip as its header says: Bad CRC"):
        parse(tmp_path, energy, {WORKBOOK: lying})


@pytest.mark.parametrize("cell, words", [
    ("A1000000", "reaches row 1,000,000 and column 63"),  # a million rows
    ("XFD10", "reaches row 121 and column 16,384"),  # sixteen thousand columns
    ("ZZ9999", "reaches row 9,999 and column 702"),  # 7 M cells filled in between
])
def test_a_sheet_that_reaches_too_far_is_refused_from_its_cell_references(tmp_path, cell, words):
    content = recorded("energy", WORKBOOK)
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet2.xml")
    far = sheet.replace(b"</sheetData>", f'<row r="{cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{cell}"><v>1</v>'
                                         f'</c></row></sheetData>'.encode())
    with pytest.raises(ParseError, match=rf"sheet xl/worksheets/sheet2.xml {words}"):
        parse(tmp_path, energy, {WORKBOOK: rezipped(content, {"xl/worksheets/sheet2.xml": far})})


@pytest.mark.parametrize("letters, number", [(b"A", 1), (b"Z", 26), (b"AA", 27), (b"AZ", 52), (b"ZZ", 702),
                                             (b"XFD", 16384)])
def test_column_letters_count_as_a_spreadsheet_counts_them(letters, number):
    assert column_number(letters) == number


def test_a_csv_of_more_lines_than_a_file_may_have_is_refused(tmp_path):
    lines = recorded("atlas_hs92", ATLAS_FILE).split(b"\n")
    huge = b"\n".join([lines[0], *([lines[1]] * (DEFAULT.rows + 1))])
    with pytest.raises(ParseError, match=rf"atlas_hs92: {ATLAS_FILE} \(\w+\) has 500,002 lines, over the 500,000"):
        parse(tmp_path, atlas, {ATLAS_FILE: huge})


def test_a_csv_line_longer_than_a_line_may_be_is_refused_naming_it(tmp_path):
    lines = recorded("atlas_hs92", ATLAS_FILE).split(b"\n")
    lines[3] = lines[3] + b"9" * (2 * MiB)
    with pytest.raises(ParseError, match=rf"{ATLAS_FILE} \(\w+\) line 4 is 2,097,[\d]+ bytes long, over the 1,048,576"):
        parse(tmp_path, atlas, {ATLAS_FILE: b"\n".join(lines)})


def test_a_csv_header_of_too_many_fields_is_refused(tmp_path):
    lines = recorded("atlas_hs92", ATLAS_FILE).split(b"\n")
    lines[0] = lines[0] + b"".join(b",extra%d" % i for i in range(2000))
    with pytest.raises(ParseError, match=r"line 1 has 2,00\d fields, over the 1,000"):
        parse(tmp_path, atlas, {ATLAS_FILE: b"\n".join(lines)})


def test_a_snapshot_larger_than_a_file_may_be_is_refused_before_it_is_inflated(tmp_path):
    lines = recorded("atlas_hs92", ATLAS_FILE).split(b"\n")
    padded = b"\n".join(lines) + b"\n" * (17 * MiB)  # empty lines: 17 MiB that gzip holds in 17 kB
    with pytest.raises(ParseError, match=rf"{ATLAS_FILE} \(\w+\) holds 17,8[\d,]+ bytes, over the 16,777,216"):
        parse(tmp_path, atlas, {ATLAS_FILE: padded})


def test_a_source_over_its_own_declared_limit_is_refused_before_any_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(worldbank, "LIMITS", ReadLimits(source_bytes=1_000_000), raising=False)
    with pytest.raises(ParseError, match=r"worldbank: its \d+ latest snapshots hold 1,3[\d,]+ bytes, over the 1,000,000"):
        parse(tmp_path, worldbank, {})


def test_the_first_line_of_a_sparse_baci_file_is_not_read_whole(tmp_path):
    sparse = tmp_path / "BACI_HS92_Y2020_V202301.csv"
    with open(sparse, "wb") as handle:
        handle.truncate(10 * 1024 ** 3)  # 10 GiB of zeros that take no disk
    # VmHWM, the process's own peak: ru_maxrss would keep the forked test worker's before the exec
    probe = ("import re, sys\nfrom flows.sources.baci import check_header\nfrom pathlib import Path\n"
             "try:\n    check_header(Path(sys.argv[1]))\nexcept Exception as error:\n    print(error)\n"
             "print(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text())[1])")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", probe, str(sparse)], cwd=PROJECT, capture_output=True, text=True,
                          timeout=60)
    message, peak_kib = done.stdout.strip().splitlines()
    assert "BACI_HS92_Y2020_V202301.csv line 1 runs past 1,048,576 bytes" in message
    assert int(peak_kib) < 300 * 1024 and time.monotonic() - started < 30


@pytest.mark.slow
def test_a_refused_bomb_costs_the_refresh_little_memory(tmp_path):
    # The whole command, in a child whose peak is measured by its own parent: the review's shared strings unfold to
    # 1.5 GiB (written a MiB at a time, so neither this test nor the store holds them whole) and are refused unread.
    content = recorded("energy", WORKBOOK)
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != "xl/sharedStrings.xml":
                target.writestr(member, source.read(member))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            for _ in range(1536):
                strings.write(b"<si><t>x</t></si>" * (MiB // 17))
    store = store_holding(tmp_path, "energy", {WORKBOOK: bomb.getvalue()})
    measured = ("import resource, subprocess, sys\n"
                "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
                "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                "print(done.stderr)")
    done = subprocess.run([sys.executable, "-c", measured, sys.executable, "-m", "flows.cli", "refresh", "--snapshots",
                           str(store.root), "--warehouse", str(tmp_path / "tradebrief.duckdb")],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300)
    code, peak_kib = done.stdout.split("\n", 1)[0].split()
    assert code == "1" and f"energy: {WORKBOOK}" in done.stdout and "unzips to 1,626," in done.stdout, done.stdout[-2000:]
    assert not (tmp_path / "tradebrief.duckdb").exists()
    assert int(peak_kib) * 1024 < 1.5 * 1024 ** 3
