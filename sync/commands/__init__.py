"""``outreach-kiosk`` subcommands that talk to the central (added by the composition root)."""
