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


HEDGES = ["about", "some", "roughly", "around", "nearly", "almost", "over", "more than", "in excess of"]
METRICS = ["export_share", "export_rank", "hs_title", "buyer_share", "published", "published_ratio", "published_rank",
           "internal_ratio", "internal_product", "food_supply_ratio", "food_export_rank", "wage_usd", "years_between",
           "none"]


class Claim(pa.DataFrameModel):
    """seeds.claims: one row per number the brief states, with the metric that checks it and how to compare."""

    claim_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float] = pa.Field(nullable=True, coerce=True)
    value_low: Series[float] = pa.Field(nullable=True, coerce=True)
    value_high: Series[float] = pa.Field(nullable=True, coerce=True)
    unit: Series[str]
    period: Series[str]
    evidence_period: Series[str]
    geography: Series[str] = pa.Field(str_matches=ISO3)
    hedge: Series[str] = pa.Field(isin=HEDGES, nullable=True)
    footnote: Series[str] = pa.Field(nullable=True)
    metric: Series[str] = pa.Field(isin=METRICS)
    metric_args: Series[str] = pa.Field(nullable=True)
    goods_description: Series[str] = pa.Field(nullable=True)
    tolerance_abs: Series[float] = pa.Field(ge=0, nullable=True, coerce=True)
    tolerance_rel: Series[float] = pa.Field(ge=0, le=1, nullable=True, coerce=True)
    delta_unit: Series[str]
    unverifiable_reason: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="value_or_range: a claim states a value, or a low and a high")
    def value_or_range(cls, frame):
        return frame["value"].notna() | (frame["value_low"].notna() & frame["value_high"].notna())

    @pa.dataframe_check(error="checkable: a claim names a metric and its arguments, or says why none can check it")
    def checkable(cls, frame):
        unchecked = frame["metric"].eq("none")
        return (unchecked & frame["unverifiable_reason"].notna()) | (~unchecked & frame["metric_args"].notna())


class ReconciliationBand(pa.DataFrameModel):
    """seeds.reconciliation_bands: for each pair of sources giving one figure, the relative gap (b - a) / a to expect."""

    pair_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    figure: Series[str]
    gap_low: Series[float] = pa.Field(ge=-1, le=0, coerce=True)
    gap_high: Series[float] = pa.Field(ge=0, le=1, coerce=True)
    reason: Series[str] = pa.Field(str_length={"min_value": 1})


class DriftRule(pa.DataFrameModel):
    """seeds.drift_rules: how far a headline indicator may move between runs before an alert fires.

    The first pattern (SQL LIKE, in file order) that matches an indicator applies.
    """

    indicator_pattern: Series[str] = pa.Field(unique=True)
    threshold_abs: Series[float] = pa.Field(ge=0, nullable=True, coerce=True)
    threshold_rel: Series[float] = pa.Field(ge=0, nullable=True, coerce=True)
    reason: Series[str]

    @pa.dataframe_check(error="one_threshold: a rule sets an absolute or a relative threshold")
    def one_threshold(cls, frame):
        return frame["threshold_abs"].notna() | frame["threshold_rel"].notna()


class SourceFreshness(pa.DataFrameModel):
    """seeds.source_freshness: how old a source's last confirmed data may be before it counts as stale."""

    source: Series[str] = pa.Field(unique=True)
    max_age_days: Series[int] = pa.Field(gt=0, coerce=True)
    reason: Series[str]


class RevisionCheck(pa.DataFrameModel):
    """seeds.revision_checks: where each source's figures land, keyed, so a new snapshot's revisions can be found."""

    source: Series[str]
    model: Series[str] = pa.Field(str_matches=r"^staging\.[a-z_]+$")
    keys: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+(\|[a-z0-9_]+)*$")
    value_column: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    period_column: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    source_filter: Series[str]

    class Config:
        unique = ["source", "model", "source_filter"]


CURRENCIES = ["USD", "RUB"]


class RemittanceAssumption(pa.DataFrameModel):
    """seeds.remittance_assumptions: one named scenario of North Korean labour export to Russia.

    Workers and the wage are numbers, or the id of a published figure to take them from; a
    wage in roubles is converted with the official rate of its year (or the latest before it).
    """

    scenario: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    workers: Series[float] = pa.Field(ge=0, nullable=True, coerce=True)
    workers_figure_id: Series[str] = pa.Field(nullable=True)
    wage: Series[float] = pa.Field(ge=0, nullable=True, coerce=True)
    wage_figure_id: Series[str] = pa.Field(nullable=True)
    wage_per: Series[str] = pa.Field(isin=["year", "month"])
    currency: Series[str] = pa.Field(isin=CURRENCIES)
    wage_year: Series[int] = pa.Field(ge=1990, le=2100, coerce=True)
    share_taken: Series[float] = pa.Field(ge=0, le=1, coerce=True)
    exports_year: Series[int] = pa.Field(ge=1990, le=2100, coerce=True)
    sources: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check(error="workers_given: workers is a number or a published figure's id")
    def workers_given(cls, frame):
        return frame["workers"].notna() | frame["workers_figure_id"].notna()

    @pa.dataframe_check(error="wage_given: wage is a number or a published figure's id")
    def wage_given(cls, frame):
        return frame["wage"].notna() | frame["wage_figure_id"].notna()


SEED_SCHEMAS = {"similarity_markets": SimilarityMarket, "mirror_reporters": MirrorReporter, "claims": Claim,
                "reconciliation_bands": ReconciliationBand, "drift_rules": DriftRule, "source_freshness": SourceFreshness,
                "revision_checks": RevisionCheck, "remittance_assumptions": RemittanceAssumption}
