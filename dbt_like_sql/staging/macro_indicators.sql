-- One row per (country, year, indicator, source): a macroeconomic or labour figure. Serves the
-- brief's labour-market claims and the exchange rate of the remittance estimate.
-- Indicators keep their source's own codes: World Bank WDI codes (SL.UEM.TOTL.ZS, PA.NUS.FCRF, ...),
-- ILO.UNE_2EAP_SEX_AGE_RT.<age> (ILO modelled unemployment, both sexes), WEO.LUR (IMF observed
-- unemployment) and WEO.LUR.forecast (IMF forecasts, kept apart). Where several World Bank
-- vintages give the same figure, the newest vintage's is kept (the API's before a bulk file of the
-- same date). `vintage` is when the figure's vintage was last updated, where it says. Each source's rows
-- come from its own SQL (flows/sources/<source>/staging/macro_indicators.sql, gathered in parts.macro_indicators).
-- grain: iso3, year, indicator, source
-- required: value
select
    iso3,  -- ISO 3166 alpha-3 code of the country
    year::bigint as year,  -- calendar year of the figure (bigint, as the union of its sources has always given it)
    indicator,  -- the indicator code: World Bank WDI codes, ILO.UNE_2EAP_SEX_AGE_RT.<age>, WEO.LUR (IMF unemployment)
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value`
    source,  -- the tradebrief source the row comes from: worldbank, ilo or imf_weo
    vintage::varchar as vintage,  -- when the figure's vintage was last updated (World Bank), where it says
    snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot the figure was read from
from parts.macro_indicators
