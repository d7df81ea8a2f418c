"""Who voted how, from the list forms of UN reporting rather than from a vote verb and its subject.

A count or a heading names the position, and the states follow it as a list:
"150 in favour to 4 against (Chile, Ghana, Norway, Peru)", "with three abstentions: China, India
and Brazil", "Three states voted against the text: Chile, Peru and Ghana", "the abstentions of
Angola and Chad", "Gegen die Resolution stimmten Kuba und Venezuela", and headed blocks of a
press release ("In favour (25): Albania, Austria, …", one state per line, "Against: 05"). The
headings and inverted verbs are the lexicon's ``list.*`` concepts.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import countries, lexicon as lexicon_module, numbers, polarity, positions, tallies

KINDS = ("yes", "no", "abstain", "absent")
_OBJECT = r"(?:[^\W\d][\w’'-]*(?:\s+|(?=\s*:))){0,4}?"   # a short object between a count and its list: "voted against the text:"


@dataclasses.dataclass(frozen=True)
class Block:
    """A headed list: where its heading starts and the list ends, the count the heading prints, and the states."""
    start: int
    end: int
    kind: str
    count: int | None
    states: list[str]


@dataclasses.dataclass(frozen=True)
class Rules:
    heads: list[tuple[str, re.Pattern[str]]]    # "In favour (25):", "Votaron a favor:", at a line start or inline
    of: list[tuple[str, re.Pattern[str]]]       # "the abstentions of": the list follows at once
    inverted: re.Pattern[str]                   # cues whose subject follows them: "Gegen den Text stimmten"
    after_count: re.Pattern[str]                # what opens a list after a count: a bracket, a colon, a dash, "including"
    among: re.Pattern[str]                      # what ends a list just before a count: "Chile and Peru among the 30 ..."
    inverted_tail: re.Pattern[str]              # what may stand between an inverted cue and its subjects


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    count = r"(?:\(\s*(?P<bracketed>[\w-]+)\s*\)\s*)?"
    return Rules(
        heads=[(k, lex.compile(rf"(?:^|(?<=\n))[ \t•*-]*{lex.alt('list.head_' + k)}\s*{count}:[ \t]*(?P<count>\d+\b)?",
                               re.I | re.M)) for k in KINDS],
        of=[(k, lex.compile(rf"\b{lex.alt('list.of_' + k)}\s*(?:(?:[^\W\d][\w-]*\s+){{1,2}}{lex.alt('list.such_as')}\s+)?"))
            for k in KINDS],
        inverted=lex.regex("list.inverted", r"^{}$"),
        inverted_tail=lex.regex("list.inverted_tail", r"\s*(?:{}\s*)?:?"),
        among=lex.regex("list.among", r"\s+{}\s+$"),
        after_count=lex.compile(rf"\s*(?:{_OBJECT}\((?P<bracket>[^()]*)\)|{_OBJECT}:|\s[-–—]\s|\s+{lex.alt('list.were')}\s+|(?P<object>(?:\s+[^\W\d][\w’'-]*){{0,4}}?),\s*{lex.alt('list.including')}\b)"))


def _chain(text: str, names: list[tuple[int, int, str]], cursor: int, r: positions.Rules,
           until: int | None = None) -> tuple[list[str], int]:
    """The states listed from ``cursor`` on (names with only list words between them), and where the list ends."""
    out: list[str] = []
    for a, b, code in names:
        if a < cursor:
            continue
        if until is not None and b > until or not r.list_gap.match(text[cursor:a]):
            break
        out.append(code)
        cursor = b
    return out, cursor


def in_sentence(text: str, start: int, end: int, lex: lexicon_module.Lexicon,
                counted: list[tallies.Tally]) -> list[tuple[str, str]]:
    """(ISO3, position) pairs that a count, a heading or an inverted vote verb lists in ``text[start:end]``.

    ``counted`` are the counts printed there, with offsets into ``text``.
    """
    r, pr = rules(lex), positions.rules(lex)
    sentence = text[start:end]
    names = [(a, b, code) for a, b, code in countries.table(lex).mentions(sentence)
             if sentence[b:b + 2] not in ("'s", "’s") and sentence[a - 1:a] != "-"]
    found: dict[str, str] = {}
    for t in counted:
        for kind, part_start, part_end in t.parts:
            # "93 countries, including Germany, voted for": the aside inside a count names some of those counted
            for _, _, code in (n for n in names if part_start - start < n[0] and n[1] < part_end - start):
                found.setdefault(code, kind)
            _after_count(sentence, part_end - start, kind, names, lex, found)
            if (among := r.among.search(sentence, 0, part_start - start)):
                for code in positions.listed_before(sentence, names, 0, among.start(), pr):
                    found.setdefault(code, kind)
    for kind, rx in r.of:
        for m in rx.finditer(sentence):
            for code in _chain(sentence, names, m.end(), pr)[0]:
                found.setdefault(code, kind)
    for kind, rx in r.heads:
        for m in rx.finditer(sentence):
            for code in _chain(sentence, names, m.end(), pr)[0]:
                found.setdefault(code, kind)
    for cue in polarity.cues(sentence, lex, [dataclasses.replace(t, start=t.start - start, end=t.end - start)
                                             for t in counted]):
        clause = re.split(r"[.;:!?\n]", sentence[:cue.start])[-1]
        # "Ont voté contre ...", and after a comma "..., y se abstuvieron Brasil y Colombia"
        opens = len(clause.split()) <= 1 or ("," in clause and pr.list_gap.match(clause.rsplit(",", 1)[1]))
        if r.inverted.match(sentence[cue.start:cue.end]) and opens:
            colon = r.inverted_tail.match(sentence, cue.end)
            for code in _chain(sentence, names, colon.end(), pr)[0]:
                found.setdefault(code, cue.position)
        bracket = r.after_count.match(sentence, cue.end)   # "se ausentaron de la votación (Libia y Suecia)"
        if bracket and bracket["bracket"] is not None:
            for _, _, code in (n for n in names if bracket.start("bracket") <= n[0] and n[1] <= bracket.end("bracket")):
                found.setdefault(code, cue.position)
    return list(found.items())


def _after_count(sentence: str, e: int, kind: str, names: list[tuple[int, int, str]], lex: lexicon_module.Lexicon,
                 found: dict[str, str]) -> None:
    """"4 against (Chile, Ghana)": the states a bracket names ("14 against (the US and Israel among others)");
    "three abstentions: China, India": a colon, or a dash ("four abstained – China, India and Gabon –"),
    or a copula ("Among the 30 abstentions were China and India", "The 12 that voted no included Peru");
    "23 abstentions, including India and Sudan": an aside."""
    pr = positions.rules(lex)
    m = rules(lex).after_count.match(sentence, e)
    if not m or (m["object"] and numbers.spans(m["object"], lex)):
        return      # "three against and four abstentions, among them Peru": the aside is the next count's
    if m["bracket"] is not None:
        listed = [code for a, b, code in names if m.start("bracket") <= a and b <= m.end("bracket")]
    else:
        listed, _ = _chain(sentence, names, m.end(), pr)
    for code in listed:
        found.setdefault(code, kind)


def blocks(text: str, lex: lexicon_module.Lexicon) -> list[Block]:
    """Headed lists across lines: "In favour (25):" then the states, by commas or one per line, until the next heading."""
    r, pr = rules(lex), positions.rules(lex)
    names = countries.table(lex).mentions(text)
    out = []
    for kind, rx in r.heads:
        for m in rx.finditer(text):
            states, stop = _chain(text, names, m.end(), pr)
            printed = m["count"] or m["bracketed"]
            count = numbers.parse(printed, lex) if printed else None
            if states or count is not None:
                out.append(Block(m.start(), max(stop, m.end()), kind, count, states))
    return sorted(out, key=lambda b: b.start)
