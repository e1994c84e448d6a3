-- Teams become workspaces; sessions move to signed tokens.

ALTER TABLE teams RENAME TO workspaces;
ALTER TABLE team_members RENAME TO workspace_members;
ALTER TABLE workspace_members RENAME COLUMN team_id TO workspace_id;

ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMPTZ;
ALTER TABLE users DROP COLUMN legacy_password_md5;
-- Invitations are tracked in the identity provider now; this also drops users_invited_by_fkey.
ALTER TABLE users DROP COLUMN invited_by;

ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(12, 2);
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE orders ALTER COLUMN shipped_at DROP NOT NULL;
ALTER TABLE orders RENAME COLUMN placed_at TO created_at;
ALTER TABLE orders DROP COLUMN IF EXISTS coupon_code;
ALTER TABLE orders ADD COLUMN workspace_id BIGINT;
ALTER TABLE orders
    ADD CONSTRAINT orders_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id);

DROP TABLE legacy_sessions;
DROP TYPE session_kind