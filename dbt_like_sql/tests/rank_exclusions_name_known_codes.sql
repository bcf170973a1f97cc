-- Every code the ranks leave out is in the Atlas's location list, where one is held: a mistyped code
-- would exclude nothing.
select exclusions.*
from seeds.rank_exclusions as exclusions
left join raw.atlas_locations as locations on locations.location_code = exclusions.iso3 and locations.level = 'country'
where locations.location_code is null
  and exists (select 1 from raw.atlas_locations)
