-- One row per (year, reporter, partner, flow, classification, product, source, mirror): a goods
-- flow in current USD, in the one shape every trade source becomes. Serves every indicator in marts.
-- Each trade source's rows come from its own SQL (flows/sources/<source>/staging/trade_flows.sql,
-- gathered in parts.trade_flows). Atlas and OEC (BACI) are reconciled both ways, so each row gives an export (X) and an import
-- (M) row; an OEC row that sums several years is no one year's flow and stays in raw.oec_trade.
-- Comtrade rows are the reporter's own (is_mirror false) and, for a country partner, the same
-- flow seen from the partner's side (is_mirror true). A reporter in seeds.mirror_reporters
-- (North Korea) reports nothing itself, so all of its rows are mirrored. quantity is net weight, kg.
-- Comtrade's totals of every reporter and partner (raw.comtrade_totals) enter at product level
-- 'total' the same way; North Korea is never their reporter, only a partner, so its rows are mirrors.
-- grain: year, reporter_iso3, partner_iso3, flow, classification, product_level, product_code, source, is_mirror
-- required: value_usd
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
from parts.trade_flows as flows
left join seeds.mirror_reporters on flows.reporter_iso3 = mirror_reporters.iso3
