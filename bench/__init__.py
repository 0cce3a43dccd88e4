"""Benchmarks: `bench/run [NAME ...]` (or `python -m bench`). Each prints a table and writes
bench/results/<name>.json with its figures and the machine's description."""
