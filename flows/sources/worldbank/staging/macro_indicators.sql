-- The World Bank's indicators in the macro_indicators shape, under their WDI codes. Where several vintages give
-- the same figure, the newest vintage's is kept (the API's before a bulk file of the same date).
select iso3, year, indicator, value, unit, 'worldbank' as source, last_updated as vintage, snapshot_sha256
from raw.worldbank_indicators
qualify row_number() over (
    partition by iso3, year, indicator
    order by last_updated desc nulls last, source_file like 'api/%' desc, source_file desc
) = 1
