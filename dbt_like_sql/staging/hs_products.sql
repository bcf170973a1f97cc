-- One row per (product level, product code): the HS92 product's short English name from the Atlas
-- product lookup, and the Atlas section it belongs to. Names the products in marts.export_structure
-- and groups chapters for the claim checks.
select
    product.product_level,  -- section, hs2, hs4 or hs6
    product.product_code,  -- the HS92 code at that level, as text with its leading zeros ('03', '2701')
    product.product_name,  -- the Atlas's short English name of the product
    section.product_name as section_name  -- the name of the HS section the product belongs to
from raw.atlas_products as product
left join raw.atlas_products as section on section.product_id = product.parent_id
where product.product_level in ('section', 'hs2', 'hs4', 'hs6')
