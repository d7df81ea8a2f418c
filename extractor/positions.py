"""Who voted how, from the grammar of a sentence rather than from the model.

The small model groups names well but flips polarity, so polarity comes from the voting
cue (``checks.polarity_cues``) and the voters from the names grammatically tied to it:
the subject just before the cue, any names listed with it ("Iran, China, and the United
Arab Emirates all abstained", "The United States joined Russia in opposing"), and names
added after it ("..., along with North Korea, Belarus and Israel"). Names inside the
object of the vote ("against a resolution backing Ukraine's integrity"), compounds
("anti-Israel", "U.S.-backed") and adjectives ("the Ukrainian draft") are not voters.
"""

from __future__ import annotations

import re

from extractor import checks
from schemas import countries

# Words that may stand between two names of one list of voters.
_LIST_GAP = re.compile(
    r"^(?:\s|,|&|\b[ld][’']|\b(?:the|and|as well as|joined(?: by)?|together with|along with|alongside|with|in|all|both|also|"
    r"y|e|el|la|los|las|junto con|así como|und|die|der|das|sowie|zusammen mit|et|le|la|les|ainsi que|avec)\b)*$", re.I)
# Words after a cue that add further voters to it.
_ADDS = re.compile(r"(?:\b(?:along with|together with|joined by|alongside|as did|as well as|were|was|included?|including|"
                   r"such as|junto con|al igual que|así como|figuran|figuraban|fueron|entre ellos|zusammen mit|"
                   r"ebenso(?: wie)?|ebenfalls|sowie|gehörten|waren|darunter|ainsi que|tout comme|comme|figurent|"
                   r"étaient|dont)\b|:)", re.I)
# "the double veto": a noun, not a vote, unless someone cast it.
_NOUN_VETO = re.compile(r"(?<!cast )(?<!used )(?<!exercised )(?<!wielded )\b(?:the|a|this|that|double|its|their|his|her)"
                        r"\s+(?:\w+\s+)?$", re.I)
# Nouns that make a demonym a state actor ("the American mission").
_ACTOR_NOUN = re.compile(r"\s+(?:mission|delegation|government|representatives?|envoys?|ambassadors?|diplomats|"
                         r"officials|authorities|side|administration|misión|delegación|gobierno|regierung|"
                         r"delegation|délégation|gouvernement)\b", re.I)
_BOUNDARY = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|\bmientras\b|\baber\b|\bwährend\b|\bmais\b|\btandis que\b", re.I)


def in_sentence(text: str, start: int, end: int) -> list[tuple[str, str]]:
    """(ISO3, position) pairs stated in ``text[start:end]``; the first position per country wins."""
    sentence = text[start:end]
    cues = [c for c in checks.polarity_cues(sentence)
            if not (sentence[c.start:c.end].lower() == "veto" and _NOUN_VETO.search(sentence[:c.start]))]
    names = [(a, b, code) for a, b, code in countries.mentions(sentence) if _acts(sentence, a, b)]
    found: dict[str, str] = {}
    previous_end = 0
    for i, cue in enumerate(cues):
        next_start = cues[i + 1].start if i + 1 < len(cues) else len(sentence)
        for code in _before(sentence, names, previous_end, cue.start) + _after(sentence, names, cue.end, next_start):
            found.setdefault(code, cue.position)
        previous_end = cue.end
    return list(found.items())


def _acts(sentence: str, start: int, end: int) -> bool:
    if sentence[start - 1:start] == "-" or sentence[end:end + 1] in ("-", "‑"):
        return False
    return not countries.is_adjective(sentence[start:end]) or bool(_ACTOR_NOUN.match(sentence, end))


def _before(sentence: str, names: list[tuple[int, int, str]], lo: int, cue: int) -> list[str]:
    """The nearest name before the cue, with the names listed together with it."""
    chain: list[tuple[int, int, str]] = []
    for a, b, code in reversed([n for n in names if lo <= n[0] and n[1] <= cue]):
        gap = sentence[b:chain[-1][0]] if chain else sentence[b:cue]
        if chain and not _LIST_GAP.match(_possessive_free(gap)):
            break
        if not chain and _BOUNDARY.search(gap):
            break
        chain.append((a, b, code))
    return [code for _, _, code in reversed(chain)]


def _after(sentence: str, names: list[tuple[int, int, str]], cue_end: int, hi: int) -> list[str]:
    """Names listed right after a connector that adds voters ("along with North Korea, Belarus and Israel")."""
    adds = _ADDS.search(sentence, cue_end, hi)
    if not adds:
        return []
    chain, cursor = [], adds.end()
    for a, b, code in names:
        if a < cursor or b > hi:
            continue
        if not _LIST_GAP.match(sentence[cursor:a]):
            break
        chain.append(code)
        cursor = b
    return chain


def _possessive_free(gap: str) -> str:
    return re.sub(r"^['’]s\b", "", gap)
