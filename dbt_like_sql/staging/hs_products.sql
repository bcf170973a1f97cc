-- One row per (product level, product code): the product's official HS title (the WCO nomenclature
-- as UN Comtrade publishes it, HS2022 edition), the Atlas's short name, and the WCO section it belongs
-- to. Names the products in the marts and groups chapters by section for the claim checks. A code
-- only the Atlas's HS92 lookup knows keeps its Atlas name, and takes its chapter's section.
with official as (
    select case level when 2 then 'hs2' when 4 then 'hs4' else 'hs6' end as product_level,
           hscode as product_code, description, snapshot_sha256
    from raw.hs_nomenclature
    where level in (2, 4, 6)
),
atlas as (
    select product_level, product_code, product_name, snapshot_sha256
    from raw.atlas_products
    where product_level in ('hs2', 'hs4', 'hs6')
),
products as (
    select coalesce(official.product_level, atlas.product_level) as product_level,
           coalesce(official.product_code, atlas.product_code) as product_code,
           official.description as official_name, atlas.product_name as atlas_name,
           coalesce(official.snapshot_sha256, atlas.snapshot_sha256) as snapshot_sha256
    from official
    full join atlas on atlas.product_level = official.product_level and atlas.product_code = official.product_code
),
chapter_sections as (
    select chapter.hscode as chapter_code, chapter.section, section.name as section_name
    from raw.hs_nomenclature as chapter
    left join raw.hs_sections as section using (section)
    where chapter.level = 2
),
sections as (
    select 'section' as product_level, section as product_code, name as official_name, null as atlas_name,
           'hs_nomenclature' as name_source, section, name as section_name, snapshot_sha256::varchar
    from raw.hs_sections
)
select
    products.product_level,  -- section (a WCO section, I-XXI), hs2, hs4 or hs6
    products.product_code,  -- the code at that level, as text with its leading zeros ('03', '2701'), or the section's numeral
    coalesce(products.official_name, products.atlas_name) as product_name,  -- the official HS title, or the Atlas's name where the HS2022 edition has no such code
    products.atlas_name,  -- the Atlas's short English name of the product (HS92)
    case when products.official_name is null then 'atlas_hs92' else 'hs_nomenclature' end as name_source,  -- where product_name comes from: the official nomenclature, or the Atlas where it has no such code (services, retired HS92 codes)
    chapter_sections.section,  -- the WCO section (I-XXI) of the product's chapter; null for chapter 99
    chapter_sections.section_name,  -- the WCO section's official name
    products.snapshot_sha256::varchar as snapshot_sha256  -- sha256 of the snapshot product_name was read from
from products
left join chapter_sections on chapter_sections.chapter_code = left(products.product_code, 2)
union all
select * from sections
