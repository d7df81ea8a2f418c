"""One process's share of the work: run claimed articles, keep their leases alive, bring back dead ones.

A worker claims an article in the store under a lease of ``--lease`` seconds and renews it every
quarter lease while it works. A worker that dies (SIGKILL, power loss) stops renewing; once its
lease has run out, the next reap in any live process (every quarter lease) puts the article back to
queued and enqueues it again. A worker that was only slow and finishes after all finds the
article's record already written and its own is dropped: one final record per article.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from extractor import errors
from extractor.service import queue as queue_module, runner as runner_module
from extractor.settings import Settings

log = logging.getLogger("extractor.service")


class Node:
    def __init__(self, settings: Settings, store: Any, queue: queue_module.Queue,
                 runner: runner_module.Runner | None) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.runner = runner
        self._held: dict[tuple[str, int], str] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def process(self, job_id: str, index: int) -> None:
        """The task: claim, extract, keep the first record. A message for a final article does nothing."""
        assert self.runner is not None, "an API-only process runs no articles"
        token = uuid.uuid4().hex
        claim = self.store.claim(job_id, index, token, time.time() + self.settings.lease)
        if claim is None:
            return
        with self._lock:
            self._held[(job_id, index)] = token
        try:
            try:
                record, key = self.runner.record(claim["article"], claim["model"], job_id)
            except errors.RunStopped as e:    # the endpoint, not the article: the lease runs out and it is redone
                log.warning("article %s of %s left for another try: %s", index, job_id, self._line(e))
                return
            except Exception as e:            # a bug costs this article one error record, not a redo loop
                log.error("article %s of %s failed: %s: %s", index, job_id, type(e).__name__, self._line(e))
                record, key = self.runner.failed(claim["article"], claim["model"], job_id, e), None
            self.store.finish(job_id, index, record, key)
        finally:
            with self._lock:
                self._held.pop((job_id, index), None)

    def recover(self) -> int:
        """Enqueue the articles of jobs whose enqueueing a dead API never finished."""
        pending = self.store.unenqueued()
        for job_id, index in pending:
            self.queue.put(job_id, index)
        for job_id in {job for job, _ in pending}:
            self.store.enqueued(job_id)
        return len(pending)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._keep, name="leases", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _keep(self) -> None:
        interval = max(0.05, self.settings.lease / 4)
        while not self._stop.wait(interval):
            try:
                self.tick()
            except Exception as e:   # the store or queue unreachable for a moment: try again next tick
                log.warning("lease keeping failed: %s", self._line(e))

    def _line(self, error: Exception) -> str:
        """An error for the log: one line, the model's API key masked."""
        return errors.redact(errors.one_line(str(error)), self.settings.api_key)

    def tick(self) -> None:
        with self._lock:
            claims = [(job, index, token) for (job, index), token in self._held.items()]
        if claims:
            self.store.renew(claims, time.time() + self.settings.lease)
        for job_id, index in self.store.reap(time.time()):
            self.queue.put(job_id, index)
