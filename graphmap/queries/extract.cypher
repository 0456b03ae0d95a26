// Bulk extraction: what an analysis reads, in one round trip whatever the number of bids.
// Nodes come back as [id, label, properties, references] and relationships as [type, start id,
// end id, properties]: lists, not maps, so the driver decodes no key names on every row.
// decision_reach is decision_reach_start, decision_reach_hop once per hop (the store repeats it
// up to a bound it has checked), then decision_reach_end.
// name: decision_reach_start
UNWIND $project_ids AS pid
MATCH (p:Project {id: pid})
OPTIONAL MATCH (s:Node)-[:DECIDES_ON]->(p)
WITH p, collect(DISTINCT s) AS frontier
WITH p, frontier, frontier AS seen, [u IN frontier | [u.id, 0]] AS reach, 0 AS hop
// name: decision_reach_hop
// One hop upstream, breadth first: whoever INFLUENCES the frontier with a weight above 0,
// and their managers and reports; each person once, at their shortest distance.
CALL (frontier, seen) {
  UNWIND frontier AS v
  MATCH (v)-[r:INFLUENCES|REPORTS_TO]-(u:Node)
  WHERE (r:REPORTS_TO OR (startNode(r) = u AND r.weight > 0)) AND NOT u IN seen
  RETURN collect(DISTINCT u) AS found
}
WITH p, found AS frontier, seen + found AS seen, reach + [u IN found | [u.id, hop + 1]] AS reach,
     hop + 1 AS hop
// name: decision_reach_end
// The opinion relationships between people reached, the staff ties into them and their
// employers, the bids' own relationships, then every node at their ends.
WITH collect({id: p.id, reach: reach}) AS bids, collect(p) AS projects, collect(seen) AS seens
CALL (seens) {
  UNWIND seens AS seen
  UNWIND seen AS n
  WITH DISTINCT n
  RETURN collect(n) AS reached
}
CALL (reached) {
  UNWIND reached AS n
  MATCH (n)-[r:INFLUENCES|REPORTS_TO]->(m:Node)
  WHERE m IN reached
  RETURN collect(r) AS opinions
}
CALL (reached) {
  UNWIND reached AS n
  MATCH (n)<-[r:KNOWS|INTERACTED]-(:Node)
  RETURN collect(r) AS ties
}
CALL (reached) {
  UNWIND reached AS n
  MATCH (n)-[r:WORKS_AT]->(:Node)
  RETURN collect(r) AS employers
}
CALL (projects) {
  UNWIND projects AS p
  MATCH (p)-[r:DECIDES_ON|ASSIGNED_TO|COMPETES_FOR|FOR_CLIENT]-(:Node)
  RETURN collect(DISTINCT r) AS own
}
WITH bids, projects, opinions + ties + employers + own AS rels
CALL (rels, projects) {
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  WITH DISTINCT n
  RETURN collect(n) AS ends
}
CALL (ends, projects) {
  UNWIND ends + projects AS n
  WITH DISTINCT n
  CALL (n) {
    OPTIONAL MATCH (n)-[x:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
    RETURN collect([type(x), m.id]) AS refs
  }
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Node'][0], properties(n), refs]) AS nodes
}
RETURN bids, nodes,
       [r IN rels | [type(r), startNode(r).id, endNode(r).id, properties(r)]] AS edges
// name: sole_strong_ties
// Tie strength as analysis/strength.py defines it, per (staff, person), for everyone holding a
// tie to a person the candidates know; then the people with exactly one strong holder among
// active staff who are not removed, counted per candidate.
MATCH (c:Staff)-[:KNOWS|INTERACTED]->(p:Person)
WHERE c.id IN $staff_ids
WITH DISTINCT p
// From each person to whoever holds a tie (only staff do): no label on s, so the planner
// expands from p instead of seeking every active staff member by status for each person
// (on the 100k firm that plan cost 8.6 million db hits, 1.4 s, against a few thousand)
MATCH (s)-[r:KNOWS|INTERACTED]->(p)
WHERE NOT s.id IN $removed
  AND (s.status = 'active' OR (s.status = 'leaving' AND (s.leavesOn IS NULL OR s.leavesOn > $as_of)))
WITH p, s,
     max(CASE WHEN r:KNOWS AND r.strength IS NOT NULL
                   AND (r.lastContact IS NULL OR r.lastContact <= $as_of)
              THEN r.strength * coalesce(
                   2.0 ^ (-duration.inDays(r.lastContact, $as_of).days / $half_life), 1.0)
         END) AS base,
     sum(CASE WHEN r:INTERACTED AND r.on <= $as_of
              THEN coalesce($weights[r.kind], 0.0)
                   * 2.0 ^ (-duration.inDays(r.on, $as_of).days / $half_life)
              ELSE 0.0
         END) AS mass
WITH p, s, 1.0 - (1.0 - coalesce(base, 0.0)) * exp(-mass) AS strength
WHERE strength >= $strong
WITH p, collect(s.id) AS holders
WHERE size(holders) = 1 AND holders[0] IN $staff_ids
RETURN holders[0] AS staff, count(*) AS load
// name: data_version
OPTIONAL MATCH (v:GraphmapDataVersion {key: 'data'})
RETURN v.epoch AS epoch, v.version AS version
// name: bump_data_version
// Runs in every write transaction: a reader's cache key changes exactly when data does, and
// the change log says what this write touched: nodes written or deleted ($ids), ends of
// relationships written or deleted ($ends), or $everything (too many to list). The log keeps
// the last $kept versions.
MERGE (v:GraphmapDataVersion {key: 'data'})
ON CREATE SET v.epoch = randomUUID(), v.version = 0
SET v.version = v.version + 1
CREATE (:GraphmapChange {version: v.version, everything: $everything, ids: $ids, ends: $ends})
WITH v
OPTIONAL MATCH (old:GraphmapChange) WHERE old.version <= v.version - $kept
DELETE old
// name: changes_since
// The data version now and the change log's entries after $since.
OPTIONAL MATCH (v:GraphmapDataVersion {key: 'data'})
OPTIONAL MATCH (c:GraphmapChange) WHERE c.version > $since
RETURN v.epoch AS epoch, v.version AS version,
       collect(c {.version, .everything, .ids, .ends}) AS changes
// name: handover_reach_start
// handover_reach is handover_reach_start, handover_reach_hop once per hop (the store repeats it
// up to a bound it has checked), then handover_reach_end: what store/walk.py reads step by step.
// The leavers' own ties and assignments; their contacts start the walk downstream.
OPTIONAL MATCH (s:Staff) WHERE s.id IN $staff_ids
WITH collect(s) AS leavers
CALL (leavers) {
  UNWIND leavers AS s
  MATCH (s)-[r:KNOWS|INTERACTED|ASSIGNED_TO]->(m:Node)
  RETURN collect(r) AS own,
         collect(DISTINCT CASE WHEN r:ASSIGNED_TO THEN null ELSE m END) AS contacts,
         collect(DISTINCT CASE WHEN r:ASSIGNED_TO THEN m END) AS assigned
}
WITH leavers, own, contacts, assigned, contacts AS frontier, contacts AS seen
// name: handover_reach_hop
// One hop downstream, breadth first: whom the frontier INFLUENCES with a weight above 0, and
// their managers and reports.
CALL (frontier, seen) {
  UNWIND frontier AS v
  MATCH (v)-[r:INFLUENCES|REPORTS_TO]-(u:Node)
  WHERE (r:REPORTS_TO OR (startNode(r) = v AND r.weight > 0)) AND NOT u IN seen
  RETURN collect(DISTINCT u) AS found
}
WITH leavers, own, contacts, assigned, found AS frontier, seen + found AS seen
// name: handover_reach_end
// The contacts' circle (influence and reporting ties, colleagues), the staff ties into it, the
// organizations' projects and who worked them, the leavers' teammates, the open bids.
CALL (seen) {
  UNWIND seen AS n
  MATCH (n)-[:DECIDES_ON]->(b:Node)
  RETURN collect(DISTINCT b) AS seated
}
CALL (contacts) {
  UNWIND contacts AS c
  MATCH (c)-[r:INFLUENCES|REPORTS_TO]-(:Node)
  WHERE r:REPORTS_TO OR r.weight > 0
  RETURN collect(DISTINCT r) AS circle_rels
}
CALL (contacts) {
  UNWIND contacts AS c
  MATCH (c)-[:WORKS_AT]->(o:Node)
  RETURN collect(DISTINCT o) AS orgs
}
CALL (orgs) {
  UNWIND orgs AS o
  MATCH (x:Node)-[r:WORKS_AT|FOR_CLIENT]->(o)
  RETURN collect(r) AS org_rels,
         collect(CASE WHEN r:WORKS_AT THEN x END) AS colleagues,
         collect(DISTINCT CASE WHEN r:FOR_CLIENT THEN x END) AS client_projects
}
CALL (contacts, circle_rels, colleagues) {
  UNWIND contacts + colleagues + [r IN circle_rels | startNode(r)]
         + [r IN circle_rels | endNode(r)] AS n
  WITH DISTINCT n
  RETURN collect(n) AS circle
}
CALL (circle) {
  UNWIND circle AS p
  MATCH (p)<-[r:KNOWS|INTERACTED]-(:Node)
  RETURN collect(r) AS ties_in
}
CALL (circle) {
  UNWIND circle AS p
  MATCH (p)-[r:WORKS_AT]->(:Node)
  RETURN collect(r) AS employers
}
CALL (client_projects) {
  UNWIND client_projects AS p
  MATCH (p)<-[r:ASSIGNED_TO]-(:Node)
  RETURN collect(r) AS history
}
CALL (leavers) {
  UNWIND leavers AS s
  WITH DISTINCT s.team AS team
  WHERE team IS NOT NULL
  CALL (team) {
    MATCH (m:Staff {team: team})
    RETURN m ORDER BY m.id LIMIT $teammate_limit
  }
  RETURN collect(m) AS teammates
}
CALL (ties_in, history, teammates, leavers) {
  UNWIND [r IN ties_in + history | startNode(r)] + teammates AS c
  WITH DISTINCT c
  WHERE NOT c IN leavers
  RETURN collect(c) AS candidates
}
CALL (own, circle_rels, org_rels, ties_in, history, employers) {
  UNWIND own + circle_rels + org_rels + ties_in + history + employers AS r
  WITH DISTINCT r
  RETURN collect(r) AS rels
}
CALL (rels, leavers, candidates) {
  UNWIND [r IN rels | startNode(r)] + [r IN rels | endNode(r)] + leavers + candidates AS n
  WITH DISTINCT n
  CALL (n) {
    OPTIONAL MATCH (n)-[x:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
    RETURN collect([type(x), m.id]) AS refs
  }
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Node'][0], properties(n), refs]) AS nodes
}
CALL (seated, assigned, client_projects) {
  UNWIND seated + assigned + client_projects AS b
  WITH DISTINCT b
  WHERE b.stage IN $open_stages
  RETURN collect(b.id) AS bids
}
RETURN bids, [c IN candidates | c.id] AS candidates, nodes,
       [r IN rels | [type(r), startNode(r).id, endNode(r).id, properties(r)]] AS edges
// name: person_reach_start
// person_reach is person_reach_start, person_reach_hop once per hop, then person_reach_end: what
// store/walk.py's person_walk reads step by step. An id that is not a person reaches nothing.
OPTIONAL MATCH (c:Person {id: $person_id})
WITH [x IN [c] WHERE x IS NOT NULL] AS frontier
WITH frontier, frontier AS seen
// name: person_reach_hop
// One hop: influence and reporting either way, and colleagues at the same organization.
CALL (frontier, seen) {
  UNWIND frontier AS v
  CALL (v) {
    MATCH (v)-[:INFLUENCES|REPORTS_TO]-(u:Node)
    RETURN u
    UNION
    MATCH (v)-[:WORKS_AT]->(:Node)<-[:WORKS_AT]-(u:Node)
    RETURN u
  }
  WITH DISTINCT u
  WHERE NOT u IN seen
  RETURN collect(u) AS found
}
WITH found AS frontier, seen + found AS seen
// name: person_reach_end
// The opinion relationships among everyone reached, the staff ties into them, their employers,
// then every node at their ends.
CALL (seen) {
  UNWIND seen AS n
  MATCH (n)-[r:INFLUENCES|REPORTS_TO]->(m:Node)
  WHERE m IN seen
  RETURN collect(r) AS opinions
}
CALL (seen) {
  UNWIND seen AS n
  MATCH (n)<-[r:KNOWS|INTERACTED]-(:Node)
  RETURN collect(r) AS ties
}
CALL (seen) {
  UNWIND seen AS n
  MATCH (n)-[r:WORKS_AT]->(:Node)
  RETURN collect(r) AS employers
}
WITH seen, opinions + ties + employers AS rels
CALL (rels, seen) {
  UNWIND [r IN rels | startNode(r)] + [r IN rels | endNode(r)] + seen AS n
  WITH DISTINCT n
  CALL (n) {
    OPTIONAL MATCH (n)-[x:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
    RETURN collect([type(x), m.id]) AS refs
  }
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Node'][0], properties(n), refs]) AS nodes
}
RETURN nodes, [r IN rels | [type(r), startNode(r).id, endNode(r).id, properties(r)]] AS edges
// name: organization_reach
// Accounts' own networks, for any number of organizations (store/walk.py's accounts_walk reads
// the same step by step): per organization, the relationships into it from its people and
// projects, every opinion, staff tie and seat of its people (either way), the assignments,
// seats and competitors on its projects; then every node at their ends, once.
UNWIND $org_ids AS oid
MATCH (o:Organization {id: oid})
CALL (o) {
  OPTIONAL MATCH (:Node)-[r:WORKS_AT|FOR_CLIENT]->(o)
  WITH collect(r) AS own
  RETURN own,
         [r IN own WHERE type(r) = 'WORKS_AT' | startNode(r)] AS people,
         [r IN own WHERE type(r) = 'FOR_CLIENT' | startNode(r)] AS projects
}
CALL (people) {
  UNWIND people AS p
  MATCH (p)-[r:INFLUENCES|REPORTS_TO|KNOWS|INTERACTED|DECIDES_ON]-(:Node)
  RETURN collect(r) AS around_people
}
CALL (projects) {
  UNWIND projects AS j
  MATCH (j)<-[r:ASSIGNED_TO|DECIDES_ON|COMPETES_FOR]-(:Node)
  RETURN collect(r) AS into_projects
}
CALL (own, around_people, into_projects) {
  UNWIND own + around_people + into_projects AS r
  WITH DISTINCT r
  RETURN collect(r) AS rels
}
WITH collect([o.id, rels]) AS accounts, collect(o) AS orgs
CALL (accounts, orgs) {
  UNWIND [a IN accounts | a[1]] AS rels
  UNWIND rels AS r
  UNWIND [startNode(r), endNode(r)] AS n
  RETURN collect(n) AS ends
}
CALL (ends, orgs) {
  UNWIND ends + orgs AS n
  WITH DISTINCT n
  CALL (n) {
    OPTIONAL MATCH (n)-[x:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
    RETURN collect([type(x), m.id]) AS refs
  }
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Node'][0], properties(n), refs]) AS nodes
}
RETURN [a IN accounts |
        [a[0], [r IN a[1] | [type(r), startNode(r).id, endNode(r).id, properties(r)]]]] AS accounts,
       nodes
// name: ego_reach_start
// ego_reach is ego_reach_start, ego_reach_hop once per hop, then ego_reach_end: what
// store/walk.py's ego_walk reads step by step. An id that is not stored reaches nothing.
OPTIONAL MATCH (c:Node {id: $node_id})
WITH [x IN [c] WHERE x IS NOT NULL] AS frontier
WITH frontier, frontier AS seen, [] AS rels
// name: ego_reach_hop
// One hop: every relationship of the frontier, either way, and the nodes at their other ends.
CALL (frontier) {
  UNWIND frontier AS v
  MATCH (v)-[r:WORKS_AT|REPORTS_TO|FOR_CLIENT|INFLUENCES|DECIDES_ON|KNOWS|INTERACTED|ASSIGNED_TO|COMPETES_FOR]-(:Node)
  RETURN collect(r) AS found_rels
}
CALL (found_rels, seen) {
  UNWIND found_rels AS r
  UNWIND [startNode(r), endNode(r)] AS u
  WITH DISTINCT u
  WHERE NOT u IN seen
  RETURN collect(u) AS found
}
WITH found AS frontier, seen + found AS seen, rels + found_rels AS rels
// name: ego_reach_end
// The relationships between the outermost ring and anyone reached (the picture has no missing
// lines), then every node reached, once.
CALL (frontier, seen) {
  UNWIND frontier AS v
  MATCH (v)-[r:WORKS_AT|REPORTS_TO|FOR_CLIENT|INFLUENCES|DECIDES_ON|KNOWS|INTERACTED|ASSIGNED_TO|COMPETES_FOR]-(u:Node)
  WHERE u IN seen
  RETURN collect(r) AS ring
}
CALL (rels, ring) {
  UNWIND rels + ring AS r
  WITH DISTINCT r
  RETURN collect(r) AS edges
}
CALL (seen) {
  UNWIND seen AS n
  CALL (n) {
    OPTIONAL MATCH (n)-[x:WORKS_AT|REPORTS_TO|FOR_CLIENT]->(m:Node)
    RETURN collect([type(x), m.id]) AS refs
  }
  RETURN collect([n.id, [l IN labels(n) WHERE l <> 'Node'][0], properties(n), refs]) AS nodes
}
RETURN nodes, [r IN edges | [type(r), startNode(r).id, endNode(r).id, properties(r)]] AS edges
