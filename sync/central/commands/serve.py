"""``outreach-central serve``: run the API with uvicorn, optionally with TLS itself."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sync.central.db.database import CentralDatabase
from sync.central.settings import (
    DEFAULT_ENROL_LIMIT,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_SIGN_IN_LIMIT,
    ENROL_LIMIT_ENV,
    SIGN_IN_LIMIT_ENV,
    rate_limits_from,
)

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("serve", parents=[common], help="serve the API")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--ssl-keyfile", help="the certificate's private key (PEM)")
    parser.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="reverse proxies trusted for X-Forwarded-* headers (default 127.0.0.1)",
    )
    parser.add_argument(
        "--enrol-limit",
        metavar="N/WINDOW",
        help=f"failed enrolment attempts allowed per client address, e.g. 10/15m, or off "
        f"(default: ${ENROL_LIMIT_ENV}, else {DEFAULT_ENROL_LIMIT})",
    )
    parser.add_argument(
        "--sign-in-limit",
        metavar="N/WINDOW",
        help=f"failed coordinator sign-ins allowed per client address, e.g. 10/15m, or off "
        f"(default: ${SIGN_IN_LIMIT_ENV}, else {DEFAULT_SIGN_IN_LIMIT})",
    )
    parser.add_argument("--log-level", default="info")
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace, database: CentralDatabase) -> int:
    import uvicorn

    from sync.central.api.app import create_app, freeze_start_up

    limits = rate_limits_from(args.enrol_limit, args.sign_in_limit)
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("outreach-central: give both --ssl-certfile and --ssl-keyfile", file=sys.stderr)
        return 2
    if args.host not in LOOPBACK and not args.ssl_certfile:
        print(
            f"outreach-central: warning: serving plain HTTP on {args.host}; devices send their "
            "tokens in every request, so put a TLS reverse proxy in front or use --ssl-certfile",
            file=sys.stderr,
        )
    app = create_app(database, limits)
    freeze_start_up()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=args.log_level,
        server_header=False,
    )
    return 0
