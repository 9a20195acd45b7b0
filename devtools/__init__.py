"""Developers' tools that do not ship with the kiosk: screenshots of every screen in every
language (``make screenshots``), for reviewing layouts and translations."""
