"""Run articles into ``<out>/records.jsonl`` (SPEC §4): one flushed line per finished article.

Nothing written is lost or duplicated: the store (``extractor.records``) appends whole fsynced
lines, cuts a torn last line, skips and reports damaged ones and compacts the file when a run
ends; a lock (flock) refuses a second run into the same folder. The model is started only when
some article actually needs it. A folder that cannot be written stops the run (OutputError).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import fcntl
import os
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

from extractor import articles, code_version, errors, passes, prompts, records
from extractor.llm import client as llm, embedded, halt as halt_module, prefill
from extractor.settings import Settings
from schemas import extraction

RECORDS = records.RECORDS


@dataclasses.dataclass
class Outcome:
    records: list[records.Record]          # this run's records, in input order
    skipped: list[records.Record]          # earlier ok records that were reused
    cache: Any = None                      # the client's PromptCache: prompt tokens sent vs computed

    @property
    def failed(self) -> int:
        return sum(r.status != "ok" for r in self.records)


class Hooks:
    """What the CLI shows while a run goes on; the default shows nothing."""
    def assembling(self, done: int, total: int) -> None: ...
    def starting(self, pending: int) -> None: ...
    def finished(self, record: records.Record) -> None: ...
    def warning(self, message: str) -> None: ...


def run(settings: Settings, path: Path, hooks: Hooks | None = None,
        extract: Callable[[articles.Article, llm.Client], passes.Result] = passes.extract,
        connect: Callable[[Settings, str], llm.Client] | None = None) -> Outcome:
    """Process every article under ``path``; one article's failure never stops the run."""
    hooks = hooks or Hooks()
    out = Path(settings.out)
    with writable(out), lock(out):
        store = records.Store(out / RECORDS, secret=settings.api_key, warn=hooks.warning)
        try:
            previous = store.previous
            run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
            versions = {"model": settings.model, "prompt_version": prompts.version(),
                        "schema_version": extraction.SCHEMA_VERSION, "code_version": code_version.version(),
                        "answers": "json" if settings.json_answers else "tools", "run_id": run_id}
            items = list(articles.load(path, settings.max_chars, skip=(out,),
                                       taken={k: r.source for k, r in previous.items()}))
            if settings.limit is not None:
                items = items[: settings.limit]
            done: list[records.Record] = []
            skipped, pending = [], []
            cache = None
            for item in items:
                old = previous.get(item.id)
                if isinstance(item, articles.Failed):
                    done.append(store.append(failed_record(item, versions)))
                    hooks.finished(done[-1])
                elif not settings.force and old and old.is_current(item.sha256, versions):
                    skipped.append(old)
                else:
                    pending.append(item)
            if pending:
                hooks.starting(len(pending))
                halt = halt_module.Halt()   # tripped by a crashed server, a dead endpoint or Ctrl-C
                with endpoint(settings, hooks, halt) as base_url:
                    client = connect(settings, base_url) if connect else \
                        llm.Client(settings, base_url, log=llm.CallLog(out / "calls.jsonl"), halt=halt,
                                   prefill=prefill.ServerLog(out / "server.log") if settings.embedded else None)
                    cache = getattr(client, "cache", None)   # a scripted model in tests keeps none
                    for record in process(pending, client, settings, versions, extract, halt):
                        done.append(store.append(record))
                        hooks.finished(done[-1])
        finally:
            try:
                store.compact()
            finally:
                store.close()
    order = {item.id: i for i, item in enumerate(items)}
    done.sort(key=lambda r: order.get(r.article_id, len(order)))
    return Outcome(done, skipped, cache)


@contextlib.contextmanager
def writable(out: Path) -> Iterator[None]:
    """OUT as a folder we can write, or one line saying why not (a file, read-only, a full disk).

    Inside a run every OSError that escapes is a write into OUT (records, calls, server log): per-article
    reading errors are records and the endpoint's errors are TransportErrors.
    """
    if out.exists() and not out.is_dir():
        raise errors.OutputError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as e:
        where = f" ({e.filename})" if e.filename and str(e.filename) != str(out) else ""
        raise errors.OutputError(f"cannot write into {out}: {e.strerror or e}{where}", original=e) from None


@contextlib.contextmanager
def endpoint(settings: Settings, hooks: Hooks, halt: halt_module.Halt) -> Iterator[str]:
    """The base URL to ask. Leaving it by an exception stops the run's requests in flight."""
    try:
        with _endpoint(settings, hooks, halt) as url:
            yield url
    except BaseException:
        halt.trip(errors.RunStopped("the run was stopped"))
        raise


@contextlib.contextmanager
def _endpoint(settings: Settings, hooks: Hooks, halt: halt_module.Halt) -> Iterator[str]:
    if settings.base_url:
        yield settings.base_url
        return
    with embedded.serve(settings, progress=hooks.assembling, log=Path(settings.out) / "server.log", halt=halt) as url:
        yield url


def process(pending: list[articles.Article], client: llm.Client, settings: Settings,
            versions: dict[str, str], extract: Callable[..., passes.Result],
            halt: halt_module.Halt) -> Iterator[records.Record]:
    """Records in completion order; at most ``concurrency`` articles in flight.

    When the run must stop (``halt``: a crashed server, a dead endpoint) or is interrupted, nothing
    waits for the articles in flight: their requests are abandoned and they get no record, so a rerun does them.
    """
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=settings.concurrency)
    waiting = {pool.submit(one, article, client, versions, extract) for article in pending}
    try:
        while waiting:
            finished, waiting = concurrent.futures.wait(waiting, timeout=0.1,
                                                        return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                if future.exception() is None:
                    yield future.result()
            halt.check()
            for future in finished:
                future.result()      # a RunStopped its client raised without tripping the halt
    except BaseException:
        halt.trip(errors.RunStopped("the run was stopped"))   # wakes every request in flight
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def one(article: articles.Article, client: llm.Client, versions: dict[str, str],
        extract: Callable[..., passes.Result]) -> records.Record:
    started = time.monotonic()
    record = records.Record(article.id, article.source, article.sha256, article.date, versions=dict(versions))
    try:
        result = extract(article, client)
    except errors.RunStopped:     # the run's failure, not this article's: no record, a rerun does it
        raise
    except errors.ExtractorError as e:
        record.status = "invalid" if isinstance(e, errors.ValidationFailed) else "error"
        record.error, record.last_raw, record.attempts = e.as_record(), e.last_raw, e.attempts
        record.usage = records.Usage.of(e.usage)
    except Exception as e:  # a bug must cost one article, not the run
        record.error = {"type": type(e).__name__, "message": errors.one_line(str(e))}
    else:
        record.status, record.extraction = "ok", result.extraction.model_dump(mode="json")
        record.dropped, record.last_raw, record.attempts = list(result.dropped), result.call.last_raw, result.call.attempts
        record.usage = records.Usage.of(result.call.usage.as_dict())
    record.seconds = round(time.monotonic() - started, 2)
    return record


def failed_record(item: articles.Failed, versions: dict[str, str]) -> records.Record:
    return records.Record(item.id, item.source, item.sha256, None, error=item.error.as_record(), versions=dict(versions))


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
