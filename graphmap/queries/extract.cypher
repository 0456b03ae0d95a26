// Bulk extraction: what an analysis reads, in one round trip whatever the number of bids.
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
// The relationships around everyone reached and around the bids, then every node at their ends.
WITH collect({id: p.id, reach: reach}) AS bids, collect(p) AS projects, collect(seen) AS seens
CALL (seens) {
  UNWIND seens AS seen
  UNWIND seen AS n
  WITH DISTINCT n
  MATCH (n)-[r:INFLUENCES|REPORTS_TO|KNOWS|INTERACTED|WORKS_AT]-(:Node)
  RETURN collect(DISTINCT r) AS around
}
CALL (projects) {
  UNWIND projects AS p
  MATCH (p)-[r:DECIDES_ON|ASSIGNED_TO|COMPETES_FOR|FOR_CLIENT]-(:Node)
  RETURN collect(DISTINCT r) AS own
}
WITH bids, projects, around + own AS rels
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
  RETURN collect({id: n.id, label: [l IN labels(n) WHERE l <> 'Node'][0], props: properties(n),
                  refs: refs}) AS nodes
}
RETURN bids, nodes,
       [r IN rels | {type: type(r), src: startNode(r).id, dst: endNode(r).id,
                     props: properties(r)}] AS edges
// name: sole_strong_ties
// Tie strength as analysis/strength.py defines it, per (staff, person), for everyone holding a
// tie to a person the candidates know; then the people with exactly one strong holder among
// active staff who are not removed, counted per candidate.
MATCH (c:Staff)-[:KNOWS|INTERACTED]->(p:Person)
WHERE c.id IN $staff_ids
WITH DISTINCT p
MATCH (s:Staff)-[r:KNOWS|INTERACTED]->(p)
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
