"""Load articles from files, folders and JSONL (SPEC §2).

All offsets in the output index into ``Article.text``, so the text is kept as read
(only newlines normalised, HTML converted to text); boilerplate stays in.
A file that cannot be read becomes a ``Failed`` item, never an exception that
would stop the run; a PATH with no article at all is a UsageError (nothing to do).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from extractor import errors, folders, markup
from extractor.read import dates
from extractor.settings import Settings

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FRONT_DATE = re.compile(r"^date:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC_DATE = re.compile(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$")
_WORDED_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")
RAW_FACTOR = 16      # bytes per character allowed before reading: UTF-8 takes up to 4, so 16 is generous
HTML_RAW_FACTOR = 256  # pages are mostly markup, scripts and inline images; the limit applies to their text


@dataclasses.dataclass(frozen=True)
class Article:
    id: str
    source: str
    text: str
    date: str | None
    sha256: str
    title: str | None = None
    url: str | None = None


@dataclasses.dataclass(frozen=True)
class Failed:
    id: str
    source: str
    sha256: str | None
    error: errors.InputError


def load(path: Path, max_chars: int = Settings.max_chars, skip: Iterable[Path] = (),
         taken: Mapping[str, str | None] | None = None) -> Iterator[Article | Failed]:
    """Every article under ``path`` in a stable order, with ids unique within the run.

    Folders named ``gold`` (annotations), hidden ones, ``skip`` (the run's own --out) and any holding
    a records.jsonl (a run's output) are not read. Symlinked folders are followed, each real folder
    once (a link back to an ancestor is a loop). An article longer than ``max_chars`` is refused.
    Ids are stable: two articles with one name are told apart by a short hash of their path, and
    ``taken`` (article id -> source of earlier records) keeps the plain name with its earlier owner,
    so adding a file never renames another article.
    """
    path = Path(path)
    if not path.exists():
        raise errors.InputError(f"{path} does not exist")
    items: list[Article | Failed] = []
    keys: list[str] = []
    for file in [path] if path.is_file() else folders.walk(path, SUFFIXES, {Path(p).resolve() for p in skip}, _unreadable):
        if isinstance(file, Failed):
            items.append(file)
            keys.append(file.source)
            continue
        rel = os.path.relpath(file, path) if file != path else file.name
        for item in _load_jsonl(file, max_chars) if file.suffix.lower() == ".jsonl" else [_load_file(file, max_chars)]:
            items.append(item)
            keys.append(rel + item.source[len(str(file)):])       # a JSONL row keeps its ":line"
    if not items:
        raise errors.UsageError(f"no articles found under {path} (looked for .txt .md .html .jsonl)")
    yield from _unique(items, keys, taken or {})


def _unique(items: list[Article | Failed], keys: list[str], taken: Mapping[str, str | None]) -> list[Article | Failed]:
    groups: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(item.id, []).append(i)
    for base, members in groups.items():
        if len(members) > 1:
            keeper = next((i for i in members if items[i].source == taken.get(base)), members[0])
            for i in members:
                if i != keeper:
                    suffix = hashlib.sha256(keys[i].encode("utf-8")).hexdigest()[:6]
                    items[i] = dataclasses.replace(items[i], id=f"{base}_{suffix}")
    return items


def _unreadable(path: Path, message: str) -> Failed:
    return Failed(safe_id(path.stem or path.name), str(path), None, errors.InputError(message))


def safe_id(raw: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", raw.strip()).strip("._")
    return cleaned[:120] or "article"


def decode(raw: bytes) -> str:
    """Bytes to text, or an InputError saying exactly why not."""
    if not raw:
        raise errors.InputError("empty article (0 bytes)")
    if b"\x00" in raw[:8192]:
        raise errors.InputError("binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise errors.InputError(f"not valid UTF-8: byte 0x{raw[e.start]:02x} at offset {e.start}", original=e) from None
    if not text.strip():
        raise errors.InputError("empty article (only whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_date(text: str) -> str | None:
    """The article date (YYYY-MM-DD) from a leading ``date YYYY-MM-DD`` marker or front matter.

    An impossible date (2025-02-30) or a front-matter date in no form this reader knows is an
    InputError for the article: a wrong date would silently misdate every "on Monday".
    """
    m = dates.MARKER.match(text)   # the marker the reading skips as metadata
    if m:
        return real_date(m[1], "date marker")
    fm = _FRONT_MATTER.match(text)
    if fm and (d := _FRONT_DATE.search(fm[1])) and d[1].strip("'\""):
        return front_matter_date(d[1].strip("'\""))
    return None


def real_date(value: str, where: str) -> str:
    """``value`` (YYYY-MM-DD) if that day exists, else an InputError naming ``where`` it was printed."""
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise errors.InputError(f"impossible date {value} in the {where}") from None


def front_matter_date(value: str) -> str:
    """Common forms: 2025-03-05, 2025-03-05T10:00:00Z, 2025.03.05, 2025/03/05, March 5, 2025, 5 March 2025."""
    if _ISO_DATE.match(value):
        return real_date(value, "front matter")
    if m := _NUMERIC_DATE.match(value):
        return real_date(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", "front matter")
    with_time = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.datetime.fromisoformat(with_time).date().isoformat()
    except ValueError:
        pass
    words = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", value.replace(",", " "))
    for form in _WORDED_FORMATS:
        try:
            return datetime.datetime.strptime(" ".join(words.split()), form).date().isoformat()
        except ValueError:
            continue
    raise errors.InputError(f"front matter date {value!r} is not a date this reader knows (write YYYY-MM-DD)")


def check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise errors.InputError(too_long(f"{len(text):,} characters", max_chars))


def too_long(size: str, max_chars: int) -> str:
    return (f"article too long: {size}, over the limit of {max_chars:,} characters (--max-chars); "
            "split it into articles or raise the limit")


def _load_file(file: Path, max_chars: int) -> Article | Failed:
    ident = safe_id(file.stem)
    page = file.suffix.lower() in {".html", ".htm"}
    try:
        size = file.stat().st_size
        if size > (HTML_RAW_FACTOR if page else RAW_FACTOR) * max_chars:  # not read: a mis-pointed file can be gigabytes
            return Failed(ident, str(file), None, errors.InputError(too_long(f"{size / 1e6:.1f} MB", max_chars)))
        raw = file.read_bytes()
    except OSError as e:
        return Failed(ident, str(file), None, errors.InputError(f"cannot read file: {e.strerror}", original=e))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = decode(raw)
        if page:
            text = markup.to_text(text)
            if not text.strip():
                raise errors.InputError("HTML page has no text")
        check_length(text, max_chars)
        date = article_date(text)
    except errors.InputError as e:
        return Failed(ident, str(file), digest, e)
    return Article(ident, str(file), text, date, digest)


def _load_jsonl(file: Path, max_chars: int) -> Iterator[Article | Failed]:
    try:
        lines = file.read_bytes().split(b"\n")
    except OSError as e:
        yield Failed(safe_id(file.stem), str(file), None, errors.InputError(f"cannot read file: {e.strerror}", original=e))
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        source, fallback = f"{file}:{number}", safe_id(f"{file.stem}_{number}")
        digest = hashlib.sha256(line).hexdigest()
        row: dict = {}
        try:
            parsed = json.loads(decode(line))
            row = parsed if isinstance(parsed, dict) else {}
            if not isinstance(row.get("text"), str):
                raise errors.InputError('JSONL line is not an object with a "text" string')
            text = decode(row["text"].encode("utf-8"))
            check_length(text, max_chars)
            date = row.get("date")
            if date is not None and not (isinstance(date, str) and _ISO_DATE.match(date)):
                raise errors.InputError(f"JSONL date {date!r} is not YYYY-MM-DD")
            date = real_date(date, "JSONL date") if date else article_date(text)
        except json.JSONDecodeError as e:
            yield Failed(fallback, source, digest, errors.InputError(f"malformed JSON: {e.msg} at column {e.colno}", original=e))
            continue
        except errors.InputError as e:
            yield Failed(safe_id(str(row["id"])) if row.get("id") else fallback, source, digest, e)
            continue
        ident = safe_id(str(row["id"])) if row.get("id") else fallback
        yield Article(ident, source, text, date, digest,
                      title=row.get("title"), url=row.get("url"))
