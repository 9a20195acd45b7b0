"""One module per ``outreach-central`` subcommand, each with ``register(commands, common)``."""
