"""User errors end in one line and a documented exit code, never a traceback (README: Reliability)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import cli, records
from tests.conftest import SEEDS

ENDPOINT = ["--base-url", "http://127.0.0.1:9/v1", "--model", "m"]
RUN_HELP_CODES = {"1", "2", "3", "4", "5", "130"}


def invoke(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli.main, list(args), env=env)
    return result, [line for line in result.output.splitlines() if line.strip()]


def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")          # an input error: recorded before any model starts
    return folder


def assert_one_line(result, lines: list[str], code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert str(code) in RUN_HELP_CODES and f"  {code}  " in cli.RUN_HELP
    assert len(lines) == 1 and result.output.startswith("error: "), result.output   # no blank line first
    assert "Traceback" not in result.output and not isinstance(result.exception, (TypeError, KeyError, OSError))
    for word in words:
        assert word in lines[0], lines[0]


def test_out_that_is_a_file(tmp_path: Path):
    (tmp_path / "out").write_text("not a folder")
    result, lines = invoke("run", str(articles(tmp_path)), "--out", str(tmp_path / "out"), *ENDPOINT)
    assert_one_line(result, lines, 5, "is a file, not a folder", str(tmp_path / "out"))


def test_out_that_is_read_only(tmp_path: Path):
    if os.geteuid() == 0:            # root writes through file modes; /sys refuses even root
        out = Path("/sys/extractor-test-out")
    else:
        (tmp_path / "ro").mkdir(mode=0o500)
        out = tmp_path / "ro" / "out"
    result, lines = invoke("run", str(articles(tmp_path)), "--out", str(out), *ENDPOINT)
    assert_one_line(result, lines, 5, f"cannot write into {out}")


def test_a_full_disk_stops_the_run_with_one_line_and_keeps_the_records(tmp_path: Path, monkeypatch):
    folder, out = articles(tmp_path), tmp_path / "out"
    invoke("run", str(folder), "--out", str(out), *ENDPOINT)
    before = (out / records.RECORDS).read_bytes()
    (folder / "also_empty.txt").write_bytes(b"")

    def full(self, fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(records.Store, "_write", full)       # the write seam: every byte to disk goes here
    result, lines = invoke("run", str(folder), "--out", str(out), *ENDPOINT)
    assert_one_line(result, lines, 5, f"cannot write into {out}: No space left on device")
    assert (out / records.RECORDS).read_bytes() == before    # compaction failed aside; the old file is whole
    assert not (out / "records.jsonl.tmp").exists()


@pytest.mark.parametrize("content,words", [
    ("{not json", ["is not valid JSON"]),
    ("[]", ["is not an Extraction"]),
    ('{"votes": [{"tally": "93 to 18"}]}', ["is not an Extraction", "votes.0"]),
])
def test_a_malformed_or_wrong_shaped_gold_file_is_named(tmp_path: Path, content: str, words: list[str]):
    gold = tmp_path / "gold"
    shutil.copytree(SEEDS / "gold", gold)
    (gold / "bad.json").write_text(content)
    (tmp_path / "run").mkdir()
    result, lines = invoke("eval", str(tmp_path / "run"), "--gold", str(gold))
    assert_one_line(result, lines, 2, f"gold file {gold / 'bad.json'}", *words)


def test_gold_that_does_not_exist(tmp_path: Path):
    (tmp_path / "run").mkdir()
    result, lines = invoke("eval", str(tmp_path / "run"), "--gold", str(tmp_path / "nope"))
    assert_one_line(result, lines, 2, str(tmp_path / "nope"))
    result, lines = invoke("run", str(articles(tmp_path)), "--out", str(tmp_path / "out"), "--gold",
                           str(tmp_path / "nope"), *ENDPOINT)
    assert_one_line(result, lines, 2, f"--gold {tmp_path / 'nope'}")
    assert not (tmp_path / "out").exists()                     # refused before anything ran


@pytest.mark.parametrize("flag,value,words", [
    ("--limit", "-1", ["--limit must be >= 0"]),
    ("--timeout", "nan", ["--timeout must be a finite number"]),
    ("--timeout", "inf", ["--timeout must be a finite number"]),
    ("--timeout", "-5", ["--timeout must be a finite number"]),
])
def test_bad_option_values(tmp_path: Path, flag: str, value: str, words: list[str]):
    result, lines = invoke("run", str(articles(tmp_path)), "--out", str(tmp_path / "out"), flag, value, *ENDPOINT)
    assert_one_line(result, lines, 2, *words)


@pytest.mark.parametrize("variable,value", [("EXTRACT_CONCURRENCY", "abc"), ("EXTRACT_TIMEOUT", "soon")])
def test_a_bad_environment_variable_is_named(tmp_path: Path, variable: str, value: str):
    result, lines = invoke("run", str(articles(tmp_path)), "--out", str(tmp_path / "out"), *ENDPOINT,
                           env={variable: value})
    assert_one_line(result, lines, 2, f"{variable}={value!r}")


def test_a_folder_without_articles_is_refused(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.pdf").write_bytes(b"%PDF")
    for folder in (tmp_path / "empty", tmp_path / "other"):
        result, lines = invoke("run", str(folder), "--out", str(tmp_path / "out"), *ENDPOINT)
        assert_one_line(result, lines, 2, f"no articles found under {folder} (looked for .txt .md .html .jsonl)")


def test_the_readme_documents_every_exit_code():
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text().split())   # however it wraps
    for code, meaning in (("5", "OUT cannot be written"), ("2", "bad usage")):
        assert f"  {code}  " in cli.RUN_HELP and meaning in cli.RUN_HELP
    assert "5 OUT cannot be written" in readme


def test_records_stay_json(tmp_path: Path):
    folder, out = articles(tmp_path), tmp_path / "out"
    result, _ = invoke("run", str(folder), "--out", str(out), *ENDPOINT)
    assert result.exit_code == 1
    assert [json.loads(x)["status"] for x in (out / records.RECORDS).read_text().splitlines()] == ["error"]
