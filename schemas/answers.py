"""What the model is asked to answer in each pass, and the rules those answers must meet.

The small model chooses, groups and attributes; it points at numbered sentences and
quote ids instead of copying text or doing arithmetic, so grounding is exact and answers
are short. Every rule that fails is sent back verbatim, so each message names the bad
value and what the article offers instead. The validation context carries the article:
``{"text", "article_date", "sentences": [(start, end)], "quotes": [(start, end)], "cue_sentences": [n], "votes": int}``.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from schemas import extraction, text as textrules

_QUOTE_ID = re.compile(r"^\s*Q(\d+)\s*$", re.IGNORECASE)


class Lean(BaseModel):
    """A model whose JSON schema carries no titles: every schema token is read by a slow CPU model."""
    model_config = ConfigDict(extra="ignore")

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


def _ctx(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def check_sentence(n: int, info: ValidationInfo) -> int:
    count = len(_ctx(info).get("sentences", ()))
    if count and not 1 <= n <= count:
        raise ValueError(f"sentence {n} does not exist; sentences are numbered 1 to {count}")
    return n


def check_printed(value: str | None, what: str, info: ValidationInfo) -> str | None:
    """Words the model says are printed must be printed; an empty string means null."""
    if value is None or not value.strip() or value.strip().lower() in {"null", "none", "n/a"}:
        return None
    value = html.unescape(value)  # the chat template HTML-escapes what the model reads
    article = _ctx(info).get("text")
    if article is not None and textrules.find(article, value) is None:
        raise ValueError(f"{what} {value!r} is not printed in the article; copy it exactly or use null")
    return value.strip()


class VoteItem(Lean):
    s: int
    body: extraction.Body
    symbol: str | None = None
    subject: str
    when: str | None = None
    voters: list[int] = []

    @field_validator("s")
    @classmethod
    def _s(cls, v: int, info: ValidationInfo) -> int:
        return check_sentence(v, info)

    @field_validator("voters")
    @classmethod
    def _voters(cls, v: list[int], info: ValidationInfo) -> list[int]:
        menu = _ctx(info).get("cue_sentences")
        for n in v:
            check_sentence(n, info)
            if menu is not None and n not in menu:
                offer = ", ".join(map(str, menu)) if menu else "none, so use an empty list"
                raise ValueError(f"sentence {n} does not say how a country voted; the sentences that do are: {offer}")
        return sorted(set(v))

    @field_validator("symbol")
    @classmethod
    def _symbol(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_printed(v, "symbol", info)

    @field_validator("when")
    @classmethod
    def _when(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_printed(v, "when", info)


class Votes(Lean):
    """The votes the article reports."""
    votes: list[VoteItem]
    item_model: ClassVar[type[Lean]] = VoteItem
    list_field: ClassVar[str] = "votes"

    @model_validator(mode="after")
    def _distinct(self) -> "Votes":
        seen: dict[tuple[int, str | None], int] = {}
        for i, v in enumerate(self.votes):
            key = (v.s, (v.symbol or "").lower() or None)
            if key in seen:
                raise ValueError(f"votes {seen[key]} and {i} are the same vote (sentence {v.s}); list each vote once")
            seen[key] = i
        return self


class MotiveItem(Lean):
    q: str
    holder: str
    speaker: str
    reason: str
    vote: int | None = None

    @field_validator("q")
    @classmethod
    def _q(cls, v: str, info: ValidationInfo) -> str:
        ctx = _ctx(info)
        quotes = ctx.get("quotes", ())
        v = html.unescape(v)
        m = _QUOTE_ID.match(v)
        if m:
            if not 1 <= int(m[1]) <= len(quotes):
                raise ValueError(f"quote id {v!r} does not exist; quote ids are Q1 to Q{len(quotes)}")
            return f"Q{int(m[1])}"
        if "text" in ctx and textrules.find(ctx["text"], v) is None:
            raise ValueError(f"q {v[:80]!r} is neither a quote id (Q1..Q{len(quotes)}) nor words copied exactly from the article")
        return v

    @field_validator("vote")
    @classmethod
    def _vote(cls, v: int | None, info: ValidationInfo) -> int | None:
        count = _ctx(info).get("votes", 0)
        if v is not None and not 0 <= v < count:
            raise ValueError(f"vote {v} does not exist; use " + (f"0 to {count - 1} or null" if count else "null (there are no votes)"))
        return v


class Motives(Lean):
    """The quoted motives in the article."""
    motives: list[MotiveItem]
    item_model: ClassVar[type[Lean]] = MotiveItem
    list_field: ClassVar[str] = "motives"

    @model_validator(mode="after")
    def _distinct(self) -> "Motives":
        seen: dict[str, int] = {}
        for i, m in enumerate(self.motives):
            if m.q in seen:
                raise ValueError(f"motives {seen[m.q]} and {i} use the same quote {m.q}; list each quote once")
            seen[m.q] = i
        return self


class EventItem(Lean):
    kind: extraction.EventKind
    s: int
    summary: str
    actors: list[str] = []
    when: str | None = None

    @field_validator("s")
    @classmethod
    def _s(cls, v: int, info: ValidationInfo) -> int:
        return check_sentence(v, info)

    @field_validator("when")
    @classmethod
    def _when(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_printed(v, "when", info)


class Events(Lean):
    """The most salient events of the article."""
    events: list[EventItem]
    item_model: ClassVar[type[Lean]] = EventItem
    list_field: ClassVar[str] = "events"
    max_items: ClassVar[int] = 8

    @model_validator(mode="after")
    def _few(self) -> "Events":
        if len(self.events) > self.max_items:
            raise ValueError(f"{len(self.events)} events given; give at most {self.max_items}, the most salient")
        return self
