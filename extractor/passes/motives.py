"""The motives pass: rules choose the passages, the model says whose motive each is.

Shown: the listed passages (quotes that are not mere fragments, then reasons given in
reported speech), each with its id. Answered: ``answers.Motives`` (holder, speaker, the
reason in a few words). Settled: each passage is tied to the vote reported nearest before
it, as positions are. Measured on our annotated articles, the 1.5B model's own yes/no on each
passage was no better than chance, so selection is by rules and the model attributes.
"""

from __future__ import annotations

from typing import Any

from extractor.passes import ballots, view, votes as votes_pass
from extractor.read import quotes as quote_rules, reading as reading_module, reasons, speakers
from schemas import answers

PROMPT = "motives"
ANSWER = answers.Motives
MAX_TOKENS = 600
SCHEMA_SHOWN = False  # the instruction names every field; the schema is the server's grammar only (llm/glue.as_json)
Reading = reading_module.Reading


def candidates(reading: Reading) -> list[tuple[str, int, int]]:
    """Passages that are probably quoted motives, with their ids: quotes that are not mere
    fragments, reactions to the occasion or a document's wording (Q), then reported reasons (R)."""
    lex = reading.lexicon
    quotes, seen = [], set()
    for i, q in enumerate(reading.quotes, 1):
        words = " ".join(reading.text[q.start:q.end].split())
        if offered(reading, q) and words not in seen:     # a pull quote repeats a quote: offered once
            quotes.append((f"Q{i}", reasons.reason_within(reading.text, q.start, q.end, lex), q.end))
            seen.add(words)
    spans = [(s.start, s.end) for s in reading.sentences]
    said = reasons.reported(reading.text, spans, [(a, b) for _, a, b in quotes], lex)
    said = [(a, b) for a, b in said
            if not reasons.spoken_by_document(reading.text, _sentence_of(reading, a), (a, b), lex)]
    listed = [c for c in quotes + [(f"R{i}", a, b) for i, (a, b) in enumerate(said, 1)] if not _outsider(reading, c[1], c[2])]
    # an article that reports a vote explains it after telling it: what comes before is the writer's setting
    first = next((n for n in range(1, reading.sentence_count + 1) if ballots.reports(reading, n)), None)
    return [c for c in listed if first is None or (reading.number(c[1]) or 0) >= first]


def _outsider(reading: Reading, start: int, end: int) -> bool:
    a, b = _sentence_of(reading, start)
    return speakers.outside(reading.text[a:b], (start - a, end - a), reading.lexicon)


def _sentence_of(reading: Reading, offset: int) -> tuple[int, int]:
    s = reading.sentences[(reading.number(offset) or 1) - 1]
    return s.start, s.end


def offered(reading: Reading, quote: quote_rules.Quote) -> bool:
    """A quote is offered unless it is a label, a name, a count, a demand, a reaction to the occasion or a
    document's wording."""
    words, lex = reading.text[quote.start:quote.end], reading.lexicon
    short = reasons.fragment(words, lex) and not reasons.introduced(reading.text, quote.start, quote.end, lex)
    return not (short or reasons.title(words) or reasons.result(words, lex)
                or reasons.called_for(words, lex)
                or reasons.reaction(words, lex)
                or reasons.spoken_by_document(reading.text, _sentence_of(reading, quote.start),
                                              (quote.start, quote.end), lex))


def context(reading: Reading, listed: list[tuple[str, int, int]]) -> dict[str, Any]:
    return {**reading.context, "candidates": [c[0] for c in listed]}


def shown(reading: Reading, listed: list[tuple[str, int, int]]) -> dict[str, str]:
    """The listed passages; the answer's shape opens with the first listed id (with "Q1" there, the model
    answered for quote ids of the article that were not listed, "Q9" when only R1 and R2 were)."""
    return {"candidates": view.passage_list(reading, listed), "first": listed[0][0] if listed else "Q1"}


def settle(reading: Reading, listed: list[tuple[str, int, int]], items: list[answers.MotiveItem],
           kept: list[answers.VoteItem], built: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One motive per listed passage; a passage answered twice keeps its first answer."""
    who: dict[str, answers.MotiveItem] = {}
    for item in items:
        who.setdefault(item.q, item)
    titled = speakers.names(reading.texts, reading.lexicon)
    return [build_motive(reading, (a, b), who.get(cid), kept, built, titled) for cid, a, b in listed]


def build_motive(reading: Reading, span: tuple[int, int], item: answers.MotiveItem | None,
                 kept: list[answers.VoteItem], built: list[dict[str, Any]],
                 titled: dict[str, str] | None = None) -> dict[str, Any]:
    """The vote a motive explains is found like a position's: the nearest vote reported at or before it.

    A state's official or delegation speaking the passage makes that state the holder, whatever the
    model said. A passage the model left out keeps its place, held by the first country its
    sentence names, with the passage itself as its reason.
    """
    n = reading.number(span[0]) or 1
    vote = votes_pass.vote_of(reading, n, [v.s for v in kept], built)
    quote = reading.text[span[0]:span[1]]
    named = reading.countries.mentions(reading.sentence(n))
    holder = holder_by_rule(reading, span, titled) or (item.holder if item else (named[0][2] if named else "unknown"))
    return {"holder": holder, "speaker": item.speaker if item else "unnamed", "quote": quote,
            "reason": item.reason if item else " ".join(quote.split())[:100], "vote": vote}


def holder_by_rule(reading: Reading, span: tuple[int, int], titled: dict[str, str] | None = None) -> str | None:
    """The one state whose vote the passage itself states; else the state whose official or
    delegation speaks the passage, named in its sentence (or in the
    sentence where a passage over several ends, "“… . …”, expresó el canciller francés"), by
    title or by a surname the article titled before; else the state its sentence opens with as
    subject; else, when a pronoun speaks ("She said ...") or the sentence is the quote alone, the
    state whose official spoke in one of the three sentences before."""
    lex, text = reading.lexicon, reading.text
    first, last = reading.number(span[0]) or 1, reading.number(max(span[0], span[1] - 1)) or 1
    if (voter := _voter_in(reading, span, first, last)):
        return voter
    for n in dict.fromkeys((first, last)):
        s = reading.sentences[n - 1]
        sentence, at = text[s.start:s.end], (span[0] - s.start, span[1] - s.start)
        if titled is None:      # the officials the article names with title and surname
            titled = speakers.names(reading.texts, lex)
        found = speakers.holder(sentence, at, lex) or speakers.named(sentence, at, titled, lex)
        if found:
            return found
    s = reading.sentences[first - 1]
    sentence = text[s.start:s.end]
    if (found := speakers.subject(sentence, lex)):
        return found
    alone = span[0] - s.start <= 2 and s.end - span[1] <= 3
    if not (alone or speakers.by_pronoun(sentence, lex)):
        return None
    for before in range(first - 1, max(0, first - 4), -1):
        officials = speakers.officials(reading.sentence(before), lex)
        if officials:
            return officials[0][1]
    return None


def _voter_in(reading: Reading, span: tuple[int, int], first: int, last: int) -> str | None:
    """The one state the passage itself names and states the vote of ("Israel could have abstained,
    and it voted against it", said by Ukraine's ambassador): the passage explains that vote."""
    voted = {c for n in range(first, last + 1) for c, _ in reading.stated.get(n, [])}
    inside = {code for _, _, code in reading.countries.mentions(reading.text[span[0]:span[1]])} & voted
    return inside.pop() if len(inside) == 1 else None
