"""The task queue: huey on SQLite under ``--data`` (one machine) or on Redis (many), with the same task.

A message is only a pointer (job id, article index); the article and the right to work on it
live in the store. huey delivers a message to one worker and forgets it, so a worker killed
mid-article loses its message: the store's lease brings the article back (node.py), which
makes delivery at-least-once, and the store's first-record-wins ``finish`` makes it count once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import huey
import huey.consumer

from extractor.settings import Settings

TASK = "extractor.article"


class Queue:
    def __init__(self, settings: Settings) -> None:
        if settings.queue:
            self.huey: huey.Huey = huey.RedisHuey("extractor", url=settings.queue, results=False, read_timeout=1)
        else:
            Path(settings.data).mkdir(parents=True, exist_ok=True)
            self.huey = huey.SqliteHuey("extractor", filename=str(Path(settings.data) / "queue.db"), results=False)
        self._handler: Callable[[str, int], None] | None = None
        self._task = self.huey.task(name=TASK)(self._run)

    def _run(self, job_id: str, index: int) -> None:
        if self._handler is None:
            raise RuntimeError("this process has no worker attached to the queue")
        self._handler(job_id, index)

    def put(self, job_id: str, index: int) -> None:
        self._task(job_id, index)

    def depth(self) -> int:
        """Messages waiting (not those being worked on)."""
        return self.huey.pending_count()

    def consumer(self, workers: int, handler: Callable[[str, int], None], signals: bool) -> huey.consumer.Consumer:
        """``workers`` threads running ``handler`` for each message; idle ones poll SQLite at least every 0.5 s.

        ``signals=False`` when another server (uvicorn) owns SIGINT/SIGTERM in this process.
        """
        self._handler = handler
        kind = huey.consumer.Consumer if signals else _QuietConsumer
        return kind(self.huey, workers=workers, worker_type="thread", periodic=False, max_delay=0.5,
                    check_worker_health=True, shutdown_timeout=30)


class _QuietConsumer(huey.consumer.Consumer):
    def _set_signal_handlers(self) -> None:
        """uvicorn handles the signals of `extract serve`, which then stops this consumer."""
