"""The output contract (SPEC §3) and the business rules its validators enforce.

Rules that need the article read it from the pydantic validation context, which
instructor passes through as ``validation_context``: ``{"reading": grounds.Article}``, the
article's reading. Without a context only the shape is checked, so gold files and stored
records can be loaded anywhere; ``{"countries": grounds.Countries}`` alone also turns country
names into ISO3 codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from schemas import grounds

EventKind = Literal[
    "vote", "diplomatic_contact", "statement", "pressure", "aid", "dispute", "agreement", "military", "other"
]
Body = Literal["general_assembly", "ga_committee", "security_council", "human_rights_council", "other"]
Outcome = Literal["adopted", "rejected", "unknown"]
PositionKind = Literal["yes", "no", "abstain", "absent"]

# How the tally rule names each count to the model when it asks again.
CUE_WORDS: dict[str, str] = {"yes": "in favour", "no": "against", "abstain": "abstentions"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _article_date(info: ValidationInfo) -> str | None:
    article = grounds.article(info)
    return article.date if article is not None else None


def check_date(value: str | None, article_date: str | None) -> str | None:
    """A date must be a real calendar date at the precision printed, never after the article."""
    if value is None:
        return None
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"date {value!r} is not a valid calendar date") from None
    if article_date and value[: len(value)] > article_date[: len(value)]:
        raise ValueError(f"date {value} is later than the article date {article_date}")
    return value


def check_country(name: str, info: ValidationInfo) -> str:
    """A country as ISO3; without a country table (a gold file, a stored record) it is kept as written."""
    table = grounds.countries(info)
    if table is None:
        return name.strip()
    code = table.normalise(name)
    if code is None:
        raise ValueError(f"country {name!r} is not a recognised country name, demonym or capital")
    return code


class Span(Strict):
    start: int
    end: int

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> "Span":
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is not an ordered pair of offsets")
        article = grounds.article(info)
        if article is not None and self.end > len(article.text):
            raise ValueError(f"span end {self.end} is past the article's end ({len(article.text)})")
        return self


class Event(Strict):
    kind: EventKind
    summary: str
    date: str | None = None
    actors: list[str] = []
    evidence: Span

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_date(v, _article_date(info))

    @field_validator("actors")
    @classmethod
    def _actors(cls, v: list[str], info: ValidationInfo) -> list[str]:
        table = grounds.countries(info)
        out: list[str] = []
        for actor in v:
            code = (table.normalise(actor) if table else None) or actor.strip()
            if code and code not in out:
                out.append(code)
        return out


class Tally(Strict):
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None


class Position(Strict):
    country: str
    position: PositionKind

    @field_validator("country")
    @classmethod
    def _country(cls, v: str, info: ValidationInfo) -> str:
        return check_country(v, info)


class Vote(Strict):
    body: Body
    resolution: str | None = None
    subject: str
    date: str | None = None
    outcome: Outcome
    tally: Tally = Tally()
    positions: list[Position] = []
    evidence: Span

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None, info: ValidationInfo) -> str | None:
        return check_date(v, _article_date(info))

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> "Vote":
        problems: list[str] = []
        seen: set[str] = set()
        for p in self.positions:
            if p.country in seen:
                problems.append(f"country {p.country} is listed twice in one vote")
            seen.add(p.country)
        for kind in ("yes", "no", "abstain"):
            limit = getattr(self.tally, kind)
            listed = sum(p.position == kind for p in self.positions)
            if limit is not None and listed > limit:
                problems.append(f"{listed} positions are '{kind}' but tally.{kind} is {limit}")
        article = grounds.article(info)
        if article is not None:
            present = article.printed_numbers()
            for kind in ("yes", "no", "abstain"):
                value = getattr(self.tally, kind)
                if value is not None and value not in present:
                    near = article.numbers_near(kind)
                    hint = f"numbers near '{CUE_WORDS[kind]}' are: {', '.join(map(str, near))}" if near else f"the article prints no number for '{kind}', so use null"
                    problems.append(f"tally.{kind}={value} does not occur in the article; {hint}")
            if self.resolution and not article.find(self.resolution):
                problems.append(f"resolution {self.resolution!r} does not occur in the article; give the symbol as printed or null")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class QuotedMotive(Strict):
    holder: str
    speaker: str
    quote: str
    reason: str
    vote: int | None = None
    span: Span | None = None

    @field_validator("holder")
    @classmethod
    def _holder(cls, v: str, info: ValidationInfo) -> str:
        table = grounds.countries(info)
        return (table.normalise(v) if table else None) or v.strip()

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "QuotedMotive":
        """The span is computed here from the quote; the model's offsets are never trusted."""
        article = grounds.article(info)
        if article is None:
            if self.span is None:
                raise ValueError("a motive needs a span when no article is given")
            return self
        found = article.find(self.quote)
        if found is None:
            raise ValueError(f"quote {self.quote[:80]!r} does not occur verbatim in the article")
        self.span = Span(start=found[0], end=found[1])
        self.quote = article.text[found[0]:found[1]]
        return self


class Extraction(Strict):
    events: list[Event] = []
    votes: list[Vote] = []
    motives: list[QuotedMotive] = []

    @model_validator(mode="after")
    def _vote_links(self) -> "Extraction":
        for i, m in enumerate(self.motives):
            if m.vote is not None and not 0 <= m.vote < len(self.votes):
                raise ValueError(f"motives[{i}].vote={m.vote} is not an index into votes (0..{len(self.votes) - 1})")
        return self


SCHEMA_VERSION = hashlib.sha256(json.dumps(Extraction.model_json_schema(), sort_keys=True).encode()).hexdigest()[:12]


def validate_items(data: dict[str, Any], context: dict[str, Any]) -> tuple[Extraction, list[dict[str, Any]]]:
    """Keep every item that passes its rules; report the rest instead of failing the article.

    Motive→vote links are renumbered when a vote is dropped, and cut when their vote is gone.
    """
    dropped: list[dict[str, Any]] = []
    kept: dict[str, list[Any]] = {"events": [], "votes": [], "motives": []}
    vote_index: dict[int, int] = {}
    for kind, model in (("events", Event), ("votes", Vote), ("motives", QuotedMotive)):
        for i, item in enumerate(data.get(kind) or []):
            try:
                obj = model.model_validate(item, context=context)
            except ValidationError as e:
                dropped.append({"kind": kind[:-1], "item": item, "rule": rule_message(e)})
                continue
            if kind == "votes":
                vote_index[i] = len(kept["votes"])
            if kind == "motives" and obj.vote is not None:
                obj.vote = vote_index.get(obj.vote)
            kept[kind].append(obj)
    return Extraction(**kept), dropped


def rule_message(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) + ': ' if e['loc'] else ''}{e['msg'].removeprefix('Value error, ')}"
        for e in error.errors()
    )
