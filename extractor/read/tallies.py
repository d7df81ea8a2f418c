"""Vote counts as printed, in any lexicon language: "93 to 18, with 65 abstentions",
"con 120 votos a favor", "mit 28 Ja-Stimmen", "par 93 voix pour".

A count is found by its words (the lexicon's ``tally.*`` concepts) and grouped when only
joiners separate its parts. Numbers are first masked to a marker of the same length, so the
patterns match words around numbers and offsets still point into the article.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import countries, lexicon as lexicon_module, numbers, text as textrules

KINDS = ("yes", "no", "abstain")
_N = "\x01\x02*"  # a masked number: the same length as the printed one, so offsets survive


@dataclasses.dataclass(frozen=True)
class Tally:
    start: int
    end: int
    yes: int | None
    no: int | None
    abstain: int | None
    parts: tuple[tuple[str, int, int], ...] = ()   # (kind, start, end) of each printed part, the last kind of a pair


@dataclasses.dataclass(frozen=True)
class Grammar:
    single: list[tuple[str, re.Pattern[str]]]
    pair: re.Pattern[str]
    triple: re.Pattern[str]
    passed: list[re.Pattern[str]]
    zero: list[tuple[str, re.Pattern[str]]]
    zero_pair: re.Pattern[str]
    range_start: re.Pattern[str]
    threshold: re.Pattern[str]
    pair_context: re.Pattern[str]
    triple_context: re.Pattern[str]
    join: re.Pattern[str]
    percent: re.Pattern[str]
    joined: re.Pattern[str]
    voten: str


@functools.cache
def grammar(lex: lexicon_module.Lexicon) -> Grammar:
    noun, voten, verb = lex.alt("tally.noun"), lex.alt("tally.vote_noun"), lex.alt("tally.voted")
    noun = rf"(?:{lex.alt('tally.other')}\s+)?{noun}"     # "14 other members abstained"
    # "40 countries, including Brazil, abstained", "three countries - Cuba, Peru and Chile - against"
    aside = rf"(?:\s*,\s*{lex.alt('list.including')}\b[^,;.()\x01]{{1,120}}?,|\s+[-–—]\s+[^-–—;.()\x01]{{1,120}}?\s+[-–—])?"
    # "Drei Länder stimmten am Dienstag dagegen": a few words between the verb and its particle, none of them a particle
    gap = rf"(?:(?!{lex.alt('vote.gap_stop')}\b)[^\W\d][\w’'-]*\s+){{0,3}}?"
    # "13 members of the Human Rights Council abstained": the counted noun's own words before the verb
    tail = rf"(?:\s+(?!{lex.alt('vote.gap_stop')}\b)[^\W\d][\w’'-]*){{0,6}}?"
    # "zwölf Staaten, die sich enthielten": the count told in a relative clause
    relative = rf"(?:\s*,\s*(?:{lex.alt('tally.relative')}))?"
    single = [(k, lex.compile(rf"(?P<{k}>{_N})\s+(?:{noun}{aside}{tail}{relative}\s+)?(?:{voten}\s+|{verb}\s+{gap})?"
                              rf"{lex.alt('tally.' + k, n=_N)}")) for k in KINDS]
    single += [(k, lex.compile(rf"\b{lex.alt('tally.before_' + k)}\s+(?P<{k}>{_N})\s+(?:{noun}|{voten})\b"))
               for k in KINDS]
    sep = rf"(?:\s+{voten})?\s*(?:{lex.alt('tally.pair_separator')}|-|–)\s*"
    passed = lex.compile(
        rf"{lex.alt('tally.passed_verb')}\s+(?:[\w-]+\s+){{0,3}}?{lex.alt('tally.passed_by')}\s+"
        rf"(?:{lex.alt('tally.passed_article')}\s+)?(?:{lex.alt('tally.passed_total')}\s+)?(?P<yes>{_N})\s+"
        # "approved by 150 of the Assembly's 193 member states": the count of the whole membership
        rf"(?:{lex.alt('tally.passed_of')}\s+(?:[\w’'-]+\s+){{0,3}}?{_N}\s+(?:[\w-]+\s+)?)?"
        rf"(?:{voten}|{noun})\b(?!\s*{lex.alt('tally.passed_not_before')}\b)")
    # "received 120 votes, with five against", "won the support of 120 nations": a bare count received is the yes
    received = lex.compile(
        rf"\b{lex.alt('tally.received')}\s+(?:{lex.alt('tally.passed_article')}\s+)?(?P<yes>{_N})\s+"
        # "la faveur de 11 des 15 membres", "die Zustimmung von elf der fünfzehn Mitglieder"
        rf"(?:{lex.alt('tally.passed_of')}\s+(?:[\w’'-]+\s+){{0,3}}?{_N}\s+)?"
        rf"(?:{voten}|{noun})\b(?!\s*{lex.alt('tally.passed_not_before')}\b)")
    verb_final = lex.regex("tally.verb_final", r"\b{}", n=f"(?P<yes>{_N})")
    unanimous = [lex.compile(r"\b" + entry.replace("<n>", f"(?P<yes>{_N})")) for entry in lex.entries("tally.unanimous")]
    return Grammar(
        single=single,
        pair=lex.compile(rf"(?P<yes>{_N}){sep}(?P<no>{_N})(?P<after>\s+{voten}\b)?"),
        triple=re.compile(rf"(?<![\w/.-])(?P<yes>{_N})\s*[-–]\s*(?P<no>{_N})\s*[-–]\s*(?P<abstain>{_N})(?![\w/-])"),
        passed=[passed, received, verb_final, *unanimous],
        zero=[(k, lex.regex(f"tally.zero_{k}", r"\b{}")) for k in ("no", "abstain")],
        zero_pair=lex.compile(rf"(?P<yes>{_N}){sep}{lex.alt('tally.zero_pair')}\b"),
        range_start=lex.regex("tally.range_start", r"\b{}\s+$"),
        pair_context=lex.regex("tally.pair_context", r"{}\W+(?:[\w-]+\W+){0,5}$"),
        threshold=lex.regex("tally.threshold", r"\b{}\s+$"),
        triple_context=lex.regex("tally.triple_context", "{}"),
        join=lex.regex("tally.joiner", r"[\s,;()]*(?:{}\b[\s,;()]*)*"),
        percent=lex.regex("tally.percent", r"\s*(?:%|{})"),
        joined=lex.regex("tally.joined"),
        voten=voten)


def _mask(text: str, lex: lexicon_module.Lexicon, g: Grammar) -> tuple[str, dict[int, int], list[int]]:
    """Hide every plausible count behind a marker; larger numbers (years, symbols) and percentages
    stay visible, so no pattern can read them as votes: a UN body has at most 193 members. The masked
    text drops invisible characters, so cue words read through soft hyphens ("absten\u00adtions"):
    it comes with each value at its masked offset, and each masked offset's index in ``text``."""
    chars, values = list(text), {}
    for s, e, v in numbers.spans(text, lex):
        if v <= 193 and not g.percent.match(text, e):
            chars[s:e] = "\x01" + "\x02" * (e - s - 1)
            values[s] = v
    masked, where = textrules.visible("".join(chars))
    return masked, {k: values[i] for k, i in enumerate(where) if i in values}, where


def _hits(text: str, lex: lexicon_module.Lexicon) -> list[tuple[int, int, dict]]:
    g = grammar(lex)
    masked, values, where = _mask(text, lex, g)
    hits = []

    def add(m, kinds=KINDS):
        hits.append((m.start(), m.end(), {k: values[m.start(k)] for k in kinds if m.groupdict().get(k)}))

    for m in g.triple.finditer(masked):
        window = masked[max(0, m.start() - 80):m.end() + 80]
        if g.triple_context.search(window):
            add(m)
    for m in g.pair.finditer(masked):
        before = masked[max(0, m.start() - 60):m.start()]
        if g.range_start.search(before):
            continue
        if m["after"] or re.match(rf"{_N}\s+{g.voten}", m.group(), re.I) or g.pair_context.search(before):
            add(m)
    for m in g.zero_pair.finditer(masked):   # "voted 12 to none"
        if g.pair_context.search(masked[max(0, m.start() - 60):m.start()]):
            hits.append((m.start(), m.end(), {"yes": values[m.start("yes")], "no": 0}))
    for rx in g.passed:
        for m in rx.finditer(masked):
            add(m, ("yes",))
    for kind, rx in g.single:
        for m in rx.finditer(masked):
            add(m, (kind,))
            if g.joined.search(masked, m.end(kind), m.end()):   # "Three states joined Chile in voting for"
                joined = countries.table(lex).mentions(text[where[m.end(kind)]:where[m.end() - 1] + 1])
                hits[-1][2][kind] += len({code for _, _, code in joined})
    for kind, rx in g.zero:
        for m in rx.finditer(masked):
            hits.append((m.start(), m.end(), {kind: 0}))
    # "at least nine votes are needed" states a rule, not a count
    kept = [h for h in textrules.keep_longest(hits) if not g.threshold.search(masked, max(0, h[0] - 30), h[0])]
    return [(where[s], where[e - 1] + 1, vals) for s, e, vals in kept]


def tallies(text: str, lex: lexicon_module.Lexicon) -> list[Tally]:
    """Counts as printed, grouped when only joiners ("with", "y", "und", ",") separate them.

    A bare "N votes" is read as a yes count only after a passing verb ("passed with 141 votes",
    "adoptée par 141 voix"); "none against" gives 0, while a count the article only implies
    ("unanimously") gives nothing.
    """
    join, aside = grammar(lex).join, lex.regex("list.including", r"\b{}\b[^;.()]*,\s*$")
    groups: list[list] = []
    for s, e, vals in _hits(text, lex):
        g = groups[-1] if groups else None
        # an aside, bracketed however long or "including France, Russia and China,", does not part a count
        gap = aside.sub("", re.sub(r"\([^()]{0,2000}\)", "", text[g[1]:s])) if g else ""
        part = (max(vals, key=KINDS.index), s, e)
        if g and not (set(vals) & set(g[2])) and len(gap) <= 25 and join.fullmatch(gap):
            g[1], g[2] = e, {**g[2], **vals}
            g[3].append(part)
        else:
            groups.append([s, e, dict(vals), [part]])
    return [Tally(s, e, v.get("yes"), v.get("no"), v.get("abstain"), tuple(p)) for s, e, v, p in groups]


def thresholds(text: str, lex: lexicon_module.Lexicon) -> list[int]:
    """Where a number states a rule, not a count ("at least nine votes", "necesitaría nueve votos")."""
    g = grammar(lex)
    masked, values, where = _mask(text, lex, g)
    return [where[k] for k in values if g.threshold.search(masked, max(0, k - 30), k)]


def numbers_in(text: str, counted: list[Tally], lex: lexicon_module.Lexicon) -> set[int]:
    """Lenient by design: it only has to prove that a number the model gives is printed somewhere.

    Articles ("un", "eine") count only where the tally grammar reads them as counts (``counted``,
    the article's tallies), and "none against" counts as 0 for the same reason.
    """
    articles = numbers.words(lex).articles
    out = {v for s, e, v in numbers.spans(text, lex) if text[s:e].lower() not in articles}
    for t in counted:
        out |= {v for v in (t.yes, t.no, t.abstain) if v is not None}
    return out


def numbers_near(counted: list[Tally], kind: str) -> list[int]:
    out: list[int] = []
    for t in counted:
        v = getattr(t, kind, None)
        if v is not None and v not in out:
            out.append(v)
    return out
