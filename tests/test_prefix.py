"""The passes over one article must send the same prompt up to their own instruction, so the server's
prompt cache reads the article once (issue: read each article once)."""

from typing import Any

from extractor.llm import glue
from extractor.passes import pipeline
from schemas import answers


def sent_by_each_pass(siblings: tuple) -> list[dict[str, Any]]:
    """The request bodies instructor builds for the three passes, caught at the transport seam."""
    bodies = []

    def transport(**kwargs: Any) -> Any:
        bodies.append(kwargs)
        raise RuntimeError("caught")               # no model needed: only the request matters here

    system = {"role": "system", "content": "[1] The Assembly adopted the text by 120 votes to 9."}
    for model in (answers.Votes, answers.Motives, answers.Events):
        try:
            glue.create(transport, model="m", messages=[system, {"role": "user", "content": f"ask {model.__name__}"}],
                        response_model=model, context={}, max_retries=0, max_tokens=10, temperature=0.0,
                        siblings=siblings)
        except Exception:
            pass
    return bodies


def test_every_pass_offers_the_same_functions_and_chooses_its_own():
    bodies = sent_by_each_pass(pipeline.ANSWERS)
    assert len(bodies) == 3
    offered = [[t["function"]["name"] for t in b["tools"]] for b in bodies]
    assert offered == [["Votes", "Motives", "Events"]] * 3
    assert bodies[0]["tools"] == bodies[1]["tools"] == bodies[2]["tools"]       # byte-identical before the user turn
    assert [b["messages"][0] for b in bodies] == [bodies[0]["messages"][0]] * 3
    assert [b["tool_choice"]["function"]["name"] for b in bodies] == ["Votes", "Motives", "Events"]


def test_without_siblings_each_pass_offers_only_its_own_function():
    bodies = sent_by_each_pass(())
    assert [[t["function"]["name"] for t in b["tools"]] for b in bodies] == [["Votes"], ["Motives"], ["Events"]]


def test_a_reask_sends_the_question_the_last_answer_and_only_the_broken_rules():
    question = [{"role": "system", "content": "article"}, {"role": "user", "content": "list the votes"}]
    first = [{"role": "assistant", "content": "answer 1"}, {"role": "user", "content": "fix: rule A"}]
    second = [{"role": "assistant", "content": "answer 2"},
              {"role": "user", "content": "1 validation error for Votes\nvotes.0.s\n  Value error, sentence 9 "
               "reports no vote [type=value_error, input_value=9, input_type=int]\n    For further information "
               "visit https://errors.pydantic.dev/2.13/v/value_error"}]
    sent = glue.reask({"messages": question + first + second, "temperature": 0.0}, 0.5, asked=len(question))
    assert sent["messages"][:2] == question and sent["messages"][2] == second[0]
    assert len(sent["messages"]) == 4                         # the first failed answer is not sent again
    assert sent["messages"][3]["content"] == ("1 validation error for Votes\nvotes.0.s\n  Value error, "
                                              "sentence 9 reports no vote")
    assert sent["temperature"] == 0.5
