-- name: GetUserByEmail :one
SELECT id, email, display_name FROM users WHERE email = $1;

-- name: GetSession :one
SELECT * FROM sessions WHERE token = $1;

-- name: ListSessionsForUser :many
SELECT token, created_at, expires_at FROM sessions
WHERE user_id = $1
ORDER BY created_at DESC;

-- name: CreateSession :exec
INSERT INTO sessions (token, user_id, user_agent, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5);

-- name: DeleteSession :exec
DELETE FROM sessions WHERE token = $1;
