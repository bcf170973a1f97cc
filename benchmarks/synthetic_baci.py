"""SYNTHETIC trade data in the layout of CEPII's BACI bulk files, for benchmarks and tests only.

Nothing here is real trade: the values come from a seeded random model. The files say so in
their names (release `Vsynthetic`) and in a `SYNTHETIC.md` written beside them. The model is
built to look like real trade where speed depends on it:
  - heavy-tailed: country sizes, product popularity and flow values are lognormal, so a few
    flows are large and most are small;
  - sparse: a flow exists with a probability that grows with both countries' sizes and the
    product's popularity, calibrated so a year has about `rows` flows (BACI: 8-11 M of the
    230 x 229 x 5,000 possible);
  - specialised: each exporter has its own affinity to each product, so baskets differ.

    .venv/bin/python benchmarks/synthetic_baci.py OUT_DIR --years 2016 [--rows 9000000]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pycountry

RELEASE = "synthetic"
NOTICE = """# SYNTHETIC data: not real trade

Written by `benchmarks/synthetic_baci.py` (seed {seed}) in the layout of CEPII's BACI HS92
bulk files. Country codes are real ISO 3166 codes; product codes are made up; every trade
value and quantity is random. Use it to measure and test tradebrief, never as evidence.
"""


@dataclass(frozen=True)
class World:
    """The random model's fixed parts: who trades, how big each is, what each is good at."""

    countries: pd.DataFrame
    products: pd.DataFrame
    exporter_mass: np.ndarray
    importer_mass: np.ndarray
    product_mass: np.ndarray
    affinity: np.ndarray
    unit_value: np.ndarray


def make_world(n_countries: int, n_products: int, seed: int) -> World:
    """Countries (real ISO codes), products (made-up HS6 codes) and their heavy-tailed sizes."""
    rng = np.random.default_rng(seed)
    listed = sorted(pycountry.countries, key=lambda c: int(c.numeric))[:n_countries]
    countries = pd.DataFrame({
        "country_code": [int(c.numeric) for c in listed],
        "country_name": [c.name for c in listed],
        "country_iso2": [c.alpha_2 for c in listed],
        "country_iso3": [c.alpha_3 for c in listed],
    })
    space = [chapter * 10_000 + rest for chapter in range(1, 98) if chapter != 77 for rest in range(101, 9_999, 101)]
    codes = np.sort(rng.choice(space, size=n_products, replace=False))
    products = pd.DataFrame({
        "code": [f"{code:06d}" for code in codes],
        "description": [f"synthetic product {code:06d}" for code in codes],
    })
    exporter_mass = rng.lognormal(0.0, 1.6, n_countries)
    importer_mass = exporter_mass ** 0.8 * rng.lognormal(0.0, 0.6, n_countries)
    product_mass = rng.lognormal(0.0, 1.3, n_products)
    affinity = rng.lognormal(0.0, 1.5, (n_countries, n_products))
    unit_value = rng.lognormal(0.0, 1.0, n_products)
    return World(countries, products, exporter_mass, importer_mass, product_mass, affinity, unit_value)


def flow_intensity(world: World, exporter: np.ndarray, importer: np.ndarray, product: np.ndarray) -> np.ndarray:
    """The model's weight of a flow: both countries' sizes, the product's popularity, the exporter's affinity."""
    return (world.exporter_mass[exporter] * world.importer_mass[importer]
            * world.product_mass[product] * world.affinity[exporter, product])


def calibrate(world: World, rows: int, seed: int) -> float:
    """The scale c for which sum over all possible flows of P(flow) = 1 - exp(-c w) is about `rows`."""
    rng = np.random.default_rng(seed + 1)
    n, k = len(world.countries), len(world.products)
    sample = 400_000
    weights = flow_intensity(world, rng.integers(0, n, sample), rng.integers(0, n, sample), rng.integers(0, k, sample))
    possible = n * (n - 1) * k
    low, high = -40.0, 40.0
    for _ in range(60):
        middle = (low + high) / 2
        expected = possible * np.mean(-np.expm1(-np.exp(middle) * weights))
        low, high = (middle, high) if expected < rows else (low, middle)
    return float(np.exp((low + high) / 2))


def year_flows(world: World, year: int, rows: int, seed: int) -> pd.DataFrame:
    """One year's flows (t, i, j, k, v, q): v in thousand USD, q in tonnes, 2% of q missing as in BACI."""
    rng = np.random.default_rng([seed, year])
    scale = calibrate(world, rows, seed)
    n, k = len(world.countries), len(world.products)
    parts = []
    importers = np.arange(n)
    for exporter in range(n):
        weight = np.outer(world.importer_mass, world.product_mass * world.affinity[exporter]) * world.exporter_mass[exporter]
        weight[exporter] = 0.0
        present = rng.random((n, k)) < -np.expm1(-scale * weight)
        importer, product = np.nonzero(present)
        parts.append((np.full(importer.size, exporter), importers[importer], product, weight[importer, product]))
    exporter, importer, product, weight = (np.concatenate(column) for column in zip(*parts))
    value = np.maximum(np.round(np.exp(0.9 * np.log(weight) + rng.normal(2.0, 1.3, weight.size)), 3), 0.001)
    quantity = np.round(value / world.unit_value[product] * rng.lognormal(0.0, 0.3, value.size), 3)
    quantity[rng.random(value.size) < 0.02] = np.nan
    codes = world.countries["country_code"].to_numpy()
    return pd.DataFrame({
        "t": np.full(value.size, year, dtype=np.int32),
        "i": codes[exporter].astype(np.int32),
        "j": codes[importer].astype(np.int32),
        "k": world.products["code"].to_numpy()[product],
        "v": value,
        "q": quantity,
    })


def write_release(out_dir: Path, years: list[int], rows: int, seed: int = 7,
                  n_countries: int = 230, n_products: int = 5_000) -> list[Path]:
    """Write the code lists and one `BACI_HS92_Y<year>_Vsynthetic.csv` a year into out_dir; return the year files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = make_world(n_countries, n_products, seed)
    (out_dir / "SYNTHETIC.md").write_text(NOTICE.format(seed=seed))
    world.countries.to_csv(out_dir / f"country_codes_V{RELEASE}.csv", index=False)
    world.products.to_csv(out_dir / f"product_codes_HS92_V{RELEASE}.csv", index=False)
    written = []
    con = duckdb.connect()
    for year in years:
        flows = year_flows(world, year, rows, seed)
        path = out_dir / f"BACI_HS92_Y{year}_V{RELEASE}.csv"
        con.register("flows", flows)
        con.execute(f"""copy (select t, i, j, k, round(v, 3) as v, round(q, 3) as q from flows)
                        to '{path}' (header, nullstr 'NA')""")
        con.unregister("flows")
        written.append(path)
    con.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--years", type=int, nargs="+", default=[2016])
    parser.add_argument("--rows", type=int, default=9_000_000, help="about how many flows a year has")
    parser.add_argument("--countries", type=int, default=230)
    parser.add_argument("--products", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for path in write_release(args.out_dir, args.years, args.rows, args.seed, args.countries, args.products):
        print(path)


if __name__ == "__main__":
    main()
