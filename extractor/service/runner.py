"""The service's one seam to the extraction code: an article payload in, a §4 record out.

It calls the same per-article function as `extract run` (worker.one with passes.extract and
the llm Client), so the two never drift; everything else in service/ deals only in dicts.
An article already extracted under the same text, date, model and versions is answered
from the store's cache without a model call.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import json
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from extractor import articles, code_version, errors, passes, prompts, records, worker
from extractor.llm import client as llm, embedded
from extractor.settings import Settings
from schemas import extraction

CODE_VERSION = importlib.metadata.version("extractor")   # the package version the API reports


def payload(raw: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """A posted article as stored and queued; ValueError says in one line what is wrong with it."""
    try:
        text = articles.decode(raw["text"].encode("utf-8"))
        articles.check_length(text, max_chars)
        date = raw.get("date") or articles.article_date(text)   # an impossible date is an InputError
    except errors.InputError as e:
        raise ValueError(f"article {raw['id']!r}: {e}") from None
    return {"id": raw["id"], "text": text, "date": date,
            "url": raw.get("url"), "title": raw.get("title"),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def stamp(settings: Settings) -> dict[str, str]:
    """The versions a record depends on besides its model, the answers' format included (as ``extract run``
    resumes on it); hashing the code takes milliseconds, so once per job (API) or per process (workers:
    the code they run is the code they loaded)."""
    return {"prompt_version": prompts.version(), "schema_version": extraction.SCHEMA_VERSION,
            "code_version": code_version.version(), "answers": "json" if settings.json_answers else "tools"}


def versions(model: str, job_id: str, stamped: dict[str, str]) -> dict[str, str]:
    return {"model": model, **stamped, "run_id": job_id}


def cache_key(article: dict[str, Any], model: str, stamped: dict[str, str]) -> str:
    """What an extraction depends on: the text, its date, the model, the prompts, the schema and the code."""
    parts = [article["sha256"], article.get("date") or "", model, stamped["prompt_version"],
             stamped["schema_version"], stamped["code_version"], stamped["answers"]]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def from_cache(record: dict[str, Any], article: dict[str, Any], job_id: str) -> dict[str, Any]:
    """An earlier ok record for the same text, under this job and article id; it cost no model call."""
    return {**record, "article_id": article["id"], "source": f"job {job_id}", "article_date": article.get("date"),
            "run_id": job_id, "attempts": 0, "usage": {"prompt_tokens": 0, "completion_tokens": 0}, "seconds": 0.0}


@contextlib.contextmanager
def endpoint(settings: Settings) -> Iterator[str]:
    """The model endpoint: the one configured, or the embedded model started here (as `extract run` does)."""
    if settings.base_url:
        yield settings.base_url
        return
    with embedded.serve(settings, log=Path(settings.data) / "server.log") as url:
        yield url


class SharedBackoff(llm.Backoff):
    """A 429 pauses every worker of every process: the hold is kept in the shared store too."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store

    def hold(self, seconds: float) -> None:
        super().hold(seconds)
        with contextlib.suppress(Exception):     # the store unreachable: this process still holds
            self.store.hold(time.time() + seconds)

    def wait(self, *halt: Any) -> None:
        """Read before every request: one small read, beside a model call of 100 ms or more."""
        super().wait(*halt)
        try:
            delay = min(self.store.held() - time.time(), 120.0)
        except Exception:
            return
        if delay > 0:
            time.sleep(delay)


class Runner:
    """Records for the articles a process's workers claim; one llm Client per model, one backoff for all."""

    def __init__(self, settings: Settings, base_url: str, store: Any) -> None:
        self.settings = settings
        self.base_url = base_url
        self.store = store
        self.backoff = SharedBackoff(store)
        self.stamp = stamp(settings)
        self._clients: dict[str, llm.Client] = {}
        self._lock = threading.Lock()

    def record(self, article: dict[str, Any], model: str, job_id: str) -> tuple[dict[str, Any], str]:
        """The article's record and its cache key."""
        key = cache_key(article, model, self.stamp)
        hit = self.store.cached(key)
        if hit is not None:
            return from_cache(hit, article, job_id), key
        item = articles.Article(article["id"], f"job {job_id}", article["text"], article.get("date"),
                                article["sha256"], title=article.get("title"), url=article.get("url"))
        record = worker.one(item, self._client(model), versions(model, job_id, self.stamp), passes.extract)
        return scrub(record.capped().to_json(), self.settings.api_key), key

    def failed(self, article: dict[str, Any], model: str, job_id: str, error: Exception) -> dict[str, Any]:
        """An error record for an article the service itself failed on: it must not be retried forever."""
        record = records.Record(str(article.get("id")), f"job {job_id}", article.get("sha256"), article.get("date"),
                                error={"type": type(error).__name__, "message": errors.one_line(str(error))},
                                versions=versions(model, job_id, self.stamp))
        return scrub(record.to_json(), self.settings.api_key)

    def _client(self, model: str) -> llm.Client:
        with self._lock:
            if model not in self._clients:
                self._clients[model] = llm.Client(dataclasses.replace(self.settings, model=model), self.base_url,
                                                  backoff=self.backoff)
            return self._clients[model]


def scrub(record: dict[str, Any], secret: str | None) -> dict[str, Any]:
    """A last guard, as in records.jsonl: an unexpected error may quote a request header."""
    text = json.dumps(record, ensure_ascii=False)
    return json.loads(errors.redact(text, secret)) if secret and secret in text else record
