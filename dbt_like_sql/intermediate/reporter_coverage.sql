-- One row per year: how many countries report exports to the world that year, and whether that is
-- (nearly) every reporter, that is at least 90% of the best-covered year. World totals and ranks
-- among all importers exist only in covered years: the 2010-2020 files hold North Korea and
-- Russia alone, and a rank among two is no rank.
with reporters_per_year as (
    select year, count(distinct iso3) as reporters
    from intermediate.product_shares
    where flow = 'X' and market_iso3 = 'WLD'
    group by year
)
select
    year,
    reporters,  -- countries that report exports to the world that year
    max(reporters) over () as best_reporters,  -- reporters in the best-covered year
    reporters >= 0.9 * max(reporters) over () as covered  -- true when at least 90% of the best-covered year's reporters are present
from reporters_per_year
