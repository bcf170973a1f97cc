-- One row per (workers, annual wage in USD, share taken) on a grid around the brief's case: the
-- remittance it gives and its ratio to North Korea's 2016 goods exports. Serves an analyst's chart of
-- which assumption moves the brief's 400 M USD most. Workers 10,000-150,000, wages 4,000-14,000 USD
-- (the brief's 6-7 thousand up to about the Russia-wide offered wage), shares 30%-90%.
with workers as (
    select range as workers from range(10000, 150001, 10000)
),
wages as (
    select range as wage_usd from range(4000, 14001, 1000)
),
shares as (
    select range / 10 as share_taken from range(3, 10)
),
exports as (
    select prk_exports_usd
    from marts.remittance_scenarios
    where scenario = 'brief_central'
)
select
    workers.workers,  -- North Korean workers in Russia assumed
    wages.wage_usd,  -- annual wage per worker, US dollars
    shares.share_taken,  -- the share of the wage the state takes, 0 to 1
    workers.workers * wages.wage_usd * shares.share_taken as remittance_usd,  -- what reaches the state a year, US dollars
    workers.workers * wages.wage_usd * shares.share_taken / exports.prk_exports_usd as remittance_to_exports  -- the remittance as a share of North Korea's goods exports
from workers
cross join wages
cross join shares
cross join exports
