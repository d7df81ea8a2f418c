"""What is refused before any handler runs: a request without the bearer token, a body declared too large.

An ASGI middleware, so a refused request costs no body read and no route; the token is compared
with hmac.compare_digest, in constant time.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from extractor.settings import Settings


def limit_message(settings: Settings) -> str:
    return f"request body too large: over the limit of {settings.max_body_bytes:,} bytes; split the job"


class Guard:
    """ASGI middleware: the bearer token, then the declared body size, before any handler runs."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.expected = f"Bearer {settings.api_token}".encode() if settings.api_token else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if self.expected is not None and not hmac.compare_digest(headers.get(b"authorization", b""), self.expected):
            return await answer(send, 401, "missing or wrong bearer token (Authorization: Bearer <EXTRACT_API_TOKEN>)",
                                ((b"www-authenticate", b"Bearer"),))
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.settings.max_body_bytes:
            return await answer(send, 413, limit_message(self.settings))
        await self.app(scope, receive, send)


async def answer(send: Any, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    payload = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": payload})
