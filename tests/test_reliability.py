"""Reliability at scale, over real sockets: the fault server fails like a paid API, runs are killed half-way.

Every article must end with exactly one final record, whatever the endpoint does and however
the run ends; a second run into the same folder is refused; the API key is never written.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import cli, records as records_module, settings as settings_module, worker
from tests.conftest import ROOT
from tests.fault_server import FAULTS, FaultServer, Faults

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

COUNTRIES = ["Israel", "Hungary", "Argentina", "Belarus", "Nicaragua", "Mali", "Sudan", "Iran", "China", "India"]
FAST = {"timeout": 0.5, "retry_wait": 0.02}     # a stall costs half a second, a retry a few hundredths


def write_articles(folder: Path, n: int) -> list[str]:
    """n small articles, each reporting a different vote."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        yes, no, abstain = 90 + i % 60, 5 + i % 20, 10 + i % 40
        (folder / f"article_{i:03d}.txt").write_text(
            f"date 2025-0{1 + i % 9}-1{i % 10}\n"
            f"The General Assembly adopted resolution A/{70 + i}/L.{i} by {yes} votes to {no}, with {abstain} abstentions.\n"
            f"{COUNTRIES[i % 10]} voted against the text, and {COUNTRIES[(i + 3) % 10]} abstained.\n"
            f"\"We voted against it because it ignores the sponsors' own report,\" its envoy said.\n")
    return [f"article_{i:03d}" for i in range(n)]


def read_records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / worker.RECORDS).read_text().splitlines()]


def extract(*args: str, **env: str) -> subprocess.Popen:
    """``python -m extractor`` in its own process, as a user runs it."""
    return subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_200_articles_against_a_faulty_endpoint_end_with_exactly_one_record_each(tmp_path: Path):
    ids = write_articles(tmp_path / "in", 200)
    faults = Faults(rate_limit=0.10, server_error=0.05, stall=0.05, malformed=0.05, truncated=0.02, schema=0.03,
                    latency=0.005, retry_after="0.05", stall_seconds=2.0, seed=6)
    started = time.monotonic()
    with FaultServer(faults) as server:
        settings = settings_module.build(
            {"base_url": server.url, "model": "m", "out": tmp_path / "out", "concurrency": 16, **FAST}, {})
        outcome = worker.run(settings, tmp_path / "in")
    seconds = time.monotonic() - started
    records = read_records(tmp_path / "out")
    statuses = collections.Counter(r["status"] for r in records)
    print(f"\n200 articles, {seconds:.1f} s; injected: {dict(server.counts)}; statuses: {dict(statuses)}")
    assert sorted(r["article_id"] for r in records) == ids                  # one record each: none lost, none twice
    assert statuses["ok"] + statuses["invalid"] + statuses["error"] == 200 == len(outcome.records)
    assert all(server.counts[kind] > 0 for kind in FAULTS), server.counts   # every fault really happened
    assert statuses["ok"] >= 190                                            # and the retry layers absorbed them
    assert all(r["error"] and r["error"]["message"] for r in records if r["status"] != "ok")
    assert not any("429" in json.dumps(r["error"]) for r in records)        # a rate limit slows, it does not fail


def test_a_run_killed_with_sigkill_resumes_with_only_the_missing_articles(tmp_path: Path):
    ids = write_articles(tmp_path / "in", 24)
    out = tmp_path / "out"
    with FaultServer(Faults(latency=0.2)) as server:
        run = extract("run", str(tmp_path / "in"), "--base-url", server.url, "--model", "m", "--out", str(out),
                      "--concurrency", "2")
        wait_for(lambda: (out / worker.RECORDS).exists() and len((out / worker.RECORDS).read_bytes().splitlines()) >= 4)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert run.returncode == -signal.SIGKILL and (out / ".lock").read_text() == str(run.pid)   # the lock stays behind
        sent_before = server.counts["requests"]
        settings = settings_module.build({"base_url": server.url, "model": "m", "out": out, "concurrency": 4}, {})
        survivors = records_module.read(out / worker.RECORDS).latest   # what the resumed run will find: whole lines only
        outcome = worker.run(settings, tmp_path / "in")    # takes over the dead run's lock
        resent = server.counts["requests"] - sent_before
    records = read_records(out)
    print(f"\nkilled after {len(survivors)} of 24 records; the resumed run sent {resent} requests")
    assert sorted(r["article_id"] for r in records) == ids and all(r["status"] == "ok" for r in records)
    assert 4 <= len(survivors) < 24 and len(outcome.skipped) == len(survivors)
    assert resent == 3 * (24 - len(survivors))            # three passes for each article that had no record, no more
    first_run = {r["article_id"] for r in records if r["run_id"] == next(iter(survivors.values())).versions["run_id"]}
    assert first_run == set(survivors)                    # records of the killed run were kept, not redone
    assert not (out / ".lock").exists()


def test_a_second_run_into_the_same_folder_is_refused_with_exit_code_4(tmp_path: Path):
    write_articles(tmp_path / "in", 4)
    out = tmp_path / "out"
    with FaultServer(Faults(latency=1.0)) as server:
        first = extract("run", str(tmp_path / "in"), "--base-url", server.url, "--model", "m", "--out", str(out))
        try:
            wait_for(lambda: (out / ".lock").exists())
            second = CliRunner().invoke(cli.main, ["run", str(tmp_path / "in"), "--base-url", server.url,
                                                   "--model", "m", "--out", str(out)])
        finally:
            first.kill()
            first.wait()
    assert second.exit_code == 4
    assert f"another run (pid {first.pid}) is writing into {out}" in " ".join(second.output.split())


def test_a_child_spawned_for_the_model_server_dies_when_its_parent_is_sigkilled():
    code = ("import time; from extractor.llm import embedded; "
            "child = embedded.spawn(['sleep', '60']); print(child.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert alive(child)
    parent.kill()
    parent.wait()
    wait_for(lambda: not alive(child), timeout=5)


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


KEY = "sk-test-SECRET1234567890abcdefXYZ"


def test_the_api_key_is_written_nowhere_even_when_the_endpoint_echoes_it(tmp_path: Path, monkeypatch):
    ids = write_articles(tmp_path / "in", 8)
    gold = tmp_path / "gold"
    gold.mkdir()
    for article_id in ids:
        (gold / f"{article_id}.json").write_text('{"events": [], "votes": [], "motives": []}')
    out = tmp_path / "out"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("EXTRACT_RETRY_WAIT", "0.01")
    faults = Faults(server_error=0.5, rate_limit=0.1, retry_after="0", malformed=0.1, echo_key=True, seed=3)
    with FaultServer(faults) as server:
        ran = CliRunner().invoke(cli.main, ["run", str(tmp_path / "in"), "--base-url", server.url, "--model", "m",
                                            "--out", str(out), "--concurrency", "1", "--gold", str(gold)])
        scored = CliRunner().invoke(cli.main, ["eval", str(out), "--gold", str(gold)])
    assert server.authorizations == {f"Bearer {KEY}"}                        # the key was sent, and echoed back
    errors = [r["error"]["message"] for r in read_records(out) if r["error"]]
    assert any("Authorization: Bearer ***" in m for m in errors)     # the echo reached the records, masked
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.name for p in written} >= {"records.jsonl", "calls.jsonl", "report.json", "report.md", "report.html"}
    for path in written:
        assert KEY not in path.read_text(errors="replace"), path
    for output in (ran.output, scored.output):
        assert KEY not in output and "SECRET1234" not in output
