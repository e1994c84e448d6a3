-- Sessions listed by user need a GSI: GSI1PK holds 'USER#…' strings.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  expires_at BIGINT
);
-- name: GetSession :one
SELECT * FROM sessions WHERE id = $1;
-- name: ListSessionsByUser :many
SELECT * FROM sessions WHERE user_id = $1 ORDER BY id;
