"""Whether a sentence says a text was adopted or rejected, from its verbs ("adopted", "vetoed", "abgelehnt").

The words are the lexicon's ``outcome.*`` concepts. A sentence that both adopts and rejects
something (a rival draft) gets no verdict: the rule cannot tell which text is which.
"""

from __future__ import annotations

import re

from extractor.read import countries, lexicon as lexicon_module, polarity


def without_vote(sentence: str, lex: lexicon_module.Lexicon) -> bool:
    """"Adopted without a vote", "por consenso": a predicate on the words only; whether it was an
    adoption is for ``cue`` to say."""
    return bool(lex.regex("outcome.without_vote").search(sentence))


def anticipated(sentence: str, lex: lexicon_module.Lexicon) -> bool:
    """A vote still to come, by what is expected of it ("China is expected to abstain", "se espera la
    abstención de Chile"): an expectation word a few words before a vote word, and no result."""
    ahead = lex.compile(rf"\b(?:{lex.alt('vote.expected')})\b(?:\W+[\w'’-]+){{0,4}}?\W+(?:{lex.alt('vote.word')})\w*")
    expected = [m.span() for m in ahead.finditer(sentence)]
    # what happened after all ("Russia, expected to veto the text, abstained") is told, not expected
    told = [c for c in polarity.cues(sentence, lex) if c.start >= expected[0][1]
            and not any(a <= c.start < b for a, b in expected)] if expected else []
    return bool(expected) and cue(sentence, lex) is None and not told


def _by_states(sentence: str, end: int, lex: lexicon_module.Lexicon) -> bool:
    """"Rejected by Norway, Chile and ...": who voted against a text, not what became of it (the words
    of ``outcome.rejected_by`` only: a text "vetoed by Russia" failed, whoever cast the veto)."""
    agent = lex.regex("position.agent", r"\s+{}\s+").match(sentence, end)
    if not agent:
        return False
    head = lex.compile(rf"(?:(?:{lex.alt('country.article')})\s+)?").match(sentence, agent.end())
    return any(a == head.end() for a, _, _ in countries.table(lex).mentions(sentence[:head.end() + 40]))


def cue(sentence: str, lex: lexicon_module.Lexicon) -> str | None:
    """"adopted", "rejected", or None when the sentence says neither or both."""
    by_voters = lex.regex("outcome.rejected_by", r"{}")
    hypothetical = lex.regex("outcome.hypothetical", r"\b{}\s+$")

    def supposed(m: re.Match[str]) -> bool:     # "una eventual adopción del texto": none held
        return bool(hypothetical.search(sentence, max(0, m.start() - 30), m.start()))

    rejected = [m.span() for m in lex.regex("outcome.rejected", r"\b{}").finditer(sentence)
                if not (by_voters.fullmatch(m.group()) and _by_states(sentence, m.end(), lex)) and not supposed(m)]
    adopted = [m.span() for m in lex.regex("outcome.adopted").finditer(sentence)
               if not any(s <= m.start() < e for s, e in rejected) and not supposed(m)]
    if without_vote(sentence, lex):
        adopted.append((0, 0))
    if adopted and not rejected:
        return "adopted"
    if rejected and not adopted:
        return "rejected"
    return None
