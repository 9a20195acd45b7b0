"""Ending sign-ins on the central, over real HTTP on SQLite and PostgreSQL.

A person signs out (their token is refused from then on); a coordinator removes a person
(``outreach-central user remove``: no sign-in, every token refused at once, the audit log
kept) or sets their password (``user password``: every token of theirs refused, nobody else's);
``user list`` shows who there is. A sign-in name or password the database cannot store is a 422
with a sentence, never a failure of the central.
"""

from __future__ import annotations

import pytest
import requests
from central_process import CentralProcess, free_port, run_central
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reach_data import PASSWORD, get_stats, new_person, sign_in
from sqlalchemy import func, select, update

from sync.central.db.database import CentralDatabase
from sync.central.db.models import User, UserToken
from sync.central.errors import utcnow
from sync.central.stats import audit
from sync.stats.client import StatsClient
from sync.stats.protocol import AUTH_TOKEN_PATH

QUARTER = [("period", "quarter"), ("start", "2026-07-01")]
NEW_PASSWORD = "a new and longer passphrase"


def sign_out(central: CentralProcess, headers: dict[str, str]) -> requests.Response:
    return requests.delete(f"{central.url}{AUTH_TOKEN_PATH}", headers=headers, timeout=30)


def try_sign_in(central: CentralProcess, name: str, password: str) -> requests.Response:
    return requests.post(
        f"{central.url}{AUTH_TOKEN_PATH}", json={"name": name, "password": password}, timeout=30
    )


def refusal(central: CentralProcess, headers: dict[str, str]) -> str:
    """The sentence a statistics request with ``headers`` is refused with; it must be a 401."""
    answer = get_stats(central, headers, QUARTER)
    assert answer.status_code == 401, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str)
    return detail


def accepted(central: CentralProcess, headers: dict[str, str]) -> bool:
    return get_stats(central, headers, QUARTER).status_code == 200


def bearer(token: str | None) -> dict[str, str]:
    assert token is not None
    return {"Authorization": f"Bearer {token}"}


def actions_on(db: CentralDatabase, name: str) -> list[str]:
    """The audit log's actions about ``name``, newest first."""
    return [entry.action for entry in audit.entries(db) if entry.user_name == name]


def tokens_of(db: CentralDatabase, name: str) -> int:
    with db.sessions() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(UserToken)
                .join(User, User.id == UserToken.user_id)
                .where(User.name == name)
            )
            or 0
        )


def test_signing_out_refuses_that_token_and_no_other(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name = new_person(db, "viewer")
    first, second = sign_in(central, name), sign_in(central, name)
    assert accepted(central, first)

    answer = sign_out(central, first)
    assert answer.status_code == 204, answer.text
    assert answer.content == b""
    assert "sign in again" in refusal(central, first)
    again = sign_out(central, first)
    assert again.status_code == 401
    assert "sign in again" in again.json()["detail"]
    assert accepted(central, second)
    assert tokens_of(db, name) == 1


def test_signing_out_needs_a_persons_token(central: CentralProcess) -> None:
    unsigned = sign_out(central, {})
    assert unsigned.status_code == 401
    assert "sign in first" in unsigned.json()["detail"]
    forged = sign_out(central, {"Authorization": "Bearer oku_forged"})
    assert forged.status_code == 401
    assert "not known" in forged.json()["detail"]


def test_the_desktop_client_signs_out_and_never_raises(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name = new_person(db, "coordinator")
    with StatsClient(central.url) as client:
        client.sign_in(name, PASSWORD)
        token = client.token
        assert client.sign_out() is True
        assert (client.token, client.person, client.role) == (None, None, None)
        assert "sign in again" in refusal(central, bearer(token))
        assert client.sign_out() is False  # nothing to end any more

    # A token the central no longer accepts: signed out already, as far as it is concerned.
    with StatsClient(central.url, token=token) as client:
        assert client.sign_out() is True
        assert client.token is None

    # The central away: the sign-in is forgotten here all the same, and nothing is raised.
    kept = sign_in(central, name)["Authorization"].removeprefix("Bearer ")
    with StatsClient(f"http://127.0.0.1:{free_port()}", token=kept) as away:
        assert away.sign_out() is False
        assert away.token is None
    assert accepted(central, bearer(kept))


def test_removing_a_person_refuses_their_sign_in_and_every_token_at_once(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name = new_person(db, "coordinator")
    other = new_person(db, "coordinator")
    tokens = [sign_in(central, name) for _ in range(2)]
    theirs = sign_in(central, other)
    raw = get_stats(central, tokens[0], [*QUARTER, ("raw", "true")])
    assert raw.status_code == 200, raw.text

    removed = run_central(db.url, "user", "remove", name)
    assert removed.returncode == 0, removed.stderr
    assert f"user {name} removed" in removed.stdout

    for headers in tokens:
        assert "sign in again" in refusal(central, headers)
        assert sign_out(central, headers).status_code == 401
    wrong = try_sign_in(central, name, PASSWORD)
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "wrong name or password"}
    assert accepted(central, theirs)

    # The person's row and the audit log stay; the removal is in it too.
    assert actions_on(db, name) == ["user.remove", "stats.raw"]
    with db.sessions() as session:
        user = session.scalars(select(User).where(User.name == name)).one()
        assert user.removed_at is not None
    assert tokens_of(db, name) == 0
    # The name stays taken, so the log keeps meaning one person.
    again = run_central(
        db.url, "user", "add", name, "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert again.returncode == 1
    assert "removed" in again.stderr
    # Removing again changes nothing and says so.
    twice = run_central(db.url, "user", "remove", name)
    assert twice.returncode == 0, twice.stderr
    assert "already removed" in twice.stdout
    assert actions_on(db, name) == ["user.remove", "stats.raw"]


def test_a_removed_persons_token_is_refused_even_while_it_is_stored(
    central: CentralProcess, db: CentralDatabase
) -> None:
    """The token lookup itself checks the removal, not only the removal deleting tokens (a
    request already past the lookup's transaction, or a token row restored from a backup)."""
    name = new_person(db, "viewer")
    headers = sign_in(central, name)
    with db.sessions.begin() as session:
        session.execute(update(User).where(User.name == name).values(removed_at=utcnow()))
    assert tokens_of(db, name) == 1
    assert "sign in again" in refusal(central, headers)
    assert sign_out(central, headers).status_code == 401


def test_setting_a_password_refuses_every_token_of_that_person_only(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name, other = new_person(db, "viewer"), new_person(db, "viewer")
    mine = [sign_in(central, name) for _ in range(2)]
    theirs = sign_in(central, other)

    changed = run_central(
        db.url, "user", "password", name, "--password-stdin", stdin=NEW_PASSWORD + "\n"
    )
    assert changed.returncode == 0, changed.stderr
    assert f"password of {name} set" in changed.stdout

    for headers in mine:
        assert "sign in again" in refusal(central, headers)
    assert accepted(central, theirs)
    assert try_sign_in(central, name, PASSWORD).status_code == 401
    assert accepted(central, sign_in(central, name, NEW_PASSWORD))
    assert actions_on(db, name) == ["user.password"]
    assert actions_on(db, other) == []

    short = run_central(db.url, "user", "password", name, "--password-stdin", stdin="short\n")
    assert short.returncode == 1
    assert "at least 12 characters" in short.stderr
    assert try_sign_in(central, name, NEW_PASSWORD).status_code == 200


def test_the_user_list_shows_roles_sign_ins_tokens_and_removals(
    central: CentralProcess, db: CentralDatabase
) -> None:
    active = new_person(db, "coordinator")
    for _ in range(2):
        sign_in(central, active)
    never = new_person(db, "viewer")
    gone = new_person(db, "viewer")
    sign_in(central, gone)
    assert run_central(db.url, "user", "remove", gone).returncode == 0

    listed = run_central(db.url, "user", "list")
    assert listed.returncode == 0, listed.stderr
    lines = [line.split("\t") for line in listed.stdout.splitlines()]
    assert lines[0] == ["name", "role", "created (UTC)", "last sign-in (UTC)", "tokens", "status"]
    rows = {fields[0]: fields[1:] for fields in lines[1:]}
    today = f"{utcnow():%Y-%m-%d}"
    assert rows[active][0] == "coordinator"
    assert rows[active][1].startswith(today)
    assert rows[active][2].startswith(today)
    assert rows[active][3:] == ["2", "active"]
    assert rows[never][0] == "viewer"
    assert rows[never][2:] == ["-", "0", "active"]
    assert rows[gone][2].startswith(today)
    assert rows[gone][3] == "0"
    assert rows[gone][4].startswith(f"removed {today}")


@pytest.mark.parametrize(
    "arguments", [("remove",), ("password", "--password-stdin")], ids=["remove", "password"]
)
def test_an_unknown_name_is_one_sentence_and_a_failure(
    db: CentralDatabase, arguments: tuple[str, ...]
) -> None:
    action, *options = arguments
    result = run_central(db.url, "user", action, "nobody-known", *options, stdin=NEW_PASSWORD)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "outreach-central: no user 'nobody-known' (see 'outreach-central user list')"
    ]


def test_a_removed_persons_password_cannot_be_set(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name = new_person(db, "viewer")
    assert run_central(db.url, "user", "remove", name).returncode == 0
    result = run_central(
        db.url, "user", "password", name, "--password-stdin", stdin=NEW_PASSWORD + "\n"
    )
    assert result.returncode == 1
    assert "was removed" in result.stderr
    assert "Traceback" not in result.stderr
    assert try_sign_in(central, name, NEW_PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("name", "password", "field"),
    [
        ("amrit\x00", PASSWORD, "body.name"),
        ("\x00", PASSWORD, "body.name"),
        ("amrit", "correct horse\x00battery", "body.password"),
        ("amrit\ud800", PASSWORD, "body.name"),
        ("amrit", "correct horse\udfff battery", "body.password"),
    ],
    ids=["name-nul", "name-only-nul", "password-nul", "name-surrogate", "password-surrogate"],
)
def test_a_sign_in_with_text_no_database_stores_is_a_422_with_a_sentence(
    central: CentralProcess, name: str, password: str, field: str
) -> None:
    answer = try_sign_in(central, name, password)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail.startswith("the request is not valid, nothing was stored: " + field)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    password=st.text(min_size=1, max_size=40),
    in_name=st.booleans(),
)
def test_no_sign_in_with_a_nul_character_fails_the_central(
    central: CentralProcess, before: str, after: str, password: str, in_name: bool
) -> None:
    """Property: whatever else the name and password hold, a NUL in either is refused with a
    422 and a sentence (unknown names and wrong passwords are refused only later, with 401)."""
    with_nul = before + "\x00" + after
    name, password = (with_nul, password) if in_name else (before or "amrit", with_nul)
    answer = try_sign_in(central, name, password)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"].startswith("the request is not valid, nothing was stored: ")


def test_the_published_schema_documents_sign_out_and_the_nul_rule(central: CentralProcess) -> None:
    schema = requests.get(f"{central.url}/openapi.json", timeout=10).json()
    operation = schema["paths"][AUTH_TOKEN_PATH]["delete"]
    assert {"204", "401", "403"} <= set(operation["responses"])
    assert operation["security"] == [{"PersonToken": []}]
    assert "revision 4" in schema["info"]["summary"]
    sign_in_body = schema["components"]["schemas"]["SignInRequest"]["properties"]
    for field in ("name", "password"):
        assert sign_in_body[field]["pattern"] == "^[^\\x00]*$"
    # A method the path does not take is answered with both of the methods it does take.
    other = requests.put(f"{central.url}{AUTH_TOKEN_PATH}", timeout=10)
    assert other.status_code == 405
    assert other.headers["Allow"] == "DELETE, POST"
