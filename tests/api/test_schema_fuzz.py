"""schemathesis against the app's own OpenAPI schema: no 5xx, no response that breaks it.
A bounded number of generated requests per operation, with an admin key, over the worked
example's data. Every check runs except "schema-valid data is accepted": the API enforces rules
OpenAPI cannot state (the body's id matches the path, references resolve), so a schema-valid
request may rightly get a 422."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from graphmap.keys import Role
from graphmap.store.sqlite import SQLiteStore
from tests.api.conftest import HEADERS, make_client
from tests.fixtures import worked_bundle

EXAMPLES_PER_OPERATION = 25


@pytest.mark.slow
def test_api_conforms_to_its_schema(tmp_path):
    store = SQLiteStore(tmp_path / "fuzz.db")
    store.import_bundle(worked_bundle())
    schema = schemathesis.openapi.from_asgi("/openapi.json", make_client(store).app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,  # the same requests every run: CI results are reproducible
        )
        def run(case):
            case.call_and_validate(
                headers=HEADERS[Role.ADMIN], excluded_checks=[positive_data_acceptance]
            )

        run()
    store.close()
