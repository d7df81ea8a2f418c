"""What kind of event a sentence reports, from its verbs, where the words leave no doubt.

The small model picks salient sentences well enough but labels them loosely (an official
"emphasized that ... pressure from Washington" came back as diplomatic_contact). A kind
whose cue words (the lexicon's ``event.*``) are printed in the sentence beats the model's
label; where no cue or several kinds' cues appear, the model's label stands.
"""

from __future__ import annotations

from extractor.read import lexicon as lexicon_module

KINDS = ("pressure", "diplomatic_contact", "dispute", "statement", "military", "aid", "agreement")


def of_sentence(sentence: str, guess: str, lex: lexicon_module.Lexicon) -> str:
    """The kind a sentence's cue words name, when exactly one kind is named; else the guess."""
    named = [kind for kind in KINDS if lex.regex(f"event.{kind}", r"\b{}").search(sentence)]
    if guess in named or len(named) != 1:
        return guess
    return named[0]
