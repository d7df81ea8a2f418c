"""Every knob in one frozen object, built once in the CLI and passed down.

Precedence is flags > ``EXTRACT_*`` environment variables > defaults; nothing deeper in
the code reads the environment, so tests set options explicitly.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
from pathlib import Path
from typing import Any, Mapping

EMBEDDED_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
OPENAI_URL = "https://api.openai.com/v1"


@dataclasses.dataclass(frozen=True)
class Settings:
    model: str = EMBEDDED_MODEL
    base_url: str | None = None          # None: start the embedded server
    api_key: str | None = dataclasses.field(default=None, repr=False)
    out: Path = Path("runs/latest")
    gold: Path | None = None
    concurrency: int = 1
    max_retries: int = 3                 # validation re-asks after the first answer
    transport_attempts: int = 5
    timeout: float = 600.0               # seconds per request; a CPU model is slow
    retry_wait: float = 0.5              # first transport backoff in seconds; doubles per attempt
    max_chars: int = 100_000             # longer articles are refused (README: Reliability)
    limit: int | None = None
    force: bool = False
    temperature: float = 0.0
    reask_temperature: float = 0.5      # a re-ask at 0 gets the same broken answer back
    cache_dir: Path = Path.home() / ".cache" / "extractor"
    n_ctx: int = 16384
    threads: int | None = None
    server_command: tuple[str, ...] | None = None   # replaces llama_cpp.server ("{port}" filled in); for tests
    answers: str = "auto"                # "json": passes that need not see their schema answer JSON under the
                                         # server's grammar, so the prompt is the article and the instruction
                                         # (llama.cpp servers); "tools": function calling for every pass (any
                                         # OpenAI endpoint); "auto": json on the embedded model, tools elsewhere
    # the service (extract serve / extract worker; README: Service)
    data: Path = Path("runs/service")   # SQLite queue and store of the embedded service
    queue: str | None = None             # redis://HOST:PORT/DB for scale-out; None: SQLite under data
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: str | None = dataclasses.field(default=None, repr=False)
    lease: float = 60.0                  # seconds a worker holds an article without renewing it
    max_body_bytes: int = 32 * 2**20
    max_job_articles: int = 10_000
    sync_timeout: float = 300.0          # POST /v1/extract waits this long for its record
    api_only: bool = False               # extract serve without worker threads (workers run elsewhere)

    @property
    def embedded(self) -> bool:
        return self.base_url is None

    @property
    def llama_server(self) -> bool:
        """The endpoint is a llama.cpp server (the embedded model, or --answers json): it renders turns
        with its own function-calling template, and takes a schema as an answer's grammar."""
        return self.embedded or self.answers == "json"

    @property
    def json_answers(self) -> bool:
        return self.llama_server and self.answers != "tools"


_ENV = {  # field -> (variable, parser)
    "model": ("EXTRACT_MODEL", str),
    "base_url": ("EXTRACT_BASE_URL", str),
    "api_key": ("OPENAI_API_KEY", str),
    "out": ("EXTRACT_OUT", Path),
    "gold": ("EXTRACT_GOLD", Path),
    "concurrency": ("EXTRACT_CONCURRENCY", int),
    "max_retries": ("EXTRACT_MAX_RETRIES", int),
    "timeout": ("EXTRACT_TIMEOUT", float),
    "retry_wait": ("EXTRACT_RETRY_WAIT", float),
    "max_chars": ("EXTRACT_MAX_CHARS", int),
    "cache_dir": ("EXTRACT_CACHE_DIR", Path),
    "n_ctx": ("EXTRACT_N_CTX", int),
    "threads": ("EXTRACT_THREADS", int),
    "answers": ("EXTRACT_ANSWERS", str),
    "data": ("EXTRACT_DATA", Path),
    "queue": ("EXTRACT_QUEUE", str),
    "host": ("EXTRACT_HOST", str),
    "port": ("EXTRACT_PORT", int),
    "api_token": ("EXTRACT_API_TOKEN", str),
    "lease": ("EXTRACT_LEASE", float),
    "max_body_bytes": ("EXTRACT_MAX_BODY_BYTES", int),
    "max_job_articles": ("EXTRACT_MAX_JOB_ARTICLES", int),
    "sync_timeout": ("EXTRACT_SYNC_TIMEOUT", float),
}


def build(flags: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
    """Merge flags over environment over defaults; a flag left as None does not override."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for field, (var, parse) in _ENV.items():
        if env.get(var):
            try:
                values[field] = parse(env[var])
            except ValueError:
                kind = {int: "a whole number", float: "a number"}.get(parse, "valid")
                raise ValueError(f"environment variable {var}={env[var]!r} is not {kind}") from None
    values.update({k: v for k, v in flags.items() if v is not None})
    model = values.get("model", EMBEDDED_MODEL)
    if not values.get("base_url") and model != EMBEDDED_MODEL:
        if not values.get("api_key"):
            raise ValueError(f"--model {model} needs --base-url (or EXTRACT_BASE_URL), or OPENAI_API_KEY for the OpenAI API")
        values["base_url"] = OPENAI_URL
    if values.get("base_url"):
        values.setdefault("model", "default")
        values.setdefault("concurrency", 4)
    if values.get("answers", "auto") not in ("auto", "json", "tools"):
        raise ValueError(f"EXTRACT_ANSWERS must be auto, json or tools (not {values['answers']!r})")
    settings = Settings(**values)
    if settings.concurrency < 1 or settings.max_retries < 0:
        raise ValueError("--concurrency must be >= 1 and --max-retries >= 0")
    if not math.isfinite(settings.timeout) or settings.timeout <= 0 or settings.max_chars < 1:
        raise ValueError(f"--timeout must be a finite number of seconds > 0 (not {settings.timeout}) "
                         "and --max-chars >= 1")
    if settings.limit is not None and settings.limit < 0:
        raise ValueError(f"--limit must be >= 0, not {settings.limit}")
    if settings.queue and not settings.queue.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"--queue must be a redis:// URL (or left out for SQLite under --data), not {settings.queue!r}")
    if settings.lease <= 0 or settings.max_body_bytes < 1 or settings.max_job_articles < 1 or settings.sync_timeout <= 0:
        raise ValueError("--lease and --sync-timeout must be > 0, the body and job limits >= 1")
    if not settings.api_token and not loopback(settings.host):
        raise ValueError(f"--host {settings.host} is reachable from other machines: set EXTRACT_API_TOKEN "
                         "(clients then send Authorization: Bearer <token>)")
    return settings


def loopback(host: str) -> bool:
    """Only this machine can connect (the service's safe default needs no token)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
