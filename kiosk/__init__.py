"""Outreach Kiosk's domain core: settings, storage, content, i18n and the anonymous reach log.

Pure Python on purpose: nothing here imports Qt, the UI or the sync client, so the same core runs
in the kiosk, on the command line, in tests and in the central tools.
"""
