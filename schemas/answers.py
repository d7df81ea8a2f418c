"""What the model is asked to answer in each pass, and the rules those answers must meet.

The small model chooses, groups and attributes; it points at numbered sentences and
quote ids instead of copying text or doing arithmetic, so grounding is exact and answers
are short. Every rule that fails is sent back verbatim, so each message names the bad
value and what the article offers instead. The validation context carries the article's
reading (``{"reading": grounds.Article}``) and, for motives, the listed passage ids (``"candidates"``).
"""

from __future__ import annotations

import html
from typing import Annotated, Any, ClassVar, Hashable

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from schemas import extraction, grounds

def Text(limit: int) -> Any:
    """A string capped in the schema, which grammar-constrained servers enforce while decoding."""
    return Annotated[str, Field(max_length=limit)]


class Lean(BaseModel):
    """A model whose JSON schema carries no titles: every schema token is read by a slow CPU model."""
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True, str_strip_whitespace=True)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = super().model_json_schema(*args, **kwargs)
        name = schema.get("title", cls.__name__)
        stripped = _strip_titles(schema)
        stripped["title"] = name
        return stripped


def _strip_titles(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_titles(v) for k, v in node.items() if k != "title" or not isinstance(v, str)}
    if isinstance(node, list):
        return [_strip_titles(v) for v in node]
    return node


def check_sentence(n: int, info: ValidationInfo) -> int:
    article = grounds.article(info)
    count = article.sentence_count if article is not None else 0
    if article is not None and not count:
        raise ValueError(f"sentence {n} does not exist; the article has no numbered sentences")
    if count and not 1 <= n <= count:
        raise ValueError(f"sentence {n} does not exist; sentences are numbered 1 to {count}")
    return n


def check_printed(value: str | None, what: str, info: ValidationInfo) -> str | None:
    """Words the model says are printed must be printed; an empty string means null."""
    if value is None or not value.strip() or value.strip().lower() in {"null", "none", "n/a"}:
        return None
    value = html.unescape(value)  # the chat template HTML-escapes what the model reads
    article = grounds.article(info)
    if article is not None and article.find(value) is None:
        raise ValueError(f"{what} {value!r} is not printed in the article; copy it exactly or use null")
    return value.strip()


class VoteItem(Lean):
    s: int
    body: extraction.Body
    symbol: Text(40) | None = None
    subject: Text(80)

    @field_validator("s")
    @classmethod
    def _s(cls, v: int, info: ValidationInfo) -> int:
        return check_sentence(v, info)

    @field_validator("symbol")
    @classmethod
    def _symbol(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_printed(v, "symbol", info)


class Answer(Lean):
    """A list of items; each kind says which items are the same thing listed twice."""
    item_model: ClassVar[type[Lean]]
    list_field: ClassVar[str]

    @classmethod
    def key(cls, item: Any) -> Hashable:
        return id(item)

    def items(self) -> list[Any]:
        return getattr(self, self.list_field)

    @model_validator(mode="after")
    def _distinct(self) -> "Answer":
        seen: dict[Hashable, int] = {}
        for i, item in enumerate(self.items()):
            if self.key(item) in seen:
                raise ValueError(f"{self.list_field} {seen[self.key(item)]} and {i} are the same; list each once")
            seen[self.key(item)] = i
        return self


class Votes(Answer):
    """The votes the article reports."""
    votes: Annotated[list[VoteItem], Field(max_length=10)]
    item_model: ClassVar[type[Lean]] = VoteItem
    list_field: ClassVar[str] = "votes"

    @classmethod
    def key(cls, item: VoteItem) -> Hashable:
        return item.s, (item.symbol or "").lower()


class MotiveItem(Lean):
    """Who a passage is about, who says it and its motive in a few words. Rules chose the
    passages: the 1.5B model's own judgement of which passages give reasons was no better than chance."""
    q: Annotated[str, Field(pattern=r"^[QR][0-9]{1,3}$")]
    holder: Text(60)
    speaker: Text(80)
    reason: Text(50)

    @field_validator("q")
    @classmethod
    def _q(cls, v: str, info: ValidationInfo) -> str:
        ids = grounds.context(info).get("candidates")
        if ids is not None and v not in ids:
            raise ValueError(f"id {v!r} is not a listed passage; the ids are {', '.join(ids) or 'none'}")
        return v


class Motives(Answer):
    """Holder and speaker of each listed passage; a passage answered twice keeps its first answer."""
    motives: Annotated[list[MotiveItem], Field(max_length=40)]
    item_model: ClassVar[type[Lean]] = MotiveItem
    list_field: ClassVar[str] = "motives"


class EventItem(Lean):
    kind: extraction.EventKind
    s: int
    summary: Text(90)
    actors: Annotated[list[Text(60)], Field(max_length=6)] = []

    @field_validator("s")
    @classmethod
    def _s(cls, v: int, info: ValidationInfo) -> int:
        return check_sentence(v, info)


class Events(Answer):
    """The most salient events of the article."""
    events: Annotated[list[EventItem], Field(max_length=8)]
    item_model: ClassVar[type[Lean]] = EventItem
    list_field: ClassVar[str] = "events"

    @classmethod
    def key(cls, item: EventItem) -> Hashable:
        return item.kind, item.s
