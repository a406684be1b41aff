"""Benchmarks and a national-scale data generator (``make bench``; not part of ``make test``).

* :mod:`bench.generate` — bulk-loads ~3,000 units, 100,000 projects and 500,000 ledger lines.
* :mod:`bench.run` — measures page latency, queries per page and the Excel import on SQLite
  and PostgreSQL; see ``bench/README.md``.
"""
