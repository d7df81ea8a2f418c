"""One small hierarchy so the CLI can map every failure to a message and an exit code.

Each error keeps what a user needs to understand a failure: the original exception,
the model's last raw answer, how many attempts were made and the tokens they cost.
"""

from __future__ import annotations

from typing import Any


class ExtractorError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, original: BaseException | None = None, last_raw: str | None = None,
                 attempts: int = 0, usage: dict[str, int] | None = None) -> None:
        super().__init__(message)
        self.original = original
        self.last_raw = last_raw
        self.attempts = attempts
        self.usage = usage or {"prompt_tokens": 0, "completion_tokens": 0}

    def as_record(self) -> dict[str, Any]:
        return {"type": type(self).__name__, "message": one_line(str(self))}


class InputError(ExtractorError):
    """The article could not be read (empty, binary, not UTF-8, malformed JSONL)."""


class TransportError(ExtractorError):
    """The endpoint could not be reached or kept failing after backoff."""


class ValidationFailed(ExtractorError):
    """The model never produced an answer that passed the rules."""


class ModelStartError(ExtractorError):
    """The embedded model could not be assembled or its server did not come up."""
    exit_code = 3


class RunStopped(ExtractorError):
    """The whole run cannot go on; no article is at fault, so the articles not finished keep no record."""


class ServerCrashed(RunStopped):
    """The embedded model server died during the run (a signal or an exit)."""
    exit_code = 3


class EndpointFailed(RunStopped):
    """The endpoint refuses every request: nothing listening, a wrong key, an unknown model, no quota,
    no API at that address, or it rate-limits without end."""
    exit_code = 6


class RunLocked(ExtractorError):
    """Another run is writing into the same output folder."""
    exit_code = 4


class UsageError(ExtractorError):
    """What the user asked for cannot be done as asked: no articles under PATH, a missing or bad gold file."""
    exit_code = 2


class OutputError(ExtractorError):
    """OUT cannot be written: a file, read-only, or the disk is full. Records already written are kept."""
    exit_code = 5


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` masked; short or missing secrets are left alone."""
    if not text or not secret or len(secret) < 8:
        return text
    return text.replace(secret, "***")
