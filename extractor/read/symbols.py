"""Resolution symbols as printed: "A/ES-11/L.10", "L.11", "S/RES/2334 (2016)", "resolution 377";
a draft's with a hyphen for its full stop too ("L-77", "60/L-1/Rev-1").

A document symbol is a UN format, not a word, so its shape lives here; the words that
introduce a bare number ("resolution", "Resolution Nr.") are the lexicon's ``symbol.*``.
"""

from __future__ import annotations

import functools
import re

from extractor.read import lexicon as lexicon_module, text as textrules

_DOCUMENT = (r"(?-i:\b[ASE]/(?:[A-Z0-9][A-Za-z0-9.\-]*/)+[A-Za-z0-9.\-]*[A-Za-z0-9](?:\s\(\d{4}\))?"
             r"|(?<![\w/.-])(?:\d{1,3}/)?L[.-]\d+(?:/Rev[.-]\d+)?\b)")   # "L.10"; "L-77", "60/L-1/Rev-1" as some outlets print them
_NUMBER = r"ES-\d+/\d+|\d{1,4}(?:/\d{1,4})?(?:\s\(\d{4}\))?"


@functools.cache
def _pattern(lex: lexicon_module.Lexicon) -> re.Pattern[str]:
    return lex.compile(rf"(?P<sym>{_DOCUMENT})|\b{lex.alt('symbol.resolution_word')}\s+"
                       rf"(?:{lex.alt('symbol.number_mark')}\s*)?(?P<num>{_NUMBER})(?![\d/])")


def symbols(text: str, lex: lexicon_module.Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, symbol) of every symbol printed, the longest reading of each passage."""
    hits = []
    for m in _pattern(lex).finditer(text):
        g = "sym" if m["sym"] else "num"
        hits.append((m.start(g), m.end(g), m[g]))
    return textrules.keep_longest(hits)
