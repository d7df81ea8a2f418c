"""The extraction service (SPEC §8): an HTTP API (api.py) over a huey task queue (queue.py),
a job and record store with leases (store.py on SQLite, redis_store.py on Redis), per-process
workers (node.py) on the same per-article code as `extract run`, and Prometheus metrics (metrics.py).
"""
