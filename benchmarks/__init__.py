"""Benchmarks: figures the issues ask for, measured on throwaway PostgreSQL databases.

`python -m benchmarks` runs every module named `<app>_<what>.py` in this package;
`python -m benchmarks NAME...` runs some. See benchmarks/README.md.

Nothing here runs on import: gunicorn imports this package for benchmarks.settings.
"""
