"""States that speak through an official: "Russia's ambassador", "the representative of Cuba",
"la delegada mexicana", "der chinesische Vertreter", "le représentant de la Fédération de Russie".

A motive such a speaker gives explains that state's vote or action, so its holder is the state
by rule (the small model often names the state the passage talks about instead). The words are
the lexicon's ``speaker.official`` (the titles), ``speaker.of`` ("of", "de", "du") and
``speaker.behalf`` ("on behalf of"); an official named once with a title ("U.S. Ambassador
Samantha Power") speaks for that state when only the surname comes back ("Power said").
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import countries, lexicon as lexicon_module


@dataclasses.dataclass(frozen=True)
class Rules:
    title_after: re.Pattern[str]    # after a country: "Russia's ambassador", "U.S. Ambassador"
    title_before: re.Pattern[str]   # before a country: "the representative of", "el embajador"
    pronoun: re.Pattern[str]        # the speaker named before: "She said", "..., he said."
    joined: re.Pattern[str]         # "... President Putin and insisted that ...": another subject's verb
    behalf: re.Pattern[str]         # before a country: "On behalf of", "en nombre de"


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    title = lex.alt("speaker.official")
    return Rules(
        title_after=lex.compile(rf"^(?:['’]s)?\s+(?:[\w.-]+\s+){{0,2}}?{title}\b"),
        title_before=lex.compile(rf"\b{title}\s+(?:[\w.-]+\s+){{0,3}}?(?:{lex.alt('speaker.of')}\s*)?"
                                 rf"(?:{lex.alt('country.article')}\s+)?$"),
        joined=lex.regex("speaker.joined"),
        behalf=lex.compile(rf"\b{lex.alt('speaker.behalf')}\s+(?:{lex.alt('country.article')}\s+)?$"),
        pronoun=lex.compile(rf"(?:^|,)\W*{lex.alt('speaker.pronoun')}\s+\w+"))


def officials(sentence: str, lex: lexicon_module.Lexicon) -> list[tuple[int, str]]:
    """(where the title stands, ISO3) for every state an official of which the sentence names."""
    r, found = rules(lex), []
    for start, end, code in countries.table(lex).mentions(sentence):
        if (m := r.title_after.match(sentence[end:end + 80])):
            found.append((end + m.end(), code))
        elif r.title_before.search(sentence[max(0, start - 80):start]) or r.behalf.search(sentence[:start]):
            found.append((start, code))
    return found


_NAME = re.compile(r"^\W{0,3}((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)")


def names(sentences: list[str], lex: lexicon_module.Lexicon) -> dict[str, str]:
    """Surname -> state, for officials named with their title ("U.S. Ambassador Samantha Power",
    "Russia's ambassador, Vassily Nebenzia"), so that "Power said ..." later is the United States."""
    table, found = countries.table(lex), {}
    for sentence in sentences:
        for pos, code in officials(sentence, lex):
            m = _NAME.match(sentence[pos:pos + 60])
            if m and not table.mentions(m.group(1)):
                found.setdefault(m.group(1).split()[-1], code)
    return found


def named(sentence: str, quote: tuple[int, int], known: dict[str, str], lex: lexicon_module.Lexicon) -> str | None:
    """The state of an official named by surname before the passage, or after it with a speech verb."""
    speech, joined = lex.regex("speech.verb"), rules(lex).joined
    for m in re.finditer(r"\b[A-Z][\w'’-]+\b", sentence):
        before = m.end() <= quote[0] and not joined.search(sentence, m.end(), quote[0])
        after = m.start() >= quote[1] and speech.search(sentence, quote[1], m.end() + 20)
        if m.group() in known and (before or after):
            return known[m.group()]
    return None


def holder(sentence: str, quote: tuple[int, int], lex: lexicon_module.Lexicon) -> str | None:
    """The state whose official speaks the passage at ``quote`` (offsets in the sentence): the
    one named nearest before it (unless joined to another verb: "met President Putin and
    insisted ..."), or after it where a speech verb attributes the passage to them
    ("“…”, afirmó el embajador cubano"), not an official of the next clause ("…, and Saudi
    Arabia's ambassador stayed away")."""
    speech, joined = lex.regex("speech.verb"), rules(lex).joined
    outside = [(pos, code) for pos, code in officials(sentence, lex)
               if (pos < quote[0] and not joined.search(sentence, pos, quote[0]))
               or (pos >= quote[1] and speech.search(sentence, quote[1], pos))]
    if not outside:
        return None
    nearest = min(outside, key=lambda o: (quote[0] - o[0]) if o[0] <= quote[0] else (o[0] - quote[1]) + 1000)
    return nearest[1]


def subject(sentence: str, lex: lexicon_module.Lexicon) -> str | None:
    """The state named as the sentence's subject, at its head: "México dijo que ...",
    "Israel, which pulled out in 2005, has said ..." (a demonym qualifies, it does not speak)."""
    table = countries.table(lex)
    named = table.mentions(sentence)
    if not named:
        return None
    start, end, code = named[0]
    at_head = not sentence[:start].strip(" \"“„«")
    return code if at_head and not table.is_adjective(sentence[start:end]) else None


def by_pronoun(sentence: str, lex: lexicon_module.Lexicon) -> bool:
    """The sentence's speaker is a pronoun, so it was named in a sentence before."""
    return bool(rules(lex).pronoun.search(sentence))


def outside(sentence: str, passage: tuple[int, int], lex: lexicon_module.Lexicon) -> bool:
    """The sentence gives the passage (offsets in it) to a speaker outside any state's delegation
    (a UN official, a scholar, an analyst, a rights group: ``speaker.outside``) and names no state's
    official: what they say explains no state's vote or act (no motive of our gold is theirs)."""
    rest = sentence[:passage[0]] + " … " + sentence[passage[1]:]
    return bool(lex.regex("speaker.outside").search(rest)) and not officials(rest, lex)
