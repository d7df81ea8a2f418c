"""Does each article get read once? The passes as they were, the new ones and plain instructor, side by side.

One process, one run, one embedded model (these machines are noisy: only ratios measured
together mean anything). Variants, each on the same articles:

- ``before``: ``extract run`` of commit BEFORE (default: the last commit before issue 14, 33c35b3),
  unpacked into a temporary folder and run in a child process against this run's server: every
  pass called its own function, whose schema the chat template printed after the article, so
  passes 2 and 3 read that schema, the function-calling text and their instruction again;
- ``tools`` (with ``--tools``): today's code with ``--answers tools``, every pass a function call;
- ``now``: today's default on the embedded model: the votes pass calls its function, motives and
  events answer JSON under the server's grammar with no schema in the prompt, so their prompt
  equals the first up to the end of the article;
- ``baseline``: plain instructor, one call per article for the whole Extraction (bench/accuracy.py),
  on the first ``--baseline-articles`` articles only (up to ~1,000 tokens a try: 267 s and 837 s on seed 000
  and 001 in two runs).

``before`` and ``baseline`` run against llama-cpp-python's own server, as they would be run; ``now`` and
``tools`` against the product's (``extractor.llm.grammar``: the same server, its grammar checked lazily);
``--stock-now`` also runs today's code on the stock server, to show which change saved what.

    python bench/speed.py [FOLDER ...] [--before COMMIT] [--tools] [--stock-now] [--no-baseline]
                          [--baseline-articles N]         (default: seeds bench/dev/articles)

Printed per variant: seconds per article, prompt tokens sent vs computed (the server's own log
lines), the share passes 2 and 3 computed, completion tokens, the ratio to the floor (the
article's first prompt read once plus the answers' decode, at this run's measured rates), and F1.
"""

from __future__ import annotations

import argparse
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extractor import settings as settings_module, worker
from extractor.evaluation import score

import accuracy   # bench/accuracy.py: the plain-instructor baseline
from extractor.llm import client as llm, embedded, prefill

BEFORE = "33c35b3"   # the last commit before issue 14 (read each article once)
_PROMPT = re.compile(r"prompt eval time\s*=\s*([\d.]+) ms /\s*(\d+) tokens")
_DECODE = re.compile(r"\s eval time\s*=\s*([\d.]+) ms /\s*(\d+) runs")


def _read_from(log: Path, offset: int) -> str:
    with log.open("rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", errors="replace")


def rates(server_log: Path) -> tuple[float, float]:
    """Prompt and decode tokens per second over the whole run, from the server's timing lines."""
    text = server_log.read_text(errors="replace")
    prompt = [(float(ms), int(n)) for ms, n in _PROMPT.findall(text)]
    decode = [(float(ms), int(n)) for ms, n in _DECODE.findall(text)]
    per_s = lambda pairs: sum(n for _, n in pairs) / max(1e-9, sum(ms for ms, _ in pairs) / 1000)  # noqa: E731
    return per_s(prompt), per_s(decode)


def run_variant(name: str, answers: str, base_url: str, log: Path, folders: list[Path], out: Path) -> None:
    settings = settings_module.build({"base_url": base_url, "model": settings_module.EMBEDDED_MODEL,
                                      "concurrency": 1, "force": True, "answers": answers, "out": out}, {})

    def connect(s: settings_module.Settings, url: str) -> llm.Client:
        return llm.Client(s, url, log=llm.CallLog(out / "calls.jsonl"), prefill=prefill.ServerLog(log))

    for folder in folders:
        outcome = worker.run(settings, folder, connect=connect)
        for r in outcome.records:
            print(f"  {name} {r.article_id}: {r.status} in {r.seconds} s", file=sys.stderr)


def run_commit(repo: Path, commit: str, base_url: str, folders: list[Path], out: Path) -> None:
    """``extract run`` as it was at ``commit`` of ``repo``, in a child process, against this run's server."""
    root = Path(tempfile.mkdtemp(prefix=f"extractor-{commit}-"))
    archive = subprocess.run(["git", "-C", str(repo), "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    env = {**os.environ, "PYTHONPATH": str(root)}
    for folder in folders:
        subprocess.run([sys.executable, "-m", "extractor", "run", str(folder.resolve()), "--out", str(out.resolve()),
                        "--base-url", base_url, "--model", settings_module.EMBEDDED_MODEL, "--concurrency", "1",
                        "--force"], env=env, cwd=root, check=False)
    shutil.rmtree(root, ignore_errors=True)


def summarise(out: Path, segment: str, prompt_rate: float, decode_rate: float, gold: Path,
              only: set[str] | None = None) -> dict:
    """Computed and decoded tokens are the server's own counts: per call where the client logged them
    (calls.jsonl), else over this variant's stretch of its log. ``only``: these articles alone."""
    records = {k: r for k, r in score.load_records(out).items() if only is None or k in only}
    n = max(1, len(records))
    sent = sum(r.usage.prompt_tokens for r in records.values())
    calls_file = out / "calls.jsonl"
    if calls_file.exists():
        calls = [json.loads(line) for line in calls_file.read_text().splitlines() if line.strip()]
        by_log = [int(k) for _, k in _PROMPT.findall(segment)]   # one request per call, in order
        if len(by_log) == len(calls):   # a child process (``before``) could not read the server's log itself
            calls = [{**c, "prompt_tokens_computed": k} for c, k in zip(calls, by_log)]
        calls = [c for c in calls if c["tag"].rsplit(":", 1)[0] in records]
        computed = sum(c.get("prompt_tokens_computed") or 0 for c in calls)
        completion = sum(c["usage"]["completion_tokens"] for c in calls)
        later = [c for c in calls if not c["tag"].endswith(":votes")]
        later_share = (sum(c.get("prompt_tokens_computed") or 0 for c in later)
                       / max(1, sum(c["usage"]["prompt_tokens"] for c in later)))
        first = sum(c["usage"]["prompt_tokens"] for c in calls if c["tag"].endswith(":votes") and c["attempt"] == 1)
    else:       # the baseline: one call per article
        computed = sum(int(k) for _, k in _PROMPT.findall(segment))
        completion = sum(int(k) for _, k in _DECODE.findall(segment))
        later_share = None
        first = sum(r.usage.prompt_tokens / max(1, r.attempts) for r in records.values())
    floor = (first / prompt_rate + completion / decode_rate) / n
    seconds = sum(r.seconds for r in records.values()) / n
    if only is not None:
        gold = _gold_of(gold, only)
    result = score.evaluate_run(out, gold)
    return {"seconds": seconds, "sent": sent / n, "computed": computed / n, "later_share": later_share,
            "completion": completion / n, "floor": floor, "over_floor": seconds / floor if floor else None,
            "headline": result["headline"], **{c: result["micro"][c]["f1"] for c in accuracy.CATEGORIES},
            "ok": sum(r.status == "ok" for r in records.values()), "n": len(records), "ids": sorted(records)}


def _gold_of(gold: Path, ids: set[str]) -> Path:
    subset = Path(tempfile.mkdtemp(prefix="gold-subset-"))
    for article_id in ids:
        if (gold / f"{article_id}.json").exists():
            shutil.copy(gold / f"{article_id}.json", subset)
    return subset


def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"| {'':<34} | " + " | ".join(f"{n:>10}" for n in names) + " |",
             "|" + "-" * 36 + "|" + "|".join("-" * 12 for _ in names) + "|"]
    rows = [("seconds / article", "seconds", "{:.1f}"), ("prompt tokens sent / article", "sent", "{:.0f}"),
            ("prompt tokens computed / article", "computed", "{:.0f}"),
            ("passes 2-3: share computed", "later_share", "{:.0%}"),
            ("completion tokens / article", "completion", "{:.0f}"), ("floor s / article", "floor", "{:.1f}"),
            ("seconds / floor", "over_floor", "{:.2f}"), ("headline F1", "headline", "{:.3f}")]
    rows += [(f"{c} F1", c, "{:.3f}") for c in accuracy.CATEGORIES]
    for label, key, fmt in rows:
        cells = [fmt.format(results[n][key]) if results[n][key] is not None else "-" for n in names]
        lines.append(f"| {label:<34} | " + " | ".join(f"{c:>10}" for c in cells) + " |")
    lines.append(f"| {'articles ok':<34} | " + " | ".join(f"{results[n]['ok']}/{results[n]['n']:<7}" for n in names) + " |")
    s = {n: results[n]["seconds"] for n in names}
    lines.append("")
    for other in ("before", "tools"):
        if other in s:
            lines.append(f"now / {other} seconds per article: {s['now'] / s[other]:.2f}")
    if "now-stock" in s:
        lines.append(f"now / now-stock seconds per article (the lazy grammar alone): {s['now'] / s['now-stock']:.2f}")
    if "baseline" in s:
        lines.append(f"baseline / now seconds per article, on the baseline's {results['baseline']['n']} articles: "
                     f"{s['baseline'] / s['now, same']:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("seeds"), Path("bench/dev/articles")])
    parser.add_argument("--out", type=Path, default=Path("runs/bench-speed"))
    parser.add_argument("--before", default=BEFORE, help=f"the commit whose passes are 'before' [default: {BEFORE}]")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the git repository holding --before [default: this one]")
    parser.add_argument("--tools", action="store_true", help="also run today's code with --answers tools")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain instructor (slow)")
    parser.add_argument("--baseline-articles", type=int, default=4, metavar="N",
                        help="plain instructor on the first N articles only [default: 4]")
    parser.add_argument("--stock-now", action="store_true", help="also run today's code on the stock server")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    gold = accuracy.gather_gold(args.folders, args.out)
    log = args.out / "server.log"
    base = settings_module.build({}, {})
    segments: dict[str, str] = {}
    stock, product = embedded.STOCK_SERVER, embedded.SERVER
    runs = {"before": (stock, lambda url, out: run_commit(args.repo, args.before, url, args.folders, out))}
    if not args.no_baseline:
        runs["baseline"] = (stock, lambda url, out: accuracy.run_baseline(base, url, args.folders, out,
                                                                          args.baseline_articles))
    if args.stock_now:
        runs["now-stock"] = (stock, lambda url, out: run_variant("now-stock", "json", url, log, args.folders, out))
    if args.tools:
        runs["tools"] = (product, lambda url, out: run_variant("tools", "tools", url, log, args.folders, out))
    runs["now"] = (product, lambda url, out: run_variant("now", "json", url, log, args.folders, out))
    for module in (stock, product):
        with embedded.serve(base, log=log, module=module) as base_url:
            for name, (server, runner) in runs.items():
                if server == module:
                    start = log.stat().st_size
                    runner(base_url, args.out / name)
                    segments[name] = _read_from(log, start)
    prompt_rate, decode_rate = rates(log)
    results = {name: summarise(args.out / name, segment, prompt_rate, decode_rate, gold)
               for name, segment in segments.items()}
    if "baseline" in results:   # the baseline ran on fewer articles: today's code on those same ones
        ids = set(results["baseline"]["ids"])
        results["baseline"] = summarise(args.out / "baseline", segments["baseline"], prompt_rate, decode_rate,
                                        gold, only=ids)
        results["now, same"] = summarise(args.out / "now", segments["now"], prompt_rate, decode_rate, gold, only=ids)
    print(f"\narticles: {', '.join(map(str, args.folders))}; measured prompt {prompt_rate:.0f} tok/s, "
          f"decode {decode_rate:.1f} tok/s\n")
    print(table(results))
    (args.out / "bench.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
