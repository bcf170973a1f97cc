-- Claims with a computed value whose provenance is missing: no source, no snapshot, or a snapshot
-- that is not a sha256 (evidence_snapshot_sha256 holds one or more, comma-separated). A value with
-- no snapshot cannot be traced back to the bytes it was computed from.
with named as (
    select brief, claim_id, evidence_source, unnest(string_split(coalesce(evidence_snapshot_sha256, ''), ',')) as sha256
    from marts.claim_checks
    where computed_value is not null
)
select brief, claim_id, evidence_source, sha256
from named
where evidence_source is null or not regexp_full_match(sha256, '[0-9a-f]{64}')
