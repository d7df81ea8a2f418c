"""Dates as printed, resolved against the article date ("on Monday" -> 2025-02-24).

Vote and event dates must be real calendar dates no later than the article, at the precision
the article prints (a day, a month or a year), in English, Spanish, German and French. Month
and weekday names and relative phrases ("last year", "hace dos años") are the lexicon's ``date.*``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re

from extractor.read import lexicon as lexicon_module, numbers, text as textrules


MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)   # input metadata, not content


def marker_end(text: str) -> int:
    """Where a leading ``date YYYY-MM-DD`` marker ends (0 if none): metadata, not article content."""
    m = MARKER.match(text)
    return m.end() if m else 0


@dataclasses.dataclass(frozen=True)
class Rules:
    months: dict[str, int]
    abbreviations: dict[str, int]
    weekdays: dict[str, int]
    ones: set[str]          # "a year ago"
    phrases: list[tuple[str, re.Pattern[str]]]


def _longest_first(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    months, abbr, days = lex.table("date.month"), lex.table("date.month_abbrev"), lex.table("date.weekday")
    mon = _longest_first(months)
    mon_any = _longest_first(list(months) + [a + r"\." + "?" for a in abbr])
    wd = rf"(?:(?:{_longest_first(days)}),?\s+)?"
    of = lex.alt("date.of")
    n = r"([\w-]+)"
    table = [
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("dotted", r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),        # "12.03.2024": day, month, year
        ("dmy", rf"\b{wd}(\d{{1,2}})(?:\s?{lex.alt('date.ordinal')})?\s+(?:{of}\s+)?({mon_any})"
                rf"(?:,?\s+(?:{of}\s+)?(\d{{4}}))?\b"),
        ("mdy", rf"\b{wd}({mon_any})\s+(\d{{1,2}}){lex.alt('date.ordinal_after_month')}?\b(?:,?\s+(\d{{4}})\b)?"),
        ("my", rf"\b({mon})\s+(?:{of}\s+)?(\d{{4}})\b"),
        ("m", rf"\b(?:{lex.alt('date.month_preposition')}\s+{lex.alt('date.month_modifier')}?"
              rf"|{lex.alt('date.month_relative')}\s*(?!{lex.alt('date.month_also_word')}\b))"
              rf"({mon})\b(?!\s+(?:{of}\s+)?\d)"),
        ("y", rf"\b{lex.alt('date.year_preposition')}\s+((?:19|20)\d{{2}})\b(?![-/]\d)"),
    ] + [(kind, lex.alt(f"date.{kind}", n=n)) for kind in
         ("yesterday", "today", "this_month", "last_month", "last_year", "this_year", "years_ago", "months_ago")]
    table.append(("weekday", rf"\b({_longest_first(days)})\b"))
    phrases = [(k, lex.compile(rx if k in ("iso", "dotted", "dmy", "mdy", "my", "m", "y", "weekday") else rf"\b{rx}\b"))
               for k, rx in table]
    return Rules(months, abbr, days, lex.words("date.one"), phrases)


def _month(name: str, r: Rules) -> int:
    name = name.lower().rstrip(".")
    return r.months.get(name) or r.abbreviations[name]


def _count(m: re.Match, r: Rules, lex: lexicon_module.Lexicon) -> int | None:
    word = next(g for g in m.groups() if g).lower()
    return 1 if word in r.ones else numbers.parse(word, lex)


def _shift_month(y: int, mo: int, back: int) -> str:
    k = y * 12 + mo - 1 - back
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def _resolve(kind: str, m: re.Match, ref: dt.date | None, lex: lexicon_module.Lexicon) -> str | None:
    r = rules(lex)
    g = m.groups()
    if kind == "iso":
        y, mo, d = map(int, g)
    elif kind == "dotted":
        d, mo, y = map(int, g)
    elif kind in ("dmy", "mdy"):
        d, mon, y = (g[0], g[1], g[2]) if kind == "dmy" else (g[1], g[0], g[2])
        mo, d = _month(mon, r), int(d)
        if y:
            y = int(y)
        elif ref:   # "Feb. 26": the latest such day not after the article
            y = ref.year - ((mo, d) > (ref.month, ref.day))
        else:
            return None
    elif kind == "my":
        return f"{int(g[1]):04d}-{_month(g[0], r):02d}"
    elif kind == "y":
        return g[0]
    elif ref is None:
        return None
    elif kind == "m":
        mo = _month(g[0], r)
        return f"{ref.year - (mo > ref.month):04d}-{mo:02d}"
    elif kind == "weekday":
        return (ref - dt.timedelta(days=(ref.weekday() - r.weekdays[g[0].lower()]) % 7)).isoformat()
    elif kind in ("yesterday", "today"):
        return (ref - dt.timedelta(days=kind == "yesterday")).isoformat()
    elif kind == "this_month":
        return f"{ref.year:04d}-{ref.month:02d}"
    elif kind in ("last_month", "months_ago"):
        n = 1 if kind == "last_month" else _count(m, r, lex)
        return None if n is None else _shift_month(ref.year, ref.month, n)
    else:
        n = {"last_year": 1, "this_year": 0}.get(kind)
        n = _count(m, r, lex) if n is None else n
        return None if n is None else f"{ref.year - n:04d}"
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _ref(article_date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article_date[:10]) if article_date else None
    except ValueError:
        return None


def _not_after(value: str | None, ref: dt.date | None) -> str | None:
    if value is None or ref is None:
        return value
    return None if value > ref.isoformat()[:len(value)] else value


def resolve_date(phrase: str, article_date: str | None, lex: lexicon_module.Lexicon) -> str | None:
    """Relative phrases need the article date; absolute ones never do. Nothing after the article."""
    ref = _ref(article_date)
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", phrase or ""):
        return _not_after(phrase.strip(), ref)
    for kind, rx in rules(lex).phrases:
        m = rx.search(phrase or "")
        if m:
            return _not_after(_resolve(kind, m, ref, lex), ref)
    return None


def dates(text: str, article_date: str | None, lex: lexicon_module.Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, resolved date) of every date printed, the longest reading of each passage."""
    ref = _ref(article_date)
    hits = [(m.start(), m.end(), kind, m) for kind, rx in rules(lex).phrases for m in rx.finditer(text)]
    out = []
    for s, e, kind, m in textrules.keep_longest(hits):
        value = _not_after(_resolve(kind, m, ref, lex), ref)
        if value:
            out.append((s, e, value))
    return out


def same_time(a: str | None, b: str | None) -> bool:
    """Dates at their common precision agree, or one is unknown: a 2023 sentence is not about a 2025 vote."""
    if not a or not b:
        return True
    size = min(len(a), len(b))
    return a[:size] == b[:size]
