"""Zero-width characters and soft hyphens inside numbers and words never change a value (issue 12 item 6).

They stay in Article.text (SPEC §2: offsets index the text as read); the reading looks through them.
"""

from __future__ import annotations

import pytest

from extractor import articles
from extractor.read import lexicon, numbers, reading as reading_module, tallies, text

LEX = lexicon.load()
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("mark", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_a_number_with_an_invisible_character_inside_keeps_its_value(mark: str):
    sentence = f"The Assembly adopted it by 1{mark}20 votes to 1{mark}4, with 4{mark}5 abstentions."
    found = {value: sentence[s:e] for s, e, value in numbers.spans(sentence, LEX)}
    assert found[120] == f"1{mark}20" and 20 not in found and 1 not in found     # "1\u200b20" is not 20
    (count,) = tallies.tallies(sentence, LEX)
    assert (count.yes, count.no, count.abstain) == (120, 14, 45)


def test_number_words_with_a_soft_hyphen_are_read():
    sentence = "It passed with twen\u00adty-three votes in favour and thir\u200bteen against."
    assert [(sentence[s:e], v) for s, e, v in numbers.spans(sentence, LEX)] == [
        ("twen\u00adty-three", 23), ("thir\u200bteen", 13)]


@pytest.mark.parametrize("sentence, count, printed", [
    ("It was adopted by 99 votes to 7, with 12 absten\u00adtions.", (99, 7, 12),
     "99 votes to 7, with 12 absten\u00adtions"),
    ("Angenommen mit 99 Ja-Stim\u00admen bei 7 Gegen\u00adstimmen und 12 Ent\u00adhaltungen.", (99, 7, 12),
     "99 Ja-Stim\u00admen bei 7 Gegen\u00adstimmen und 12 Ent\u00adhaltungen"),
])
def test_cue_words_with_a_soft_hyphen_are_read_and_offsets_cover_the_printed_count(sentence, count, printed):
    (found,) = tallies.tallies(sentence, LEX)
    assert (found.yes, found.no, found.abstain) == count
    assert sentence[found.start:found.end] == printed


def test_a_quote_copied_without_the_soft_hyphen_is_found_at_its_printed_offsets():
    article = "He said \u201cwe can\u00adnot reward\u200b aggression\u201d on Monday."
    start, end = text.find(article, "we cannot reward aggression")
    assert article[start:end] == "we can\u00adnot reward\u200b aggression"


def test_the_article_text_keeps_the_characters_and_the_reading_sees_the_count(tmp_path):
    printed = "The General Assembly adopted the resolution by 1\u200b20 votes to 14, with 45 abstentions.\n"
    (tmp_path / "a.txt").write_text(printed)
    (article,) = articles.load(tmp_path)
    assert article.text == printed                                  # nothing removed (SPEC §2)
    reading = reading_module.read(article)
    assert [(t.yes, t.no, t.abstain) for t in reading.tallies] == [(120, 14, 45)]
