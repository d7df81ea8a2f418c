"""The store: ``OUT/records.jsonl`` (SPEC §4), its one reader and its one writer.

The worker and the evaluation read the file through ``parse``, so both agree on what a bad line is:
the file is split on ``b"\\n"`` only (``str.splitlines`` also splits on U+2028, U+2029 and U+0085,
which JSON writes raw inside strings), a line that is not UTF-8, not JSON or not a record object is
*damaged*, skipped and reported, and a last line without its newline is what a killed run leaves
behind (torn). ``Store`` appends whole fsynced lines, caps what one answer may add, and notices when
the file disappears during a run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from pathlib import Path
from typing import Any, Callable

from extractor import errors

RECORDS = "records.jsonl"
DAMAGED = "records.damaged"          # damaged lines are moved here, not lost
STATUSES = ("ok", "invalid", "error")
RESUME_KEYS = ("model", "prompt_version", "schema_version", "code_version", "answers")
LAST_RAW_LIMIT = 20_000              # characters of the model's last answer kept in a record
DROPPED_LIMIT = 200                  # dropped items listed in a record; dropped_total counts them all


@dataclasses.dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @classmethod
    def of(cls, data: Any) -> "Usage":
        data = data if isinstance(data, dict) else {}
        return cls(int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


@dataclasses.dataclass
class Record:
    """One article's final outcome. ``versions`` holds model, prompt_version, schema_version, run_id and
    any further key a writer adds (e.g. code_version); it is written flat, as SPEC §4 lists them."""
    article_id: str
    source: str | None = None
    sha256: str | None = None
    article_date: str | None = None
    status: str = "error"
    extraction: dict[str, Any] | None = None
    dropped: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    dropped_total: int = 0
    error: dict[str, Any] | None = None
    last_raw: str | None = None
    attempts: int = 0
    usage: Usage = dataclasses.field(default_factory=Usage)
    seconds: float = 0.0
    versions: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return str((self.error or {}).get("message") or "")

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "versions"}
        data["usage"] = dataclasses.asdict(self.usage)
        return {**data, **self.versions}

    @classmethod
    def from_json(cls, data: Any) -> "Record":
        """A record from a parsed line; ValueError when the line is not a record (``{}``, ``[]``, a string)."""
        if not isinstance(data, dict) or not isinstance(data.get("article_id"), str) or not data["article_id"]:
            raise ValueError("not a record object with an article_id")
        if data.get("status") not in STATUSES:
            raise ValueError(f"status {data.get('status')!r} is not one of {', '.join(STATUSES)}")
        names = {f.name for f in dataclasses.fields(cls)} - {"versions"}
        try:
            fields = {k: v for k, v in data.items() if k in names}
            fields["usage"] = Usage.of(data.get("usage"))
            fields["dropped"] = list(data.get("dropped") or [])
            fields.setdefault("dropped_total", len(fields["dropped"]))
            record = cls(**fields, versions={k: v for k, v in data.items() if k not in names})
            record.attempts, record.seconds = int(record.attempts or 0), float(record.seconds or 0.0)
        except (TypeError, ValueError) as e:
            raise ValueError(f"not a record: {e}") from None
        return record

    def capped(self) -> "Record":
        """The record with a bounded ``last_raw`` and ``dropped``: a 10 MB answer must not make a 35 MB line."""
        raw, dropped = self.last_raw, self.dropped
        if raw is not None and len(raw) > LAST_RAW_LIMIT:
            raw = raw[:LAST_RAW_LIMIT] + f"… [cut: {len(raw) - LAST_RAW_LIMIT:,} more characters]"
        if len(dropped) > DROPPED_LIMIT:
            dropped = dropped[:DROPPED_LIMIT]
        return dataclasses.replace(self, last_raw=raw, dropped=dropped,
                                   dropped_total=max(self.dropped_total, len(self.dropped)))

    def is_current(self, sha256: str | None, versions: dict[str, Any]) -> bool:
        """Resume: an ok record of the same article text under every resume key the run sets."""
        return self.status == "ok" and self.sha256 == sha256 and all(
            self.versions.get(k) == versions[k] for k in RESUME_KEYS if k in versions)


@dataclasses.dataclass
class Contents:
    latest: dict[str, Record]            # the last record per article, in the order they were last written
    damaged: list[tuple[int, bytes]]     # (line number, bytes) of lines that are not records
    torn: bool = False                   # the last line lacks its newline (a killed run)

    def warning(self, path: Path) -> str | None:
        """One line naming the damage, or None."""
        if not self.damaged:
            return None
        numbers = ", ".join(str(n) for n, _ in self.damaged[:10]) + (", …" if len(self.damaged) > 10 else "")
        return (f"{path}: {len(self.damaged)} damaged line(s) skipped (line {numbers}: not a JSON record); "
                f"their articles are redone")


def parse(data: bytes) -> Contents:
    """Records from the bytes of a records.jsonl; the later record of an article wins (resumes append)."""
    lines = data.split(b"\n")
    torn = lines[-1] != b""
    contents = Contents({}, [], torn and bool(lines[-1].strip()))
    for number, line in enumerate(lines[:-1], start=1):
        if not line.strip():
            continue
        try:
            record = Record.from_json(json.loads(line.decode("utf-8")))
        except ValueError:                   # UnicodeDecodeError and JSONDecodeError are ValueErrors too
            contents.damaged.append((number, line))
            continue
        contents.latest.pop(record.article_id, None)
        contents.latest[record.article_id] = record
    return contents


def read(path: Path) -> Contents:
    """The records of a run folder's file; an absent file has none."""
    try:
        return parse(path.read_bytes())
    except FileNotFoundError:
        return Contents({}, [])


def encode(record: Record) -> bytes:
    return (json.dumps(record.to_json(), ensure_ascii=False) + "\n").encode("utf-8")


class Store:
    """records.jsonl of one run: appended line by line under a lock, compacted at the end.

    The file stays open for the whole run, so if someone deletes or replaces it the records are still
    in the open inode: the next append notices, says so through ``warn`` and rewrites the file.
    """

    def __init__(self, path: Path, secret: str | None = None, warn: Callable[[str], None] = lambda m: None) -> None:
        self.path, self.secret, self.warn = path, secret, warn
        self._lock = threading.Lock()
        self._fd = self._open()
        data = self._read()
        if data and not data.endswith(b"\n"):   # cut a torn last line: its article has no final record, is redone
            os.ftruncate(self._fd, data.rfind(b"\n") + 1)
        contents = parse(data)
        if contents.damaged:
            with (path.parent / DAMAGED).open("ab") as f:
                f.write(b"".join(line + b"\n" for _, line in contents.damaged))
            warn(contents.warning(path) + f"; the lines were kept in {path.parent / DAMAGED}")
        self.previous = contents.latest

    def _open(self) -> int:
        return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)

    def _read(self) -> bytes:
        size = os.fstat(self._fd).st_size
        return os.pread(self._fd, size, 0) if size else b""

    def _write(self, fd: int, data: bytes) -> None:
        """The one place bytes reach the disk (tests simulate a full disk here)."""
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)

    def append(self, record: Record) -> Record:
        """Write one whole line and fsync it; return the record as written (capped, the API key masked)."""
        record = record.capped()
        line = encode(record)
        if self.secret and self.secret.encode() in line:   # a last guard: an unexpected error may quote a header
            line = errors.redact(line.decode("utf-8"), self.secret).encode("utf-8")
            record = Record.from_json(json.loads(line))
        with self._lock:
            self._write(self._fd, line)
            if not self._still_there():
                self.warn(f"{self.path} disappeared or was replaced during the run; rewriting it from this run's open copy")
                self._compact()
        return record

    def _still_there(self) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(self._fd).st_ino
        except FileNotFoundError:
            return False

    def compact(self) -> None:
        """One line per article, the latest; written aside and renamed so a crash keeps the old file."""
        with self._lock:
            if not self._still_there():
                self.warn(f"{self.path} disappeared or was replaced during the run; rewriting it from this run's open copy")
            self._compact()

    def close(self) -> None:
        os.close(self._fd)

    def _compact(self) -> None:
        latest = parse(self._read()).latest
        temp = self.path.with_suffix(".jsonl.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            self._write(fd, b"".join(encode(r) for r in latest.values()))
        except BaseException:
            os.close(fd)
            temp.unlink(missing_ok=True)
            raise
        os.close(fd)
        os.replace(temp, self.path)
        os.close(self._fd)
        self._fd = self._open()
