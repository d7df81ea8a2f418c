"""Read one article in three focused passes (votes, motives, events) and assemble the Extraction.

All passes share one system message holding the article, so the embedded server's prompt
cache reads the article once per article. The model answers with sentence numbers and quote
ids; numbers, polarity, dates and spans come from rules over the text (``checks``), which
the model is poor at and rules are exact at.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pydantic

from extractor import articles, checks, errors, llm, prompts
from schemas import answers, countries, extraction

MAX_TOKENS = {"votes": 700, "motives": 700, "events": 900}
P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}


@dataclasses.dataclass
class Reading:
    """What the rules found in the article; the model's answers are checked against it."""
    article: articles.Article
    sentences: list[checks.Sentence]
    quotes: list[checks.Quote]

    dated: dict[int, str]

    @property
    def context(self) -> dict[str, Any]:
        return {"text": self.article.text, "article_date": self.article.date,
                "sentences": [(s.start, s.end) for s in self.sentences],
                "quotes": [(q.start, q.end) for q in self.quotes], "date_sentences": self.dated}

    def sentence_text(self, n: int) -> str:
        s = self.sentences[n - 1]
        return self.article.text[s.start:s.end]

    def span(self, n: int) -> dict[str, int]:
        s = self.sentences[n - 1]
        return {"start": s.start, "end": s.end}


@dataclasses.dataclass
class Result:
    extraction: extraction.Extraction
    dropped: list[dict[str, Any]]
    call: llm.Call


def read(article: articles.Article) -> Reading:
    sentences = checks.sentences(article.text)
    dated: dict[int, str] = {}
    for start, _, date in checks.dates(article.text, article.date):
        if start < articles.marker_end(article.text):
            continue
        n = next((n for n, s in enumerate(sentences, 1) if s.start <= start < s.end), None)
        if n is not None:
            dated.setdefault(n, date)
    return Reading(article, sentences, checks.quotes(article.text), dated)


def render_article(reading: Reading) -> str:
    """Numbered sentences with quote ids inserted where each quote starts."""
    text, lines = reading.article.text, []
    starts = {q.start: i for i, q in enumerate(reading.quotes, 1)}
    for n, s in enumerate(reading.sentences, 1):
        pieces, cursor = [], s.start
        for pos in sorted(p for p in starts if s.start <= p < s.end):
            pieces += [text[cursor:pos], f"[Q{starts[pos]}]"]
            cursor = pos
        pieces.append(text[cursor:s.end])
        lines.append(f"[{n}] " + " ".join("".join(pieces).split()))
    return "\n".join(lines)


def extract(article: articles.Article, client: llm.Client) -> Result:
    """Run the passes; items that still break a rule after the last re-ask are dropped, not kept."""
    reading = read(article)
    call = llm.Call()
    system = {"role": "system", "content": prompts.render(
        "system", date=article.date or "unknown", article=render_article(reading))}
    dropped: list[dict[str, Any]] = []

    def ask(name: str, model: type[answers.Answer], context: dict[str, Any], **values: str) -> list[Any]:
        messages = [system, {"role": "user", "content": prompts.render(name, **values)}]
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

    cues = cue_sentences(reading)
    votes = ask("votes", answers.Votes, {**reading.context, "cue_sentences": cues}, hints=vote_hints(reading, cues))
    vote_dicts = [build_vote(reading, v) for v in votes]
    motives = ask("motives", answers.Motives, {**reading.context, "votes": len(vote_dicts)},
                  votes=vote_list(vote_dicts) or "none")
    events = ask("events", answers.Events, reading.context, hints="\n".join(date_hints(reading)))
    data = {"votes": vote_dicts,
            "motives": [build_motive(reading, m) for m in motives],
            "events": [build_event(reading, e) for e in events]}
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
        message = extraction._rule_message(e)
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    if not isinstance(item, dict) or not bad or not bad <= optional:
        return None, [(kind, message)]
    try:
        obj = model.model_validate({k: v for k, v in item.items() if k not in bad}, context=context)
    except pydantic.ValidationError as e:
        return None, [(kind, extraction._rule_message(e))]
    return obj, [(f"{kind}.{name}", message) for name in sorted(bad)]


def cue_sentences(reading: Reading) -> list[int]:
    """Sentences where a country is named next to a voting verb: the only places positions come from."""
    text = reading.article.text
    cue_starts = [c.start for c in checks.polarity_cues(text)]
    return [n for n, s in enumerate(reading.sentences, 1)
            if any(s.start <= c < s.end for c in cue_starts) and countries.mentions(text[s.start:s.end])]


def vote_hints(reading: Reading, cues: list[int]) -> str:
    text, lines = reading.article.text, []
    for t in checks.tallies(text):
        n = sentence_of(reading, t.start)
        counts = ", ".join(f"{k} {v}" for k, v in (("yes", t.yes), ("no", t.no), ("abstain", t.abstain)) if v is not None)
        lines.append(f"- sentence {n}: a vote count ({counts})")
    for start, _, symbol in checks.resolution_symbols(text):
        lines.append(f"- sentence {sentence_of(reading, start)}: resolution symbol {symbol}")
    if cues:
        lines.append("- sentences that say how countries voted: " + ", ".join(map(str, cues)))
    lines += date_hints(reading)
    return ("Found in the article by rules:\n" + "\n".join(lines)) if lines else ""


def date_hints(reading: Reading) -> list[str]:
    if not reading.dated:
        return []
    return ["- sentences with a date: " + ", ".join(f"{n} ({d})" for n, d in reading.dated.items())]


def vote_list(votes: list[dict[str, Any]]) -> str:
    return "; ".join(f"{i}: {v['body'].replace('_', ' ')}, {v['resolution'] or 'no symbol'}, {v['subject']}"
                     for i, v in enumerate(votes))


def sentence_of(reading: Reading, offset: int) -> int:
    for n, s in enumerate(reading.sentences, 1):
        if s.start <= offset < s.end:
            return n
    return 0


def build_vote(reading: Reading, item: answers.VoteItem) -> dict[str, Any]:
    text, s = reading.article.text, reading.sentences[item.s - 1]
    sentence = text[s.start:s.end]
    tally = next(({"yes": t.yes, "no": t.no, "abstain": t.abstain}
                  for t in checks.tallies(text) if s.start <= t.start < s.end),
                 {"yes": None, "no": None, "abstain": None})
    positions = vote_positions(reading, [item.s, *item.voters])
    return {
        "body": item.body, "resolution": item.symbol, "subject": item.subject,
        "date": resolve_when(reading, item.when, item.s),
        "outcome": outcome(sentence, tally, positions, item.body),
        "tally": tally, "positions": positions, "evidence": reading.span(item.s),
    }


def outcome(sentence: str, tally: dict[str, int | None], positions: list[dict[str, str]], body: str) -> str:
    if checks.without_vote(sentence):
        return "adopted"
    cue = checks.outcome_cue(sentence)
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


def resolve_when(reading: Reading, when: int | None, s: int) -> str | None:
    """The chosen dated sentence's date, else the date printed in the evidence sentence itself."""
    return reading.dated.get(when) if when is not None else reading.dated.get(s)


def vote_positions(reading: Reading, sentence_numbers: list[int]) -> list[dict[str, str]]:
    """Each country named in a cited sentence takes the nearest voting cue's polarity.

    Possessives ("Ukraine's territorial integrity") and compounds ("anti-Israel") name a
    subject matter, not a voter, and are skipped. The first position found for a country wins.
    """
    text, found = reading.article.text, {}
    for n in dict.fromkeys(sentence_numbers):
        s = reading.sentences[n - 1]
        cues = [c for c in checks.polarity_cues(text) if s.start <= c.start < s.end]
        if not cues:
            continue
        for start, end, code in countries.mentions(text[s.start:s.end]):
            start, end = start + s.start, end + s.start
            if text[end:end + 2] in ("'s", "’s") or text[start - 1:start] == "-" or text[end:end + 1] == "-":
                continue
            cue = min(cues, key=lambda c: c.start - end if c.start >= end else (start - c.end) + 1000)
            found.setdefault(code, cue.position)
    return [{"country": c, "position": p} for c, p in found.items()]


def build_motive(reading: Reading, item: answers.MotiveItem) -> dict[str, Any]:
    if item.q.startswith("Q") and item.q[1:].isdigit():
        q = reading.quotes[int(item.q[1:]) - 1]
        quote = reading.article.text[q.start:q.end]
    else:
        quote = item.q
    return {"holder": item.holder, "speaker": item.speaker, "quote": quote, "reason": item.reason, "vote": item.vote}


def build_event(reading: Reading, item: answers.EventItem) -> dict[str, Any]:
    return {"kind": item.kind, "summary": item.summary, "date": resolve_when(reading, item.when, item.s),
            "actors": item.actors, "evidence": reading.span(item.s)}
