"""A vote is read from its passage (its sentence until the next vote's), not from one sentence:
its count's parts, the list forms of UN reporting and who voted how, in every lexicon language."""

import dataclasses

import pytest

from extractor.passes import votes as votes_pass
from extractor.read import lexicon, reading as reading_module, tallies
from schemas import answers

LEX = lexicon.load()


@dataclasses.dataclass
class Article:
    text: str
    id: str = "test"
    date: str | None = "2030-05-02"


def settled(text: str, *sentences: int) -> list[dict]:
    reading = reading_module.read(Article(text))
    items = [answers.VoteItem.model_construct(s=n, body="general_assembly", symbol=None, subject="x")
             for n in sentences]
    return votes_pass.settle(reading, items)[1]


def counts(text):
    return [(x.yes, x.no, x.abstain) for x in tallies.tallies(text, LEX)]


def test_count_parts_from_the_next_sentences_of_the_passage():
    text = ("The Assembly adopted a text on ocean litter.\n\nIt passed by 120 votes to 9. "
            "There were 30 abstentions. Delegates then turned to the budget.")
    assert settled(text, 1)[0]["tally"] == {"yes": 120, "no": 9, "abstain": 30}


def test_a_count_before_the_vote_sentence_completes_the_first_vote():
    text = "Assembly backs ocean text 120-9-30 in vote\n\nThe Assembly adopted a text on ocean litter on Monday."
    assert settled(text, 2)[0]["tally"] == {"yes": 120, "no": 9, "abstain": 30}


def test_the_next_vote_and_a_disagreeing_count_stay_out_of_a_passage():
    text = ("The Assembly adopted a text on ocean litter by 120 votes to 9. A year earlier it had passed 101 to 12, "
            "with 40 abstentions. It then adopted a text on deserts by 88 votes to 20, with 11 abstentions.")
    first, second = settled(text, 1, 3)
    assert first["tally"] == {"yes": 120, "no": 9, "abstain": None}
    assert second["tally"] == {"yes": 88, "no": 20, "abstain": 11}


@pytest.mark.parametrize("text, expected", [
    ("Adopted by a recorded vote of 150 in favour to 4 against (Chile, Ghana, Norway, Peru, Italy, Japan, Kenya, "
     "Mexico, Nepal, Oman, Poland, Qatar, Spain, Sweden), with 9 abstentions (Fiji, Togo).", (150, 4, 9)),
    ("It passed with 30 votes in favour, 12 abstentions and only two against.", (30, 2, 12)),
    ("Fue aprobada con 30 votos a favor, 12 abstenciones y solo dos en contra.", (30, 2, 12)),
    ("Sie wurde mit 30 Ja-Stimmen, 12 Enthaltungen und nur zwei Nein-Stimmen angenommen.", (30, 2, 12)),
    ("Elle a été adoptée par 30 voix pour, 12 abstentions et seulement deux contre.", (30, 2, 12)),
])
def test_one_count_across_long_lists_and_only(text, expected):
    assert counts(text) == [expected]
