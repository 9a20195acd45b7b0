"""The coordinator's window: sign in to the central, read published (or raw) statistics, charts,
exports and the funder report."""
