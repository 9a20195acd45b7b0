"""The Qt kiosk: screens, the main window and printing. Depends on ``kiosk``; never the reverse."""
