"""Cue words as data: one TOML file per language in ``read/lexicon/``, grouped by the concept they signal.

Rules name a concept ("vote.no", "outcome.adopted"); the files hold its words, so adding a
language or a missing phrase is an edit to a data file, not to a regex in code. An entry is a
word or phrase written as a regular-expression fragment, matched case-insensitively: most are
plain words, some spell out inflections ("abstain(?:ed|ing|s)?"), and a few carry a slot in
angle brackets (``<gap>``, ``<n>``) that the rule using them fills in. A concept's entries are
joined in language order (en, es, de, fr), each language's in the order written. A few
concepts are tables (number words and month names to their values).

Every language file defines every concept, with an empty list where a language has no such
word yet (``tests/test_lexicon.py`` checks this), so a missing concept is found at load time.

An article is read with English and its own language only (``for_text``), so a word of one
language is never a cue in another: French "report[ée]" (postponed) matched English "reported",
and a German or French cue made a Spanish ceasefire offer "pressure". English is always in: the
model answers in English ("the United States" is normalised by the ``country.*`` concepts), the
injection phrases are English, and some English entries are written broadly enough to read the
other languages too ("vot\\w*" also finds "votación" and "voté"; measured on dev, a French article
read without English lost its veto).
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "lexicon"
LANGUAGES = ("en", "es", "de", "fr")
NEVER = "(?!)"   # what an empty concept matches: nothing
# concepts read in every language, whatever the article's: an instruction to the model is caught
# in whichever language it is slipped in
EVERY = ("injection.",)


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable, or lacks a concept another language defines."""


class Lexicon:
    """The cue words of ``languages`` (every file is read, so each is checked to define every
    concept), and the regexes built from them, compiled once per lexicon."""

    def __init__(self, folder: Path = FOLDER, languages: tuple[str, ...] = LANGUAGES) -> None:
        self.folder = Path(folder)
        self.languages = languages
        self.concepts: dict[str, dict[str, Any]] = {}
        for lang in LANGUAGES:
            path = self.folder / f"{lang}.toml"
            try:
                self.concepts[lang] = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise LexiconError(f"lexicon {path}: {e}") from None
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def names(self) -> set[str]:
        """Every concept any language defines."""
        return {name for table in self.concepts.values() for name in table}

    def _per_language(self, concept: str) -> list[Any]:
        values = []
        for lang in LANGUAGES if concept.startswith(EVERY) else self.languages:
            if concept not in self.concepts[lang]:
                raise LexiconError(f"lexicon {self.folder / (lang + '.toml')} has no concept {concept!r}")
            values.append(self.concepts[lang][concept])
        return values

    def entries(self, concept: str) -> list[str]:
        """The concept's entries in every language, in language order."""
        return [entry for entries in self._per_language(concept) for entry in entries]

    def words(self, concept: str) -> set[str]:
        """The entries as a set of lower-case words (for membership tests, not regexes)."""
        return {entry.lower() for entry in self.entries(concept)}

    def table(self, concept: str) -> dict[str, int]:
        """A table concept (word -> value), merged over the languages."""
        merged: dict[str, int] = {}
        for table in self._per_language(concept):
            merged.update(table)
        return merged

    def alt(self, concept: str, **slots: str) -> str:
        """The entries as one alternation ``(?:a|b|c)``, slots filled; an empty concept matches nothing."""
        entries = self.entries(concept)
        if not entries:
            return NEVER
        joined = "|".join(entries)
        for name, value in slots.items():
            joined = joined.replace(f"<{name}>", value)
        return f"(?:{joined})"

    def compile(self, pattern: str, flags: int = re.I) -> re.Pattern[str]:
        """A pattern built from this lexicon's alternations, compiled once."""
        key = (pattern, flags)
        if key not in self._compiled:
            self._compiled[key] = re.compile(pattern, flags)
        return self._compiled[key]

    def regex(self, concept: str, template: str = r"\b{}\b", flags: int = re.I, **slots: str) -> re.Pattern[str]:
        """The concept's alternation put into ``template`` at ``{}`` and compiled."""
        return self.compile(template.replace("{}", self.alt(concept, **slots)), flags)


def _flatten(node: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested TOML tables to dotted concept names; a table of numbers is itself a concept."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and all(isinstance(v, int) for v in value.values()):
            out[name] = value
        elif isinstance(value, dict) and value:
            out.update(_flatten(value, name + "."))
        elif isinstance(value, dict):
            out[name] = {}
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[name] = value
        else:
            raise LexiconError(f"concept {name!r}: a list of strings or a table of numbers, not {value!r}")
    return out


@functools.cache
def load(folder: Path = FOLDER, languages: tuple[str, ...] = LANGUAGES) -> Lexicon:
    """The lexicon in ``folder`` (the shipped one by default) for ``languages``, read once."""
    return Lexicon(Path(folder), languages)


LEAD = 2   # the article's language has at least this many times the common words of the next one


def language_of(text: str, lex: Lexicon) -> str | None:
    """The language whose common words (``language.common``) the text uses most, when it leads
    the next one clearly; None for a text too short or too mixed to tell."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {}
    for lang in lex.languages:
        common = {c.lower() for c in lex.concepts[lang]["language.common"]}
        counts[lang] = sum(w in common for w in words)
    ranked = sorted(counts, key=counts.__getitem__, reverse=True) + [None]
    if ranked[0] is None:
        return None
    second = counts[ranked[1]] if ranked[1] else 0
    return ranked[0] if counts[ranked[0]] >= LEAD * max(second, 1) else None


def for_text(text: str, folder: Path = FOLDER) -> Lexicon:
    """The lexicon an article is read with: English and the article's language; every language
    when the language cannot be told."""
    lang = language_of(text, load(folder))
    if lang is None:
        return load(folder)
    return load(folder, tuple(dict.fromkeys(("en", lang))))
