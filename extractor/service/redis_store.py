"""The store of store.py on Redis, so the API and workers on many machines share jobs and records.

Every step that decides (claim, finish, reap, cancel) is one Lua script, which Redis runs
atomically: two workers that got the same article can never both claim it under a live lease,
and only the first finished record is kept. Keys (prefix ``extractor:``): ``job:<id>`` (hash: model,
created, total, the counts by status and ``cancelled``, ``started`` and ``stopped`` flags),
``state:<id>`` (hash index → ``q`` | ``c <token> <lease>`` | ``f`` | ``x``), ``art:<id>`` (hash
index → article), ``rec:<id>`` (list of records in the order they ended), ``leases`` (sorted set
of ``<job> <index>`` by lease time), ``idem:<key>``, ``cache`` (hash), ``stats`` (hash).
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis

from extractor.service import store

P = "extractor:"

_CLAIM = """
local s = redis.call('HGET', KEYS[1], ARGV[1])
if not s or s == 'f' or s == 'x' then return nil end
if string.sub(s, 1, 1) == 'c' then
  local lease = tonumber(string.match(s, ' (%S+)$'))
  if lease > tonumber(ARGV[4]) then return nil end
end
redis.call('HSET', KEYS[1], ARGV[1], 'c ' .. ARGV[2] .. ' ' .. ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
redis.call('HSETNX', KEYS[4], 'started', 1)
return {redis.call('HGET', KEYS[3], ARGV[1]), redis.call('HGET', KEYS[4], 'model')}
"""

_RENEW = """
local s = redis.call('HGET', KEYS[1], ARGV[1])
if s and string.sub(s, 1, 1) == 'c' and string.match(s, '^c (%S+) ') == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], 'c ' .. ARGV[2] .. ' ' .. ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
end
return 0
"""

_FINISH = """
local s = redis.call('HGET', KEYS[1], ARGV[1])
if not s or s == 'f' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], 'f')
redis.call('ZREM', KEYS[2], ARGV[4])
redis.call('RPUSH', KEYS[3], ARGV[2])
redis.call('HINCRBY', KEYS[4], ARGV[3], 1)
if s == 'x' then redis.call('HINCRBY', KEYS[4], 'cancelled', -1) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[5], ARGV[5], ARGV[2]) end
for i = 6, #ARGV, 2 do redis.call('HINCRBYFLOAT', KEYS[6], ARGV[i], ARGV[i + 1]) end
return 1
"""

_REAP = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local back = {}
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[1], member)
  local job, index = string.match(member, '^(%S+) (%S+)$')
  local key = ARGV[3] .. 'state:' .. job
  local s = redis.call('HGET', key, index)
  if s and string.sub(s, 1, 1) == 'c' then
    if redis.call('HGET', ARGV[3] .. 'job:' .. job, 'stopped') == '1' then
      redis.call('HSET', key, index, 'x')
      redis.call('HINCRBY', ARGV[3] .. 'job:' .. job, 'cancelled', 1)
    else
      redis.call('HSET', key, index, 'q')
      table.insert(back, member)
    end
  end
end
if #back > 0 then redis.call('HINCRBYFLOAT', KEYS[2], 'reaped', #back) end
return back
"""

_CANCEL = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'stopped', 1)
local n = 0
local states = redis.call('HGETALL', KEYS[2])
for i = 1, #states, 2 do
  if states[i + 1] == 'q' then redis.call('HSET', KEYS[2], states[i], 'x'); n = n + 1 end
end
redis.call('HINCRBY', KEYS[1], 'cancelled', n)
return 1
"""


class RedisStore:
    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, health_check_interval=30)
        self._claim, self._renew, self._finish, self._reap, self._cancel = (
            self.redis.register_script(s) for s in (_CLAIM, _RENEW, _FINISH, _REAP, _CANCEL))

    def ping(self) -> bool:
        return bool(self.redis.ping())

    def create(self, job: dict[str, Any], articles: list[dict[str, Any]]) -> str:
        """Store the job, then claim its Idempotency-Key: a retry (or a concurrent twin) that finds the key
        taken drops what it stored and answers the job that holds the key, which is always whole."""
        pipe = self.redis.pipeline(transaction=True)
        for start in range(0, len(articles), 1000):
            chunk = dict(enumerate(articles[start:start + 1000], start))
            pipe.hset(P + "art:" + job["id"], mapping={i: json.dumps(a, ensure_ascii=False) for i, a in chunk.items()})
            pipe.hset(P + "state:" + job["id"], mapping={i: "q" for i in chunk})
        pipe.hset(P + "job:" + job["id"], mapping={"model": job["model"], "created": job["created"],
                                                  "total": len(articles)})
        pipe.sadd(P + "unenqueued", job["id"])
        pipe.execute()
        if not job.get("key"):
            return job["id"]
        known = self.redis.set(P + "idem:" + job["key"], f"{job['id']} {job['digest']}", nx=True, get=True)
        if not known:
            return job["id"]
        self.redis.delete(*(P + kind + job["id"] for kind in ("art:", "state:", "job:")))
        self.redis.srem(P + "unenqueued", job["id"])
        job_id, digest = known.split(" ", 1)
        if digest != job["digest"]:
            raise store.Conflict("this Idempotency-Key was used for a different request")
        return job_id

    def enqueued(self, job_id: str) -> None:
        self.redis.srem(P + "unenqueued", job_id)

    def unenqueued(self) -> list[tuple[str, int]]:
        pending = []
        for job_id in self.redis.smembers(P + "unenqueued"):
            states = self.redis.hgetall(P + "state:" + job_id)
            pending += [(job_id, int(i)) for i, s in states.items() if s == "q"]
        return pending

    def job(self, job_id: str) -> dict[str, Any] | None:
        row = self.redis.hgetall(P + "job:" + job_id)
        if not row:
            return None
        counts = {name: int(row.get(name, 0)) for name in (*store.STATUSES, "cancelled")}
        counts["total"] = int(row["total"])
        counts["pending"] = counts["total"] - sum(counts[n] for n in (*store.STATUSES, "cancelled"))
        return store.job_view(job_id, row["model"], float(row["created"]), bool(int(row.get("stopped", 0))),
                              counts, "started" in row)

    def claim(self, job_id: str, index: int, token: str, until: float) -> dict[str, Any] | None:
        got = self._claim(keys=[P + "state:" + job_id, P + "leases", P + "art:" + job_id, P + "job:" + job_id],
                          args=[index, token, until, time.time(), f"{job_id} {index}"])
        return {"article": json.loads(got[0]), "model": got[1]} if got else None

    def renew(self, claims: list[tuple[str, int, str]], until: float) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for job_id, index, token in claims:
            self._renew(keys=[P + "state:" + job_id, P + "leases"], args=[index, token, until, f"{job_id} {index}"],
                        client=pipe)
        pipe.execute()

    def finish(self, job_id: str, index: int, record: dict[str, Any], cache_key: str | None) -> bool:
        stats = [x for pair in store.stat_changes(record).items() for x in pair]
        cache = cache_key if cache_key and record["status"] == "ok" else ""
        return bool(self._finish(
            keys=[P + "state:" + job_id, P + "leases", P + "rec:" + job_id, P + "job:" + job_id, P + "cache", P + "stats"],
            args=[index, json.dumps(record, ensure_ascii=False), record["status"], f"{job_id} {index}", cache, *stats]))

    def records(self, job_id: str, cursor: int, limit: int) -> list[tuple[int, str]]:
        lines = self.redis.lrange(P + "rec:" + job_id, cursor, cursor + limit - 1)
        return [(cursor + i + 1, line) for i, line in enumerate(lines)]

    def cancel(self, job_id: str) -> dict[str, Any] | None:
        if not self._cancel(keys=[P + "job:" + job_id, P + "state:" + job_id]):
            return None
        return self.job(job_id)

    def reap(self, now: float, limit: int = 500) -> list[tuple[str, int]]:
        back = self._reap(keys=[P + "leases", P + "stats"], args=[now, limit, P])
        return [(job, int(index)) for job, index in (m.split(" ") for m in back)]

    def cached(self, key: str) -> dict[str, Any] | None:
        text = self.redis.hget(P + "cache", key)
        return json.loads(text) if text else None

    def hold(self, until: float) -> None:
        self.redis.eval("if tonumber(redis.call('GET', KEYS[1]) or 0) < tonumber(ARGV[1]) then "
                        "redis.call('SET', KEYS[1], ARGV[1]) end", 1, P + "hold_until", until)

    def held(self) -> float:
        return float(self.redis.get(P + "hold_until") or 0.0)

    def stats(self) -> dict[str, float]:
        values = {k: float(v) for k, v in self.redis.hgetall(P + "stats").items()}
        values["leases"] = self.redis.zcard(P + "leases")
        return values
