-- Every scenario has its workers, a wage in USD (so a rate was found) and the exports to compare with.
select scenario, workers, wage_usd, prk_exports_usd
from marts.remittance_scenarios
where workers is null or wage_usd is null or prk_exports_usd is null
