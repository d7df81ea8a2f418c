"""Real answers of the embedded model, recorded over HTTP and replayed offline (cassettes/).

Replay is the default: no model, no llama_cpp, no network; the client talks to an address
where nothing listens and only the cassette answers. Re-record after changing a prompt,
an answer schema or a request (a few minutes of model time on 2 cores):

    pytest tests/test_cassettes.py --record-mode=rewrite

which starts the real embedded server with ``embedded.serve`` and sends it exactly what
``extract run`` sends. The seeds test then also stores what the recorded run produced
(``cassettes/test_seeds_end_to_end.expected.json``); replay must reproduce it exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pydantic
import pytest
from click.testing import CliRunner
from pydantic import Field, field_validator

from extractor import articles, cli, errors, passes, prompts
from extractor.passes import view, votes as votes_pass
from extractor.read import reading as reading_module
from extractor import settings as settings_module
from extractor.evaluation import score
from extractor.llm import client as llm, embedded, glue
from schemas import answers, extraction
from tests.conftest import (CASSETTES, RECORD_COMMAND, REPLAY_URL, SEEDS, CassetteMisses, parsed_body)

MODEL = settings_module.EMBEDDED_MODEL
EXPECTED = CASSETTES / "test_seeds_end_to_end.expected.json"


def run_cli(folder: Path, out: Path, base_url: str):
    """`extract run` in-process, with the flags that make its requests equal to the embedded path's."""
    return CliRunner().invoke(cli.main, ["run", str(folder), "--out", str(out), "--base-url", base_url,
                                         "--model", MODEL, "--concurrency", "1", "--answers", "json"])


def read_records(out: Path) -> dict[str, dict[str, Any]]:
    return {r["article_id"]: r for r in map(json.loads, (out / "records.jsonl").read_text().splitlines())}


def snapshot(records: dict[str, dict[str, Any]], result: dict[str, Any]) -> dict[str, Any]:
    """What a run produced from the model's answers (no timings, ids or version hashes)."""
    keep = ("status", "article_date", "attempts", "usage", "extraction", "dropped", "error")
    return {
        "records": {i: {k: r.get(k) for k in keep} for i, r in sorted(records.items())},
        "eval": {
            "headline": result["headline"],
            "micro_f1": {c: result["micro"][c]["f1"] for c in score.CATEGORIES},
            "macro_f1": {c: result["macro_over_articles"][c]["f1"] for c in score.CATEGORIES},
            "article_headline": {i: a["headline"] for i, a in sorted(result["articles"].items())},
            "motive_holders": result["motive_holder_accuracy"],
        },
    }


@pytest.mark.vcr
def test_seeds_end_to_end(tmp_path, embedded_server, recording, vcr, cassette_misses: CassetteMisses):
    out = tmp_path / "out"
    result = run_cli(SEEDS, out, embedded_server)
    cassette_misses.check()                       # a request without a recording: say what changed
    assert result.exit_code == 0, result.output

    records = read_records(out)
    seeds = {a.id: a for a in articles.load(SEEDS)}
    assert set(records) == set(seeds) == {"000_a0f2317047c69f18", "001_c514857093b5ae28"}
    for article_id, record in records.items():
        assert record["status"] == "ok", record
        assert record["model"] == MODEL and record["prompt_version"] == prompts.version()
        article = seeds[article_id]
        x = extraction.Extraction.model_validate(record["extraction"],
                                                 context=reading_module.read(article).context)
        for motive in x.motives:                  # spans are the program's, quotes are verbatim
            assert article.text[motive.span.start:motive.span.end] == motive.quote
    # Every HTTP interaction is one counted attempt; nothing recorded is left unused.
    assert len(vcr) == sum(r["attempts"] for r in records.values())
    assert vcr.all_played or recording

    # Numbers and polarity come from rules over the text once the model points at the sentence.
    ukraine = extraction.Extraction.model_validate(records["001_c514857093b5ae28"]["extraction"])
    assert records["001_c514857093b5ae28"]["article_date"] == "2025-02-26"
    (l10,) = [v for v in ukraine.votes if (v.tally.yes, v.tally.no, v.tally.abstain) == (93, 18, 65)]
    assert l10.outcome == "adopted" and l10.body == "general_assembly"
    israel = extraction.Extraction.model_validate(records["000_a0f2317047c69f18"]["extraction"])
    assert records["000_a0f2317047c69f18"]["article_date"] is None
    (ga,) = [v for v in israel.votes if (v.tally.yes, v.tally.no, v.tally.abstain) == (87, 26, 53)]
    assert ga.outcome == "adopted"

    figures = score.evaluate_run(out, SEEDS / "gold")
    assert figures["articles_scored"] == 2 and figures["cost_totals"]["status_counts"] == {"ok": 2}
    produced = snapshot(records, figures)
    if recording:
        EXPECTED.write_text(json.dumps(produced, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        return
    expected = json.loads(EXPECTED.read_text())
    hint = f"replay differs from the recorded run ({EXPECTED.name}); if the code changed on purpose: {RECORD_COMMAND}"
    assert produced["records"] == expected["records"], hint
    assert produced["eval"]["headline"] == pytest.approx(expected["eval"]["headline"]), hint
    for kind in ("micro_f1", "macro_f1", "article_headline"):
        assert produced["eval"][kind] == pytest.approx(expected["eval"][kind]), hint
    assert produced["eval"]["motive_holders"] == expected["eval"]["motive_holders"], hint


@pytest.mark.replay_only
@pytest.mark.default_cassette("test_seeds_end_to_end")
@pytest.mark.vcr
def test_a_changed_prompt_fails_naming_the_prompt_file_and_the_record_command(tmp_path, monkeypatch, vcr,
                                                                              cassette_misses: CassetteMisses):
    changed = tmp_path / "prompts"
    shutil.copytree(prompts.DIRECTORY, changed)
    events = changed / "events.txt"
    first_line = events.read_text(encoding="utf-8").splitlines()[0]
    new_line = first_line + " Be brief."
    events.write_text(events.read_text(encoding="utf-8").replace(first_line, new_line, 1), encoding="utf-8")
    monkeypatch.setattr(prompts, "DIRECTORY", changed)
    prompts.template.cache_clear()
    prompts.version.cache_clear()
    try:
        result = run_cli(SEEDS, tmp_path / "out", REPLAY_URL)
        new_version = prompts.version()
    finally:
        monkeypatch.undo()
        prompts.template.cache_clear()
        prompts.version.cache_clear()
    assert result.exit_code == 1                               # the events pass of each article has no recording
    assert {r["status"] for r in read_records(tmp_path / "out").values()} == {"error"}
    message = cassette_misses.text()
    assert "(tool json:events)" in message and "prompts/events.txt" in message
    assert f"prompt_version: now {new_version}, recorded {prompts.version()}" in message
    assert f"recorded: {first_line}" in message and f"now:      {new_line}" in message
    assert RECORD_COMMAND in message
    assert len(cassette_misses.errors) == 2                    # one per article: a miss is not retried


# --- a validation re-ask, for real ----------------------------------------------------------------

SMALL_ARTICLE = (
    "date 2025-03-14 The UN General Assembly on Thursday adopted resolution A/79/L.61, which calls for an "
    "immediate humanitarian ceasefire in Sudan and unhindered access for aid convoys, by 141 votes to 7, "
    "with 21 abstentions.\n\nNorway and Kenya voted in favour, while Russia voted against. China abstained.\n"
)


_SYMBOL = re.compile(r"[A-Z]+(/[\w.()-]+)+|[A-Z]\.\d+")


class StrictVoteItem(answers.VoteItem):
    """A stricter check than the product's, which the model's first answer breaks for real:
    recorded, it put the resolution symbol in ``subject`` ("resolution A/79/L.61")."""

    @field_validator("subject")
    @classmethod
    def _not_a_symbol(cls, v: str) -> str:
        if _SYMBOL.search(v):
            raise ValueError(f"subject {v!r} names a resolution symbol, not what was voted on; write the topic "
                             "in a few words of the article, like 'humanitarian ceasefire in Sudan'")
        return v


class StrictVotes(answers.Votes):
    """The votes the article reports."""
    votes: Annotated[list[StrictVoteItem], Field(max_length=10)]
    item_model: ClassVar[type[answers.Lean]] = StrictVoteItem


def tool_arguments(response: dict[str, Any]) -> str:
    body = response["body"]["string"]
    data = json.loads(body.decode() if isinstance(body, bytes) else body)
    return data["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]


@pytest.mark.vcr
def test_a_broken_rule_is_sent_back_with_the_precise_error(embedded_server, vcr, cassette_misses: CassetteMisses):
    """A real re-ask: the model's first answer breaks a rule, the exact error goes back, the model answers again.

    Recorded (Qwen2.5-Coder-1.5B): the second answer writes the topic instead of the symbol. (Before the
    rule went out as a user turn, llama.cpp's template dropped the tool turn that carried it, and the
    model repeated its answer word for word.) Should a re-recording leave the answer broken, the call
    must fail with its costs and the last raw answer.
    """
    article = articles.Article("sudan", "sudan.txt", SMALL_ARTICLE, articles.article_date(SMALL_ARTICLE),
                               hashlib.sha256(SMALL_ARTICLE.encode()).hexdigest())
    reading = reading_module.read(article)
    messages = [  # exactly what the votes pass asks
        {"role": "system", "content": prompts.render("system", date=article.date, article=view.render(reading))},
        {"role": "user", "content": prompts.render("votes", hints=votes_pass.hints(reading))},
    ]
    context = reading.context
    settings = settings_module.build({"base_url": embedded_server, "model": MODEL, "concurrency": 1,
                                      "answers": "json"}, {})    # the embedded path: its template's turns
    call = llm.Call()
    answer, failure = None, None
    try:
        answer = llm.Client(settings, embedded_server).ask(
            messages=messages, response_model=StrictVotes, context=context,
            max_tokens=passes.MAX_TOKENS["votes"], call=call)
    except errors.ValidationFailed as e:
        failure = e
    except Exception:
        cassette_misses.check()
        raise
    cassette_misses.check()

    # The first answer really broke the rule, and the precise error went back with it.
    assert call.attempts >= 2 and len(vcr) == call.attempts
    raw = [tool_arguments(r) for r in vcr.responses]
    with pytest.raises(pydantic.ValidationError) as broken:
        StrictVotes.model_validate_json(raw[0], context=context)
    assert "names a resolution symbol" in str(broken.value)
    second = parsed_body(vcr.requests[1])
    assert second["messages"][:2] == parsed_body(vcr.requests[0])["messages"]
    assert parsed_body(vcr.requests[0])["temperature"] == 0.0 and second["temperature"] == 0.5  # a re-ask is not a replay
    assert [m["role"] for m in second["messages"][2:]] == ["assistant", "user"]   # the template has no tool role
    assert second["messages"][2]["tool_calls"][0]["function"]["arguments"] == raw[0]
    assert not second["messages"][2].get("content")            # the template would print it before the call
    sent_back = second["messages"][3]["content"]
    assert sent_back.startswith("Validation Error found:\n")
    # the broken rule's own message goes back, without pydantic's input echo, type code and link (llm/glue.reask)
    assert sent_back == glue.rules_only(
        parsed_body_text(f"Validation Error found:\n{broken.value}\nRecall the function correctly, fix the errors"))
    assert "names a resolution symbol" in sent_back and "errors.pydantic.dev" not in sent_back and "[type=" not in sent_back
    if failure is None:                                     # corrected: the last answer passes every rule
        final = StrictVotes.model_validate_json(raw[-1], context=context)
        assert final.model_dump() == answer.model_dump() and answer.votes
        assert not any(_SYMBOL.search(v.subject) for v in answer.votes)
    else:                                                   # still broken: keep the costs and the last raw answer
        assert failure.last_raw == raw[-1] and failure.attempts == call.attempts == len(raw)
        assert failure.usage == call.usage.as_dict() and call.usage.completion_tokens > 0
        symbol_votes = json.loads(raw[0])["votes"]
        vote = answers.VoteItem.model_validate(symbol_votes[0], context=context)
        assert votes_pass.build_vote(reading, vote)["tally"] == {"yes": 141, "no": 7, "abstain": 21}
    assert vcr.all_played or len(vcr.play_counts) == 0


def parsed_body_text(text: str) -> str:
    """The text as the matcher compares it (pydantic's versioned docs links normalised)."""
    from tests.conftest import _normalise
    return _normalise(text)


# --- the embedded server's start-up probe ---------------------------------------------------------

class _Running:
    """A stand-in for the server process: alive (the real one is run by ``embedded.serve``)."""
    returncode = None

    def poll(self) -> None:
        return None


@pytest.mark.vcr
def test_the_startup_probe_sees_the_embedded_model(embedded_server, vcr):
    embedded.wait_ready(embedded_server, _Running(), timeout=30)
    (request,) = vcr.requests
    assert request.method == "GET" and request.path == "/v1/models"
    body = vcr.responses[0]["body"]["string"]
    models = json.loads(body.decode() if isinstance(body, bytes) else body)
    assert [m["id"] for m in models["data"]] == [MODEL]


# --- no secrets in cassettes/ ---------------------------------------------------------------------

SECRET_PATTERNS = {
    "an OpenAI-style key": re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"),
    "a bearer token": re.compile(r"\bbearer\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE),
    "an authorization or api-key header": re.compile(r"^\s*['\"]?(authorization|api-key|x-api-key)['\"]?\s*:", re.IGNORECASE | re.MULTILINE),
    "a cookie header": re.compile(r"^\s*['\"]?(set-cookie|cookie)['\"]?\s*:", re.IGNORECASE | re.MULTILINE),
    "an organisation or project id": re.compile(r"^\s*['\"]?openai-(organization|project)['\"]?\s*:|\b(org|proj)-[A-Za-z0-9]{20,}",
                                                re.IGNORECASE | re.MULTILINE),
}


def secrets_in(text: str) -> list[str]:
    return [f"{what}: {m.group(0).strip()[:24]}…" for what, pattern in SECRET_PATTERNS.items()
            for m in pattern.finditer(text)]


def test_the_secret_scan_finds_what_it_looks_for():
    leaky = ("    headers:\n      Authorization:\n      - Bearer abcdefghijklmnop\n      Set-Cookie:\n      - a=b\n"
             "      openai-organization:\n      - org-abcdefghijklmnopqrstuvwx\n"
             "    body: '{\"key\": \"sk-proj-abcdefghijklmnopqrstuvwxyz\"}'\n")
    found = " | ".join(secrets_in(leaky))
    for what in SECRET_PATTERNS:
        assert what in found
    assert secrets_in("The bearer of bad news asked: cookie? sk-8 skills") == []


def test_no_cassette_holds_anything_like_a_secret():
    files = sorted(p for p in CASSETTES.rglob("*") if p.is_file())
    assert any(p.suffix == ".yaml" for p in files), "no cassettes recorded; run: " + RECORD_COMMAND
    leaks = {p.name: hits for p in files if (hits := secrets_in(p.read_text(encoding="utf-8", errors="replace")))}
    assert leaks == {}
