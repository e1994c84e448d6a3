CREATE TYPE session_kind AS ENUM ('web', 'api');

CREATE TABLE legacy_sessions (
    token       TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        session_kind NOT NULL DEFAULT 'web',
    expires_at  TIMESTAMPTZ NOT NULL
);

ALTER TABLE orders DROP CONSTRAINT orders_workspace_id_fkey;
ALTER TABLE orders DROP COLUMN workspace_id;
ALTER TABLE orders ADD COLUMN coupon_code TEXT;
ALTER TABLE orders RENAME COLUMN created_at TO placed_at;
ALTER TABLE orders ALTER COLUMN shipped_at SET NOT NULL;
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN total TYPE INTEGER;

ALTER TABLE users ADD COLUMN invited_by BIGINT REFERENCES users (id);
ALTER TABLE users ADD COLUMN legacy_password_md5 CHAR(32);
ALTER TABLE users DROP COLUMN last_seen_at;
ALTER TABLE users DROP COLUMN timezone;

ALTER TABLE workspace_members RENAME COLUMN workspace_id TO team_id;
ALTER TABLE workspace_members RENAME TO team_members;
ALTER TABLE workspaces RENAME TO teams;
