"""How the model is shown the article: numbered sentences with quote ids, and listed passages.

The model answers with those numbers and ids instead of copying text, so grounding is exact
and answers are short. Whatever this module writes is sent to the model: a change here
changes the requests, so the cassettes must be re-recorded (tests/test_cassettes.py).
"""

from __future__ import annotations

from extractor.read import reading as reading_module


def render(reading: reading_module.Reading) -> str:
    """Numbered sentences with quote ids inserted where each quote starts."""
    text, lines = reading.text, []
    starts = {q.start: i for i, q in enumerate(reading.quotes, 1)}
    for n, s in enumerate(reading.sentences, 1):
        pieces, cursor = [], s.start
        for pos in sorted(p for p in starts if s.start <= p < s.end):
            pieces += [text[cursor:pos], f"[Q{starts[pos]}]"]
            cursor = pos
        pieces.append(text[cursor:s.end])
        lines.append(f"[{n}] " + " ".join("".join(pieces).split()))
    return "\n".join(lines)


def passage_list(reading: reading_module.Reading, candidates: list[tuple[str, int, int]], width: int = 100) -> str:
    """One line per listed passage: its id, its sentence number and its words, cut at ``width``."""
    lines = []
    for cid, a, b in candidates:
        passage = " ".join(reading.text[a:b].split())
        passage = passage if len(passage) <= width else passage[:width].rsplit(" ", 1)[0] + " …"
        lines.append(f"{cid} (sentence {reading.number(a)}): {passage}")
    return "\n".join(lines)
