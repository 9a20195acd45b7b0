"""The central endpoint's ASGI app: routes, error answers, the body limit and the OpenAPI schema.

Every answer that is not a success is a ``Problem`` (``{"detail": ...}``) with a 4xx status that
says what was wrong, or a 503 when the database is away; validation happens before anything is
written, and nothing is written by a refused request.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from kiosk.version import package_version
from sync.central.api import content as api_content
from sync.central.api import devices as api_sync
from sync.central.api import stats as api_stats
from sync.central.api.auth import DatabaseDep
from sync.central.api.bodylimit import BodyLimitMiddleware
from sync.central.api.ratelimit import AttemptLimiter, Limiters
from sync.central.api.responses import problems
from sync.central.db.database import CentralDatabase, open_central_database
from sync.central.errors import ApiError
from sync.central.settings import (
    DEFAULT_RATE_LIMITS,
    RateLimits,
    database_url_from,
    rate_limits_from,
)
from sync.protocol import (
    MAX_BATCH_BYTES,
    PROTOCOL_REVISION,
    PROTOCOL_VERSION,
    EventBatch,
    Health,
    Problem,
)

log = logging.getLogger(__name__)
MAX_LISTED_ERRORS = 5


def create_app(database: CentralDatabase, limits: RateLimits = DEFAULT_RATE_LIMITS) -> FastAPI:
    """The app serving ``database`` (already opened and migrated), with these attempt limits."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(
        title="Outreach Kiosk central",
        version=package_version(),
        summary=f"Sync protocol v{PROTOCOL_VERSION} (revision {PROTOCOL_REVISION}): device "
        "enrolment, reach events, content.",
        docs_url=None,  # the interactive pages would load scripts from the internet
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.limiters = Limiters(
        enrol=AttemptLimiter(limits.enrol, "enrolment attempts"),
        sign_in=AttemptLimiter(limits.sign_in, "sign-in attempts"),
    )
    app.include_router(api_sync.router)
    app.include_router(api_content.router)
    app.include_router(api_stats.router)
    app.add_api_route(
        "/healthz",
        healthz,
        methods=["GET"],
        response_model=Health,
        responses=problems(503),
        tags=["operations"],
        summary="Is the central up and its database reachable?",
    )
    _install_error_answers(app)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BATCH_BYTES)

    def openapi() -> dict[str, Any]:
        """FastAPI's schema, plus the batch schema of the route that parses its body itself."""
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            batch = EventBatch.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(batch.pop("$defs", {}))
            components["EventBatch"] = batch
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory sync.central.api.app:app_from_environment`` (reads DATABASE_URL and
    the limits' variables, see ``sync.central.settings``)."""
    app = create_app(open_central_database(database_url_from(None)), rate_limits_from())
    freeze_start_up()
    return app


def freeze_start_up() -> None:
    """Take what start-up made (FastAPI, SQLAlchemy, the models) out of every later garbage
    collection, so a collection during a push walks only the push's objects, not the app's."""
    gc.collect()
    gc.freeze()


def healthz(database: DatabaseDep) -> Health | JSONResponse:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        log.exception("health check: database unreachable")
        return _problem(503, "the database is not reachable", {"Retry-After": "30"})
    return Health(status="ok", database=database.engine.dialect.name)


def _problem(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = Problem(detail=detail, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers)


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route takes on the request's path: Starlette's 405 names only those of
    the first route on the path (POST of /api/v1/auth/token, not its DELETE). The routers are
    included without a prefix, so their routes' paths are the app's."""
    routers = (api_sync.router, api_content.router, api_stats.router)
    methods: set[str] = set()
    for route in [*app.routes, *(route for router in routers for route in router.routes)]:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


def _install_error_answers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _problem(exc.status, exc.detail, exc.headers, reason=exc.reason, uuids=exc.uuids)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "loc": [str(part) for part in error["loc"]],
                "msg": error["msg"],
                "type": error["type"],
            }
            for error in exc.errors()
        ]
        listed = "; ".join(
            f"{'.'.join(error['loc'])}: {error['msg']}" for error in errors[:MAX_LISTED_ERRORS]
        )
        more = len(errors) - MAX_LISTED_ERRORS
        if more > 0:
            listed += f" (and {more} more)"
        return _problem(
            422, f"the request is not valid, nothing was stored: {listed}", errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(app, request))
        return _problem(exc.status_code, str(exc.detail), headers)

    @app.exception_handler(OperationalError)
    async def database_away(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc)
        return _problem(
            503, "the database is busy or not reachable; retry later", {"Retry-After": "30"}
        )
