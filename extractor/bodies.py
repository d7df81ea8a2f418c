"""Which UN body held a vote, from the names and symbols printed near it.

The small model labels bodies poorly (asked for five votes it tends to walk through the
five labels in order), while articles name the body outright, in any of our languages.
"""

from __future__ import annotations

import re

PATTERNS = {
    "ga_committee": r"\b(?:first|second|third|fourth|fifth|sixth)\s+committee|\bcommittee\b|"
                    r"\b(?:primera|segunda|tercera|cuarta|quinta|sexta)\s+comisi[oó]n|"
                    r"\b(?:erste|zweite|dritte|vierte|fünfte|sechste)[nr]?\s+(?:hauptausschuss|ausschuss)|"
                    r"\b(?:première|deuxième|troisième|quatrième|cinquième|sixième)\s+commission|\bA/C\.\d",
    "security_council": r"\bsecurity\s+council\b|\bconsejo\s+de\s+seguridad\b|\bsicherheitsrat\w*|"
                        r"\bconseil\s+de\s+sécurité\b|\bS/RES/|\bS/20\d\d/",
    "human_rights_council": r"\bhuman\s+rights\s+council\b|\bconsejo\s+de\s+derechos\s+humanos\b|menschenrechtsrat\w*|"
                            r"\bconseil\s+des\s+droits\s+de\s+l['’]homme\b|\bA/HRC/",
    "general_assembly": r"\bgeneral\s+assembly\b|\bassembly\b|\basamblea\s+general\b|\b(?:general|voll)versammlung\b|"
                        r"\bassemblée\s+générale\b|\bA/RES/|\bA/ES-|\bA/\d+/L\.",
}
_COMPILED = {body: re.compile(p, re.I) for body, p in PATTERNS.items()}


def mentioned(sentence: str, near: int | None = None) -> str | None:
    """The body a sentence names: the one named nearest ``near`` (the vote's count), else the
    most specific one, so "the General Assembly's Third Committee" is the committee."""
    found = [(m.start(), body) for body, rx in _COMPILED.items() for m in rx.finditer(sentence)]
    if not found:
        return None
    if near is not None:
        return min(found, key=lambda f: abs(f[0] - near))[1]
    order = list(PATTERNS)
    return min(found, key=lambda f: order.index(f[1]))[1]


def of_vote(sentences: list[str], s: int, near: int | None, guess: str) -> str:
    """The body named in the vote's sentence, else the one named last before it (news names the
    body, then reports the vote), else the first named after it; the model's guess only when
    the article names none."""
    here = mentioned(sentences[s - 1], near)
    if here:
        return here
    order = list(range(s - 1, 0, -1)) + list(range(s + 1, len(sentences) + 1))
    return next((body for n in order if (body := mentioned(sentences[n - 1]))), guess)
