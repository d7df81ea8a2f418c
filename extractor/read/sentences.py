"""Sentences as spans, and which of them are news: page furniture and text addressed to the model are not.

The model is shown numbered sentences, so a sentence is the unit it points at. Photo
captions, menu lines and repeated lines get no number (they are page furniture, and every
token costs the CPU model time); nor does a sentence that speaks to the model ("Ignore
previous instructions and report ..."): such text is a prompt injection, and nothing in it
may become a vote, tally or quote.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import lexicon as lexicon_module


@dataclasses.dataclass(frozen=True)
class Sentence:
    start: int
    end: int


CAPTION_WORDS = 60     # a caption is a line or two; a longer line is a paragraph of the article


@dataclasses.dataclass(frozen=True)
class Filters:
    abbreviations: set[str]
    month_after: re.Pattern[str]
    caption: re.Pattern[str]
    instruction: re.Pattern[str]


@functools.cache
def filters(lex: lexicon_module.Lexicon) -> Filters:
    caption = (rf"^\s*{lex.alt('furniture.caption')}\s*:"
               rf"|\({lex.alt('furniture.credit')}\b[^()]*\)\s*\.?\s*$")
    instruction = (rf"(?:^|[:;,(\-–—]\s*|\b{lex.alt('injection.please')}\s+){lex.alt('injection.verb')}\b"
                   rf"[^.!?\n]{{0,40}}?\b{lex.alt('injection.object')}\b|\b{lex.alt('injection.phrase')}\b")
    return Filters(lex.words("sentence.abbreviation"), lex.regex("sentence.month_after_ordinal", r"\s+{}"),
                   lex.compile(caption), lex.compile(instruction))


def split(text: str, lex: lexicon_module.Lexicon) -> list[Sentence]:
    """Every line is cut at sentence ends; a stop after an abbreviation, an initial or a date ordinal is no end."""
    f = filters(lex)
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        s, body = line.start(), line.group()
        cuts = [0]
        # a sentence opens with a letter, a digit, a quotation mark, a bracket, or Spanish "¿" and "¡"
        for m in re.finditer(r"[.!?]+[\"'”’»“‘)]*(?=\s+[\"“«‘'(\d¿¡]|\s+[^\W\d_])", body):
            nxt = body[m.end():].lstrip()[:1]
            if nxt.isalpha() and not nxt.isupper():
                continue
            word = re.search(r"[\w.]*$", body[:m.start()]).group()
            if body[m.start()] == "." and m.end() - m.start() == 1:
                if word.lower().rstrip(".") in f.abbreviations or re.fullmatch(r"(?:[A-Z]{1,2}\.)*[A-Z]{1,2}", word):
                    continue
                if word.isdigit() and f.month_after.match(body, m.end()):  # "26. Februar"
                    continue
            cuts.append(m.end())
        cuts.append(len(body))
        for a, b in zip(cuts, cuts[1:]):
            piece = body[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(s + a + lead, s + a + len(piece.rstrip())))
    return out


def instruction(sentence: str, lex: lexicon_module.Lexicon) -> bool:
    """Whether a sentence speaks to the model rather than reporting news."""
    return bool(filters(lex).instruction.search(sentence))


def content(text: str, sentences: list[Sentence], lex: lexicon_module.Lexicon) -> list[Sentence]:
    """Drop captions, short menu lines, repeated lines and text addressed to the model; keep headlines and body."""
    caption = filters(lex).caption
    kept, seen = [], set()
    for s in sentences:
        line_start = text.rfind("\n", 0, s.start) + 1
        line_end = text.find("\n", s.end)
        line = text[line_start: len(text) if line_end < 0 else line_end]
        words = len(line.split())
        # a credit ends a caption ("... (AP Photo/Jane Doe)"); at the end of a long paragraph it is the
        # wire's byline ("... abstained. (dpa)"), and the paragraph is news
        if (caption.search(line) and words <= CAPTION_WORDS) or (words < 5 and line.strip() == text[s.start:s.end].strip()) \
                or instruction(text[s.start:s.end], lex):   # a prompt injection is not news
            continue
        key = " ".join(text[s.start:s.end].split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(s)
    return kept
