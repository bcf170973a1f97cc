"""Hand-kept seed tables in dbt_like_sql/seeds/: each CSV has a model here and is refused without one."""

import pandera.pandas as pa
from pandera.typing import Series

ISO3 = r"^[A-Z]{3}$"


class SimilarityMarket(pa.DataFrameModel):
    """seeds.similarity_markets: the single markets in which export similarity is computed, besides the world."""

    iso3: Series[str] = pa.Field(str_matches=ISO3, unique=True)
    reason: Series[str] = pa.Field(str_length={"min_value": 1})


class MirrorReporter(pa.DataFrameModel):
    """seeds.mirror_reporters: countries that report no trade, whose every figure is mirrored from partners."""

    iso3: Series[str] = pa.Field(str_matches=ISO3, unique=True)
    reason: Series[str] = pa.Field(str_length={"min_value": 1})


SEED_SCHEMAS = {"similarity_markets": SimilarityMarket, "mirror_reporters": MirrorReporter}
