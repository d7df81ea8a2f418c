"""Real published articles (bench/dev), their recorded model answers replayed offline.

Rules change more often than prompts: replay matches each request by its pass and its article
(conftest.same_article_and_pass), not by the hints the rules showed, so a rule change is scored
on the answers the model really gave. The suite fails if a set's headline F1 falls more than
TOLERANCE below the figure of the recorded run. Re-record (≈ 15 min of model time on 2 idle cores):

    pytest tests/test_real_replay.py --record-mode=rewrite

The held-out set (bench/real/holdout) is never recorded here: it is scored only by bench/accuracy.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import cli, settings as settings_module
from extractor.evaluation import score
from tests.conftest import CASSETTES

ROOT = Path(__file__).resolve().parent.parent
SETS = {"dev": ROOT / "bench" / "dev"}
EXPECTED = CASSETTES / "test_real_articles.expected.json"
TOLERANCE = 0.02


def gathered(tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    """Every set's articles in one folder (one run, one server), and which article is in which set."""
    folder = tmp_path / "articles"
    (folder / "gold").mkdir(parents=True)
    members: dict[str, set[str]] = {}
    for name, root in SETS.items():
        members[name] = set()
        for path in sorted((root / "articles").glob("*.txt")):
            shutil.copy(path, folder / path.name)
            shutil.copy(root / "gold" / f"{path.stem}.json", folder / "gold" / f"{path.stem}.json")
            members[name].add(path.stem)
    return folder, members


def headline_of(out: Path, gold: Path, ids: set[str], tmp_path: Path, name: str) -> dict:
    subset = tmp_path / f"gold-{name}"
    subset.mkdir()
    for stem in ids:
        shutil.copy(gold / f"{stem}.json", subset / f"{stem}.json")
    result = score.evaluate_run(out, subset)
    return {"headline": result["headline"],
            "micro_f1": {c: result["micro"][c]["f1"] for c in score.CATEGORIES},
            "articles": len(ids)}


@pytest.mark.vcr(match_on=["method", "path", "same_article_and_pass"], allow_playback_repeats=False)
def test_real_articles_keep_their_recorded_accuracy(tmp_path, embedded_server, recording):
    folder, members = gathered(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["run", str(folder), "--out", str(out), "--base-url", embedded_server,
                                           "--model", settings_module.EMBEDDED_MODEL, "--concurrency", "1", "--answers", "json",
                                           "--gold", str(folder / "gold")])
    assert result.exit_code in (0, 1), result.output
    figures = {name: headline_of(out, folder / "gold", ids, tmp_path, name) for name, ids in members.items()}
    if recording:
        EXPECTED.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        return
    recorded = json.loads(EXPECTED.read_text())
    for name, now in figures.items():
        print(f"{name}: headline {now['headline']:.3f} (recorded {recorded[name]['headline']:.3f}) {now['micro_f1']}")
        assert now["headline"] >= recorded[name]["headline"] - TOLERANCE, (
            f"{name}: headline F1 {now['headline']:.3f} fell more than {TOLERANCE} below the recorded "
            f"{recorded[name]['headline']:.3f}; per category now {now['micro_f1']}, recorded {recorded[name]['micro_f1']}")
