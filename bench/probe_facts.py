"""The motives and events sections of bench/rules_probe.py: what the rules alone give, against gold.

- motives: every passage the rules list becomes a motive (the model never drops one), so the
  scorer's motive P/R is the candidates' precision and recall (IoU >= 0.5). Its holder is the
  rule's holder where a rule names one (a state's official or delegation speaks), else "?";
  the holder line counts, on paired passages, how often a rule applies and is right.
- events-votes: gold's votes at their evidence sentences; the vote events the rules build
  from them (``events.vote_events``), scored against gold's events of kind vote.
- events-cue: gold's events answered at their gold sentences with kind "other" (or "vote"),
  kinds then set by cue words: how often a cue word names gold's kind.
- events-kept: the same with gold's own kind: how often a cue word overrides a right label.
"""

from __future__ import annotations

from types import ModuleType

from extractor.evaluation import pairing, score
from extractor.passes import events as events_pass, motives as motives_pass, votes as votes_pass
from schemas import answers, extraction

HOLDERS = {"pairs": 0, "applies": 0, "right": 0, "wrong": []}


def _validated(reading, data):
    result, _ = extraction.validate_items({"votes": [], "motives": [], "events": [], **data}, reading.context)
    return result


def only(**facts) -> extraction.Extraction:
    """Gold with only these facts (a motive's vote index then points at no vote: not validated)."""
    return extraction.Extraction.model_construct(**{"votes": [], "motives": [], "events": [], **facts})


def motives(reading, gold):
    listed = motives_pass.candidates(reading)
    built = []
    for _, a, b in listed:
        holder = motives_pass.holder_by_rule(reading, (a, b))
        built.append({"holder": holder or "?", "speaker": "-", "quote": reading.text[a:b], "reason": "-", "vote": None})
    pred = _validated(reading, {"motives": built})
    ious = [[pairing.iou(g.span, p.span) for p in pred.motives] for g in gold.motives]
    for gi, pi in pairing.match([[x if x >= score.MOTIVE_IOU else 0.0 for x in row] for row in ious]):
        HOLDERS["pairs"] += 1
        ruled = motives_pass.holder_by_rule(reading, (pred.motives[pi].span.start, pred.motives[pi].span.end))
        if ruled:
            HOLDERS["applies"] += 1
            if ruled == gold.motives[gi].holder:
                HOLDERS["right"] += 1
            else:
                HOLDERS["wrong"].append(f"{reading.article.id}: gold {gold.motives[gi].holder}, rule {ruled}")
    return pred, only(motives=gold.motives)


def _gold_votes(reading, gold):
    items = [answers.VoteItem.model_construct(s=s, body=v.body, symbol=v.resolution, subject=v.subject)
             for v in gold.votes if (s := sentence_of(reading, v.evidence)) is not None]
    return votes_pass.settle(reading, items)


def events_votes(reading, gold):
    kept, votes = _gold_votes(reading, gold)
    voted = events_pass.vote_events(reading, [v.s for v in kept], votes)
    want = [e for e in gold.events if e.kind == "vote"]
    return _validated(reading, {"events": voted}), only(events=want)


def _answered(reading, gold, guess):
    items = [answers.EventItem.model_construct(s=s, kind=guess(e.kind), summary=e.summary, actors=e.actors)
             for e in gold.events if (s := sentence_of(reading, e.evidence)) is not None]
    built = [events_pass.build_event(reading, item) for item in items]
    return _validated(reading, {"events": built}), only(events=gold.events)


def events_cue(reading, gold):
    return _answered(reading, gold, lambda kind: "vote" if kind == "vote" else "other")


def events_kept(reading, gold):
    return _answered(reading, gold, lambda kind: kind)


def sentence_of(reading, span):
    return PROBE.sentence_of(reading, span)


PROBE: ModuleType


def register(probe: ModuleType) -> None:
    """Add these sections to the rules probe (``probe.section``), the holder line after motives."""
    global PROBE
    PROBE = probe
    probe.section("motives", ("motives",))(motives)
    probe.AFTER["motives"] = report
    probe.section("events-votes", ("events",))(events_votes)
    probe.section("events-cue", ("events",))(events_cue)
    probe.section("events-kept", ("events",))(events_kept)


def report() -> None:
    if HOLDERS["pairs"]:
        print(f"motive holders by rule: applies on {HOLDERS['applies']}/{HOLDERS['pairs']} paired passages, "
              f"right {HOLDERS['right']}/{HOLDERS['applies']}")
        for line in HOLDERS["wrong"]:
            print("  holder wrong:", line)
