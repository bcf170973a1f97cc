"""One package a source (`flows/sources/<name>/`): its declarations, fetcher and parser in `__init__.py` and the
SQL that puts its raw tables into the staging shapes in `staging/`. flows.registry finds them; the modules beside
them (tabular, limits, countries, declarations) are what the sources share, and baci is read by `tradebrief hs6`.
"""
