"""Reasons given in reported speech, as spans: the motives the model is asked to attribute.

A clause counts from a reason word ("amid pressure from ...", "due to ...") or after it
("because CLAUSE"), or the whole "X said that CLAUSE" when the verb itself justifies
("justified", "begründete"); a trailing ", an official claimed" is cut off. Plain "X said
that ..." reports facts far more often than motives, so it is not offered. Of clauses that
overlap, the shortest stays, so one motive is never offered twice. The words are the
lexicon's ``reason.*`` and ``speech.*`` concepts.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import lexicon as lexicon_module


@dataclasses.dataclass(frozen=True)
class Rules:
    reason: re.Pattern[str]      # group "after": the reason follows the word; else it starts at it
    justify: re.Pattern[str]
    speech: re.Pattern[str]
    said_that: re.Pattern[str]
    trailing_source: re.Pattern[str]


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    return Rules(
        reason=lex.compile(rf"\b(?:(?P<after>{lex.alt('reason.conjunction')})|{lex.alt('reason.marker')})\b"),
        justify=lex.regex("reason.justify"), speech=lex.regex("speech.verb"),
        said_that=lex.regex("speech.that_clause", r"\b{}"),
        trailing_source=lex.regex("speech.source_tail", r",\s+[^,]{0,80}\b{}\b[^,]{0,30}$"))


def fragment(quote: str, lex: lexicon_module.Lexicon) -> bool:
    """A short quote set inside a sentence ("called it a shameful day") labels or describes; it
    explains nothing unless it holds a reason word."""
    words = quote.split()
    if not words or rules(lex).reason.search(quote):
        return False
    return len(words) < 4 or (words[0][0].islower() and len(words) < 12)


def reported(text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]],
             lex: lexicon_module.Lexicon) -> list[tuple[int, int]]:
    """Reason clauses in the sentences' reported speech, as spans of ``text``, none inside a quote."""
    r = rules(lex)
    found: list[tuple[int, int]] = []
    for base, stop in sentences:
        sentence = text[base:stop]
        if not r.speech.search(sentence) and not r.justify.search(sentence):
            continue
        end = len(sentence.rstrip(" .;:!?,\"”’"))
        if (tail := r.trailing_source.search(sentence[:end])):
            end = tail.start()
        starts = [m.end() if m.group("after") else m.start() for m in r.reason.finditer(sentence, 0, end)]
        if r.justify.search(sentence):
            starts += [m.end() for m in r.said_that.finditer(sentence, 0, end)]
        for start in sorted(set(starts), reverse=True):
            start += len(sentence[start:end]) - len(sentence[start:end].lstrip())
            span = (base + start, base + end)
            overlaps = any(a - 1 < span[1] and span[0] < b + 1 for a, b in quoted + found)
            if end - start >= 15 and not overlaps:
                found.append(span)
    return sorted(found)
