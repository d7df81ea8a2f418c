"""The service across processes: `extract worker`s on a real redis-server, `extract serve` killed and restarted.

Workers and servers run as a user runs them (``python -m extractor …``) and are SIGKILLed
mid-article; every article must still end with exactly one final record.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import ROOT
from tests.fault_server import FaultServer, Faults
from tests.test_service import articles, assert_hold_is_shared, check_lease_contract

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

FAST = {"EXTRACT_RETRY_WAIT": "0.02", "EXTRACT_TIMEOUT": "5"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server (Debian package) on a free port; missing, it skips, except in CI where it fails."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (apt-get install redis-server); CI must test the Redis queue")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis
    wait_for(lambda: _pings(redis.Redis.from_url(url)), timeout=10)
    yield url
    server.terminate()
    server.wait(timeout=10)


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def wait_for(condition: Any, timeout: float = 60.0, running: tuple[subprocess.Popen, ...] = ()) -> None:
    """Until ``condition()``; a process of ``running`` that exits meanwhile fails the test with its stderr."""
    deadline = time.monotonic() + timeout
    while not condition():
        for process in running:
            if process.poll() is not None:
                pytest.fail(f"{' '.join(process.args[2:5])} exited ({process.returncode}): {process.stderr.read()[-2000:]}")
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def extract(*args: str) -> subprocess.Popen:
    """``python -m extractor …`` as a user runs it, with none of this shell's EXTRACT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXTRACT_") and k != "OPENAI_API_KEY"}
    return subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=ROOT, env={**env, **FAST},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def ok(job: dict[str, Any]) -> int:
    """The job's ok count; an article that failed fails the test now, not after a timeout."""
    assert job["counts"]["error"] == job["counts"]["invalid"] == 0, f"articles failed: {job['counts']}"
    return job["counts"]["ok"]


class Http:
    """A plain client for a service in another process."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read().decode()
        return [json.loads(line) for line in text.splitlines()] if path.endswith("/records") else json.loads(text)

    def up(self) -> bool:
        try:
            return self.call("GET", "/healthz")["status"] == "ok"
        except OSError:
            return False


def test_200_articles_on_three_redis_workers_one_sigkilled_end_with_one_record_each(tmp_path: Path, redis_url: str):
    import fastapi.testclient
    from extractor import settings as settings_module
    from extractor.service import api, queue as queue_module, runtime, store as store_module

    settings = settings_module.build({"queue": redis_url, "api_only": True, "lease": 2.0, "data": tmp_path}, {})
    store, queue = store_module.open_store(settings), queue_module.Queue(settings)
    with FaultServer(Faults(latency=0.05)) as server, runtime.workers(settings, store, queue, signals=False), \
            fastapi.testclient.TestClient(api.build(settings, store, queue, None)) as client:
        job = client.post("/v1/jobs", json={"articles": articles(200)}).json()
        workers = [extract("worker", "--queue", redis_url, "--base-url", server.url, "--model", "m",
                           "--concurrency", "4", "--lease", "2") for _ in range(3)]
        try:
            # generous waits: the test asserts one record each after a SIGKILL, not speed (2 busy cores took > 90 s)
            wait_for(lambda: ok(client.get(f"/v1/jobs/{job['id']}").json()) >= 40, timeout=180, running=tuple(workers))
            os.kill(workers[0].pid, signal.SIGKILL)
            killed_at = client.get(f"/v1/jobs/{job['id']}").json()["counts"]
            wait_for(lambda: client.get(f"/v1/jobs/{job['id']}").json()["status"] == "completed", timeout=240,
                     running=tuple(workers[1:]))
        finally:
            for worker in workers:
                worker.kill()
                worker.wait()
        job = client.get(f"/v1/jobs/{job['id']}").json()
        lines = client.get(f"/v1/jobs/{job['id']}/records").text.splitlines()
        metrics = client.get("/metrics").text
    ids = collections.Counter(json.loads(line)["article_id"] for line in lines)
    redone = next(float(line.split()[-1]) for line in metrics.splitlines()
                  if line.startswith("extractor_leases_expired_total"))
    print(f"\nkilled a worker at {killed_at}; {redone:.0f} article(s) redone after their lease ran out")
    assert job["counts"] == {"total": 200, "ok": 200, "invalid": 0, "error": 0, "pending": 0, "cancelled": 0}
    assert len(lines) == 200 and set(ids) == {f"a{i}" for i in range(200)} and max(ids.values()) == 1
    assert redone >= 1                       # the killed worker held articles, and they were redone elsewhere


def test_the_sqlite_service_survives_a_sigkilled_serve_and_resumes_on_restart(tmp_path: Path):
    port = free_port()
    http = Http(port)
    with FaultServer(Faults(latency=0.1)) as server:
        flags = ["--data", str(tmp_path / "data"), "--base-url", server.url, "--model", "m", "--port", str(port),
                 "--concurrency", "2", "--lease", "1.5"]
        first = extract("serve", *flags)
        try:
            wait_for(http.up, timeout=30, running=(first,))
            job = http.call("POST", "/v1/jobs", {"articles": articles(30)})
            wait_for(lambda: ok(http.call("GET", f"/v1/jobs/{job['id']}")) >= 5, running=(first,))
        finally:
            first.kill()
            first.wait()
        from extractor.service import store as store_module    # what the dead server left, read while it is down
        survivors = [json.loads(line) for _, line in
                     store_module.SqliteStore(tmp_path / "data" / "store.db").records(job["id"], 0, 100)]
        second = extract("serve", *flags)
        try:
            wait_for(http.up, timeout=30, running=(second,))
            # the resumed job's finishing is asserted, not its speed: on 2 loaded cores it took over 60 s
            wait_for(lambda: http.call("GET", f"/v1/jobs/{job['id']}")["status"] == "completed", timeout=180,
                     running=(second,))
            done = http.call("GET", f"/v1/jobs/{job['id']}/records")
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=30)
    ids = collections.Counter(r["article_id"] for r in done)
    print(f"\nkilled with {len(survivors)} of 30 records; after the restart {len(done)}")
    assert 5 <= len(survivors) < 30 and done[:len(survivors)] == survivors      # kept, not redone
    assert set(ids) == {f"a{i}" for i in range(30)} and max(ids.values()) == 1
    assert all(r["status"] == "ok" for r in done)


def test_a_429_hold_is_shared_through_redis(redis_url: str):
    from extractor.service import redis_store
    redis_store.RedisStore(redis_url).redis.delete(redis_store.P + "hold_until")
    assert_hold_is_shared(lambda: redis_store.RedisStore(redis_url))


def test_the_redis_store_keeps_the_lease_contract(redis_url: str):
    from extractor.service import redis_store
    store = redis_store.RedisStore(redis_url)
    for key in store.redis.scan_iter(redis_store.P + "*:j"):
        store.redis.delete(key)
    check_lease_contract(store)
    store.enqueued("j")


def test_the_redis_store_answers_a_reused_idempotency_key_with_the_first_job(redis_url: str):
    from extractor.service import redis_store, store as store_module
    store = redis_store.RedisStore(redis_url)
    key = f"k-{time.time()}"
    first = store.create({"id": "j1", "key": key, "digest": "d", "model": "m", "created": 0.0}, [{"id": "a"}])
    again = store.create({"id": "j2", "key": key, "digest": "d", "model": "m", "created": 0.0}, [{"id": "a"}])
    assert first == again == "j1" and store.job("j2") is None and store.job("j1")["counts"]["total"] == 1
    with pytest.raises(store_module.Conflict):
        store.create({"id": "j3", "key": key, "digest": "other", "model": "m", "created": 0.0}, [{"id": "a"}])
    assert store.job("j3") is None and ("j2", 0) not in store.unenqueued()
    store.enqueued("j1")
