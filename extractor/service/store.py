"""Jobs, articles, leases and records of the service, on SQLite under ``--data`` (one machine).

Each article of a job is a row with a state: ``q`` queued, ``c`` claimed (by a token, until a
lease time), ``f`` final (its record kept), ``x`` cancelled before it started. The queue only
carries (job, index) pointers; the store decides who may work on an article and which record is
final, so a message delivered twice, or redone after its worker died, still yields one record:
``claim`` refuses an article that is final or held under a live lease, and ``finish`` keeps the
first record only. Expired leases are handed back by ``reap`` for re-enqueueing (node.py).
redis_store.py is the same contract on Redis, for workers on many machines.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from extractor.settings import Settings

STATUSES = ("ok", "invalid", "error")
BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600)     # seconds per article, for the histogram


class Conflict(Exception):
    """An Idempotency-Key was reused for a different request body."""


def open_store(settings: Settings) -> Any:
    """The store the queue's workers and the API share: Redis with --queue redis://, else SQLite."""
    if settings.queue:
        from extractor.service import redis_store
        return redis_store.RedisStore(settings.queue)
    return SqliteStore(Path(settings.data) / "store.db")


def job_view(job_id: str, model: str, created: float, cancelled: bool, counts: dict[str, int],
             started: bool) -> dict[str, Any]:
    """A job as the API shows it; the status follows from the counts."""
    if cancelled:
        status = "cancelled"
    elif counts["pending"] == 0:
        status = "completed"
    else:
        status = "running" if started else "queued"
    return {"id": job_id, "status": status, "counts": counts, "model": model, "created": created}


def stat_changes(record: dict[str, Any]) -> dict[str, float]:
    """What one final record adds to the service's counters (metrics.py reads them back)."""
    usage = record.get("usage") or {}
    seconds = float(record.get("seconds") or 0.0)
    changes = {f"articles_{record['status']}": 1, "prompt_tokens": usage.get("prompt_tokens", 0),
               "completion_tokens": usage.get("completion_tokens", 0), "seconds_sum": seconds, "seconds_count": 1}
    for bound in BUCKETS:
        if seconds <= bound:
            changes[f"seconds_le_{bound}"] = 1
    return changes


_SCHEMA = """
create table if not exists jobs(id text primary key, key text unique, digest text, model text, created real,
    cancelled integer default 0, enqueued integer default 0);
create table if not exists items(job text, idx integer, article text, state text, token text, lease real,
    status text, seq integer, record text, primary key (job, idx));
create index if not exists items_lease on items(state, lease);
create index if not exists items_seq on items(job, seq);
create table if not exists cache(key text primary key, record text);
create table if not exists stats(name text primary key, value real);
"""


class SqliteStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._db().executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        """One connection per thread; WAL lets the API read while workers write."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("pragma journal_mode=wal")
            db.execute("pragma synchronous=normal")
            self._local.db = db
        return db

    def _write(self, sql: str, *args: Any) -> sqlite3.Cursor:
        return self._db().execute(sql, args)

    def _transaction(self) -> "_Immediate":
        return _Immediate(self._db())

    def ping(self) -> bool:
        return self._db().execute("select 1").fetchone() == (1,)

    def create(self, job: dict[str, Any], articles: list[dict[str, Any]]) -> str:
        """Store a new job and its articles; a known Idempotency-Key returns the job it made before."""
        with self._transaction() as db:
            if job.get("key"):
                row = db.execute("select id, digest from jobs where key = ?", (job["key"],)).fetchone()
                if row:
                    if row[1] != job["digest"]:
                        raise Conflict("this Idempotency-Key was used for a different request")
                    return row[0]
            db.execute("insert into jobs(id, key, digest, model, created) values (?, ?, ?, ?, ?)",
                       (job["id"], job.get("key"), job["digest"], job["model"], job["created"]))
            db.executemany("insert into items(job, idx, article, state) values (?, ?, ?, 'q')",
                           [(job["id"], i, json.dumps(a, ensure_ascii=False)) for i, a in enumerate(articles)])
        return job["id"]

    def enqueued(self, job_id: str) -> None:
        self._write("update jobs set enqueued = 1 where id = ?", job_id)

    def unenqueued(self) -> list[tuple[str, int]]:
        """Articles of jobs whose enqueueing never finished (the API died half-way)."""
        return self._db().execute(
            "select i.job, i.idx from jobs j join items i on i.job = j.id "
            "where j.enqueued = 0 and j.cancelled = 0 and i.state = 'q'").fetchall()

    def job(self, job_id: str) -> dict[str, Any] | None:
        db = self._db()
        row = db.execute("select model, created, cancelled from jobs where id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        counts = {"total": 0, "ok": 0, "invalid": 0, "error": 0, "pending": 0, "cancelled": 0}
        started = False
        for state, status, n in db.execute(
                "select state, status, count(*) from items where job = ? group by state, status", (job_id,)):
            counts["total"] += n
            if state == "f":
                counts[status] += n
            elif state == "x":
                counts["cancelled"] += n
            else:
                counts["pending"] += n
            started = started or state in ("c", "f")
        return job_view(job_id, row[0], row[1], bool(row[2]), counts, started)

    def claim(self, job_id: str, index: int, token: str, until: float) -> dict[str, Any] | None:
        """The article and its job's model if this token may work on it now, else None."""
        with self._transaction() as db:
            row = db.execute("select i.article, i.state, i.lease, j.model from items i join jobs j on j.id = i.job "
                             "where i.job = ? and i.idx = ?", (job_id, index)).fetchone()
            if row is None or row[1] in ("f", "x") or (row[1] == "c" and row[2] > time.time()):
                return None
            db.execute("update items set state = 'c', token = ?, lease = ? where job = ? and idx = ?",
                       (token, until, job_id, index))
        return {"article": json.loads(row[0]), "model": row[3]}

    def renew(self, claims: list[tuple[str, int, str]], until: float) -> None:
        """Extend the leases a live worker still holds."""
        with self._transaction() as db:
            db.executemany("update items set lease = ? where job = ? and idx = ? and state = 'c' and token = ?",
                           [(until, job, index, token) for job, index, token in claims])

    def finish(self, job_id: str, index: int, record: dict[str, Any], cache_key: str | None) -> bool:
        """Keep ``record`` unless the article already has its final record; True if it was kept."""
        text = json.dumps(record, ensure_ascii=False)
        with self._transaction() as db:
            row = db.execute("select state from items where job = ? and idx = ?", (job_id, index)).fetchone()
            if row is None or row[0] == "f":
                return False
            seq = db.execute("select coalesce(max(seq), 0) + 1 from items where job = ?", (job_id,)).fetchone()[0]
            db.execute("update items set state = 'f', status = ?, seq = ?, record = ?, token = null, lease = null "
                       "where job = ? and idx = ?", (record["status"], seq, text, job_id, index))
            if cache_key and record["status"] == "ok":
                db.execute("insert or replace into cache(key, record) values (?, ?)", (cache_key, text))
            db.executemany("insert into stats(name, value) values (?, ?) "
                           "on conflict(name) do update set value = value + excluded.value",
                           list(stat_changes(record).items()))
        return True

    def records(self, job_id: str, cursor: int, limit: int) -> list[tuple[int, str]]:
        """(position, record line) of the job's final records after ``cursor``, in the order they ended."""
        return self._db().execute("select seq, record from items where job = ? and seq > ? order by seq limit ?",
                                  (job_id, cursor, limit)).fetchall()

    def cancel(self, job_id: str) -> dict[str, Any] | None:
        """Articles not yet started are never run; those in flight finish and keep their records."""
        with self._transaction() as db:
            if not db.execute("update jobs set cancelled = 1 where id = ?", (job_id,)).rowcount:
                return None
            db.execute("update items set state = 'x' where job = ? and state = 'q'", (job_id,))
        return self.job(job_id)

    def reap(self, now: float, limit: int = 500) -> list[tuple[str, int]]:
        """Claims whose lease ran out (their worker died): back to queued, to be enqueued again
        (or cancelled, if their job was cancelled meanwhile)."""
        with self._transaction() as db:
            rows = db.execute("select i.job, i.idx, j.cancelled from items i join jobs j on j.id = i.job "
                              "where i.state = 'c' and i.lease < ? limit ?", (now, limit)).fetchall()
            db.executemany("update items set state = case when ? then 'x' else 'q' end, token = null "
                           "where job = ? and idx = ? and state = 'c'", [(c, j, i) for j, i, c in rows])
            if rows:
                db.execute("insert into stats(name, value) values ('reaped', ?) "
                           "on conflict(name) do update set value = value + excluded.value", (len(rows),))
        return [(job, index) for job, index, cancelled in rows if not cancelled]

    def cached(self, key: str) -> dict[str, Any] | None:
        row = self._db().execute("select record from cache where key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def hold(self, until: float) -> None:
        """A 429 seen by one worker pauses the workers of every process (wall clock, shared)."""
        self._write("insert into stats(name, value) values ('hold_until', ?) "
                    "on conflict(name) do update set value = max(value, excluded.value)", until)

    def held(self) -> float:
        row = self._db().execute("select value from stats where name = 'hold_until'").fetchone()
        return row[0] if row else 0.0

    def stats(self) -> dict[str, float]:
        db = self._db()
        values = dict(db.execute("select name, value from stats").fetchall())
        values["leases"] = db.execute("select count(*) from items where state = 'c'").fetchone()[0]
        return values


class _Immediate:
    """BEGIN IMMEDIATE … COMMIT: a writer takes the lock up front, so two claims never interleave."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("begin immediate")
        return self.db

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("commit" if kind is None else "rollback")
