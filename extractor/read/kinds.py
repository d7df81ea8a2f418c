"""What kind of event a sentence reports, from its verbs, where the words leave no doubt.

The small model picks salient sentences well enough but labels them loosely (an official
"stressed that ... pressure from its allies" came back as diplomatic_contact). A kind
whose cue words (the lexicon's ``event.*``) are printed in the sentence beats the model's
label; where no cue or several kinds' cues appear, the model's label stands (reported speech
aside: see ``of_sentence``).
"""

from __future__ import annotations

import re

from extractor.read import countries, lexicon as lexicon_module

KINDS = ("pressure", "diplomatic_contact", "dispute", "statement", "military", "aid", "agreement", "vote")
# kinds that stay themselves when reported: "the envoy said Washington had pressed Kyiv to vote against"
# is pressure, and "Ghana decided to abstain, an official said" a state's vote
TOLD = ("pressure", "vote")
# a quarrel named as such ("a rift between Chile and Peru") is a dispute
CUES = {kind: (f"event.{kind}", "event.quarrel") if kind == "dispute" else (f"event.{kind}",) for kind in KINDS}


def of_sentence(sentence: str, guess: str, lex: lexicon_module.Lexicon) -> str:
    """The kind a sentence's cue words name, when exactly one kind is named; else the guess.

    A cue whose subject is a document tells what the text says, not what a state did ("the draft
    urged the government to ...", "la resolución ... amenaza la soberanía"). A cue inside a longer
    cue of another kind is that kind's ("could not reach an agreement" is a dispute, not an
    agreement). Reported speech is a statement: the model's "statement" stands against a cue inside
    what was said ("said there was no proof of the missile strikes"), unless the cue is pressure or
    a state's decision on its vote (``TOLD``); a cue before any verb of saying, or after a stance
    only ("declared the envoy persona non grata", "resisted the plan, though accused of ..."), is
    not inside what was said; and an "other" or a "diplomatic_contact" with no cue
    becomes one: an envoy who "told the members" or "warned" made a statement. A contact is named
    by its words ("met", "spoke with", "talks"): with none of them and no speech it is "other" (on
    the tuned sets, none of the 20 model contacts that named no such word was a contact).
    """
    found = {kind: [m.span() for concept in CUES[kind] for m in lex.regex(concept, r"\b{}").finditer(sentence)
                    if not _documents(sentence, m.start(), lex)] for kind in KINDS}
    named = [kind for kind, spans in found.items() if spans and not all(
        any(a <= s and e <= b and (a, b) != (s, e) for other, more in found.items() if other != kind for a, b in more)
        for s, e in spans)]
    spoken = bool(said(lex).search(sentence))
    if guess in named or len(named) > 1:
        return guess
    if not named:   # said, with no word of a meeting or a call: what was said is the event
        if guess in ("other", "diplomatic_contact") and spoken:
            return "statement"
        return "other" if guess == "diplomatic_contact" else guess
    # the cue inside what was said: after a verb of saying, not after a stance ("declared him persona non grata")
    says = [m.end() for m in lex.regex("speech.verb").finditer(sentence)]
    inside = bool(says) and all(s >= says[0] for s, _ in found[named[0]])
    return guess if guess == "statement" and inside and named[0] not in TOLD else named[0]


def said(lex: lexicon_module.Lexicon) -> re.Pattern[str]:
    """Someone speaks or declares a stance: a speech verb ("said", "dijo") or a stance ("denied", "beklagte")."""
    return lex.compile(rf"\b(?:{lex.alt('speech.verb')}|{lex.alt('speech.stance')})\b")


def _documents(sentence: str, cue: int, lex: lexicon_module.Lexicon) -> bool:
    """A document's word ends the stretch before the cue, a few words back with no clause mark and no
    state between ("after the resolution Russia condemned ..." is Russia's act)."""
    m = lex.regex("reason.document", r'\b{}\b(?P<rest>(?:\s+[^\s,;:]+){0,6}?\s+[“"«„]?)$').search(sentence[max(0, cue - 80):cue])
    return bool(m) and not countries.table(lex).mentions(m.group("rest"))
