"""Each business rule of the output contract, on real sentences from the seed articles."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from extractor import articles
from extractor.read import countries, reading
from schemas import answers, extraction
from tests.conftest import SEEDS

TEXT = (SEEDS / "001_c514857093b5ae28.txt").read_text(encoding="utf-8")


def context(text: str, date: str | None = None) -> dict:
    """The validation context the passes give: the article's reading."""
    return reading.read(articles.Article("a", "a.txt", text, date, "0")).context


CTX = context(TEXT, "2025-02-26")
TALLY_SENTENCE = "The resolution passed by a wide majority of 93 to 18, with 65 abstentions."


def span_of(fragment: str) -> dict[str, int]:
    start = TEXT.index(fragment)
    return {"start": start, "end": start + len(fragment)}


def vote(**changes) -> dict:
    base = {"body": "general_assembly", "resolution": "L.10", "subject": "Ukraine", "date": "2025-02-24",
            "outcome": "adopted", "tally": {"yes": 93, "no": 18, "abstain": 65},
            "positions": [{"country": "Israel", "position": "no"}], "evidence": span_of(TALLY_SENTENCE)}
    return {**base, **changes}


def test_a_valid_vote_normalises_countries_to_iso3():
    v = extraction.Vote.model_validate(vote(positions=[{"country": "the United States", "position": "no"},
                                                       {"country": "Jerusalem", "position": "no"},
                                                       {"country": "United Arab Emirates", "position": "abstain"}]), context=CTX)
    assert [p.country for p in v.positions] == ["USA", "ISR", "ARE"]


def test_a_tally_number_not_printed_is_refused_with_the_numbers_that_are():
    with pytest.raises(ValidationError) as e:
        extraction.Vote.model_validate(vote(tally={"yes": 39, "no": 18, "abstain": 65}), context=CTX)
    message = str(e.value)
    assert "tally.yes=39 does not occur in the article" in message and "93" in message


def test_number_words_count_as_printed():
    text = "The draft was adopted by thirteen votes to two, with no abstentions."
    v = extraction.Vote.model_validate(vote(tally={"yes": 13, "no": 2, "abstain": None}, resolution=None,
                                            positions=[], evidence={"start": 0, "end": len(text)}),
                                       context=context(text))
    assert v.tally.yes == 13


def test_the_same_country_twice_in_one_vote_is_refused():
    with pytest.raises(ValidationError, match="listed twice"):
        extraction.Vote.model_validate(vote(positions=[{"country": "Israel", "position": "no"},
                                                       {"country": "Israeli", "position": "no"}]), context=CTX)


def test_more_listed_positions_than_the_tally_allows_is_refused():
    text = "The Council voted 13 to 1, with 1 abstention; Russia and China voted against."
    with pytest.raises(ValidationError, match="2 positions are 'no' but tally.no is 1"):
        extraction.Vote.model_validate(vote(resolution=None, tally={"yes": 13, "no": 1, "abstain": 1},
                                            positions=[{"country": "Russia", "position": "no"},
                                                       {"country": "China", "position": "no"}],
                                            evidence={"start": 0, "end": len(text)}),
                                       context=context(text))


def test_a_name_that_is_not_a_country_is_an_error_not_a_guess():
    with pytest.raises(ValidationError, match="not a recognised country"):
        extraction.Vote.model_validate(vote(positions=[{"country": "the Trump administration", "position": "no"}]), context=CTX)


@pytest.mark.parametrize("date, problem", [("2025-02-30", "not a valid calendar date"),
                                           ("2025-03-01", "later than the article date"),
                                           ("24 Feb 2025", "is not YYYY-MM-DD")])
def test_dates_are_real_and_not_after_the_article(date, problem):
    with pytest.raises(ValidationError, match=problem):
        extraction.Vote.model_validate(vote(date=date), context=CTX)


def test_partial_dates_compare_at_their_own_precision():
    assert extraction.Vote.model_validate(vote(date="2025-02"), context=CTX).date == "2025-02"
    assert extraction.Vote.model_validate(vote(date="2023"), context=CTX).date == "2023"


def test_a_resolution_symbol_must_be_printed():
    with pytest.raises(ValidationError, match="resolution 'A/ES-11/L.10' does not occur"):
        extraction.Vote.model_validate(vote(resolution="A/ES-11/L.10"), context=CTX)


def test_the_quote_span_is_computed_from_the_text_never_trusted():
    motive = extraction.QuotedMotive.model_validate(
        {"holder": "Israel", "speaker": "an unnamed Israeli official", "reason": "US pressure", "vote": 0,
         "quote": "There was a lot of pressure from the U.S., they really insisted",
         "span": {"start": 0, "end": 5}}, context=CTX)
    assert TEXT[motive.span.start:motive.span.end] == motive.quote and motive.span.start > 5
    assert motive.holder == "ISR"


def test_a_quote_matches_across_curly_and_straight_quotes_dashes_and_spaces():
    motive = extraction.QuotedMotive.model_validate(
        {"holder": "Israel", "speaker": "x", "reason": "y",
         "quote": "It \"wasn't easy for us ... We preferred to avoid this situation."}, context=CTX)
    assert "wasn’t easy for us" in TEXT[motive.span.start:motive.span.end]


def test_an_invented_quote_is_refused():
    with pytest.raises(ValidationError, match="does not occur verbatim"):
        extraction.QuotedMotive.model_validate(
            {"holder": "Israel", "speaker": "x", "reason": "y", "quote": "We had every choice"}, context=CTX)


def test_a_motive_must_point_at_an_existing_vote():
    with pytest.raises(ValidationError, match="not an index into votes"):
        extraction.Extraction.model_validate({"votes": [], "motives": [
            {"holder": "ISR", "speaker": "x", "reason": "y", "quote": "is not our position", "vote": 0}]}, context=CTX)


def test_validate_items_drops_only_what_breaks_a_rule_and_renumbers_vote_links():
    data = {"votes": [vote(tally={"yes": 39, "no": None, "abstain": None}), vote()],
            "motives": [{"holder": "ISR", "speaker": "x", "reason": "y", "quote": "is not our position", "vote": 1},
                        {"holder": "ISR", "speaker": "x", "reason": "y", "quote": "is not our position", "vote": 0}],
            "events": []}
    result, dropped = extraction.validate_items(data, CTX)
    assert len(result.votes) == 1 and [m.vote for m in result.motives] == [0, None]
    assert [d["kind"] for d in dropped] == ["vote"] and "tally.yes=39" in dropped[0]["rule"]


def test_gold_and_records_load_without_an_article():
    assert extraction.Extraction.model_validate({"votes": [vote()]}).votes[0].positions[0].country == "Israel"
    named = extraction.Extraction.model_validate({"votes": [vote()]}, context={"countries": countries.table()})
    assert named.votes[0].positions[0].country == "ISR"    # a country table alone turns names into codes


def test_answer_rules_point_the_model_at_what_the_article_offers():
    ctx = context(" ".join(f"Sentence number {n} is here." for n in range(1, 27)))
    with pytest.raises(ValidationError, match="sentence 141 does not exist; sentences are numbered 1 to 26"):
        answers.Votes.model_validate({"votes": [{"s": 141, "body": "general_assembly", "subject": "x"}]}, context=ctx)
    listed = {**ctx, "candidates": ["Q1", "Q4", "R1"]}
    with pytest.raises(ValidationError, match="'Q2' is not a listed passage; the ids are Q1, Q4, R1"):
        answers.Motives.model_validate({"motives": [{"q": "Q2", "holder": "ISR", "speaker": "x", "reason": "y"}]}, context=listed)
    with pytest.raises(ValidationError, match="pattern"):
        answers.Motives.model_validate({"motives": [{"q": "There was a lot of pressure", "holder": "ISR", "speaker": "x", "reason": "y"}]})
    twice = answers.Motives.model_validate({"motives": [{"q": "Q1", "holder": "ISR", "speaker": "x", "reason": "y"}] * 2}, context=listed)
    assert len(twice.items()) == 2  # a passage answered twice is not worth a re-ask; the first answer is used
    with pytest.raises(ValidationError, match="are the same; list each once"):
        answers.Events.model_validate({"events": [{"kind": "vote", "s": 3, "summary": "x"}] * 2}, context=ctx)


def test_answer_schemas_carry_caps_and_no_titles():
    schema = answers.Events.model_json_schema()
    assert schema["properties"]["events"]["maxItems"] == 8 and "title" not in schema["properties"]["events"]
    assert schema["$defs"]["EventItem"]["properties"]["summary"]["maxLength"] == 90


def test_a_sentence_number_is_refused_when_the_article_has_no_numbered_sentence():
    text = "Vote on Haiti\n"
    article = articles.Article("a", "a.txt", text, None, "0" * 64)
    r = reading.read(article)
    r.sentences.clear()                         # everything was furniture: nothing the model may point at
    with pytest.raises(ValidationError, match="no numbered sentences"):
        answers.Votes.model_validate({"votes": [{"s": 4, "body": "other", "subject": "x"}]}, context=r.context)
