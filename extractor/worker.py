"""Run articles into ``<out>/records.jsonl`` (SPEC §4): one flushed line per finished article.

Nothing written is lost or duplicated: lines are appended whole and fsynced, a torn last
line from a killed run is cut off on resume, the file is compacted to one record per
article when a run ends, and a lock (flock) refuses a second run into the same folder.
The model is started only when some article actually needs it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import fcntl
import json
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

from extractor import articles, errors, passes, prompts
from extractor.llm import client as llm, embedded
from extractor.settings import Settings
from schemas import extraction

RECORDS = "records.jsonl"


@dataclasses.dataclass
class Outcome:
    records: list[dict[str, Any]]          # this run's records, in input order
    skipped: list[dict[str, Any]]          # earlier ok records that were reused

    @property
    def failed(self) -> int:
        return sum(r["status"] != "ok" for r in self.records)


class Hooks:
    """What the CLI shows while a run goes on; the default shows nothing."""
    def assembling(self, done: int, total: int) -> None: ...
    def starting(self, pending: int) -> None: ...
    def finished(self, record: dict[str, Any]) -> None: ...


def run(settings: Settings, path: Path, hooks: Hooks | None = None,
        extract: Callable[[articles.Article, llm.Client], passes.Result] = passes.extract,
        connect: Callable[[Settings, str], llm.Client] | None = None) -> Outcome:
    """Process every article under ``path``; one article's failure never stops the run."""
    hooks = hooks or Hooks()
    out = Path(settings.out)
    out.mkdir(parents=True, exist_ok=True)
    with lock(out):
        store = Store(out / RECORDS, secret=settings.api_key)
        previous = store.latest()
        run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        versions = {"model": settings.model, "prompt_version": prompts.version(),
                    "schema_version": extraction.SCHEMA_VERSION, "run_id": run_id}
        items = list(articles.load(path, settings.max_chars))
        if settings.limit is not None:
            items = items[: settings.limit]
        done: list[dict[str, Any]] = []
        skipped, pending = [], []
        for item in items:
            old = previous.get(item.id)
            if isinstance(item, articles.Failed):
                done.append(store.append(failed_record(item, versions)))
                hooks.finished(done[-1])
            elif not settings.force and old and is_current(old, item, versions):
                skipped.append(old)
            else:
                pending.append(item)
        try:
            if pending:
                hooks.starting(len(pending))
                with endpoint(settings, hooks) as base_url:
                    client = connect(settings, base_url) if connect else \
                        llm.Client(settings, base_url, log=llm.CallLog(out / "calls.jsonl"))
                    for record in process(pending, client, settings, versions, extract):
                        done.append(store.append(record))
                        hooks.finished(record)
        finally:
            store.compact()
    order = {item.id: i for i, item in enumerate(items)}
    done.sort(key=lambda r: order.get(r["article_id"], len(order)))
    return Outcome(done, skipped)


def is_current(record: dict[str, Any], article: articles.Article, versions: dict[str, str]) -> bool:
    return record.get("status") == "ok" and record.get("sha256") == article.sha256 and all(
        record.get(k) == versions[k] for k in ("model", "prompt_version", "schema_version"))


@contextlib.contextmanager
def endpoint(settings: Settings, hooks: Hooks) -> Iterator[str]:
    if settings.base_url:
        yield settings.base_url
        return
    with embedded.serve(settings, progress=hooks.assembling, log=Path(settings.out) / "server.log") as url:
        yield url


def process(pending: list[articles.Article], client: llm.Client, settings: Settings,
            versions: dict[str, str], extract: Callable[..., passes.Result]) -> Iterator[dict[str, Any]]:
    """Records in completion order; at most ``concurrency`` articles in flight."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        futures = [pool.submit(one, article, client, versions, extract) for article in pending]
        try:
            for future in concurrent.futures.as_completed(futures):
                yield future.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def one(article: articles.Article, client: llm.Client, versions: dict[str, str],
        extract: Callable[..., passes.Result]) -> dict[str, Any]:
    started = time.monotonic()
    base = base_record(article.id, article.source, article.sha256, article.date, versions)
    try:
        result = extract(article, client)
    except errors.ExtractorError as e:
        status = "invalid" if isinstance(e, errors.ValidationFailed) else "error"
        return {**base, "status": status, "error": e.as_record(), "last_raw": e.last_raw,
                "attempts": e.attempts, "usage": e.usage, "seconds": round(time.monotonic() - started, 2)}
    except Exception as e:  # a bug must cost one article, not the run
        return {**base, "status": "error", "error": {"type": type(e).__name__, "message": errors.one_line(str(e))},
                "seconds": round(time.monotonic() - started, 2)}
    return {**base, "status": "ok", "extraction": result.extraction.model_dump(mode="json"),
            "dropped": result.dropped, "last_raw": result.call.last_raw, "attempts": result.call.attempts,
            "usage": result.call.usage.as_dict(), "seconds": round(time.monotonic() - started, 2)}


def base_record(article_id: str, source: str, sha256: str | None, date: str | None,
                versions: dict[str, str]) -> dict[str, Any]:
    return {"article_id": article_id, "source": source, "sha256": sha256, "article_date": date,
            "status": "error", "extraction": None, "dropped": [], "error": None, "last_raw": None,
            "attempts": 0, "usage": {"prompt_tokens": 0, "completion_tokens": 0}, "seconds": 0.0, **versions}


def failed_record(item: articles.Failed, versions: dict[str, str]) -> dict[str, Any]:
    return {**base_record(item.id, item.source, item.sha256, None, versions), "error": item.error.as_record()}


class Store:
    """records.jsonl: appended line by line, read as the last record per article."""

    def __init__(self, path: Path, secret: str | None = None) -> None:
        self.path = path
        self.secret = secret
        self._lock = threading.Lock()
        self._repair()

    def _repair(self) -> None:
        """Cut a torn last line left by a killed run; its article has no final record and is redone."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.path.open("r+b") as f:
                f.truncate(data.rfind(b"\n") + 1)

    def latest(self) -> dict[str, dict[str, Any]]:
        records: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError):
                    record = json.loads(line)
                    records.pop(record["article_id"], None)
                    records[record["article_id"]] = record
        return records

    def append(self, record: dict[str, Any]) -> dict[str, Any]:
        """Write one whole line and fsync it; return the record as written (the API key masked)."""
        text = json.dumps(record, ensure_ascii=False)
        if self.secret and self.secret in text:   # a last guard: an unexpected error may quote a header
            text = errors.redact(text, self.secret)
            record = json.loads(text)
        line = (text + "\n").encode("utf-8")
        with self._lock, self.path.open("ab") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        return record

    def compact(self) -> None:
        """One line per article, the latest; written aside and renamed so a crash keeps the old file."""
        with self._lock:
            latest = self.latest()
            temp = self.path.with_suffix(".jsonl.tmp")
            with temp.open("w", encoding="utf-8") as f:
                for record in latest.values():
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, self.path)


@contextlib.contextmanager
def lock(out: Path) -> Iterator[None]:
    """Refuse a second run into the same folder.

    An advisory lock (flock) on ``OUT/.lock``: the kernel drops it when its holder dies, even by
    SIGKILL, so a dead run's lock never blocks a resume and a reused pid is never mistaken for a run.
    The file holds the pid only for the message.
    """
    path = out / ".lock"
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise errors.RunLocked(f"another run (pid {pid}) is writing into {out}; wait for it or use another --out") from None
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        os.close(fd)     # the holder removed the file between our open and our lock: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)
