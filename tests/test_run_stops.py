"""A run that cannot go on stops at once with one message, and a run is bounded in time.

Over real sockets and real processes: the embedded server is replaced, through its command
(Settings.server_command), by tests/fault_server.py run as a process that crashes with SIGSEGV
on its Nth chat request, as a llama.cpp build with the wrong CPU instructions does; remote
endpoints are the fault server answering as a wrong set-up does. No watcher or client is mocked.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import cli, errors, settings as settings_module, worker
from extractor.llm import client as llm, embedded, failures
from schemas import answers
from tests import test_llm
from tests.conftest import ROOT
from tests.fault_server import FaultServer, Faults
from tests.test_reliability import write_articles

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

FAKE_SERVER = (sys.executable, str(ROOT / "tests" / "fault_server.py"), "--port", "{port}", "--latency", "0.02")


def lines(out: Path) -> list[dict]:
    path = out / worker.RECORDS
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def flat(text: str) -> str:
    return " ".join(text.split())


def in_thread(target, timeout: float):
    """Run ``target`` in a daemon thread; (finished, result or exception, seconds)."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = target()
        except BaseException as e:
            box["value"] = e
    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return not thread.is_alive(), box.get("value"), time.monotonic() - started


# --- item 2: the embedded server is checked by a real answer and watched while it runs -------------

def test_a_server_that_crashes_at_its_first_prompt_fails_the_start_not_the_articles(tmp_path: Path):
    write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    settings = settings_module.Settings(out=out, server_command=FAKE_SERVER + ("--crash-after", "1"))
    with pytest.raises(errors.ServerCrashed) as crash:
        worker.run(settings, tmp_path / "in")         # /v1/models answers; the one-token probe crashes it
    message = str(crash.value)
    print(f"\n{message}")
    assert message.startswith("the embedded model server crashed (SIGSEGV) at its first prompt")
    assert f"see {out / 'server.log'}" in message and "-DGGML_NATIVE=OFF" in message
    assert crash.value.exit_code == 3
    assert lines(out) == []                           # no article was sent, none is recorded


def test_a_server_that_crashes_during_the_run_stops_it_at_once_with_exit_3_and_one_message(tmp_path, monkeypatch):
    ids = write_articles(tmp_path / "in", 6)
    out = tmp_path / "out"
    build = cli._settings    # the CLI's own settings, with the server command swapped for the fake

    def crashing(flags):      # request 1 is the probe, 2-4 the first article's passes, 5 the second's first
        return dataclasses.replace(build(flags), server_command=FAKE_SERVER + ("--crash-after", "5"))
    monkeypatch.setattr(cli, "_settings", crashing)
    result = CliRunner().invoke(cli.main, ["run", str(tmp_path / "in"), "--out", str(out)])
    ended = time.time()
    crashed = float((out / "server.log").read_text().split("crashing with SIGSEGV at ")[1].split()[0])
    seconds = ended - crashed
    text = flat(result.output)
    print(f"\nexit {result.exit_code} {seconds:.2f} s after the crash: {text}")
    assert result.exit_code == 3, result.output
    assert text.count("error:") == 1 and text.count("crashed") == 1
    assert ("the embedded model server crashed (SIGSEGV) during the run — see "
            f"{out / 'server.log'}; your llama-cpp-python build may use CPU instructions this machine cannot run: "
            'reinstall with CMAKE_ARGS="-DGGML_NATIVE=OFF') in text
    assert seconds < 2                                 # at once: not after the transport retries of every article
    records = lines(out)
    assert [(r["article_id"], r["status"]) for r in records] == [(ids[0], "ok")]   # the one in flight has none
    monkeypatch.setattr(cli, "_settings", lambda flags: dataclasses.replace(build(flags), server_command=FAKE_SERVER))
    rerun = CliRunner().invoke(cli.main, ["run", str(tmp_path / "in"), "--out", str(out)])
    assert rerun.exit_code == 0, rerun.output
    assert sorted(r["article_id"] for r in lines(out)) == ids and {r["status"] for r in lines(out)} == {"ok"}
    assert sum(r["run_id"] == records[0]["run_id"] for r in lines(out)) == 1      # the rerun did only the others


def test_the_model_server_has_its_own_session_so_a_terminal_ctrl_c_reaches_only_extract():
    """A terminal's Ctrl-C signals its whole foreground group: the server must be stopped by extract once
    the records are safe, not die on its own at the same moment and look like a crash."""
    child = embedded.spawn([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert os.getsid(child.pid) != os.getsid(0) and os.getpgid(child.pid) != os.getpgid(0)
    finally:
        embedded.stop(child)


# --- item 3: endpoint-wide failures stop the run early with one message ----------------------------

def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("faults, expected", [
    (Faults(status=401), "the endpoint refused the API key (HTTP 401"),
    (Faults(status=403), "the endpoint refused this key or this model (HTTP 403"),
    (Faults(status=404), "has no model 'm' or no chat completions API (HTTP 404"),
    (Faults(status=429, error_code="insufficient_quota"), "the endpoint's quota is exhausted (HTTP 429 insufficient_quota"),
    (Faults(html=1.0), "the endpoint answered with an HTML page, not JSON"),
    (None, "nothing answers at http://127.0.0.1:"),
], ids=["401", "403", "404", "insufficient_quota", "html", "nothing-listening"])
def test_an_endpoint_that_fails_every_request_stops_the_run_with_one_message_and_exit_6(
        tmp_path: Path, monkeypatch, faults, expected):
    write_articles(tmp_path / "in", 20)
    out = tmp_path / "out"
    monkeypatch.setenv("EXTRACT_RETRY_WAIT", "0.01")
    server = FaultServer(faults) if faults else None
    url = server.url if server else f"http://127.0.0.1:{closed_port()}/v1"
    started = time.monotonic()
    with server or contextlib.nullcontext():
        result = CliRunner().invoke(cli.main, ["run", str(tmp_path / "in"), "--base-url", url, "--model", "m",
                                               "--out", str(out), "--concurrency", "4"])
    seconds = time.monotonic() - started
    text = flat(result.output)
    sent = server.counts["requests"] if server else 0
    print(f"\nexit {result.exit_code} after {seconds:.1f} s, {sent} requests: {text}")
    assert result.exit_code == 6 == errors.EndpointFailed.exit_code, result.output
    assert expected in text and text.count("error:") == 1
    assert lines(out) == []                            # no article is recorded: a rerun does them all
    assert sent <= 4 and seconds < 8                   # the articles in flight, once each; not 20 failures


def test_a_client_of_no_run_reports_an_endpoint_failure_but_is_not_stopped_for_good():
    """The service keeps one client for its lifetime: an endpoint down now must not fail every later request."""
    port = closed_port()
    url = f"http://127.0.0.1:{port}/v1"
    client = llm.Client(settings_module.Settings(base_url=url, model="m", retry_wait=0.01, transport_attempts=2), url)

    def ask():
        return client.ask(messages=[{"role": "user", "content": "votes?"}], response_model=answers.Votes,
                          context=test_llm.CONTEXT, max_tokens=50, call=llm.Call())
    with pytest.raises(errors.EndpointFailed, match="nothing answers"):
        ask()
    with FaultServer(Faults(), port=port):
        assert ask().votes == []


# --- item 4: a run is bounded ----------------------------------------------------------------------

def test_the_timeout_bounds_a_whole_answer_that_trickles_in(tmp_path: Path):
    write_articles(tmp_path / "in", 1)
    with FaultServer(Faults(trickle=1.0, trickle_every=0.2)) as server:   # 8 bytes every 0.2 s: no read waits 0.5 s
        settings = settings_module.Settings(base_url=server.url, model="m", out=tmp_path / "out", timeout=0.5,
                                            retry_wait=0.01, transport_attempts=2)
        finished, outcome, seconds = in_thread(lambda: worker.run(settings, tmp_path / "in"), timeout=20)
    print(f"\nfinished={finished} after {seconds:.1f} s: {[r['error'] for r in lines(tmp_path / 'out')]}")
    assert finished and seconds < 5                    # two attempts of 0.5 s, not ~10 s per trickled answer
    (record,) = lines(tmp_path / "out")
    assert record["status"] == "error" and "did not answer in time" in record["error"]["message"]


def test_ctrl_c_stops_within_seconds_and_leaves_the_articles_in_flight_for_the_resume(tmp_path: Path):
    ids = write_articles(tmp_path / "in", 8)
    out = tmp_path / "out"
    with FaultServer(Faults(stall=1.0, stall_seconds=60)) as server:
        run = subprocess.Popen([sys.executable, "-m", "extractor", "run", str(tmp_path / "in"), "--base-url",
                                server.url, "--model", "m", "--out", str(out), "--concurrency", "4", "--timeout", "60"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while server.counts["requests"] < 4:           # four requests in flight, each stalled for a minute
            assert time.monotonic() < deadline and run.poll() is None
            time.sleep(0.05)
        started = time.monotonic()
        os.kill(run.pid, signal.SIGINT)
        try:
            _, stderr = run.communicate(timeout=15)
        finally:
            run.kill()
        seconds = time.monotonic() - started
        print(f"\nexit {run.returncode} {seconds:.1f} s after SIGINT: {flat(stderr)[-160:]}")
        assert run.returncode == 130 and seconds < 4 and "interrupted" in stderr
        assert lines(out) == []                        # the four in flight were abandoned, not recorded as failed
        healthy = dataclasses.replace(server.faults, stall=0.0)
    with FaultServer(healthy) as server:
        settings = settings_module.build({"base_url": server.url, "model": "m", "out": out}, {})
        outcome = worker.run(settings, tmp_path / "in")
    assert sorted(r["article_id"] for r in lines(out)) == ids and not outcome.skipped


def test_a_permanent_429_without_retry_after_stops_the_run_after_the_stated_bounded_wait(tmp_path: Path):
    write_articles(tmp_path / "in", 10)
    with FaultServer(Faults(rate_limit=1.0, retry_after="")) as server:
        settings = settings_module.Settings(base_url=server.url, model="m", out=tmp_path / "out",
                                            retry_wait=0.002, concurrency=2)
        bound = failures.rate_limit_bound(settings)
        finished, outcome, seconds = in_thread(lambda: worker.run(settings, tmp_path / "in"), timeout=bound + 10)
    print(f"\nfinished={finished} after {seconds:.1f} s (bound {bound:.2f} s), {server.counts['requests']} requests: "
          f"{outcome}")
    assert finished and isinstance(outcome, errors.EndpointFailed), outcome
    assert "kept answering HTTP 429 (rate limited)" in str(outcome) and seconds < bound + 3
    assert lines(tmp_path / "out") == []
    default = failures.rate_limit_bound(settings_module.Settings())
    readme = flat((ROOT / "README.md").read_text())
    assert f"{default:.0f} s" in readme and "429" in readme          # the README states the bound at the defaults
