-- One row per bilateral-trade claim, year and source, from staging.trade_flows: the Atlas (HS2, to
-- 2020; preferred) and Comtrade's totals for every pair (2017-2022), each a reporter's own figures
-- or mirrored from its partners' reports; the note says which source and, where both sides
-- reported one flow, both figures. What a claim's metric reads (docs/adding-a-claim.md, the trade metrics):
--   trade_value   exporter|importer|year|chapter...  what the exporter sold the importer (WLD: the world), M USD
--   trade_total   country|partner|year               exports and imports between the two, M USD
--   partner_share / import_share / trade_total_share  country|partner|year: the partner's share of the
--                 country's exports / imports / both, percent
--   products_share exporter|year|chapter...          the listed chapters' share of the exporter's exports, percent
--   import_value  importer|exporter|year             what the importer bought from the exporter (WLD: the world), M USD
--   trade_change / import_change  country|from year|to year|partner?  the change of the country's exports / imports
--                 (to the partner; without one, the world), percent
--   trade_total_change country|partner|from|to       the change of the two's trade with each other, percent
--   exporter_rank country|year|chapter               the country's place among every exporter of the chapter
-- Chapters (HS2) are read from the Atlas only; none at all traded is 0, not missing, where the
-- country's trade that year is held. Trade of both flows is read only where a source holds both with
-- the partner; trade_total and trade_total_change are read from either country's side. Serves
-- intermediate.claim_evidence.
-- family: trade
-- metrics: trade_value, trade_change, partner_share, trade_total, import_share, trade_total_share, products_share, trade_total_change, exporter_rank, import_value, import_change
with split as (
    select *, string_split(metric_args, '|') as args, 1 as side from seeds.claims
),
ledger as (
    -- a total between two countries is read from each one's side too
    select * from split
    union all
    select * replace (list_concat([args[2], args[1]], args[3:]) as args, 2 as side)
    from split
    where metric in ('trade_total', 'trade_total_change') and args[1] <> args[2]
),
claims as (
    -- an import from one exporter is read as that exporter's exports to the importer, as every source reports them
    select brief, claim_id, side, metric,
           case when from_one then coalesce(nullif(args[4], ''), args[2]) else args[1] end as country,
           case when from_one then args[1]
                when metric in ('products_share', 'exporter_rank') then 'WLD'
                when metric in ('trade_change', 'import_change') then coalesce(nullif(args[4], ''), 'WLD')
                else args[2] end as partner,
           try_cast(case when metric in ('products_share', 'exporter_rank') then args[2]
                         when metric = 'trade_total_change' then args[4] else args[3] end as integer) as year,
           try_cast(case when metric in ('trade_change', 'import_change') then args[2]
                         when metric = 'trade_total_change' then args[3] end as integer) as from_year,
           list_filter(case when metric = 'trade_value' then args[4:] when metric in ('products_share', 'exporter_rank')
                            then args[3:] else [] end, lambda code: code <> '') as chapters,
           case when metric like 'import%' and not from_one then ['M'] when metric like 'trade_total%' then ['X', 'M']
                else ['X'] end as flows,
           case when metric like '%change' then 'change' when metric like '%share' then 'share'
                when metric = 'exporter_rank' then 'rank' else 'value' end as kind
    from (select *, (metric = 'import_value' and args[2] <> 'WLD')
                    or (metric = 'import_change' and coalesce(nullif(args[4], ''), 'WLD') <> 'WLD') as from_one
          from ledger)
    where metric in ('trade_value', 'import_value', 'trade_total', 'partner_share', 'import_share', 'trade_total_share',
                     'products_share', 'trade_change', 'import_change', 'trade_total_change', 'exporter_rank')
),
atlas as (
    select claims.brief, claims.claim_id, claims.side, flows.year, 'atlas_hs92' as source, 1 as preference,
           any_value(snapshots.snapshot_sha256) as snapshot_sha256,
           sum(flows.value_usd) as world_usd,
           coalesce(sum(flows.value_usd) filter (where (claims.partner = 'WLD' or flows.partner_iso3 = claims.partner)
                                                   and (len(claims.chapters) = 0
                                                        or list_contains(claims.chapters, flows.product_code))), 0)
               as bilateral_usd,
           null::double as reported_usd, null::double as mirrored_usd,
           count(distinct flows.flow) filter (where claims.partner = 'WLD' or flows.partner_iso3 = claims.partner)
               as flows_held
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.reporter_iso3 = claims.country
       and list_contains(claims.flows, flows.flow) and flows.product_level = 'hs2'
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = flows.reporter_iso3 and snapshots.year = flows.year
    where claims.kind <> 'rank'
    group by claims.brief, claims.claim_id, claims.side, flows.year
),
comtrade_pairs as (
    -- each partner's figure of each flow, as the country reported it and as the partner's own report mirrors it
    select claims.brief, claims.claim_id, claims.side, claims.partner, flows.year, flows.partner_iso3, flows.flow,
           max(flows.value_usd) filter (where not flows.is_mirror) as reported_usd,
           max(flows.value_usd) filter (where flows.is_mirror) as mirrored_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'comtrade' and flows.reporter_iso3 = claims.country and list_contains(claims.flows, flows.flow)
       and flows.product_level = 'total' and flows.partner_iso3 <> 'WLD'
    where len(claims.chapters) = 0 and claims.kind <> 'rank'
    group by all
),
comtrade_snapshots as (
    select year, string_agg(distinct snapshot_sha256::varchar, ',' order by snapshot_sha256::varchar) as snapshot_sha256
    from raw.comtrade_totals
    group by year
),
comtrade as (
    select brief, claim_id, side, year, 'comtrade' as source, 2 as preference, any_value(comtrade_snapshots.snapshot_sha256) as snapshot_sha256,
           sum(coalesce(reported_usd, mirrored_usd)) as world_usd,
           coalesce(sum(coalesce(reported_usd, mirrored_usd)) filter (where partner = 'WLD' or partner_iso3 = partner), 0)
               as bilateral_usd,
           case when count(distinct flow) = 1 then max(reported_usd) filter (where partner_iso3 = partner) end as reported_usd,
           case when count(distinct flow) = 1 then max(mirrored_usd) filter (where partner_iso3 = partner) end as mirrored_usd,
           count(distinct flow) filter (where partner = 'WLD' or partner_iso3 = partner) as flows_held
    from comtrade_pairs
    left join comtrade_snapshots using (year)
    group by brief, claim_id, side, year
),
held as (
    select claims.metric, claims.country, claims.partner, claims.year as claimed_year, claims.from_year, claims.chapters,
           claims.kind, claims.flows, trade.*,
           case when claims.metric like 'import%' then 'imports' when claims.metric like 'trade_total%' then 'trade'
                else 'exports' end as what,
           coalesce(nullif(list_aggregate(list_transform(claims.chapters, lambda code: 'HS' || code), 'string_agg', '+'), ''),
                    'goods') as goods,
           case when trade.reported_usd is not null and trade.mirrored_usd is not null
                then printf('; %s reports %s M USD, %s''s own report mirrors %s M USD', claims.country,
                            format('{:,.1f}', trade.reported_usd / 1e6), claims.partner, format('{:,.1f}', trade.mirrored_usd / 1e6))
                when trade.mirrored_usd is not null then printf('; mirrored from %s''s report', claims.partner)
                else '' end as sides_note
    from claims
    join (select * from atlas union all by name select * from comtrade) as trade using (brief, claim_id, side)
    where trade.flows_held = len(claims.flows)
),
valued as (
    select brief, claim_id, year::varchar as evidence_period, bilateral_usd / 1e6 as computed_value, 'M USD' as evidence_unit,
           source, preference, snapshot_sha256,
           printf('%s''s %s %s %s %s in %d: %s M USD (of %s M USD with the world; %s)', country, goods, what,
                  case what when 'trade' then 'with' when 'imports' then 'from' else 'to' end, partner, year, format('{:,.1f}', bilateral_usd / 1e6),
                  format('{:,.0f}', world_usd / 1e6), source) || sides_note as note
    from held
    where kind = 'value' and year = claimed_year
),
shares as (
    select brief, claim_id, year::varchar as evidence_period, 100 * bilateral_usd / world_usd as computed_value,
           '%' as evidence_unit, source, preference, snapshot_sha256,
           printf('%s takes %.1f%% of %s''s %s %s in %d (%s of %s M USD; %s)',
                  case when partner = 'WLD' then goods else partner end, 100 * bilateral_usd / world_usd, country,
                  case when partner = 'WLD' then 'goods' else goods end, what, year,
                  format('{:,.1f}', bilateral_usd / 1e6), format('{:,.0f}', world_usd / 1e6), source) || sides_note as note
    from held
    where kind = 'share' and year = claimed_year and world_usd > 0
),
changes as (
    select later.brief, later.claim_id, later.year::varchar as evidence_period,
           100 * (later.bilateral_usd / earlier.bilateral_usd - 1) as computed_value, '%' as evidence_unit,
           later.source, later.preference,
           concat_ws(',', earlier.snapshot_sha256, nullif(later.snapshot_sha256, earlier.snapshot_sha256)) as snapshot_sha256,
           printf('%s''s %s %s %s: %s M USD in %d, %s M USD in %d (%+.1f%%; %s)', later.country, later.goods, later.what,
                  case when later.partner = 'WLD' then 'with the world' else 'with ' || later.partner end,
                  format('{:,.0f}', earlier.bilateral_usd / 1e6), earlier.year, format('{:,.0f}', later.bilateral_usd / 1e6),
                  later.year, 100 * (later.bilateral_usd / earlier.bilateral_usd - 1), later.source) as note
    from held as later
    join held as earlier
        on earlier.brief = later.brief and earlier.claim_id = later.claim_id and earlier.side = later.side
       and earlier.source = later.source
       and earlier.year = later.from_year
    where later.kind = 'change' and later.year = later.claimed_year and earlier.bilateral_usd > 0
),
exporters as (
    -- every exporter of the chapter in the claim's year, where the Atlas holds more than a hundred of them
    select claims.brief, claims.claim_id, claims.country, claims.chapters[1] as chapter, flows.year, flows.reporter_iso3,
           sum(flows.value_usd) as value_usd
    from claims
    join staging.trade_flows as flows
        on flows.source = 'atlas_hs92' and flows.flow = 'X' and flows.product_level = 'hs2'
       and flows.product_code = claims.chapters[1] and flows.year = claims.year
    where claims.kind = 'rank'
    group by claims.brief, claims.claim_id, claims.country, claims.chapters[1], flows.year, flows.reporter_iso3
    qualify count(*) over (partition by claims.brief, claims.claim_id) > 100
),
ranked as (
    select *, rank() over (partition by brief, claim_id order by value_usd desc) as place,
           count(*) over (partition by brief, claim_id) as exporters_held,
           first(reporter_iso3 order by value_usd desc) over (partition by brief, claim_id) as first_exporter
    from exporters
),
ranks as (
    select ranked.brief, ranked.claim_id, ranked.year::varchar as evidence_period, ranked.place::double as computed_value,
           'rank' as evidence_unit, 'atlas_hs92' as source, 1 as preference, snapshots.snapshot_sha256,
           printf('%s is number %d of %d exporters of HS%s in %d (%s M USD; the first, %s)', ranked.country, ranked.place,
                  ranked.exporters_held, ranked.chapter, ranked.year, format('{:,.1f}', ranked.value_usd / 1e6),
                  ranked.first_exporter) as note
    from ranked
    join intermediate.atlas_snapshots as snapshots on snapshots.reporter_iso3 = ranked.country and snapshots.year = ranked.year
    where ranked.reporter_iso3 = ranked.country
)
select
    brief,  -- the claim's brief (seeds.briefs)
    claim_id,  -- the claim's id in seeds.claims
    evidence_period,  -- the year the evidence is for (the later year, for a change)
    computed_value,  -- the trade in M USD, a share or change in percent, or a place
    null::double as computed_low,  -- none: the source's figure as it stands
    null::double as computed_high,  -- none
    evidence_unit,  -- the unit of computed_value (seeds.units)
    source as evidence_source,  -- the tradebrief source: atlas_hs92 or comtrade
    'staging.trade_flows' as evidence_table,  -- the warehouse table the evidence comes from
    snapshot_sha256,  -- the snapshots the figures were read from, comma-separated
    note,  -- the evidence in words, with both sides' figures where both reported
    preference  -- the Atlas before Comtrade's totals in a year both hold
from (select * from valued union all by name select * from shares union all by name select * from changes
      union all by name select * from ranks)
