"""How many prompt tokens the server really computed for a request (the rest came from its cache).

``usage.prompt_tokens`` counts what was sent, not what was read: a pass that shares the article's
prefix with the one before costs only its new tokens. OpenAI-style endpoints say so in
``usage.prompt_tokens_details.cached_tokens``; llama-cpp-python's server says it only in its own
verbose log, one ``prompt eval time = … / N tokens`` line per request, which ServerLog reads.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

_PROMPT_EVAL = re.compile(rb"prompt eval time\s*=\s*[\d.]+\s*ms\s*/\s*(\d+)\s*tokens")


class ServerLog:
    """The embedded server's log, read from where the last request's lines ended.

    Requests to the embedded server are one at a time (concurrency 1), so the prompt-eval line that
    appears after a request is that request's. The server writes it before it answers; a short wait
    covers the file system's delay.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = path.stat().st_size if path.exists() else 0
        self._lock = threading.Lock()

    def computed(self, wait: float = 0.5) -> int | None:
        """Prompt tokens evaluated by the last request, or None if the log does not say."""
        deadline = time.monotonic() + wait
        with self._lock:
            while True:
                found = self._read_new()
                if found is not None or time.monotonic() >= deadline:
                    return found
                time.sleep(0.05)

    def _read_new(self) -> int | None:
        try:
            with self.path.open("rb") as f:
                f.seek(self._offset)
                data = f.read()
        except OSError:
            return None
        end = data.rfind(b"\n") + 1          # a line still being written waits for the next read
        matches = _PROMPT_EVAL.findall(data[:end])
        self._offset += end
        return int(matches[-1]) if matches else None


def cached_by_endpoint(usage: Any) -> int | None:
    """Prompt tokens computed, from an endpoint that reports its cache hits in the usage."""
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) if details is not None else None
    sent = getattr(usage, "prompt_tokens", None)
    if cached is None or sent is None:
        return None
    return max(0, sent - cached)


class PromptCache:
    """Prompt tokens sent and really computed over a run: how much the server's prompt cache saved."""

    def __init__(self) -> None:
        self.sent = self.computed = 0
        self._lock = threading.Lock()

    def count(self, usage: Any, server_log: ServerLog | None) -> int | None:
        computed = server_log.computed() if server_log else cached_by_endpoint(usage)
        if computed is not None:
            with self._lock:
                self.sent += getattr(usage, "prompt_tokens", 0) or 0
                self.computed += computed
        return computed

    def hit_ratio(self) -> float | None:
        return 1 - self.computed / self.sent if self.sent else None
