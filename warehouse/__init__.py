"""The warehouse layer: snapshot store, DuckDB loading, the SQL model runner, publishing."""
