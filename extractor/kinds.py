"""What kind of event a sentence reports, from its verbs, where the words leave no doubt.

The small model picks salient sentences well enough but labels them loosely (an official
"emphasized that ... pressure from Washington" came back as diplomatic_contact). A kind
whose cue words are printed in the sentence beats the model's label; where no cue or
several kinds' cues appear, the model's label stands.
"""

from __future__ import annotations

import re

CUES = {
    "pressure": r"\bpressur\w*|\bpressed\b|\burg(?:ed|es|ing)\b|\blobb(?:ied|ying)\b|\binsist\w*|\basked\s+\w+(?:\s+\w+)?\s+to\b|"
                r"\bpresi(?:ón|onó|onaron)|\bdruck\b|\bdrängt\w*|\bdrang\b|\bpression\w*|\bpressé\w*",
    "diplomatic_contact": r"\bspoke\s+(?:with|to|by phone)|\bmet\s+(?:with\s+)?[A-Z]|\bphone\s+call|\btalks\s+(?:with|between)|"
                          r"\bvisit(?:ed|s)?\b|\bconversaci\w+|\bse\s+reuni\w+|\btelefonier\w*|\btraf\s+sich|\bgespräch\w*|"
                          r"\bs['’]est\s+entretenu\w*|\bentretien\w*|\brencontr\w+",
    "dispute": r"\bspat\b|\brow\b|\brift\b|\bclash\w*|\bquarrel\w*|\bdispute\w*|\brefus\w+|\bwould\s+not\s+commit|"
               r"\bdisput\w+|\bdisputa\b|\bstreit\w*|\bdifférend\w*|\bpostpon\w+|\bdelay\w*|\bverschob\w*|\breport[ée]\w*|\baplaz\w+",
    "statement": r"\bcondemn\w*|\bslamm?ed\b|\bcriticis\w+|\bcriticiz\w+|\bdenounc\w+|\bwelcom\w+|\bhail\w*|\bpraised\b|"
                 r"\bregrett?\w*|\bdeplor\w+|\bcondena\w*|\bcritic[óa]\w*|\bcelebr[óa]\w*|\blament\w*|\bkritisier\w*|"
                 r"\bverurteil\w*|\bbegrüß\w*|\bbedauer\w*|\bcondamn\w*|\bdénonc\w*|\bsalu[ée]\w*|\bregrett\w*",
    "military": r"\bairstrikes?\b|\bstrikes?\s+on\b|\battack\w*|\bmissiles?\b|\btroops\b|\binvasion\b|\bbombard\w*|\bataque\w*|"
                r"\bangriff\w*|\bfrappe\w*",
    "aid": r"\baid\s+(?:to|for|package|shipment)|\bdonat\w+|\bhumanitarian\s+(?:aid|assistance)\s+(?:to|for)\b|\bayuda\s+a\b|\bhilfe\s+für\b",
    "agreement": r"\bagreed\b|\bagreement\b|\bsigned\b|\bdeal\b|\bacuerdo\b|\bvereinbar\w*|\babkommen\b|\baccord\b",
}
_COMPILED = {kind: re.compile(rx, re.I) for kind, rx in CUES.items()}


def of_sentence(sentence: str, guess: str) -> str:
    """The kind a sentence's cue words name, when exactly one kind is named; else the guess."""
    named = [kind for kind, rx in _COMPILED.items() if rx.search(sentence)]
    if guess in named or len(named) != 1:
        return guess
    return named[0]
