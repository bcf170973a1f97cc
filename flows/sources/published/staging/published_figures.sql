-- The published figures, each with its URL, date and quality grade, in the published_figures shape.
select
    figure_id, subject, value, unit, period, qualifier, publisher_or_speaker, outlet, url, published,
    quality, note, snapshot_sha256
from raw.published_figures
