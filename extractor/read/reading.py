"""One article read once: its sentences, quotes, counts, dates and stated positions, as spans.

The ``Reading`` is computed once per article and passed on: to the passes, which show the
model its numbered sentences and settle the answers against it, and to the answer validators
through instructor's validation context (``{"reading": Reading}``), which ground what the
model copies in it (``schemas.grounds.Article`` is the protocol they rely on).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from typing import Any, Protocol

from extractor.read import (countries, dates, lexicon as lexicon_module, lists, outcomes, positions,
                            quotes as quote_rules, sentences as sentence_rules, tallies as tally_rules,
                            text as textrules)

STOPS = (".", "!", "?", "»", "”", '"')   # how a sentence ends, and a headline does not


class Article(Protocol):
    """What reading needs of an article (``extractor.articles.Article`` is one)."""
    id: str
    text: str
    date: str | None


@dataclasses.dataclass
class Reading:
    article: Article
    lexicon: lexicon_module.Lexicon
    sentences: list[sentence_rules.Sentence]    # numbered 1..n for the model; spans index the article
    quotes: list[quote_rules.Quote]
    dated: dict[int, str]                       # sentence number -> resolved date
    stated: dict[int, list[tuple[str, str]]]    # sentence number -> (country, position) it states
    tallies: list[tally_rules.Tally]            # every count printed, parsed once

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def date(self) -> str | None:
        return self.article.date

    @property
    def context(self) -> dict[str, Any]:
        """The validation context of every answer about this article."""
        return {"reading": self}

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)

    @property
    def countries(self) -> countries.Table:
        return countries.table(self.lexicon)

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

    def tally_in(self, n: int) -> tally_rules.Tally | None:
        """The first count printed in sentence n."""
        s = self.sentences[n - 1]
        return next((t for t in self.tallies if s.start <= t.start < s.end), None)

    @property
    def headline_end(self) -> int:
        """Where the first numbered line, the headline, ends; -1 for a one-line article."""
        return self.text.find("\n", self.sentences[0].start) if self.sentences else -1

    @functools.cached_property
    def headless(self) -> bool:
        """No headline was printed: the article is one line, or its first line is a paragraph of two
        sentences or more (a headline is one)."""
        end = self.headline_end
        return end < 0 or sum(s.start < end and self._full(s) for s in self.sentences) >= 2

    def _full(self, s: sentence_rules.Sentence) -> bool:
        """More than three words of the article (the "date YYYY-MM-DD" marker is none): no dateline."""
        return len(self.text[max(s.start, dates.marker_end(self.text)):s.end].split()) > 3

    @functools.cached_property
    def lede(self) -> int | None:
        """The first full sentence after the headline line (headlines carry no final stop); the
        first sentence itself when the first line ends as a sentence does (no headline printed). A
        dateline ("París.") is no lede."""
        if not self.sentences:
            return None
        first = self.text[self.sentences[0].start:max(self.headline_end, self.sentences[0].end)]
        headless = self.headless or (first.rstrip().endswith(STOPS) and not dates.marker_end(self.text))
        return next((n for n, s in enumerate(self.sentences, 1) if (headless or s.start > self.headline_end)
                     and self.sentence(n).rstrip().endswith(STOPS) and self._full(s)), None)

    def number(self, offset: int) -> int | None:
        return next((n for n, s in enumerate(self.sentences, 1) if s.start <= offset < s.end), None)

    def owner(self, offset: int) -> int | None:
        """The sentence that text at ``offset`` belongs to: its own, else the last one before it (the
        lines of a list of voters get no number of their own, and belong to the vote reported before them)."""
        return bisect.bisect_right([s.start for s in self.sentences], offset) or None

    def find(self, needle: str) -> tuple[int, int] | None:
        """Where the model's copy of a passage is printed, typography aside."""
        return textrules.find(self.text, needle)

    @functools.cached_property
    def _printed(self) -> set[int]:
        return tally_rules.numbers_in(self.text, self.tallies, self.lexicon)

    def printed_numbers(self) -> set[int]:
        return self._printed

    def numbers_near(self, kind: str) -> list[int]:
        return tally_rules.numbers_near(self.tallies, kind)


def read(article: Article, lexicon: lexicon_module.Lexicon | None = None) -> Reading:
    """Read an article with ``lexicon`` (by default the shipped one's English and the article's language)."""
    lex = lexicon or lexicon_module.for_text(article.text)
    text = article.text
    kept = sentence_rules.content(text, sentence_rules.split(text, lex), lex)
    reading = Reading(article, lex, kept, [], {}, {}, tally_rules.tallies(text, lex))
    spans = [(s.start, s.end) for s in kept]
    reading.quotes = [q for q in quote_rules.quotes(text) if any(a <= q.start < b for a, b in spans)]
    marker = dates.marker_end(text)
    for start, _, date in dates.dates(text, article.date, lex):
        n = reading.number(start)
        if n is not None and start >= marker:
            reading.dated.setdefault(n, date)
    blocks = lists.blocks(text, lex)
    reading.tallies = sorted(reading.tallies + _block_tallies(reading, blocks), key=lambda t: t.start)
    for n, s in enumerate(kept, 1):
        here = [t for t in reading.tallies if t.start < s.end and s.start < t.end]
        if outcomes.anticipated(text[s.start:s.end], lex):
            # who is expected to vote how, and "an abstention" expected, are neither positions nor a count
            reading.tallies = [t for t in reading.tallies if t not in here]
            continue
        counted = [dataclasses.replace(t, start=t.start - s.start, end=t.end - s.start) for t in here]
        # a list form names the position outright, so it comes before the position read from a verb
        stated = dict(lists.in_sentence(text, s.start, s.end, lex, here))
        for country, position in positions.in_sentence(text, s.start, s.end, lex, counted):
            stated.setdefault(country, position)
        for country, position in positions.by_noun(text[s.start:s.end], lex, counted):
            stated.setdefault(country, position)
        if not stated and n > 1:   # "The two countries vetoed ...": the states the sentence before named
            stated = dict(positions.by_anaphor(text[s.start:s.end], text[kept[n - 2].start:kept[n - 2].end], lex, counted))
        if not stated and n > 1:   # "Ghana and Peru did the same": as the states of the sentence before
            stated = dict(positions.did_the_same(text[s.start:s.end], lex, reading.stated.get(n - 1, [])))
        held = {c: p for k in range(max(1, n - 3), n) for c, p in reading.stated.get(k, [])} | stated
        for country, position in positions.joined_position(text[s.start:s.end], lex, held):
            stated.setdefault(country, position)
        if stated:
            reading.stated[n] = list(stated.items())
    for block in blocks:
        if (n := reading.owner(block.start)) is not None and block.states:
            stated = dict(reading.stated.get(n, []))
            for country in block.states:
                stated.setdefault(country, block.kind)
            reading.stated[n] = list(stated.items())
    return reading


def _block_tallies(reading: Reading, blocks: list[lists.Block]) -> list[tally_rules.Tally]:
    """The counts headed lists print ("In favour (25):", "Against: 05"), one count per run of headings;
    none where the rules already read a count."""
    groups: list[list[lists.Block]] = []
    for b in (b for b in blocks if b.count is not None and b.kind in tally_rules.KINDS):
        if groups and b.kind not in {g.kind for g in groups[-1]} and b.start - groups[-1][-1].end < 400:
            groups[-1].append(b)
        else:
            groups.append([b])
    out = []
    for g in groups:
        start, end = g[0].start, g[-1].end
        if not any(t.start < end and start < t.end for t in reading.tallies):
            values = {b.kind: b.count for b in g}
            out.append(tally_rules.Tally(start, end, values.get("yes"), values.get("no"), values.get("abstain"),
                                         tuple((b.kind, b.start, b.end) for b in g)))
    return out
