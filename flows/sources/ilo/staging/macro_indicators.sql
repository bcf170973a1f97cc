-- ILO modelled unemployment, both sexes, as ILO.UNE_2EAP_SEX_AGE_RT.<age> in the macro_indicators shape.
select iso3, year, 'ILO.UNE_2EAP_SEX_AGE_RT.' || age as indicator, value, '% of labour force' as unit,
       'ilo' as source, null as vintage, snapshot_sha256
from raw.ilo_unemployment
where sex = 'Total' and iso3 is not null
