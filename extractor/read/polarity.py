"""How a state voted, from the vote verb ("voted against", "se abstuvo", "stimmte dafür", "n'a pas voté").

The 1.5B model flips polarity, so polarity comes from these cues. Only vote verbs count:
support, backing or sponsorship is not a position (SPEC §3). A cue that is negated
("did not vote against"), counterfactual ("would have abstained"), requested ("urged
Kyiv to vote against") or habitual ("has regularly voted against") says nothing about how a
state voted, and a count's own words ("18 against") are a tally, not a position. The words are the lexicon's ``vote.*`` and
``polarity.*`` concepts.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import countries, lexicon as lexicon_module, tallies, text as textrules

POSITIONS = ("absent", "abstain", "no", "yes")   # the order the cues are tried in


@dataclasses.dataclass(frozen=True)
class Cue:
    start: int
    end: int
    position: str


@dataclasses.dataclass(frozen=True)
class Rules:
    cues: list[tuple[str, re.Pattern[str]]]
    negation: set[str]
    negation_suffix: tuple[str, ...]
    modal: set[str]
    request: re.Pattern[str]
    infinitive: set[str]
    bare: re.Pattern[str]
    habitual: re.Pattern[str]
    joined: re.Pattern[str]     # what stands between two names of one list ("China und Russland")
    article: re.Pattern[str]    # a name's article just before it ("la Bolivie")


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    gap = rf"(?:(?!{lex.alt('vote.gap_stop')}\b)[\w’'-]+\s+){{0,3}}?"
    return Rules(cues=[(p, lex.regex(f"vote.{p}", r"\b{}", gap=gap)) for p in POSITIONS],
                 negation=lex.words("polarity.negation"),
                 negation_suffix=tuple(lex.entries("polarity.negation_suffix")), modal=lex.words("polarity.modal"),
                 request=lex.regex("polarity.request"), infinitive=lex.words("polarity.infinitive"),
                 bare=lex.regex("vote.bare", r"{}\b"), habitual=lex.regex("polarity.habitual", r"\b{}\b"),
                 article=lex.compile(rf"\b(?:{lex.alt('country.article')}\s+|{lex.alt('country.elision')})$"),
                 joined=lex.compile(rf"^(?:\s|,|&|\b{lex.alt('position.elision')}|\b{lex.alt('position.list_gap')}\b)*$"))


def _blocked(text: str, start: int, cue: str, r: Rules) -> bool:
    """Negated, counterfactual, requested or habitual votes say nothing about how a state voted in this one."""
    before = re.split(r"[.;:!?\n]", text[max(0, start - 150):start])[-1]
    after = re.split(r"[.;:!?\n,]", text[start:start + len(cue) + 30])[0]
    if r.habitual.search(before) or r.habitual.search(after):
        return True     # "has regularly voted against", "vota sistemáticamente a favor", "s'abstient régulièrement"
    clause = re.split(r"[.;:!?\n,]", text[max(0, start - 150):start])[-1]
    words = re.findall(r"[\w’']+", clause.lower())
    if any(w in r.negation or w.endswith(r.negation_suffix) for w in words[-2:]):
        return True
    if any(w in r.modal for w in words[-3:]):
        return True
    requested = r.request.search(" ".join(words[-10:]))
    return bool(requested) and (bool(words) and words[-1] in r.infinitive or bool(r.bare.match(cue)))


def cues(text: str, lex: lexicon_module.Lexicon, counted: list[tallies.Tally] | None = None) -> list[Cue]:
    """The vote cues in ``text``, outside the counts printed there (``counted``: its tallies, if known)."""
    r = rules(lex)
    spans = [(t.start, t.end) for t in (tallies.tallies(text, lex) if counted is None else counted)]
    hits, masked = [], one_word_lists(text, lex)
    for pos, rx in r.cues:
        for m in rx.finditer(masked):
            if any(m.start() < e and s < m.end() for s, e in spans) or _blocked(text, m.start(), m.group(), r):
                continue
            hits.append((m.start(), m.end(), pos))
    return [Cue(s, e, p) for s, e, p in textrules.keep_longest(hits)]


def one_word_lists(text: str, lex: lexicon_module.Lexicon) -> str:
    """``text`` with each list of states written as one word of the same length, so that the
    voters a verb-first cue holds count as one word of its gap ("stimmten Chile und Peru
    ebenfalls dafür", "votaron Estados Unidos e Israel también en contra"); offsets are unchanged."""
    r, runs = rules(lex), []
    for a, b, _ in countries.table(lex).mentions(text):
        if runs and r.joined.match(text[runs[-1][1]:a]):
            runs[-1][1] = b
        else:
            article = r.article.search(text, max(0, a - 12), a)
            runs.append([article.start() if article else a, b])
    for a, b in runs:
        text = text[:a] + "X" + "_" * (b - a - 1) + text[b:]
    return text
