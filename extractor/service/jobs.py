"""Posting a job: parse the body (JSON or NDJSON), check the limits, store it once, enqueue what needs a model.

Limits answer before anything is stored: a body over ``max_body_bytes`` is 413, a job over
``max_job_articles`` is 413, an article over ``max_chars`` or a malformed one is 422, each with
a one-line reason. An ``Idempotency-Key`` seen before returns the job it made (409 if the body
differs); articles whose record is already cached are answered from it and never enqueued.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from typing import Any, Literal

import pydantic

from extractor import errors
from extractor.service import queue as queue_module, runner, store as store_module
from extractor.settings import Settings

log = logging.getLogger("extractor.service")


class Rejected(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ArticleIn(pydantic.BaseModel):
    id: str = pydantic.Field(min_length=1, max_length=200, description="Your key for the article (custom_id); "
                             "its record has it as article_id. Unique within a job.")
    text: str = pydantic.Field(min_length=1, description="The article text; offsets in the record index into it.")
    date: str | None = pydantic.Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    url: str | None = pydantic.Field(None, max_length=2000)
    title: str | None = pydantic.Field(None, max_length=1000)


class JobIn(pydantic.BaseModel):
    articles: list[ArticleIn] = pydantic.Field(min_length=1)
    model: str | None = pydantic.Field(None, min_length=1, max_length=200,
                                       description="Model name at the endpoint [default: the service's model]")


class ExtractIn(ArticleIn):
    model: str | None = pydantic.Field(None, min_length=1, max_length=200)


class Counts(pydantic.BaseModel):
    total: int
    ok: int
    invalid: int
    error: int
    pending: int
    cancelled: int = pydantic.Field(description="Articles not run because the job was cancelled first")


class Job(pydantic.BaseModel):
    id: str
    status: Literal["queued", "running", "completed", "cancelled"]
    counts: Counts
    model: str
    created: float


class Problem(pydantic.BaseModel):
    error: str


class Health(pydantic.BaseModel):
    status: Literal["ok", "unavailable"]
    store: bool
    queue: bool
    model: bool | None = pydantic.Field(description="The model endpoint answered; null when this process runs no workers")
    queue_depth: int | None


def parse(body: bytes, content_type: str, settings: Settings) -> JobIn:
    """The job in a JSON object ``{"articles": [...]}`` or NDJSON (one article per line)."""
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("application/x-ndjson", "application/jsonl", "application/ndjson"):
            lines = [line for line in body.split(b"\n") if line.strip()]
            if len(lines) > settings.max_job_articles:
                raise Rejected(413, too_many(len(lines), settings))
            return JobIn(articles=[ArticleIn.model_validate_json(line) for line in lines])
        if media != "application/json":
            raise Rejected(415, "send the job as application/json or application/x-ndjson")
        data = json.loads(body)
        if isinstance(data, dict) and isinstance(data.get("articles"), list) \
                and len(data["articles"]) > settings.max_job_articles:
            raise Rejected(413, too_many(len(data["articles"]), settings))
        return JobIn.model_validate(data)
    except (ValueError, pydantic.ValidationError) as e:
        raise Rejected(422, describe(e)) from None


def too_many(n: int, settings: Settings) -> str:
    return f"job too large: {n:,} articles, over the limit of {settings.max_job_articles:,}; split it into jobs"


def describe(error: Exception) -> str:
    """One line naming where the body is wrong; never the body itself."""
    if isinstance(error, pydantic.ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        return f"invalid request: {where}: {first['msg']}" + (f" (and {error.error_count() - 1} more)"
                                                             if error.error_count() > 1 else "")
    if isinstance(error, json.JSONDecodeError):
        return f"invalid request: malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
    return f"invalid request: {error}"


def submit(job: JobIn, key: str | None, settings: Settings, store: Any, queue: queue_module.Queue,
           stamped: dict[str, str]) -> dict[str, Any]:
    """Store the job (or find it by its Idempotency-Key) and enqueue its articles; the job as shown.
    ``stamped``: the versions of the code this process loaded (runner.stamp), for the cache key."""
    ids = [a.id for a in job.articles]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise Rejected(422, f"invalid request: article id {duplicate!r} appears twice; ids are the records' keys")
    try:
        articles = [runner.payload(a.model_dump(), settings.max_chars) for a in job.articles]
    except ValueError as e:
        raise Rejected(422, str(e)) from None
    model = job.model or settings.model
    digest = hashlib.sha256(json.dumps([model, articles], sort_keys=True).encode()).hexdigest()
    new = {"id": "job_" + uuid.uuid4().hex[:20], "key": key, "digest": digest, "model": model, "created": time.time()}
    try:
        job_id = store.create(new, articles)
    except store_module.Conflict as e:
        raise Rejected(409, str(e)) from None
    if job_id == new["id"]:
        pending = []
        for index, article in enumerate(articles):
            cached = store.cached(runner.cache_key(article, model, stamped))
            if cached is not None:
                store.finish(job_id, index, runner.from_cache(cached, article, job_id), None)
            else:
                pending.append(index)
        threading.Thread(target=enqueue, args=(job_id, pending, store, queue), name=f"enqueue {job_id}",
                         daemon=True).start()
    return store.job(job_id)


def enqueue(job_id: str, pending: list[int], store: Any, queue: queue_module.Queue) -> None:
    """After the 202: one queue message per article (a SQLite queue commits each, ≈ 4 ms), so a job of
    10,000 articles is answered at once and its first articles start while the rest are enqueued.
    If this process dies first, `extract serve` enqueues the rest when it starts (Node.recover)."""
    try:
        for index in pending:
            queue.put(job_id, index)
        store.enqueued(job_id)
    except Exception as e:
        log.error("enqueueing job %s stopped: %s (the next `extract serve` start enqueues the rest)",
                  job_id, errors.one_line(str(e)))
