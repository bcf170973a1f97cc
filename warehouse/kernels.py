"""The all-pairs min-sum behind complementarity and similarity, vectorized for HS6.

Both indices are 100 * sum_k min(a_k, b_k) over two share vectors (the identity
sum |a - b| = 2 - 2 sum min(a, b) for shares summing to 1). At HS6 a SQL join on product
builds about 10^8 pair-product rows; here each country's basket is one row of a dense
country x product matrix, and each pair costs one vectorized pass over 5,000 products.
The SQL marts at HS2 are the definition: tests hold this kernel to their results.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ShareMatrix:
    """One country a row, one product a column: each row is the country's basket, summing to 1."""

    countries: np.ndarray
    shares: np.ndarray


def share_matrix(country: np.ndarray, product: np.ndarray, value: np.ndarray, products: np.ndarray) -> ShareMatrix:
    """Shares from long (country, product, value) rows; `products` is the sorted column order both sides share.

    Countries and products are small non-negative integer codes (BACI's), so rows and columns
    are found by lookup arrays rather than by sorting. A country whose values sum to zero has
    an all-zero row: it has nothing in common with anyone.
    """
    countries = present(country)
    rows, columns = positions(countries)[country], positions(products)[product]
    cells = np.bincount(rows * len(products) + columns, weights=value, minlength=len(countries) * len(products))
    values = cells.reshape(len(countries), len(products))
    totals = values.sum(axis=1, keepdims=True)
    return ShareMatrix(countries, np.divide(values, totals, out=np.zeros_like(values), where=totals > 0))


def present(codes: np.ndarray) -> np.ndarray:
    """The distinct non-negative integer codes, sorted, without a sort: a count per possible code."""
    return np.flatnonzero(np.bincount(codes)) if len(codes) else np.array([], dtype=np.int64)


def positions(labels: np.ndarray) -> np.ndarray:
    """A lookup array: positions(labels)[label] is the label's index in `labels`."""
    lookup = np.zeros(labels.max() + 1 if len(labels) else 0, dtype=np.int64)
    lookup[labels] = np.arange(len(labels))
    return lookup


def min_sum(left: np.ndarray, right: np.ndarray, workers: int | None = None) -> np.ndarray:
    """result[a, b] = sum_k min(left[a, k], right[b, k]), rows of `left` split over threads.

    numpy releases the GIL inside minimum and sum, so threads use every core.
    """
    result = np.empty((left.shape[0], right.shape[0]))
    workers = max(1, min(workers or os.cpu_count() or 1, left.shape[0]))

    def rows(block: np.ndarray) -> None:
        scratch = np.empty_like(right)
        for row in block:
            np.minimum(right, left[row], out=scratch)
            scratch.sum(axis=1, out=result[row])

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(rows, np.array_split(np.arange(left.shape[0]), workers)))
    return result


def all_pairs(left: ShareMatrix, right: ShareMatrix, left_name: str, right_name: str, index_name: str) -> pd.DataFrame:
    """100 * the min-sum for every (left, right) pair of different countries, as a long table."""
    index = 100 * min_sum(left.shares, right.shares)
    a, b = np.meshgrid(np.arange(len(left.countries)), np.arange(len(right.countries)), indexing="ij")
    a, b = a.ravel(), b.ravel()
    keep = left.countries[a] != right.countries[b]
    return pd.DataFrame({
        left_name: left.countries[a[keep]],
        right_name: right.countries[b[keep]],
        index_name: index.ravel()[keep],
    })


def year_matrices(con: duckdb.DuckDBPyConnection, flows: str, sides: set[str]) -> Iterator[tuple[int, dict[str, ShareMatrix]]]:
    """For each year of BACI-shaped `flows`, the share matrix of each side ("exporter", "importer").

    DuckDB sums each side (a grouped scan is cheaper than moving 9 M rows into numpy); both
    sides of a year share one product order, so their rows can be compared column by column.
    """
    summed = {side: con.execute(f"select year, {side} as country, product, sum(value_kusd) as value_kusd "
                                f"from {flows} group by all").fetchnumpy() for side in sides}
    for year in present(np.concatenate([columns["year"] for columns in summed.values()])):
        rows = {side: of_year(columns, year) for side, columns in summed.items()}
        products = present(np.concatenate([side_rows["product"] for side_rows in rows.values()]))
        yield int(year), {side: share_matrix(side_rows["country"], side_rows["product"], side_rows["value_kusd"], products)
                          for side, side_rows in rows.items()}


def flow_pairs(con: duckdb.DuckDBPyConnection, flows: str, countries: str, left: tuple[str, str],
               right: tuple[str, str], index_name: str) -> pd.DataFrame:
    """The index for every pair of countries, year by year, straight from BACI-shaped flows.

    `flows` has (year, exporter, importer, product, value_kusd); `left` and `right` are (side,
    output column): ("importer", "importer_iso3") and ("exporter", "exporter_iso3") give
    complementarity, "exporter" twice gives export similarity. Countries travel as numeric
    codes and get their ISO3 code from `countries` only at the end: strings cost more than the kernel.
    """
    names = dict(con.execute(f"select country_code, iso3 from {countries}").fetchall())
    frames = []
    for year, matrices in year_matrices(con, flows, {left[0], right[0]}):
        pairs = all_pairs(matrices[left[0]], matrices[right[0]], left[1], right[1], index_name)
        for column in (left[1], right[1]):
            pairs[column] = pairs[column].map(names)
        frames.append(pairs.assign(year=year)[["year", left[1], right[1], index_name]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["year", left[1], right[1], index_name])


def of_year(columns: dict[str, np.ndarray], year: int) -> dict[str, np.ndarray]:
    """The rows of one year from fetched columns."""
    mask = columns["year"] == year
    return {name: values[mask] for name, values in columns.items()}
