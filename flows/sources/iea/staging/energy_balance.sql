-- The IEA's coal production and exports in the energy_balance shape ('iea', TJ; exports negative, as published).
select iso3, year, case flow when 'INDPROD' then 'coal_production' else 'coal_exports' end as indicator,
       value, units as unit, year as data_to, 'iea' as source, snapshot_sha256
from raw.iea_balances
where iso3 is not null and product = 'COAL' and flow in ('INDPROD', 'EXPORTS') and value is not null
