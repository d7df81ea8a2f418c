"""A plural subject that points back at the states named just before takes the sentence's position."""

import pytest

from extractor.read import lexicon, positions

LEX = lexicon.load()


@pytest.mark.parametrize("before, sentence, expected", [
    ("Russia and China have joined forces to block the inquiry.", "The two countries vetoed the draft on Friday.",
     [("RUS", "no"), ("CHN", "no")]),
    ("Rusia y China criticaron el texto.", "Ambas potencias votaron en contra del proyecto.", [("RUS", "no"), ("CHN", "no")]),
    ("Brasilien und Indien hatten Bedenken geäußert.", "Die beiden Länder enthielten sich.", [("BRA", "abstain"), ("IND", "abstain")]),
    ("La Russie et la Chine ont critiqué le projet.", "Les deux pays ont opposé leur veto.", [("RUS", "no"), ("CHN", "no")]),
])
def test_the_states_named_before_take_the_position_of_a_subject_that_points_back(before, sentence, expected):
    assert positions.by_anaphor(sentence, before, LEX) == expected


@pytest.mark.parametrize("before, sentence", [
    ("Russia and China criticised the draft.", "The three countries abstained."),          # the count disagrees
    ("Russia criticised the draft.", "Both countries voted against it."),                  # one state named
    ("Russia and China criticised the draft.", "Both countries said the text was unbalanced."),  # no vote cue
    ("Russia and China criticised the draft.", "France said the two countries vetoed it."),    # not the subject
])
def test_no_position_without_a_matching_count_a_vote_cue_and_the_subject(before, sentence):
    assert positions.by_anaphor(sentence, before, LEX) == []


def test_only_the_states_at_the_head_of_the_sentence_before_are_pointed_at():
    before = "Russia and China have united to block an inquiry into the war in Syria."
    assert positions.by_anaphor("The two countries vetoed the draft.", before, LEX) == [("RUS", "no"), ("CHN", "no")]
