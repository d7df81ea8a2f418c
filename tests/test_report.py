"""The reports: escaping of untrusted text, span highlighting, and the page as a real browser renders it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from extractor.evaluation import pairing, report, score

TEXT = (
    "The Assembly adopted L.10 by 5 votes to 2. <script>alert(1)</script>\n"
    '"Peace comes first," said the Ghanaian envoy, explaining why Ghana voted yes.'
)
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path(os.environ.get("EXTRACT_TEST_CHROMIUM", "/usr/bin/chromium"))   # tests/test_ci.py points it nowhere


def span(s: str) -> dict[str, int]:
    start = TEXT.index(s)
    return {"start": start, "end": start + len(s)}


VOTE = {"body": "general_assembly", "resolution": "L.10", "subject": "peace", "outcome": "adopted",
        "tally": {"yes": 5, "no": 2}, "positions": [{"country": "GHA", "position": "yes"}],
        "evidence": span("The Assembly adopted L.10 by 5 votes to 2.")}
GOLD = {
    "votes": [VOTE],
    "events": [{"kind": "statement", "summary": "Ghana explained its vote.", "actors": ["GHA"],
                "evidence": span('"Peace comes first," said the Ghanaian envoy, explaining why Ghana voted yes.')}],
    "motives": [{"holder": "GHA", "speaker": "the Ghanaian envoy", "quote": "Peace comes first", "reason": "peace",
                 "vote": 0, "span": span("Peace comes first")}],
}
PRED = {
    "votes": [{**VOTE, "tally": {"yes": 5, "no": 3}, "evidence": span("adopted L.10 by 5 votes")}],
    "events": [{"kind": "other", "summary": "<b>model markup</b>", "actors": [],
                "evidence": span("<script>alert(1)</script>")}],
    "motives": [{"holder": "GHA", "speaker": "envoy", "quote": "Peace comes first,", "reason": "peace",
                 "vote": 0, "span": span("Peace comes first,")}],
}


@pytest.fixture
def html_report(tmp_path: Path) -> Path:
    gold_dir, run_dir = tmp_path / "gold", tmp_path / "run"
    gold_dir.mkdir()
    run_dir.mkdir()
    (gold_dir / "art.json").write_text(json.dumps(GOLD))
    record = {"article_id": "art", "source": "art.txt", "status": "ok", "extraction": PRED, "attempts": 1,
              "usage": {"prompt_tokens": 900, "completion_tokens": 120}, "seconds": 12.5}
    (run_dir / "records.jsonl").write_text(json.dumps(record) + "\n")
    result = score.evaluate_run(run_dir, gold_dir)
    paths = report.write_reports(result, run_dir, {"art": TEXT})
    assert [p.name for p in paths] == ["report.json", "report.md", "report.html"]
    assert json.loads(paths[0].read_text())["headline"] == result["headline"]
    assert "tally.no: gold 2, predicted 3" in paths[1].read_text()
    return paths[2]


def test_html_escapes_article_and_model_text(html_report: Path) -> None:
    page = html_report.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "&lt;b&gt;model markup&lt;/b&gt;" in page and "<b>model markup" not in page
    assert page.count('<rect class="bar"') == len(score.CATEGORIES)
    assert 'id="chart"' in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_highlight_splits_overlapping_spans() -> None:
    # gold [1, 4) and pred [3, 5) over "abcdef": a | bc gold | d both | e pred | f
    out = report.highlight("abcdef", [{"span": [1, 4], "label": "g"}], [{"span": [3, 5], "label": "p"}])
    assert re.sub(r' title="[^"]*"', "", out) == (
        'a<mark class="gold">bc</mark><mark class="both">d</mark><mark class="pred">e</mark>f')
    nested = report.highlight("a<b>", [{"span": [0, 4], "label": "outer"}, {"span": [1, 2], "label": "<inner>"}], [])
    assert "&lt;inner&gt;" in nested and "<inner>" not in nested  # labels are escaped in titles
    assert re.sub(r"<[^>]+>", "", nested) == "a&lt;b&gt;"  # the text is all there, escaped, once


def test_article_texts_reread_sources_and_drop_changed_ones(tmp_path: Path) -> None:
    txt, jsonl = tmp_path / "art.txt", tmp_path / "more.jsonl"
    txt.write_text(TEXT)
    jsonl.write_text(json.dumps({"id": "x", "text": "first"}) + "\n" + json.dumps({"id": "y", "text": TEXT}) + "\n")
    line2 = json.dumps({"id": "y", "text": TEXT}).encode()
    result = {"articles": {
        "art": {"source": str(txt), "sha256": hashlib.sha256(TEXT.encode()).hexdigest()},
        "y": {"source": f"{jsonl}:2", "sha256": hashlib.sha256(line2).hexdigest()},
        "changed": {"source": str(txt), "sha256": "0" * 64},
        "gone": {"source": str(tmp_path / "gone.txt"), "sha256": None},
        "missing": {"source": None},
    }}
    assert report.article_texts(result) == {"art": TEXT, "y": TEXT}


def test_summary_lines() -> None:
    micro = {c: pairing.prf(1, 0, 0) for c in score.CATEGORIES}
    result = {"headline": 1.0, "articles_scored": 1, "micro": micro, "macro_over_articles": {"headline": 1.0}}
    lines = report.summary_lines(result)
    assert lines[0].startswith("headline F1 1.000") and len(lines) == 1 + len(score.CATEGORIES)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    return subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120)


def test_page_renders_in_chromium(html_report: Path, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):        # CI must not pass with the browser test unrun
            pytest.fail(f"CI is set but {CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"needs {CHROMIUM} (apt-get install -y chromium)")
    dom = _chromium(tmp_path, "--dump-dom", html_report.as_uri()).stdout
    assert 'id="chart"' in dom and dom.count('class="bar"') == len(score.CATEGORIES)
    for cls in ("gold", "pred", "both"):
        assert f'<mark class="{cls}"' in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script>alert" not in dom

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", html_report.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

