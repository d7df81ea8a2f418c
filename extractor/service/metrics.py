"""Prometheus metrics read from the shared store at scrape time, so one scrape of the API covers every worker.

Counters kept per process would show only the API's own process; the store's counters are
written once per final record (store.finish), by whichever worker wrote it.
"""

from __future__ import annotations

from typing import Any, Iterator

import prometheus_client
import prometheus_client.core as core
import prometheus_client.registry

from extractor.service import queue as queue_module, store as store_module


class Collector(prometheus_client.registry.Collector):
    def __init__(self, store: Any, queue: queue_module.Queue) -> None:
        self.store = store
        self.queue = queue

    def collect(self) -> Iterator[core.Metric]:
        stats = self.store.stats()
        articles = core.CounterMetricFamily("extractor_articles", "Articles with a final record, by status",
                                            labels=["status"])
        for status in store_module.STATUSES:
            articles.add_metric([status], stats.get(f"articles_{status}", 0))
        yield articles
        tokens = core.CounterMetricFamily("extractor_tokens", "Model tokens spent", labels=["kind"])
        for kind in ("prompt", "completion"):
            tokens.add_metric([kind], stats.get(f"{kind}_tokens", 0))
        yield tokens
        buckets = [(str(b), stats.get(f"seconds_le_{b}", 0)) for b in store_module.BUCKETS]
        buckets.append(("+Inf", stats.get("seconds_count", 0)))
        yield core.HistogramMetricFamily("extractor_article_seconds", "Seconds per article (all its passes)",
                                         buckets=buckets, sum_value=stats.get("seconds_sum", 0))
        yield core.GaugeMetricFamily("extractor_queue_depth", "Messages waiting in the queue", value=self.queue.depth())
        yield core.GaugeMetricFamily("extractor_leases", "Articles being worked on (claimed under a lease)",
                                     value=stats.get("leases", 0))
        yield core.CounterMetricFamily("extractor_leases_expired", "Articles redone after their worker's lease ran out",
                                       value=stats.get("reaped", 0))


def render(store: Any, queue: queue_module.Queue) -> tuple[bytes, str]:
    registry = prometheus_client.CollectorRegistry()
    registry.register(Collector(store, queue))
    return prometheus_client.generate_latest(registry), prometheus_client.CONTENT_TYPE_LATEST
