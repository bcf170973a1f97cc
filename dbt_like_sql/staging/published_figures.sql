-- One row per (figure, period): a number from an official statement, report or the press, with the
-- URL, date and quality grade (primary, secondary, tertiary) it came with. Serves the claim checks
-- for what no data endpoint publishes: Russia's coal statements, KOTRA's totals, wages, worker counts. The
-- rows come from flows/sources/published/staging/published_figures.sql, gathered in parts.published_figures.
-- grain: figure_id, period
select
    figure_id, subject, value, unit, period, qualifier, publisher_or_speaker, outlet, url, published,
    quality, note, snapshot_sha256
from parts.published_figures
