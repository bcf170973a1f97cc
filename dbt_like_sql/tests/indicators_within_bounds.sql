-- Indices stay within their ranges: TCI and ESI in [0, 100], RCA non-negative, HHI in [0, 1].
select 'tci' as indicator, tci as value from marts.trade_complementarity where tci not between -1e-9 and 100 + 1e-9
union all
select 'esi', esi from marts.export_similarity where esi not between -1e-9 and 100 + 1e-9
union all
select 'rca', rca from marts.revealed_comparative_advantage where rca < 0
union all
select 'hhi', hhi from marts.export_concentration where hhi not between 0 and 1 + 1e-9
union all
select 'hhi_normalized', hhi_normalized from marts.export_concentration
where hhi_normalized not between -1e-9 and 1 + 1e-9
