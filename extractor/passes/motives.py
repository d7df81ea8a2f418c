"""The motives pass: rules choose the passages, the model says whose motive each is.

Shown: the listed passages (quotes that are not mere fragments, then reasons given in
reported speech), each with its id. Answered: ``answers.Motives`` (holder, speaker, the
reason in a few words). Settled: each passage is tied to the vote reported nearest before
it, as positions are. Measured on our annotated articles, the 1.5B model's own yes/no on each
passage was no better than chance, so selection is by rules and the model attributes.
"""

from __future__ import annotations

from typing import Any

from extractor.passes import view, votes as votes_pass
from extractor.read import reading as reading_module, reasons
from schemas import answers

PROMPT = "motives"
ANSWER = answers.Motives
MAX_TOKENS = 600
Reading = reading_module.Reading


def candidates(reading: Reading) -> list[tuple[str, int, int]]:
    """Passages that are probably quoted motives, with their ids: quotes that are not mere
    fragments (Q), then reported reasons (R)."""
    lex = reading.lexicon
    quotes = [(f"Q{i}", q.start, q.end) for i, q in enumerate(reading.quotes, 1)
              if not reasons.fragment(reading.text[q.start:q.end], lex)]
    spans = [(s.start, s.end) for s in reading.sentences]
    said = reasons.reported(reading.text, spans, [(q.start, q.end) for q in reading.quotes], lex)
    return quotes + [(f"R{i}", a, b) for i, (a, b) in enumerate(said, 1)]


def context(reading: Reading, listed: list[tuple[str, int, int]]) -> dict[str, Any]:
    return {**reading.context, "candidates": [c[0] for c in listed]}


def shown(reading: Reading, listed: list[tuple[str, int, int]]) -> dict[str, str]:
    return {"candidates": view.passage_list(reading, listed)}


def settle(reading: Reading, listed: list[tuple[str, int, int]], items: list[answers.MotiveItem],
           kept: list[answers.VoteItem], built: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One motive per listed passage; a passage answered twice keeps its first answer."""
    who: dict[str, answers.MotiveItem] = {}
    for item in items:
        who.setdefault(item.q, item)
    return [build_motive(reading, (a, b), who.get(cid), kept, built) for cid, a, b in listed]


def build_motive(reading: Reading, span: tuple[int, int], item: answers.MotiveItem | None,
                 kept: list[answers.VoteItem], built: list[dict[str, Any]]) -> dict[str, Any]:
    """The vote a motive explains is found like a position's: the nearest vote reported at or before it.

    A passage the model left out keeps its place, held by the first country its sentence names,
    with the passage itself as its reason.
    """
    n = reading.number(span[0]) or 1
    vote = votes_pass.vote_of(reading, n, [v.s for v in kept], built)
    quote = reading.text[span[0]:span[1]]
    named = reading.countries.mentions(reading.sentence(n))
    holder = item.holder if item else (named[0][2] if named else "unknown")
    return {"holder": holder, "speaker": item.speaker if item else "unnamed", "quote": quote,
            "reason": item.reason if item else " ".join(quote.split())[:100], "vote": vote}
