"""Prompt templates live as files in ``prompts/``; a run records the hash of their text.

Templates use ``$name`` placeholders (string.Template), so braces in articles are inert.
"""

from __future__ import annotations

import functools
import hashlib
import string
from pathlib import Path

import prompts as prompt_files

DIRECTORY = Path(prompt_files.__file__).parent


@functools.cache
def template(name: str) -> string.Template:
    return string.Template((DIRECTORY / f"{name}.txt").read_text(encoding="utf-8"))


def render(name: str, **values: str) -> str:
    return template(name).substitute(values).strip()


@functools.cache
def version() -> str:
    """A changed word in any prompt file gives a new version, so resume redoes the work."""
    digest = hashlib.sha256()
    for path in sorted(DIRECTORY.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
