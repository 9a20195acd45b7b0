"""The outreach worker's laptop window: sessions recorded offline, topics presented to a group."""
