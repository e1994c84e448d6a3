-- name: GetSession :one
SELECT * FROM sessions WHERE id = $1;

-- name: ListSessionsByUser :many
SELECT * FROM sessions WHERE user_id = $1 ORDER BY id;
