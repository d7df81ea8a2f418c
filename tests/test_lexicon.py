"""The cue words are data (extractor/read/lexicon/*.toml): every language defines every concept,
and a word added to a lexicon file changes what is read, with no code edit."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest

from extractor import articles
from extractor.read import lexicon, reading

SLOTS = {"gap": r"(?:\w+\s+){0,3}?", "n": r"\d+"}


def test_every_language_defines_every_concept():
    files = {lang: lexicon._flatten(tomllib.loads((lexicon.FOLDER / f"{lang}.toml").read_text(encoding="utf-8")))
             for lang in lexicon.LANGUAGES}
    concepts = set().union(*files.values())
    assert len(concepts) > 90
    missing = {lang: sorted(concepts - set(table)) for lang, table in files.items() if concepts - set(table)}
    assert missing == {}


def test_every_word_list_compiles_and_every_table_holds_numbers():
    lex = lexicon.load()
    for concept in lex.names():
        values = [lex.concepts[lang][concept] for lang in lex.languages]
        if all(isinstance(v, dict) for v in values):
            assert all(isinstance(n, int) for v in values for n in v.values()), concept
        else:
            re.compile(lex.alt(concept, **SLOTS), re.I)      # raises on a broken entry, naming nothing else


def test_a_missing_concept_is_named_with_its_file(tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon.FOLDER, folder)
    de = folder / "de.toml"
    de.write_text(de.read_text(encoding="utf-8").replace("put_off = ", "postponed = ", 1), encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match=r"de\.toml has no concept 'vote\.put_off'"):
        lexicon.Lexicon(folder).entries("vote.put_off")


def read(text: str, lex: lexicon.Lexicon) -> reading.Reading:
    return reading.read(articles.Article("t", "t.txt", text, "2025-03-14", "0"), lex)


def test_a_cue_word_added_to_a_lexicon_changes_the_reading_without_a_code_edit(tmp_path):
    text = "UN demands aid for Sudan\n\nThe Assembly adopted the text by 120 votes to 9. Hungary sat out the vote.\n"
    assert read(text, lexicon.load()).stated == {}                      # "sat out" is no cue today
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon.FOLDER, folder)
    en = folder / "en.toml"
    en.write_text(en.read_text(encoding="utf-8").replace("absent = [", r"absent = ['sat\s+out\s+the\s+vote', ", 1),
                  encoding="utf-8")
    changed = read(text, lexicon.Lexicon(folder))
    assert changed.stated == {3: [("HUN", "absent")]}
    assert read(text, lexicon.load()).stated == {}                      # the shipped lexicon is untouched


@pytest.mark.parametrize("text, language", [
    ("The council met on Monday and the envoy said that it was time for the vote.", "en"),
    ("El consejo votó el lunes y el embajador dijo que su país apoya la resolución por una razón clara.", "es"),
    ("Der Rat stimmte am Montag ab, und die Botschafterin sagte, dass sich ihr Land nicht enthalten werde.", "de"),
    ("Le conseil a voté lundi et la France, qui soutient le texte, est pour une solution dans la région.", "fr"),
])
def test_an_articles_language_is_told_by_its_common_words(text, language):
    lex = lexicon.load()
    assert lexicon.language_of(text, lex) == language
    assert lexicon.for_text(text).languages == tuple(dict.fromkeys(("en", language)))


def test_a_text_too_short_or_mixed_to_tell_is_read_in_every_language():
    for text in ("UN vote: 12-3-0", "El voto del consejo: the vote of the council."):
        assert lexicon.language_of(text, lexicon.load()) is None
        assert lexicon.for_text(text).languages == lexicon.LANGUAGES


def test_a_cue_of_another_language_is_no_cue_in_an_article():
    # German "ja" (yes) is a name's first letters in English copy
    english = "Syria's envoy Bashar Ja'afari said that the draft was biased and that the vote was a farce."
    assert lexicon.load().regex("tally.yes").search(english)
    assert not lexicon.for_text(english).regex("tally.yes").search(english)
