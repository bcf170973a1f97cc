-- Claims of the ledger with no verdict or with more than one: marts.claim_checks is exactly one
-- row per ledger row, however many periods or sources hold evidence.
select claims.brief, claims.claim_id, count(checks.claim_id) as verdicts
from seeds.claims as claims
left join marts.claim_checks as checks using (brief, claim_id)
group by claims.brief, claims.claim_id
having count(checks.claim_id) <> 1
union all
select checks.brief, checks.claim_id, 0
from marts.claim_checks as checks
anti join seeds.claims as claims using (brief, claim_id)
