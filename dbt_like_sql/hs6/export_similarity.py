"""One row per (year, exporter a, exporter b) of a BACI year: Finger-Kreinin export similarity at
HS6 in the world market, 100 * sum_k min(x_ak, x_bk), 0 (nothing in common) to 100 (identical
baskets); both orders of each pair are kept. The HS6 counterpart of marts.export_similarity
with market 'WLD', computed by the kernel in warehouse/kernels.py."""

from warehouse.kernels import flow_pairs

READS = ("baci.flows", "baci.countries")


def model(con, shared):
    return flow_pairs(con, "baci.flows", "baci.countries", ("exporter", "exporter_a_iso3"), ("exporter", "exporter_b_iso3"), "esi", shared)
