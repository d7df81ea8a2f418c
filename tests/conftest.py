"""Shared fixtures: all on-disk state goes to a temp dir, and a scripted fake model at the LLM seam."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor import errors, llm, settings as settings_module

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

    def ask(self, *, messages, response_model, context, max_tokens, call: llm.Call):
        self.asked.append({"messages": messages, "model": response_model.__name__})
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
