-- The Atlas's flows in the trade_flows shape: each row of raw.atlas_trade gives an export (X) and an import (M)
-- row where its value is above zero.
select year, reporter_iso3, partner_iso3, 'X' as flow, 'HS92' as classification, product_level, product_code,
       export_value as value_usd, null::double as quantity, 'atlas_hs92' as source, false as mirrored
from raw.atlas_trade
where export_value > 0
union all
select year, reporter_iso3, partner_iso3, 'M', 'HS92', product_level, product_code,
       import_value, null, 'atlas_hs92', false
from raw.atlas_trade
where import_value > 0
