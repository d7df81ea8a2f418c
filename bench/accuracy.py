"""Plain instructor against the product, on the same articles, model and endpoint, in one run.

The baseline is what a user would write first: one call asking for the SPEC's Extraction
schema with instructor's defaults (TOOLS mode, its default re-ask). The product is
``extract run``. Both are scored by ``extract eval``'s scorer against the same gold.

    python bench/accuracy.py [FOLDER ...] [--base-url URL --model NAME]

Each FOLDER holds articles and a ``gold/`` folder, or has one beside it (bench/dev/articles; default: seeds). Without --base-url
the embedded model is started once and serves both.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import sys
import time
from pathlib import Path

import instructor
import instructor.core.exceptions as instructor_errors
import openai

from extractor import articles, settings as settings_module, worker
from extractor.evaluation import score
from extractor.llm import client as llm, embedded
from schemas import extraction

BASELINE_PROMPT = "Extract the events, the votes and the quoted motives reported in this news article.\n\n"
BASELINE_MAX_TOKENS = 2048   # bounds a runaway answer; instructor itself sets no limit
CATEGORIES = ("votes", "tallies", "positions", "motives", "events")


def gather_gold(folders: list[Path], out: Path) -> Path:
    """The folders' gold in one folder, OUT/gold: FOLDER/gold, or gold/ beside FOLDER (bench/dev/articles, bench/dev/gold)."""
    gold = out / "gold"
    shutil.rmtree(gold, ignore_errors=True)
    gold.mkdir(parents=True)
    for folder in folders:
        for g in list((folder / "gold").glob("*.json")) + list((folder.parent / "gold").glob("*.json")):
            shutil.copy(g, gold)
    return gold


def run_baseline(settings: settings_module.Settings, base_url: str, folders: list[Path], out: Path,
                 every: int = 1) -> None:
    """Plain instructor on the folders' articles, in order; with ``every`` K, on every K-th article of each
    folder (the 1st, the K+1-th, ...): at ≈ 500 s an article it cannot read a whole set in a session, and
    a stride keeps each language and body of an ordered folder in the sample."""
    client = instructor.from_openai(openai.OpenAI(base_url=base_url, api_key=settings.api_key or "no-key-needed"))
    out.mkdir(parents=True, exist_ok=True)
    with (out / worker.RECORDS).open("w", encoding="utf-8") as f:
        for folder in folders:
            loaded = [a for a in articles.load(folder) if not isinstance(a, articles.Failed)]
            for article in loaded[::every]:
                started = time.monotonic()
                record = {"article_id": article.id, "source": article.source, "sha256": article.sha256,
                          "status": "ok", "extraction": None, "attempts": 0,
                          "usage": {"prompt_tokens": 0, "completion_tokens": 0}, "model": settings.model}
                try:
                    result, completion = client.chat.completions.create_with_completion(
                        model=settings.model, response_model=extraction.Extraction, max_tokens=BASELINE_MAX_TOKENS,
                        messages=[{"role": "user", "content": BASELINE_PROMPT + article.text}])
                    record["extraction"] = result.model_dump(mode="json")
                    usage = completion.usage
                except instructor_errors.InstructorRetryException as e:
                    record.update(status="invalid", error={"type": "InstructorRetryException", "message": str(e)[:200]})
                    usage = e.total_usage
                    record["attempts"] = e.n_attempts
                except instructor_errors.IncompleteOutputException as e:
                    record.update(status="invalid", error={"type": "IncompleteOutput", "message": "hit max_tokens"})
                    usage = getattr(e.last_completion, "usage", None)
                record["attempts"] = record["attempts"] or 1
                total = llm.Usage()
                total.add(usage)
                record["usage"] = total.as_dict()
                record["seconds"] = round(time.monotonic() - started, 2)
                f.write(json.dumps(record) + "\n")
                f.flush()
                print(f"  baseline {article.id}: {record['status']} in {record['seconds']} s", file=sys.stderr)


def run_product(settings: settings_module.Settings, base_url: str, folders: list[Path], out: Path) -> None:
    product = settings_module.Settings(**{**settings.__dict__, "base_url": base_url, "out": out, "force": True,
                                          "concurrency": 1})
    for folder in folders:
        outcome = worker.run(product, folder)
        for r in outcome.records:
            print(f"  product {r.article_id}: {r.status} in {r.seconds} s", file=sys.stderr)


def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"| {'':<22} | " + " | ".join(f"{n:>10}" for n in names) + " |",
             "|" + "-" * 24 + "|" + "|".join("-" * 12 for _ in names) + "|"]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label:<22} | " + " | ".join(f"{v:>10}" for v in values) + " |")

    row("headline F1", [f"{r['headline']:.3f}" for r in results.values()])
    for c in CATEGORIES:
        row(f"{c} F1", [f"{r['micro'][c]['f1']:.3f}" for r in results.values()])
    for key, label in (("seconds", "seconds / article"), ("prompt_tokens", "prompt tokens / art."),
                       ("completion_tokens", "completion tok. / art.")):
        row(label, [f"{r['per_article'][key]:.0f}" for r in results.values()])
    row("articles ok", [f"{r['ok']}/{r['n']}" for r in results.values()])
    return "\n".join(lines)


def sampled_gold(gold: Path, baseline: Path, out: Path) -> Path:
    """The gold of the articles the baseline read."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for article_id in score.load_records(baseline):
        shutil.copy(gold / f"{article_id}.json", out)
    return out


def summarise(result: dict, run_dir: Path, only: Path | None = None) -> dict:
    records = score.load_records(run_dir)
    if only is not None:
        records = {k: r for k, r in records.items() if (only / f"{k}.json").exists()}
    n = max(1, len(records))
    per = {k: sum(getattr(r.usage, k) for r in records.values()) / n for k in ("prompt_tokens", "completion_tokens")}
    per["seconds"] = sum(r.seconds for r in records.values()) / n
    return {**result, "per_article": per, "n": len(records),
            "ok": sum(r.status == "ok" for r in records.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("seeds")])
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--out", type=Path, default=Path("runs/bench-accuracy"))
    parser.add_argument("--product-only", action="store_true", help="skip the plain-instructor baseline (slow)")
    parser.add_argument("--baseline-every", type=int, default=1, metavar="K",
                        help="plain instructor reads only every K-th article of each folder; the product is then "
                             "also scored on those articles alone, beside its score on all")
    args = parser.parse_args()
    settings = settings_module.build({"base_url": args.base_url, "model": args.model})
    shutil.rmtree(args.out, ignore_errors=True)
    gold = gather_gold(args.folders, args.out)
    with contextlib.ExitStack() as stack:
        base_url = settings.base_url or stack.enter_context(embedded.serve(settings))
        results = {}
        runners = (("baseline", functools.partial(run_baseline, every=args.baseline_every)), ("product", run_product))
        for name, runner in runners[1:] if args.product_only else runners:
            run_dir = args.out / name
            runner(settings, base_url, args.folders, run_dir)
            results[name] = summarise(score.evaluate_run(run_dir, gold), run_dir)
        if "baseline" in results and args.baseline_every > 1:   # the product on the baseline's articles alone
            sample = sampled_gold(gold, args.out / "baseline", args.out / "gold-sample")
            product = args.out / "product"
            results[f"product, {results['baseline']['n']} art."] = summarise(score.evaluate_run(product, sample), product,
                                                                           only=sample)
    print(f"\nmodel {settings.model}; articles: {', '.join(map(str, args.folders))}\n")
    print(table(results))
    (args.out / "bench.json").write_text(json.dumps(
        {k: {"headline": v["headline"], "micro": v["micro"], "per_article": v["per_article"]} for k, v in results.items()},
        indent=1))


if __name__ == "__main__":
    main()
