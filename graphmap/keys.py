"""API keys with roles: readers read, editors also write, admins also delete and import.

Keys are configured as SHA-256 hashes (``graphmap apikey`` makes a key and its hash), sent in
the ``X-API-Key`` header, compared in constant time against every configured hash, and never
logged. A missing or unknown key is 401; a known key whose role is too low is 403.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from graphmap.errors import InvalidInput


class Role(IntEnum):
    """What a key may do; each role may do everything the ones below it may."""

    READER = 1
    EDITOR = 2
    ADMIN = 3


@dataclass(frozen=True)
class ApiKey:
    """A configured key: who it is for, its role, and the SHA-256 of the key."""

    role: Role
    sha256: str
    name: str = ""


def hash_key(key: str) -> str:
    """The SHA-256 hex of a key, as configured (the key itself is never stored)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(role: Role) -> tuple[str, str]:
    """A fresh random key and the ``role:sha256`` entry to configure for it."""
    key = "gm_" + secrets.token_urlsafe(32)
    return key, f"{role.name.lower()}:{hash_key(key)}"


def _role(text: str, where: str) -> Role:
    try:
        return Role[text.strip().upper()]
    except KeyError:
        raise InvalidInput(f"{where}: role {text!r} is not one of reader, editor, admin") from None


def parse_keys(spec: str, file: str | None) -> list[ApiKey]:
    """Configured keys from GRAPHMAP_API_KEYS and GRAPHMAP_API_KEYS_FILE."""
    keys = []
    for k, entry in enumerate(e for e in spec.split(",") if e.strip()):
        role, _, digest = entry.strip().partition(":")
        if len(digest) != 64:
            raise InvalidInput(f"GRAPHMAP_API_KEYS[{k}]: write role:sha256hex")
        keys.append(ApiKey(_role(role, f"GRAPHMAP_API_KEYS[{k}]"), digest.lower()))
    if file:
        try:
            entries = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"GRAPHMAP_API_KEYS_FILE {file}: {exc}") from None
        for k, e in enumerate(entries):
            keys.append(
                ApiKey(
                    _role(e.get("role", ""), f"{file}[{k}]"), e["sha256"].lower(), e.get("name", "")
                )
            )
    return keys


def match(keys: list[ApiKey], presented: str) -> ApiKey | None:
    """The configured key a presented key hashes to; every entry is compared (constant time)."""
    digest = hash_key(presented)
    found = None
    for key in keys:
        if hmac.compare_digest(key.sha256, digest):
            found = key
    return found
