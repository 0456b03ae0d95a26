"""Everything graphmap reads from the environment, in one place (docs/operations.md lists it).

Variables are ``GRAPHMAP_`` plus the field name in capitals; Neo4j credentials keep the names
the Neo4j tools use (``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``). Read when needed
(``Settings()``), so a test or a server sets them before use.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_STORE = "sqlite:///graphmap.db"


class Settings(BaseSettings):
    """graphmap's environment variables, read when ``Settings()`` is built."""

    model_config = SettingsConfigDict(env_prefix="GRAPHMAP_", extra="ignore")

    store: str = Field(DEFAULT_STORE, description="Store URL: sqlite:///path.db or neo4j://host")
    config: str | None = Field(None, description="Analysis parameters file, JSON or TOML")
    # Neo4j
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field("", validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")
    neo4j_batch_size: int = Field(2000, ge=1, description="Rows per UNWIND statement")
    neo4j_tx_records: int = Field(
        50_000,
        ge=1,
        description="Records per transaction; a larger import commits in resumable chunks "
        "(the client holds one transaction's rows: 50,000 keeps a 1M import under 300 MiB)",
    )
    # the HTTP API
    api_keys: str = Field("", description='Hashed keys: "role:sha256hex,role:sha256hex"')
    api_keys_file: str | None = Field(None, description='JSON [{"role", "sha256", "name"}]')
    auth_disabled: bool = Field(
        False, description="Only `graphmap demo` on loopback, or serve --insecure-no-auth"
    )
    max_body_bytes: int = Field(
        256 * 1024 * 1024,
        ge=1024,
        description="The largest request body (413 beyond it); the default takes a bundle of "
        "a few million relationships (docs/security.md, Limits)",
    )
    retry_after_seconds: int = Field(5, description="Told to clients when the store is down")
    secure_cookies: bool | None = Field(
        None,
        description="Mark the login cookie Secure; default: when the request came over https "
        "(behind a TLS proxy, run uvicorn with --proxy-headers --forwarded-allow-ips)",
    )
    language: str = Field("en", description="The views' language when the browser names none")
    warm_seconds: float = Field(
        30,
        ge=0,
        description="How often each server process brings today's worklist up to date in "
        "the background (docs/operations.md); 0: only when asked",
    )
    # printing
    chromium: str | None = Field(None, description="Chromium binary for --pdf")
