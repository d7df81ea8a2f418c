"""Throughput and memory of `extract run` against a remote endpoint that only adds latency.

The fault server (tests/fault_server.py) runs in its own process with a fixed latency and no
faults, so its CPU does not share the client's GIL; the product runs in this process exactly
as `extract run` does (loading, the three passes, checks, records fsynced, compaction).

    python bench/throughput.py [--latency 0.1] [--memory-articles 5000]

Prints articles/s at concurrency 1, 4, 16 and 64 beside the ideal, then the peak RSS of a
child process that runs 5,000 articles.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import settings as settings_module, worker  # noqa: E402
from tests import test_reliability  # noqa: E402

REQUESTS_PER_ARTICLE = 3          # the votes, motives and events passes, one after another
SECONDS_PER_RUN = 6.0             # ideal duration of each measured run


def start_server(latency: float) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-m", "tests.fault_server", "--latency", str(latency)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])
    return server, f"http://127.0.0.1:{port}/v1"


def requests_so_far(url: str) -> int:
    with urllib.request.urlopen(url + "/stats") as response:
        return json.load(response).get("requests", 0)


def run(url: str, folder: Path, out: Path, concurrency: int) -> tuple[float, int]:
    """Seconds for one run and the number of records it wrote."""
    settings = settings_module.build({"base_url": url, "model": "m", "out": out, "concurrency": concurrency}, {})
    started = time.perf_counter()
    outcome = worker.run(settings, folder)
    seconds = time.perf_counter() - started
    assert outcome.failed == 0, [r.error for r in outcome.records if r.error]
    return seconds, len(outcome.records)


def throughput(url: str, latency: float, work: Path) -> None:
    print(f"ideal = concurrency / ({REQUESTS_PER_ARTICLE} sequential requests per article x {latency * 1000:.0f} ms latency)")
    print(f"{'concurrency':>11} {'articles':>8} {'seconds':>8} {'req/article':>11} {'articles/s':>10} {'ideal':>8} {'% ideal':>8}")
    for concurrency in (1, 4, 16, 64):
        ideal = concurrency / (REQUESTS_PER_ARTICLE * latency)
        n = math.ceil(ideal * SECONDS_PER_RUN)
        folder = work / f"in_{concurrency}"
        test_reliability.write_articles(folder, n)
        before = requests_so_far(url)
        seconds, done = run(url, folder, work / f"out_{concurrency}", concurrency)
        per_article = (requests_so_far(url) - before) / done
        rate = done / seconds
        print(f"{concurrency:>11} {done:>8} {seconds:>8.1f} {per_article:>11.1f} {rate:>10.1f} {ideal:>8.1f} "
              f"{100 * rate / ideal:>7.0f}%", flush=True)


def memory(url: str, n: int, work: Path) -> None:
    """Peak RSS of a fresh process that runs n articles: this process has already grown."""
    folder = work / "in_memory"
    test_reliability.write_articles(folder, n)
    child = subprocess.run([sys.executable, __file__, "--child", url, str(folder), str(work / "out_memory")],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    peak_kb, seconds, done = child.stdout.split()
    print(f"peak memory (max RSS) for {done} articles at concurrency 64: {int(peak_kb) / 1024:.0f} MB "
          f"({float(seconds):.0f} s)")


def child(url: str, folder: str, out: str) -> None:
    seconds, done = run(url, Path(folder), Path(out), 64)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, round(seconds, 1), done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--memory-articles", type=int, default=5000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    server, url = start_server(args.latency)
    try:
        with tempfile.TemporaryDirectory() as work:
            throughput(url, args.latency, Path(work))
            if args.memory_articles:
                memory(url, args.memory_articles, Path(work))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
