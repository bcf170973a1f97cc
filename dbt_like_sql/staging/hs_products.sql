-- One row per (product level, product code): the HS92 product's short English name from the Atlas
-- product lookup, and the Atlas section it belongs to. Names the products in marts.export_structure
-- and groups chapters for the claim checks.
select
    product.product_level,
    product.product_code,
    product.product_name,
    section.product_name as section_name
from raw.atlas_products as product
left join raw.atlas_products as section on section.product_id = product.parent_id
where product.product_level in ('section', 'hs2', 'hs4', 'hs6')
