"""Quoted passages as spans: the only text a motive may quote verbatim.

Quotation marks are typography, not words, so they live here rather than in the lexicon:
the pairs of every language we read („…“, «…», »…«, “…”, "…", ‘…’, ‚…‘), and straight single
marks ('…') in an article that prints no double marks (wire copy quoted that way).
"""

from __future__ import annotations

import dataclasses
import re

from extractor.read import text as textrules

_PAIRS = [re.compile(p) for p in (
    r"„([^„“”\n]+)[“”]", r"«([^«»\n]+)»", r"»([^«»\n]+)«", r"“([^“”\n]+)”", r'"([^"\n]+)"',
    r"(?<![^\W_])‘([^‘’\n]+?)’(?![^\W_])", r"(?<![^\W_])‚([^‚‘\n]+?)‘(?![^\W_])")]
_SINGLE = 5   # pairs from here on are single marks: mostly apostrophes and scare quotes
# straight single marks ('...'), the quotation marks of an article that prints no double ones:
# opened before a word, closed after one, with apostrophes inside words ("Israel's") allowed
_STRAIGHT = re.compile(r"(?<![\w'])'(?=[^\W\d_]|\d)((?:[^'\n]|(?<=\w)'(?=\w))+?)(?<=[\w.,!?…])'(?!\w)")
_DOUBLE = re.compile(r'["“”„«»]')


@dataclasses.dataclass(frozen=True)
class Quote:
    start: int
    end: int


def quotes(text: str) -> list[Quote]:
    """Inside the marks, without the final punctuation: the convention gold quote spans follow."""
    hits = []
    pairs = _PAIRS if _DOUBLE.search(text) else [*_PAIRS, _STRAIGHT]
    for i, rx in enumerate(pairs):
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
