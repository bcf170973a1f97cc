-- One row per (year, reporter, partner, flow, classification, product, source, mirror): a goods
-- flow in current USD, in the one shape every trade source becomes. Serves every indicator in marts.
-- Atlas and OEC (BACI) are reconciled both ways, so each row gives an export (X) and an import
-- (M) row; an OEC row that sums several years is no one year's flow and stays in raw.oec_trade.
-- Comtrade rows are the reporter's own (is_mirror false) and, for a country partner, the same
-- flow seen from the partner's side (is_mirror true). A reporter in seeds.mirror_reporters
-- (North Korea) reports nothing itself, so all of its rows are mirrored. quantity is net weight, kg.
-- Comtrade's totals of every reporter and partner (raw.comtrade_totals) enter at product level
-- 'total' the same way; North Korea is never their reporter, only a partner, so its rows are mirrors.
-- grain: year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, source, is_mirror
-- required: value_usd
with atlas_flows as (
    select year, reporter_iso3, partner_iso3, 'X' as flow, 'HS92' as classification, product_level, product_code,
           export_value as value_usd, null::double as quantity, 'atlas_hs92' as source, false as mirrored
    from raw.atlas_trade
    where export_value > 0
    union all
    select year, reporter_iso3, partner_iso3, 'M', 'HS92', product_level, product_code,
           import_value, null, 'atlas_hs92', false
    from raw.atlas_trade
    where import_value > 0
),
oec_flows as (
    select year_to as year, exporter_iso3 as reporter_iso3, importer_iso3 as partner_iso3, 'X' as flow,
           'HS92' as classification, product_level, product_code, value_usd, null::double as quantity,
           'oec' as source, false as mirrored
    from raw.oec_trade
    where year_from = year_to and exporter_iso3 <> 'WLD' and value_usd > 0
    union all
    select year_to, importer_iso3, exporter_iso3, 'M', 'HS92', product_level, product_code, value_usd, null, 'oec', false
    from raw.oec_trade
    where year_from = year_to and importer_iso3 <> 'WLD' and value_usd > 0
),
comtrade as (
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
),
comtrade_flows as (
    select year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, value_usd,
           net_weight_kg as quantity, 'comtrade' as source, false as mirrored
    from comtrade
    union all
    select year, partner_iso3, reporter_iso3, case flow when 'X' then 'M' else 'X' end, classification,
           product_level, product_code, value_usd, net_weight_kg, 'comtrade', true
    from comtrade
    where partner_iso3 <> 'WLD'
),
flows as (
    select * from atlas_flows
    union all
    select * from oec_flows
    union all
    select * from comtrade_flows
)
select
    flows.year::integer as year,  -- calendar year of the flow
    flows.reporter_iso3,  -- ISO3 code of the country whose trade this is
    flows.partner_iso3,  -- ISO3 code of the partner ('WLD' for the world)
    flows.flow,  -- X: the reporter exports to the partner; M: the reporter imports from it
    flows.classification,  -- the HS edition of product_code (HS92, HS96, ...)
    flows.product_level,  -- section, hs2, hs4, hs6, or total
    flows.product_code,  -- the HS code at that level, as text with its leading zeros
    flows.value_usd::double as value_usd,  -- value of the flow, current US dollars
    flows.quantity::double as quantity,  -- net weight in kg where the source gives it
    flows.source,  -- the tradebrief source the row comes from: atlas_hs92, oec or comtrade
    flows.mirrored or mirror_reporters.iso3 is not null as is_mirror  -- true where the partner reported it, not the reporter (all of North Korea's)
from flows
left join seeds.mirror_reporters on flows.reporter_iso3 = mirror_reporters.iso3
