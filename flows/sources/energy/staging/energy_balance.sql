-- The Statistical Review's coal figures in the energy_balance shape ('energy_review'): each figure from the
-- newest edition that has it (the Energy Institute's 2024 workbook over BP's 2021 review).
select iso3, year, indicator, value, unit, data_to, 'energy_review' as source, snapshot_sha256
from raw.energy_review
where iso3 is not null
qualify row_number() over (partition by iso3, year, indicator order by data_to desc) = 1
