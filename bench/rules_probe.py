"""How far the reading rules alone get on real articles, against gold, with no model.

Each section plays the model's part with what gold says it should answer, runs the real
rules and settling code on it, and scores what they build with ``extract eval``'s scorer.
A change to a rule or a lexicon word shows here in seconds, before any model run.

    python bench/rules_probe.py [FOLDER ...] [--section NAME] [--misses]

FOLDERs hold articles and a ``gold/`` folder (default: bench/dev and bench/real/tune).

Sections (add one with ``@section``; a section returns the predicted and the gold Extraction):
- votes-oracle: the model lists each gold vote at the sentence of its gold evidence, with its
  gold body, symbol and subject; the rules give tally, positions, outcome, body and date.
- votes-echo: the model lists a vote at every sentence the rules hint at (headline, lede
  and count told apart or not), body "other": what the merging of mentions keeps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

import probe_facts
from extractor import articles as articles_module
from extractor.evaluation import pairing, score
from extractor.passes import votes as votes_pass
from extractor.read import reading as reading_module
from schemas import answers, extraction

DEFAULT = [Path("bench/dev"), Path("bench/real/tune")]
SECTIONS: dict[str, tuple[Callable, tuple[str, ...]]] = {}
AFTER: dict[str, Callable[[], None]] = {}     # a section's extra lines, printed after its table
Probe = Callable[[reading_module.Reading, extraction.Extraction], tuple[extraction.Extraction, extraction.Extraction]]


def section(name: str, categories: tuple[str, ...]) -> Callable[[Probe], Probe]:
    def register(fn: Probe) -> Probe:
        SECTIONS[name] = (fn, categories)
        return fn
    return register


def sentence_of(reading: reading_module.Reading, span: extraction.Span | None) -> int | None:
    """The numbered sentence that holds most of a gold span."""
    if span is None:
        return None
    best = max(((min(s.end, span.end) - max(s.start, span.start), n) for n, s in enumerate(reading.sentences, 1)),
               default=(0, None))
    return best[1] if best[0] > 0 else reading.number(span.start)


def votes_only(x: extraction.Extraction) -> extraction.Extraction:
    return extraction.Extraction(votes=x.votes)


def built(reading: reading_module.Reading, items: list[answers.VoteItem]) -> extraction.Extraction:
    _, votes = votes_pass.settle(reading, items)
    result, _ = extraction.validate_items({"votes": votes, "motives": [], "events": []}, reading.context)
    return result


@section("votes-oracle", ("votes", "tallies", "positions"))
def votes_oracle(reading, gold):
    items = []
    for v in gold.votes:
        s = sentence_of(reading, v.evidence)
        if s is not None:
            items.append(answers.VoteItem.model_construct(s=s, body=v.body, symbol=v.resolution, subject=v.subject))
    return built(reading, items), votes_only(gold)


@section("votes-echo", ("votes", "tallies", "positions"))
def votes_echo(reading, gold):
    items = [answers.VoteItem.model_construct(s=n, body="other", symbol=None, subject="-")
             for n in votes_pass.candidates(reading)]
    return built(reading, items), votes_only(gold)


def field_accuracy(pairs: list[tuple[extraction.Vote, extraction.Vote]], field: str) -> str:
    right = sum(getattr(g, field) == getattr(p, field) for g, p in pairs)
    return f"{right}/{len(pairs)}"


def run(folders: list[Path], names: list[str], misses: bool) -> None:
    loaded = []
    for folder in folders:
        gold = score.load_gold(folder / "gold")
        for a in articles_module.load(folder / "articles" if (folder / "articles").is_dir() else folder):
            if not isinstance(a, articles_module.Failed) and a.id in gold:
                loaded.append((a, gold[a.id]))
    readings = [(reading_module.read(a), g) for a, g in loaded]
    for name in names:
        probe, categories = SECTIONS[name]
        totals = {c: {"tp": 0, "fp": 0, "fn": 0} for c in categories}
        paired: list[tuple[extraction.Vote, extraction.Vote]] = []
        notes = []
        for reading, gold in readings:
            pred, want = probe(reading, gold)
            scored = score.score_article(pred, want)
            for c in categories:
                for k in ("tp", "fp", "fn"):
                    totals[c][k] += scored["scores"][c][k]
            weights = [[pairing.vote_weight(g, p) for p in pred.votes] for g in want.votes]
            paired += [(want.votes[gi], pred.votes[pi]) for gi, pi in pairing.match(weights)]
            if misses:
                notes += [f"  {reading.article.id}: {e['description']}" for kind in ("misses", "inventions", "wrong")
                          for e in scored[kind] if e["category"] in categories]
        print(f"\n## {name} ({len(readings)} articles)")
        print(f"| {'fact':<10} | {'P':>5} | {'R':>5} | {'F1':>5} | tp/fp/fn |")
        for c in categories:
            s = pairing.prf(**totals[c])
            print(f"| {c:<10} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | "
                  f"{s['tp']}/{s['fp']}/{s['fn']} |")
        if "votes" in categories:
            print("paired votes right: " + ", ".join(f"{f} {field_accuracy(paired, f)}"
                                                     for f in ("body", "outcome", "date", "tally")))
        print("\n".join(notes))
        if name in AFTER:
            AFTER[name]()


probe_facts.register(sys.modules[__name__])      # the motives and events sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--section", action="append", choices=sorted(SECTIONS),
                        help="one section (repeatable); all by default")
    parser.add_argument("--misses", action="store_true", help="list every miss, invention and wrong value")
    args = parser.parse_args()
    run(args.folders, args.section or list(SECTIONS), args.misses)


if __name__ == "__main__":
    sys.exit(main())
