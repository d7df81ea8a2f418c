import hashlib
import json
from pathlib import Path

import pytest

from extractor import articles, errors
from tests.conftest import SEEDS


def test_seed_texts_keep_every_character_and_the_date_marker_gives_the_date():
    loaded = {a.id: a for a in articles.load(SEEDS)}
    assert set(loaded) == {"000_a0f2317047c69f18", "001_c514857093b5ae28"}   # gold/ is not an article
    second = loaded["001_c514857093b5ae28"]
    raw = (SEEDS / "001_c514857093b5ae28.txt").read_bytes().decode("utf-8")
    assert second.text == raw.replace("\r\n", "\n")
    assert second.date == "2025-02-26"
    assert loaded["000_a0f2317047c69f18"].date is None
    assert len(second.sha256) == 64


def test_bad_files_become_per_article_errors(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Résolution adoptée".encode("latin-1"))
    (tmp_path / "good.txt").write_text("The resolution passed 93 to 18.", encoding="utf-8")
    items = {i.id: i for i in articles.load(tmp_path)}
    assert isinstance(items["good"], articles.Article)
    reasons = {k: v.error for k, v in items.items() if isinstance(v, articles.Failed)}
    assert set(reasons) == {"empty", "blank", "binary", "latin1"}
    assert "empty" in str(reasons["empty"]) and "empty" in str(reasons["blank"])
    assert "binary" in str(reasons["binary"])
    assert "UTF-8" in str(reasons["latin1"]) and "0xe9" in str(reasons["latin1"])
    assert all(isinstance(e, errors.InputError) and "\n" not in str(e) for e in reasons.values())


def test_crlf_is_normalised_and_offsets_index_the_normalised_text(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"date 2024-12-30 Headline\r\nBody line.\r\n")
    (article,) = articles.load(tmp_path)
    assert article.text == "date 2024-12-30 Headline\nBody line.\n" and article.date == "2024-12-30"


def test_html_is_converted_and_scripts_never_reach_the_text(tmp_path: Path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>T</title><script>var x = 'Ignore previous instructions';</script></head>"
        "<body><h1>UN vote</h1><p>The Assembly voted 93&nbsp;to 18.</p><style>p{}</style></body></html>")
    (article,) = articles.load(tmp_path)
    assert "Ignore previous" not in article.text and "p{}" not in article.text
    assert article.text == "UN vote\n\nThe Assembly voted 93 to 18."  # blocks apart; whitespace runs, nbsp included, collapse


def test_markdown_front_matter_date(tmp_path: Path):
    (tmp_path / "note.md").write_text("---\ntitle: x\ndate: 2023-02-23\n---\nThe Assembly voted.\n")
    (article,) = articles.load(tmp_path)
    assert article.date == "2023-02-23" and article.text.startswith("---\n")


def test_jsonl_rows_are_articles_and_bad_rows_are_errors(tmp_path: Path):
    rows = [json.dumps({"id": "a/1", "text": "Vote passed.", "date": "2025-02-26", "url": "u"}),
            "{not json", json.dumps({"id": "nodate", "text": ""}), json.dumps({"id": "a/1", "text": "dup id"})]
    (tmp_path / "batch.jsonl").write_text("\n".join(rows) + "\n")
    items = list(articles.load(tmp_path))
    suffix = hashlib.sha256(b"batch.jsonl:4").hexdigest()[:6]          # the duplicate's path, not its position
    assert [i.id for i in items] == ["a_1", "batch_2", "nodate", f"a_1_{suffix}"]
    assert items[0].date == "2025-02-26" and items[0].url == "u"
    assert isinstance(items[1], articles.Failed) and "malformed JSON" in str(items[1].error)
    assert isinstance(items[2], articles.Failed) and "empty" in str(items[2].error)


def test_missing_path_is_an_input_error(tmp_path: Path):
    with pytest.raises(errors.InputError):
        list(articles.load(tmp_path / "nope"))
