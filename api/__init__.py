"""graphmap's HTTP API (FastAPI): ``api.main.create_app`` builds it."""
