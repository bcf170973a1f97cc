"""The all-pairs min-sum behind complementarity and similarity, vectorized for HS6.

Both indices are 100 * sum_k min(a_k, b_k) over two share vectors (the identity
sum |a - b| = 2 - 2 sum min(a, b) for shares summing to 1). At HS6 a SQL join on product
builds about 10^8 pair-product rows; here each country's basket is one row of a dense
country x product matrix, and each pair costs one vectorized pass over 5,000 products.
The SQL marts at HS2 are the definition: tests hold this kernel to their results.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

BATCH_ROWS = 1 << 20  # rows of flows asked for at a time; DuckDB hands over at most a row group (122,880)
BLOCK_ROWS = 32  # 32 rows of 5,000 HS6 shares: 1.3 MB, about a core's L2 cache


@dataclass(frozen=True)
class ShareMatrix:
    """One country a row, one product a column: each row is the country's basket, summing to 1."""

    countries: np.ndarray
    shares: np.ndarray


class Baskets:
    """One side's baskets being summed, a batch of rows at a time: value by (country, product column).

    Countries are small non-negative integer codes (BACI's), so a country's code is its row in
    a matrix of every code up to the largest, and a batch is added in place by one unbuffered
    sum over its cells: no grouping, and no memory beyond the matrix and one batch.
    """

    def __init__(self, last_country: int, n_products: int):
        self.n_products = n_products
        self.values = np.zeros((last_country + 1) * n_products)
        self.seen = np.zeros(last_country + 1, dtype=bool)
        self.cell = np.empty(0, dtype=np.intp)

    def add(self, country: np.ndarray, column: np.ndarray, value: np.ndarray) -> None:
        if len(country) > len(self.cell):
            self.cell = np.empty(len(country), dtype=np.intp)
        cell = self.cell[:len(country)]
        np.multiply(country, self.n_products, out=cell, dtype=np.intp)
        cell += column
        np.add.at(self.values, cell, value)
        self.seen[country] = True

    def shares(self) -> ShareMatrix:
        """Each country's row divided by its total; a country whose values sum to zero has an all-zero row:
        it has nothing in common with anyone."""
        countries = np.flatnonzero(self.seen)
        values = self.values.reshape(-1, self.n_products)[countries]
        totals = values.sum(axis=1, keepdims=True)
        return ShareMatrix(countries, np.divide(values, totals, out=values, where=totals > 0))


def positions(labels: np.ndarray) -> np.ndarray:
    """A lookup array: positions(labels)[label] is the label's index in `labels`."""
    lookup = np.zeros(labels.max() + 1 if len(labels) else 0, dtype=np.int32)
    lookup[labels] = np.arange(len(labels))
    return lookup


def min_sum(left: np.ndarray, right: np.ndarray, workers: int | None = None, symmetric: bool = False) -> np.ndarray:
    """result[a, b] = sum_k min(left[a, k], right[b, k]), rows of `left` dealt out to threads.

    `right` is taken a block of rows at a time, small enough to stay in a core's cache while
    every row of `left` passes over it. With `symmetric` (left is right) only the blocks on and
    right of the diagonal are computed and the rest mirrored: min is commutative, so the
    mirrored sums are the very same numbers, for half the work. numpy releases the GIL inside
    minimum and sum, so threads use every core.
    """
    result = np.empty((left.shape[0], right.shape[0]))
    workers = max(1, min(workers or os.cpu_count() or 1, left.shape[0]))

    def rows(part: np.ndarray) -> None:
        scratch = np.empty((BLOCK_ROWS, right.shape[1]))
        for start in range(0, right.shape[0], BLOCK_ROWS):
            block = right[start:start + BLOCK_ROWS]
            out = scratch[:len(block)]
            for row in part[part < start + BLOCK_ROWS] if symmetric else part:
                np.minimum(block, left[row], out=out)
                out.sum(axis=1, out=result[row, start:start + len(block)])

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(rows, [np.arange(first, left.shape[0], workers) for first in range(workers)]))
    if symmetric:
        lower = np.tril_indices(left.shape[0], -1)
        result[lower] = result.T[lower]
    return result


def all_pairs(left: ShareMatrix, right: ShareMatrix, left_name: str, right_name: str, index_name: str) -> pd.DataFrame:
    """100 * the min-sum for every (left, right) pair of different countries, as a long table of country codes."""
    index = 100 * min_sum(left.shares, right.shares, symmetric=left is right)
    rows, columns = np.meshgrid(np.arange(len(left.countries)), np.arange(len(right.countries)), indexing="ij")
    a, b = rows.ravel(), columns.ravel()
    keep = left.countries[a] != right.countries[b]
    return pd.DataFrame({
        left_name: left.countries[a[keep]],
        right_name: right.countries[b[keep]],
        index_name: index.ravel()[keep],
    })


def year_shares(con: duckdb.DuckDBPyConnection, flows: str) -> dict[int, dict[str, ShareMatrix]]:
    """For each year of BACI-shaped `flows`, the share matrix of each side ("exporter", "importer"), from one scan.

    A year's rows stream from DuckDB in Arrow batches and are added to both sides' baskets as
    they come: cheaper than a grouped scan a side (the importer side of a file sorted by
    exporter groups slowly in a hash table), and never 9 M rows in numpy at once. Both sides of
    a year share one product order, so their rows can be compared column by column. Rows
    missing a code or a value are left out, as SQL's sum leaves out a missing value.
    """
    complete = "year is not null and exporter is not null and importer is not null and product is not null " \
               "and value_kusd is not null"
    shares = {}
    for year, lowest, last_exporter, last_importer, products in con.execute(
            f"select year, least(min(exporter), min(importer), min(product)), max(exporter), max(importer), "
            f"list(distinct product) from {flows} where {complete} group by year order by year").fetchall():
        if lowest < 0:
            raise ValueError(f"{flows} has a negative country or product code in {year}: codes index the baskets")
        products = np.sort(np.asarray(products))
        column_of = positions(products)
        baskets = {"exporter": Baskets(last_exporter, len(products)), "importer": Baskets(last_importer, len(products))}
        reader = con.sql(f"select exporter, importer, product, value_kusd from {flows} "
                         f"where {complete} and year = {int(year)}").to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            exporter, importer, product, value = (batch.column(index).to_numpy() for index in range(4))
            column = column_of[product]
            baskets["exporter"].add(exporter, column, value)
            baskets["importer"].add(importer, column, value)
        shares[int(year)] = {side: side_baskets.shares() for side, side_baskets in baskets.items()}
    return shares


def flow_pairs(con: duckdb.DuckDBPyConnection, flows: str, countries: str, left: tuple[str, str],
               right: tuple[str, str], index_name: str, shared: dict) -> pd.DataFrame:
    """The index for every pair of countries, year by year, straight from BACI-shaped flows.

    `flows` has (year, exporter, importer, product, value_kusd); `left` and `right` are (side,
    output column): ("importer", "importer_iso3") and ("exporter", "exporter_iso3") give
    complementarity, "exporter" twice gives export similarity. The share matrices are kept in
    `shared`, the dict the model runner hands every Python model of a build, so the models of
    one build compute them once. Countries travel as numeric codes and get their ISO3 code from
    `countries` only at the end: strings cost more than the kernel.
    """
    key = ("year_shares", flows)
    if key not in shared:
        shared[key] = year_shares(con, flows)
    names = dict(con.execute(f"select country_code, iso3 from {countries}").fetchall())
    frames = []
    for year, matrices in shared[key].items():
        pairs = all_pairs(matrices[left[0]], matrices[right[0]], left[1], right[1], index_name)
        for column in (left[1], right[1]):
            pairs[column] = pairs[column].map(names)
        frames.append(pairs.assign(year=year)[["year", left[1], right[1], index_name]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["year", left[1], right[1], index_name])
