"""Typography-blind text comparison, for grounding what the model copies in the article.

The model copies quotes with straight quotes, plain hyphens and collapsed spaces; articles
print curly quotes and dashes. These rules compare the two without trusting either side's
typography, and every offset they return points into the original article, never into a
normalised copy.
"""

from __future__ import annotations

import re


_CHARS = {c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"} | {c: "-" for c in "–—‒―‐‑−"}
_CHARS["…"] = "..."
_EDGE = "\"'“”„‟«»‘’‚‛′″"
# Zero-width characters and the soft hyphen print as nothing, so comparison and number reading look
# through them ("1\u200b20" is 120). They stay in Article.text: SPEC §2, offsets index the text as read.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def _mapped(s: str, fold: bool = False) -> tuple[str, list[int]]:
    """Normalise while remembering, for every output character, the input index it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, c in enumerate(s):
        if c in INVISIBLE:
            continue
        if c.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        rep = _CHARS.get(c, c)
        if fold:
            low = rep.lower()
            rep = low if len(low) == len(rep) else rep  # keep offsets 1:1 (e.g. 'İ' lowercases to 2 chars)
        for ch in rep:
            out.append(ch)
            where.append(i)
    return "".join(out), where


def visible(s: str) -> tuple[str, list[int]]:
    """``s`` without its invisible characters, and for each character left its index in ``s``: cue words
    are matched through a soft hyphen ("absten\u00adtions") and offsets still point into the text."""
    where = [i for i, c in enumerate(s) if c not in INVISIBLE]
    return "".join(s[i] for i in where), where


def normalise(s: str) -> str:
    return _mapped(s)[0].strip()


def _trim_needle(needle: str) -> str:
    prev = None
    while prev != needle:
        prev = needle
        needle = needle.strip().strip(_EDGE).rstrip(".,;:")
    return needle


def find(text: str, needle: str) -> tuple[int, int] | None:
    """Exact typography-blind match first, so a case-folded match never shadows a verbatim one."""
    needle = _trim_needle(needle or "")
    if not needle:
        return None
    for fold in (False, True):
        hay, where = _mapped(text, fold)
        pin = _mapped(needle, fold)[0].strip()
        k = hay.find(pin)
        if k >= 0:
            return where[k], where[k + len(pin) - 1] + 1
    return None


def keep_longest(hits: list) -> list:
    """Overlapping readings of one passage: the earliest, then longest, wins."""
    out: list = []
    for h in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if not out or h[0] >= out[-1][1]:
            out.append(h)
    return out


def question(sentence: str) -> bool:
    """A sentence that asks, a closing quotation mark aside: the writer's, reporting neither a vote
    held nor a reason someone gave."""
    return sentence.rstrip(" \"”’»").endswith("?")
