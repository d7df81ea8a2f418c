"""How a transport failure is taken: retried, one article's, or the endpoint's as a whole.

Retried (with backoff, by the client): 408/409/429/5xx, timeouts, refused connections, a body that
is not JSON; a 429 costs no attempt but at most RATE_LIMITED_ATTEMPTS of them are borne. A wrong key, an unknown model, an exhausted quota or an address that serves web pages fails
every article the same way; so does an address where nothing listens once the transport
retries are spent, and a rate limit that never lifts. The run stops at the first of them with
one message (errors.EndpointFailed); the articles not done keep no record, so a rerun does them.
"""

from __future__ import annotations

from typing import Callable

import httpx2       # openai 3.x's HTTP library (its errors' causes)
import openai
import tenacity

from extractor import errors
from extractor.llm import glue
from extractor.settings import Settings

RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}
RATE_LIMITED_ATTEMPTS = 10    # 429 answers to one request before the run stops
RATE_WAIT_CAP = 20.0          # seconds, the longest pause after a 429 without Retry-After
RETRY_AFTER_CAP = 120.0       # seconds, the longest Retry-After honoured


def rate_limit_bound(settings: Settings) -> float:
    """The longest a permanent 429 without Retry-After holds the run before it stops (README: Reliability).

    The pause after the n-th 429 is retry_wait * 2**(n-1) with jitter up to x1.5, capped at RATE_WAIT_CAP;
    the RATE_LIMITED_ATTEMPTS-th 429 stops the run, so there are one fewer pauses than 429s.
    """
    return sum(min(RATE_WAIT_CAP, 1.5 * settings.retry_wait * 2 ** n) for n in range(RATE_LIMITED_ATTEMPTS - 1))


def out_of_quota(exc: BaseException) -> bool:
    """A 429 that says the account has no quota left: waiting does not help."""
    return isinstance(exc, openai.APIStatusError) and exc.status_code == 429 and (
        "insufficient_quota" in (str(getattr(exc, "code", "")), str(getattr(exc, "type", ""))) or
        "insufficient_quota" in str(exc.body))


def endpoint_wide(exc: BaseException, settings: Settings, base_url: str, scrub: Callable[[str], str]) -> str | None:
    """The run-stopping message for ``exc``, raised after the transport retries; None if only this request failed."""
    if isinstance(exc, glue.HtmlPage):
        return str(exc)
    if isinstance(exc, openai.APIStatusError):
        status, detail = exc.status_code, errors.one_line(scrub(str(exc)), 160)
        if status == 401:
            return f"the endpoint refused the API key (HTTP 401: {detail}); check OPENAI_API_KEY"
        if status == 403:
            return f"the endpoint refused this key or this model (HTTP 403: {detail}); check OPENAI_API_KEY and --model"
        if status == 404:
            return (f"the endpoint at {base_url} has no model {settings.model!r} or no chat completions API "
                    f"(HTTP 404: {detail}); check --model and --base-url")
        if out_of_quota(exc):
            return f"the endpoint's quota is exhausted (HTTP 429 insufficient_quota: {detail}); add credit or use another key"
        if status == 429:
            return (f"the endpoint kept answering HTTP 429 (rate limited) to {RATE_LIMITED_ATTEMPTS} tries of one "
                    "request; try again later or lower --concurrency")
    if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError) \
            and isinstance(exc.__cause__, httpx2.ConnectError):
        return (f"nothing answers at {base_url} ({errors.one_line(scrub(str(exc.__cause__)), 100)}) after "
                f"{settings.transport_attempts} attempts; is the server running and --base-url right?")
    return None


def transport_stop(attempts: int) -> Callable[[tenacity.RetryCallState], bool]:
    """Give up after ``attempts`` failures; a 429 costs no attempt (the shared backoff slows the run instead),
    up to RATE_LIMITED_ATTEMPTS of them so an endpoint that only ever says 429 still ends."""
    limited = 0

    def stop(state: tenacity.RetryCallState) -> bool:
        nonlocal limited
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, openai.APIStatusError) and exc.status_code == 429:
            limited += 1
        return state.attempt_number - limited >= attempts or limited >= RATE_LIMITED_ATTEMPTS
    return stop


def transient(exc: BaseException) -> bool:
    """Worth the same request again."""
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError, glue.Garbled)):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in RETRYABLE_STATUS and not out_of_quota(exc)


def retry_after(exc: BaseException | None) -> float | None:
    if not isinstance(exc, openai.APIStatusError) or exc.status_code != 429:
        return None
    value = exc.response.headers.get("retry-after")
    try:
        return min(RETRY_AFTER_CAP, max(0.0, float(value))) if value is not None else None
    except ValueError:
        return None


def describe(exc: BaseException, scrub: Callable[[str], str]) -> str:
    """One line for the record; scrubbed before it is cut, so no part of the key survives the cut."""
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code} from the endpoint: {errors.one_line(scrub(str(exc)), 160)}"
    if isinstance(exc, openai.APITimeoutError):
        return "the endpoint did not answer in time"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot connect to the endpoint ({errors.one_line(scrub(str(exc.__cause__ or exc)), 120)})"
    return errors.one_line(scrub(str(exc)), 200)
