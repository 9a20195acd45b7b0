"""One module per kiosk screen. Screens emit what the visitor did; the window decides what next."""
