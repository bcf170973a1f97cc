-- Numbers in the brief's text that are neither in the claims ledger (inside a claim's quote) nor
-- excluded with a reason (seeds.claim_exclusions): every number the brief states is accounted for.
select line, start, expression, kind
from marts.brief_coverage
where coverage = 'uncovered'
