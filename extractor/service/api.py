"""The HTTP API of the service (SPEC §8), shaped like the batch APIs users know.

Every answer is JSON (records are NDJSON): errors are ``{"error": "<one line>"}`` with a
4xx/5xx status and never a stack trace. With a token configured every request needs
``Authorization: Bearer <token>`` (compared in constant time); a body over the size limit
is refused before it is read whole.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from typing import Any, Iterator

import fastapi
import fastapi.concurrency
import fastapi.exceptions
import fastapi.openapi.utils
import fastapi.responses
import pydantic
import starlette.exceptions

from extractor import errors
from extractor.service import guard, jobs, metrics, queue as queue_module
from extractor.settings import Settings

log = logging.getLogger("extractor.service")
NDJSON = "application/x-ndjson"


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": jobs.Problem} for code in codes}


def body(schema: str, ndjson: bool) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    if ndjson:
        content[NDJSON] = {"schema": {"type": "string", "description": "One article object per line"}}
    return {"requestBody": {"required": True, "content": content}}


class TooLarge(Exception):
    pass


def build(settings: Settings, store: Any, queue: queue_module.Queue, base_url: str | None) -> fastapi.FastAPI:
    """The app; ``base_url`` is the model endpoint this process's workers use (None: it runs no workers)."""
    stamped = jobs.runner.stamp(settings)     # the code this process runs, as its workers' Runner has it
    app = fastapi.FastAPI(title="extractor", version=jobs.runner.CODE_VERSION,
                          description="Votes, positions, quoted motives and events from news articles about UN votes.")

    @app.exception_handler(starlette.exceptions.HTTPException)
    def http_error(request: fastapi.Request, e: starlette.exceptions.HTTPException) -> fastapi.responses.JSONResponse:
        return fastapi.responses.JSONResponse({"error": str(e.detail)}, e.status_code, headers=e.headers)

    @app.exception_handler(fastapi.exceptions.RequestValidationError)
    def invalid(request: fastapi.Request, e: fastapi.exceptions.RequestValidationError) -> fastapi.responses.JSONResponse:
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid"}
        where = ".".join(str(p) for p in first["loc"])
        return fastapi.responses.JSONResponse({"error": f"invalid request: {where}: {first['msg']}"}, 422)

    @app.exception_handler(jobs.Rejected)
    def rejected(request: fastapi.Request, e: jobs.Rejected) -> fastapi.responses.JSONResponse:
        return fastapi.responses.JSONResponse({"error": str(e)}, e.status)

    @app.exception_handler(TooLarge)
    def too_large(request: fastapi.Request, e: TooLarge) -> fastapi.responses.JSONResponse:
        return fastapi.responses.JSONResponse({"error": guard.limit_message(settings)}, 413)

    @app.exception_handler(Exception)
    def crashed(request: fastapi.Request, e: Exception) -> fastapi.responses.JSONResponse:
        log.error("%s %s failed: %s: %s", request.method, request.url.path, type(e).__name__,
                  errors.redact(errors.one_line(str(e)), settings.api_key))
        return fastapi.responses.JSONResponse({"error": "internal error; see the service log"}, 500)

    async def read(request: fastapi.Request) -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > settings.max_body_bytes:
                raise TooLarge()
            chunks.append(chunk)
        return b"".join(chunks)

    def found(job_id: str) -> dict[str, Any]:
        job = store.job(job_id) if len(job_id) <= 64 else None
        if job is None:
            raise fastapi.HTTPException(404, f"no job {job_id!r}")
        return job

    @app.post("/v1/jobs", status_code=202, response_model=jobs.Job, openapi_extra=body("JobIn", ndjson=True),
              responses=problems(401, 409, 413, 415, 422), summary="Submit articles for extraction")
    async def create_job(request: fastapi.Request, response: fastapi.Response,
                         idempotency_key: str | None = fastapi.Header(None, max_length=200)) -> dict[str, Any]:
        """A JSON ``{"articles": [...]}`` or NDJSON body; a retried POST with the same Idempotency-Key returns the same job."""
        job_in = jobs.parse(await read(request), request.headers.get("content-type", ""), settings)
        job = await fastapi.concurrency.run_in_threadpool(jobs.submit, job_in, idempotency_key, settings, store, queue,
                                                         stamped)
        response.headers["Location"] = f"/v1/jobs/{job['id']}"
        return job

    @app.get("/v1/jobs/{job_id}", response_model=jobs.Job, responses=problems(401, 404))
    def get_job(job_id: str) -> dict[str, Any]:
        return found(job_id)

    @app.get("/v1/jobs/{job_id}/records", response_class=fastapi.responses.StreamingResponse,
             responses={200: {"content": {NDJSON: {"schema": {"type": "string"}}},
                              "description": "One record (SPEC §4) per line, in the order the articles ended"},
                        **problems(401, 404, 422)})
    def get_records(job_id: str, cursor: int = fastapi.Query(0, ge=0, description="Skip this many records (those already read)"),
                    limit: int = fastapi.Query(1_000_000, ge=1, le=1_000_000),
                    follow: bool = fastapi.Query(False, description="Keep streaming until the job ends")) -> Any:
        found(job_id)
        return fastapi.responses.StreamingResponse(stream(store, job_id, cursor, limit, follow), media_type=NDJSON)

    @app.post("/v1/jobs/{job_id}/cancel", response_model=jobs.Job, responses=problems(401, 404))
    def cancel(job_id: str) -> dict[str, Any]:
        """Articles not started are not run; those in flight finish and keep their records."""
        found(job_id)
        return store.cancel(job_id)

    @app.post("/v1/extract", openapi_extra=body("ExtractIn", ndjson=False), response_model=dict[str, Any],
              responses={200: {"description": "The article's record (SPEC §4)"}, **problems(401, 413, 415, 422, 504)})
    async def extract(request: fastapi.Request) -> Any:
        """One article, answered when its record is written (at most --sync-timeout seconds)."""
        raw = await read(request)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise jobs.Rejected(415, "send the article as application/json")
        try:
            one = jobs.ExtractIn.model_validate_json(raw)
        except pydantic.ValidationError as e:
            raise jobs.Rejected(422, jobs.describe(e)) from None
        job_in = jobs.JobIn(articles=[jobs.ArticleIn(**one.model_dump(exclude={"model"}))], model=one.model)
        return await fastapi.concurrency.run_in_threadpool(wait_for_record, job_in)

    def wait_for_record(job_in: jobs.JobIn) -> Any:
        job = jobs.submit(job_in, None, settings, store, queue, stamped)
        deadline = time.monotonic() + settings.sync_timeout
        while job["counts"]["pending"] and time.monotonic() < deadline:
            time.sleep(0.05)
            job = store.job(job["id"])
        lines = store.records(job["id"], 0, 1)
        if not lines:
            return fastapi.responses.JSONResponse(
                {"error": f"no record within {settings.sync_timeout:g} s; it will be in job {job['id']}"}, 504,
                headers={"Location": f"/v1/jobs/{job['id']}"})
        return json.loads(lines[0][1])

    @app.get("/healthz", response_model=jobs.Health, responses={503: {"model": jobs.Health}})
    def healthz(response: fastapi.Response) -> dict[str, Any]:
        """Store, queue and model endpoint reachable."""
        state: dict[str, Any] = {"store": reachable(store.ping), "queue": False, "queue_depth": None,
                                 "model": reachable(lambda: model_answers(base_url, settings)) if base_url else None}
        try:
            state["queue_depth"], state["queue"] = queue.depth(), True
        except Exception:
            pass
        healthy = state["store"] and state["queue"] and state["model"] is not False
        state["status"] = "ok" if healthy else "unavailable"
        response.status_code = 200 if healthy else 503
        return state

    @app.get("/metrics", response_class=fastapi.responses.PlainTextResponse,
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}})
    def get_metrics() -> fastapi.Response:
        """Prometheus text format: articles by status, tokens, seconds per article, queue depth, leases."""
        text, content_type = metrics.render(store, queue)
        return fastapi.Response(text, media_type=content_type)

    app.openapi = lambda: schema(app, settings)      # type: ignore[method-assign]
    app.add_middleware(guard.Guard, settings=settings)
    return app


def stream(store: Any, job_id: str, cursor: int, limit: int, follow: bool) -> Iterator[bytes]:
    """Records after ``cursor`` a page at a time; with ``follow`` until the job has ended."""
    sent = 0
    while sent < limit:
        page = store.records(job_id, cursor, min(500, limit - sent))
        for position, line in page:
            yield line.encode("utf-8") + b"\n"
            cursor, sent = position, sent + 1
        if page:
            continue
        if not follow or store.job(job_id)["status"] in ("completed", "cancelled") and \
                not store.records(job_id, cursor, 1):
            return
        time.sleep(0.2)


def reachable(check: Any) -> bool:
    try:
        return bool(check())
    except Exception:
        return False


def model_answers(base_url: str, settings: Settings) -> bool:
    """GET <base_url>/models answers within 3 s (the key goes to the endpoint only)."""
    request = urllib.request.Request(base_url.rstrip("/") + "/models")
    if settings.api_key:
        request.add_header("Authorization", f"Bearer {settings.api_key}")
    with urllib.request.urlopen(request, timeout=3) as answer:
        return answer.status < 500


def schema(app: fastapi.FastAPI, settings: Settings) -> dict[str, Any]:
    """FastAPI's schema, with the request bodies the handlers parse themselves (JSON or NDJSON)."""
    if app.openapi_schema:
        return app.openapi_schema
    document = fastapi.openapi.utils.get_openapi(title=app.title, version=app.version, description=app.description,
                                                 routes=app.routes)
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (jobs.JobIn, jobs.ExtractIn):
        model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model_schema.pop("$defs", {}))
        components[model.__name__] = model_schema
    if settings.api_token:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    app.openapi_schema = document
    return document
