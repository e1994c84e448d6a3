-- Access patterns of the AWS session management design (Base table + 1 GSI).

-- name: CreateSession :exec
-- "createSession"
INSERT INTO sessions (session_id, customer_id, access_token, session_state, last_login_time, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: CreateChildSession :exec
-- child session items ("child#<session UUID>") written under their session
INSERT INTO child_sessions (session_id, child_session_id, access_token, session_state)
VALUES ($1, $2, $3, $4);

-- name: GetSessionBySessionId :one
-- "getSessionBySessionId"
SELECT * FROM sessions
WHERE session_id = $1;

-- name: ExpireSession :exec
-- "expireSession"
DELETE FROM sessions
WHERE session_id = $1;

-- name: GetChildSessionsBySessionId :many
-- "getChildSessionsBySessionId"
SELECT * FROM child_sessions
WHERE session_id = $1;

-- name: GetSessionByChildSessionId :one
-- "getSessionByChildSessionId"
SELECT session_id, access_token, session_state FROM child_sessions
WHERE child_session_id = $1;

-- name: GetLastLoginTimeByCustomerId :one
-- "getLastLoginTimeByCustomerId" (Limit 1)
SELECT last_login_time FROM sessions
WHERE customer_id = $1
ORDER BY last_login_time DESC
LIMIT 1;

-- name: GetSessionIdByCustomerId :many
-- "getSessionIdByCustomerId"
SELECT session_id FROM sessions
WHERE customer_id = $1;

-- name: GetSessionsByCustomerId :many
-- "getSessionsByCustomerId"
SELECT * FROM sessions
WHERE customer_id = $1;
