"""The store contract, run against SQLite and Neo4j alike: same writes, same reads, same answers."""

from __future__ import annotations

import copy
import threading

import pytest

from graphmap.bundle import count_records, sort_bundle
from graphmap.errors import Conflict, InvalidInput, NotFound
from graphmap.model import Bundle, Person
from graphmap.store.subgraph import decision_network, ego_network, organization_network
from tests.fixtures import SMALL, small_bundle


def edge_set(graph) -> set[tuple[str, str, str]]:
    return {(u, d["type"], v) for u, v, d in graph.edges(data=True)}


def test_export_of_import_equals_the_demo_bundle(store, demo):
    store.import_bundle(demo)
    assert sort_bundle(store.export_bundle()) == sort_bundle(demo)


def test_importing_twice_changes_no_count(store, demo):
    store.import_bundle(demo)
    first = store.stats()
    store.import_bundle(demo)
    assert store.stats() == first
    assert first["Person"] == len(demo.people)
    assert first["INTERACTED"] == len(demo.interactions)


def test_a_whole_model_replaces_fields_and_reference_edges(store):
    store.import_bundle(small_bundle())
    store.import_bundle(
        Bundle(people=[Person(id="c", name="Cy Moved", organization_id="o2", stance="advocate")])
    )
    moved = store.get("Person", "c")
    assert moved == Person(id="c", name="Cy Moved", organization_id="o2", stance="advocate")
    assert store.stats()["REPORTS_TO"] == 1  # c no longer reports to b


def test_a_raw_record_changes_only_the_fields_it_names(store):
    store.import_bundle(small_bundle())
    store.import_bundle({"people": [{"id": "c", "title": "Site Manager", "susceptibility": 0.7}]})
    store.import_bundle({"people": [{"id": "c", "stance": "skeptic"}]})
    assert store.get("Person", "c") == Person(
        id="c",
        name="Cy Site",
        title="Site Manager",
        organization_id="o1",
        reports_to="b",
        stance="skeptic",
        susceptibility=0.7,
    )
    assert store.stats()["REPORTS_TO"] == 2 and store.stats()["WORKS_AT"] == 7


def test_null_clears_a_field_a_reference_and_restores_a_default(store):
    store.import_bundle(small_bundle())
    store.import_bundle(
        {"people": [{"id": "b", "reports_to": None, "organization_id": None, "stance": None}]}
    )
    assert store.get("Person", "b") == Person(id="b", name="Bo Tech", stance="unknown")
    assert store.stats()["REPORTS_TO"] == 1 and store.stats()["WORKS_AT"] == 6
    store.import_bundle({"projects": [{"id": "P1", "value": None, "stage": "won"}]})
    project = store.get("Project", "P1")
    assert (project.value, project.stage, project.client_id) == (None, "won", "o1")


def test_required_fields_cannot_be_cleared_and_new_records_need_them(store):
    store.import_bundle(small_bundle())
    before = sort_bundle(store.export_bundle())
    with pytest.raises(InvalidInput) as info:
        store.import_bundle(
            {
                "people": [{"id": "c", "name": None}, {"id": "new", "title": "CFO"}],
                "projects": [{"id": "P1", "client_id": None}],
                "influences": [{"from_id": "a", "to_id": "b"}],
            }
        )
    assert [str(p) for p in info.value.problems] == [
        "people[0].name: required: it cannot be cleared with null",
        "people[1].name: required field is missing",
        "projects[0].client_id: required: it cannot be cleared with null",
        "influences[0].weight: required field is missing",
    ]
    assert sort_bundle(store.export_bundle()) == before


def test_a_new_record_gets_defaults_for_what_it_omits(store):
    store.import_bundle(small_bundle())
    store.import_bundle({"people": [{"id": "z", "name": "Zed", "organization_id": "o2"}]})
    assert store.get("Person", "z") == Person(
        id="z", name="Zed", organization_id="o2", stance="unknown"
    )


def test_a_kept_reference_is_checked_and_a_new_one_must_resolve(store):
    store.import_bundle(small_bundle())
    with pytest.raises(InvalidInput) as info:
        store.import_bundle({"people": [{"id": "c", "organization_id": "nowhere"}]})
    assert [str(p) for p in info.value.problems] == [
        "people[0].organization_id: unknown organization 'nowhere'"
    ]
    store.import_bundle({"people": [{"id": "h", "reports_to": "g"}]})  # g is only in the store
    assert store.get("Person", "h").reports_to == "g"


def test_a_partial_update_may_not_close_a_reporting_loop_through_the_store(store):
    """Stored: c → b → a. Making a report to c would close a → c → b → a."""
    store.import_bundle(small_bundle())
    with pytest.raises(InvalidInput) as info:
        store.import_bundle({"people": [{"id": "a", "reports_to": "c"}]})
    assert [str(p) for p in info.value.problems] == [
        "people[0].reports_to: reporting cycle a → c → b → a"
    ]
    assert store.get("Person", "a").reports_to is None
    store.import_bundle({"people": [{"id": "a", "reports_to": "h"}]})  # h reports to no one
    assert store.get("Person", "a").reports_to == "h"


def test_relationship_records_change_only_the_properties_they_name(store):
    store.import_bundle(small_bundle())
    store.import_bundle(
        {
            "knows": [{"staff_id": "s1", "person_id": "a", "source": "crm"}],
            "influences": [{"from_id": "d", "to_id": "b"}],
            "interactions": [
                {"staff_id": "s1", "person_id": "c", "on": "2024-04-01", "kind": "email"}
            ],
            "decision_roles": [{"person_id": "b", "project_id": "P1", "authority": None}],
        }
    )
    exported = store.export_bundle()
    knows = next(k for k in exported.knows if (k.staff_id, k.person_id) == ("s1", "a"))
    assert (knows.strength, str(knows.last_contact), knows.source) == (0.8, "2024-05-01", "crm")
    assert [i.weight for i in exported.influences if (i.from_id, i.to_id) == ("d", "b")] == [0.8]
    email = next(i for i in exported.interactions if i.kind == "email")
    assert email.note == "x"
    seat = next(d for d in exported.decision_roles if d.person_id == "b")
    assert (seat.role, seat.authority) == ("technical_evaluator", None)
    assert store.stats()["KNOWS"] == 3 and store.stats()["INTERACTED"] == 2


def test_concurrent_partial_updates_of_one_node_both_land(store):
    """Each thread sets its own field many times over; neither write may undo the other's."""
    store.import_bundle(small_bundle())
    rounds = 8
    start = threading.Barrier(2)

    def write(field: str, values: list) -> None:
        start.wait()
        for value in values:
            store.import_bundle({"people": [{"id": "c", field: value}]})

    titles = [f"Title {i}" for i in range(rounds)]
    shares = [round(0.1 * i, 1) for i in range(rounds)]
    threads = [
        threading.Thread(target=write, args=("title", titles)),
        threading.Thread(target=write, args=("susceptibility", shares)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    person = store.get("Person", "c")
    assert (person.title, person.susceptibility) == ("Title 7", 0.7)
    assert (person.name, person.reports_to) == ("Cy Site", "b")


def test_housekeeping_is_the_same_on_both_stores(store):
    store.import_bundle(small_bundle())
    store.ensure_schema()  # idempotent on a store that has data
    store.checkpoint()
    assert sum(store.stats().values()) > 0
    store.wipe_everything()
    assert sum(store.stats().values()) == 0
    store.import_bundle(small_bundle())  # a wiped store takes an import again
    assert sort_bundle(store.export_bundle()) == sort_bundle(small_bundle())


def test_rejected_import_lists_every_problem_and_writes_nothing(store):
    store.import_bundle(small_bundle())
    before = sort_bundle(store.export_bundle())
    raw = {
        "people": [{"id": "new1", "name": "New", "organization_id": "nowhere"}],
        "knows": [{"staff_id": "s1", "person_id": "new1", "strength": 2}],
        "decision_roles": [{"person_id": "a", "project_id": "P1", "role": "boss"}],
    }
    with pytest.raises(InvalidInput) as info:
        store.import_bundle(raw)
    assert len(info.value.problems) == 3
    assert sort_bundle(store.export_bundle()) == before


def test_references_may_point_at_what_the_store_already_holds(store):
    store.import_bundle(small_bundle())
    store.import_bundle({"knows": [{"staff_id": "s2", "person_id": "a", "strength": 0.3}]})
    assert store.stats()["KNOWS"] == 4
    with pytest.raises(InvalidInput, match="already a person"):
        store.import_bundle({"staff": [{"id": "a", "name": "Not a staff member"}]})


def test_delete_person_removes_its_edges_and_clears_reports_to(store):
    store.import_bundle(small_bundle())
    store.delete_node("Person", "b")
    assert store.get("Person", "c").reports_to is None
    assert store.stats()["DECIDES_ON"] == 1
    with pytest.raises(NotFound):
        store.get("Person", "b")


def test_delete_organization_with_people_needs_cascade(store):
    store.import_bundle(small_bundle())
    with pytest.raises(Conflict, match="still has"):
        store.delete_node("Organization", "o2")
    assert store.stats()["Person"] == 8
    store.delete_node("Organization", "o2", cascade=True)
    counts = store.stats()
    assert counts["Organization"] == 2 and counts["Person"] == 5
    assert counts["INFLUENCES"] == 0  # every influence touched d, e or f


def test_delete_edge_and_unknown_ids(store):
    store.import_bundle(small_bundle())
    store.delete_edge("KNOWS", "s1", "a")
    assert store.stats()["KNOWS"] == 2
    with pytest.raises(NotFound):
        store.delete_edge("KNOWS", "s1", "a")
    with pytest.raises(NotFound):
        store.delete_node("Staff", "nobody")
    with pytest.raises(NotFound):
        store.get("Project", "a")  # a is a person, not a project


def test_list_filters_and_pages(store):
    store.import_bundle(small_bundle())
    in_o1 = store.list("Person", {"organization_id": "o1"}, 0, 100)
    assert [p.id for p in in_o1] == ["a", "b", "c", "g"]
    assert [p.id for p in store.list("Person", {"organization_id": "o1"}, 1, 2)] == ["b", "c"]
    assert [s.id for s in store.list("Staff", {"status": "left"}, 0, 10)] == ["s4"]
    assert [p.id for p in store.list("Project", {"stage": "tender"}, 0, 10)] == ["P1"]


def test_decision_network_holds_exactly_the_upstream_within_max_hops(store):
    """Seats a, b. Hop 1: c (reports to b) and d (influences b). Hop 2: e (influences d; d and e
    form a cycle). f influences e at hop 3: beyond max_hops=2, so f, s2 (who knows only f) and
    f's edge are out. g and h are not upstream of any seat."""
    store.import_bundle(small_bundle())
    graph = decision_network(store, "P1", max_hops=2)
    assert set(graph.nodes) == {"P1", "a", "b", "c", "d", "e", "o1", "o2", "oc", "s1", "s3", "s4"}
    assert edge_set(graph) == {
        ("a", "DECIDES_ON", "P1"),
        ("b", "DECIDES_ON", "P1"),
        ("b", "REPORTS_TO", "a"),
        ("c", "REPORTS_TO", "b"),
        ("d", "INFLUENCES", "b"),
        ("e", "INFLUENCES", "d"),
        ("d", "INFLUENCES", "e"),
        ("a", "WORKS_AT", "o1"),
        ("b", "WORKS_AT", "o1"),
        ("c", "WORKS_AT", "o1"),
        ("d", "WORKS_AT", "o2"),
        ("e", "WORKS_AT", "o2"),
        ("s1", "KNOWS", "a"),
        ("s1", "INTERACTED", "c"),
        ("s3", "KNOWS", "e"),
        ("P1", "FOR_CLIENT", "o1"),
        ("s4", "ASSIGNED_TO", "P1"),
        ("oc", "COMPETES_FOR", "P1"),
    }
    assert graph.number_of_edges() == 19  # s1 met c twice: a meeting and an email
    assert {n: graph.nodes[n]["hops"] for n in "abcde"} == {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}


def test_decision_network_with_more_hops_reaches_f(store):
    store.import_bundle(small_bundle())
    graph = decision_network(store, "P1", max_hops=3)
    assert {"f", "s2"} <= set(graph.nodes)
    assert ("f", "INFLUENCES", "e") in edge_set(graph)


def test_ego_network_of_a_staff_member(store):
    store.import_bundle(small_bundle())
    one = ego_network(store, "s1", hops=1)
    assert set(one.nodes) == {"s1", "a", "c"}
    assert edge_set(one) == {("s1", "KNOWS", "a"), ("s1", "INTERACTED", "c")}
    two = ego_network(store, "s1", hops=2)
    assert set(two.nodes) == {"s1", "a", "c", "o1", "b", "P1"}
    assert edge_set(two) == {
        ("s1", "KNOWS", "a"),
        ("s1", "INTERACTED", "c"),
        ("a", "WORKS_AT", "o1"),
        ("c", "WORKS_AT", "o1"),
        ("b", "REPORTS_TO", "a"),
        ("c", "REPORTS_TO", "b"),
        ("a", "DECIDES_ON", "P1"),
        ("b", "WORKS_AT", "o1"),
        ("b", "DECIDES_ON", "P1"),
        ("P1", "FOR_CLIENT", "o1"),
    }


def test_organization_network(store):
    store.import_bundle(small_bundle())
    graph = organization_network(store, "o2")
    assert set(graph.nodes) == {"o2", "d", "e", "f", "b", "s2", "s3"}
    assert edge_set(graph) == {
        ("d", "WORKS_AT", "o2"),
        ("e", "WORKS_AT", "o2"),
        ("f", "WORKS_AT", "o2"),
        ("d", "INFLUENCES", "b"),
        ("e", "INFLUENCES", "d"),
        ("d", "INFLUENCES", "e"),
        ("f", "INFLUENCES", "e"),
        ("s3", "KNOWS", "e"),
        ("s2", "KNOWS", "f"),
    }


def test_extraction_of_unknown_ids_is_not_found(store):
    store.import_bundle(small_bundle())
    with pytest.raises(NotFound):
        decision_network(store, "nope")
    with pytest.raises(NotFound):
        organization_network(store, "a")


def test_counts_match_bundle(store):
    store.import_bundle(small_bundle())
    counts = store.stats()
    records = count_records(small_bundle())
    assert counts["KNOWS"] == records["knows"] and counts["Staff"] == records["staff"]
    assert counts["WORKS_AT"] == 7 and counts["REPORTS_TO"] == 2 and counts["FOR_CLIENT"] == 1


def test_raw_and_model_bundles_are_checked_alike(store):
    raw = copy.deepcopy(SMALL)
    raw["influences"].append({"from_id": "zz", "to_id": "a", "weight": 0.5})
    with pytest.raises(InvalidInput, match="1 problem"):
        store.import_bundle(raw)
    assert store.stats()["Person"] == 0


def test_import_reports_progress_up_to_the_total(store, demo):
    seen: list[tuple[int, int]] = []
    written = store.import_bundle(demo, progress=lambda done, total: seen.append((done, total)))
    total = written["nodes"] + written["relationships"]
    assert seen and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
