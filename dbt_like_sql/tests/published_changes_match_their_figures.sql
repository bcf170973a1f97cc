-- Published figures whose note states a change ("-1.1% on 2022", or "-3.9% on 2022's 221.2 Mt") that the
-- figures do not give: the stated base (or, where none is stated, the same figure's row for that period)
-- and the figure's value must give the change to within half its last stated digit, give or take 0.1
-- point for the figures' own rounding. A change whose base the warehouse does not hold is not checked.
with stated as (
    select figure_id, period, value, note,
           regexp_extract(note, '([+-]?\d+(\.\d+)?)% on (\d{4})', 1) as change_text,
           regexp_extract(note, '([+-]?\d+(\.\d+)?)% on (\d{4})', 3) as base_period,
           try_cast(replace(nullif(regexp_extract(note, '% on \d{4}''s ([\d.,]+) ', 1), ''), ',', '') as double) as stated_base
    from raw.published_figures
    where regexp_matches(note, '[+-]?\d+(\.\d+)?% on \d{4}')
),
compared as (
    select stated.*, coalesce(stated.stated_base, base.value) as base_value,
           0.5 * 10 ** -length(regexp_extract(stated.change_text, '\.(\d+)$', 1)) + 0.1 as allowed
    from stated
    left join raw.published_figures as base on base.figure_id = stated.figure_id and base.period = stated.base_period
)
select figure_id, period, change_text as stated_change, base_period, base_value,
       round(100 * (value / base_value - 1), 2) as computed_change
from compared
where base_value is not null
  and abs(100 * (value / base_value - 1) - change_text::double) > allowed
