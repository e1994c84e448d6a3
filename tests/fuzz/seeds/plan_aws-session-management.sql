CREATE TABLE customers (
    customer_id text PRIMARY KEY,
    email       text NOT NULL
);
CREATE TABLE sessions (
    session_id      uuid PRIMARY KEY,
    customer_id     text NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    access_token    text NOT NULL,
    session_state   text NOT NULL,
    last_login_time timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
CREATE TABLE child_sessions (
    session_id       uuid NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    child_session_id uuid NOT NULL,
    access_token     text NOT NULL,
    session_state    text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, child_session_id)
);
-- queries
-- name: CreateSession :exec
INSERT INTO sessions (session_id, customer_id, access_token, session_state, last_login_time, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: CreateChildSession :exec
INSERT INTO child_sessions (session_id, child_session_id, access_token, session_state)
VALUES ($1, $2, $3, $4);
-- name: GetSessionBySessionId :one
SELECT * FROM sessions
WHERE session_id = $1;
-- name: ExpireSession :exec
DELETE FROM sessions
WHERE session_id = $1;
-- name: GetChildSessionsBySessionId :many
SELECT * FROM child_sessions
WHERE session_id = $1;
-- name: GetSessionByChildSessionId :one
SELECT session_id, access_token, session_state FROM child_sessions
WHERE child_session_id = $1;
-- name: GetLastLoginTimeByCustomerId :one
SELECT last_login_time FROM sessions
WHERE customer_id = $1
ORDER BY last_login_time DESC
LIMIT 1;
-- name: GetSessionIdByCustomerId :many
SELECT session_id FROM sessions
WHERE customer_id = $1;
-- name: GetSessionsByCustomerId :many
SELECT * FROM sessions
WHERE customer_id = $1;
