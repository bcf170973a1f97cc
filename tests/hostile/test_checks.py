"""What the checks claim, they check: layout drift behind a preamble, and country names that map to nothing."""

import pandas as pd

from flows.sources import worldbank
from flows.sources.countries import to_iso3
from tests.conftest import RECORDED
from warehouse.drift import schema_signature
from warehouse.snapshots import Origin, SnapshotStore


def signature_of(tmp_path, name, content):
    store = SnapshotStore(tmp_path / "snapshots")
    original = RECORDED.latest("worldbank")[name]
    snapshot, _ = store.put("worldbank", name, content, Origin(**original.origin), {})
    return schema_signature(snapshot, worldbank.PREAMBLES)


def test_a_changed_header_behind_the_world_bank_preamble_is_a_changed_layout(tmp_path):
    original = RECORDED.latest("worldbank")["Export.csv"].read_bytes()
    lines = original.split(b"\n")
    assert lines[0].startswith(b'\xef\xbb\xbf"Data Source"') and lines[4].startswith(b'"Country Name"')  # the real preamble
    lines[4] = lines[4].replace(b'"Indicator Code"', b'"Series Code"')
    before = signature_of(tmp_path / "a", "Export.csv", original)
    after = signature_of(tmp_path / "b", "Export.csv", b"\n".join(lines))
    assert before.startswith('"Country Name"') and before != after


def test_an_unmapped_country_name_is_missing_never_the_text_nan():
    codes = to_iso3(pd.Series(["Russia", "Other Asia Pacific", None]), {"Russia": "RUS"})
    assert codes.iloc[0] == "RUS"
    assert codes.iloc[1:].isna().all()
    assert not codes.astype(object).isin(["nan", "None", "NaN"]).any()
