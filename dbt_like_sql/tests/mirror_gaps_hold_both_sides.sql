-- Where Comtrade holds both sides of a year (one year's exports and imports of every reporter),
-- marts.mirror_gaps must not be empty: an empty mart there means the two sides no longer meet.
select year, 'marts.mirror_gaps has no pair for a year whose exports and imports are both held' as problem
from raw.comtrade_totals
group by year
having count(distinct flow) = 2
   and not exists (select 1 from marts.mirror_gaps where mirror_gaps.year = comtrade_totals.year)
