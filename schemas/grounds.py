"""What the validators need to know about the article, as protocols: the rules of reading live
in ``extractor.read`` and schemas import nothing from extractor.

The validation context (instructor passes it through as ``validation_context``) carries the
article's reading under ``"reading"``; gold files and stored records are checked without one
(shape only), or with only a country table under ``"countries"``.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import ValidationInfo


class Countries(Protocol):
    def normalise(self, name: str) -> str | None:
        """ISO3 for a country name, demonym, capital or code; None if not exactly one country."""


class Article(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def date(self) -> str | None: ...

    @property
    def sentence_count(self) -> int: ...

    @property
    def countries(self) -> Countries: ...

    def find(self, needle: str) -> tuple[int, int] | None:
        """Where a copied passage is printed, typography aside."""

    def printed_numbers(self) -> set[int]:
        """Every number the article prints, as digits or words, and every count its tallies read."""

    def numbers_near(self, kind: str) -> list[int]:
        """The counts printed for ``kind`` ("yes", "no", "abstain")."""


def context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def article(info: ValidationInfo) -> Article | None:
    return context(info).get("reading")


def countries(info: ValidationInfo) -> Countries | None:
    """The country table: the reading's, or one given alone (for gold files)."""
    reading = article(info)
    return reading.countries if reading is not None else context(info).get("countries")
