"""Walking an input folder: which files are articles, and which folders are never read.

Symlinked folders are followed, each real folder once, so a link back to an ancestor (a loop) or a
second link to one folder reads nothing twice. Hidden folders, ``gold/`` (annotations), the run's own
--out and any folder holding a records.jsonl (a run's output: reports, call logs) are skipped, so
``extract run .`` never reads what it writes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Container, Iterator, TypeVar

T = TypeVar("T")
OUTPUT_MARK = "records.jsonl"


def walk(folder: Path, suffixes: Container[str], skip: set[Path], failed: Callable[[Path, str], T],
         seen: set[tuple[int, int]] | None = None) -> Iterator[Path | T]:
    """Files with ``suffixes`` under ``folder`` in name order (as ``sorted(rglob)`` gives them); an unreadable
    folder or a dangling link yields ``failed(path, message)`` instead, so the run records it."""
    seen = set() if seen is None else seen
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen or folder.resolve() in skip or (folder / OUTPUT_MARK).is_file():
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield failed(folder, f"cannot read folder: {e.strerror or e}")
        return
    for entry in entries:
        entry_path = Path(entry.path)
        suffix = entry_path.suffix.lower()
        if entry.name.startswith("."):
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            if entry.name != "gold":
                yield from walk(entry_path, suffixes, skip, failed, seen)
        elif is_file:
            if suffix in suffixes:
                yield entry_path
        elif entry.is_symlink() and (suffix in suffixes or not suffix):
            target = os.readlink(entry_path)
            yield failed(entry_path, f"dangling symbolic link to {target} (the target does not exist)")
