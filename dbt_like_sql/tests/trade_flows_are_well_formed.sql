-- Every trade flow has a known direction, a positive value and ISO3 codes on both sides.
select *
from staging.trade_flows
where flow not in ('X', 'M')
   or value_usd is null
   or value_usd <= 0
   or not regexp_full_match(reporter_iso3, '[A-Z]{3}')
   or not regexp_full_match(partner_iso3, '[A-Z]{3}')
