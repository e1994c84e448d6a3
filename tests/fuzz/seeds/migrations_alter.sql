CREATE TABLE teams (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE team_members (
    team_id BIGINT NOT NULL REFERENCES teams (id),
    user_id BIGINT NOT NULL,
    role    TEXT NOT NULL DEFAULT 'member',
    PRIMARY KEY (team_id, user_id)
);
CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, total INTEGER, status TEXT, placed_at TIMESTAMPTZ, coupon_code TEXT);
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE teams RENAME TO workspaces;
ALTER TABLE team_members RENAME TO workspace_members;
ALTER TABLE workspace_members RENAME COLUMN team_id TO workspace_id;
ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(12, 2);
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE orders RENAME COLUMN placed_at TO created_at;
ALTER TABLE orders DROP COLUMN IF EXISTS coupon_code;
ALTER TABLE orders ADD COLUMN workspace_id BIGINT;
ALTER TABLE orders ADD CONSTRAINT orders_ws_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_ws_idx ON orders USING btree (workspace_id, created_at);
CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
DROP TABLE IF EXISTS legacy_sessions;
-- name: ListMembers :many
SELECT m.user_id, m.role, w.name FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
WHERE m.workspace_id = sqlc.arg(workspace_id) ORDER BY m.user_id LIMIT 10;
