"""Throughput of the service through its API with 1, 2 and 4 `extract worker` processes on a Redis queue.

The fault server (tests/fault_server.py) is the model, in its own process, with a fixed latency
and no faults; `extract serve --api-only` and the workers run as a user runs them, over a
redis-server started here on a free port. Each measured job is new text (nothing answered from
the cache); its time runs from the POST to the job's `completed`.

    python bench/service.py [--latency 0.1] [--concurrency 4] [--seconds 6]

Prints articles/s beside the ideal (worker processes x threads / (requests per article x latency))
and the CPU per article of the workers and of the API process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_service import articles  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def call(url: str, method: str = "GET", body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            call(url)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def extract(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "extractor", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def measure(api: str, model: str, queue: str, processes: int, concurrency: int, n: int, start: int) -> dict[str, float]:
    workers = [extract("worker", "--queue", queue, "--base-url", model, "--model", "m",
                       "--concurrency", str(concurrency)) for _ in range(processes)]
    try:
        time.sleep(4)                                  # imports and the first Redis poll, before the clock starts
        cpu_before = sum(cpu_seconds(w.pid) for w in workers)
        requests_before = call(model + "/stats").get("requests", 0)
        started = time.perf_counter()
        job = call(api + "/v1/jobs", "POST", {"articles": articles(n, start)})
        while job["status"] != "completed":
            time.sleep(0.05)
            job = call(f"{api}/v1/jobs/{job['id']}")
        seconds = time.perf_counter() - started
        cpu = sum(cpu_seconds(w.pid) for w in workers) - cpu_before
        requests = call(model + "/stats").get("requests", 0) - requests_before
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait()
    if job["counts"]["ok"] != n:
        with urllib.request.urlopen(f"{api}/v1/jobs/{job['id']}/records?limit=1") as answer:
            raise SystemExit(f"not every article ended ok: {job['counts']}; the first record: {answer.read()[:600]!r}")
    return {"seconds": seconds, "rate": n / seconds, "cpu_ms": 1000 * cpu / n, "per_article": requests / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=4, help="threads per worker process")
    parser.add_argument("--seconds", type=float, default=6.0, help="ideal duration of each measured job")
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench/service.py needs redis-server (apt-get install redis-server)")
    with tempfile.TemporaryDirectory() as work:
        redis_port, api_port = free_port(), free_port()
        redis = subprocess.Popen([binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", work], stdout=subprocess.DEVNULL)
        fault = subprocess.Popen([sys.executable, "-m", "tests.fault_server", "--latency", str(args.latency)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)
        model = f"http://127.0.0.1:{int(fault.stdout.readline().split()[1])}/v1"
        queue = f"redis://127.0.0.1:{redis_port}/0"
        api = f"http://127.0.0.1:{api_port}"
        server = extract("serve", "--queue", queue, "--api-only", "--port", str(api_port), "--data", work)
        try:
            wait_up(api + "/healthz")
            rows, start = [], 0
            for processes in (1, 2, 4):
                per_article = rows[-1][1]["per_article"] if rows else 2.0
                ideal = processes * args.concurrency / (per_article * args.latency)
                n = math.ceil(ideal * args.seconds)
                api_cpu = cpu_seconds(server.pid)
                result = measure(api, model, queue, processes, args.concurrency, n, start)
                result["api_cpu_ms"] = 1000 * (cpu_seconds(server.pid) - api_cpu) / n
                ideal = processes * args.concurrency / (result["per_article"] * args.latency)
                rows.append((processes, result, ideal, n))
                start += n
        finally:
            for p in (server, fault, redis):
                p.terminate()
                p.wait()
    print(f"ideal = processes x {args.concurrency} threads / (requests per article x {args.latency * 1000:.0f} ms)")
    print(f"{'workers':>7} {'articles':>8} {'seconds':>8} {'req/article':>11} {'articles/s':>10} {'ideal':>7} "
          f"{'% ideal':>7} {'worker CPU ms/article':>21} {'API CPU ms/article':>18}")
    for processes, r, ideal, n in rows:
        print(f"{processes:>7} {n:>8} {r['seconds']:>8.1f} {r['per_article']:>11.1f} {r['rate']:>10.1f} {ideal:>7.1f} "
              f"{100 * r['rate'] / ideal:>6.0f}% {r['cpu_ms']:>21.1f} {r['api_cpu_ms']:>18.1f}")
    print(f"{os.cpu_count()} CPU(s) on this machine")


if __name__ == "__main__":
    main()
