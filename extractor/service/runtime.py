"""The two service commands: `extract serve` (API, plus worker threads unless --api-only) and `extract worker`.

Both build the same store, queue, runner and node from Settings; a worker is a serve without
the API, so a machine can join a Redis queue with nothing but `extract worker --queue redis://…`.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Iterator

import uvicorn

from extractor import errors
from extractor.service import api, node as node_module, queue as queue_module, runner, store as store_module
from extractor.settings import Settings

log = logging.getLogger("extractor.service")


def serve(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM; in-flight articles finish first (up to the lease, then they are redone)."""
    store, queue = reach(settings)
    with workers(settings, store, queue, signals=False) as base_url:
        app = api.build(settings, store, queue, base_url)
        log.info("extractor API on http://%s:%d (docs at /docs)", settings.host, settings.port)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)


def work(settings: Settings) -> None:
    """Run worker threads on the queue until SIGINT (finish in-flight articles) or SIGTERM."""
    store, queue = reach(settings)
    with endpoint_runner(settings, store) as model:
        node = node_module.Node(settings, store, queue, model)
        consumer = queue.consumer(settings.concurrency, node.process, signals=True)
        node.start()
        try:
            log.info("extractor worker: %d thread(s) on %s", settings.concurrency, settings.queue or settings.data)
            consumer.run()
        finally:
            node.stop()


def reach(settings: Settings) -> tuple[object, queue_module.Queue]:
    """The store and the queue, checked once, so an unreachable Redis is one line and not a traceback later."""
    where = settings.queue or str(settings.data)
    try:
        store, queue = store_module.open_store(settings), queue_module.Queue(settings)
        store.ping()
        queue.depth()
    except Exception as e:
        raise errors.ExtractorError(f"cannot reach the queue and store at {where}: {errors.one_line(str(e), 160)}") from None
    return store, queue


@contextlib.contextmanager
def workers(settings: Settings, store: object, queue: queue_module.Queue, signals: bool) -> Iterator[str | None]:
    """Worker threads in this process for as long as the block runs; yields the model endpoint (None: API only)."""
    if settings.api_only:
        node = node_module.Node(settings, store, queue, None)
        node.recover()
        node.start()          # the reaper still runs here, so an API machine brings back dead workers' articles
        try:
            yield None
        finally:
            node.stop()
        return
    with endpoint_runner(settings, store) as model:
        node = node_module.Node(settings, store, queue, model)
        node.recover()
        consumer = queue.consumer(settings.concurrency, node.process, signals=signals)
        consumer.start()
        node.start()
        try:
            yield model.base_url
        finally:
            consumer.stop(graceful=True)
            node.stop()


@contextlib.contextmanager
def endpoint_runner(settings: Settings, store: object) -> Iterator[runner.Runner]:
    with runner.endpoint(settings) as base_url:
        yield runner.Runner(settings, base_url, store)
