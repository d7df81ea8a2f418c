"""Typography-blind text comparison and number reading for the validators.

The model copies quotes with straight quotes, plain hyphens and collapsed spaces, and writes
numbers as digits; articles print curly quotes, dashes and number words in four languages.
These rules compare the two without trusting either side's typography, and every offset they
return points into the original article, never into a normalised copy.
"""

from __future__ import annotations

import re


_CHARS = {c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"} | {c: "-" for c in "–—‒―‐‑−"}
_CHARS["…"] = "..."
_EDGE = "\"'“”„‟«»‘’‚‛′″"


def _mapped(s: str, fold: bool = False) -> tuple[str, list[int]]:
    """Normalise while remembering, for every output character, the input index it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, c in enumerate(s):
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


# --- numbers ----------------------------------------------------------------------------------

def _table(words: str, start: int = 0, step: int = 1) -> dict[str, int]:
    return {w: start + i * step for i, w in enumerate(words.split())}


_WORDS: dict[str, int] = {
    **_table("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen"),
    **_table("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10),
    **_table("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
             "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro "
             "veinticinco veintiséis veintisiete veintiocho veintinueve"),
    **_table("treinta cuarenta cincuenta sesenta setenta ochenta noventa", 30, 10),
    **_table("doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos",
             200, 100),
    **_table("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"),
    **_table("vingt trente quarante cinquante soixante septante huitante nonante", 20, 10),
    "una": 1, "veintiún": 21, "veintiuna": 21, "dieciseis": 16, "veintidos": 22, "veintitres": 23,
    "veintiseis": 26, "cien": 100, "ciento": 100, "une": 1, "vingts": 20, "octante": 80,
    "null": 0, "eine": 1, "zwo": 2, "zwölf": 12, "zwoelf": 12,
}
_HUNDRED = {"hundred", "cent", "cents"}  # multipliers; Spanish/German hundreds are plain values
_JOINERS = {"and", "y", "et", "und"}
ARTICLES = {"a", "an", "un", "une", "uno", "una", "ein", "eine"}
_DE_U = "ein|eins|zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun"
_DE_V = {**_table("ein zwei drei vier fünf sechs sieben acht neun", 1), "eins": 1, "fuenf": 5,
         **_table("zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn", 10),
         **_table("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig", 20, 10),
         "dreissig": 30, "fuenfzig": 50, "fuenfzehn": 15}
_DE_T = "zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig"
_DE_TEEN = "zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|fuenfzehn|sechzehn|siebzehn|achtzehn|neunzehn"
_GERMAN = re.compile(rf"(?:({_DE_U})?hundert(?:und)?)?(?:(?:({_DE_U})und)?({_DE_T})|({_DE_TEEN})|({_DE_U}))?")


def _german(word: str) -> int | None:
    """German writes 193 as one word (hundertdreiundneunzig): read it by its morphemes."""
    m = _GERMAN.fullmatch(word)
    if not m or not word:
        return None
    hundreds = (_DE_V[m[1]] if m[1] else 1) * 100 if "hundert" in word else 0
    return hundreds + sum(_DE_V[g] for g in m.groups()[1:] if g)


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


def _words(t: str) -> int | None:
    parts = [p for p in re.split(r"[\s-]+", t) if p]
    cur, last, hundred = 0, None, False
    for i, p in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if p in _JOINERS:
            if last is None or nxt is None:
                return None
            continue
        if p in ("a", "an") and last is None and nxt == "hundred":
            cur, last = 1, 1
            continue
        if p in _HUNDRED:
            if hundred or cur >= 10:
                return None
            cur, last, hundred = (cur or 1) * 100, 100, True
            continue
        if p in ("vingt", "vingts") and last == 4:   # quatre-vingt(s) = 4 x 20
            cur, last = cur + 76, 80
            continue
        v = _WORDS.get(p)
        if v is None:
            v = _german(p)
        if v is None or not _may_follow(last, v):
            return None
        cur, last = cur + v, v
    return cur if last is not None else None


def parse_number(token: str) -> int | None:
    t = normalise(token or "").lower()
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d{1,3}(?:[.,' ]\d{3})+", t):   # 1,234 / 1.234 / 1 234: a thousands separator
        return int(re.sub(r"\D", "", t))
    return _words(t) if t else None


_DIGITS = re.compile(r"(?<!\d)(?:\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?![\d]|[.,]\d)|\d+)")
_TOKEN = re.compile(r"[^\W\d_]+")


def _is_word(w: str, nxt: str | None) -> bool:
    if w in ("a", "an"):
        return nxt == "hundred"
    return w in _WORDS or w in _HUNDRED or _german(w) is not None


def number_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number as printed; multi-word numbers are read longest-first."""
    found = [(m.start(), m.end(), parse_number(m.group())) for m in _DIGITS.finditer(text)]
    toks = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(toks):
        s, _, w = toks[i]
        if not _is_word(w, toks[i + 1][2] if i + 1 < len(toks) else None):
            i += 1
            continue
        best = None
        for j in range(i, min(i + 8, len(toks))):
            if j > i and not re.fullmatch(r"[\s-]+", text[toks[j - 1][1]:toks[j][0]]):
                break
            v = parse_number(text[s:toks[j][1]])
            if v is not None:
                best = (j, v)
        if best:
            found.append((s, toks[best[0]][1], best[1]))
            i = best[0] + 1
        else:
            i += 1
    return sorted(x for x in found if x[2] is not None)


def keep_longest(hits: list) -> list:
    """Overlapping readings of one passage: the earliest, then longest, wins."""
    out: list = []
    for h in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if not out or h[0] >= out[-1][1]:
            out.append(h)
    return out
