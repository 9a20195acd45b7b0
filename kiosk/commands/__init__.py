"""One module per ``outreach-kiosk`` subcommand, each with ``register(subparsers)``."""
