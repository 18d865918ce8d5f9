"""Ways of mapping the per-file pipeline over a corpus other than the local process pool (etl.build).

- `etl.engines.dask_engine`: a dask.distributed cluster (a LocalCluster, or an existing scheduler),
  each task writing its file's rows as Parquet (etl.store.parquet_results).
"""
