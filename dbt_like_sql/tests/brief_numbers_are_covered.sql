-- Numbers in a brief's text that are neither in its claims ledger (inside a claim's quote) nor
-- excluded with a reason (its exclusions.csv): every number a brief states is accounted for.
select brief, line, start, expression, kind
from marts.brief_coverage
where coverage = 'uncovered'
