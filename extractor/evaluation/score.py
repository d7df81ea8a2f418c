"""Score a run's extractions against gold annotations (SPEC §6). Pure functions, no I/O but reading.

Every category is counted as tp/fp/fn and every fp or fn is also listed as a miss, an
invention or a wrong value, so a reader of the report can check each number by hand.

Edge cases, chosen so that an empty-but-correct answer scores 1.0 and silence never scores well:
- precision = tp/(tp+fp); with nothing predicted it is 1.0 if gold is empty too, else 0.0.
- recall    = tp/(tp+fn); with nothing in gold it is 1.0 if nothing was predicted, else 0.0.
- f1 = harmonic mean, 0.0 when precision + recall is 0.
- tally numbers and positions of an unpaired vote count like those of a paired vote whose
  other side is empty: gold's are misses (fn), the prediction's inventions (fp). SPEC §6
  says "on paired votes"; read literally, an empty prediction would score tally F1 = 1.0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pydantic

from extractor import errors, records
from extractor.evaluation import pairing
from extractor.read import countries
from schemas import extraction

CATEGORIES = ("votes", "tallies", "positions", "motives", "events")
TALLY_KINDS = ("yes", "no", "abstain")
MOTIVE_IOU = 0.5


def load_records(run_dir: Path, warn: Callable[[str], None] = lambda m: None) -> dict[str, records.Record]:
    """The last record per article, read by the store's own reader (``extractor.records``), so eval and
    resume agree: a damaged line is skipped and reported once through ``warn``, never a crash."""
    path = run_dir / records.RECORDS
    contents = records.read(path)
    if message := contents.warning(path):
        warn(message.replace("their articles are redone", "their articles score as missing"))
    return contents.latest


def load_gold(gold_dir: Path) -> dict[str, extraction.Extraction]:
    """Gold files are Extractions named <article_id>.json; shape only, no article context, with
    country names turned into ISO3 codes (the country table is the only context given).

    A file that is not JSON or not an Extraction is a UsageError naming it: a score over the
    gold that could be read would look like a real one."""
    if not gold_dir.is_dir():
        raise errors.UsageError(f"gold folder {gold_dir} does not exist")
    gold = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold[path.stem] = extraction.Extraction.model_validate(json.loads(path.read_bytes().decode("utf-8")),
                                                                   context={"countries": countries.table()})
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise errors.UsageError(f"gold file {path} is not valid JSON: {e}") from None
        except pydantic.ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(x) for x in first["loc"]) or "the top level"
            raise errors.UsageError(f"gold file {path} is not an Extraction: {where}: {first['msg']} "
                                    f"({e.error_count()} problem(s))") from None
        except OSError as e:
            raise errors.UsageError(f"gold file {path} cannot be read: {e.strerror}") from None
    return gold


def _span(span: extraction.Span | None) -> list[int] | None:
    return [span.start, span.end] if span else None


def _vote_label(v: extraction.Vote) -> str:
    t = v.tally
    numbers = "–".join("?" if n is None else str(n) for n in (t.yes, t.no, t.abstain))
    return f"{v.body} {v.resolution or '(no symbol)'} on {v.subject!r}, {v.date or 'no date'}, {v.outcome}, {numbers}"


def _entry(category: str, description: str, gold: Any = None, pred: Any = None, item: Any = None) -> dict[str, Any]:
    return {"category": category, "description": description, "gold_span": _span(gold),
            "pred_span": _span(pred), "item": item}


def _spans(x: extraction.Extraction) -> list[dict[str, Any]]:
    """Every span of an extraction with a label, for highlighting the article in the report."""
    out = [{"span": _span(v.evidence), "label": f"vote {i}: {_vote_label(v)}"} for i, v in enumerate(x.votes)]
    out += [{"span": _span(e.evidence), "label": f"event {i}: {e.kind}: {e.summary}"} for i, e in enumerate(x.events)]
    out += [{"span": _span(m.span), "label": f"motive {i}: {m.holder}: {m.reason}"}
            for i, m in enumerate(x.motives) if m.span]
    return out


def _compare(category: str, name: str, key: dict, gv: Any, pv: Any, g: extraction.Vote | None,
             p: extraction.Vote | None, counts: dict, details: dict) -> None:
    """One tally number or position: equal -> tp; different -> fp + fn (a wrong value);
    predicted only -> fp (an invention); gold only -> fn (a miss); neither -> nothing."""
    gold_span, pred_span = g.evidence if g else None, p.evidence if p else None
    item = {**key, "gold": gv, "predicted": pv}
    if gv is not None and gv == pv:
        counts[category]["tp"] += 1
    elif gv is not None and pv is not None:
        counts[category]["fp"] += 1
        counts[category]["fn"] += 1
        details["wrong"].append(_entry(category, f"{name}: gold {gv}, predicted {pv}", gold_span, pred_span, item))
    elif pv is not None:
        counts[category]["fp"] += 1
        details["inventions"].append(_entry(category, f"{name}: predicted {pv}, not in gold", None, pred_span, item))
    elif gv is not None:
        counts[category]["fn"] += 1
        details["misses"].append(_entry(category, f"{name}: gold {gv}, not predicted", gold_span, None, item))


def _score_votes(g: extraction.Vote | None, p: extraction.Vote | None, name: str, counts: dict, details: dict) -> None:
    """Tallies, positions and wrong values of a vote pair; an unpaired vote is compared with nothing."""
    for field in ("body", "resolution", "date", "outcome") if g and p else ():
        gv, pv = getattr(g, field), getattr(p, field)
        if (pairing.norm_symbol(gv) != pairing.norm_symbol(pv)) if field == "resolution" else gv != pv:
            what = f"{name} {field}: gold {gv!r}, predicted {pv!r}"
            details["wrong"].append(_entry("votes", what, g.evidence, p.evidence))
    empty = extraction.Tally()
    for kind in TALLY_KINDS:
        gv, pv = getattr(g.tally if g else empty, kind), getattr(p.tally if p else empty, kind)
        _compare("tallies", f"{name} tally.{kind}", {"tally": kind}, gv, pv, g, p, counts, details)
    gold_pos = {q.country: q.position for q in g.positions} if g else {}
    pred_pos = {q.country: q.position for q in p.positions} if p else {}
    for country in sorted(gold_pos.keys() | pred_pos.keys()):
        gv, pv = gold_pos.get(country), pred_pos.get(country)
        _compare("positions", f"{name} {country}", {"country": country}, gv, pv, g, p, counts, details)


def score_article(pred: extraction.Extraction | None, gold: extraction.Extraction) -> dict:
    """One article's counts, P/R/F1 per category, headline, and every miss, invention and wrong value."""
    pred = pred or extraction.Extraction()
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    details: dict[str, list] = {"misses": [], "inventions": [], "wrong": []}

    vote_pairs = pairing.match([[pairing.vote_weight(g, p) for p in pred.votes] for g in gold.votes])
    for gi, pi in vote_pairs:
        _score_votes(gold.votes[gi], pred.votes[pi], f"vote {gi}", counts, details)
    _unpaired("votes", gold.votes, pred.votes, vote_pairs, counts, details, _vote_label, lambda v: v.evidence)
    for gi in sorted(set(range(len(gold.votes))) - {g for g, _ in vote_pairs}):
        _score_votes(gold.votes[gi], None, f"gold vote {gi} (not predicted)", counts, details)
    for pi in sorted(set(range(len(pred.votes))) - {p for _, p in vote_pairs}):
        _score_votes(None, pred.votes[pi], f"predicted vote {pi} (not in gold)", counts, details)

    ious = [[pairing.iou(g.span, p.span) for p in pred.motives] for g in gold.motives]
    motive_pairs = pairing.match([[x if x >= MOTIVE_IOU else 0.0 for x in row] for row in ious])
    holders_right = 0
    for gi, pi in motive_pairs:
        g, p = gold.motives[gi], pred.motives[pi]
        holders_right += g.holder == p.holder
        if g.holder != p.holder:
            what = f"motive {gi} holder: gold {g.holder!r}, predicted {p.holder!r}"
            details["wrong"].append(_entry("motives", what, g.span, p.span))
    _unpaired("motives", gold.motives, pred.motives, motive_pairs, counts, details,
              lambda m: f"{m.holder} (speaker {m.speaker}): “{m.quote}”", lambda m: m.span)

    overlaps = [[pairing.overlap(g.evidence, p.evidence) if g.kind == p.kind else 0 for p in pred.events] for g in gold.events]
    event_pairs = pairing.match(overlaps)
    _unpaired("events", gold.events, pred.events, event_pairs, counts, details,
              lambda e: f"{e.kind}: {e.summary}", lambda e: e.evidence)

    scores = {c: pairing.prf(**counts[c]) for c in CATEGORIES}
    return {
        "scores": scores,
        "headline": sum(s["f1"] for s in scores.values()) / len(CATEGORIES),
        "motive_holders": {"pairs": len(motive_pairs), "correct": holders_right,
                           "accuracy": holders_right / len(motive_pairs) if motive_pairs else None},
        **details,
        "spans": {"gold": _spans(gold), "pred": _spans(pred)},
    }


def _unpaired(category: str, gold: list, pred: list, pairs: list[tuple[int, int]], counts: dict, details: dict,
              describe: Callable[[Any], str], span_of: Callable[[Any], extraction.Span | None]) -> None:
    """Count pairs as tp and list every unpaired gold item as a miss and predicted one as an invention."""
    counts[category]["tp"] = len(pairs)
    for side, items, paired in (("gold", gold, {g for g, _ in pairs}), ("predicted", pred, {p for _, p in pairs})):
        for i, x in enumerate(items):
            if i not in paired:
                what = f"{side} {category[:-1]} {i}: {describe(x)}"
                spans = (span_of(x), None) if side == "gold" else (None, span_of(x))
                counts[category]["fn" if side == "gold" else "fp"] += 1
                details["misses" if side == "gold" else "inventions"].append(
                    _entry(category, what, *spans, x.model_dump()))


def _prediction(record: records.Record | None) -> tuple[extraction.Extraction | None, str]:
    """The record's extraction and status; a record this schema cannot read scores as empty, status 'unreadable'."""
    if record is None:
        return None, "missing"
    if record.status != "ok" or record.extraction is None:
        return None, record.status
    try:
        return extraction.Extraction.model_validate(record.extraction), record.status
    except pydantic.ValidationError:
        return None, "unreadable"


def evaluate_run(run_dir: Path, gold_dir: Path, warn: Callable[[str], None] = lambda m: None) -> dict:
    """Score every gold article; a missing or failed record is an empty prediction, never skipped."""
    gold = load_gold(gold_dir)
    latest = load_records(run_dir, warn)
    articles: dict[str, dict] = {}
    for article_id, gold_x in gold.items():
        record = latest.get(article_id)
        pred, status = _prediction(record)
        r = record or records.Record(article_id)
        cost = {"status": status, "attempts": r.attempts, "prompt_tokens": r.usage.prompt_tokens,
                "completion_tokens": r.usage.completion_tokens, "seconds": r.seconds}
        articles[article_id] = {"source": r.source, "sha256": r.sha256, "cost": cost,
                                "dropped": r.dropped_total, **score_article(pred, gold_x)}
    scored = list(articles.values())
    n = len(scored)
    micro = {c: pairing.prf(*(sum(a["scores"][c][k] for a in scored) for k in ("tp", "fp", "fn"))) for c in CATEGORIES}
    macro = {c: {k: sum(a["scores"][c][k] for a in scored) / n if n else 0.0 for k in ("precision", "recall", "f1")}
             for c in CATEGORIES}
    pairs = sum(a["motive_holders"]["pairs"] for a in scored)
    correct = sum(a["motive_holders"]["correct"] for a in scored)
    costs = [a["cost"] for a in scored]
    totals = {k: sum(c[k] for c in costs) for k in ("attempts", "prompt_tokens", "completion_tokens", "seconds")}
    return {
        "run_dir": str(run_dir), "gold_dir": str(gold_dir), "articles_scored": n,
        "headline": sum(m["f1"] for m in micro.values()) / len(CATEGORIES),
        "micro": micro,
        "macro_over_articles": {"headline": sum(a["headline"] for a in scored) / n if n else 0.0, **macro},
        "motive_holder_accuracy": {"pairs": pairs, "correct": correct, "accuracy": correct / pairs if pairs else None},
        "cost_totals": {**totals, "status_counts": {s: sum(c["status"] == s for c in costs)
                                                    for s in sorted({c["status"] for c in costs})}},
        "without_gold": sorted(latest.keys() - gold.keys()),
        "models": sorted({str(r.versions["model"]) for r in latest.values() if r.versions.get("model")}),
        "articles": articles,
    }
