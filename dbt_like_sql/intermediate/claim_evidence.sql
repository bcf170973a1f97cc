-- One row per (claim, evidence period, candidate): every piece of evidence the warehouse holds for
-- a claim, from the evidence model of its metric's family (seeds.claim_metrics names the family of
-- each metric). marts.claim_checks chooses among them by one rule. Serves marts.claim_checks.
select 'shares' as family,  -- the evidence model family that made the row (seeds.claim_metrics)
       * from intermediate.claim_evidence_shares
union all by name select 'ranks' as family, * from intermediate.claim_evidence_ranks
union all by name select 'published' as family, * from intermediate.claim_evidence_published
union all by name select 'internal' as family, * from intermediate.claim_evidence_internal
union all by name select 'hs_titles' as family, * from intermediate.claim_evidence_hs_titles
union all by name select 'food' as family, * from intermediate.claim_evidence_food
union all by name select 'labour' as family, * from intermediate.claim_evidence_labour
union all by name select 'macro' as family, * from intermediate.claim_evidence_macro
union all by name select 'energy' as family, * from intermediate.claim_evidence_energy
union all by name select 'projections' as family, * from intermediate.claim_evidence_projections
union all by name select 'trade' as family, * from intermediate.claim_evidence_trade
