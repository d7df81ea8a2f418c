"""Does each article get read once? Today's passes against the prefix-sharing ones, side by side.

One embedded server, one process, one run (these machines are noisy: only ratios measured
together mean anything). Each variant runs ``extract run``'s worker on the same articles:

- ``separate``: every pass offers only its own function, so the prompt differs from the
  function list on (the layout before issue 14);
- ``shared``: every pass offers all the passes' functions in one order, so the prompt is the
  same up to the pass's instruction and the server's cache holds the article.

    python bench/speed.py [FOLDER ...]        (default: seeds bench/dev/articles)

Printed per variant: seconds per article, prompt tokens sent vs computed (from the server's own
log lines), the share passes 2 and 3 computed, completion tokens, and the ratio to the floor:
the article's first prompt read once plus the answers' decode, at this run's measured rates.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from extractor import settings as settings_module, worker
from extractor.evaluation import score
from extractor.llm import client as llm, embedded, prefill

VARIANTS = {"separate": False, "shared": True}
_PROMPT = re.compile(r"prompt eval time\s*=\s*([\d.]+) ms /\s*(\d+) tokens")
_DECODE = re.compile(r"\s eval time\s*=\s*([\d.]+) ms /\s*(\d+) runs")


def rates(server_log: Path) -> tuple[float, float]:
    """Prompt and decode tokens per second over the whole run, from the server's timing lines."""
    text = server_log.read_text(errors="replace")
    prompt = [(float(ms), int(n)) for ms, n in _PROMPT.findall(text)]
    decode = [(float(ms), int(n)) for ms, n in _DECODE.findall(text)]
    per_s = lambda pairs: sum(n for _, n in pairs) / max(1e-9, sum(ms for ms, _ in pairs) / 1000)  # noqa: E731
    return per_s(prompt), per_s(decode)


def run_variant(name: str, share: bool, base_url: str, log: Path, folders: list[Path], out: Path) -> None:
    settings = settings_module.build({"base_url": base_url, "model": settings_module.EMBEDDED_MODEL,
                                      "concurrency": 1, "force": True}, {})
    settings = dataclasses.replace(settings, share_prefix=share, out=out)

    def connect(s: settings_module.Settings, url: str) -> llm.Client:
        return llm.Client(s, url, log=llm.CallLog(out / "calls.jsonl"), prefill=prefill.ServerLog(log))

    for folder in folders:
        outcome = worker.run(settings, folder, connect=connect)
        for r in outcome.records:
            print(f"  {name} {r.article_id}: {r.status} in {r.seconds} s", file=sys.stderr)


def summarise(out: Path, prompt_rate: float, decode_rate: float, gold: Path) -> dict:
    calls = [json.loads(line) for line in (out / "calls.jsonl").read_text().splitlines() if line.strip()]
    records = score.load_records(out)
    n = max(1, len(records))
    sent = sum(c["usage"]["prompt_tokens"] for c in calls)
    computed = sum(c.get("prompt_tokens_computed") or 0 for c in calls)
    later = [c for c in calls if not c["tag"].endswith(":votes")]
    later_share = sum(c.get("prompt_tokens_computed") or 0 for c in later) / max(1, sum(c["usage"]["prompt_tokens"] for c in later))
    completion = sum(c["usage"]["completion_tokens"] for c in calls)
    first = {c["tag"].split(":")[0]: c["usage"]["prompt_tokens"] for c in calls if c["tag"].endswith(":votes") and c["attempt"] == 1}
    floor = (sum(first.values()) / prompt_rate + completion / decode_rate) / n
    seconds = sum(r.seconds for r in records.values()) / n
    return {"seconds": seconds, "sent": sent / n, "computed": computed / n, "later_share": later_share,
            "completion": completion / n, "floor": floor, "over_floor": seconds / floor if floor else None,
            "headline": score.evaluate_run(out, gold)["headline"], "ok": sum(r.status == "ok" for r in records.values()),
            "n": len(records)}


def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"| {'':<34} | " + " | ".join(f"{n:>10}" for n in names) + " |",
             "|" + "-" * 36 + "|" + "|".join("-" * 12 for _ in names) + "|"]
    rows = (("seconds / article", "seconds", "{:.1f}"), ("prompt tokens sent / article", "sent", "{:.0f}"),
            ("prompt tokens computed / article", "computed", "{:.0f}"),
            ("passes 2-3: share computed", "later_share", "{:.0%}"),
            ("completion tokens / article", "completion", "{:.0f}"), ("floor s / article", "floor", "{:.1f}"),
            ("seconds / floor", "over_floor", "{:.2f}"), ("headline F1", "headline", "{:.3f}"))
    for label, key, fmt in rows:
        lines.append(f"| {label:<34} | " + " | ".join(f"{fmt.format(results[n][key]):>10}" for n in names) + " |")
    lines.append(f"| {'articles ok':<34} | " + " | ".join(f"{results[n]['ok']}/{results[n]['n']:<7}" for n in names) + " |")
    first, last = results[names[0]]["seconds"], results[names[-1]]["seconds"]
    lines.append(f"\n{names[-1]} / {names[0]} seconds per article: {last / first:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("seeds"), Path("bench/dev/articles")])
    parser.add_argument("--out", type=Path, default=Path("runs/bench-speed"))
    args = parser.parse_args()
    gold = Path(tempfile.mkdtemp(prefix="gold-"))
    for folder in args.folders:
        for g in list((folder / "gold").glob("*.json")) + list((folder.parent / "gold").glob("*.json")):
            shutil.copy(g, gold)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    log = args.out / "server.log"
    base = settings_module.build({}, {})
    with embedded.serve(base, log=log) as base_url:
        for name, share in VARIANTS.items():
            run_variant(name, share, base_url, log, args.folders, args.out / name)
    prompt_rate, decode_rate = rates(log)
    results = {name: summarise(args.out / name, prompt_rate, decode_rate, gold) for name in VARIANTS}
    print(f"\narticles: {', '.join(map(str, args.folders))}; measured prompt {prompt_rate:.0f} tok/s, "
          f"decode {decode_rate:.1f} tok/s\n")
    print(table(results))
    (args.out / "bench.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
