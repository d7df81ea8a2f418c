"""Which UN body held a vote, from the names and symbols printed near it.

The small model labels bodies poorly (asked for five votes it tends to walk through the
five labels in order), while articles name the body outright, in any of our languages:
the lexicon's ``body.*`` concepts, and the document symbols each body issues.
"""

from __future__ import annotations

import functools
import re

from extractor.read import lexicon as lexicon_module

# Most specific first: "the General Assembly's Third Committee" is the committee.
BODIES = ("ga_committee", "security_council", "human_rights_council", "general_assembly", "other")
_SYMBOLS = {"ga_committee": r"\bA/C\.\d", "security_council": r"\bS/RES/|\bS/20\d\d/",
            "human_rights_council": r"\bA/HRC/",
            "general_assembly": r"\bA/RES/|\bA/ES-|\bA/\d+/L\.", "other": lexicon_module.NEVER}


@functools.cache
def _patterns(lex: lexicon_module.Lexicon) -> dict[str, re.Pattern[str]]:
    return {body: lex.compile(f"{lex.alt('body.' + body)}|{_SYMBOLS[body]}") for body in BODIES}


@functools.cache
def _prospective(lex: lexicon_module.Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return lex.regex("body.prospective", r"\s+{}\b"), lex.regex("body.prospective_before", r"\b{}\s+$")


def mentioned(sentence: str, lex: lexicon_module.Lexicon, near: int | None = None) -> str | None:
    """The body a sentence names: the one named nearest ``near`` (the vote's count), else the most specific one.

    A body named as the one a draft goes to ("the Assembly would request", "would have the Assembly
    request", "la Asamblea pediría") did not hold the vote, as a Committee's press release says of it."""
    after, before = _prospective(lex)
    hits = [(m.start(), m.end(), body) for body, rx in _patterns(lex).items() for m in rx.finditer(sentence)
            if not after.match(sentence, m.end()) and not before.search(sentence, 0, m.start())]
    found = [(a, body) for a, b, body in hits if not _part_of_another(sentence, a, b, body, hits, lex)]
    if not found:
        return None
    if near is not None:
        return min(found, key=lambda f: abs(f[0] - near))[1]
    return min(found, key=lambda f: BODIES.index(f[1]))[1]


def _part_of_another(sentence: str, a: int, b: int, body: str, hits: list[tuple[int, int, str]],
                     lex: lexicon_module.Lexicon) -> bool:
    """"Assembly" inside "the World Health Assembly" is that body's name; the Assembly a committee
    belongs to ("the Third Committee of the General Assembly", "Dritter Ausschuss der Generalversammlung")
    did not hold the committee's vote."""
    for a2, b2, other in hits:
        if other != body and a2 <= a and b <= b2 and (a2, b2) != (a, b):
            return True
        if body == "general_assembly" and other == "ga_committee" and b2 <= a and _of(lex).fullmatch(sentence, b2, a):
            return True
    return False


@functools.cache
def _of(lex: lexicon_module.Lexicon) -> re.Pattern[str]:
    """What joins a committee to its assembly: "of the United Nations", "der", "de la"."""
    return lex.regex("body.part_of", r"\s+{}(?:(?<=['’])|\s+)(?:[\w.]+(?:\s+|-)){0,3}?")


def of_vote(sentences: list[str], s: int, near: int | None, guess: str, lex: lexicon_module.Lexicon) -> str:
    """The body named in the vote's sentence, else the one named last before it (news names the
    body, then reports the vote), else the first named after it; the model's guess only when
    the article names none."""
    here = mentioned(sentences[s - 1], lex, near)
    if here:
        return here
    order = list(range(s - 1, 0, -1)) + list(range(s + 1, len(sentences) + 1))
    return next((body for n in order if (body := mentioned(sentences[n - 1], lex))), guess)
