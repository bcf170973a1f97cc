-- One row per (year, reporter, partner, flow, classification, product, source, mirror). Keys are
-- grouped by their hash first, and only the rows that share a hash by their values: two million
-- rows grouped on one number, not on nine columns.
with keyed as (
    select *,
           hash(year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, source,
                is_mirror) as key_hash
    from staging.trade_flows
),
shared_hashes as (
    select key_hash
    from keyed
    group by key_hash
    having count(*) > 1
)
select year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, source,
       is_mirror, count(*) as copies
from keyed
semi join shared_hashes using (key_hash)
group by all
having count(*) > 1
