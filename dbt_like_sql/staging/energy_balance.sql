-- One row per (country, year, indicator): coal production and consumption from the Statistical
-- Review of World Energy. Serves the brief's claims on Russia's coal output and rank; 'WLD' is the world.
select iso3, year::integer as year, indicator, value::double as value, unit, 'energy_review' as source
from raw.energy_review
where iso3 is not null
