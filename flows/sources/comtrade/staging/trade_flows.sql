-- Comtrade's flows in the trade_flows shape: the reporter's own (mirrored false) and, for a country partner, the
-- same flow seen from the partner's side (mirrored true). Its totals of every reporter and partner
-- (raw.comtrade_totals) enter at product level 'total' the same way.
with comtrade as (
    select year, reporter_iso3, partner_iso3, flow, value_usd, net_weight_kg,
           case classification
               when 'H0' then 'HS92' when 'H1' then 'HS96' when 'H2' then 'HS02' when 'H3' then 'HS07'
               when 'H4' then 'HS12' when 'H5' then 'HS17' when 'H6' then 'HS22' else classification
           end as classification,
           case aggr_level when 0 then 'total' else 'hs' || aggr_level end as product_level,
           cmd_code as product_code
    from raw.comtrade_records
    where flow in ('X', 'M') and partner2_code = 0 and customs_code = 'C00' and mot_code = 0
    union all
    select year, reporter_iso3, partner_iso3, flow, value_usd, null, 'HS', 'total', 'TOTAL'
    from raw.comtrade_totals
    where reporter_iso3 is not null and partner_iso3 is not null
)
select year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, value_usd,
       net_weight_kg as quantity, 'comtrade' as source, false as mirrored
from comtrade
union all
select year, partner_iso3, reporter_iso3, case flow when 'X' then 'M' else 'X' end, classification,
       product_level, product_code, value_usd, net_weight_kg, 'comtrade', true
from comtrade
where partner_iso3 <> 'WLD'
