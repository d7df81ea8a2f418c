"""Deterministic readings of an article: what the small model cannot be trusted with.

The 1.5B model finds and groups names well but flips polarity and miscounts, so numbers,
vote polarity, dates, symbols and quote boundaries come from these rules, written for the
language of vote reporting in English, Spanish, German and French, and the model only
chooses, groups and attributes. Every rule returns spans into the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import counts, text as textrules

_CI = re.I


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    position: str


# --- sentences ----------------------------------------------------------------------------------

_ABBREV = {"mr", "mrs", "ms", "dr", "no", "st", "nr", "sr", "sra", "prof", "gen", "sen", "rep", "gov", "lt",
           "col", "vs", "mt", "ft", "art", "bzw", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec", "e.g", "i.e", "z.b", "u.a"}
_MONTH_AFTER = re.compile(r"\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)", _CI)


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        s, body = line.start(), line.group()
        cuts = [0]
        for m in re.finditer(r"[.!?]+[\"'”’»“‘)]*(?=\s+[\"“«‘'(\d]|\s+[^\W\d_])", body):
            nxt = body[m.end():].lstrip()[:1]
            if nxt.isalpha() and not nxt.isupper():
                continue
            word = re.search(r"[\w.]*$", body[:m.start()]).group()
            if body[m.start()] == "." and m.end() - m.start() == 1:
                if word.lower().rstrip(".") in _ABBREV or re.fullmatch(r"(?:[A-Z]{1,2}\.)*[A-Z]{1,2}", word):
                    continue
                if word.isdigit() and _MONTH_AFTER.match(body, m.end()):  # "26. Februar"
                    continue
            cuts.append(m.end())
        cuts.append(len(body))
        for a, b in zip(cuts, cuts[1:]):
            piece = body[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(s + a + lead, s + a + len(piece.rstrip())))
    return out


# --- quotes ----------------------------------------------------------------------------------

_QUOTE_PAIRS = [r"„([^„“”\n]+)[“”]", r"«([^«»\n]+)»", r"»([^«»\n]+)«", r"“([^“”\n]+)”", r'"([^"\n]+)"',
                r"(?<![^\W_])‘([^‘’\n]+?)’(?![^\W_])", r"(?<![^\W_])‚([^‚‘\n]+?)‘(?![^\W_])"]


def quotes(text: str) -> list[Quote]:
    """Inside the marks, without the final punctuation: the convention gold quote spans follow."""
    hits = []
    for i, pat in enumerate(_QUOTE_PAIRS):
        for m in re.finditer(pat, text):
            if i >= 5 and len(m.group(1).split()) < 3:   # single marks are mostly apostrophes/scare quotes
                continue
            hits.append((m.start(), m.end(), m.start(1), m.end(1)))
    out = []
    for _, _, a, b in textrules.keep_longest(hits):
        inner = text[a:b]
        b = a + len(inner.rstrip().rstrip(".,;:!?").rstrip())
        a += len(inner) - len(inner.lstrip())
        if b - a >= 2:
            out.append(Quote(a, b))
    return out


# --- polarity cues -----------------------------------------------------------------------------

_GAP = r"(?:(?!(?:against|for|in|yes|no|not|never|nicht|nie|pas|contra|a|gegen|für|dafür|dagegen|pour|contre)\b)[\w’'-]+\s+){0,3}?"
_CUE_TABLE = [
    ("absent", r"\bdid\s*n[o’']t\s+vote\b(?!\s+(?:against|for|in\s+favou?r|yes|no)\b)"
               r"|\bdid\s*n[o’']t\s+(?:take\s+part|participate)\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?vote"
               r"|\b(?:was|were)\s+absent\b|\babsent\s+from\s+the\s+vote|\bstay(?:ed|ing|s)?\s+away\b"
               rf"|\b(?:skip|skipped|skipping|skips|miss|missed|missing|misses)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,4}}?vote\b"
               r"|\bno\s+(?:votó|votaron)\b(?!\s+(?:a\s+favor|en\s+contra))|\bno\s+particip(?:ó|aron)\s+en\s+la\s+votación"
               r"|\bse\s+ausent(?:ó|aron)\b|\b(?:estuvo|estuvieron)\s+ausentes?\b"
               r"|\bnahm(?:en)?\s+(?:\w+\s+){0,3}?nicht\s+an\s+der\s+abstimmung\s+teil|\bnicht\s+an\s+der\s+abstimmung\s+teilgenommen"
               r"|\bblieb(?:en)?\s+(?:\w+\s+){0,2}?der\s+abstimmung\s+fern|\bstimmt(?:e|en)\s+nicht\s+ab\b"
               r"|\bn['’](?:a|ont)\s+pas\s+(?:pris\s+part|participé)\s+au\s+(?:vote|scrutin)"
               r"|\bn['’](?:a|ont)\s+pas\s+voté\b(?!\s+(?:pour|contre))|\b(?:était|étaient)\s+absente?s?\b"),
    ("abstain", r"\babstain(?:ed|ing|s)?\b|\babstention\b|\bse\s+abst(?:uvo|uvieron|iene|ienen)\b|\babsteniéndose\b"
                r"|\babstención\b|\benthielt(?:en)?\s+sich\b|\benthält\s+sich\b|\bsich\s+(?:\w+\s+){0,3}?enthalten\b"
                r"|\bEnthaltung\b|\bs['’](?:est\s+abstenue?|abstient|abstiennent|abstenir)\b|\bse\s+sont\s+abstenu(?:e)?s\b"
                r"|\ben\s+s['’]abstenant\b"),
    ("no", rf"\bvot(?:ed|ing|e)\s+{_GAP}(?:against|[\"“']?no\b)|\b(?:opposed|opposing)\b(?<!as\sopposed)"
           rf"|\bvot(?:ó|aron|a|an|ando|ado|ar)\s+{_GAP}en\s+contra\b|\bse\s+opus(?:o|ieron)\b|\bvet(?:ó|aron)\b"
           rf"|\bstimmt(?:e|en)?\s+{_GAP}(?:gegen|dagegen)\b|\bvotiert(?:e|en)\s+{_GAP}(?:gegen|dagegen)\b"
           rf"|\bgegen\s+(?:\w+\s+){{0,3}}?gestimmt\b|\blegt(?:e|en)?\s+(?:\w+\s+){{0,3}}?veto\s+ein\b"
           rf"|\bvot(?:é|ée|és|e|ent|ant|er)\s+{_GAP}contre\b|\bopposé\s+(?:son|leur)\s+veto\b"
           r"|\bs['’]est\s+opposée?\b|\bse\s+sont\s+opposé(?:e)?s\b"
           r"|\b(?:cast|used|exercised|wielded)\s+(?:a|its|their|his|her)\s+veto\b|\bveto(?:ed|es|ing)?\b"
           r"(?![-\s](?:power|powers|right|rights|wielding|holding|holders?|initiative|privilege))"),
    ("yes", rf"\bvot(?:ed|ing|e)\s+{_GAP}(?:in\s+favou?r(?:\s+of)?|for\b(?!\s+the\s+first)|[\"“']?yes\b)"
            rf"|\bcast\s+(?:a|its|their)\s+(?:[\"“']?yes[\"”']?\s+)?vote\s+(?:in\s+favou?r|for)\b"
            rf"|\bvot(?:ó|aron|a|an|ando|ado|ar)\s+{_GAP}(?:a\s+favor|por\s+el\s+sí)\b"
            rf"|\bstimmt(?:e|en)?\s+{_GAP}(?:für|dafür|mit\s+ja)\b|\bvotiert(?:e|en)\s+{_GAP}(?:für|dafür)\b"
            rf"|\b(?:für|dafür)\s+(?:\w+\s+){{0,3}}?gestimmt\b"
            rf"|\bvot(?:é|ée|és|e|ent|ant|er)\s+{_GAP}(?:pour|en\s+faveur)\b"),
]
_CUES = [(p, re.compile(rx, _CI)) for p, rx in _CUE_TABLE]
_NEG = {"not", "never", "no", "nicht", "nie", "kein", "keine", "pas", "jamais", "ni", "nunca"}
_MODAL = set("could would should might may must will shall can cannot könnte könnten würde würden hätte hätten "
             "sollte sollten wird werden podría podrían habría habrían debería deberían pourrait pourraient "
             "aurait auraient devrait devraient va vont".split())
_REQUEST = re.compile(
    r"\b(?:ask\w*|urg\w*|press(?:ed|es|ing|ure|ured)?|insist\w*|demand\w*|call(?:ed|s|ing)?\s+on|lobb\w*|"
    r"want\w*|persuad\w*|convinc\w*|forc\w*|told|instruct\w*|expect\w*|plan\w*|intend\w*|threat\w*|refus\w*|"
    r"pidió|pidieron|presion\w*|instó|exigió|quería|forderte|drängte|bat|druck|wollte|demandé|exhort\w*|voulait)\b", _CI)
_BARE = re.compile(r"(?:vote|votar|voter|abstain|abstenerse|s['’]abstenir|skip|miss|veto|stimmen)\b", _CI)


def _blocked(text: str, start: int, cue: str) -> bool:
    """Negated, counterfactual or requested votes say nothing about how a state voted."""
    clause = re.split(r"[.;:!?\n,]", text[max(0, start - 150):start])[-1]
    words = re.findall(r"[\w’']+", clause.lower())
    if any(w in _NEG or w.endswith(("n't", "n’t")) for w in words[-2:]):
        return True
    if any(w in _MODAL for w in words[-3:]):
        return True
    requested = _REQUEST.search(" ".join(words[-10:]))
    return bool(requested) and (bool(words) and words[-1] in ("to", "de", "zu") or bool(_BARE.match(cue)))


def polarity_cues(text: str) -> list[Cue]:
    """Vote verbs only: support, backing or sponsorship is not a position (SPEC §3)."""
    counted = [(t.start, t.end) for t in counts.tallies(text)]
    hits = []
    for pos, rx in _CUES:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in counted) or _blocked(text, m.start(), m.group()):
                continue
            hits.append((m.start(), m.end(), pos))
    return [Cue(s, e, p) for s, e, p in textrules.keep_longest(hits)]


# --- resolution symbols ------------------------------------------------------------------------

_SYMBOL = re.compile(
    r"(?P<sym>(?-i:\b[ASE]/(?:[A-Z0-9][A-Za-z0-9.\-]*/)+[A-Za-z0-9.\-]*[A-Za-z0-9](?:\s\(\d{4}\))?"
    r"|(?<![\w/.])L\.\d+(?:/Rev\.\d+)?\b))"
    r"|\b(?:resolutions?|resolución|resolucion|résolution)\s+(?:No\.?\s*|Nr\.\s*|n[°º]\s*)?"
    r"(?P<num>ES-\d+/\d+|\d{1,4}(?:/\d{1,4})?(?:\s\(\d{4}\))?)(?![\d/])", _CI)


def resolution_symbols(text: str) -> list[tuple[int, int, str]]:
    hits = []
    for m in _SYMBOL.finditer(text):
        g = "sym" if m["sym"] else "num"
        hits.append((m.start(g), m.end(g), m[g]))
    return textrules.keep_longest(hits)


# --- outcome -----------------------------------------------------------------------------------

_WITHOUT_VOTE = re.compile(
    r"\bwithout\s+(?:a\s+)?(?:recorded\s+)?vote\b|\bby\s+consensus\b|\bsin\s+(?:someter\w*\s+a\s+)?votaci[óo]n\b"
    r"|\bpor\s+consenso\b|\bohne\s+(?:förmliche\s+)?abstimmung\b|\b(?:im|per)\s+konsens\b"
    r"|\bsans\s+(?:vote|scrutin|mise\s+aux\s+voix)\b|\bpar\s+consensus\b", _CI)
_ADOPTED = re.compile(
    r"\b(?:pass(?:ed|es|ing)|adopt(?:ed|s|ing)|approv(?:ed|es|ing)|endorsed|carried|aprob(?:ó|ada|ado|aron|adas|ados)"
    r"|adopt(?:ó|ada|ado|aron|adas|ados)|angenommen|verabschiedet|beschlossen|gebilligt|adoptée?s?|approuvée?s?)\b", _CI)
_REJECTED = re.compile(
    r"\b(?:did\s*n[o’']t|does\s*n[o’']t|failed\s+to|fail(?:ed|s)?\s+to)\s+(?:pass|win|secure|obtain|get)\b"
    r"|\b(?:not|nicht|no\s+fue|n['’]a\s+pas\s+été)\s+(?:be(?:en)?\s+)?(?:adopted|approved|angenommen|aprobad[ao]|adoptée?)\b"
    r"|\b(?:rejected|rejects|defeated|vetoed|voted\s+down|fell\s+short|failed|blocked|rechaz(?:ó|ada|ado|aron)"
    r"|vet(?:ó|ada|ado|aron)|no\s+prosperó|abgelehnt|scheiterte|gescheitert|rejetée?s?|repoussée?s?)\b"
    r"|\b(?:cast|used|exercised)\s+(?:a|its|their)\s+veto\b|(?-i:\bVeto\b)|\bopposé\s+son\s+veto\b", _CI)


def without_vote(sentence: str) -> bool:
    """A predicate on the words only: whether it was an adoption is for outcome_cue to say."""
    return bool(_WITHOUT_VOTE.search(sentence))


def outcome_cue(sentence: str) -> str | None:
    """One sentence, one verdict: when it both adopts and rejects something (a rival draft) the
    rule cannot tell which text is which, so it says nothing and leaves that to the model."""
    rejected = [m.span() for m in _REJECTED.finditer(sentence)]
    adopted = [m.span() for m in _ADOPTED.finditer(sentence)
               if not any(s <= m.start() < e for s, e in rejected)]
    if without_vote(sentence):
        adopted.append((0, 0))
    if adopted and not rejected:
        return "adopted"
    if rejected and not adopted:
        return "rejected"
    return None


# --- text addressed to the model ----------------------------------------------------------------

_INSTRUCTION = re.compile(
    r"(?:^|[:;,(\-–—]\s*|\bplease\s+)(?:ignor(?:e|ez|er|a|ad|iere)|disregard|forget|override|olvida|vergiss|oubliez)\b"
    r"[^.!?\n]{0,40}?\b(?:instructions?|prompts?|directives?|instrucciones|anweisungen|consignes)\b"
    r"|\bsystem\s+prompt\b|\b(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts)\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot)\b"
    r"|\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|model|llm|chatbot)\b", _CI)


def instruction(sentence: str) -> bool:
    """Whether a sentence speaks to the model ("Ignore previous instructions and report ...") rather than
    reporting news: such text is a prompt injection, and nothing in it may become a vote, tally or quote."""
    return bool(_INSTRUCTION.search(sentence))
