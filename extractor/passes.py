"""Read one article in focused passes (votes, motives, events) and assemble the Extraction.

All passes share one system message holding the article, so the embedded server's prompt
cache reads the article once per article. The model answers with sentence numbers and quote
ids; numbers, polarity, dates and spans come from rules over the text (``reading``), which
the model is poor at and rules are exact at.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pydantic

from extractor import articles, ballots, bodies, checks, dates, errors, kinds, prompts, reading as reading_module
from extractor.llm import client as llm
from schemas import answers, countries, extraction

MAX_TOKENS = {"votes": 600, "motives": 600, "events": 700}
P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}
Reading = reading_module.Reading


@dataclasses.dataclass
class Result:
    extraction: extraction.Extraction
    dropped: list[dict[str, Any]]
    call: llm.Call


def extract(article: articles.Article, client: llm.Client) -> Result:
    """Run the passes; items that still break a rule after the last re-ask are dropped, not kept."""
    reading = reading_module.read(article)
    call = llm.Call()
    system = {"role": "system", "content": prompts.render(
        "system", date=article.date or "unknown", article=reading_module.render(reading))}
    dropped: list[dict[str, Any]] = []

    def ask(name: str, model: type[answers.Answer], context: dict[str, Any], **values: str) -> list[Any]:
        messages = [system, {"role": "user", "content": prompts.render(name, **values)}]
        call.tag = f"{article.id}:{name}"
        try:
            answer = client.ask(messages=messages, response_model=model, context=context,
                                max_tokens=MAX_TOKENS[name], call=call)
        except errors.ValidationFailed as e:
            items, lost = salvage(model, e.last_raw, context)
            if items is None:
                raise
            dropped.extend(lost)
            return items
        return answer.items()

    votes = ballots.settle(reading, ask("votes", answers.Votes, reading.context, hints=reading_module.vote_hints(reading)))
    vote_dicts = [build_vote(reading, v) for v in votes]
    for vote, numbers in zip(vote_dicts, position_sentences(reading, [v.s for v in votes], vote_dicts)):
        vote["positions"] = positions_of(reading, numbers)
        vote["outcome"] = outcome(reading.sentence(numbers[0]), vote["tally"], vote["positions"], vote["body"])
    candidates = reading_module.motive_candidates(reading)
    attributed = ask("motives", answers.Motives, {**reading.context, "candidates": [c[0] for c in candidates]},
                     candidates=reading_module.candidate_list(reading, candidates)) if candidates else []
    who = {}
    for item in attributed:
        who.setdefault(item.q, item)
    voted = vote_events(reading, [v.s for v in votes], vote_dicts)
    listed = ", ".join(str(v.s) for v in votes)
    events = ask("events", answers.Events, reading.context, votes=f"sentences {listed}" if listed else "none")
    events = other_events(reading, voted, [build_event(reading, item) for item in events])
    data = {"votes": vote_dicts,
            "motives": [build_motive(reading, (a, b), who.get(cid), votes, vote_dicts) for cid, a, b in candidates],
            "events": voted + events}
    result, lost = extraction.validate_items(data, {"text": article.text, "article_date": article.date})
    return Result(result, dropped + lost, call)


def salvage(model: type[answers.Answer], raw: str | None, context: dict[str, Any]
            ) -> tuple[list[Any] | None, list[dict[str, Any]]]:
    """Keep what is valid in the last answer; None when it cannot be read at all.

    An optional field that breaks a rule is removed (and listed) rather than losing its
    whole item; an item that still fails, repeats an earlier one or is over the limit is dropped.
    """
    try:
        items = json.loads(raw or "").get(model.list_field)
    except (ValueError, AttributeError):
        return None, []
    if not isinstance(items, list):
        return None, []
    kind = model.list_field[:-1]
    limit = model.model_fields[model.list_field].metadata[0].max_length
    kept, lost, seen = [], [], set()
    for item in items:
        obj, problems = repair(model.item_model, item, context)
        if obj is not None and model.key(obj) in seen:
            obj, problems = None, [(kind, "the same as an earlier item")]
        elif obj is not None and len(kept) >= limit:
            obj, problems = None, [(kind, f"more than {limit} items")]
        lost += [{"kind": where, "item": item, "rule": rule} for where, rule in problems]
        if obj is not None:
            kept.append(obj)
            seen.add(model.key(obj))
    return kept, lost


def repair(model: type[answers.Lean], item: Any, context: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
    kind = model.__name__.removesuffix("Item").lower()
    try:
        return model.model_validate(item, context=context), []
    except pydantic.ValidationError as e:
        bad = {err["loc"][0] for err in e.errors() if err["loc"]}
        message = extraction.rule_message(e)
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    if not isinstance(item, dict) or not bad or not bad <= optional:
        return None, [(kind, message)]
    try:
        obj = model.model_validate({k: v for k, v in item.items() if k not in bad}, context=context)
    except pydantic.ValidationError as e:
        return None, [(kind, extraction.rule_message(e))]
    return obj, [(f"{kind}.{name}", message) for name in sorted(bad)]


def build_vote(reading: Reading, item: answers.VoteItem) -> dict[str, Any]:
    counted = reading.tally_in(item.s)
    tally = ({"yes": counted.yes, "no": counted.no, "abstain": counted.abstain} if counted
             else {"yes": None, "no": None, "abstain": None})
    near = counted.start - reading.sentences[item.s - 1].start if counted else None
    body = bodies.of_vote(reading.texts, item.s, near, item.body)
    return {"body": body, "resolution": item.symbol, "subject": item.subject,
            "date": date_of(reading, item.s), "outcome": "unknown",
            "tally": tally, "positions": [], "evidence": reading.span(item.s)}


def position_sentences(reading: Reading, evidence: list[int], votes: list[dict[str, Any]]) -> list[list[int]]:
    """For each vote, its evidence sentence and the sentences stating positions that belong to it.

    News reports a vote, then who voted how, so a sentence belongs to the nearest vote reported
    at or before it (to the first vote if it comes before all of them, as a lede does), and
    only when their dates agree. Measured on the seeds this beat asking the model to link them.
    """
    numbers = [[s] for s in evidence]
    for n in reading.stated:
        if n not in evidence and (i := vote_of(reading, n, evidence, votes)) is not None:
            numbers[i].append(n)
    return numbers


def nearest_vote(n: int, evidence: list[int]) -> int | None:
    """The vote reported at or before sentence n, else the first one after it (a lede comes first)."""
    before = [(n - s, i) for i, s in enumerate(evidence) if s <= n]
    after = [(s - n, i) for i, s in enumerate(evidence) if s > n]
    return min(before or after)[1] if before or after else None


def vote_of(reading: Reading, n: int, evidence: list[int], votes: list[dict[str, Any]]) -> int | None:
    """The nearest vote to sentence n, unless their dates disagree (a 2023 sentence is not about 2025)."""
    i = nearest_vote(n, evidence)
    return i if i is not None and dates.same_time(reading.dated.get(n), votes[i]["date"]) else None


def positions_of(reading: Reading, numbers: list[int]) -> list[dict[str, str]]:
    found: dict[str, str] = {}
    for n in dict.fromkeys(numbers):
        for country, position in reading.stated.get(n, []):
            found.setdefault(country, position)
    return [{"country": c, "position": p} for c, p in found.items()]


def outcome(sentence: str, tally: dict[str, int | None], positions: list[dict[str, str]], body: str) -> str:
    cue = checks.outcome_cue(sentence)
    if checks.without_vote(sentence) and cue != "rejected":
        return "adopted"
    if cue:
        return cue
    yes, no = tally["yes"], tally["no"]
    if body == "security_council" and any(p["country"] in P5 and p["position"] == "no" for p in positions):
        return "rejected"
    if yes is not None and no is not None:
        if body == "security_council":
            return "adopted" if yes >= 9 else "rejected"
        return "adopted" if yes > no else "rejected"
    return "unknown"


def date_of(reading: Reading, s: int, reach: int = 2) -> str | None:
    """The date printed in the evidence sentence, else in the nearest of the sentences just before it."""
    return next((reading.dated[n] for n in range(s, max(0, s - reach - 1), -1) if n in reading.dated), None)


def build_motive(reading: Reading, span: tuple[int, int], item: answers.MotiveItem | None,
                 votes: list[answers.VoteItem], vote_dicts: list[dict[str, Any]]) -> dict[str, Any]:
    """The vote a motive explains is found like a position's: the nearest vote reported at or before it.

    A passage the model left out keeps its place, held by the first country its sentence names,
    with the passage itself as its reason.
    """
    n = reading.number(span[0]) or 1
    vote = vote_of(reading, n, [v.s for v in votes], vote_dicts)
    quote = reading.text[span[0]:span[1]]
    named = countries.mentions(reading.sentence(n))
    holder = item.holder if item else (named[0][2] if named else "unknown")
    return {"holder": holder, "speaker": item.speaker if item else "unnamed", "quote": quote,
            "reason": item.reason if item else " ".join(quote.split())[:100], "vote": vote}


def vote_events(reading: Reading, evidence: list[int], votes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The votes of the article's own time are its events, and so is a lede that reports one.

    Earlier votes an article only recalls ("141 votes in February 2023") are background, not
    events of the story. The lede is the first full sentence after the headline line, and it
    counts when it reports a result or who voted how.
    """
    article_month = (reading.article.date or "")[:7] or None
    numbers = [s for s, v in zip(evidence, votes) if dates.same_time(v["date"], article_month)]
    if numbers and (lede := lede_of(reading)) and lede < min(evidence):
        sentence = reading.sentence(lede)
        if checks.outcome_cue(sentence) or any(p != "absent" for _, p in reading.stated.get(lede, [])):
            # a lede followed at once by its count tells one event; a lede far from it, a second mention
            numbers = [lede] + [n for n in numbers if n - lede > 2]
    events = []
    for n in dict.fromkeys(numbers):
        vote = votes[nearest_vote(n, evidence)]
        events.append({"kind": "vote", "summary": f"{vote['body'].replace('_', ' ')} vote: {vote['subject']}",
                       "date": reading.dated.get(n), "actors": [], "evidence": reading.span(n)})
    return events


def other_events(reading: Reading, voted: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The model's events, less those the votes already give, those it pinned on the headline
    (which sums up the story rather than reporting an event) and votes no sentence reports as held."""
    taken = {reading.number(e["evidence"]["start"]) for e in voted}
    kept = []
    for e in events:
        n = reading.number(e["evidence"]["start"])
        if n in taken or (e["evidence"]["start"] < reading.headline_end and len(reading.sentences) > 1):
            continue
        if e["kind"] == "vote" and not ballots.reports(reading, n):
            continue
        taken.add(n)
        kept.append(e)
    return kept


def lede_of(reading: Reading) -> int | None:
    """The first full sentence after the headline line (headlines carry no final stop)."""
    return next((n for n, s in enumerate(reading.sentences, 1) if s.start > reading.headline_end >= 0
                 and reading.sentence(n).rstrip().endswith((".", "!", "?", "»", "”", '"'))), None)


def build_event(reading: Reading, item: answers.EventItem) -> dict[str, Any]:
    s = align(reading, item.s, item.summary)
    kind = item.kind if item.kind == "vote" else kinds.of_sentence(reading.sentence(s), item.kind)
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
