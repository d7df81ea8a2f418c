"""What kind of event a sentence reports, from its verbs, where the words leave no doubt.

The small model picks salient sentences well enough but labels them loosely (an official
"stressed that ... pressure from its allies" came back as diplomatic_contact). A kind
whose cue words (the lexicon's ``event.*``) are printed in the sentence beats the model's
label; where no cue or several kinds' cues appear, the model's label stands (reported speech
aside: see ``of_sentence``).
"""

from __future__ import annotations

from extractor.read import lexicon as lexicon_module

KINDS = ("pressure", "diplomatic_contact", "dispute", "statement", "military", "aid", "agreement")


def of_sentence(sentence: str, guess: str, lex: lexicon_module.Lexicon) -> str:
    """The kind a sentence's cue words name, when exactly one kind is named; else the guess.

    A cue inside a longer cue of another kind is that kind's ("could not reach an agreement" is a
    dispute, not an agreement). Reported speech is a statement: the model's "statement" stands
    against a cue inside what was said ("said there was no proof of the missile strikes"), and
    an "other" or a "diplomatic_contact" with no cue becomes one: an envoy who "told the members"
    or "warned" made a statement; a contact is named by its words ("met", "spoke with", "talks").
    """
    found = {kind: [m.span() for m in lex.regex(f"event.{kind}", r"\b{}").finditer(sentence)] for kind in KINDS}
    named = [kind for kind, spans in found.items() if spans and not all(
        any(a <= s and e <= b and (a, b) != (s, e) for other, more in found.items() if other != kind for a, b in more)
        for s, e in spans)]
    spoken = bool(lex.regex("speech.verb").search(sentence))
    if guess in named or len(named) > 1:
        return guess
    if not named:   # said, with no word of a meeting or a call: what was said is the event
        return "statement" if guess in ("other", "diplomatic_contact") and spoken else guess
    return guess if guess == "statement" and spoken else named[0]
