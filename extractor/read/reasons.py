"""Reasons given in reported speech, as spans: the motives the model is asked to attribute.

A clause counts from a reason word ("amid pressure from ...", "due to ...") or after it
("because CLAUSE"), or the whole "X said that CLAUSE" when the verb itself justifies
("justified", "begründete", "in explanation of vote"), and in up to three sentences after it
that go on with "She said ..."; a trailing ", an official claimed" is cut off. A word that
attributes a reason by itself ("citing ...", "argumentando que ...", "mit der Begründung ...")
needs no speech verb; set at the head of a sentence ("Citing ..., he voted no") its clause ends
at the first comma. "X said that CLAUSE" where the clause holds the speaker's quoted words
(short quotes that are not offered on their own) is offered whole. Plain "X said that ..."
reports facts far more often than motives, so it is not offered. A clause ends at a dash that
closes an aside or at a semicolon. Of clauses that overlap, the shortest stays, so one motive
is never offered twice. The words are the lexicon's ``reason.*`` and ``speech.*`` concepts.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import lexicon as lexicon_module, tallies as tally_rules, text as textrules


@dataclasses.dataclass(frozen=True)
class Rules:
    reason: re.Pattern[str]      # group "after": the reason follows the word; else it starts at it
    justify: re.Pattern[str]
    speech: re.Pattern[str]
    said_that: re.Pattern[str]
    trailing_source: re.Pattern[str]
    attributed: re.Pattern[str]
    clause_join: re.Pattern[str]
    document_head: re.Pattern[str]
    document_after: re.Pattern[str]
    reaction: re.Pattern[str]
    pronoun_said: re.Pattern[str]   # "She said (that) ...": the speaker of the sentence before goes on
    reason_before: re.Pattern[str]  # a reason word, then at most three words, then the quote's opening mark


SAID_WORDS = 8      # the fewest words of a said-clause offered for the quoted words it holds
TAIL_AFTER = 6      # the fewest words before a conjunction for a quote's reason to start there
EXPLANATION = 3     # how many "She said ..." sentences an explanation of vote runs on
_CLAUSE_END = re.compile(r"\s[-–—]\s|[-–—]\s|\s[-–—]|;")   # a dash closing an aside, a semicolon
_QUOTE_MARK = re.compile(r"[\"“”„«»]|(?<!\w)[‘'‚](?=\w)")   # an apostrophe inside a word is none


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    return Rules(
        reason=lex.compile(rf"\b(?:(?P<after>{lex.alt('reason.conjunction')})|{lex.alt('reason.marker')})\b"),
        justify=lex.regex("reason.justify"), speech=lex.regex("speech.verb"),
        said_that=lex.regex("speech.that_clause", r"\b{}"),
        trailing_source=lex.regex("speech.source_tail", r",\s+[^,]{0,80}\b{}\b[^,]{0,30}$"),
        attributed=lex.regex("reason.attributed"),
        clause_join=lex.regex("reason.clause_join", r",[\"”’»]?\s+{}", flags=0),
        document_head=lex.regex("reason.document", r"^\W*(?:[\w’'.-]+\s+){0,2}?{}\b"),
        document_after=lex.regex("reason.document", r"^\W{0,3},\s+[\w’']+\s+(?:[\w’']+\s+)?{}\b"),
        reaction=lex.regex("reason.reaction"),
        pronoun_said=lex.compile(rf"^\W*{lex.alt('speaker.pronoun')}\s+(?:\w+\s+)?{lex.alt('speech.that_clause')}"),
        reason_before=lex.compile(rf"\b(?:{lex.alt('reason.conjunction')}|{lex.alt('reason.marker')})"
                                  rf"(?:\s+[\w’']+){{0,3}}\s*[\"“„«‘']\s*$"))


def fragment(quote: str, lex: lexicon_module.Lexicon) -> bool:
    """A short quote set inside a sentence ("called it a shameful day") labels or describes; it
    explains nothing unless it holds a reason word."""
    words = [w for w in quote.split() if any(c.isalpha() for c in w)]
    if not words or rules(lex).reason.search(quote):
        return False
    return len(words) < 4 or (words[0][0].islower() and len(words) < 12)


def introduced(text: str, start: int, end: int, lex: lexicon_module.Lexicon) -> bool:
    """A quote a reason word introduces and that ends its clause ("abstained because the text was
    “one-sided”.", "in an effort to “find common ground”, she ...") is the reason itself, however short;
    one inside a longer clause ("the need to stop “egregious” violations") only qualifies a word of it."""
    closes = re.match(r"[\"”»’'“]?\s*(?:[,.;:!?)]|$)", text[end:end + 3])
    return bool(closes) and bool(rules(lex).reason_before.search(text[max(0, start - 60):start]))


def reason_within(text: str, start: int, end: int, lex: lexicon_module.Lexicon) -> int:
    """Where the reason of a long quote starts: at a conjunction after its first words ("Chile and Peru
    voted against the text, because it ignores coastal states"), else at the quote's start."""
    for m in rules(lex).reason.finditer(text, start, end):
        if m.group("after") and len(text[start:m.start()].split()) >= TAIL_AFTER:
            return m.start()
    return start


def called_for(quote: str, lex: lexicon_module.Lexicon) -> bool:
    """A quote that opens on an infinitive ("to halt every transfer of arms ...") gives what a text or a call
    demands, not why anyone acted."""
    return bool(lex.regex("reason.called_for", r"^\W*{}\s+[^\W\d]").match(quote))


def title(quote: str) -> bool:
    """A quoted name ("Water, Deserts and Sustainable Rivers"): every word of four
    letters or more capitalised, three of them at least. A sentence has lowercase verbs, German ones too."""
    words = [w for w in re.findall(r"[^\W\d_]{4,}", quote)]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def result(quote: str, lex: lexicon_module.Lexicon) -> bool:
    """A quote that prints a count ("The draft received 12 votes in favour") reports the vote, and
    gives no reason unless it holds a reason word."""
    return bool(tally_rules.tallies(quote, lex)) and not rules(lex).reason.search(quote)


def spoken_by_document(text: str, sentence: tuple[int, int], quote: tuple[int, int],
                       lex: lexicon_module.Lexicon) -> bool:
    """A quote of a document's wording ("The resolution calls for “…”", "“…”, dice el informe")
    gives the text's words, not a speaker's motive; so does a clause a document "emphasized".
    A speaker named after the quote ("The text is “…”, he said") makes it theirs."""
    r = rules(lex)
    before = text[sentence[0]:quote[0]]
    if r.document_after.match(text[quote[1]:sentence[1]]):
        return True
    return bool(r.document_head.search(before)) and not r.speech.search(text, quote[1], sentence[1])


def reaction(quote: str, lex: lexicon_module.Lexicon) -> bool:
    """A quote that judges the occasion ("a historic moment", "un día triste") and gives no reason."""
    r = rules(lex)
    return bool(r.reaction.search(quote)) and not r.reason.search(quote)


def reported(text: str, sentences: list[tuple[int, int]], quoted: list[tuple[int, int]],
             lex: lexicon_module.Lexicon) -> list[tuple[int, int]]:
    """Reason clauses in the sentences' reported speech, as spans of ``text``, none inside a
    quote of ``quoted`` (the quotes offered on their own)."""
    r = rules(lex)
    found: list[tuple[int, int]] = []
    explaining = 0      # sentences left of an explanation of vote ("She said ..." goes on with it)
    for base, stop in sentences:
        sentence = text[base:stop]
        justified = bool(r.justify.search(sentence))
        carried = explaining > 0 and bool(r.pronoun_said.match(sentence))
        explaining = EXPLANATION if justified else (explaining - 1 if carried else 0)
        if textrules.question(sentence):
            continue        # a question is the writer's, not a reason someone gave
        end = len(sentence.rstrip(" .;:!?,\"”’'»"))
        tail = r.trailing_source.search(sentence[:end])
        if tail and not ((justified or carried) and r.said_that.search(sentence, tail.start(), end)):
            end = tail.start()      # ", an official said": not where an explanation's clause follows "said"
        for start, stop_at in sorted(set(clauses(sentence, end, r, justified or carried)), reverse=True):
            start += len(sentence[start:stop_at]) - len(sentence[start:stop_at].lstrip())
            span = (base + start, base + stop_at)
            overlaps = any(a - 1 < span[1] and span[0] < b + 1 for a, b in quoted + found)
            if stop_at - start >= 15 and not overlaps:
                found.append(span)
    return sorted(found)


def clauses(sentence: str, end: int, r: Rules, justified: bool) -> list[tuple[int, int]]:
    """Where each reason clause of one sentence starts and ends (offsets in the sentence); in a
    justified sentence (or one going on with an explanation) the said-clause is a reason."""
    spoken = bool(r.speech.search(sentence) or r.justify.search(sentence))
    # a reason word counts in reported speech, or where the clause holds the speaker's quoted words
    starts = [m.end() if m.group("after") else m.start() for m in r.reason.finditer(sentence, 0, end)
              if spoken or _QUOTE_MARK.search(sentence, m.end(), end)]
    if justified:
        starts += [m.end() for m in r.said_that.finditer(sentence, 0, end)]
    else:
        # a said-clause holding quoted words, when it says more than a label ("the vote “is not ours”")
        starts += [m.end() for m in r.said_that.finditer(sentence, 0, end)
                   if _QUOTE_MARK.search(sentence, m.end(), end) and len(sentence[m.end():end].split()) >= SAID_WORDS]
    out = [(a, _clause_end(sentence, a, end, r)) for a in starts]
    for m in r.attributed.finditer(sentence, 0, end):
        head = not sentence[:m.start()].strip(" \"“„«")
        comma = sentence.find(",", m.end(), end)
        out.append((m.start(), comma if head and comma > 0 else _clause_end(sentence, m.start(), end, r)))
    return out


def _clause_end(sentence: str, start: int, end: int, r: Rules | None = None) -> int:
    ends = [m.start() for m in (_CLAUSE_END.search(sentence, start, end),
                                r.clause_join.search(sentence, start, end) if r else None) if m]
    return min(ends, default=end)
