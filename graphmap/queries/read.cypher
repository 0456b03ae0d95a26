// name: labels_of
MATCH (n:Node) WHERE n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label
// name: nodes
MATCH (n:Node) WHERE n.id IN $ids
OPTIONAL MATCH (n)-[r:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props,
       collect([type(r), m.id]) AS refs
// name: nodes_for_update
// Locks each node first (a property written and removed), so the read is what the import updates.
MATCH (n:Node) WHERE n.id IN $ids
SET n.graphmapLock = true
REMOVE n.graphmapLock
WITH n
OPTIONAL MATCH (n)-[r:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props,
       collect([type(r), m.id]) AS refs
// name: edges_out_for_update
MATCH (n:Node) WHERE n.id IN $ids
SET n.graphmapLock = true
REMOVE n.graphmapLock
WITH n
MATCH (n)-[r]->(m:Node) WHERE type(r) IN $types
RETURN type(r) AS type, n.id AS src, m.id AS dst, properties(r) AS props
// name: edges_out
MATCH (n:Node)-[r]->(m:Node) WHERE n.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, n.id AS src, m.id AS dst, properties(r) AS props
// name: edges_in
MATCH (n:Node)<-[r]-(m:Node) WHERE n.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, m.id AS src, n.id AS dst, properties(r) AS props
// name: edges_both
// Either end among the ids, in one round trip (a relationship between two of them comes twice).
MATCH (n:Node)-[r]->(m:Node) WHERE n.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, n.id AS src, m.id AS dst, properties(r) AS props
UNION ALL
MATCH (n:Node)<-[r]-(m:Node) WHERE n.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, m.id AS src, n.id AS dst, properties(r) AS props
// name: all_nodes
MATCH (n:Node)
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Node'][0] AS label, properties(n) AS props
// name: all_edges
MATCH (a:Node)-[r]->(b:Node)
RETURN type(r) AS type, a.id AS src, b.id AS dst, properties(r) AS props
// name: count_labels
MATCH (n:Node)
RETURN [l IN labels(n) WHERE l <> 'Node'][0] AS name, count(*) AS n
// name: count_types
MATCH ()-[r]->()
RETURN type(r) AS name, count(*) AS n
// name: names
MATCH (n:Node)
WITH n, [l IN labels(n) WHERE l <> 'Node'][0] AS label
WHERE label IN $labels
RETURN n.id AS id, label, n.name AS name, coalesce(n.title, n.role) AS title
// name: ping
RETURN 1 AS ok
// name: list_organization
MATCH (n:Organization)
WHERE ($kind IS NULL OR n.kind = $kind) AND ($category IS NULL OR n.category = $category)
  AND ($sector IS NULL OR n.sector = $sector) AND ($region IS NULL OR n.region = $region)
RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit
// name: list_person
MATCH (n:Person)
WHERE ($stance IS NULL OR n.stance = $stance)
  AND ($organization_id IS NULL OR EXISTS { (n)-[:WORKS_AT]->(:Node {id: $organization_id}) })
RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit
// name: list_staff
MATCH (n:Staff)
WHERE ($status IS NULL OR n.status = $status) AND ($team IS NULL OR n.team = $team)
  AND ($region IS NULL OR n.region = $region)
RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit
// name: list_project
MATCH (n:Project)
WHERE ($stage IS NULL OR n.stage = $stage)
  AND ($client_id IS NULL OR EXISTS { (n)-[:FOR_CLIENT]->(:Node {id: $client_id}) })
RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit
