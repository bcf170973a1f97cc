"""Recording local files of real source data as snapshots, with the provenance of each.

The repository's committed snapshots were recorded this way from the public copies listed
in snapshots/README.md; `tradebrief record DIR` repeats it and records nothing twice.
"""

from dataclasses import dataclass
from pathlib import Path

from flows.sources import atlas, brief, comtrade, energy, fao, hs_nomenclature, ilo, imf, oec, published, worldbank
from warehouse.snapshots import Snapshot, SnapshotStore


@dataclass(frozen=True)
class Recording:
    """Files under `folder` (a glob from the data folder), the source they belong to, and where they were copied from."""

    source: object  # the source module, for its SOURCE name and ORIGIN
    folder: str
    pattern: str
    upstream: str  # "repository@commit:path", formatted with {name} (the file name) and {stem3} (its first three letters)
    params: dict | None = None  # the query the recorded response answered, where it is known


ATLAS_BY_YEAR = "candrewlee14/data-viz-project@784e6d18488895dcf322a82f40c919d1fe3a0b62"
ATLAS_COUNTRY = "candrewlee14/data-viz-project@30123cdffd7586d0ed9d5358a8d87b0d5ab24e53"
GLOBAL_IMPACT = "emmanuelniamba/GlobalImpact-Covid19@cdaa98e84415891f2f461cc21c3eca8ca155abec"

RECORDINGS = [
    Recording(atlas, "atlas_hs92", "*.csv", ATLAS_COUNTRY + ":data/{name}"),
    Recording(atlas, "atlas_hs92", "country_partner_hs2/*.csv", ATLAS_COUNTRY + ":data/{stem3}/{name}"),
    Recording(atlas, "atlas_hs92", "by_year_*/*/*.csv", ATLAS_BY_YEAR + ":data/{stem3}/{name}"),
    Recording(oec, "oec", "global_exports.csv",
              "Datawheel/py-economic-complexity@782f6a627b1396e1217b49789c2720e29b05455f:tests/.../{name}",
              {"cube": "trade_i_baci_a_92", "measures": "Trade Value", "drilldowns": "Exporter Country,Section",
               "Year": "2019,2020,2021", "Trade Flow": "2"}),
    Recording(comtrade, "comtrade", "data_v1_get_C_A_HS-60a6ad.json",
              "ropensci/comtradr@3d5b52d6a3e10093b24b7883fb62f3d49b1ba4c8:"
              "tests/testthat/data/comtradeapi.un.org/data/v1/get/C/A/HS-60a6ad.json",
              {"reporterCode": "156", "partnerCode": "32,276", "cmdCode": "TOTAL", "period": "2010",
               "note": "the fixture does not record its exact query string; these are the parameters comtradr built"}),
    Recording(worldbank, "worldbank", "*.csv", GLOBAL_IMPACT + ":data/{name}"),
    Recording(ilo, "ilo", "unemployment.csv", GLOBAL_IMPACT + ":data/{name}"),
    Recording(imf, "imf", "unemployment-rate-imf.csv",
              "tacedo97/ML-AI-Salary-Prediction@c66acc314802bb8eb3ba71750d3619a05e2592d4:data/raw/unemployment-rate-imf/{name}"),
    Recording(fao, "fao", "fish-and-seafood-consumption-per-capita.csv",
              "simonmoesorensen/socialdata-overfishing@ff46b5eb4c214f67967c628c43a9fc9c4b2e98ed:data/{name}"),
    Recording(fao, "fao", "FAOSTAT_*.csv",
              "simonmoesorensen/socialdata-overfishing@ff46b5eb4c214f67967c628c43a9fc9c4b2e98ed:data/{name}"),
    Recording(energy, "energy", "statistical_review_of_world_energy_bp_2021.csv",
              "owid/energy-data@757bf23e5065454da181b3c0e819d60de9ff81dc:scripts/input/shared/{name}"),
    Recording(published, "published", "reference_figures.csv",
              "transcribed from the public statements each row cites (its url column)"),
    Recording(hs_nomenclature, "hs_nomenclature", "*.csv",
              "datasets/harmonized-system@905e5a0fa29f5700d62cb3cc1265f21bc8a92329:data/{name}"),
    Recording(brief, "../brief", "*.txt", "the brief's web page as text, kept in the project's shared brief folder"),
]


def record_folder(data_dir: Path, store: SnapshotStore, recorded_at: str | None = None) -> list[tuple[Snapshot, bool]]:
    """Record every file the RECORDINGS name under `data_dir`; returns each snapshot and whether it is new."""
    results = []
    for recording in RECORDINGS:
        base = Path(data_dir) / recording.folder
        for path in sorted(base.glob(recording.pattern)):
            name = path.relative_to(base).as_posix()
            request = {
                "origin_path": recording.upstream.format(name=path.name, stem3=path.name[:3]),
                "recorded_from": f"{recording.folder}/{name}",
            }
            if recording.params:
                request["params"] = recording.params
            source = recording.source
            results.append(store.put(source.SOURCE, name, path.read_bytes(), source.ORIGIN, request, recorded_at))
    return results
