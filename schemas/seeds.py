"""Hand-kept seed tables: dbt_like_sql/seeds/*.csv and each brief folder's ledger; each has a model here and a CSV
without one is refused."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.brief import NUMBER_KINDS, SLUG, brief_field
from schemas.common import ISO3


def boolean_words(series):
    """A seed's CSV says true or false; anything else becomes missing, which the bool type refuses."""
    return series.map({"true": True, "false": False})


BRIEF_FACTS = ["brief", "focus_iso3", "partner_iso3", "comparator_iso3", "year"]


class BriefFact(pa.DataFrameModel):
    """seeds.brief_facts: the facts of the brief whose argument the analyst marts weigh (its slug, its country, the
    partner it weighs, the comparator, its year), which the summary, the report and the commands read, so that their
    code reads the same for another brief."""

    fact: Series[str] = pa.Field(
        description="which fact: brief, focus_iso3, partner_iso3, comparator_iso3 or year", isin=BRIEF_FACTS, unique=True)
    value: Series[str] = pa.Field(description="the fact's value: a brief's slug, an ISO3 code or a year",
                                  str_length={"min_value": 1})
    reason: Series[str] = pa.Field(description="why the brief's text gives it", str_length={"min_value": 1})

    @pa.dataframe_check(error="every fact: brief_facts names each of " + ", ".join(BRIEF_FACTS))
    def every_fact(cls, frame):
        return set(frame["fact"]) == set(BRIEF_FACTS)

    @pa.dataframe_check(error="slug, codes and year: the brief a slug, the countries ISO3 codes and the year a year")
    def well_formed(cls, frame):
        year, brief = frame["fact"].eq("year"), frame["fact"].eq("brief")
        return ((year & frame["value"].str.fullmatch(r"(19|20)[0-9]{2}")) | (brief & frame["value"].str.fullmatch(SLUG))
                | (~year & ~brief & frame["value"].str.fullmatch(ISO3)))


class SimilarityMarket(pa.DataFrameModel):
    """seeds.similarity_markets: the single markets in which export similarity is computed, besides the world."""

    iso3: Series[str] = pa.Field(description="ISO3 code of the market", str_matches=ISO3, unique=True)
    reason: Series[str] = pa.Field(description="why export similarity is computed in it", str_length={"min_value": 1})


class MirrorReporter(pa.DataFrameModel):
    """seeds.mirror_reporters: countries that report no trade, whose every figure is mirrored from partners."""

    iso3: Series[str] = pa.Field(
        description="ISO3 code of the country that reports no trade", str_matches=ISO3, unique=True)
    reason: Series[str] = pa.Field(description="why its figures are mirrored", str_length={"min_value": 1})


class RankExclusion(pa.DataFrameModel):
    """seeds.rank_exclusions: codes that are no economy (Antarctica, undeclared partners, uninhabited islands), left out of
    the complementarity ranks, each with why."""

    iso3: Series[str] = pa.Field(description="the code left out of the ranks", str_matches=ISO3, unique=True)
    name: Series[str] = pa.Field(description="what the code stands for", str_length={"min_value": 1})
    reason: Series[str] = pa.Field(description="why it is no economy to rank", str_length={"min_value": 1})


class LargeImporters(pa.DataFrameModel):
    """seeds.large_importers: the goods imports a year that make an importer large, for the rank among large importers."""

    min_imports_usd: Series[float] = pa.Field(
        description="goods imports a year, USD, from which an importer counts as large", gt=0, finite=True, coerce=True)
    reason: Series[str] = pa.Field(description="why that threshold", str_length={"min_value": 1})

    @pa.dataframe_check(error="one_threshold: large_importers holds exactly one row")
    def one_threshold(cls, frame):
        return len(frame) == 1


class ProductTreatment(pa.DataFrameModel):
    """seeds.product_treatment: products whose place in the shares is a choice (HS 99, commodities not specified):
    whether each counts in every share and index, and why."""

    product_level: Series[str] = pa.Field(description="hs2, hs4 or hs6", isin=["hs2", "hs4", "hs6"])
    product_code: Series[str] = pa.Field(description="the product's code", str_matches=r"^[0-9]{2,6}$")
    counted: Series[bool] = pa.Field(description="whether it counts in every share and index")
    reason: Series[str] = pa.Field(description="why", str_length={"min_value": 1})

    class Config:
        unique = ["product_level", "product_code"]

    @pa.parser("counted")
    def counted_words(cls, series):
        return boolean_words(series)


# The words that change how a claim is compared; the rule for each is the table in docs/verdict-rules.md.
VALUE_HEDGES = ["about", "some", "roughly", "around", "nearly", "almost", "over", "more than", "in excess of", "under",
                "less than"]
PERIOD_HEDGES = ["throughout", "since", "record low", "steadily declining"]
MATCH_LEVELS = ["same", "proxy", "different_base"]


class ClaimMetric(pa.DataFrameModel):
    """seeds.claim_metrics: every metric a claim may name, the evidence model family that computes it, and its rules."""

    metric: Series[str] = pa.Field(
        description="the metric's name, as claims name it", str_matches=r"^[a-z0-9_]+$", unique=True)
    family: Series[str] = pa.Field(
        description="the evidence model family that computes it: the model whose header declares `family: <family>` "
                    "(none: no data can check it); the build refuses a deciding metric whose family no model declares",
        str_matches=r"^[a-z_]+$")
    decides: Series[bool] = pa.Field(
        description="whether its evidence can decide a claim (false: it is shown, the verdict stays unverifiable)")
    stand_in_years: Series[int] = pa.Field(
        description="how many years away a figure may stand in for the claim's period", ge=0, le=5, coerce=True)
    stand_in_reason: Series[str] = pa.Field(description="why a nearby year may stand in", nullable=True)
    args: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z ]+:[a-z0-9]+[?.]*(\|[a-z ]+:[a-z0-9]+[?.]*)*$",
                                 description=("its arguments, name:kind joined by '|' (kinds: country, year, hs2, figure, "
                                              "claim, claims, text; '?' optional, '...' repeating)"))
    dimension: Series[str] = pa.Field(nullable=True, description=(
        "the dimension of what it gives (seeds.units); a claim's unit must measure it; empty: any"))
    description: Series[str] = pa.Field(
        description="what the metric computes and its arguments", str_length={"min_value": 1})

    @pa.parser("decides")
    def decides_words(cls, series):
        return boolean_words(series)

    @pa.dataframe_check(error="stand_in_reason: a metric that lets a nearby year stand in says why")
    def stand_in_explained(cls, frame):
        return frame["stand_in_years"].eq(0) | frame["stand_in_reason"].notna()


class Unit(pa.DataFrameModel):
    """seeds.units: the controlled list of units a claim or its evidence may be in, with how to convert within a dimension."""

    unit: Series[str] = pa.Field(
        description="the unit's name, as claims and evidence write it", str_length={"min_value": 1}, unique=True)
    dimension: Series[str] = pa.Field(
        description="what it measures (share, mass, money, rank, ...): only units of one dimension compare",
        str_length={"min_value": 1})
    factor: Series[float] = pa.Field(
        description="its size in the dimension's base unit, for conversions", gt=0, finite=True, coerce=True)
    description: Series[str] = pa.Field(description="the unit in words", str_length={"min_value": 1})


class CheckableStatement(pa.DataFrameModel):
    """seeds.checkable_statements: statements of a brief with no number that data could check (a comparison with a
    reference, a partner's dominance, an absence, a trend), each accounted for by a claim whose quote overlaps it in
    the ledger, or excluded with a reason. `tradebrief claims coverage` lists them beside the numbers. From each brief
    folder's checkable_statements.csv."""

    brief: Series[str] = brief_field()
    quote: Series[str] = pa.Field(str_length={"min_value": 1},
                                  description="the statement, verbatim as the brief words it")
    excluded_because: Series[str] = pa.Field(nullable=True, description="why no claim checks it, where none does")

    class Config:
        unique = ["brief", "quote"]


class ClaimExclusion(pa.DataFrameModel):
    """seeds.claim_exclusions: numbers in a brief that are not claims (dates of events, footnote numbers), and why.

    A row names a verbatim quote of the brief (every number inside each place it stands is
    excluded) or a kind of number (every number of that kind is). From each brief folder's exclusions.csv.
    """

    brief: Series[str] = brief_field()
    quote: Series[str] = pa.Field(
        description="a verbatim quote of the brief whose numbers are not claims", nullable=True)
    kind: Series[str] = pa.Field(
        description="a kind of number that is never a claim (footnote, year, ...)", isin=NUMBER_KINDS, nullable=True)
    reason: Series[str] = pa.Field(description="why they are not claims", str_length={"min_value": 1})

    @pa.dataframe_check(error="quote_or_kind: an exclusion names a quote or a kind of number, not both")
    def quote_or_kind(cls, frame):
        return frame["quote"].notna() ^ frame["kind"].notna()


class ShareBaseFigure(pa.DataFrameModel):
    """seeds.share_base_figures: published figures that can serve as another base for an export share.

    A `total` is a whole country's exports (to the world or to one market); a `part` is the exports
    of the chapters it names, joined by '+'. The claim checks try each against the brief's shares.
    """

    figure_id: Series[str] = pa.Field(
        description="the published figure's id (staging.published_figures)", str_matches=r"^[a-z0-9_]+$", unique=True)
    iso3: Series[str] = pa.Field(description="the exporter", str_matches=ISO3)
    period: Series[str] = pa.Field(description="the year", str_matches=r"^\d{4}$")
    role: Series[str] = pa.Field(description="total (a whole) or part (some chapters)", isin=["total", "part"])
    product_codes: Series[str] = pa.Field(
        description="a part's chapters, joined by '+'", str_matches=r"^\d{2}(\+\d{2})*$", nullable=True)
    market_iso3: Series[str] = pa.Field(description="the market (WLD: the world)", str_matches=ISO3)
    label: Series[str] = pa.Field(description="the base in words", str_length={"min_value": 1})

    @pa.dataframe_check(error="part_names_chapters: a part names its chapters, a total names none")
    def part_names_chapters(cls, frame):
        return frame["role"].eq("part") == frame["product_codes"].notna()


class Claim(pa.DataFrameModel):
    """seeds.claims: one row per number a brief states, with the metric that checks it and how to compare.

    From each brief folder's claims.csv; a claim is keyed by its brief and its id. `metric` must be one of
    seeds.claim_metrics and `unit` one of seeds.units (REFERENCES).
    """

    brief: Series[str] = brief_field()
    claim_id: Series[str] = pa.Field(description="the claim's id, unique within its brief", str_matches=r"^[a-z0-9_]+$")
    sentence: Series[str] = pa.Field(description="the brief's sentence that states it", str_length={"min_value": 1})
    quote: Series[str] = pa.Field(description=(
        "the words that hold the number, verbatim: in the brief's text, or in the claim's own sentence where the brief "
        "is a plain list of claims"), str_length={"min_value": 1})
    source: Series[str] = pa.Field(nullable=True, description=(
        "where the claim comes from, for a brief that is a plain list of claims (a report, a page, a date); empty "
        "where the brief's text is its source"))
    value: Series[float] = pa.Field(description="the number the brief states", nullable=True, finite=True, coerce=True)
    value_low: Series[float] = pa.Field(description="a range's low end", nullable=True, finite=True, coerce=True)
    value_high: Series[float] = pa.Field(description="a range's high end", nullable=True, finite=True, coerce=True)
    unit: Series[str] = pa.Field(description="the unit of the number (seeds.units)")
    period: Series[str] = pa.Field(description="the period the brief's words name")
    evidence_period: Series[str] = pa.Field(description="the period the evidence must be for")
    geography: Series[str] = pa.Field(description="ISO3 code of the country it is about", str_matches=ISO3)
    hedge: Series[str] = pa.Field(
        description="a word that changes how it is compared (about, over, throughout, ...)",
        isin=VALUE_HEDGES + PERIOD_HEDGES, nullable=True)
    footnote: Series[str] = pa.Field(description="the brief's footnote for it", nullable=True)
    metric: Series[str] = pa.Field(description="the metric that checks it (seeds.claim_metrics)")
    metric_args: Series[str] = pa.Field(description="the metric's arguments, joined by '|'", nullable=True)
    goods_description: Series[str] = pa.Field(
        description="for a code-title claim, the goods the brief describes beside the code", nullable=True)
    tolerance_abs: Series[float] = pa.Field(
        description="an absolute tolerance, in the claim's unit, where the words imply one",
        ge=0, nullable=True, finite=True, coerce=True)
    tolerance_rel: Series[float] = pa.Field(
        description="a relative tolerance (0-1), where the words imply one", ge=0, le=1, nullable=True, coerce=True)
    delta_unit: Series[str] = pa.Field(description="the unit of computed - published (pp for shares)")
    match: Series[str] = pa.Field(
        description="same, proxy or different_base: how the evidence's quantity stands to the claim's",
        isin=MATCH_LEVELS)
    match_margin_low: Series[float] = pa.Field(
        description="for a proxy, how far below the evidence the claim's quantity may lie",
        ge=0, nullable=True, finite=True, coerce=True)
    match_margin_high: Series[float] = pa.Field(
        description="for a proxy, how far above", ge=0, nullable=True, finite=True, coerce=True)
    match_reason: Series[str] = pa.Field(description="why the evidence is a proxy or a different base", nullable=True)
    unverifiable_reason: Series[str] = pa.Field(description="for a claim no data can check, why", nullable=True)
    direct_args: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z0-9_]+\|[a-z0-9_]+\|[0-9.]+\|[0-9.]+$",
                                        description=(
        "for a proxy: a published figure that counts the claim's own quantity, over the same denominator, and the "
        "share of that quantity it covers (numerator|denominator|coverage low|coverage high); used before the proxy"))

    class Config:
        unique = ["brief", "claim_id"]

    @pa.dataframe_check(error="value_or_range: a claim states a value, or a low and a high with low <= high (a statement "
                              "with no number, which no data can check, states none)")
    def value_or_range(cls, frame):
        return frame["value"].notna() | (frame["value_low"].notna() & frame["value_high"].notna()
                                         & (frame["value_low"] <= frame["value_high"])) | (
            frame["metric"].eq("none") & frame["value"].isna() & frame["value_low"].isna() & frame["value_high"].isna())

    @pa.dataframe_check(error="checkable: a claim names a metric and its arguments, or says why none can check it")
    def checkable(cls, frame):
        unchecked = frame["metric"].eq("none")
        return (unchecked & frame["unverifiable_reason"].notna()) | (~unchecked & frame["metric_args"].notna())

    @pa.dataframe_check(error="match_explained: a proxy or different-base comparison states its margins and why")
    def match_explained(cls, frame):
        return frame["match"].eq("same") | (frame["match_reason"].notna() & frame["match_margin_low"].notna()
                                            & frame["match_margin_high"].notna())


class ReconciliationBand(pa.DataFrameModel):
    """seeds.reconciliation_bands: for each pair of sources giving one figure, the relative gap (b - a) / a to expect."""

    pair_id: Series[str] = pa.Field(description="the pair's id", str_matches=r"^[a-z0-9_]+$", unique=True)
    figure: Series[str] = pa.Field(description="the figure both sources give")
    gap_low: Series[float] = pa.Field(
        description="the lowest relative gap (b - a) / a expected", ge=-1, le=0, coerce=True)
    gap_high: Series[float] = pa.Field(description="the highest expected", ge=0, le=1, coerce=True)
    reason: Series[str] = pa.Field(description="why those bounds", str_length={"min_value": 1})


class DriftRule(pa.DataFrameModel):
    """seeds.drift_rules: how far a headline indicator may move between runs before an alert fires.

    The first pattern (SQL LIKE, in file order) that matches an indicator applies.
    """

    indicator_pattern: Series[str] = pa.Field(description="the indicators it applies to (SQL LIKE)", unique=True)
    threshold_abs: Series[float] = pa.Field(
        description="the absolute move that alerts", ge=0, nullable=True, finite=True, coerce=True)
    threshold_rel: Series[float] = pa.Field(
        description="the relative move that alerts", ge=0, nullable=True, finite=True, coerce=True)
    reason: Series[str] = pa.Field(description="why those thresholds")

    @pa.dataframe_check(error="one_threshold: a rule sets an absolute or a relative threshold")
    def one_threshold(cls, frame):
        return frame["threshold_abs"].notna() | frame["threshold_rel"].notna()


class SourceFreshness(pa.DataFrameModel):
    """seeds.source_freshness: how old a source's data may be before it counts as outdated.

    Made from each source module's FRESHNESS (flows/registry.py), not from a CSV.
    """

    source: Series[str] = pa.Field(unique=True, description="the tradebrief source")
    max_age_days: Series[int] = pa.Field(gt=0, coerce=True, description=(
        "for a source whose data has no period: how many days old its recording may be"))
    max_lag_years: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True, coerce=True, description=(
        "how many years its latest period may lag behind the current year; null where the data has no period"))
    reason: Series[str] = pa.Field(description="why those limits: how often the source publishes")
    fetched_live: Series[bool] = pa.Field(
        description="whether a refresh with --fetch fetches it (else it is recorded by hand)")


class RevisionCheck(pa.DataFrameModel):
    """seeds.revision_checks: where each source's figures land, keyed, so a new snapshot's revisions can be found.

    Made from each source module's REVISIONS (flows/registry.py), not from a CSV.
    """

    source: Series[str] = pa.Field(description="the tradebrief source")
    model: Series[str] = pa.Field(
        description="the staging model its figures land in", str_matches=r"^staging\.[a-z_]+$")
    keys: Series[str] = pa.Field(
        description="the columns that key one figure, joined by '|'", str_matches=r"^[a-z0-9_]+(\|[a-z0-9_]+)*$")
    value_column: Series[str] = pa.Field(description="the figure's column", str_matches=r"^[a-z0-9_]+$")
    period_column: Series[str] = pa.Field(description="the period's column", str_matches=r"^[a-z0-9_]+$")
    series: Series[str] = pa.Field(
        description="the model's `source` value of the source's rows", nullable=True, str_matches=r"^[a-z0-9_]+$")
    source_filter: Series[str] = pa.Field(description="the SQL condition that picks those rows")

    class Config:
        unique = ["source", "model", "source_filter"]


CURRENCIES = ["USD", "RUB"]


class RemittanceAssumption(pa.DataFrameModel):
    """seeds.remittance_assumptions: one named scenario of North Korean labour export to Russia.

    Workers and the wage are numbers, or the id of a published figure to take them from; a
    wage in roubles is converted with the official rate of its year (or the latest before it).
    """

    scenario: Series[str] = pa.Field(
        description="the scenario's name (brief_*: the brief's own)", str_matches=r"^[a-z0-9_]+$", unique=True)
    workers: Series[float] = pa.Field(description="workers abroad (at most 10 million: North Korea has 26 million "
                                                   "people)", ge=0, le=10_000_000, nullable=True, finite=True, coerce=True)
    workers_figure_id: Series[str] = pa.Field(description="or the published figure to take them from", nullable=True)
    wage: Series[float] = pa.Field(description="the wage (at most a billion, in any currency and period)", ge=0,
                                   le=1_000_000_000, nullable=True, finite=True, coerce=True)
    wage_figure_id: Series[str] = pa.Field(description="or the published figure to take it from", nullable=True)
    wage_per: Series[str] = pa.Field(description="year or month", isin=["year", "month"])
    currency: Series[str] = pa.Field(description="USD or RUB", isin=CURRENCIES)
    wage_year: Series[int] = pa.Field(
        description="the wage's year, for the exchange rate", ge=1990, le=2100, coerce=True)
    share_taken: Series[float] = pa.Field(
        description="the share of the wage the state takes, 0-1", ge=0, le=1, coerce=True)
    exports_year: Series[int] = pa.Field(
        description="the year of North Korea's exports it is set beside", ge=1990, le=2100, coerce=True)
    sources: Series[str] = pa.Field(description="where the assumptions come from", str_length={"min_value": 1})

    @pa.dataframe_check(error="workers_given: workers is a number or a published figure's id")
    def workers_given(cls, frame):
        return frame["workers"].notna() | frame["workers_figure_id"].notna()

    @pa.dataframe_check(error="wage_given: wage is a number or a published figure's id")
    def wage_given(cls, frame):
        return frame["wage"].notna() | frame["wage_figure_id"].notna()


SEED_SCHEMAS = {"claim_metrics": ClaimMetric, "units": Unit,
                "similarity_markets": SimilarityMarket, "mirror_reporters": MirrorReporter,
                "reconciliation_bands": ReconciliationBand, "drift_rules": DriftRule,
                "remittance_assumptions": RemittanceAssumption, "share_base_figures": ShareBaseFigure,
                "rank_exclusions": RankExclusion, "large_importers": LargeImporters,
                "product_treatment": ProductTreatment, "brief_facts": BriefFact}
# The seeds each brief folder holds (briefs/<slug>/<file>), with the brief's slug added to every row.
LEDGER_SCHEMAS = {"claims": Claim, "claim_exclusions": ClaimExclusion, "checkable_statements": CheckableStatement}
# Tables in seeds made from what the source modules declare (flows/registry.py), validated like the CSV seeds.
DECLARED_SCHEMAS = {"source_freshness": SourceFreshness, "revision_checks": RevisionCheck}

# Columns whose values must be keys of another seed: (seed, column) -> (seed, key column).
REFERENCES = {("claims", "metric"): ("claim_metrics", "metric"), ("claims", "unit"): ("units", "unit")}
