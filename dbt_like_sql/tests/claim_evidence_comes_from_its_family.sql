-- Evidence rows made by another family's model than seeds.claim_metrics names for the claim's
-- metric: the list of metrics is kept in one place, and each family model computes only its own.
select evidence.brief, evidence.claim_id, claims.metric, metrics.family as listed_family, evidence.family as made_by
from intermediate.claim_evidence as evidence
join seeds.claims as claims using (brief, claim_id)
join seeds.claim_metrics as metrics using (metric)
where metrics.family <> evidence.family
