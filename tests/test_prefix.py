"""The passes over one article must send the same prompt up to their own instruction, so the server's
prompt cache reads the article once (issue: read each article once). On a llama.cpp server the later
passes answer JSON under a grammar built from their schema, which the prompt no longer carries."""

import json
from typing import Any

import openai
import pytest

from extractor.llm import glue
from schemas import answers

SYSTEM = {"role": "system", "content": "[1] The Assembly adopted the text by 120 votes to 9."}


def sent(model, json_answer: bool, replies: list[str] | None = None, max_retries: int = 0) -> tuple[list[dict], Any]:
    """The request bodies instructor builds for one pass, caught at the transport seam; each reply
    (JSON text) is answered as a llama.cpp server answers a ``json_object`` request."""
    bodies, replies = [], list(replies or [])

    def transport(**kwargs: Any) -> Any:
        bodies.append(json.loads(json.dumps(kwargs)))
        if not replies:
            raise RuntimeError("caught")            # no model needed: only the request matters here
        return openai.types.chat.ChatCompletion.model_validate({
            "id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": replies.pop(0)}}]})
    try:
        answer = glue.create(transport, model="m", messages=[SYSTEM, {"role": "user", "content": f"ask {model.__name__}"}],
                             response_model=model, context={}, max_retries=max_retries, max_tokens=10,
                             temperature=0.0, json_answer=json_answer)
    except Exception:
        answer = None
    return bodies, answer


def test_json_passes_print_no_schema_and_constrain_the_answer_with_it():
    (votes,), _ = sent(answers.Votes, json_answer=False)
    (motives,), _ = sent(answers.Motives, json_answer=True)
    assert [t["function"]["name"] for t in votes["tools"]] == ["Votes"]
    assert "tools" not in motives and "tool_choice" not in motives
    schema = motives["response_format"]["schema"]
    assert motives["response_format"]["type"] == "json_object"
    item = schema["properties"]["motives"]["items"]
    assert item["properties"]["q"]["pattern"] and item["required"] == ["q", "holder", "speaker", "reason"]
    assert votes["messages"][0] == motives["messages"][0] == SYSTEM      # the article, byte-identical


def test_printed_schemas_have_no_references_descriptions_or_defaults():
    (votes,), _ = sent(answers.Votes, json_answer=False)
    printed = json.dumps(votes["tools"][0]["function"]["parameters"])
    assert "$ref" not in printed and "$defs" not in printed and '"default"' not in printed
    assert '"maxLength": 40' in printed                                     # what the grammar enforces stays


def test_a_json_answer_is_read_as_the_function_call_instructor_expects():
    reply = '{"events": [{"kind": "vote", "s": 1, "summary": "The Assembly adopted the text", "actors": []}]}'
    _, answer = sent(answers.Events, json_answer=True, replies=[reply])
    assert answer is not None and answer.items()[0].summary == "The Assembly adopted the text"


def test_a_json_reask_sends_the_answer_and_the_broken_rule_as_plain_turns():
    broken = '{"events": [{"kind": "vote", "s": 1, "summary": "x"}, {"kind": "vote", "s": 1, "summary": "y"}]}'
    fixed = '{"events": [{"kind": "vote", "s": 1, "summary": "x"}]}'
    bodies, answer = sent(answers.Events, json_answer=True, replies=[broken, fixed], max_retries=1)
    assert answer is not None and len(bodies) == 2
    turns = bodies[1]["messages"][2:]
    assert [t["role"] for t in turns] == ["assistant", "user"]    # the template has no tool role: it dropped the rule
    assert turns[0]["content"] == broken and "are the same; list each once" in turns[1]["content"]


@pytest.mark.parametrize("model", [answers.Votes, answers.Motives, answers.Events])
def test_the_server_can_build_a_grammar_from_each_compact_schema(model):
    llama_grammar = pytest.importorskip("llama_cpp.llama_grammar")
    schema = glue.compact(glue.tool_model(model).openai_schema["parameters"])
    assert llama_grammar.LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False) is not None


def test_a_reask_sends_the_question_the_last_answer_and_only_the_broken_rules():
    question = [{"role": "system", "content": "article"}, {"role": "user", "content": "list the votes"}]
    first = [{"role": "assistant", "content": "answer 1"}, {"role": "user", "content": "fix: rule A"}]
    second = [{"role": "assistant", "content": "answer 2"},
              {"role": "user", "content": "1 validation error for Votes\nvotes.0.s\n  Value error, sentence 9 "
               "reports no vote [type=value_error, input_value=9, input_type=int]\n    For further information "
               "visit https://errors.pydantic.dev/2.13/v/value_error"}]
    sent_ = glue.reask({"messages": question + first + second, "temperature": 0.0}, 0.5, asked=len(question))
    assert sent_["messages"][:2] == question and sent_["messages"][2] == second[0]
    assert len(sent_["messages"]) == 4                         # the first failed answer is not sent again
    assert sent_["messages"][3]["content"] == ("1 validation error for Votes\nvotes.0.s\n  Value error, "
                                               "sentence 9 reports no vote")
    assert sent_["temperature"] == 0.5


def test_a_function_call_reask_on_a_llama_server_sends_the_rule_as_a_user_turn():
    """llama.cpp's function-calling template prints no tool turn: the rule must go out as a user turn."""
    bodies = []

    def transport(**kwargs: Any) -> Any:
        bodies.append(json.loads(json.dumps(kwargs)))
        answer = '{"votes": [{"s": 1, "body": "general_assembly", "subject": "x"}, {"s": 1, "body": "other", "subject": "y"}]}'
        return openai.types.chat.ChatCompletion.model_validate({
            "id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None,
                         "tool_calls": [{"id": "c", "type": "function", "function": {"name": "Votes", "arguments": answer}}]}}]})
    with pytest.raises(Exception):
        glue.create(transport, model="m", messages=[SYSTEM, {"role": "user", "content": "ask"}], response_model=answers.Votes,
                    context={}, max_retries=1, max_tokens=10, temperature=0.0, template_turns=True)
    turns = bodies[1]["messages"][2:]
    assert [t["role"] for t in turns] == ["assistant", "user"] and not turns[0].get("content")
    assert turns[0]["tool_calls"][0]["function"]["name"] == "Votes" and "list each once" in turns[1]["content"]
