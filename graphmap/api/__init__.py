"""graphmap's HTTP API (FastAPI): ``graphmap.api.main.create_app`` builds it."""
