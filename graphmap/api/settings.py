"""Service settings from the environment (prefix GRAPHMAP_), as pydantic-settings reads them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPHMAP_", extra="ignore")

    store: str | None = None  # GRAPHMAP_STORE; default sqlite:///graphmap.db
    api_keys: str = ""  # GRAPHMAP_API_KEYS: "role:sha256hex,role:sha256hex"
    api_keys_file: str | None = None  # GRAPHMAP_API_KEYS_FILE: JSON [{"role", "sha256", "name"}]
    auth_disabled: bool = False  # only `graphmap demo` on loopback, or serve --insecure-no-auth
    # GRAPHMAP_MAX_BODY_BYTES: the largest request body (413 beyond it); the default takes a
    # bundle of a few million relationships (docs/security.md, Limits)
    max_body_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    retry_after_seconds: int = 5  # told to clients when the store is unavailable
    # GRAPHMAP_SECURE_COOKIES: mark the login cookie Secure. Default: when the request came
    # over https (behind a TLS proxy, run uvicorn with --proxy-headers --forwarded-allow-ips)
    secure_cookies: bool | None = None
    language: str = "en"  # GRAPHMAP_LANGUAGE: the views' language when the browser names none
    config_file: str | None = None  # GRAPHMAP_CONFIG_FILE; else GRAPHMAP_CONFIG as for the CLI
