// Constraints and indexes, created idempotently (graphmap neo4j init, and on first write).
// Every node also carries the label Node, whose constraint makes ids unique across labels.
// name: constraint_node
CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE
// name: constraint_organization
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE
// name: constraint_person
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE
// name: constraint_staff
CREATE CONSTRAINT staff_id IF NOT EXISTS FOR (n:Staff) REQUIRE n.id IS UNIQUE
// name: constraint_project
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE
// name: index_staff_status
CREATE INDEX staff_status IF NOT EXISTS FOR (n:Staff) ON (n.status)
// name: index_project_stage
CREATE INDEX project_stage IF NOT EXISTS FOR (n:Project) ON (n.stage)
// name: index_person_stance
CREATE INDEX person_stance IF NOT EXISTS FOR (n:Person) ON (n.stance)
// name: constraint_data_version
CREATE CONSTRAINT data_version_key IF NOT EXISTS FOR (v:GraphmapDataVersion) REQUIRE v.key IS UNIQUE
// name: index_change_version
CREATE INDEX graphmap_change_version IF NOT EXISTS FOR (c:GraphmapChange) ON (c.version)
