"""Who voted how, from the grammar of a sentence rather than from the model.

The small model groups names well but flips polarity, so polarity comes from the voting
cue (``polarity.cues``) and the voters from the names grammatically tied to it: the
subject just before the cue, any names listed with it ("Iran, China, and the United Arab
Emirates all abstained", "The United States joined Russia in opposing"), names added
after it ("..., along with North Korea, Belarus and Israel"), and names inside the cue, where the
verb comes first ("Am Freitag stimmten China und Russland gegen den Entwurf"). Names inside the object of
the vote ("against a resolution backing Ukraine's integrity"), compounds ("anti-Israel",
"U.S.-backed") and adjectives ("the Ukrainian draft") are not voters. The connecting
words are the lexicon's ``position.*`` concepts.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from extractor.read import countries, lexicon as lexicon_module, numbers, polarity, tallies


@dataclasses.dataclass(frozen=True)
class Rules:
    list_gap: re.Pattern[str]    # words that may stand between two names of one list of voters
    adds: re.Pattern[str]        # words after a cue that add further voters to it
    veto: set[str]               # the cue that may be a noun ...
    noun_veto: re.Pattern[str]   # ... after these words: "the double veto" is no vote unless someone cast it
    actor: re.Pattern[str]       # nouns that make a demonym a state actor ("the American delegation")
    boundary: re.Pattern[str]    # a clause or a group of its own ("the other 13 members") between a name and a cue
    agent: re.Pattern[str]       # the passive's agent right after a cue: "rejected by Belgium and France"
    plural: re.Pattern[str]      # a plural pronoun as the cue's subject: "China and Cuba had objected, but they abstained"


@functools.cache
def rules(lex: lexicon_module.Lexicon) -> Rules:
    not_cast = "".join(f"(?<!{verb} )" for verb in lex.entries("vote.veto_cast"))
    return Rules(
        list_gap=lex.compile(rf"^(?:\s|,|&|\b{lex.alt('position.elision')}|\b{lex.alt('position.list_gap')}\b)*$"),
        adds=lex.regex("position.adds", r"(?:\b{}\b|:|\s[-–—]\s)"), veto=lex.words("vote.veto_noun"),
        noun_veto=lex.compile(rf"{not_cast}\b{lex.alt('vote.veto_noun_lead')}\s+(?:\w+\s+)?$"),
        actor=lex.regex("position.actor_noun", r"\s+{}\b"),
        agent=lex.regex("position.agent", r"\s+{}\b"),
        plural=lex.regex("anaphor.plural", r"\b{}\s+(?:[\w’'-]+\s+){0,2}$"),
        boundary=lex.compile(rf";|\b{lex.alt('position.boundary')}\b|[,;]\s*{lex.alt('position.others', n=numbers.alternation(lex))}\b"))


def in_sentence(text: str, start: int, end: int, lex: lexicon_module.Lexicon,
                counted: list[tallies.Tally] | None = None) -> list[tuple[str, str]]:
    """(ISO3, position) pairs stated in ``text[start:end]``; the first position per country wins.

    ``counted`` are the counts printed in the sentence, offsets relative to it (found anew if not given).
    """
    r, names_table = rules(lex), countries.table(lex)
    sentence = text[start:end]
    cues = [c for c in polarity.cues(sentence, lex, counted)
            if not (sentence[c.start:c.end].lower() in r.veto and r.noun_veto.search(sentence[:c.start]))]
    names = [(a, b, code) for a, b, code in names_table.mentions(sentence) if _acts(sentence, a, b, r, names_table)]
    found: dict[str, str] = {}
    previous_end = 0
    for i, cue in enumerate(cues):
        next_start = cues[i + 1].start if i + 1 < len(cues) else len(sentence)
        after = _after(sentence, names, cue.end, next_start, r)
        if after and r.agent.match(sentence, cue.end):
            found.update((code, cue.position) for code in after if code not in found)
            previous_end = cue.end
            continue    # "tabled by Chile, fell to the veto cast by China": the agent's, not the sponsors
        pronoun = r.plural.search(sentence, previous_end, cue.start)
        voters = (first_list(sentence, names, pronoun.start(), r) if pronoun
                  else listed_before(sentence, names, previous_end, cue.start, r))
        voters += [code for a, b, code in names if cue.start < a and b < cue.end] + after   # "stimmten China und Russland für"
        for code in voters:
            found.setdefault(code, cue.position)
        previous_end = cue.end
    return list(found.items())


def _acts(sentence: str, start: int, end: int, r: Rules, names_table: countries.Table) -> bool:
    if sentence[start - 1:start] == "-" or sentence[end:end + 1] in ("-", "‑"):
        return False
    return not names_table.is_adjective(sentence[start:end]) or bool(r.actor.match(sentence, end))


def listed_before(sentence: str, names: list[tuple[int, int, str]], lo: int, cue: int, r: Rules) -> list[str]:
    """The nearest name before ``cue`` (a vote cue, or "among the 30" before a count), with the names listed
    together with it."""
    chain: list[tuple[int, int, str]] = []
    for a, b, code in reversed([n for n in names if lo <= n[0] and n[1] <= cue]):
        gap = sentence[b:chain[-1][0]] if chain else sentence[b:cue]
        if chain and not r.list_gap.match(_possessive_free(gap)):
            break
        if not chain and r.boundary.search(gap):
            break
        chain.append((a, b, code))
    return [code for _, _, code in reversed(chain)]


def first_list(sentence: str, names: list[tuple[int, int, str]], before: int, r: Rules) -> list[str]:
    """What a plural pronoun points back at: the first list of two or more states the sentence names
    before it ("La Chine et Cuba avaient refusé le débat, mais ils se sont abstenus")."""
    runs: list[list[tuple[int, int, str]]] = []
    for name in (n for n in names if n[1] <= before):
        if runs and r.list_gap.match(sentence[runs[-1][-1][1]:name[0]]):
            runs[-1].append(name)
        else:
            runs.append([name])
    return next(([code for _, _, code in run] for run in runs if len(run) >= 2), [])


def _after(sentence: str, names: list[tuple[int, int, str]], cue_end: int, hi: int, r: Rules) -> list[str]:
    """Names listed right after a connector that adds voters ("along with North Korea, Belarus and Israel"),
    or right after the passive's agent ("opposed by Norway, Chile and Peru")."""
    for adds in (r.agent.match(sentence, cue_end), r.adds.search(sentence, cue_end, hi)):
        if adds and (chain := _listed_from(sentence, names, adds.end(), hi, r)):
            return chain
    return []


def _listed_from(sentence: str, names: list[tuple[int, int, str]], cursor: int, hi: int, r: Rules,
                 loose: bool = False) -> list[str]:
    """The names listed from ``cursor``; ``loose`` lets "or" join them too ("Ghana, Chile o Perú")."""
    chain = []
    for a, b, code in names:
        if a < cursor or b > hi:
            continue
        gap = sentence[cursor:a]
        if not (r.list_gap.match(gap) or loose and re.fullmatch(r"\s*,?\s*(?:o|or|ou|oder)\s+(?:\w+\s+)?", gap)):
            break
        if hi < len(sentence) and not sentence[b:hi].strip():
            break   # the name right before the next cue is its subject: "abstained, like China, Russia voted no"
        chain.append(code)
        cursor = b
    return chain


def _possessive_free(gap: str) -> str:
    return re.sub(r"^['’]s\b", "", gap)


def by_anaphor(sentence: str, before: str, lex: lexicon_module.Lexicon,
               counted: list[tallies.Tally] | None = None) -> list[tuple[str, str]]:
    """A sentence whose subject points back at states ("The two countries vetoed the draft", "Ambas
    potencias votaron en contra", "Die beiden Länder ..."): the states the sentence before named,
    when it named exactly as many as the subject counts (two for "both"), take the sentence's position."""
    head = lex.compile(rf"^\W*(?:(?:{lex.alt('anaphor.the')})\s+)?(?:(?P<n>{numbers.alternation(lex)})|(?P<both>{lex.alt('anaphor.both')}))"
                       rf"\s+(?:[\w-]+\s+)?(?:{lex.alt('anaphor.states')})\b")
    m = head.match(sentence)
    cues = polarity.cues(sentence, lex, counted) if m else []
    if not cues or cues[0].start < m.end():
        return []
    n = m.group("n")
    want = 2 if m.group("both") else int(n) if n.isdigit() else lex.table("number.words").get(n.lower())
    named = list(dict.fromkeys(_subjects(before, lex)))
    return [(code, cues[0].position) for code in named] if want and len(named) == want >= 2 else []


def _subjects(sentence: str, lex: lexicon_module.Lexicon) -> list[str]:
    """The states listed at the head of a sentence ("Russia and China have united to block ..."), not
    the others it names later ("... in Syria")."""
    r, found, cursor = rules(lex), [], 0
    for a, b, code in countries.table(lex).mentions(sentence):
        if not r.list_gap.match(sentence[cursor:a]):
            break
        found.append(code)
        cursor = b
    return found


def joined_position(sentence: str, lex: lexicon_module.Lexicon, held: dict[str, str]) -> list[tuple[str, str]]:
    """A state that joins another's stance ("Ghana joined the Chilean position", "le Ghana s'est rallié
    à la position chilienne") votes as that state is stated to (``held``: this sentence's positions and those
    just before): the joiner is the state named last before the words in its clause, the joined one the
    state they name, or name right after ("la posición de Rusia")."""
    table, found = countries.table(lex), []
    for m in lex.regex("position.joined_position", r"\b{}\b").finditer(sentence):
        after = re.split(r"[,;:]|\s[-–—]\s", sentence[m.end():m.end() + 30])[0]
        joined = [code for _, _, code in table.mentions(m.group() + after)]
        clause = re.split(r"[,;:]", sentence[:m.start()])[-1]
        joiners = [code for _, _, code in table.mentions(clause)]
        if joiners and joined and joined[0] in held and joiners[-1] != joined[0]:
            found.append((joiners[-1], held[joined[0]]))
    return found


def did_the_same(sentence: str, lex: lexicon_module.Lexicon, before: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """States that did as those just named ("Ghana and Peru did the same", "optaron por la misma
    opción") take the one position the sentence before states; none when it states several."""
    cue = lex.regex("position.same", r"\b{}\b").search(sentence)
    held, told = {p for _, p in before}, dict(before)
    if not cue or len(held) != 1:
        return []
    position = held.pop()
    named = dict.fromkeys(code for _, _, code in countries.table(lex).mentions(sentence[:cue.start()]))
    return [(code, position) for code in named if code not in told]


def by_noun(sentence: str, lex: lexicon_module.Lexicon,
            counted: list[tallies.Tally] | None = None) -> list[tuple[str, str]]:
    """Positions a noun names, its holders listed after it ("obtuvo el apoyo de Chile y Perú, la oposición de
    Cuba y las abstenciones de Ghana o Noruega", "with the support of Chile and Peru"), in a sentence that
    reports a count or a result received: the list starts within a few words of the noun ("el apoyo, entre
    otros, de los países de la Unión Europea, Argentina, ...") and runs while only list words join its names.
    ``counted`` are the sentence's counts, as for ``in_sentence``."""
    spans = sorted((m.start(), m.end(), kind) for kind in ("yes", "no", "abstain")
                   for m in lex.regex(f"position.noun_{kind}", r"\b{}").finditer(sentence))
    received = [m for m in lex.regex("tally.received", r"\b{}\b").finditer(sentence)
                if not any(a <= m.start() < b for a, b, _ in spans)]     # "the support of" is itself no result
    if not spans or not (received or (counted if counted is not None else tallies.tallies(sentence, lex))):
        return []
    r, table, found = rules(lex), countries.table(lex), {}
    names = [(a, b, code) for a, b, code in table.mentions(sentence) if _acts(sentence, a, b, r, table)]
    for _, end, kind in spans:
        first = next(((a, b) for a, b, _ in names if a >= end), None)
        if first is None or first[0] - end > 45 or ";" in sentence[end:first[0]]:
            continue
        for code in _listed_from(sentence, names, first[0], len(sentence), r, loose=True):
            found.setdefault(code, kind)
    return list(found.items())
