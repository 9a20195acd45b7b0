"""Sync between a device and the central endpoint. Depends on ``kiosk``; never imports the UI."""
