"""What the rules find in an article before the model reads it, and how the model is shown it.

The model sees numbered sentences with quote ids, and hints found by rules (vote counts,
symbols, reported reasons); it answers with those numbers and ids.
Photo captions, menu lines and repeated lines get no number: they are page furniture,
and every token costs the CPU model time.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from extractor import articles, checks, dates, positions
from schemas import counts

_CAPTION = re.compile(r"^\s*(?:file|illustrative|photo|image|foto|archivo|archivbild|bild|illustration)\s*:"
                      r"|\((?:ap|afp|reuters|getty|epa|dpa|efe|anadolu|photo|foto|xinhua)\b[^()]*\)\s*\.?\s*$", re.I)
_REASON = re.compile(r"\b(?:because|in order to|so as to|due to|amid pressure|under pressure|pressure from|no choice|"
                     r"to give a chance|needs?|critical to|porque|para que|debido a|ya que|weil|da|um\s+\w+\s+zu|wegen|"
                     r"parce que|afin de|en raison|car)\b", re.I)
_JUSTIFY = re.compile(r"\b(?:justif(?:y|ied|ies)|explained (?:its|his|her|their) (?:vote|position|abstention)|"
                      r"begründete|rechtfertigte|justificó|argumentó|a justifié|a fait valoir)\b", re.I)
_AFTER_MARKER = re.compile(r"^(?:because|porque|ya que|weil|da|parce que|car)$", re.I)  # the reason follows the word
_SPEECH = re.compile(r"\b(?:said|says|told|claimed|insisted|emphasi[sz]ed|argued|explained|stressed|noted|added|"
                     r"according to|cited|dijo|afirmó|aseguró|señaló|explicó|según|sagte|erklärte|betonte|begründete|"
                     r"laut|a déclaré|a dit|a affirmé|a expliqué|selon)\b", re.I)
_SAID_THAT = re.compile(r"\b(?:said|says|saying|has said|insisted|claimed|argued|arguing|explained|stressed|emphasi[sz]ed|noted)"
                        r"(?:\s+that)?\s+|\b(?:dijo|afirmó|aseguró|señaló|explicó)\s+que\s+|"
                        r"\b(?:sagte|erklärte|betonte|begründete)\b[^,]*,\s+(?:dass\s+)?|"
                        r"\b(?:a déclaré|a dit|a affirmé|a expliqué)\s+qu[e’']\s*", re.I)
_TRAILING_SOURCE = re.compile(r",\s+[^,]{0,80}\b(?:said|claimed|told|added|dijo|sagte|a déclaré)\b[^,]{0,30}$", re.I)


@dataclasses.dataclass
class Reading:
    article: articles.Article
    sentences: list[checks.Sentence]        # numbered 1..n for the model; spans index the article
    quotes: list[checks.Quote]
    dated: dict[int, str]                   # sentence number -> resolved date
    stated: dict[int, list[tuple[str, str]]]  # sentence number -> (country, position) it states
    tallies: list[counts.TallyCandidate] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def context(self) -> dict[str, Any]:
        return {"text": self.text, "article_date": self.article.date,
                "sentences": [(s.start, s.end) for s in self.sentences],
                "quotes": [(q.start, q.end) for q in self.quotes]}

    def sentence(self, n: int) -> str:
        s = self.sentences[n - 1]
        return self.text[s.start:s.end]

    def span(self, n: int) -> dict[str, int]:
        s = self.sentences[n - 1]
        return {"start": s.start, "end": s.end}

    @functools.cached_property
    def texts(self) -> list[str]:
        """Every numbered sentence's text, in order (rules that scan the whole article reuse it)."""
        return [self.sentence(n) for n in range(1, len(self.sentences) + 1)]

    def tally_in(self, n: int) -> counts.TallyCandidate | None:
        """The first count printed in sentence n."""
        s = self.sentences[n - 1]
        return next((t for t in self.tallies if s.start <= t.start < s.end), None)

    @property
    def headline_end(self) -> int:
        """Where the first numbered line, the headline, ends; -1 for a one-line article."""
        return self.text.find("\n", self.sentences[0].start) if self.sentences else -1

    def number(self, offset: int) -> int | None:
        return next((n for n, s in enumerate(self.sentences, 1) if s.start <= offset < s.end), None)


def read(article: articles.Article) -> Reading:
    text = article.text
    sentences = content(text, checks.sentences(text))
    reading = Reading(article, sentences, [], {}, {}, counts.tallies(text))
    kept = [(s.start, s.end) for s in sentences]
    reading.quotes = [q for q in checks.quotes(text) if any(a <= q.start < b for a, b in kept)]
    marker = articles.marker_end(text)
    for start, _, date in dates.dates(text, article.date):
        n = reading.number(start)
        if n is not None and start >= marker:
            reading.dated.setdefault(n, date)
    for n, s in enumerate(sentences, 1):
        stated = positions.in_sentence(text, s.start, s.end)
        if stated:
            reading.stated[n] = stated
    return reading


def content(text: str, sentences: list[checks.Sentence]) -> list[checks.Sentence]:
    """Drop captions, short menu lines, repeated lines and text addressed to the model; keep headlines and body."""
    kept, seen = [], set()
    for s in sentences:
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end)
        line = text[line_start: len(text) if line_end < 0 else line_end]
        words = len(line.split())
        if _CAPTION.search(line) or (words < 5 and line.strip() == text[s.start:s.end].strip()) \
                or checks.instruction(text[s.start:s.end]):   # a prompt injection is not news
            continue
        key = " ".join(text[s.start:s.end].split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(s)
    return kept


def render(reading: Reading) -> str:
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


def vote_candidates(reading: Reading) -> dict[int, str]:
    """Sentences that look like they report a vote, with what the rules saw there."""
    found: dict[int, list[str]] = {}
    for t in reading.tallies:
        n = reading.number(t.start)
        if n:
            counts = "-".join("?" if v is None else str(v) for v in (t.yes, t.no, t.abstain))
            found.setdefault(n, []).append(f"count {counts}")
    for start, _, symbol in checks.resolution_symbols(reading.text):
        n = reading.number(start)
        if n:
            found.setdefault(n, []).append(f"symbol {symbol}")
    for n in range(1, len(reading.sentences) + 1):
        sentence = reading.sentence(n)
        if checks.without_vote(sentence) and checks.outcome_cue(sentence) == "adopted":
            found.setdefault(n, []).append("adopted without a vote")
        elif (cue := checks.outcome_cue(sentence)) and n not in found:
            found.setdefault(n, []).append(cue)
    return {n: ", ".join(v) for n, v in sorted(found.items())}


def vote_hints(reading: Reading) -> str:
    lines = [f"- sentence {n}: {what}" for n, what in vote_candidates(reading).items()]
    return ("Found in the article by rules (a hint, not a rule):\n" + "\n".join(lines)) if lines else ""


def reported_reasons(reading: Reading) -> list[tuple[int, int]]:
    """Reported-speech clauses that carry a reason, as spans: the model attributes them, it need not copy.

    A clause counts from a reason word ("amid pressure from ...") or after it ("because
    CLAUSE"), or the whole "X said that CLAUSE" when the verb itself justifies ("justified",
    "begründete"); a trailing ", an official claimed" is cut off. Plain "X said that ..."
    reports facts far more often than motives, so it is not offered. Of clauses that
    overlap, the shortest stays, so one motive is never offered twice.
    """
    found: list[tuple[int, int]] = []
    quoted = [(q.start, q.end) for q in reading.quotes]
    for n in range(1, len(reading.sentences) + 1):
        sentence, base = reading.sentence(n), reading.sentences[n - 1].start
        if not _SPEECH.search(sentence) and not _JUSTIFY.search(sentence):
            continue
        end = len(sentence.rstrip(" .;:!?,\"”’"))
        if (tail := _TRAILING_SOURCE.search(sentence[:end])):
            end = tail.start()
        starts = [m.end() if _AFTER_MARKER.match(m.group()) else m.start() for m in _REASON.finditer(sentence, 0, end)]
        if _JUSTIFY.search(sentence):
            starts += [m.end() for m in _SAID_THAT.finditer(sentence, 0, end)]
        for start in sorted(set(starts), reverse=True):
            start += len(sentence[start:end]) - len(sentence[start:end].lstrip())
            span = (base + start, base + end)
            overlaps = any(a - 1 < span[1] and span[0] < b + 1 for a, b in quoted + found)
            if end - start >= 15 and not overlaps:
                found.append(span)
    return sorted(found)


def motive_candidates(reading: Reading) -> list[tuple[str, int, int]]:
    """Passages that are probably quoted motives, with their ids: quotes that are not mere
    fragments, then reported reasons.

    A short quote set inside a sentence ("called it a shameful day", "emphasized the need for
    a swift end") labels or describes; it explains nothing unless it holds a reason word.
    Measured on our annotated articles, the 1.5B model's own yes/no on each passage was no
    better than chance, so selection is by these rules and the model attributes.
    """
    quotes = [(f"Q{i}", q.start, q.end) for i, q in enumerate(reading.quotes, 1) if not fragment(reading.text[q.start:q.end])]
    return quotes + [(f"R{i}", a, b) for i, (a, b) in enumerate(reported_reasons(reading), 1)]


def fragment(quote: str) -> bool:
    words = quote.split()
    if not words or _REASON.search(quote):
        return False
    return len(words) < 4 or (words[0][0].islower() and len(words) < 12)


def candidate_list(reading: Reading, candidates: list[tuple[str, int, int]], width: int = 100) -> str:
    lines = []
    for cid, a, b in candidates:
        passage = " ".join(reading.text[a:b].split())
        passage = passage if len(passage) <= width else passage[:width].rsplit(" ", 1)[0] + " …"
        lines.append(f"{cid} (sentence {reading.number(a)}): {passage}")
    return "\n".join(lines)
