-- One row per (country, year, indicator): coal production and consumption from the Statistical
-- Review of World Energy. Serves the brief's claims on Russia's coal output and rank; 'WLD' is the world.
select
    iso3,  -- ISO 3166 alpha-3 code of the country
    year::integer as year,  -- calendar year of the figure
    indicator,  -- what is measured, as the energy review names it (coal production, consumption, ...)
    value::double as value,  -- the figure, in `unit`
    unit,  -- the unit of `value` (Mt, EJ, ...)
    'energy_review' as source  -- the tradebrief source the row comes from
from raw.energy_review
where iso3 is not null
