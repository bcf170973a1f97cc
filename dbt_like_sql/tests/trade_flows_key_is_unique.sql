-- One row per (year, reporter, partner, flow, classification, product, source, mirror).
select year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, source,
       is_mirror, count(*) as copies
from staging.trade_flows
group by all
having count(*) > 1
