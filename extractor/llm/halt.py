"""One stop signal for a whole run, and requests bounded by a wall-clock deadline.

httpx's read timeout starts again with every chunk, so a server that trickles bytes could
hold a worker for ever; and a Ctrl-C, a crashed model server or a dead endpoint must not
wait for the requests in flight. So each request runs in a daemon thread and its caller
waits for the answer, the deadline or the run's stop, whichever comes first. An abandoned
request's thread ends with its connection or with the process; its article keeps no
record, so a rerun does it.
"""

from __future__ import annotations

import copy
import queue
import threading
from typing import Any, Callable

from extractor import errors


class Halt:
    """Tripped once, by whoever first sees that the run cannot go on; every waiter wakes at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._error: errors.RunStopped | None = None
        self._waiters: set[threading.Event] = set()
        self._tripped = threading.Event()
        self._runners = Runners()

    @property
    def error(self) -> errors.RunStopped | None:
        return self._error

    def trip(self, error: errors.RunStopped) -> errors.RunStopped:
        """Stop the run for ``error``; the first reason wins, so the run ends with one message."""
        with self._lock:
            if self._error is None:
                self._error = error
            waiters = list(self._waiters)
        self._tripped.set()
        for event in waiters:
            event.set()
        return copy.copy(self._error)

    def check(self) -> None:
        """Raise the run's stop reason, if any (a copy: several threads may raise it at once)."""
        if self._error is not None:
            raise copy.copy(self._error)

    def sleep(self, seconds: float) -> None:
        """A backoff pause that ends early when the run stops."""
        self._tripped.wait(max(0.0, seconds))
        self.check()

    def wait(self, seconds: float | None) -> bool:
        """Block until the run stops or ``seconds`` pass; True if it stopped."""
        return self._tripped.wait(seconds)

    def bounded(self, request: Callable[[], Any], seconds: float, on_timeout: Callable[[], BaseException]) -> Any:
        """``request()``'s result, or ``on_timeout()`` raised after ``seconds``, or the stop reason."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = request()
            except BaseException as e:   # handed to the caller, re-raised there
                box["error"] = e
            finally:
                done.set()

        with self._lock:
            self._waiters.add(done)
        try:
            self.check()
            self._runners.submit(run)
            finished = done.wait(seconds)
            self.check()
            if not finished or not box:
                raise on_timeout()
        finally:
            with self._lock:
                self._waiters.discard(done)
        if "error" in box:
            raise box["error"]
        return box["value"]


class Runners:
    """Daemon threads that run requests, reused: starting a thread per request cost a fifth of the
    throughput at 64 requests in flight (bench/throughput.py: 50 against 62 articles/s with reuse).
    Idle threads beyond those needed end after IDLE seconds; one busy with an abandoned request ends
    with it or with the process (daemon: never awaited)."""

    IDLE = 30.0

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def submit(self, task: Callable[[], None]) -> None:
        with self._lock:
            start = self._idle == 0
            self._idle -= not start
        self._tasks.put(task)
        if start:
            threading.Thread(target=self._serve, name="extractor-request", daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                task = self._tasks.get(timeout=self.IDLE)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:      # still counted idle: nobody is about to hand us a task
                        self._idle -= 1
                        return
                continue
            task()
            with self._lock:
                self._idle += 1
