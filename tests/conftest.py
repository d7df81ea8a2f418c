"""Shared fixtures: all on-disk state goes to a temp dir, and a scripted fake model at the LLM seam."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor import errors, settings as settings_module
from extractor.llm import client as llm, failures

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the user's environment or writes to their home or cache."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("EXTRACT_MODEL", "EXTRACT_BASE_URL", "OPENAI_API_KEY", "EXTRACT_OUT", "EXTRACT_GOLD",
                "EXTRACT_CONCURRENCY", "EXTRACT_MAX_RETRIES", "EXTRACT_TIMEOUT", "EXTRACT_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


class ScriptedModel:
    """A fake at the model seam: answers are enqueued per pass and validated by the real rules.

    An enqueued exception is raised as the endpoint would; an answer that breaks a rule
    fails the way instructor does after its last re-ask (ValidationFailed with the raw answer).
    """

    def __init__(self) -> None:
        self.queue: list[Any] = []
        self.asked: list[dict[str, Any]] = []

    def enqueue(self, *answers: Any) -> "ScriptedModel":
        self.queue.extend(answers)
        return self

    def ask(self, *, messages, response_model, context, max_tokens, call: llm.Call, json_answer=False):
        self.asked.append({"messages": messages, "model": response_model.__name__})
        while isinstance(self.queue[0], dict) and len(self.queue) > 1 and response_model.list_field not in self.queue[0]:
            self.queue.pop(0)     # scripted for a pass the program had no reason to ask (e.g. no motive passages)
        answer = self.queue.pop(0)
        call.attempts += 1
        call.usage.add(type("U", (), {"prompt_tokens": 100, "completion_tokens": 10})())
        if isinstance(answer, BaseException):
            raise answer
        call.last_raw = answer if isinstance(answer, str) else json.dumps(answer)
        try:
            return response_model.model_validate_json(call.last_raw, context=context)
        except ValueError as e:
            raise errors.ValidationFailed(f"no valid answer: {e}", original=e, last_raw=call.last_raw,
                                          attempts=call.attempts, usage=call.usage.as_dict()) from None


@pytest.fixture
def scripted() -> ScriptedModel:
    return ScriptedModel()


@pytest.fixture
def remote_settings(tmp_path: Path) -> settings_module.Settings:
    return settings_module.build({"base_url": "http://127.0.0.1:9/v1", "out": tmp_path / "out", "concurrency": 1}, {})


# ---------------------------------------------------------------------------------------------
# Cassettes: real model answers recorded over HTTP, replayed offline (pytest-recording + vcrpy).
#
# Replay (the default, `pytest`): record_mode "none", the network is blocked (`--block-network`
# in pyproject), and requests match on method, path and the parsed JSON body — never on host
# or port, so replay points the client at http://127.0.0.1:9/v1 and nothing is listening.
# Record (RECORD_COMMAND): the `embedded_server` fixture starts the real embedded model with
# `embedded.serve` and the tests send it the same requests `extract run` sends.
# ---------------------------------------------------------------------------------------------

import difflib
import hashlib
import re

from vcr.errors import CannotOverwriteExistingCassetteException

from extractor import prompts
from schemas import answers, extraction

CASSETTES = ROOT / "cassettes"
RECORDED_WITH = CASSETTES / "recorded_with.json"
RECORD_COMMAND = "pytest tests/test_cassettes.py tests/test_real_replay.py --record-mode=rewrite"
REPLAY_URL = "http://127.0.0.1:9/v1"          # nothing listens there; only a cassette can answer
SECRET_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project", "cookie", "set-cookie")
_PYDANTIC_DOCS = re.compile(r"errors\.pydantic\.dev/[^/\s]+/")


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    """All cassettes live in the repository's cassettes/ folder."""
    return str(CASSETTES)


@pytest.fixture
def vcr_config(record_mode: str) -> dict[str, Any]:
    return {
        # "none" unless --record-mode is given (a record_mode here would otherwise override the flag).
        "record_mode": record_mode,
        "filter_headers": list(SECRET_HEADERS),
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "path", "json_body"],
    }


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body)
    vcr.register_matcher("same_article_and_pass", same_article_and_pass)


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop cookies and organisation/project ids from recorded response headers."""
    headers = response.get("headers") or {}
    for name in list(headers):
        lowered = name.lower()
        if lowered in SECRET_HEADERS or "organization" in lowered or "organisation" in lowered or lowered.endswith("-project"):
            del headers[name]
    return response


def parsed_body(request: Any) -> Any:
    """The request body as JSON (None when empty); pydantic's versioned docs links are normalised.

    instructor sends a failed answer's ValidationError text back to the model, and that text
    links to errors.pydantic.dev/<pydantic version>/…; the version is not part of the request's meaning.
    """
    raw = request.body
    if not raw:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    try:
        return _normalise(json.loads(raw))
    except ValueError:
        return raw


def _normalise(node: Any) -> Any:
    if isinstance(node, str):
        return _PYDANTIC_DOCS.sub("errors.pydantic.dev/*/", node)
    if isinstance(node, list):
        return [_normalise(v) for v in node]
    if isinstance(node, dict):
        return {k: _normalise(v) for k, v in node.items()}
    return node


def json_body(r1: Any, r2: Any) -> None:
    """vcrpy matcher: the parsed JSON bodies are equal (key order and whitespace do not matter)."""
    b1, b2 = parsed_body(r1), parsed_body(r2)
    if b1 != b2:
        where, old, new, _ = first_difference(b2, b1)
        raise AssertionError(f"JSON bodies differ in {where}: recorded {old!r}, now {new!r}")


# --- explaining a request that has no recording ----------------------------------------------

def tool_name(body: Any) -> str | None:
    try:
        return body["tool_choice"]["function"]["name"]     # every pass offers all functions; this one is asked
    except (KeyError, IndexError, TypeError):
        try:
            return body["tools"][0]["function"]["name"]
        except (KeyError, IndexError, TypeError):
            pass
    try:                                                    # a JSON answer (--answers json): its schema's list
        return "json:" + ",".join(body["response_format"]["schema"]["properties"])
    except (KeyError, TypeError, AttributeError):
        return None


_NUMBERING = re.compile(r"\{% (end)?raw %\}|\[(Q|R)?\d+\]")


def article_and_pass(request: Any) -> tuple[str | None, str]:
    """What a request is about, whatever the rules showed with it: the pass (its function) and the
    article (the date line and the opening words of the numbered view, numbering removed)."""
    body = parsed_body(request)
    try:
        system = body["messages"][0]["content"]
    except (KeyError, IndexError, TypeError):
        return tool_name(body), ""
    opening = " ".join(_NUMBERING.sub(" ", system.split("Article date:", 1)[-1]).split())
    return tool_name(body), opening[:240]


def same_article_and_pass(r1: Any, r2: Any) -> None:
    """vcrpy matcher for the real-article replay: the same pass over the same article. The rules' hints
    and listed passages may change (that is what the replay measures); answers replay in recorded order."""
    a, b = article_and_pass(r1), article_and_pass(r2)
    if a != b:
        raise AssertionError(f"another article or pass: {a[0]} {a[1][:60]!r} vs {b[0]} {b[1][:60]!r}")


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split("\n")
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).split("\n")


def _first_line_difference(old: Any, new: Any) -> tuple[int, str, str]:
    a, b = _lines(old), _lines(new)
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<no line>"
        y = b[i] if i < len(b) else "<no line>"
        if x != y:
            return i + 1, x, y
    return 0, "", ""


def first_difference(recorded: Any, now: Any) -> tuple[str, str, str, str]:
    """(where, recorded line, new line, what in the repository makes that part) for two request bodies."""
    if not isinstance(recorded, dict) or not isinstance(now, dict):
        line, old, new = _first_line_difference(recorded, now)
        return f"the body, line {line}", old, new, "the request"
    old_messages, new_messages = recorded.get("messages") or [], now.get("messages") or []
    for i in range(max(len(old_messages), len(new_messages))):
        if i >= len(old_messages) or i >= len(new_messages):
            return (f"the number of messages ({len(old_messages)} recorded, {len(new_messages)} now)",
                    f"{len(old_messages)} messages", f"{len(new_messages)} messages",
                    "a different number of re-asks: an answer now breaks (or passes) a rule it did not before "
                    "(schemas/answers.py, the rules in extractor/read/, the lexicons in extractor/read/lexicon/)")
        old, new = old_messages[i], new_messages[i]
        if old != new:
            role = new.get("role", "?")
            field = "content" if old.get("content") != new.get("content") else None
            if field is None:
                line, a, b = _first_line_difference(old, new)
                return f"messages[{i}] ({role}) line {line}", a, b, _source(role, i, b, a)
            line, a, b = _first_line_difference(old.get("content") or "", new.get("content") or "")
            return f"messages[{i}] ({role} message) line {line}", a, b, _source(role, i, b, a)
    if recorded.get("tools") != now.get("tools"):
        line, a, b = _first_line_difference(recorded.get("tools"), now.get("tools"))
        name = tool_name(now) or tool_name(recorded)
        return (f"the tool schema of {name}, line {line}", a, b,
                f"the answer schema {name} (schemas/answers.py; schema_version {extraction.SCHEMA_VERSION})")
    for key in sorted(set(recorded) | set(now)):
        if recorded.get(key) != now.get(key):
            return (f"the request option {key!r}", json.dumps(recorded.get(key)), json.dumps(now.get(key)),
                    "extractor/passes/ (MAX_TOKENS) or extractor/llm/glue.py (request options), or the --model flag")
    return "nothing", "", "", ""


def _source(role: str, index: int, new_line: str, old_line: str) -> str:
    if role == "system":
        if re.match(r"^(\{% raw %\})?\[\d+\] ", new_line) or re.match(r"^(\{% raw %\})?\[\d+\] ", old_line):
            return ("the article text as numbered for the model (the seed article, extractor/passes/view.py, "
                    "or the sentence and furniture rules in extractor/read/)")
        return _prompt_file(new_line, old_line, default="prompts/system.txt")
    if role == "user" and index == 1:
        return _prompt_file(new_line, old_line, default="a prompt file in prompts/ or what extractor/passes/ shows (hints, listed passages)")
    if role in ("user", "tool"):
        return "the validation error sent back on a re-ask (rules in schemas/answers.py, grounded by extractor/read/)"
    return "an earlier answer of the model in a re-ask conversation (a different answer was recorded)"


def _prompt_file(new_line: str, old_line: str, default: str) -> str:
    """The prompt file that holds the changed line (or the nearest line to it)."""
    best, score = default, 0.6
    for path in sorted(prompts.DIRECTORY.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            literal = line.split("$")[0].strip()
            if literal and (literal == new_line.strip() or (new_line.strip().startswith(literal) and len(literal) > 20)):
                return f"prompts/{path.name}"
            ratio = difflib.SequenceMatcher(None, line, new_line).ratio()
            if ratio > score:
                best, score = f"prompts/{path.name}", ratio
    return best


def current_versions() -> dict[str, Any]:
    """What the requests are made of: prompt files, answer schemas and the output schema, by hash."""
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:12]
    return {
        "prompt_version": prompts.version(),
        "schema_version": extraction.SCHEMA_VERSION,
        "prompt_files": {f"prompts/{p.name}": digest(p.read_bytes()) for p in sorted(prompts.DIRECTORY.glob("*.txt"))},
        "answer_schemas": {m.__name__: digest(json.dumps(m.model_json_schema(), sort_keys=True).encode())
                           for m in (answers.Votes, answers.Motives, answers.Events)},
    }


def explain_miss(exc: CannotOverwriteExistingCassetteException) -> str:
    """Why a request has no recording: which prompt or schema changed, and the command that re-records."""
    cassette, request = exc.cassette, exc.failed_request
    path = Path(cassette._path)
    body = parsed_body(request)
    name = tool_name(body)
    lines = [f"No recording in cassettes/{path.name} answers {request.method} {request.path}"
             + (f" (tool {name})" if name else "") + "."]
    now = current_versions()
    recorded = json.loads(RECORDED_WITH.read_text()) if RECORDED_WITH.exists() else {}
    for key in ("prompt_version", "schema_version"):
        lines.append(f"  {key}: now {now[key]}, recorded {recorded.get(key, '?')}"
                     + ("" if now[key] != recorded.get(key) else " (unchanged)"))
    for group in ("prompt_files", "answer_schemas"):
        changed = sorted(k for k, v in now[group].items() if recorded.get(group, {}).get(k) != v)
        if changed and recorded:
            lines.append(f"  changed since recording: {', '.join(changed)}")
    if not len(cassette):
        lines.append(f"  the cassette {path.name} does not exist or is empty.")
    else:
        same_route = [r for r in cassette.requests if r.method == request.method and r.path == request.path]
        if same_route:
            closest = max(same_route, key=lambda r: _closeness(parsed_body(r), body))
            where, old, new, source = first_difference(parsed_body(closest), body)
            lines += [f"  the closest recorded request differs first in {where}, made by {source}:",
                      f"    recorded: {old[:300]}",
                      f"    now:      {new[:300]}"]
        elif exc.reason == "already_played":
            lines.append("  the request was recorded but is sent more times than recorded.")
    lines.append(f"Re-record the cassettes with the real embedded model (a few minutes): {RECORD_COMMAND}")
    return "\n".join(lines)


def _closeness(recorded: Any, now: Any) -> tuple:
    """Same tool first, then the most leading messages in common, then the most similar text."""
    if not isinstance(recorded, dict) or not isinstance(now, dict):
        return (0, 0, 0.0)
    same_tool = tool_name(recorded) == tool_name(now)
    a, b = recorded.get("messages") or [], now.get("messages") or []
    common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    similarity = difflib.SequenceMatcher(None, json.dumps(a)[-4000:], json.dumps(b)[-4000:]).quick_ratio()
    return (same_tool, common, similarity)


class CassetteMisses:
    """Requests a test made that no cassette could answer, kept so the failure can say why."""

    def __init__(self) -> None:
        self.errors: list[CannotOverwriteExistingCassetteException] = []
        self.explanations: list[str] = []

    def add(self, error: CannotOverwriteExistingCassetteException) -> None:
        self.errors.append(error)
        self.explanations.append(explain_miss(error))   # now, while the changed prompts are in place

    def text(self) -> str:
        return "\n\n".join(dict.fromkeys(self.explanations))

    def check(self) -> None:
        if self.errors:
            pytest.fail(self.text(), pytrace=False)


MISSES = pytest.StashKey[CassetteMisses]()


def _from_cassette(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, CannotOverwriteExistingCassetteException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@pytest.fixture(autouse=True)
def cassette_misses(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> CassetteMisses:
    """In a cassette test, collect unanswered requests, and do not retry them as transport errors.

    Without this the SDK turns the miss into a connection error, the client retries it with
    backoff, and the worker records it as an article error with a truncated message.
    """
    misses = CassetteMisses()
    if request.node.get_closest_marker("vcr") is None:
        return misses
    original_init = CannotOverwriteExistingCassetteException.__init__

    def init(self: CannotOverwriteExistingCassetteException, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        misses.add(self)

    monkeypatch.setattr(CannotOverwriteExistingCassetteException, "__init__", init)
    transient = failures.transient
    monkeypatch.setattr(failures, "transient", lambda exc: not _from_cassette(exc) and transient(exc))
    request.node.stash[MISSES] = misses
    return misses


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """A failing cassette test also shows which prompt or schema changed and how to re-record."""
    outcome = yield
    report = outcome.get_result()
    misses = item.stash.get(MISSES, None)
    if report.when == "call" and report.failed and misses is not None and misses.errors:
        report.sections.append(("cassette mismatch", misses.text()))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "replay_only: replays another test's cassette; skipped while recording")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked replay_only replay a cassette another test records; they skip while recording."""
    if (config.getoption("--record-mode", None) or "none") == "none":
        return
    skip = pytest.mark.skip(reason="replays another test's cassette; skipped while recording")
    for item in items:
        if item.get_closest_marker("replay_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def recording(record_mode: str) -> bool:
    """True when cassettes are being (re)recorded against the real embedded model."""
    return record_mode != "none"


@pytest.fixture(scope="session")
def embedded_server(recording: bool, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The base URL to ask: the real embedded server when recording, an address nobody answers otherwise.

    Replay imports nothing from llama_cpp and starts nothing.
    """
    if not recording:
        yield REPLAY_URL
        return
    import os
    from extractor.llm import embedded
    settings = settings_module.build({}, os.environ)   # EXTRACT_CACHE_DIR / EXTRACT_THREADS / EXTRACT_N_CTX apply
    assert settings.embedded, "recording needs the embedded model: unset EXTRACT_BASE_URL and EXTRACT_MODEL"
    log = tmp_path_factory.mktemp("server") / "server.log"
    with embedded.serve(settings, log=log) as base_url:
        yield base_url
    CASSETTES.mkdir(exist_ok=True)
    RECORDED_WITH.write_text(json.dumps({**current_versions(), "model": settings.model,
                                         "recorded_by": RECORD_COMMAND}, indent=2) + "\n")
