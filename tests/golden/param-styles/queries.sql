-- name: EventsInWindow :many
-- Numbered parameters; BETWEEN names them happened_at_from/_to.
SELECT id, kind FROM events
WHERE tenant_id = $1 AND happened_at BETWEEN $2 AND $3
ORDER BY happened_at DESC
LIMIT $4;

-- name: EventsOfKinds :many
SELECT * FROM events WHERE tenant_id = sqlc.arg(tenant) AND kind IN (sqlc.slice(kinds));

-- name: EventsByPrefix :many
SELECT * FROM events WHERE tenant_id = @tenant_id AND kind LIKE 'order.%';

-- name: CountEventsByKind :many
SELECT kind, COUNT(*) AS n FROM events WHERE tenant_id = $1 GROUP BY kind;

-- name: RecordEvent :one
INSERT INTO events (id, tenant_id, kind, payload, happened_at)
VALUES ($1, $2, $3, sqlc.narg(payload), $4)
RETURNING id;
