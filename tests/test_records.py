"""The store (records.jsonl): nothing written is lost, damage never crashes a resume, answers are capped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from extractor import cli, records, worker
from extractor.evaluation import score
from tests.conftest import SEEDS, ScriptedModel
from tests.test_worker import SEED, good_answers, seed_folder

SEPARATORS = "\u2028\u2029\u0085"


class Heard(worker.Hooks):
    def __init__(self, on_finished=None) -> None:
        self.warnings: list[str] = []
        self.on_finished = on_finished

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def finished(self, record) -> None:
        if self.on_finished:
            self.on_finished(record)


def run(settings, folder: Path, model: ScriptedModel, hooks: worker.Hooks | None = None) -> worker.Outcome:
    return worker.run(settings, folder, hooks, connect=lambda s, url: model)


def lines(settings) -> list[bytes]:
    return [x for x in (Path(settings.out) / records.RECORDS).read_bytes().split(b"\n") if x]


def separated_answers() -> list:
    """The seed's answers, with U+2028, U+2029 and U+0085 in the model's words, sent raw (not \\u-escaped)."""
    answers = good_answers()
    answers[0]["votes"][0]["subject"] = f"Ukraine{SEPARATORS}territorial integrity"
    answers[2]["events"][0]["summary"] = f"The Assembly{SEPARATORS} adopted the resolution."
    return [json.dumps(answers[0], ensure_ascii=False), answers[1], json.dumps(answers[2], ensure_ascii=False)]


def test_a_record_holding_line_separators_survives_compaction_and_eval(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    (folder / "gold").mkdir()
    shutil.copy(SEEDS / "gold" / f"{SEED}.json", folder / "gold")
    outcome = run(remote_settings, folder, scripted.enqueue(*separated_answers()))
    assert outcome.failed == 0
    (line,) = lines(remote_settings)                             # compacted, and still there
    assert "\u2028".encode() in line and "\u0085".encode() in line   # written raw, as JSON allows
    record = json.loads(line)
    assert record["status"] == "ok" and SEPARATORS in record["extraction"]["votes"][0]["subject"]
    result = CliRunner().invoke(cli.main, ["eval", str(remote_settings.out), "--gold", str(folder / "gold")])
    assert result.exit_code == 0, result.output
    report = json.loads((Path(remote_settings.out) / "report.json").read_text())
    assert report["articles"][SEED]["cost"]["status"] == "ok"    # not "missing"


def test_a_damaged_line_never_crashes_a_resume_its_article_is_redone_and_the_damage_reported_once(
        tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    shutil.copy(folder / f"{SEED}.txt", folder / "second.txt")
    run(remote_settings, folder, scripted.enqueue(*good_answers(), *good_answers()))
    path = Path(remote_settings.out) / records.RECORDS
    first, second = path.read_bytes().splitlines(keepends=True)
    damage = [b"\xff\xfe not UTF-8\n", b"{}\n", b"[]\n", b'"a JSON string"\n', b'{"article_id": 7}\n']
    path.write_bytes(damage[0] + b"".join(damage[1:3]) + first.replace(b"{", b"\xff{", 1)
                     + b"".join(damage[3:]) + second)
    hooks = Heard()
    outcome = run(remote_settings, folder, scripted.enqueue(*good_answers()), hooks)
    assert [r.article_id for r in outcome.records] == [json.loads(first)["article_id"]]     # redone
    assert [r.article_id for r in outcome.skipped] == [json.loads(second)["article_id"]]    # kept
    (warning,) = hooks.warnings
    assert "6 damaged line(s) skipped (line 1, 2, 3, 4, 5, 6" in warning and "records.damaged" in warning
    assert [json.loads(x)["status"] for x in lines(remote_settings)] == ["ok", "ok"]
    assert (Path(remote_settings.out) / records.DAMAGED).read_bytes().count(b"\n") == 6   # kept aside, not lost
    hooks = Heard()
    run(remote_settings, folder, scripted, hooks)
    assert hooks.warnings == []                                   # reported once: the file is clean now


def test_records_deleted_during_a_run_are_rewritten_with_every_record(tmp_path, remote_settings, scripted):
    folder = seed_folder(tmp_path)
    run(remote_settings, folder, scripted.enqueue(*good_answers()))          # an earlier run's record
    for name in ("second", "third"):
        shutil.copy(folder / f"{SEED}.txt", folder / f"{name}.txt")
    path = Path(remote_settings.out) / records.RECORDS
    hooks = Heard(on_finished=lambda record: path.unlink(missing_ok=True))  # someone deletes it mid-run
    run(remote_settings, folder, scripted.enqueue(*good_answers(), *good_answers()), hooks)
    assert sorted(json.loads(x)["article_id"] for x in lines(remote_settings)) == [SEED, "second", "third"]
    assert hooks.warnings and all("disappeared" in w for w in hooks.warnings)


def test_a_10_mb_answer_makes_a_small_record(tmp_path, remote_settings, scripted):
    raw = '{"votes": [' + " " * 10_000_000 + "oops"
    run(remote_settings, seed_folder(tmp_path), scripted.enqueue(raw))
    (line,) = lines(remote_settings)
    record = json.loads(line)
    assert record["status"] == "invalid" and len(line) < 50_000
    assert record["last_raw"].startswith('{"votes": [') and record["last_raw"].endswith(
        f"… [cut: {len(raw) - records.LAST_RAW_LIMIT:,} more characters]")


def test_dropped_items_are_capped_and_counted(tmp_path: Path):
    store = records.Store(tmp_path / records.RECORDS)
    dropped = [{"kind": "event", "item": {"s": n}, "rule": "sentence does not exist"} for n in range(5_000)]
    written = store.append(records.Record("a", status="ok", extraction={}, dropped=dropped))
    store.close()
    (record,) = records.read(tmp_path / records.RECORDS).latest.values()
    assert len(record.dropped) == records.DROPPED_LIMIT and record.dropped_total == 5_000 == written.dropped_total


def test_the_worker_and_eval_read_records_the_same_way(tmp_path: Path):
    data = (b'{"article_id": "a", "status": "ok"}\n\xff\n{"article_id": "b", "status": "error"}\n'
            b'{"article_id": "a", "status": "error"}\n{"article_id": "c", "sta')
    (tmp_path / records.RECORDS).write_bytes(data)
    store = records.Store(tmp_path / records.RECORDS)
    store.close()
    assert {k: r.status for k, r in store.previous.items()} == {"b": "error", "a": "error"}
    assert {k: r.status for k, r in score.load_records(tmp_path).items()} == {"b": "error", "a": "error"}
