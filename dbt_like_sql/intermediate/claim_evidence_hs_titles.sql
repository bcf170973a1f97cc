-- One row per code-title claim (hs_title): the HS chapter whose official title (staging.hs_products,
-- the WCO nomenclature) best matches the goods the brief describes beside a code. Words are
-- compared with their polarity: a word after "not", "other than", "except" or "excluding" in its
-- clause is negated, so "not knitted or crocheted" never matches "knitted". The score is the
-- Jaccard index of the two sets of (word, polarity), with a plural "s" and filler words dropped.
-- Args: the chapter code the brief names.
-- family: hs_titles
-- metrics: hs_title
with claims as (
    select brief, claim_id, evidence_period, metric_args as named_code, goods_description
    from seeds.claims
    where metric = 'hs_title'
),
chapters as (
    select product_code, product_name, section, snapshot_sha256
    from staging.hs_products
    where product_level = 'hs2' and name_source = 'hs_nomenclature'
),
texts as (
    select 'claim' as side, brief || '/' || claim_id as id, goods_description as text from claims
    union all
    select 'chapter', product_code, product_name from chapters
),
clauses as (
    select side, id, string_split(trim(regexp_replace(clause, '[^a-z]+', ' ', 'g')), ' ') as clause_words
    from (select side, id, unnest(string_split_regex(lower(text), '[;,()]')) as clause from texts)
),
positioned as (
    select side, id, unnest(clause_words) as word, unnest(range(1, len(clause_words) + 1)) as position,
           coalesce(list_position(list_transform(clause_words, lambda w: w in ('not', 'than', 'except', 'excluding')), true),
                    len(clause_words) + 1) as negation_at
    from clauses
),
words as (
    select distinct side, id, regexp_replace(word, '^(\w{3,})s$', '\1') as word, position > negation_at as negated
    from positioned
    where word not in ('', 'a', 'an', 'and', 'of', 'or', 'the', 'etc', 'other', 'than', 'not', 'except', 'excluding',
                       'their', 'thereof', 'n', 'e', 'c', 'in', 'for', 'with', 'such', 'like', 'similar', 'its')
),
sizes as (
    select side, id, count(*) as words
    from words
    group by all
),
scores as (
    select split_part(claim.id, '/', 1) as brief, split_part(claim.id, '/', 2) as claim_id, chapter.id as product_code,
           count(*) as shared
    from (select * from words where side = 'claim') as claim
    join (select * from words where side = 'chapter') as chapter
        on chapter.word = claim.word and chapter.negated = claim.negated
    group by all
),
ranked as (
    select scores.brief, scores.claim_id, scores.product_code, scores.shared,
           scores.shared / (claim_size.words + chapter_size.words - scores.shared) as score,
           row_number() over (partition by scores.brief, scores.claim_id order by scores.shared / (claim_size.words + chapter_size.words - scores.shared) desc,
                                                                     scores.product_code) as place
    from scores
    join sizes as claim_size on claim_size.side = 'claim' and claim_size.id = scores.brief || '/' || scores.claim_id
    join sizes as chapter_size on chapter_size.side = 'chapter' and chapter_size.id = scores.product_code
),
best as (
    select first.brief, first.claim_id, first.product_code, first.score, second.product_code as runner_up, second.score as runner_up_score
    from ranked as first
    left join ranked as second on second.brief = first.brief and second.claim_id = first.claim_id and second.place = 2
    where first.place = 1
)
select
    claims.brief,  -- the claim's brief (seeds.briefs)
    claims.claim_id,  -- the claim's id in seeds.claims
    claims.evidence_period,  -- the claim's own period: titles do not age
    try_cast(best.product_code as double) as computed_value,  -- the chapter whose official title best matches the goods described
    null::double as computed_low,  -- none: one chapter
    null::double as computed_high,  -- none
    'HS code' as evidence_unit,  -- the unit of computed_value (seeds.units)
    'hs_nomenclature' as evidence_source,  -- the tradebrief source: the WCO nomenclature
    'staging.hs_products' as evidence_table,  -- the warehouse table of the official titles
    best_chapter.snapshot_sha256,  -- the snapshot of the nomenclature
    printf('the goods described best match HS%s "%s" (score %.2f%s); HS%s is "%s"',
           best.product_code, best_chapter.product_name, best.score,
           coalesce(printf('; next HS%s, %.2f', best.runner_up, best.runner_up_score), '; no other chapter shares a word'),
           claims.named_code, coalesce(named.product_name, 'not a chapter')) as note,  -- the match in words
    1 as preference  -- one row a claim
from claims
join best using (brief, claim_id)
join chapters as best_chapter on best_chapter.product_code = best.product_code
left join chapters as named on named.product_code = claims.named_code
