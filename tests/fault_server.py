"""A fault-injecting OpenAI-compatible server on 127.0.0.1, for the reliability tests and bench/throughput.py.

It answers what the product really sends (instructor TOOLS mode: the function ``tool_choice`` names)
with a minimal answer that is valid for that function's JSON schema, after a fixed latency;
and at configurable rates it fails the way paid APIs do: 429 with Retry-After, 500/503,
a stall longer than the client's timeout, a body that is not JSON, output cut at the token
cap (``finish_reason: "length"``), and well-formed arguments that break the schema. It can also
fail the way a wrong set-up does, on every request: a fixed HTTP status (401, 404, a 429 saying
``insufficient_quota``), an HTML page with status 200, an answer trickled a few bytes at a time
(each read within the client's timeout, the whole far beyond it), and, run as a process, a crash
(it kills itself with SIGSEGV on its Nth chat request, as a llama.cpp build with the wrong CPU
instructions does).
Draws come from one seeded generator, and every kind of answer is counted so a test can
assert that each fault really happened.

In a test: ``with FaultServer(Faults(...)) as server: server.url, server.counts``.
As a process (its CPU then stays out of the client's GIL)::

    python -m tests.fault_server --latency 0.1 [--rate-limit 0.1 ...]   # prints "port N", serves

``GET /stats`` returns the counts as JSON.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import http.server
import json
import os
import random
import signal
import sys
import threading
import time
from typing import Any

FAULTS = ("rate_limit", "server_error", "stall", "malformed", "truncated", "schema")   # what a paid API does
SETUP_FAULTS = ("html", "trickle")                                                        # what a wrong set-up does


@dataclasses.dataclass(frozen=True)
class Faults:
    rate_limit: float = 0.0        # 429 with Retry-After
    server_error: float = 0.0      # 500 or 503
    stall: float = 0.0             # no answer for stall_seconds (longer than the client's timeout)
    malformed: float = 0.0         # HTTP 200 whose body is not JSON
    truncated: float = 0.0         # arguments cut off, finish_reason "length"
    schema: float = 0.0            # well-formed arguments that break the tool's schema
    html: float = 0.0              # HTTP 200 with a web page (text/html)
    trickle: float = 0.0           # a valid answer sent in small pieces, trickle_every seconds apart
    latency: float = 0.0           # seconds before every answer
    retry_after: str = "1"         # the Retry-After header of a 429 ("": none)
    status: int = 0                # answer every chat request with this HTTP status (0: off)
    error_code: str = ""           # the error's "code" and "type" in that answer, e.g. insufficient_quota
    trickle_every: float = 0.1
    crash_after: int = 0           # as a process: kill itself with crash_signal on this chat request (0: never)
    crash_signal: str = "SIGSEGV"
    stall_seconds: float = 30.0
    seed: int = 0
    echo_key: bool = False         # error bodies quote the Authorization header, as some proxies do


class FaultServer:
    def __init__(self, faults: Faults, port: int = 0) -> None:
        self.faults = faults
        self.counts: collections.Counter[str] = collections.Counter()
        self.authorizations: set[str] = set()      # Authorization headers received, for the secret test
        self._random = random.Random(faults.seed)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _handler(self))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def __enter__(self) -> "FaultServer":
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def draw(self) -> str:
        """The kind of the next answer: a fault by its rate, else "ok"."""
        with self._lock:
            r = self._random.random()
            self.counts["requests"] += 1
            for kind in FAULTS + SETUP_FAULTS:
                rate = getattr(self.faults, kind)
                if r < rate:
                    self.counts[kind] += 1
                    return kind
                r -= rate
            self.counts["ok"] += 1
            return "ok"

    def pause(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256       # 64 clients connecting at once must not overflow the backlog


def _handler(server: FaultServer) -> type[http.server.BaseHTTPRequestHandler]:
    faults = server.faults

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"    # keep-alive, as real endpoints
        disable_nagle_algorithm = True   # headers and body go out at once, not 40 ms apart

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/stats"):
                with server._lock:
                    self._send(200, dict(server.counts))
            else:
                self._send(200, {"object": "list", "data": [{"id": "m", "object": "model", "owned_by": "fault-server"}]})

        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            server.authorizations.add(self.headers.get("Authorization", ""))
            kind = server.draw()
            if faults.crash_after and server.counts["requests"] >= faults.crash_after:
                print(f"crashing with {faults.crash_signal} at {time.time():.3f}", flush=True)
                os.kill(os.getpid(), getattr(signal, faults.crash_signal))
            server.pause(faults.latency)
            if faults.status:
                self._send(faults.status, self._error(f"HTTP {faults.status} from the fault server", faults.error_code))
            elif kind == "rate_limit":
                self._send(429, self._error("rate limited"), {"Retry-After": faults.retry_after} if faults.retry_after else {})
            elif kind == "server_error":
                self._send(500 if server.counts["server_error"] % 2 else 503, self._error("overloaded"))
            elif kind == "malformed":
                self._send(200, '{"id": "x", "choices": [{"index": 0, "message": {"role": "assis')
            elif kind == "html":
                self._send(200, "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>Sign in</body></html>",
                           {"Content-Type": "text/html; charset=utf-8"})
            elif kind == "trickle":
                self._send(200, completion(request), trickle=faults.trickle_every)
            else:
                if kind == "stall":
                    server.pause(faults.stall_seconds)
                self._send(200, completion(request, kind))

        def _error(self, message: str, code: str = "") -> dict[str, Any]:
            if faults.echo_key:
                message += f" (request had Authorization: {self.headers.get('Authorization')})"
            return {"error": {"message": message, "type": code or "fault_server", "code": code or None}}

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None, trickle: float = 0.0) -> None:
            payload = (body if isinstance(body, str) else json.dumps(body)).encode()
            try:
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", **(headers or {})}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if not trickle:
                    self.wfile.write(payload)
                for i in range(0, len(payload) if trickle else 0, 8):
                    self.wfile.write(payload[i:i + 8])
                    self.wfile.flush()
                    if server._stopping.wait(trickle):
                        break
            except OSError:        # the client gave up (a stall past its timeout)
                self.close_connection = True

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def completion(request: dict[str, Any], kind: str = "ok") -> dict[str, Any]:
    """A chat completion answering the request's tool (or its response_format's schema, in the message
    text) with a minimal valid (or, by kind, broken) answer."""
    tools = request.get("tools") or []
    fmt = request.get("response_format") or {}
    wanted = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {"type": "object"}
    chosen = ((request.get("tool_choice") or {}).get("function") or {}).get("name") if isinstance(
        request.get("tool_choice"), dict) else None        # every pass offers all functions and chooses one
    offered = [t["function"] for t in tools]
    function = next((f for f in offered if f["name"] == chosen), offered[0]) if offered else \
        {"name": "answer", "parameters": wanted}
    schema = function.get("parameters") or {}
    answer = minimal(schema, schema)
    if kind == "schema":
        answer = {name: "broken" for name in schema.get("required", [])} or {"unexpected": True}
    arguments = json.dumps(answer)
    finish = "tool_calls"
    if kind == "truncated":
        arguments, finish = arguments[: max(1, len(arguments) // 2)], "length"
    prompt_tokens = len(json.dumps(request.get("messages", []))) // 4
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tools:
        message["tool_calls"] = [{"id": "call_0", "type": "function",
                                  "function": {"name": function["name"], "arguments": arguments}}]
    else:
        message["content"], finish = arguments, "stop" if finish == "tool_calls" else finish
    return {"id": "fault-0", "object": "chat.completion", "created": int(time.time()), "model": request.get("model", "m"),
            "choices": [{"index": 0, "finish_reason": finish, "message": message}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(arguments) // 4,
                      "total_tokens": prompt_tokens + len(arguments) // 4}}


def minimal(schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """The smallest instance of a JSON schema: required properties only, empty lists, first choices."""
    if "$ref" in schema:
        return minimal(root.get("$defs", {})[schema["$ref"].rsplit("/", 1)[-1]], root)
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return minimal(schema[key][0], root)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        return {name: minimal(schema.get("properties", {}).get(name, {}), root) for name in schema.get("required", [])}
    if kind == "array":
        return [minimal(schema.get("items", {}), root) for _ in range(schema.get("minItems", 0))]
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(kind)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A fault-injecting OpenAI-compatible server on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0)
    for field in dataclasses.fields(Faults):
        flag = "--" + field.name.replace("_", "-")
        if field.type == "bool":
            parser.add_argument(flag, action="store_true")
        else:
            parser.add_argument(flag, type={"str": str, "int": int}.get(field.type, float), default=field.default)
    args = vars(parser.parse_args(argv))
    port = args.pop("port")
    server = FaultServer(Faults(**args), port)
    print(f"port {server.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
