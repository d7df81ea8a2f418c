"""A hash of the code that turns an article into a record, so that resume redoes what it changed.

A record is current only under the model, prompts and output schema it was made with
(``prompt_version``, ``schema_version``) and under the same reading rules: a changed
rule, lexicon word, country name, pass, answer schema or prompt can change the record of
an article whose text did not change, so each of them is in this hash and a rerun redoes
the articles (records.Record.is_current compares it as a resume key).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import schemas
from extractor import prompts

PACKAGE = Path(__file__).resolve().parent
SUFFIXES = (".py", ".toml", ".csv", ".txt")


def files() -> list[Path]:
    """The reading rules and their data (read/), the passes, the answer and output schemas, the prompts."""
    roots = (PACKAGE / "read", PACKAGE / "passes", Path(schemas.__file__).resolve().parent, Path(prompts.DIRECTORY))
    return sorted((p for root in roots for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                   and "__pycache__" not in p.parts), key=_name)   # by name: where the tree lies changes no order


def version(paths: list[Path] | None = None) -> str:
    """12 hex digits over the files' names (relative to their package root) and bytes."""
    digest = hashlib.sha256()
    for path in files() if paths is None else paths:
        digest.update(_name(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _name(path: Path) -> str:
    """A stable name: the same tree in another folder (an installed copy) hashes the same."""
    for root in (PACKAGE.parent, Path(schemas.__file__).resolve().parent.parent):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name
