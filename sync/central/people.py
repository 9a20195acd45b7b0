"""Coordinators and viewers signing in to read statistics: password check and bearer tokens.

Why tokens of their own: the desktop signs in once with a name and password (argon2-checked) and
then sends a random bearer token, which the central keeps only as a sha256 and which expires
after a working day. Device tokens are a different kind: a device can push counts but never read
statistics, and is told so.

A sign-in ends earlier when the person signs out (that token is deleted), when a coordinator
sets their password (every token of theirs is deleted) or removes them. A removed person's row
stays, for what refers to it; their name then signs in no more than an unknown one, and the
token lookup refuses their tokens itself, so none is accepted even before it is deleted.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Annotated, Final

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import delete, select, update

from sync.central.api.auth import DatabaseDep
from sync.central.credentials import hash_password, token_hash, verify_password
from sync.central.db.database import CentralDatabase
from sync.central.db.models import DeviceToken, User, UserToken
from sync.central.errors import ForbiddenError, UnauthorizedError, utcnow

TOKEN_PREFIX: Final = "oku_"
TOKEN_LIFETIME: Final = timedelta(hours=10)
COORDINATOR: Final = "coordinator"
WRONG_NAME_OR_PASSWORD: Final = "wrong name or password"

people_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="PersonToken",
    description="The token a coordinator or viewer received from POST /api/v1/auth/token.",
)


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    person: Person


@cache
def _decoy_hash() -> str:
    """A hash checked for unknown names, so that they take as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def sign_in(
    database: CentralDatabase, name: str, password: str, now: datetime | None = None
) -> IssuedToken:
    """A new token for ``name`` if ``password`` is right, else UnauthorizedError."""
    now = utcnow() if now is None else now
    with database.sessions() as session:
        user = session.scalar(select(User).where(User.name == name, User.removed_at.is_(None)))
        password_hash = user.password_hash if user is not None else _decoy_hash()
    valid = verify_password(password_hash, password)
    if user is None or not valid:
        raise UnauthorizedError(WRONG_NAME_OR_PASSWORD)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with database.sessions.begin() as session:
        session.execute(delete(UserToken).where(UserToken.expires_at <= now))
        # Only while the person is not removed and has the password just checked: a removal
        # or a new password between the check and here must not leave a token behind.
        signed_in = session.scalar(
            update(User)
            .where(
                User.id == user.id,
                User.removed_at.is_(None),
                User.password_hash == user.password_hash,
            )
            .values(last_sign_in_at=now)
            .returning(User.id)
        )
        if signed_in is None:
            raise UnauthorizedError(WRONG_NAME_OR_PASSWORD)
        session.add(
            UserToken(
                user_id=user.id,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + TOKEN_LIFETIME,
            )
        )
    return IssuedToken(token, now + TOKEN_LIFETIME, Person(user.name, user.role))


def sign_out(database: CentralDatabase, token: str) -> bool:
    """Forget ``token``: it is refused from now on. Whether it was known."""
    with database.sessions.begin() as session:
        deleted = session.scalars(
            delete(UserToken)
            .where(UserToken.token_hash == token_hash(token))
            .returning(UserToken.id)
        ).all()
    return bool(deleted)


def authenticated_person(
    database: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(people_bearer)],
) -> Person:
    """The signed-in person whose token came with the request, or 401/403 saying why not."""
    if credentials is None:
        raise UnauthorizedError(
            "sign in first (POST /api/v1/auth/token) and send 'Authorization: Bearer <token>'"
        )
    hashed = token_hash(credentials.credentials)
    with database.sessions() as session:
        row = session.execute(
            select(User.name, User.role, UserToken.expires_at)
            .join(User, User.id == UserToken.user_id)
            .where(UserToken.token_hash == hashed, User.removed_at.is_(None))
        ).one_or_none()
        if row is None:
            if session.scalar(select(DeviceToken.id).where(DeviceToken.token_hash == hashed)):
                raise ForbiddenError(
                    "a device token cannot read statistics; sign in as a coordinator or viewer"
                )
            raise UnauthorizedError(
                "this token is not known (signed out, or its sign-in was ended); sign in again"
            )
    name, role, expires_at = row
    if expires_at <= utcnow():
        raise UnauthorizedError("your sign-in has expired; sign in again")
    return Person(name=name, role=role)


PersonDep = Annotated[Person, Depends(authenticated_person)]
PersonCredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(people_bearer)]
"""The bearer token itself, for the one route that needs more than the person (sign-out)."""


class RawCountsRefusedError(ForbiddenError):
    def __init__(self) -> None:
        super().__init__(
            "raw counts are for coordinators only; ask without raw=true to see the published "
            "(suppressed) counts"
        )


def require_raw_allowed(person: Person) -> None:
    if not person.is_coordinator:
        raise RawCountsRefusedError()
