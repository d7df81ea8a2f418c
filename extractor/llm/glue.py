"""Everything that works around instructor or the OpenAI SDK, and how a request is built.

Each function here exists because the library does something we do not want by default;
the comment on each says which workaround it is and why. The client (client.py) holds the
policy (retries, backoff, call log) and calls these; nothing here retries the transport.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Callable

import instructor
import instructor.core.exceptions as instructor_errors
import openai
import pydantic
import tenacity

from extractor import errors

# instructor wraps a run of failed re-asks (and any exception the transport raised) in this.
Exhausted = instructor_errors.InstructorRetryException
_PARSE_ERRORS = (pydantic.ValidationError, json.JSONDecodeError, instructor_errors.ResponseParsingError)


class Garbled(Exception):
    """The endpoint's answer was not JSON at all (a proxy or server glitch), not a model's bad answer."""


def create(transport: Callable[..., Any], *, model: str, messages: list[dict[str, Any]],
           response_model: type[pydantic.BaseModel], context: dict[str, Any], max_retries: int,
           max_tokens: int, temperature: float,
           json_answer: bool = False, template_turns: bool = False) -> pydantic.BaseModel:
    """Ask through instructor in TOOLS mode: one function whose parameters are the answer's schema
    (sent as a grammar-constrained JSON answer instead when ``json_answer``, see ``as_json``).
    ``template_turns``: the server renders messages with llama.cpp's function-calling template (``turns``)."""
    sender = as_json(transport) if json_answer else compact_tools(transport, template_turns)
    patched = instructor.patch(create=sender, mode=instructor.Mode.TOOLS)
    return patched(
        model=model,
        messages=[{**m, "content": literal(m["content"])} for m in messages],
        response_model=tool_model(response_model),
        context=context,
        max_retries=validation_retrying(max_retries),
        max_tokens=max_tokens,
        temperature=temperature,
    )


def compact_tools(transport: Callable[..., Any], template_turns: bool) -> Callable[..., Any]:
    """The offered function's parameters in their compact form (``compact``): the chat template prints them."""
    def create(**kwargs: Any) -> Any:
        tools = [{**t, "function": {"name": t["function"]["name"], "parameters": compact(t["function"]["parameters"])}}
                 for t in kwargs.pop("tools")]
        messages = kwargs.pop("messages")
        if template_turns:
            messages = [turn(m, as_text=False) for m in messages]
        return transport(**kwargs, messages=messages, tools=tools)
    return create


def as_json(transport: Callable[..., Any]) -> Callable[..., Any]:
    """Workaround: a chat template prints every offered function's schema into the prompt (574 tokens
    for our three, read before every article's first answer). A llama.cpp server turns
    ``response_format: {"type": "json_object", "schema": ...}`` into the same decoding grammar
    without printing it, so the prompt is the article and the pass's instruction alone. The request
    instructor built for TOOLS mode is sent that way and its answer handed back as the function call
    instructor expects; a re-ask's turns go out as the assistant's JSON and a user message (``turn``)."""
    def create(**kwargs: Any) -> Any:
        tools, choice = kwargs.pop("tools"), kwargs.pop("tool_choice")
        name = choice["function"]["name"]
        schema = next(t["function"]["parameters"] for t in tools if t["function"]["name"] == name)
        messages = [turn(m, as_text=True) for m in kwargs.pop("messages")]
        completion = transport(**kwargs, messages=messages,
                               response_format={"type": "json_object", "schema": compact(schema)})
        for choice_ in completion.choices or []:
            message = choice_.message
            message.tool_calls = [openai.types.chat.ChatCompletionMessageToolCall(
                id=f"json_{name}", type="function",
                function={"name": name, "arguments": message.content or ""})]
            message.content = None
        return completion
    return create


def turn(message: dict[str, Any], as_text: bool) -> dict[str, Any]:
    """Workaround: llama.cpp's function-calling chat template has no tool role (it printed a re-ask's
    broken rule as an empty turn, so the model never saw it and repeated its answer word for word),
    and it prints an assistant turn's text before its function call (instructor puts the call's JSON
    in both). The rule goes out as a user turn; the answer as the call alone, or ``as_text``."""
    if message.get("role") == "tool":
        return {"role": "user", "content": message.get("content") or ""}
    if message.get("role") == "assistant" and message.get("tool_calls"):
        if as_text:
            return {"role": "assistant", "content": message["tool_calls"][0]["function"]["arguments"]}
        return {"role": "assistant", "content": "", "tool_calls": message["tool_calls"]}   # None is refused
    return message


_UNREAD = {"description", "default", "title"}


def compact(schema: dict[str, Any]) -> dict[str, Any]:
    """The function's parameters as the chat template prints them into every prompt: with each
    ``$ref`` written in place and no descriptions, defaults or titles. The server builds its grammar
    from the same dict, so nothing the grammar enforces is lost; the model reads ~25% fewer
    schema tokens (descriptions were our docstrings, and the template prints no function description)."""
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: inline(v) for k, v in node.items() if k != "$defs" and k not in _UNREAD}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node
    return inline(schema)


def reask(kwargs: dict[str, Any], temperature: float, asked: int) -> dict[str, Any]:
    """Workarounds for instructor's re-ask. (1) It resends the whole conversation with every failed
    answer so far; only the question (the first ``asked`` messages), the last answer and its broken
    rules go out, so a re-ask costs the repair, not the history. (2) Its error text is pydantic's full
    report (input values, type codes, documentation links); only the rules' own messages are kept.
    (3) It re-asks with the same options, and at temperature 0 the model repeats its broken answer
    word for word; a re-ask goes out at least at ``temperature``."""
    messages = list(kwargs["messages"])
    if len(messages) >= asked + 2:
        answer, rules = messages[-2], messages[-1]
        messages = messages[:asked] + [answer, {**rules, "content": rules_only(rules.get("content") or "")}]
    return {**kwargs, "messages": messages, "temperature": max(kwargs.get("temperature") or 0.0, temperature)}


_PYDANTIC_NOISE = re.compile(r"\s*\[type=[^\]]*\]|\n\s*For further information visit \S+")


def rules_only(content: str) -> str:
    """A re-ask's error text without pydantic's input echo, type codes and links."""
    return _PYDANTIC_NOISE.sub("", content)


def send(sdk: openai.OpenAI, body: dict[str, Any]) -> Any:
    """Workaround: POST the request as built, skipping the SDK's per-call walk of the parameters'
    TypedDicts (it changes nothing in our plain JSON body and cost a fifth of the client's CPU per request)."""
    try:
        completion = sdk.post("/chat/completions", body=body, cast_to=openai.types.chat.ChatCompletion)
    except json.JSONDecodeError as e:   # the SDK lets a 200 whose body is not JSON escape as a bare JSONDecodeError
        if _is_html(e.doc):
            raise HtmlPage(_HTML) from e
        raise Garbled(f"the endpoint answered with malformed JSON ({errors.one_line(str(e), 80)})") from e
    if isinstance(completion, str):     # the SDK returns a non-JSON content type's text as is, uncast
        raise HtmlPage(_HTML) if _is_html(completion) else Garbled(
            f"the endpoint answered with text, not JSON ({errors.one_line(completion, 80)!r})")
    return completion


class HtmlPage(Exception):
    """An HTTP 200 whose body is a web page: --base-url names a site or a proxy's page, not the API."""


_HTML = "the endpoint answered with an HTML page, not JSON: is --base-url the API's address (often ending in /v1)?"


def _is_html(text: str) -> bool:
    return text.lstrip()[:15].lower().startswith(("<!doctype html", "<html", "<head", "<body", "<?xml"))


def accept_truncated(completion: Any) -> bool:
    """Workaround: instructor raises IncompleteOutputException on finish_reason "length" (cut off at
    max_tokens) and does not re-ask; marked "stop", the cut answer fails parsing and is re-asked. True if cut."""
    choice = completion.choices[0] if completion.choices else None
    if choice is not None and choice.finish_reason == "length":
        choice.finish_reason = "stop"
        return True
    return False


@functools.cache
def tool_model(model: type[pydantic.BaseModel]) -> type[pydantic.BaseModel]:
    """Workaround: the answer model as instructor's tool schema class, built once.

    Given a plain model, instructor subclasses it anew on every request, which rebuilds a pydantic
    model and its JSON schema each time and defeats instructor's own schema cache (measured: a
    quarter of the client's CPU per request). The wrapper is a subclass, so answers keep the model's methods.
    """
    return instructor.response_schema(model)


def literal(content: str) -> str:
    """Workaround: protect article text from instructor's Jinja templating (it renders messages when a context is given)."""
    if "{" not in content:
        return content
    return "{% raw %}" + content.replace("{% endraw %}", "{ % endraw % }") + "{% endraw %}"


def _error_key(exc: BaseException | None) -> str:
    if isinstance(exc, pydantic.ValidationError):
        return json.dumps([(e["loc"], e["msg"]) for e in exc.errors()], default=str)
    return f"{type(exc).__name__}: {exc}"


def validation_retrying(max_retries: int) -> tenacity.Retrying:
    """Workaround: instructor's integer max_retries re-asks the same broken answer to the end; this
    re-asks at most ``max_retries`` times, and stops as soon as an error repeats itself."""
    previous: list[str] = []

    def stop(state: tenacity.RetryCallState) -> bool:
        key = _error_key(state.outcome.exception() if state.outcome else None)
        repeated = bool(previous) and previous[-1] == key
        previous.append(key)
        return repeated or state.attempt_number > max_retries

    return tenacity.Retrying(stop=stop, retry=tenacity.retry_if_exception_type(_PARSE_ERRORS), reraise=True)
