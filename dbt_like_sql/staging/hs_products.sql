-- One row per (product level, product code): the HS92 product's short English name, from the
-- Atlas product lookup. Names the products in marts.export_structure.
select
    product_level,
    product_code,
    product_name
from raw.atlas_products
where product_level in ('section', 'hs2', 'hs4', 'hs6')
