"""Data shipped with the app (content pack, catalogs, fonts), read as ``kiosk.resources``."""
