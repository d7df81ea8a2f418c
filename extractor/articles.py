"""Load articles from files, folders and JSONL (SPEC §2).

All offsets in the output index into ``Article.text``, so the text is kept as read
(only newlines normalised, HTML converted to text); boilerplate stays in.
A file that cannot be read becomes a ``Failed`` item, never an exception that
would stop the run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import html.parser
import json
import re
from pathlib import Path
from typing import Iterator

from extractor import errors
from extractor.settings import Settings

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FRONT_DATE = re.compile(r"^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RAW_FACTOR = 16      # bytes per character allowed before reading: UTF-8 and HTML markup take room


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


def load(path: Path, max_chars: int = Settings.max_chars) -> Iterator[Article | Failed]:
    """Every article under ``path`` in a stable order; ids are made unique within the run.

    Folders named ``gold`` hold annotations, not articles, and are skipped. An article longer
    than ``max_chars`` is refused (a Failed item saying so), and a file far over it is not even read.
    """
    path = Path(path)
    if not path.exists():
        raise errors.InputError(f"{path} does not exist")
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") or part == "gold" for part in p.relative_to(path).parts)
    )
    seen: dict[str, int] = {}
    for file in files:
        items = _load_jsonl(file, max_chars) if file.suffix.lower() == ".jsonl" else [_load_file(file, max_chars)]
        for item in items:
            count = seen.get(item.id, 0)
            seen[item.id] = count + 1
            yield dataclasses.replace(item, id=f"{item.id}_{count + 1}") if count else item


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
    """The article date from a leading ``date YYYY-MM-DD`` marker or front matter."""
    m = _DATE_MARKER.match(text)
    if m:
        return m[1]
    fm = _FRONT_MATTER.match(text)
    if fm and (d := _FRONT_DATE.search(fm[1])):
        return d[1]
    return None


def marker_end(text: str) -> int:
    """Where a leading ``date YYYY-MM-DD`` marker ends (0 if none): metadata, not article content."""
    m = _DATE_MARKER.match(text)
    return m.end() if m else 0


def check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise errors.InputError(too_long(f"{len(text):,} characters", max_chars))


def too_long(size: str, max_chars: int) -> str:
    return (f"article too long: {size}, over the limit of {max_chars:,} characters (--max-chars); "
            "split it into articles or raise the limit")


def _load_file(file: Path, max_chars: int) -> Article | Failed:
    ident = safe_id(file.stem)
    try:
        size = file.stat().st_size
        if size > RAW_FACTOR * max_chars:  # not read at all: a mis-pointed file can be gigabytes
            return Failed(ident, str(file), None, errors.InputError(too_long(f"{size / 1e6:.1f} MB", max_chars)))
        raw = file.read_bytes()
    except OSError as e:
        return Failed(ident, str(file), None, errors.InputError(f"cannot read file: {e.strerror}", original=e))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = decode(raw)
        if file.suffix.lower() in {".html", ".htm"}:
            text = html_to_text(text)
            if not text.strip():
                raise errors.InputError("HTML page has no text")
        check_length(text, max_chars)
    except errors.InputError as e:
        return Failed(ident, str(file), digest, e)
    return Article(ident, str(file), text, article_date(text), digest)


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
        except json.JSONDecodeError as e:
            yield Failed(fallback, source, digest, errors.InputError(f"malformed JSON: {e.msg} at column {e.colno}", original=e))
            continue
        except errors.InputError as e:
            yield Failed(safe_id(str(row["id"])) if row.get("id") else fallback, source, digest, e)
            continue
        ident = safe_id(str(row["id"])) if row.get("id") else fallback
        yield Article(ident, source, text, date or article_date(text), digest,
                      title=row.get("title"), url=row.get("url"))


class _TextParser(html.parser.HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
              "header", "footer", "blockquote", "title", "ul", "ol", "table", "figure", "figcaption"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text, one block per line; scripts and styles never reach the model."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
