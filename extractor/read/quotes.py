"""Quoted passages as spans: the only text a motive may quote verbatim.

Quotation marks are typography, not words, so they live here rather than in the lexicon:
the pairs of every language we read („…“, «…», »…«, “…”, "…", ‘…’, ‚…‘).
"""

from __future__ import annotations

import dataclasses
import re

from extractor.read import text as textrules

_PAIRS = [re.compile(p) for p in (
    r"„([^„“”\n]+)[“”]", r"«([^«»\n]+)»", r"»([^«»\n]+)«", r"“([^“”\n]+)”", r'"([^"\n]+)"',
    r"(?<![^\W_])‘([^‘’\n]+?)’(?![^\W_])", r"(?<![^\W_])‚([^‚‘\n]+?)‘(?![^\W_])")]
_SINGLE = 5   # pairs from here on are single marks: mostly apostrophes and scare quotes


@dataclasses.dataclass(frozen=True)
class Quote:
    start: int
    end: int


def quotes(text: str) -> list[Quote]:
    """Inside the marks, without the final punctuation: the convention gold quote spans follow."""
    hits = []
    for i, rx in enumerate(_PAIRS):
        for m in rx.finditer(text):
            if i >= _SINGLE and len(m.group(1).split()) < 3:
                continue
            hits.append((m.start(), m.end(), m.start(1), m.end(1)))
    out = []
    for _, _, a, b in textrules.keep_longest(hits):
        inner = text[a:b]
        b = a + len(inner.rstrip().rstrip(".,;:!?").rstrip())
        a += len(inner) - len(inner.lstrip())
        if b - a >= 2:
            out.append(Quote(a, b))
    return out
