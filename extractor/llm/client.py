"""One client for any OpenAI-compatible endpoint, with one retry layer per kind of failure.

Transport failures (429 with Retry-After, 408/5xx, timeouts, refused connections, a body
that is not JSON) are retried here with exponential backoff and jitter; a 429 pauses every
worker and costs no attempt. Validation failures are re-asked by instructor with the exact
broken rules, and stop early when the same error comes back.
The SDK's own retries are off so the layers never stack. Every HTTP attempt's tokens
are counted, including answers that were thrown away. How a request is built, and every
workaround for instructor or the SDK, lives in glue.py.
"""

from __future__ import annotations

import dataclasses
import json
import random
import threading
import time
from pathlib import Path
from typing import Any, Callable

import httpx2       # openai 3.x's HTTP library (its errors' causes)
import openai
import pydantic
import tenacity

from extractor import errors
from extractor.llm import failures, glue, halt as halt_module, prefill as prefill_module
from extractor.settings import Settings

STOP_GRACE = 1.0   # seconds a refused connection waits for the server's watcher before it is called the endpoint's


@dataclasses.dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, usage: Any) -> None:
        if usage is not None:
            self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Call:
    """What one ``ask`` cost and saw; filled in as attempts happen so failures keep it too."""
    usage: Usage = dataclasses.field(default_factory=Usage)
    attempts: int = 0
    last_raw: str | None = None
    truncated: bool = False
    tag: str = ""                          # which article and pass, for the call log


class Backoff:
    """A pause shared by every worker: a 429 slows the whole run instead of burning attempts."""

    def __init__(self) -> None:
        self._until = 0.0
        self._lock = threading.Lock()

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._until = max(self._until, time.monotonic() + seconds)

    def wait(self, halt: halt_module.Halt | None = None) -> None:
        delay = self._until - time.monotonic()
        if delay > 0:
            halt.sleep(delay) if halt else time.sleep(delay)


class CallLog:
    """Every attempt's request tail, raw answer, finish reason, usage and duration, one JSON line each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


class Client:
    def __init__(self, settings: Settings, base_url: str, backoff: Backoff | None = None,
                 log: CallLog | None = None, halt: halt_module.Halt | None = None,
                 prefill: prefill_module.ServerLog | None = None) -> None:
        self.settings = settings
        self.model = settings.model
        self.base_url = base_url
        self.backoff = backoff or Backoff()
        self.log = log
        self.prefill = prefill                     # the embedded server's log says what each request computed
        self.cache = prefill_module.PromptCache()
        self.halt = halt or halt_module.Halt()     # the run's stop: a crashed server, a dead endpoint, Ctrl-C
        self._stops_run = halt is not None          # a client of no run (the service) stops nothing for good
        self._sdk = openai.OpenAI(base_url=base_url, api_key=settings.api_key or "no-key-needed",
                                  max_retries=0, timeout=settings.timeout)

    def ask(self, *, messages: list[dict[str, Any]], response_model: type[pydantic.BaseModel],
            context: dict[str, Any], max_tokens: int, call: Call,
            json_answer: bool = False) -> pydantic.BaseModel:
        """A validated answer, or ValidationFailed / TransportError carrying the call's costs,
        or RunStopped when the whole run must stop (no article is at fault)."""
        try:
            return glue.create(self._transport(call), model=self.model, messages=messages,
                               response_model=response_model, context=context,
                               max_retries=self.settings.max_retries, max_tokens=max_tokens,
                               temperature=self.settings.temperature,
                               json_answer=json_answer and self.settings.json_answers,
                               template_turns=self.settings.llama_server)
        except (errors.TransportError, errors.RunStopped):
            raise
        except glue.Exhausted as e:
            cause = e.__cause__ or e
            if isinstance(cause, (errors.TransportError, errors.RunStopped)):
                raise cause from None
            raise errors.ValidationFailed(
                f"no valid answer after {call.attempts} attempt(s): {errors.one_line(self.scrub(str(cause)))}",
                original=e, last_raw=call.last_raw, attempts=call.attempts, usage=call.usage.as_dict()) from None

    def scrub(self, text: str) -> str:
        """Endpoints and proxies echo request headers in errors; the key must never reach a file."""
        return errors.redact(text, self.settings.api_key)

    def _send(self, **kwargs: Any) -> Any:
        """One POST under a wall-clock deadline (httpx's read timeout restarts with every chunk)."""
        return self.halt.bounded(lambda: glue.send(self._sdk, kwargs), self.settings.timeout, self._timed_out)

    def _timed_out(self) -> BaseException:
        return openai.APITimeoutError(request=httpx2.Request("POST", f"{self.base_url}/chat/completions"))

    def _failed(self, e: BaseException, call: Call) -> errors.ExtractorError:
        """The error for a request the transport retries could not save: the run's or this article's."""
        if isinstance(e, openai.APIConnectionError) and self.halt.wait(STOP_GRACE):
            self.halt.check()               # the server died: say that, not "cannot connect"
        self.halt.check()
        wide = failures.endpoint_wide(e, self.settings, self.base_url, self.scrub)
        if wide:
            failure = errors.EndpointFailed(wide, original=e)
            return self.halt.trip(failure) if self._stops_run else failure
        return errors.TransportError(f"{self.model}: {failures.describe(e, self.scrub)}", original=e,
                                     last_raw=call.last_raw, attempts=call.attempts, usage=call.usage.as_dict())

    def _transport(self, call: Call) -> Callable[..., Any]:
        sent = asked = 0

        def create(**kwargs: Any) -> Any:
            nonlocal sent
            nonlocal asked
            if sent:  # a re-ask
                kwargs = glue.reask(kwargs, self.settings.reask_temperature, asked)
            else:
                asked = len(kwargs["messages"])
            sent += 1
            retrying = tenacity.Retrying(
                retry=tenacity.retry_if_exception(failures.transient),
                wait=self._wait,
                stop=failures.transport_stop(self.settings.transport_attempts),
                before=lambda _: self.backoff.wait(self.halt),
                sleep=self.halt.sleep,
                reraise=True,
            )
            started = time.monotonic()
            try:
                completion = retrying(self._send, **kwargs)
            except (openai.OpenAIError, glue.Garbled, glue.HtmlPage) as e:
                raise self._failed(e, call) from e
            call.attempts += 1
            call.usage.add(getattr(completion, "usage", None))
            raw = raw_text(completion)
            call.last_raw = raw and self.scrub(raw)
            choice = completion.choices[0] if completion.choices else None
            computed = self.cache.count(completion.usage, self.prefill)
            if self.log:
                last = kwargs["messages"][-1]
                self.log.write({"tag": call.tag, "attempt": call.attempts, "model": self.model,
                                "max_tokens": kwargs.get("max_tokens"), "last_message": last.get("content"),
                                "raw": call.last_raw, "finish_reason": choice and choice.finish_reason,
                                "usage": dataclasses.asdict(Usage(getattr(completion.usage, "prompt_tokens", 0) or 0,
                                                                  getattr(completion.usage, "completion_tokens", 0) or 0)),
                                "prompt_tokens_computed": computed,
                                "seconds": round(time.monotonic() - started, 2)})
            if glue.accept_truncated(completion):
                call.truncated = True
            return completion
        return create

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        delay = failures.retry_after(exc)
        limited = isinstance(exc, openai.APIStatusError) and exc.status_code == 429
        if delay is None and limited:       # bounded: failures.rate_limit_bound
            delay = min(failures.RATE_WAIT_CAP,
                        self.settings.retry_wait * 2 ** (state.attempt_number - 1) * (0.5 + random.random()))
        elif delay is None:
            delay = min(60.0, self.settings.retry_wait * 2 ** (state.attempt_number - 1)) * (0.5 + random.random())
        if limited:
            self.backoff.hold(delay)        # every worker pauses, not just the one that was told
        return delay


def raw_text(completion: Any) -> str | None:
    """The model's answer as sent: the tool call arguments, or the message text."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return "\n".join(c.function.arguments or "" for c in calls)
    return getattr(message, "content", None)

