-- The OEC's (BACI's) flows in the trade_flows shape, both ways; a row that sums several years is no one year's
-- flow and stays in raw.oec_trade.
select year_to as year, exporter_iso3 as reporter_iso3, importer_iso3 as partner_iso3, 'X' as flow,
       'HS92' as classification, product_level, product_code, value_usd, null::double as quantity,
       'oec' as source, false as mirrored
from raw.oec_trade
where year_from = year_to and exporter_iso3 <> 'WLD' and value_usd > 0
union all
select year_to, importer_iso3, exporter_iso3, 'M', 'HS92', product_level, product_code, value_usd, null, 'oec', false
from raw.oec_trade
where year_from = year_to and importer_iso3 <> 'WLD' and value_usd > 0
