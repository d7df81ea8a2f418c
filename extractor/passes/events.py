"""The events pass: the votes of the article's time are events by rule; the model adds the others.

Shown: the numbered article and the sentences of the votes already found. Answered:
``answers.Events`` (kind, sentence, summary, actors). Settled: the sentence is aligned with
the summary, the kind is taken from cue words where they leave no doubt (``read.kinds``),
and events the votes already give, headline summaries and votes never held are dropped.
What a state's official says is an event of its own (gold records officials' reactions as
statements); the model lists few of them, so the sentences where one speaks are added by rule.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.passes import ballots, votes as votes_pass
from extractor.read import dates, kinds, outcomes, reading as reading_module, speakers, text as textrules
from schemas import answers

PROMPT = "events"
ANSWER = answers.Events
MAX_TOKENS = 700
MOST = 5                # events besides the votes, at most: news tells the most salient first (SPEC §3: 2–8)
SCHEMA_SHOWN = False  # as for motives
Reading = reading_module.Reading


def shown(kept: list[answers.VoteItem]) -> dict[str, str]:
    listed = ", ".join(str(v.s) for v in kept)
    return {"votes": f"sentences {listed}" if listed else "none"}


def settle(reading: Reading, voted: list[dict[str, Any]], items: list[answers.EventItem]) -> list[dict[str, Any]]:
    told = other_events(reading, voted, [build_event(reading, item) for item in items])
    taken = {reading.number(e["evidence"]["start"]) for e in voted + told}
    added = spoken(reading, taken)
    at = taken | {reading.number(e["evidence"]["start"]) for e in added}
    told, added = ([e for e in events if not goes_on(reading, e, at)] for events in (told, added))
    return voted + told + added[:max(0, MOST - len(told))]


def goes_on(reading: Reading, event: dict[str, Any], at: set[int]) -> bool:
    """A statement whose sentence opens on a pronoun speaking ("She then said ...", "He said “…”") right
    after another event's sentence goes on with that speaker's statement: one event, not two."""
    n = reading.number(event["evidence"]["start"]) or 1
    lex = reading.lexicon
    opens = lex.compile(rf"^\W*(?:{lex.alt('speaker.pronoun')})\s+(?:\w+\s+){{0,2}}?(?:{lex.alt('speech.verb')})\b")
    return event["kind"] in ("statement", "dispute") and n - 1 in at and bool(opens.match(reading.sentence(n)))


def spoken(reading: Reading, taken: set[int]) -> list[dict[str, Any]]:
    """Events by rule, in the article's order: each sentence not already an event (a headline too:
    "Russian envoy says ...") where a state's official, delegation or government (``speakers.officials``),
    or the state itself as the sentence's subject (``state_speaking``), speaks or declares a stance
    (``speech.verb``, ``speech.stance``), or that names a quarrel between states as such ("the vote
    caused a rift between Chile and Peru"). Measured on the tuned sets (seeds, dev, tune), 24 of
    the 41 events it adds are gold events, more than of the model's own. A statement (a quarrel a
    dispute), unless cue words outside what was said name another kind (``read.kinds``)."""
    lex = reading.lexicon
    said = kinds.said(lex)
    quarrel = lex.regex("event.quarrel", r"\b{}")
    upcoming = lex.regex("event.upcoming", r"\b{}")
    events = []
    for n in range(1, reading.sentence_count + 1):
        sentence = reading.sentence(n)
        if n in taken or sentence.rstrip().endswith("?"):     # the writer's question reports nothing said
            continue
        if (verb := said.search(sentence)) and (officials := speakers.officials(sentence, lex)):
            guess, actors = "statement", [code for _, code in officials]
        elif verb and (state := state_speaking(reading, sentence, said)):
            guess, actors = "statement", [state]
        elif quarrel.search(sentence) and (named := reading.countries.mentions(sentence)):
            guess, actors = "dispute", [code for _, _, code in named]
        elif upcoming.search(sentence) and not textrules.question(sentence):
            guess, actors = "other", [code for _, _, code in reading.countries.mentions(sentence)]
        else:
            continue
        words = " ".join(sentence.split())
        # a step to come is no meeting held nor a statement made, whatever its words ("will meet", "said it would vote")
        events.append({"kind": guess if guess == "other" else kinds.of_sentence(sentence, guess, lex),
                       "summary": words if len(words) <= 90 else words[:90].rsplit(" ", 1)[0] + " …",
                       "date": reading.dated.get(n), "actors": list(dict.fromkeys(actors)),
                       "evidence": reading.span(n)})
    return events


def state_speaking(reading: Reading, sentence: str, said: re.Pattern[str]) -> str | None:
    """The state that opens the sentence as the subject of its speech verb ("Chile complained of
    pressure", "Perú dijo que ..."); not when someone else is the source between them ("Washington,
    two diplomats said, ...", "..., but a radio station said") or the sentence opens inside a quote."""
    lex = reading.lexicon
    named = reading.countries.mentions(sentence)
    if not named:
        return None
    start, end, code = named[0]
    head = lex.compile(rf"^\s*(?:(?:{lex.alt('country.article')})\s+|{lex.alt('country.elision')})?$")
    if not head.match(sentence[:start]) or sentence[end:end + 1] in ("-", "‑") \
            or reading.countries.is_adjective(sentence[start:end]):
        return None     # not the subject, or an adjective: "The U.S.-backed draft emphasized ..."
    verb = said.search(sentence, end)
    if not verb or lex.regex("speech.via").fullmatch(verb.group()):
        return None
    others = lex.compile(rf"\b(?:{lex.alt('speaker.official')}|{lex.alt('position.boundary')})\b")
    return None if others.search(sentence, end, verb.start()) else code


def vote_events(reading: Reading, evidence: list[int], votes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The votes of the article's own time are its events, and so is a lede that reports one, and
    so are batches of texts (``batches``).

    An earlier vote told in a sentence of its own ("In March 2019, the Council adopted resolution 12/7")
    is a happening the story recounts; one it only recalls in passing ("identical to one passed
    in 2019") is background. The lede is the first full sentence after the headline line, and it
    counts when it reports a result or who voted how.
    """
    article_month = (reading.date or "")[:7] or None
    current = [s for s, v in zip(evidence, votes) if dates.same_time(v["date"], article_month)]
    current += [s for s, v in zip(evidence, votes) if s not in current and _alone(reading, s, v, votes)]
    if current and (lede := reading.lede) and lede < min(evidence) and reports_vote(reading, lede):
        # the lede tells the first vote, whose own sentence (its count, further on) is then no second event;
        # a lede that sums up a batch of texts ("approved 16 draft resolutions") tells the batch, not the vote
        first = min(evidence)
        current = [lede] + [n for n in current if n != first or ballots.batch(reading, lede)]
    events = []
    for n in dict.fromkeys(current):
        vote = votes[votes_pass.nearest_vote(n, evidence)]
        events.append({"kind": "vote", "summary": f"{vote['body'].replace('_', ' ')} vote: {vote['subject']}",
                       "date": reading.dated.get(n), "actors": [], "evidence": reading.span(n)})
    return events + batches(reading, set(current) | set(evidence))


def batches(reading: Reading, taken: set[int]) -> list[dict[str, Any]]:
    """A batch of texts acted on together ("It also adopted three resolutions on ...", "Six further drafts
    approved without a vote"), or texts listed by their subjects only ("the adoption of resolutions on water and
    deserts"), is a vote event and no vote (SPEC §3, GOLD_NOTES); the headline line sums up, so not there."""
    lex = reading.lexicon
    listed = lex.compile(rf"\b(?:{lex.alt('event.adoption_of')})\s+(?:{lex.alt('event.batch')})"
                         rf"\s+(?:{lex.alt('event.batch_subject')})\b")
    return [{"kind": "vote", "summary": " ".join(reading.sentence(n).split()[:12]), "date": reading.dated.get(n),
             "actors": [], "evidence": reading.span(n)}
            for n in range(2, reading.sentence_count + 1)
            if n not in taken and (ballots.batch(reading, n) and outcomes.cue(reading.sentence(n), lex)
                                   or listed.search(reading.sentence(n)))]


def _alone(reading: Reading, n: int, vote: dict[str, Any], votes: list[dict[str, Any]]) -> bool:
    """The sentence states the vote's result, lies in no other vote's evidence and compares it with
    no other text ("another text passed in 2019")."""
    start, sentence, lex = reading.sentences[n - 1].start, reading.sentence(n), reading.lexicon
    inside = any(other is not vote and other["evidence"]["start"] <= start < other["evidence"]["end"] for other in votes)
    return not inside and bool(outcomes.cue(sentence, lex)) and not lex.regex("vote.another").search(sentence)


def other_events(reading: Reading, voted: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The model's events, less those the votes already give, those it pinned on the headline
    (which sums up the story rather than reporting an event) and votes no sentence reports as held."""
    taken = {reading.number(e["evidence"]["start"]) for e in voted}
    kept = []
    for e in events:
        n = reading.number(e["evidence"]["start"])
        if n in taken or (e["evidence"]["start"] < reading.headline_end and not reading.headless) \
                or _furniture(reading.sentence(n)):
            continue
        if e["kind"] == "vote" and (not ballots.reports(reading, n) or (voted and _detail(reading, n))):
            continue
        taken.add(n)
        kept.append(e)
    return kept


def _furniture(sentence: str) -> bool:
    """A dateline, a time stamp or a byline ("Ginebra.", "11:30 AM, Monday, 3 March 2025"): no word in
    lowercase, so no verb tells anything happening ("Chile abstained." has one)."""
    return not re.search(r"\b[a-zà-öø-ÿß]{3,}\b", sentence)


def _detail(reading: Reading, n: int) -> bool:
    """Who voted how, or the count, with no result of its own: a detail of a vote already told."""
    return not outcomes.cue(reading.sentence(n), reading.lexicon) and bool(reading.stated.get(n) or ballots.counted(reading, n))


def reports_vote(reading: Reading, n: int) -> bool:
    """A lede reports the vote when it states a result, who voted how, or names the text voted on
    ("failed to adopt a resolution"); a vote it only mentions ("spoke before the vote") is not enough."""
    sentence, lex = reading.sentence(n), reading.lexicon
    return bool(outcomes.cue(sentence, lex) or any(p != "absent" for _, p in reading.stated.get(n, []))
                or lex.regex("reason.document").search(sentence))


def build_event(reading: Reading, item: answers.EventItem) -> dict[str, Any]:
    """The model's event on its aligned sentence, of the kind its words name; an event of no other
    kind whose sentence reports a vote ("Chile abstained and the draft failed") is a vote."""
    s = align(reading, item.s, item.summary)
    kind = item.kind if item.kind == "vote" else kinds.of_sentence(reading.sentence(s), item.kind, reading.lexicon)
    if kind == "other" and ballots.reports(reading, s):
        kind = "vote"
    return {"kind": kind, "summary": item.summary, "date": reading.dated.get(s),
            "actors": item.actors, "evidence": reading.span(s)}


def align(reading: Reading, s: int, summary: str) -> int:
    """The sentence the summary describes: the model's number is often one or two off."""
    words = _words(summary)
    if not words:
        return s
    nearby = range(max(1, s - 3), min(len(reading.sentences), s + 3) + 1)
    score = {n: len(words & _words(reading.sentence(n))) / len(words) for n in nearby}
    best = max(score, key=lambda n: (score[n], -abs(n - s)))
    return best if score[best] >= score.get(s, 0) + 0.25 else s


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w{4,}", text)}
