"""A Neo4j whose transaction memory is too small for an import: the answer says what to change
(507 from the API, no Retry-After, since a retry fails the same way), and the same bundle
committed in smaller chunks goes in whole. A real Neo4j with a tiny transaction memory pool."""

from __future__ import annotations

import pytest

from graphmap.bundle import bundle_to_json
from graphmap.errors import StoreLimit
from graphmap.keys import Role
from graphmap.model import NODE_SPECS
from graphmap.synthetic import synthetic_bundle
from tests.api.conftest import HEADERS, make_client
from tests.neo4j_instance import private_neo4j_at

pytestmark = pytest.mark.neo4j


def test_memory_limit_is_not_unavailable_and_smaller_chunks_fit(tmp_path):
    neo4j = private_neo4j_at(tmp_path, NEO4J_DEV_TX_MEMORY="40")  # MiB, all open transactions
    neo4j.command("start")
    bundle = bundle_to_json(synthetic_bundle(60_000, seed=2))
    people = len(bundle["people"])
    try:
        store = neo4j.store(retry_seconds=1.0, tx_records=10_000_000)  # all in one transaction
        with pytest.raises(StoreLimit) as refused:
            store.import_bundle(bundle)
        assert "GRAPHMAP_NEO4J_TX_RECORDS" in refused.value.message
        assert sum(store.stats().values()) == 0  # one transaction: nothing of it stayed

        with make_client(store) as client:
            client.headers.update(HEADERS[Role.ADMIN])
            answer = client.post("/import", json=bundle)
        assert answer.status_code == 507, answer.text
        assert "Retry-After" not in answer.headers
        assert answer.json()["error"]["code"] == "store_limit"
        store.close()

        store = neo4j.store(retry_seconds=1.0, tx_records=2_000, batch_size=1_000)
        store.import_bundle(bundle)
        stored = store.stats()
        assert stored["Person"] == people
        assert sum(stored[s.label] for s in NODE_SPECS) == sum(
            len(bundle[s.section]) for s in NODE_SPECS
        )
        store.close()
    finally:
        neo4j.command("stop")
