"""Vote counts as printed, in English, Spanish, German and French: the grammar the tally rules
(``schemas.extraction``) and the article reading (``extractor.reading``) share.

A count is found by its words ("93 to 18, with 65 abstentions", "con 120 votos a favor",
"mit 28 Ja-Stimmen", "par 93 voix pour") and grouped when only joiners separate its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import text as textrules

_CI = re.I
CUE_WORDS: dict[str, str] = {"yes": "in favour", "no": "against", "abstain": "abstentions"}


@dataclass(frozen=True)
class TallyCandidate:
    start: int
    end: int
    yes: int | None
    no: int | None
    abstain: int | None


_N = "\x01\x02*"  # a masked number: the same length as the printed one, so offsets survive
_NOUN = (r"(?:(?:member\s+)?(?:states?|countries|nations|members|delegations)|(?:mitglied)?staaten|länder|"
         r"mitglieder|países|estados(?:\s+miembros)?|naciones|delegaciones|pays|états(?:\s+membres)?|membres)")
_VOTEN = r"(?:votes?|votos?|voix|stimmen|ballots)"
_VERB = r"(?:voted|votaron|stimmten|votierten|ont\s+voté)"
_TAIL = {
    "yes": r"(?:ja-?stimmen|yes[-\s]votes?|affirmative\s+votes?|votos\s+afirmativos|in\s+favou?r(?:\s+of)?|"
           r"a\s+favor|en\s+faveur|dafür|für\b|pour\b(?!\s+cent)|yes\b|ja\b|for\b(?=\s*[,;)]|\s+(?:and|to|with)\b))",
    "no": r"(?:gegenstimmen|nein-?stimmen|no[-\s]votes?|negative\s+votes?|noes|nays|votos\s+negativos|"
          r"no\b(?=\s*[,;)]|\s+(?:and|with)\b)|"
          rf"(?:against|en\s+contra|contre|dagegen|gegen)\b(?!\s*{_N}))",
    "abstain": r"(?:abstentions?|abstenciones|abstención|abstained|abstaining|abstain\b|se\s+abstuvieron|"
               r"(?:stimm)?enthaltung(?:en)?|enthielten\s+sich|se\s+sont\s+abstenu(?:e)?s)",
}
_ZERO = {
    "no": r"(?:none|nil|no\s+votes?|no\s+negative\s+votes?|not\s+a\s+single\s+vote)\s+against|no\s+negative\s+votes"
          r"|(?:ninguno|ninguna|ningún\s+voto|sin\s+votos?)\s+en\s+contra|keine\s+gegenstimmen?"
          r"|aucune?\s+(?:voix\s+|vote\s+)?contre",
    "abstain": r"no\s+abstentions?|(?:ninguna|sin)\s+abstenci(?:ón|ones)|keine\s+(?:stimm)?enthaltung(?:en)?"
               r"|aucune\s+abstention|sans\s+abstention",
}
_SINGLE = [(k, re.compile(rf"(?P<{k}>{_N})\s+(?:{_NOUN}\s+)?(?:{_VOTEN}\s+|{_VERB}\s+)?{t}", _CI))
           for k, t in _TAIL.items()]
_SEP = rf"(?:\s+{_VOTEN})?\s*(?:to|-|–|a|zu|contre|gegen|against)\s*"
_PAIR = re.compile(rf"(?P<yes>{_N}){_SEP}(?P<no>{_N})(?P<after>\s+{_VOTEN}\b)?", _CI)
_TRIPLE = re.compile(rf"(?<![\w/.-])(?P<yes>{_N})\s*[-–]\s*(?P<no>{_N})\s*[-–]\s*(?P<abstain>{_N})(?![\w/-])")
_PASSED = re.compile(
    r"(?:passed|adopted|approved|carried|supported\s+by|backed\s+by|aprobad[ao]|aprobó|adoptad[ao]|adoptó|"
    r"angenommen|verabschiedet|adoptée?|approuvée?)\s+(?:[\w-]+\s+){0,3}?(?:with|by|con|por|mit|par|avec)\s+"
    rf"(?:a\s+|the\s+)?(?:(?:total|majority)\s+of\s+)?(?P<yes>{_N})\s+(?:{_VOTEN}|{_NOUN})\b"
    rf"(?!\s*(?:to|a|zu|contre|against|gegen|in\s+favou?r|a\s+favor|pour|dafür)\b)", _CI)
_DE_PASSED = re.compile(rf"\bmit\s+(?P<yes>{_N})\s+stimmen\s+(?:\w+\s+){{0,4}}?(?:angenommen|verabschiedet)", _CI)
_PAIR_CONTEXT = re.compile(
    r"(?:vot\w*|margin|majority|tally|count|passed|adopted|approved|rejected|defeated|carried|failed|"
    r"votación|aprobad\w*|aprobó|adoptad\w*|rechazad\w*|mayoría|stimm\w*|abstimmung|angenommen|abgelehnt|"
    r"mehrheit|voix|scrutin|majorité|adoptée?|rejetée?)\W+(?:[\w-]+\W+){0,3}$", _CI)
_VOTE_WORD = re.compile(r"\bvot|stimm|voix|scrutin|tally|adopt|passed|approv|aprob|angenommen", _CI)
_JOIN = re.compile(r"[\s,;()]*(?:(?:and|with|while|to|y|con|mientras\s+que|und|mit|bei|et|avec)\b[\s,;()]*)*", _CI)
_NOT_COUNT = re.compile(r"\s*(?:%|per\s*cent|percent|por\s*ciento|prozent|pour\s*cent)", _CI)
_KINDS = ("yes", "no", "abstain")


def _mask(text: str) -> tuple[str, dict[int, int]]:
    """Hide every plausible count behind a marker; larger numbers (years, symbols) and percentages
    stay visible, so no pattern can read them as votes: a UN body has at most 193 members."""
    chars, values = list(text), {}
    for s, e, v in textrules.number_spans(text):
        if v <= 193 and not _NOT_COUNT.match(text, e):
            chars[s:e] = "\x01" + "\x02" * (e - s - 1)
            values[s] = v
    return "".join(chars), values


def _hits(text: str) -> list[tuple[int, int, dict]]:
    masked, values = _mask(text)
    hits = []

    def add(m, kinds=_KINDS):
        hits.append((m.start(), m.end(), {k: values[m.start(k)] for k in kinds if m.groupdict().get(k)}))

    for m in _TRIPLE.finditer(masked):
        window = masked[max(0, m.start() - 80):m.end() + 80]
        if _VOTE_WORD.search(window):
            add(m)
    for m in _PAIR.finditer(masked):
        before = masked[max(0, m.start() - 60):m.start()]
        if re.search(r"\b(?:from|de|desde|von|between|entre|zwischen)\s+$", before, _CI):
            continue
        if m["after"] or re.match(rf"{_N}\s+{_VOTEN}", m.group(), _CI) or _PAIR_CONTEXT.search(before):
            add(m)
    for rx in (_PASSED, _DE_PASSED):
        for m in rx.finditer(masked):
            add(m, ("yes",))
    for kind, rx in _SINGLE:
        for m in rx.finditer(masked):
            add(m, (kind,))
    for kind, pat in _ZERO.items():
        for m in re.finditer(rf"\b(?:{pat})", masked, _CI):
            hits.append((m.start(), m.end(), {kind: 0}))
    return textrules.keep_longest(hits)


def tallies(text: str) -> list[TallyCandidate]:
    """Counts as printed, grouped when only joiners ("with", "y", "und", ",") separate them.

    A bare "N votes" is read as a yes count only after a passing verb ("passed with 141 votes",
    "adoptée par 141 voix"); "none against" gives 0, while a count the article only implies
    ("unanimously") gives nothing.
    """
    groups: list[list] = []
    for s, e, vals in _hits(text):
        g = groups[-1] if groups else None
        gap = re.sub(r"\([^()]{0,80}\)", "", text[g[1]:s]) if g else ""
        if g and not (set(vals) & set(g[2])) and len(gap) <= 25 and _JOIN.fullmatch(gap):
            g[1], g[2] = e, {**g[2], **vals}
        else:
            groups.append([s, e, dict(vals)])
    return [TallyCandidate(s, e, v.get("yes"), v.get("no"), v.get("abstain")) for s, e, v in groups]


def numbers_in(text: str) -> set[int]:
    """Lenient by design: it only has to prove that a number the model gives is printed somewhere.

    Articles ("un", "eine") count only where the tally grammar reads them as counts, and "none
    against" counts as 0 for the same reason.
    """
    out = {v for s, e, v in textrules.number_spans(text) if text[s:e].lower() not in textrules.ARTICLES}
    for t in tallies(text):
        out |= {v for v in (t.yes, t.no, t.abstain) if v is not None}
    return out


def numbers_near(text: str, kind: str) -> list[int]:
    out: list[int] = []
    for t in tallies(text):
        v = getattr(t, kind, None)
        if v is not None and v not in out:
            out.append(v)
    return out
