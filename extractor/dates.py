"""Dates as printed, resolved against the article date ("on Monday" -> 2025-02-24).

Vote and event dates must be real calendar dates no later than the article, at the precision
the article prints (a day, a month or a year), in English, Spanish, German and French.
"""

from __future__ import annotations

import datetime as dt
import re

from schemas import text as textrules


def _names(spec: str) -> dict[str, int]:
    """'a b|c d' -> {a: 1, b: 1, c: 2, d: 2}: one group of spellings per month or weekday."""
    return {w: i + 1 for i, group in enumerate(spec.split("|")) for w in group.split()}


_MONTHS = _names("january enero januar jänner janvier|february febrero februar février fevrier|march marzo märz "
                 "maerz mars|april abril avril|may mayo mai|june junio juni juin|july julio juli juillet|august "
                 "agosto août aout|september septiembre setiembre septembre|october octubre oktober octobre|"
                 "november noviembre novembre|december diciembre dezember décembre decembre")
_ABBR = _names("jan|feb|mar|apr||jun|jul|aug|sep sept|oct okt|nov|dec dez")
_DAYS = {k: v - 1 for k, v in _names("monday lunes montag lundi|tuesday martes dienstag mardi|wednesday miércoles "
         "miercoles mittwoch mercredi|thursday jueves donnerstag jeudi|friday viernes freitag vendredi|saturday "
         "sábado sabado samstag sonnabend samedi|sunday domingo sonntag dimanche").items()}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MON_ANY = "|".join(sorted(list(_MONTHS) + [a + r"\.?" for a in _ABBR], key=len, reverse=True))
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))
_WD = rf"(?:(?:{_DAY}),?\s+)?"
_AGO = r"([\w-]+)"
_DATE_RULES = [
    ("iso", rf"\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b"),
    ("dmy", rf"\b{_WD}(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?({_MON_ANY})(?:,?\s+(?:de\s+|del\s+)?(\d{{4}}))?\b"),
    ("mdy", rf"\b{_WD}({_MON_ANY})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"),
    ("my", rf"\b({_MON})\s+(?:de\s+|del\s+)?(\d{{4}})\b"),
    ("m", rf"\b(?:(?:in|during|since|until|by|en|im|seit|au\s+mois\s+de|desde|hasta)\s+(?:early\s+|late\s+|mid-)?"
          rf"|(?:last|this|past|early|late|mid-)\s*(?!may\b))({_MON})\b(?!\s+(?:de\s+|del\s+)?\d)"),
    ("y", r"\b(?:in|during|since|until|en|im|seit|desde|depuis|of)\s+((?:19|20)\d{2})\b(?![-/]\d)"),
    ("yesterday", r"\b(?:yesterday|ayer|gestern)\b|(?<!['’])\bhier\b"),
    ("today", r"\b(?:today|hoy|heute|aujourd['’]hui)\b"),
    ("last_month", r"\blast\s+month\b|\bmes\s+pasado\b|\b(?:letzten|vergangenen)\s+monat\b|\bmois\s+dernier\b"),
    ("last_year", r"\blast\s+year\b|\baño\s+pasado\b|\b(?:letztes|vergangenes|letzten|vergangenen)\s+jahr\b"
                  r"|\bl['’](?:année\s+(?:dernière|passée)|an\s+dernier)\b"),
    ("this_year", r"\bthis\s+year\b|\beste\s+año\b|\b(?:dieses|diesem)\s+jahr\b|\bcette\s+année\b"),
    ("years_ago", rf"\b{_AGO}\s+years?\s+ago\b|\bhace\s+{_AGO}\s+años?\b|\bvor\s+{_AGO}\s+jahren?\b"
                  rf"|\bil\s+y\s+a\s+{_AGO}\s+ans?\b"),
    ("months_ago", rf"\b{_AGO}\s+months?\s+ago\b|\bhace\s+{_AGO}\s+mes(?:es)?\b|\bvor\s+{_AGO}\s+monaten?\b"
                   rf"|\bil\s+y\s+a\s+{_AGO}\s+mois\b"),
    ("weekday", rf"\b({_DAY})\b"),
]
_DATES = [(k, re.compile(rx, re.I)) for k, rx in _DATE_RULES]


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _ABBR[name]


def _count(m: re.Match) -> int | None:
    word = next(g for g in m.groups() if g).lower()
    return 1 if word in ("a", "an", "un", "una", "einem", "einer") else textrules.parse_number(word)


def _shift_month(y: int, mo: int, back: int) -> str:
    k = y * 12 + mo - 1 - back
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def _resolve(kind: str, m: re.Match, ref: dt.date | None) -> str | None:
    g = m.groups()
    if kind == "iso":
        y, mo, d = map(int, g)
    elif kind in ("dmy", "mdy"):
        d, mon, y = (g[0], g[1], g[2]) if kind == "dmy" else (g[1], g[0], g[2])
        mo, d = _month(mon), int(d)
        if y:
            y = int(y)
        elif ref:   # "Feb. 26": the latest such day not after the article
            y = ref.year - ((mo, d) > (ref.month, ref.day))
        else:
            return None
    elif kind == "my":
        return f"{int(g[1]):04d}-{_month(g[0]):02d}"
    elif kind == "y":
        return g[0]
    elif ref is None:
        return None
    elif kind == "m":
        mo = _month(g[0])
        return f"{ref.year - (mo > ref.month):04d}-{mo:02d}"
    elif kind == "weekday":
        return (ref - dt.timedelta(days=(ref.weekday() - _DAYS[g[0].lower()]) % 7)).isoformat()
    elif kind in ("yesterday", "today"):
        return (ref - dt.timedelta(days=kind == "yesterday")).isoformat()
    elif kind in ("last_month", "months_ago"):
        n = 1 if kind == "last_month" else _count(m)
        return None if n is None else _shift_month(ref.year, ref.month, n)
    else:
        n = {"last_year": 1, "this_year": 0}.get(kind)
        n = _count(m) if n is None else n
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


def resolve_date(phrase: str, article_date: str | None) -> str | None:
    """Relative phrases need the article date; absolute ones never do. Nothing after the article."""
    ref = _ref(article_date)
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", phrase or ""):
        return _not_after(phrase.strip(), ref)
    for kind, rx in _DATES:
        m = rx.search(phrase or "")
        if m:
            return _not_after(_resolve(kind, m, ref), ref)
    return None


def dates(text: str, article_date: str | None) -> list[tuple[int, int, str]]:
    ref = _ref(article_date)
    hits = [(m.start(), m.end(), kind, m) for kind, rx in _DATES for m in rx.finditer(text)]
    out = []
    for s, e, kind, m in textrules.keep_longest(hits):
        value = _not_after(_resolve(kind, m, ref), ref)
        if value:
            out.append((s, e, value))
    return out


def same_time(a: str | None, b: str | None) -> bool:
    """Dates at their common precision agree, or one is unknown: a 2023 sentence is not about a 2025 vote."""
    if not a or not b:
        return True
    size = min(len(a), len(b))
    return a[:size] == b[:size]
