-- name: ListSessionsOfAccount :many
SELECT token, expires_at FROM sessions WHERE account_id = ? AND expires_at > ? ORDER BY expires_at;

/* name: TouchAccount :exec */
UPDATE accounts SET status = ? WHERE id = ?;
