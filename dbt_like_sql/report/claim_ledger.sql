-- One row per claim of every brief, as the report's ledger shows it: the verdict with the claim's sentence and a
-- link to the source its evidence came from (the published figure's own page, else the source's landing page).
with figures as (
    select figure_id, any_value(url) as url from staging.published_figures group by figure_id
),
landing_pages as (
    select source, any_value(landing_url order by recorded_at desc) as landing_url
    from meta.snapshots
    where run_id = (select run_id from report.latest_run)
    group by source
)
select
    checks.brief,  -- the claim's brief
    checks.claim_id,  -- the claim
    claims.sentence,  -- the brief's sentence
    claims.footnote,  -- its footnote
    claims.source,  -- what the brief cites
    checks.verdict,  -- the verdict
    checks.published_value,  -- what the brief says
    checks.computed_value,  -- what the data give
    checks.unit,  -- their unit
    checks.delta,  -- computed minus published
    checks.delta_unit,  -- the delta's unit
    checks.evidence_source,  -- the sources of the evidence
    checks.evidence_table,  -- the table it was read from
    checks.evidence_match,  -- how the evidence matches the claim
    checks.evidence_snapshot_sha256 as snapshot_sha256,  -- the snapshots read
    checks.note,  -- the evidence in words
    coalesce(figures.url, landing_pages.landing_url) as source_url  -- where a reader checks it
from marts.claim_checks as checks
join seeds.claims using (brief, claim_id)
left join figures on figures.figure_id = split_part(claims.metric_args, '|', 1) and checks.evidence_source = 'published'
left join landing_pages on landing_pages.source = split_part(checks.evidence_source, ',', 1)
