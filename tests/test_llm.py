"""The two retry layers against a real local HTTP server that plays scripted responses.

The server is a fake at the transport seam (the model's answers are scripted); the OpenAI
SDK, instructor, tenacity and our rules are the real ones.
"""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from extractor import articles, errors, settings as settings_module
from extractor.llm import client as llm
from extractor.read import reading
from schemas import answers

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

TEXT = "The resolution passed by 93 to 18.\nIsrael and Hungary voted against it."
CONTEXT = reading.read(articles.Article("t", "t.txt", TEXT, None, "0")).context   # two numbered sentences


def tool_answer(arguments: dict, finish: str = "tool_calls", tokens: int = 10) -> dict:
    return {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": finish, "message": {
                "role": "assistant", "content": None,
                "tool_calls": [{"id": "c", "type": "function",
                                "function": {"name": "Votes", "arguments": json.dumps(arguments)}}]}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": tokens, "total_tokens": 100 + tokens}}


GOOD = {"votes": [{"s": 1, "body": "general_assembly", "subject": "x"}]}
BAD = {"votes": [{"s": 9, "body": "general_assembly", "subject": "x"}]}


@pytest.fixture
def server():
    """Answers POSTs from a script of (status, headers, body) and records every request body."""
    script: list[tuple[int, dict, dict | str]] = []
    seen: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            status, headers, body = script.pop(0)
            payload = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            for k, v in {"Content-Type": "application/json", **headers}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script, seen
    httpd.shutdown()


def ask(url: str, **options) -> tuple[object, llm.Call]:
    settings = settings_module.Settings(**{"base_url": url, "model": "m", "timeout": 5.0, **options})
    call = llm.Call()
    answer = llm.Client(settings, url).ask(messages=[{"role": "user", "content": "votes? {{ not a template }}"}],
                                           response_model=answers.Votes, context=CONTEXT, max_tokens=50, call=call)
    return answer, call


def test_transient_errors_are_retried_with_backoff_and_retry_after_is_honoured(server):
    url, script, seen = server
    script += [(503, {}, {"error": "busy"}), (429, {"Retry-After": "1"}, {"error": "slow down"}), (200, {}, tool_answer(GOOD))]
    started = time.monotonic()
    answer, call = ask(url)
    assert answer.votes[0].s == 1 and len(seen) == 3
    assert time.monotonic() - started >= 1.0                       # waited as the server asked
    assert call.attempts == 1 and call.usage.as_dict() == {"prompt_tokens": 100, "completion_tokens": 10}
    assert seen[0]["messages"][0]["content"] == "votes? {{ not a template }}"   # braces reach the model untouched


def test_a_broken_rule_is_re_asked_with_the_rule_at_a_higher_temperature(server):
    url, script, seen = server
    script += [(200, {}, tool_answer(BAD)), (200, {}, tool_answer(GOOD))]
    answer, call = ask(url)
    assert answer.votes[0].s == 1 and call.attempts == 2
    assert call.usage.as_dict() == {"prompt_tokens": 200, "completion_tokens": 20}   # both attempts counted
    assert seen[0]["temperature"] == 0.0 and seen[1]["temperature"] == 0.5
    reask = json.dumps(seen[1]["messages"][-1])
    assert "sentence 9 does not exist; sentences are numbered 1 to 2" in reask


def test_the_same_error_twice_stops_early_and_keeps_the_last_raw_answer(server):
    url, script, seen = server
    script += [(200, {}, tool_answer(BAD))] * 2
    with pytest.raises(errors.ValidationFailed) as failure:
        ask(url, max_retries=5)
    assert len(seen) == 2 and failure.value.attempts == 2
    assert json.loads(failure.value.last_raw) == BAD


def test_truncated_output_is_a_validation_failure_that_is_re_asked(server):
    url, script, seen = server
    cut = tool_answer(GOOD, finish="length")
    cut["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = '{"votes": [{"s": 1, "bo'
    script += [(200, {}, cut), (200, {}, tool_answer(GOOD))]
    answer, call = ask(url)
    assert answer.votes[0].s == 1 and call.truncated and len(seen) == 2


def test_a_dead_endpoint_is_a_transport_error_after_bounded_attempts(server):
    url, script, seen = server
    script += [(500, {}, {"error": "down"})] * 2
    with pytest.raises(errors.TransportError, match="HTTP 500"):
        ask(url, transport_attempts=2, retry_wait=0.01)
    assert len(seen) == 2


def test_rate_limits_cost_no_attempt_and_pause_every_worker(server):
    url, script, seen = server
    script += [(429, {"Retry-After": "0"}, {"error": "slow down"})] * 4 + [(200, {}, tool_answer(GOOD))]
    answer, call = ask(url, transport_attempts=2)                  # four 429s, yet only two attempts allowed
    assert answer.votes[0].s == 1 and len(seen) == 5


def test_a_429_seen_by_one_worker_holds_the_others(server):
    url, script, seen = server
    settings = settings_module.Settings(base_url=url, model="m", timeout=5.0)
    client = llm.Client(settings, url)
    script += [(429, {"Retry-After": "1"}, {"error": "slow down"}), (200, {}, tool_answer(GOOD))]
    first = threading.Thread(target=lambda: client.ask(
        messages=[{"role": "user", "content": "votes?"}], response_model=answers.Votes, context=CONTEXT,
        max_tokens=50, call=llm.Call()))
    first.start()
    while len(seen) < 1:
        time.sleep(0.01)
    time.sleep(0.1)                                                 # the 429 has been read and the hold set
    started = time.monotonic()
    client.backoff.wait()                                           # what another worker does before each request
    assert time.monotonic() - started >= 0.7
    first.join()


def test_a_body_that_is_not_json_is_retried_as_a_transport_glitch(server):
    url, script, seen = server
    script += [(200, {}, '{"id": "x", "choices": [{"ind'), (200, {}, tool_answer(GOOD))]
    answer, call = ask(url, retry_wait=0.01)
    assert answer.votes[0].s == 1 and len(seen) == 2 and call.attempts == 1   # not a re-ask: the same request again
    script += [(200, {}, "not json")] * 2
    with pytest.raises(errors.TransportError, match="malformed JSON"):
        ask(url, transport_attempts=2, retry_wait=0.01)
