"""Numbers as printed, in digits or in words of any lexicon language ("ninety-three", "dreiundneunzig").

Articles print counts as words as often as digits; a count the rules cannot read is a count
the model is left to guess. The words are the lexicon's ``number.*`` concepts; the order of
place values (``_may_follow``) is what keeps "three twenty" from being read as one number.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import lexicon as lexicon_module, text as textrules

_HIDDEN = f"[{textrules.INVISIBLE}]"    # inside a number or word they join its parts (text.py)
_DIGITS = re.compile(rf"(?<!\d)(?:\d{{1,3}}(?:[.,\u00a0\u202f]\d{{3}})+(?![\d]|[.,]\d)|\d(?:{_HIDDEN}*\d)*)")
_TOKEN = re.compile(rf"[^\W\d_]+(?:{_HIDDEN}+[^\W\d_]+)*")


@dataclasses.dataclass(frozen=True)
class Words:
    values: dict[str, int]        # plain number words
    hundred: set[str]             # multipliers ("hundred", "cent")
    joiners: set[str]             # "and", "y", "et", "und"
    one_before_hundred: set[str]  # "a hundred" ...
    hundred_after_one: set[str]   # ... but not "a cent"
    times_twenty: set[str]        # quatre-vingt(s)
    articles: set[str]            # "un", "eine": numbers only where a count reads them so
    compound: re.Pattern[str]     # German-style one-word numbers, by their parts
    parts: dict[str, int]
    compound_hundred: set[str]


@functools.cache
def words(lex: lexicon_module.Lexicon) -> Words:
    parts = {**lex.table("number.compound.units"), **lex.table("number.compound.teens"),
             **lex.table("number.compound.tens")}
    units, teens, tens = ("|".join(lex.table(f"number.compound.{k}")) or lexicon_module.NEVER
                          for k in ("units", "teens", "tens"))
    hundred, join = lex.alt("number.compound.hundred"), lex.alt("number.compound.joiner")
    compound = re.compile(rf"(?:({units})?{hundred}(?:{join})?)?(?:(?:({units}){join})?({tens})|({teens})|({units}))?")
    return Words(lex.table("number.words"), lex.words("number.hundred"), lex.words("number.joiner"),
                 lex.words("number.one_before_hundred"), lex.words("number.hundred_after_one"),
                 lex.words("number.times_twenty"),
                 lex.words("number.article"), compound, parts, lex.words("number.compound.hundred"))


def _compound(word: str, w: Words) -> int | None:
    """One-word numbers read by their morphemes (hundertdreiundneunzig = 193)."""
    m = w.compound.fullmatch(word)
    if not m or not word:
        return None
    hundreds = (w.parts[m[1]] if m[1] else 1) * 100 if any(h in word for h in w.compound_hundred) else 0
    return hundreds + sum(w.parts[g] for g in m.groups()[1:] if g)


def _may_follow(last: int | None, v: int) -> bool:
    """Place-value order, so 'three twenty' or 'sixty sixty' are not read as one number."""
    if last is None:
        return True
    if v <= 0:
        return False
    if last >= 100:
        return v < 100
    if last == 10:
        return v < 10                                   # dix-sept
    if last >= 20 and last % 10 == 0:
        return v < 10 or (last in (60, 80) and v < 20)  # soixante-douze, quatre-vingt-treize
    return False


def _words(t: str, w: Words) -> int | None:
    parts = [p for p in re.split(r"[\s-]+", t) if p]
    cur, last, hundred = 0, None, False
    for i, p in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if p in w.joiners:
            if last is None or nxt is None:
                return None
            continue
        if p in w.one_before_hundred and last is None and nxt in w.hundred_after_one:
            cur, last = 1, 1
            continue
        if p in w.hundred:
            if hundred or cur >= 10:
                return None
            cur, last, hundred = (cur or 1) * 100, 100, True
            continue
        if p in w.times_twenty and last == 4:   # quatre-vingt(s) = 4 x 20
            cur, last = cur + 76, 80
            continue
        v = w.values.get(p)
        if v is None:
            v = _compound(p, w)
        if v is None or not _may_follow(last, v):
            return None
        cur, last = cur + v, v
    return cur if last is not None else None


def parse(token: str, lex: lexicon_module.Lexicon) -> int | None:
    t = textrules.normalise(token or "").lower()
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d{1,3}(?:[.,' ]\d{3})+", t):   # 1,234 / 1.234 / 1 234: a thousands separator
        return int(re.sub(r"\D", "", t))
    return _words(t, words(lex)) if t else None


def alternation(lex: lexicon_module.Lexicon) -> str:
    """A count in a pattern: digits or one number word ("16 draft resolutions", "the other thirteen")."""
    words = sorted(map(re.escape, lex.table("number.words")), key=len, reverse=True)
    return "(?:" + "|".join([r"\d+", *words]) + ")"


def _is_word(word: str, nxt: str | None, w: Words) -> bool:
    if word in w.one_before_hundred:
        return nxt in w.hundred_after_one
    return word in w.values or word in w.hundred or _compound(word, w) is not None


def spans(text: str, lex: lexicon_module.Lexicon) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number as printed; multi-word numbers are read longest-first."""
    w = words(lex)
    found = [(m.start(), m.end(), parse(m.group(), lex)) for m in _DIGITS.finditer(text)]
    toks = [(m.start(), m.end(), m.group().lower().translate(textrules.DROP_INVISIBLE))
            for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(toks):
        s, _, word = toks[i]
        if not _is_word(word, toks[i + 1][2] if i + 1 < len(toks) else None, w):
            i += 1
            continue
        best = None
        for j in range(i, min(i + 8, len(toks))):
            if j > i and not re.fullmatch(r"[\s-]+", text[toks[j - 1][1]:toks[j][0]]):
                break
            v = parse(text[s:toks[j][1]], lex)
            if v is not None:
                best = (j, v)
        if best:
            found.append((s, toks[best[0]][1], best[1]))
            i = best[0] + 1
        else:
            i += 1
    return sorted(x for x in found if x[2] is not None)
