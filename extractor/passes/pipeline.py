"""Read one article, run the passes in order (votes, motives, events) and assemble the Extraction.

All passes share one system message holding the numbered article, so the embedded server's
prompt cache reads the article once per article. Each pass module says what it shows, what
the model answers and how the answer is settled; this module only asks and collects.
"""

from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import Any

from extractor import errors, prompts
from extractor.llm import client as llm
from extractor.passes import events as events_pass, motives as motives_pass, salvage, view, votes as votes_pass
from extractor.read import lexicon as lexicon_module, reading as reading_module
from schemas import extraction

PASSES = (votes_pass, motives_pass, events_pass)
MAX_TOKENS = {p.PROMPT: p.MAX_TOKENS for p in PASSES}


@dataclasses.dataclass
class Result:
    extraction: extraction.Extraction
    dropped: list[dict[str, Any]]
    call: llm.Call


def extract(article: reading_module.Article, client: llm.Client,
            lexicon: lexicon_module.Lexicon | None = None) -> Result:
    """Run the passes; items that still break a rule after the last re-ask are dropped, not kept."""
    reading = reading_module.read(article, lexicon)
    call = llm.Call()
    system = {"role": "system", "content": prompts.render(
        "system", date=article.date or "unknown", article=view.render(reading))}
    dropped: list[dict[str, Any]] = []

    def ask(step: ModuleType, context: dict[str, Any], **values: str) -> list[Any]:
        messages = [system, {"role": "user", "content": prompts.render(step.PROMPT, **values)}]
        call.tag = f"{article.id}:{step.PROMPT}"
        try:
            answer = client.ask(messages=messages, response_model=step.ANSWER, context=context,
                                max_tokens=step.MAX_TOKENS, call=call,
                                json_answer=not step.SCHEMA_SHOWN)
        except errors.ValidationFailed as e:
            items, lost = salvage.salvage(step.ANSWER, e.last_raw, context)
            if items is None:
                raise
            dropped.extend(lost)
            return items
        return answer.items()

    kept, votes = votes_pass.settle(reading, ask(votes_pass, reading.context, hints=votes_pass.hints(reading)))
    kept, votes = valid_votes(kept, votes, reading.context, dropped)
    listed = motives_pass.candidates(reading)
    attributed = ask(motives_pass, motives_pass.context(reading, listed), **motives_pass.shown(reading, listed)) \
        if listed else []
    voted = events_pass.vote_events(reading, [v.s for v in kept], votes)
    told = ask(events_pass, reading.context, **events_pass.shown(kept))
    data = {"votes": votes, "motives": motives_pass.settle(reading, listed, attributed, kept, votes),
            "events": events_pass.settle(reading, voted, told)}
    result, lost = extraction.validate_items(data, reading.context)
    return Result(result, dropped + lost, call)


def valid_votes(kept: list[Any], votes: list[dict[str, Any]], context: dict[str, Any],
                dropped: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """Votes that break a rule are dropped before the motives and events are built on them, so no
    vote event or motive link stands on a vote the output lacks."""
    pairs = []
    for item, vote in zip(kept, votes):
        lost = extraction.validate_items({"votes": [vote]}, context)[1]
        dropped.extend(lost)
        if not lost:
            pairs.append((item, vote))
    return [item for item, _ in pairs], [vote for _, vote in pairs]
