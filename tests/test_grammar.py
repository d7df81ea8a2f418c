"""The embedded server checks its JSON grammar lazily (extractor/llm/grammar.py): the answers must be
byte-identical to llama-cpp-python's own grammar-first chain, including when the grammar refuses the
model's first choice. Runs the real model; needs the local extra and the assembled model (the README's
main command builds both; CI runs this file with EXTRACT_REQUIRE_LOCAL=1 after it)."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from extractor import settings as settings_module
from extractor.llm import embedded

SCHEMA = {"type": "object", "required": ["kind", "summary", "actors"], "properties": {
    "kind": {"enum": ["vote", "statement", "dispute"]},
    "summary": {"type": "string", "maxLength": 40},
    "actors": {"type": "array", "items": {"type": "string"}, "maxItems": 3}}}
# Asked for prose while the grammar allows only JSON: the model's first choices are refused.
PROMPT = ("<|im_start|>user\nIn one plain sentence: why did Norway abstain when the assembly voted on the "
          "fisheries text?<|im_end|>\n<|im_start|>assistant\n")


def _require(found: bool, what: str) -> None:
    if not found:
        if os.environ.get("EXTRACT_REQUIRE_LOCAL"):
            pytest.fail(f"{what}, but this run requires the local extra")
        pytest.skip(what)


@pytest.fixture(scope="module")
def model():
    _require(importlib.util.find_spec("llama_cpp") is not None, "llama-cpp-python is not installed")
    path = settings_module.build({}).cache_dir / embedded.FILENAME   # where `extract run` put it (env included)
    _require(path.exists(), f"the embedded model is not assembled at {path}")
    import llama_cpp
    return llama_cpp.Llama(str(path), n_ctx=512, n_threads=os.cpu_count() or 2, verbose=False)


def test_lazy_grammar_answers_exactly_as_the_grammar_first_chain(model, monkeypatch):
    import llama_cpp
    from extractor.llm import grammar
    monkeypatch.setattr(llama_cpp.Llama, "_init_sampler", llama_cpp.Llama._init_sampler)  # undone after the test
    ask = lambda: model.create_completion(  # noqa: E731
        PROMPT, max_tokens=48, temperature=0.0, repeat_penalty=1.1,
        grammar=llama_cpp.LlamaGrammar.from_json_schema(json.dumps(SCHEMA), verbose=False))["choices"][0]["text"]
    stock = ask()
    grammar.install()
    lazy = ask()
    assert lazy == stock
    json.loads(lazy)   # complete JSON within the tokens asked for, so the whole answer was compared
    check = model.grammar_check
    assert check.checked > 10 and 0 < check.refused < check.checked   # it ran, and the refusal path was taken


def test_requests_without_a_grammar_or_at_a_temperature_keep_the_stock_chain(model, monkeypatch):
    import llama_cpp
    from extractor.llm import grammar
    monkeypatch.setattr(llama_cpp.Llama, "_init_sampler", llama_cpp.Llama._init_sampler)
    grammar.install()
    model.grammar_check = None
    model.create_completion(PROMPT, max_tokens=4, temperature=0.0)
    model.create_completion(PROMPT, max_tokens=4, temperature=0.7, seed=1,
                            grammar=llama_cpp.LlamaGrammar.from_json_schema(json.dumps(SCHEMA), verbose=False))
    assert model.grammar_check is None


def test_the_embedded_server_runs_with_the_lazy_grammar():
    command = embedded.server_command(Path("model.gguf"), 8080, settings_module.build({}, {}))
    assert command[1:3] == ["-m", "extractor.llm.grammar"]
