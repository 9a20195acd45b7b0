"""The central endpoint: a FastAPI app with its own models, statistics and exports."""
