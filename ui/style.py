"""The look of the kiosk: large touch targets, high contrast, calm colours."""

STYLE_SHEET = """
QWidget { background: #f7f5f0; color: #1c2530; }
QLabel#title { font-size: 34px; font-weight: bold; }
QLabel#greeting { font-size: 64px; font-weight: bold; color: #0b4f6c; }
QLabel#prompt { font-size: 28px; color: #3b4a59; }
QLabel#note { font-size: 20px; color: #7a4b00; background: #fff4d6; padding: 8px;
              border-radius: 6px; }
QPushButton { font-size: 26px; min-height: 72px; padding: 8px 24px; border-radius: 12px;
              background: #ffffff; border: 2px solid #0b4f6c; color: #0b4f6c; }
QPushButton:pressed { background: #0b4f6c; color: #ffffff; }
QPushButton#primary { background: #0b4f6c; color: #ffffff; }
QPushButton#done { background: #1d6b3a; color: #ffffff; border-color: #1d6b3a; }
QTextBrowser { font-size: 24px; background: #ffffff; border: none; padding: 16px; }
QScrollBar:vertical { width: 28px; background: #e8e4da; border-radius: 14px; }
QScrollBar::handle:vertical { background: #0b4f6c; min-height: 60px; border-radius: 14px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
"""
