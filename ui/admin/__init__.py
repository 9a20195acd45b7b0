"""The desk staff's side of the kiosk, behind a PIN: content and packs, contacts, this kiosk,
statistics and sync."""
