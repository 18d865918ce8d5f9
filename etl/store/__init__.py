"""Everything that writes to a database lives in this package (DESIGN.md: etl.store owns the schema).

- `etl.store.paths`: where the files live (`--data-dir`, `TRACKER_DATA_DIR`).
- `etl.store.tracker`: the derived database `tracker.duckdb`, rebuilt by the ETL and swapped in atomically.
- `etl.store.progress`: the user database `progress.duckdb`, never rebuilt.
"""
