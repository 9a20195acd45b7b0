"""Subcommands of ``outreach-kiosk`` that start Qt windows (added by ``ui.main``)."""
