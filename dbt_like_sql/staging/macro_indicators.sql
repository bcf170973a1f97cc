-- One row per (country, year, indicator, source): a macroeconomic or labour figure. Serves the
-- brief's labour-market claims and the exchange rate of the remittance estimate.
-- Indicators keep their source's own codes: World Bank WDI codes (SL.UEM.TOTL.ZS, PA.NUS.FCRF, ...),
-- ILO.UNE_2EAP_SEX_AGE_RT.<age> (ILO modelled unemployment, both sexes), WEO.LUR (IMF observed
-- unemployment) and WEO.LUR.forecast (IMF forecasts, kept apart). Where several World Bank
-- vintages give the same figure, the newest vintage's is kept (the API's before a bulk file of the
-- same date). `vintage` is when the figure's vintage was last updated, where it says.
-- grain: iso3, year, indicator, source
-- required: value
with worldbank as (
    select iso3, year, indicator, value, unit, 'worldbank' as source, last_updated as vintage, snapshot_sha256
    from raw.worldbank_indicators
    qualify row_number() over (
        partition by iso3, year, indicator
        order by last_updated desc nulls last, source_file like 'api/%' desc, source_file desc
    ) = 1
),
ilo as (
    select iso3, year, 'ILO.UNE_2EAP_SEX_AGE_RT.' || age as indicator, value, '% of labour force' as unit,
           'ilo' as source, null as vintage, snapshot_sha256
    from raw.ilo_unemployment
    where sex = 'Total' and iso3 is not null
),
imf_observations as (
    select iso3, year, 'WEO.LUR' as indicator, observation as value, '% of labour force' as unit, 'imf_weo' as source,
           null as vintage, snapshot_sha256
    from raw.imf_unemployment
    where observation is not null and regexp_full_match(iso3, '[A-Z]{3}')
),
imf_forecasts as (
    select iso3, year, 'WEO.LUR.forecast', forecast, '% of labour force', 'imf_weo', null, snapshot_sha256
    from raw.imf_unemployment
    where forecast is not null and regexp_full_match(iso3, '[A-Z]{3}')
)
select
    iso3,  -- ISO 3166 alpha-3 code of the country
    year::integer as year,  -- calendar year of the figure
    indicator,  -- the indicator code: World Bank WDI codes, ILO.UNE_2EAP_SEX_AGE_RT.<age>, WEO.LUR (IMF unemployment)
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value`
    source,  -- the tradebrief source the row comes from: worldbank, ilo or imf_weo
    vintage::varchar as vintage,  -- when the figure's vintage was last updated (World Bank), where it says
    snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot the figure was read from
from worldbank
union all
select * from ilo
union all
select * from imf_observations
union all
select * from imf_forecasts
