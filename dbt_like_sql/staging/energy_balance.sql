-- One row per (country, year, indicator, source): coal production and trade. From the Statistical
-- Review of World Energy ('energy_review'; each figure from the newest edition that has it: the
-- Energy Institute's 2024 workbook over BP's 2021 review) and the IEA's balances ('iea', TJ;
-- exports negative, as published). Serves the brief's claims on Russia's coal output and rank;
-- 'WLD' is the world. Each source's rows come from its own SQL (flows/sources/<source>/staging/
-- energy_balance.sql, gathered in parts.energy_balance).
-- grain: iso3, year, indicator, source
-- required: value, unit
select
    iso3,  -- ISO 3166 alpha-3 code of the country
    year::integer as year,  -- calendar year of the figure
    indicator,  -- what is measured: coal_production, coal_exports(_energy), coal_imports_energy, ...
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value` (Mt, EJ, TJ)
    data_to::integer as data_to,  -- the last year of the edition the figure comes from
    source,  -- the series the row comes from: energy_review (source energy) or iea
    snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot the figure was read from
from parts.energy_balance
