-- Claims with a computed value whose provenance is missing: no source, no snapshot, or a snapshot
-- that is none of the raw tables' own (each sha256 of evidence_snapshot_sha256 must be one a raw
-- table was read from). A value with no snapshot cannot be traced back to its bytes.
with snapshots as (
    select distinct snapshot_sha256::varchar as sha256
    from (
        select snapshot_sha256 from raw.atlas_trade
        union all select snapshot_sha256 from raw.brief_lines
        union all select snapshot_sha256 from raw.energy_review
        union all select snapshot_sha256 from raw.faostat_fbs_classes
        union all select snapshot_sha256 from raw.faostat_food_balances
        union all select snapshot_sha256 from raw.fao_fish_supply
        union all select snapshot_sha256 from raw.hs_nomenclature
        union all select snapshot_sha256 from raw.hs_sections
        union all select snapshot_sha256 from raw.atlas_products
        union all select snapshot_sha256 from raw.worldbank_indicators
        union all select snapshot_sha256 from raw.imf_unemployment
        union all select snapshot_sha256 from raw.ilo_unemployment
        union all select snapshot_sha256 from raw.published_figures
        union all select snapshot_sha256 from raw.iea_balances
    )
),
named as (
    select claim_id, evidence_source, unnest(string_split(coalesce(evidence_snapshot_sha256, ''), ',')) as sha256
    from marts.claim_checks
    where computed_value is not null
)
select claim_id, evidence_source, nullif(sha256, '') as unknown_snapshot
from named
where evidence_source is null or sha256 not in (select sha256 from snapshots)
