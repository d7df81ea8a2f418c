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
           siblings: tuple[type[pydantic.BaseModel], ...] = ()) -> pydantic.BaseModel:
    """Ask through instructor in TOOLS mode: one function whose parameters are the answer's schema."""
    patched = instructor.patch(create=shared_tools(transport, siblings), mode=instructor.Mode.TOOLS)
    return patched(
        model=model,
        messages=[{**m, "content": literal(m["content"])} for m in messages],
        response_model=tool_model(response_model),
        context=context,
        max_retries=validation_retrying(max_retries),
        max_tokens=max_tokens,
        temperature=temperature,
    )


def shared_tools(transport: Callable[..., Any], siblings: tuple[type[pydantic.BaseModel], ...]) -> Callable[..., Any]:
    """Workaround: instructor offers only the asked model's function, and the chat template prints the
    offered functions into the system message, after the article; so each pass over one article had a
    prompt of its own from there on and the server read ~500 of its tokens again. Offering every pass's
    function (``siblings``, in a fixed order) in every request keeps the prompt identical up to the pass's
    own instruction; ``tool_choice`` still names the asked function, and the server's grammar follows it alone."""
    if not siblings:
        return transport
    tools = [{"type": "function", "function": tool_model(m).openai_schema} for m in siblings]

    def create(**kwargs: Any) -> Any:
        return transport(**{**kwargs, "tools": tools})
    return create


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
