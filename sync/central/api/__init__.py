"""The central's HTTP API: the app, its routes for devices, coordinators and content, and what
guards every request (device tokens, body limits, attempt limits, error answers)."""
