// Batched writes: each runs once per batch of rows ($rows). upsert_* MERGE by id (nodes the
// store already holds); create_* CREATE (ids the store did not hold when the import was checked,
// and the relationships leaving them), skipping the lookup a MERGE makes per row.
// name: upsert_organization
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props, n.id = row.id, n:Organization
// name: upsert_person
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props, n.id = row.id, n:Person
// name: upsert_staff
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props, n.id = row.id, n:Staff
// name: upsert_project
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row.props, n.id = row.id, n:Project
// name: drop_refs_person
UNWIND $ids AS id
MATCH (:Node {id: id})-[r:WORKS_AT|REPORTS_TO]->()
DELETE r
// name: drop_refs_project
UNWIND $ids AS id
MATCH (:Node {id: id})-[r:FOR_CLIENT]->()
DELETE r
// name: upsert_works_at
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[:WORKS_AT]->(b)
// name: upsert_reports_to
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[:REPORTS_TO]->(b)
// name: upsert_for_client
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[:FOR_CLIENT]->(b)
// name: upsert_influences
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:INFLUENCES]->(b)
SET r = row.props
// name: upsert_decides_on
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:DECIDES_ON]->(b)
SET r = row.props
// name: upsert_knows
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:KNOWS]->(b)
SET r = row.props
// name: upsert_interacted
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:INTERACTED {on: row.props.on, kind: row.props.kind}]->(b)
SET r = row.props
// name: upsert_assigned_to
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:ASSIGNED_TO]->(b)
SET r = row.props
// name: upsert_competes_for
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
MERGE (a)-[r:COMPETES_FOR]->(b)
SET r = row.props
// name: create_organization
UNWIND $rows AS row
CREATE (n:Node:Organization)
SET n = row.props, n.id = row.id
// name: create_person
UNWIND $rows AS row
CREATE (n:Node:Person)
SET n = row.props, n.id = row.id
// name: create_staff
UNWIND $rows AS row
CREATE (n:Node:Staff)
SET n = row.props, n.id = row.id
// name: create_project
UNWIND $rows AS row
CREATE (n:Node:Project)
SET n = row.props, n.id = row.id
// name: create_works_at
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[:WORKS_AT]->(b)
// name: create_reports_to
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[:REPORTS_TO]->(b)
// name: create_for_client
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[:FOR_CLIENT]->(b)
// name: create_influences
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:INFLUENCES]->(b)
SET r = row.props
// name: create_decides_on
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:DECIDES_ON]->(b)
SET r = row.props
// name: create_knows
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:KNOWS]->(b)
SET r = row.props
// name: create_interacted
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:INTERACTED]->(b)
SET r = row.props
// name: create_assigned_to
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:ASSIGNED_TO]->(b)
SET r = row.props
// name: create_competes_for
UNWIND $rows AS row
MATCH (a:Node {id: row.src}), (b:Node {id: row.dst})
CREATE (a)-[r:COMPETES_FOR]->(b)
SET r = row.props
// name: dependants
MATCH (d:Node)-[:WORKS_AT|FOR_CLIENT]->(:Node {id: $id})
RETURN d.id AS id
// name: delete_nodes
UNWIND $ids AS id
MATCH (n:Node {id: id})
DETACH DELETE n
// name: delete_edge
MATCH (:Node {id: $src})-[r]->(:Node {id: $dst})
WHERE type(r) = $type AND ($on IS NULL OR (r.on = $on AND r.kind = $kind))
DELETE r
RETURN count(r) AS deleted
// name: wipe_batch
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
