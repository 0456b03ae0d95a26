"""The change log on both stores: each write reports the nodes whose fields it wrote and the
ends of the relationships it wrote, worked out here from the records written, not read back
from the log's own code."""

from __future__ import annotations

import pytest

import graphmap.store.changes
from graphmap.model import Bundle
from graphmap.store.changes import Changes
from tests.test_extraction import random_firm


def every_id(bundle: Bundle) -> set[str]:
    return {
        r.id
        for section in (bundle.organizations, bundle.people, bundle.staff, bundle.projects)
        for r in section
    }


def every_end(bundle: Bundle) -> set[str]:
    """Both ends of every relationship, reference fields included."""
    pairs = [(i.from_id, i.to_id) for i in bundle.influences]
    pairs += [(r.person_id, r.project_id) for r in bundle.decision_roles]
    pairs += [(k.staff_id, k.person_id) for k in (*bundle.knows, *bundle.interactions)]
    pairs += [(a.staff_id, a.project_id) for a in bundle.assignments]
    pairs += [(c.organization_id, c.project_id) for c in bundle.competitors]
    pairs += [(p.id, p.organization_id) for p in bundle.people if p.organization_id]
    pairs += [(p.id, p.reports_to) for p in bundle.people if p.reports_to]
    pairs += [(p.id, p.client_id) for p in bundle.projects]
    return {end for pair in pairs for end in pair}


def test_an_import_touches_every_node_it_writes(store):
    bundle = random_firm(4)
    before = store.data_version()
    store.import_bundle(bundle)
    assert store.changed_since(before) == Changes(
        frozenset(every_id(bundle)), frozenset(every_end(bundle))
    )
    assert store.changed_since(store.data_version()) == Changes(frozenset(), frozenset())


def test_one_record_touches_itself_and_what_it_refers_to(store):
    bundle = random_firm(5)
    store.import_bundle(bundle)
    person = next(p for p in bundle.people if p.reports_to and p.organization_id)
    before = store.data_version()
    store.import_bundle({"people": [person.model_dump(mode="json") | {"title": "Director"}]})
    # the person's fields, and both ends of its WORKS_AT and REPORTS_TO
    assert store.changed_since(before) == Changes(
        frozenset({person.id}),
        frozenset({person.id, person.organization_id, person.reports_to}),
    )


def test_deletes_touch_the_ends_and_the_cascade(store):
    bundle = random_firm(6)
    store.import_bundle(bundle)
    tie = bundle.knows[0]
    v0 = store.data_version()
    store.delete_edge("KNOWS", tie.staff_id, tie.person_id)
    ends = frozenset({tie.staff_id, tie.person_id})
    assert store.changed_since(v0) == Changes(frozenset(), ends)
    v1 = store.data_version()
    store.delete_node("Organization", "o1", cascade=True)
    employed = {p.id for p in bundle.people if p.organization_id == "o1"}
    clients = {p.id for p in bundle.projects if p.client_id == "o1"}
    gone = frozenset({"o1"} | employed | clients)
    assert store.changed_since(v1) == Changes(gone, frozenset())
    assert store.changed_since(v0) == Changes(gone, ends)


def test_unknown_answers_none(store, monkeypatch):
    """A wipe, a write too large to list, a version the log no longer keeps, another
    epoch: the caller must start over."""
    bundle = random_firm(7)
    v0 = store.data_version()
    monkeypatch.setattr(graphmap.store.changes, "LOG_CAP", 5)
    store.import_bundle(bundle)
    assert store.changed_since(v0) is None
    monkeypatch.undo()

    monkeypatch.setattr(f"graphmap.store.{store.kind}.LOG_KEPT", 2)
    v1 = store.data_version()
    for tie in bundle.knows[:3]:
        store.delete_edge("KNOWS", tie.staff_id, tie.person_id)
    assert store.changed_since(v1) is None  # three writes on, the log keeps two
    last = bundle.knows[2]
    assert store.changed_since(_earlier(store.data_version())) == Changes(
        frozenset(), frozenset({last.staff_id, last.person_id})
    )

    epoch, version = store.data_version().rsplit(":", 1)
    assert store.changed_since(f"another-{epoch}:{version}") is None
    v2 = store.data_version()
    store.wipe_everything()
    assert store.changed_since(v2) is None


def _earlier(version: str) -> str:
    epoch, counter = version.rsplit(":", 1)
    return f"{epoch}:{int(counter) - 1}"


@pytest.mark.parametrize("bad", ["", "no-counter", "epoch:abc"])
def test_a_malformed_version_is_refused(sqlite_store, bad):
    with pytest.raises(ValueError):
        sqlite_store.changed_since(bad)
