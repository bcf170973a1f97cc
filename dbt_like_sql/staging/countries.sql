-- One row per country code of the Atlas's location list: its name, and whether it counts as an
-- economy in the complementarity ranks (seeds.rank_exclusions names each code that does not, and
-- why). Serves the names that stand beside the codes in the marts.
select
    locations.location_code as iso3,  -- ISO 3166 alpha-3 code (or the Atlas's own, such as ANS)
    locations.location_name as country_name,  -- the Atlas's short English name
    exclusions.iso3 is null as is_economy,  -- false for a code that is no economy: it is ranked among nobody
    exclusions.reason as not_an_economy_because  -- why not, where it is not
from raw.atlas_locations as locations
left join seeds.rank_exclusions as exclusions on exclusions.iso3 = locations.location_code
where locations.level = 'country'
