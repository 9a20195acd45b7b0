"""The coordinator side of the API: sign in, read reach statistics, sign out.

Statistics are published suppressed (small cells hidden, ``sync.central.stats.suppression``); raw
counts only reach a coordinator who asks for them with ``raw=true``, and every such request is
written to the audit log before it is answered.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import StringConstraints, ValidationError

from sync.central.api.auth import DatabaseDep
from sync.central.api.ratelimit import ClientDep, SignInLimiterDep
from sync.central.api.responses import problems
from sync.central.errors import ApiError
from sync.central.people import (
    PersonCredentialsDep,
    PersonDep,
    authenticated_person,
    require_raw_allowed,
    sign_in,
    sign_out,
)
from sync.central.stats import audit
from sync.central.stats import tables as stats
from sync.stats.protocol import (
    AUTH_TOKEN_PATH,
    DIMENSIONS,
    MAX_GROUP_BY,
    NULLABLE_DIMENSIONS,
    STATS_PATH,
    VALUE_PATTERNS,
    Interval,
    Measure,
    Period,
    SignInRequest,
    SignInResponse,
    StatsQuery,
    StatsQueryError,
    StatsTable,
)

router = APIRouter(tags=["statistics"])
MAX_FILTER_VALUES = 50
GROUP_BY = (
    f"^(?:(?:{'|'.join(DIMENSIONS)})(?:,(?:{'|'.join(DIMENSIONS)})){{0,{MAX_GROUP_BY - 1}}})?$"
)


def _code(dimension: str) -> StringConstraints:
    """A code of ``dimension``, or '-' (not set) for the dimensions an event may lack."""
    pattern = VALUE_PATTERNS[dimension].pattern
    if dimension in NULLABLE_DIMENSIONS:
        pattern = f"(?:{pattern})|^-$"
    return StringConstraints(pattern=pattern)


def _only(dimension: str) -> Any:
    return Query(max_length=MAX_FILTER_VALUES, description=f"Only these {dimension} values.")


SiteFilter = Annotated[list[Annotated[str, _code("site")]] | None, _only("site")]
ChannelFilter = Annotated[list[Annotated[str, _code("channel")]] | None, _only("channel")]
LanguageFilter = Annotated[list[Annotated[str, _code("language")]] | None, _only("language")]
TopicFilter = Annotated[list[Annotated[str, _code("topic")]] | None, _only("topic")]
KindFilter = Annotated[list[Annotated[str, _code("kind")]] | None, _only("kind")]
AssistedFilter = Annotated[list[Annotated[str, _code("assisted")]] | None, _only("assisted")]
RegionFilter = Annotated[list[Annotated[str, _code("region")]] | None, _only("region")]
SectorFilter = Annotated[list[Annotated[str, _code("sector")]] | None, _only("sector")]
StreamFilter = Annotated[list[Annotated[str, _code("stream")]] | None, _only("stream")]


class UnanswerableQueryError(ApiError):
    status = 422


@router.post(
    AUTH_TOKEN_PATH,
    response_model=SignInResponse,
    responses=problems(401, 429),
    summary="Sign in as a coordinator or viewer; answers a bearer token for the statistics",
    description="Failed sign-ins are limited per client address.",
)
def token(
    request: SignInRequest, database: DatabaseDep, limiter: SignInLimiterDep, client: ClientDep
) -> SignInResponse:
    with limiter.attempt(client):
        issued = sign_in(database, request.name, request.password)
    return SignInResponse(
        access_token=issued.token,
        expires_at=issued.expires_at.isoformat(timespec="seconds") + "Z",
        name=issued.person.name,
        role=issued.person.role,
    )


@router.delete(
    AUTH_TOKEN_PATH,
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problems(401, 403),
    dependencies=[Depends(authenticated_person)],
    summary="Sign out: the bearer token sent with this is refused from now on",
    description="Only that token: the person's other sign-ins (another desktop) go on. "
    "Afterwards the token is answered 401, as an unknown one is.",
)
def revoke_token(credentials: PersonCredentialsDep, database: DatabaseDep) -> Response:
    if credentials is not None:  # always, past authenticated_person
        sign_out(database, credentials.credentials)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    STATS_PATH,
    response_model=StatsTable,
    responses=problems(401, 403),
    summary="Reach statistics for a period, broken down and filtered, with totals",
    description="Small counts are suppressed: 1 to 4 is shown as '<5', and enough other cells "
    "as 'x' that no hidden count follows from the totals. raw=true (coordinators only, "
    "audited) answers raw counts.",
)
def read_stats(
    person: PersonDep,
    database: DatabaseDep,
    start: Annotated[date, Query(description="First day, or any day of a named period.")],
    period: Period = "custom",
    end: Annotated[date | None, Query(description="Last day of a custom period.")] = None,
    interval: Interval = "none",
    group_by: Annotated[
        str,
        Query(
            max_length=200,
            pattern=GROUP_BY,
            description=f"Up to {MAX_GROUP_BY}, comma-separated, from: {', '.join(DIMENSIONS)}",
        ),
    ] = "",
    measure: Measure = "reach",
    raw: bool = False,
    site: SiteFilter = None,
    channel: ChannelFilter = None,
    language: LanguageFilter = None,
    topic: TopicFilter = None,
    kind: KindFilter = None,
    assisted: AssistedFilter = None,
    region: RegionFilter = None,
    sector: SectorFilter = None,
    stream: StreamFilter = None,
) -> StatsTable:
    filters = {
        "site": site,
        "channel": channel,
        "language": language,
        "topic": topic,
        "kind": kind,
        "assisted": assisted,
        "region": region,
        "sector": sector,
        "stream": stream,
    }
    try:
        query = StatsQuery.model_validate(
            {
                "period": period,
                "start": start,
                "end": end,
                "interval": interval,
                "group_by": tuple(part.strip() for part in group_by.split(",") if part.strip()),
                "filters": {name: tuple(values) for name, values in filters.items() if values},
                "measure": measure,
                "raw": raw,
            }
        )
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        raise RequestValidationError(
            [{**error, "loc": ("query", *error["loc"])} for error in errors]
        ) from exc
    if query.raw:
        require_raw_allowed(person)
        audit.record(
            database,
            person.name,
            person.role,
            audit.RAW_STATS,
            {"via": "api", "query": query.model_dump(mode="json")},
        )
    try:
        with database.sessions() as session:
            return stats.run(session, query)
    except StatsQueryError as exc:
        raise UnanswerableQueryError(str(exc)) from exc
