"""Benchmarks: how the ETL and the dashboard's queries grow with the corpus (`python -m bench`)."""
