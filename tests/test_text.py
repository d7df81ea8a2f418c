"""Text normalisation (extractor/read/text.py), number words (read/numbers.py) and counts (read/tallies.py)."""

import pytest

from extractor.read import lexicon, numbers, tallies, text as t
from schemas import extraction

LEX = lexicon.load()


def numbers_in(text: str) -> set[int]:
    return tallies.numbers_in(text, tallies.tallies(text, LEX), LEX)


def numbers_near(text: str, kind: str) -> list[int]:
    return tallies.numbers_near(tallies.tallies(text, LEX), kind)

SEED2 = "The resolution passed by a wide majority of 93 to 18, with 65 abstentions."
SEED1 = "The measure ended up passing by a vote of 87 in favor, 26 against, with 53 abstentions."


def test_normalise_typography_and_whitespace():
    assert t.normalise("“It came” — ‘all’ \n\t levels…  «oui» „ja“") == "\"It came\" - 'all' levels... \"oui\" \"ja\""


def test_find_ignores_quotes_dashes_whitespace_and_returns_original_offsets():
    text = "It “wasn’t easy for us … We preferred to avoid this situation.\nWe had no choice”"
    span = t.find(text, '"wasn\'t easy for us ... We preferred to avoid this situation. We had no choice."')
    assert span is not None
    assert text[span[0]:span[1]] == "wasn’t easy for us … We preferred to avoid this situation.\nWe had no choice"


def test_find_case_fallback_first_occurrence_and_misses():
    text = "The official emphasized that the vote “is not our position.” Is Not Our Position."
    assert t.find(text, "is not our position.") == (text.index("is not"), text.index("is not") + 19)
    s, e = t.find(text, "IS NOT OUR POSITION")
    assert text[s:e] == "is not our position"          # exact-case match would also do; first occurrence wins
    assert t.find(text, "") is None and t.find(text, ' " ') is None
    assert t.find(text, "our stance") is None


@pytest.mark.parametrize("token,value", [
    ("93", 93), ("1,234", 1234), ("1.234", 1234), ("one", 1), ("zero", 0), ("eighteen", 18),
    ("sixty-five", 65), ("sixty five", 65), ("one hundred ninety-nine", 199), ("a hundred and three", 103),
    ("noventa y tres", 93), ("dieciocho", 18), ("sesenta y cinco", 65), ("ciento noventa y nueve", 199),
    ("veintitrés", 23), ("dreiundneunzig", 93), ("achtzehn", 18), ("fünfundsechzig", 65), ("null", 0),
    ("hundertdreiundneunzig", 193), ("quatre-vingt-treize", 93), ("dix-huit", 18), ("soixante-cinq", 65),
    ("soixante et onze", 71), ("quatre-vingt-dix-neuf", 99), ("vingt et un", 21), ("deux cents", 200),
])
def test_parse_number(token, value):
    assert numbers.parse(token, LEX) == value


@pytest.mark.parametrize("token", ["a", "", "three twenty", "sixty sixty", "resolution", "1.5", "and"])
def test_parse_number_rejects(token):
    assert numbers.parse(token, LEX) is None


def test_numbers_in_digits_words_and_multiword():
    text = ("By a vote of ninety-three to eighteen, with sesenta y cinco abstentions; "
            "dreiundneunzig dafür, soixante-cinq contre; 75% of 1,234 measures in 2023.")
    assert {93, 18, 65, 75, 1234, 2023} <= numbers_in(text)
    assert 90 not in numbers_in(text) and 60 not in numbers_in(text)


def test_numbers_in_counts_explicit_zero_but_not_articles():
    assert 0 in numbers_in("12 votes in favour, none against and three abstentions")
    assert 1 not in numbers_in("Un vote a eu lieu; ein Antrag wurde gestellt.")
    assert 1 in numbers_in("mit 14 Ja-Stimmen und eine Enthaltung")   # an article read as a count


def test_numbers_near_seed_sentences():
    assert numbers_near(SEED2, "yes") == [93]
    assert numbers_near(SEED2, "no") == [18]
    assert numbers_near(SEED2, "abstain") == [65]
    assert numbers_near(SEED1, "abstain") == [53]
    both = SEED1 + " " + SEED2 + " It is identical to a measure passed with 141 votes in February 2023."
    assert numbers_near(both, "yes") == [87, 93, 141]


def test_numbers_near_multilingual_and_negative():
    assert numbers_near("con 93 votos a favor, 18 en contra y 65 abstenciones", "no") == [18]
    assert numbers_near("mit 93 Ja-Stimmen, 18 Gegenstimmen und 65 Enthaltungen", "abstain") == [65]
    assert numbers_near("par 93 voix pour, 18 contre et 65 abstentions", "yes") == [93]
    assert numbers_near("Ukraine has voted against Israel on 75% of all measures", "no") == []
    assert extraction.CUE_WORDS == {"yes": "in favour", "no": "against", "abstain": "abstentions"}
