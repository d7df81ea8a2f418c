"""The service's API in this process, over real sockets to the fault server as the model (SPEC §8).

The app, its SQLite queue and store and its worker threads are the real ones `extract serve`
runs; only uvicorn is replaced by the ASGI test client.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any, Iterator

import fastapi.testclient
import pytest

from extractor import settings as settings_module
from extractor.service import api, queue as queue_module, runtime, store as store_module
from tests.fault_server import FaultServer, Faults

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

TEXT = ("The General Assembly adopted resolution A/{n}/L.1 by {yes} votes to 5, with 12 abstentions.\n"
        "Israel voted against the text.\n")
KEY = "sk-test-SECRET1234567890abcdefXYZ"


def articles(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"a{i}", "text": TEXT.format(n=70 + i, yes=100 + i), "date": "2025-03-01"} for i in range(start, start + n)]


@contextlib.contextmanager
def service(tmp_path: Path, server: FaultServer | None, **options: Any) -> Iterator[fastapi.testclient.TestClient]:
    """The app with its workers (none when ``server`` is None) over a fresh --data folder."""
    flags = {"data": tmp_path / "data", "lease": 2.0, "retry_wait": 0.02, "timeout": 2.0, **options}
    if server is None:
        flags["api_only"] = True
    else:
        flags.update(base_url=server.url, model="m")
    settings = settings_module.build(flags, {})
    store, queue = store_module.open_store(settings), queue_module.Queue(settings)
    with runtime.workers(settings, store, queue, signals=False) as base_url:
        with fastapi.testclient.TestClient(api.build(settings, store, queue, base_url), raise_server_exceptions=False) as client:
            yield client


def finished(client: fastapi.testclient.TestClient, job_id: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in ("completed", "cancelled") and not job["counts"]["pending"] or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def records(client: fastapi.testclient.TestClient, job_id: str, cursor: int = 0) -> list[dict[str, Any]]:
    answer = client.get(f"/v1/jobs/{job_id}/records", params={"cursor": cursor})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in answer.text.splitlines()]


def test_a_posted_job_ends_with_one_record_per_article_and_a_known_article_costs_no_model_call(tmp_path: Path):
    with FaultServer(Faults(latency=0.01)) as server, service(tmp_path, server, concurrency=4) as client:
        posted = client.post("/v1/jobs", json={"articles": articles(6)})
        assert posted.status_code == 202 and posted.headers["location"] == f"/v1/jobs/{posted.json()['id']}"
        assert posted.json()["counts"] == {"total": 6, "ok": 0, "invalid": 0, "error": 0, "pending": 6, "cancelled": 0}
        job = finished(client, posted.json()["id"])
        assert job["status"] == "completed" and job["counts"]["ok"] == 6
        got = records(client, job["id"])
        assert sorted(r["article_id"] for r in got) == [f"a{i}" for i in range(6)]
        assert all(r["status"] == "ok" and r["run_id"] == job["id"] and r["model"] == "m" for r in got)
        assert [r["article_id"] for r in records(client, job["id"], cursor=4)] == [r["article_id"] for r in got[4:]]
        sent = server.counts["requests"]
        # the same texts as NDJSON, under other ids: answered from the store when posted
        ndjson = "\n".join(json.dumps({**a, "id": "again-" + a["id"]}) for a in articles(6)) + "\n"
        again = client.post("/v1/jobs", content=ndjson, headers={"content-type": "application/x-ndjson"})
        assert again.status_code == 202 and again.json()["status"] == "completed" and again.json()["counts"]["ok"] == 6
        assert {r["article_id"] for r in records(client, again.json()["id"])} == {f"again-a{i}" for i in range(6)}
        one = client.post("/v1/extract", json={"id": "single", "text": articles(1, start=40)[0]["text"]})
        assert one.status_code == 200 and one.json()["article_id"] == "single" and one.json()["status"] == "ok"
        assert server.counts["requests"] == sent + sent // 6     # only the new article was asked (its passes)
        metrics = client.get("/metrics").text
        assert 'extractor_articles_total{status="ok"} 13.0' in metrics and "extractor_queue_depth 0.0" in metrics
        assert "extractor_tokens_total" in metrics and "extractor_article_seconds_count 13.0" in metrics
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["model"] is True and health.json()["queue"] is True


def test_a_retried_post_with_the_same_idempotency_key_returns_the_same_job(tmp_path: Path):
    with FaultServer(Faults(latency=0.01)) as server, service(tmp_path, server) as client:
        body = {"articles": articles(3)}
        first = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": "k-1"})
        second = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == second.status_code == 202 and first.json()["id"] == second.json()["id"]
        finished(client, first.json()["id"])
        assert len(records(client, first.json()["id"])) == 3
        passes = server.counts["requests"] / 3
        assert passes == int(passes) and 1 <= passes <= 3      # one job's articles were run, once each
        other = client.post("/v1/jobs", json={"articles": articles(2)}, headers={"Idempotency-Key": "k-1"})
        assert other.status_code == 409 and "Idempotency-Key" in other.json()["error"]
        fresh = client.post("/v1/jobs", json=body, headers={"Idempotency-Key": "k-2"})
        assert fresh.json()["id"] != first.json()["id"]


def test_a_cancelled_job_runs_no_article_that_had_not_started(tmp_path: Path):
    with FaultServer(Faults(latency=0.3)) as server, service(tmp_path, server, concurrency=1) as client:
        job = client.post("/v1/jobs", json={"articles": articles(12)}).json()
        time.sleep(0.2)
        cancelled = client.post(f"/v1/jobs/{job['id']}/cancel")
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        assert cancelled.json()["counts"]["cancelled"] >= 10
        job = finished(client, job["id"])
        time.sleep(0.5)
        done = records(client, job["id"])
        assert len(done) == job["counts"]["ok"] <= 2 and job["counts"]["pending"] == 0
        assert server.counts["requests"] <= 3 * len(done) + 3
        assert client.post("/v1/jobs/job_nothing/cancel").status_code == 404


def test_limits_answer_413_and_422_with_a_json_error_and_no_trace(tmp_path: Path):
    with service(tmp_path, None, max_body_bytes=20_000, max_job_articles=5, max_chars=500) as client:
        big = client.post("/v1/jobs", content=b"x" * 30_000, headers={"content-type": "application/json"})
        too_many = client.post("/v1/jobs", json={"articles": articles(6)})
        too_long = client.post("/v1/jobs", json={"articles": [{"id": "long", "text": "word " * 200}]})
        malformed = client.post("/v1/jobs", content=b'{"articles": [', headers={"content-type": "application/json"})
        no_text = client.post("/v1/jobs", json={"articles": [{"id": "x"}]})
        twice = client.post("/v1/jobs", json={"articles": [articles(1)[0], articles(1)[0]]})
        wrong_type = client.post("/v1/jobs", content=b"hello", headers={"content-type": "text/plain"})
        for answer, status, words in ((big, 413, "too large"), (too_many, 413, "6 articles"), (too_long, 422, "too long"),
                                      (malformed, 422, "malformed JSON"), (no_text, 422, "text"),
                                      (twice, 422, "appears twice"), (wrong_type, 415, "application/json")):
            assert answer.status_code == status, answer.text
            assert list(answer.json()) == ["error"] and words in answer.json()["error"]
            assert "Traceback" not in answer.text and 'File "' not in answer.text
        assert client.get("/v1/jobs/job_missing").status_code == 404


def test_auth_refuses_a_missing_or_wrong_token_and_a_public_address_needs_one(tmp_path: Path):
    with service(tmp_path, None, api_token="s3cret-token-for-tests", host="0.0.0.0") as client:
        assert client.get("/healthz").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        refused = client.post("/v1/jobs", json={"articles": articles(1)}, headers={"Authorization": "s3cret-token-for-tests"})
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        good = {"Authorization": "Bearer s3cret-token-for-tests"}
        assert client.get("/healthz", headers=good).status_code == 200
        assert client.post("/v1/jobs", json={"articles": articles(1)}, headers=good).status_code == 202
    with pytest.raises(ValueError, match="EXTRACT_API_TOKEN"):
        settings_module.build({"host": "0.0.0.0"}, {})
    assert settings_module.build({"host": "::1"}, {}).host == "::1"


def test_the_model_api_key_reaches_no_response_and_no_record(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    faults = Faults(server_error=0.6, echo_key=True, seed=2)
    with FaultServer(faults) as server, service(tmp_path, server, api_key=KEY, transport_attempts=2) as client:
        job = client.post("/v1/jobs", json={"articles": articles(4)}).json()
        finished(client, job["id"])
        answers = [client.get(f"/v1/jobs/{job['id']}/records").text, client.get(f"/v1/jobs/{job['id']}").text,
                   client.get("/metrics").text, client.get("/healthz").text]
    assert server.authorizations == {f"Bearer {KEY}"}
    assert "Bearer ***" in answers[0]                    # an echoed key reached a record, masked
    for text in answers + [caplog.text] + [p.read_text(errors="replace") for p in (tmp_path / "data").iterdir()]:
        assert KEY not in text and "SECRET1234" not in text


def test_a_429_seen_by_one_process_holds_the_workers_of_another(tmp_path: Path):
    path = tmp_path / "store.db"
    assert_hold_is_shared(lambda: store_module.SqliteStore(path))


def assert_hold_is_shared(open_store: Any) -> None:
    """Two processes' backoffs share only the store: a hold written by one is waited out by the other."""
    from extractor.service import runner
    here, there = runner.SharedBackoff(open_store()), runner.SharedBackoff(open_store())
    started = time.monotonic()
    there.wait()
    assert time.monotonic() - started < 0.1                 # nothing held yet
    here.hold(0.6)
    started = time.monotonic()
    there.wait()
    assert 0.5 <= time.monotonic() - started < 1.0


def test_serve_on_a_public_address_without_a_token_exits_2_with_one_line(tmp_path: Path):
    from click.testing import CliRunner
    from extractor import cli
    result = CliRunner().invoke(cli.main, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "EXTRACT_API_TOKEN" in result.output and "Traceback" not in result.output


def test_an_expired_lease_brings_the_article_back_once_and_the_first_record_wins(tmp_path: Path):
    check_lease_contract(store_module.SqliteStore(tmp_path / "store.db"))


def check_lease_contract(store: Any) -> None:
    """claim / reap / finish / cancel as node.py relies on them, on either store."""
    store.create({"id": "j", "key": None, "digest": "d", "model": "m", "created": 0.0},
                 [{"id": "a", "text": "t", "sha256": "s"}, {"id": "b", "text": "t", "sha256": "s"}])
    now = time.time()
    assert store.claim("j", 0, "dead", now + 0.2) is not None
    assert store.claim("j", 0, "other", now + 60) is None          # held under a live lease
    assert store.reap(now) == []
    time.sleep(0.25)
    assert store.reap(time.time()) == [("j", 0)] and store.reap(time.time()) == []
    assert store.claim("j", 0, "other", time.time() + 60) is not None
    assert store.finish("j", 0, {"article_id": "a", "status": "ok"}, None)
    assert not store.finish("j", 0, {"article_id": "a", "status": "error"}, None)   # the dead worker, late
    assert store.claim("j", 0, "third", time.time() + 60) is None                    # final
    assert [json.loads(line)["status"] for _, line in store.records("j", 0, 10)] == ["ok"]
    assert store.claim("j", 1, "w", time.time() + 0.1) is not None
    store.cancel("j")
    time.sleep(0.15)
    assert store.reap(time.time()) == []                           # its job was cancelled: not brought back
    assert store.job("j")["counts"] == {"total": 2, "ok": 1, "invalid": 0, "error": 0, "pending": 0, "cancelled": 1}


def test_a_job_the_api_died_enqueueing_is_enqueued_when_the_service_starts(tmp_path: Path):
    from extractor.service import runner
    store = store_module.SqliteStore(tmp_path / "data" / "store.db")   # stored, never enqueued: the API died here
    store.create({"id": "job_orphan", "key": None, "digest": "d", "model": "m", "created": time.time()},
                 [runner.payload(a, 10_000) for a in articles(3)])
    with FaultServer(Faults(latency=0.01)) as server, service(tmp_path, server) as client:
        job = finished(client, "job_orphan")
    assert job["status"] == "completed" and job["counts"]["ok"] == 3


def test_a_worker_whose_redis_is_unreachable_exits_with_one_line(tmp_path: Path):
    from click.testing import CliRunner
    from extractor import cli
    result = CliRunner().invoke(cli.main, ["worker", "--queue", "redis://127.0.0.1:1/0", "--base-url", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 1 and "cannot reach the queue and store at redis://127.0.0.1:1/0" in result.output
    assert "Traceback" not in result.output


def test_a_bug_in_the_service_costs_the_article_one_error_record_not_a_redo_loop(tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch):
    from extractor.service import runner

    def broken(self: Any, article: dict[str, Any], model: str, job_id: str) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(runner.Runner, "record", broken)
    with FaultServer(Faults()) as server, service(tmp_path, server) as client:
        job = finished(client, client.post("/v1/jobs", json={"articles": articles(2)}).json()["id"], timeout=10)
        got = records(client, job["id"])
    assert job["status"] == "completed" and job["counts"]["error"] == 2
    assert {r["error"]["message"] for r in got} == {"a bug"} and {r["article_id"] for r in got} == {"a0", "a1"}


def test_extract_answers_504_naming_the_job_when_no_record_comes_in_time(tmp_path: Path):
    with service(tmp_path, None, sync_timeout=0.3) as client:       # no worker runs here
        started = time.monotonic()
        answer = client.post("/v1/extract", json={"id": "late", "text": articles(1)[0]["text"]})
        assert answer.status_code == 504 and time.monotonic() - started < 5
        assert answer.headers["location"].startswith("/v1/jobs/job_") and "no record within 0.3 s" in answer.json()["error"]
        assert client.get(answer.headers["location"]).json()["status"] == "queued"


def test_a_cached_record_is_reused_only_under_the_same_answer_format(tmp_path: Path):
    from extractor.service import runner
    remote = settings_module.build({"base_url": "http://127.0.0.1:9/v1", "out": tmp_path}, {})
    as_json = settings_module.build({"base_url": "http://127.0.0.1:9/v1", "out": tmp_path, "answers": "json"}, {})
    article = {"sha256": "0" * 64, "date": None}
    tools_stamp, json_stamp = runner.stamp(remote), runner.stamp(as_json)
    assert (tools_stamp["answers"], json_stamp["answers"]) == ("tools", "json")
    assert runner.cache_key(article, "m", tools_stamp) != runner.cache_key(article, "m", json_stamp)
    assert runner.cache_key(article, "m", tools_stamp) == runner.cache_key(article, "m", runner.stamp(remote))
