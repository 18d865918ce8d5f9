"""The progress feature's pure half, one module per step of an upload:

- `reading`: the bytes of an uploaded file (CSV or .xlsx) -> header and cells with their line numbers.
- `cells`: one cell -> a period or a value, or a reason a person can act on.
- `validation`: the cells against the known targets -> a report of good and rejected rows.
- `flow`: check a file, then import it when the person confirms (what the Progress page calls).

Storage is `etl.store.progress` (progress.duckdb), the page `pages/progress.py`, the CLI
`etl.commands.import_progress`.
"""
