"""The self-service kiosk at the desk: its host (:mod:`ui.kiosk.app`), its window and the
visitor's screens (attract, languages, topics, a topic's page, the card, "still there?"),
narration, the idle watch and card printing."""
