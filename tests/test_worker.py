"""The worker's logic with a scripted model at the LLM seam (the real rules, loader and records)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import articles, cli, code_version, errors, worker
from extractor.passes import motives as motives_pass
from extractor.read import reading as reading_module
from extractor.llm import client as llm
from schemas import extraction
from tests.conftest import SEEDS, ScriptedModel

SEED = "001_c514857093b5ae28"
TEXT = (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")


def sentence_number(fragment: str) -> int:
    article = next(articles.load(SEEDS / f"{SEED}.txt"))
    reading = reading_module.read(article)
    return next(n for n, s in enumerate(reading.sentences, 1) if fragment in article.text[s.start:s.end])


def quote_id(fragment: str) -> str:
    article = next(articles.load(SEEDS / f"{SEED}.txt"))
    reading = reading_module.read(article)
    return "Q%d" % next(i for i, q in enumerate(reading.quotes, 1) if fragment in article.text[q.start:q.end])


def candidates() -> list[tuple[str, int, int]]:
    return motives_pass.candidates(reading_module.read(next(articles.load(SEEDS / f"{SEED}.txt"))))


def good_answers() -> list[dict]:
    tally = sentence_number("93 to 18")
    return [
        {"votes": [{"s": tally, "body": "general_assembly", "symbol": "L.10", "subject": "Ukraine territorial integrity",
                    }]},
        {"motives": [{"q": quote_id("There was a lot of pressure from the U.S."), "holder": "Israel",
                      "speaker": "an unnamed Israeli official", "reason": "US pressure"}]},
        {"events": [{"kind": "vote", "s": tally, "summary": "The Assembly adopted the resolution.",
                     "actors": ["Israel"]}]},
    ]


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / f"{SEED}.txt", folder)
    return folder


def run(settings, folder: Path, model: ScriptedModel) -> worker.Outcome:
    return worker.run(settings, folder, connect=lambda s, url: model)


def records(settings) -> list[dict]:
    return [json.loads(line) for line in (Path(settings.out) / "records.jsonl").read_text().splitlines()]


def test_ok_record_takes_numbers_and_polarity_from_the_text(tmp_path, remote_settings, scripted):
    outcome = run(remote_settings, seed_folder(tmp_path), scripted.enqueue(*good_answers()))
    (record,) = records(remote_settings)
    assert record["status"] == "ok" and outcome.failed == 0
    x = extraction.Extraction.model_validate(record["extraction"], context={"text": TEXT, "article_date": "2025-02-26"})
    # the model listed one vote; the article recalls two more, which rules read from their own sentences
    vote, earlier, rival = x.votes
    assert (earlier.date, earlier.tally.yes, earlier.outcome) == ("2023-02", 141, "adopted") and earlier.positions == []
    assert rival.outcome == "rejected" and rival.positions == []
    assert (vote.tally.yes, vote.tally.no, vote.tally.abstain) == (93, 18, 65)
    assert vote.outcome == "adopted" and vote.date == "2025-02-24" and vote.resolution == "L.10"
    stated = {(p.country, p.position) for p in vote.positions}
    assert {("USA", "no"), ("RUS", "no"), ("PRK", "no"), ("BLR", "no"), ("HUN", "no"), ("ISR", "no"),
            ("IRN", "abstain"), ("CHN", "abstain"), ("ARE", "abstain")} <= stated
    assert ("USA", "yes") not in stated     # "voted in favor ... two years ago" is dated 2023: another vote
    # every passage the rules select is a motive; the one the model attributed carries its answer
    assert len(x.motives) == len(candidates())
    (motive,) = [m for m in x.motives if m.quote.startswith("There was a lot of pressure from the U.S.")]
    assert TEXT[motive.span.start:motive.span.end] == motive.quote and motive.holder == "ISR"
    assert motive.speaker == "an unnamed Israeli official" and motive.reason == "US pressure" and motive.vote == 0
    assert not any(m.quote in ("pragmatic", "is not our position") for m in x.motives)  # fragments are not motives
    assert record["attempts"] == 3 and record["usage"] == {"prompt_tokens": 300, "completion_tokens": 30}
    assert {"model", "prompt_version", "schema_version", "run_id", "sha256", "seconds"} <= set(record)
    assert record["article_date"] == "2025-02-26" and record["error"] is None


def test_items_that_break_a_rule_are_dropped_with_the_rule_not_kept(tmp_path, remote_settings, scripted):
    answers = good_answers()
    answers[1] = {"motives": [answers[1]["motives"][0],
                              {"q": "Q99", "holder": "Israel", "speaker": "x", "reason": "y"}]}
    run(remote_settings, seed_folder(tmp_path), scripted.enqueue(*answers))
    (record,) = records(remote_settings)
    assert record["status"] == "ok" and len(record["extraction"]["motives"]) == len(candidates())
    (dropped,) = record["dropped"]
    assert dropped["kind"] == "motive" and "Q99" in json.dumps(dropped["item"])
    assert "id 'Q99' is not a listed passage; the ids are Q1, " in dropped["rule"]


def test_unreadable_answers_make_the_article_invalid_with_the_raw_answer(tmp_path, remote_settings, scripted):
    run(remote_settings, seed_folder(tmp_path), scripted.enqueue("votes: none, sorry"))
    (record,) = records(remote_settings)
    assert record["status"] == "invalid" and record["extraction"] is None
    assert record["last_raw"] == "votes: none, sorry" and record["error"]["type"] == "ValidationFailed"


def test_an_unreachable_endpoint_is_an_error_for_the_article_and_the_run_goes_on(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    shutil.copy(folder / f"{SEED}.txt", folder / "second.txt")
    scripted.enqueue(errors.TransportError("cannot connect to the endpoint"), *good_answers())
    outcome = run(remote_settings, folder, scripted)
    statuses = {r["article_id"]: r["status"] for r in records(remote_settings)}
    assert statuses == {SEED: "error", "second": "ok"} and outcome.failed == 1
    assert next(r for r in records(remote_settings) if r["status"] == "error")["error"]["message"] == "cannot connect to the endpoint"


def test_a_rerun_skips_ok_articles_without_touching_the_model_and_force_redoes_them(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    run(remote_settings, folder, scripted.enqueue(*good_answers()))

    def refuse(settings, url):
        raise AssertionError("the model must not be started when nothing is pending")

    outcome = worker.run(remote_settings, folder, connect=refuse)
    assert outcome.records == [] and [r.article_id for r in outcome.skipped] == [SEED]
    forced = type(remote_settings)(**{**remote_settings.__dict__, "force": True})
    run(forced, folder, scripted.enqueue(*good_answers()))
    assert len(records(remote_settings)) == 1          # compacted: one final record per article


def test_a_rerun_with_another_answer_format_redoes_the_articles(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    run(remote_settings, folder, scripted.enqueue(*good_answers()))
    assert [r["answers"] for r in records(remote_settings)] == ["tools"]     # function calls on a remote endpoint
    as_json = type(remote_settings)(**{**remote_settings.__dict__, "answers": "json"})
    outcome = run(as_json, folder, scripted.enqueue(*good_answers()))
    assert [r.article_id for r in outcome.records] == [SEED] and outcome.skipped == []
    assert [r["answers"] for r in records(remote_settings)] == ["json"]
    assert worker.run(as_json, folder, connect=None).records == []          # the same format again: resumed


def test_a_changed_reading_rule_makes_a_rerun_redo_the_articles(tmp_path, remote_settings, scripted, monkeypatch):
    folder = seed_folder(tmp_path)
    run(remote_settings, folder, scripted.enqueue(*good_answers()))
    (before,) = [r["code_version"] for r in records(remote_settings)]
    copy = tmp_path / "code" / "extractor"            # the rules and passes as a copy, hashed in place of the tree
    for part in ("read", "passes"):
        shutil.copytree(code_version.PACKAGE / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_version, "PACKAGE", copy)
    assert worker.run(remote_settings, folder, connect=None).records == []            # the same rules: resumed
    rule = copy / "read" / "polarity.py"
    rule.write_text(rule.read_text(encoding="utf-8").replace('POSITIONS = ("absent", "abstain", "no", "yes")',
                                                             'POSITIONS = ("abstain", "absent", "no", "yes")'),
                    encoding="utf-8")
    outcome = run(remote_settings, folder, scripted.enqueue(*good_answers()))
    assert [r.article_id for r in outcome.records] == [SEED] and outcome.skipped == []  # a changed rule: redone
    (after,) = [r["code_version"] for r in records(remote_settings)]
    assert before != after == code_version.version()


def test_failed_records_are_redone_and_a_torn_last_line_is_repaired(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    run(remote_settings, folder, scripted.enqueue(errors.TransportError("down")))
    with (Path(remote_settings.out) / "records.jsonl").open("a") as f:
        f.write('{"article_id": "half')                   # a run killed mid-write
    run(remote_settings, folder, scripted.enqueue(*good_answers()))
    assert [r["status"] for r in records(remote_settings)] == ["ok"]


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, remote_settings, scripted):
    out = Path(remote_settings.out)
    out.mkdir(parents=True)
    with worker.lock(out):                                # a run in progress holds it
        with pytest.raises(errors.RunLocked, match=f"another run \\(pid {os.getpid()}\\)"):
            run(remote_settings, seed_folder(tmp_path), scripted)
    assert not (out / ".lock").exists()


def test_a_lock_left_by_a_dead_run_or_a_reused_pid_does_not_block(tmp_path, remote_settings, scripted):
    out = Path(remote_settings.out)
    out.mkdir(parents=True)
    (out / ".lock").write_text(str(os.getppid()))        # a live pid, but no run holds the lock
    run(remote_settings, seed_folder(tmp_path), scripted.enqueue(*good_answers()))
    assert [r["status"] for r in records(remote_settings)] == ["ok"]


def test_bad_files_beside_a_seed_are_errors_and_the_cli_exits_1(tmp_path, monkeypatch, scripted):
    folder = seed_folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "latin1.txt").write_bytes("Résolution".encode("latin-1"))
    scripted.enqueue(*good_answers())
    monkeypatch.setattr(llm, "Client", lambda settings, url, **options: scripted)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["run", str(folder), "--out", str(out), "--base-url", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 1, result.output
    by_id = {r["article_id"]: r for r in map(json.loads, (out / "records.jsonl").read_text().splitlines())}
    assert {k: v["status"] for k, v in by_id.items()} == {SEED: "ok", "empty": "error", "binary": "error", "latin1": "error"}
    assert all("\n" not in by_id[k]["error"]["message"] for k in ("empty", "binary", "latin1"))


def test_run_help_documents_the_exit_codes():
    result = CliRunner().invoke(cli.main, ["run", "--help"])
    assert "some articles failed" in result.output and "Exit codes" in result.output


def test_a_bad_optional_field_is_removed_and_listed_without_losing_its_vote(tmp_path, remote_settings, scripted):
    answers = good_answers()
    answers[0]["votes"][0]["symbol"] = "A/ES-11/L.99"                        # not printed: invented
    answers[0]["votes"].append(dict(answers[0]["votes"][0]))                # the same vote twice
    answers[0]["votes"][1]["symbol"] = None
    scripted.enqueue(*answers)
    run(remote_settings, seed_folder(tmp_path), scripted)
    (record,) = records(remote_settings)
    assert record["status"] == "ok"
    (vote,) = [v for v in record["extraction"]["votes"] if v["tally"]["yes"] == 93]
    assert vote["resolution"] is None                                       # the vote survives, its symbol is gone
    assert [d["kind"] for d in record["dropped"]] == ["vote.symbol", "vote"]
    assert "is not printed in the article" in record["dropped"][0]["rule"]
    assert "the same as an earlier item" in record["dropped"][1]["rule"]
