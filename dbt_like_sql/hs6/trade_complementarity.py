"""One row per (year, importer, exporter) of a BACI year: Michaely's trade complementarity at HS6,
100 * sum_k min(m_ik, x_jk), 0 (nothing in common) to 100 (the exporter sells exactly what the
importer buys). The HS6 counterpart of marts.trade_complementarity, computed by the vectorized
kernel in warehouse/kernels.py, which tests hold to that SQL model's results."""

from warehouse.kernels import flow_pairs

READS = ("baci.flows", "baci.countries")


def model(con, shared):
    return flow_pairs(con, "baci.flows", "baci.countries", ("importer", "importer_iso3"), ("exporter", "exporter_iso3"), "tci", shared)
