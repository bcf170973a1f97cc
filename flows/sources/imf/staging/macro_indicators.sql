-- The IMF's unemployment in the macro_indicators shape: observations as WEO.LUR, forecasts kept apart as
-- WEO.LUR.forecast.
select iso3, year, 'WEO.LUR' as indicator, observation as value, '% of labour force' as unit, 'imf_weo' as source,
       null as vintage, snapshot_sha256
from raw.imf_unemployment
where observation is not null and regexp_full_match(iso3, '[A-Z]{3}')
union all
select iso3, year, 'WEO.LUR.forecast', forecast, '% of labour force', 'imf_weo', null, snapshot_sha256
from raw.imf_unemployment
where forecast is not null and regexp_full_match(iso3, '[A-Z]{3}')
