CREATE TABLE users (
    user_id      text PRIMARY KEY,
    display_name text NOT NULL
);
CREATE TABLE rooms (
    room_id    text PRIMARY KEY,
    created_by text NOT NULL REFERENCES users (user_id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE room_members (
    user_id   text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    room_id   text NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, room_id)
);
CREATE TABLE comments (
    comment_id text PRIMARY KEY,
    room_id    text NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
    user_id    text NOT NULL REFERENCES users (user_id),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- queries
-- name: CreateChatRoom :exec
INSERT INTO rooms (room_id, created_by, created_at)
VALUES ($1, $2, $3);
-- name: DeleteChatRoom :exec
DELETE FROM rooms
WHERE room_id = $1 AND created_by = $2;
-- name: JoinChatRoom :exec
INSERT INTO room_members (user_id, room_id)
VALUES ($1, $2);
-- name: LeaveChatRoom :exec
DELETE FROM room_members
WHERE user_id = $1 AND room_id = $2;
-- name: AddComment :exec
INSERT INTO comments (comment_id, room_id, user_id, body, created_at)
VALUES ($1, $2, $3, $4, $5);
-- name: GetAllComments :many
SELECT * FROM comments
WHERE room_id = $1
ORDER BY created_at;
-- name: GetLatestComments :many
SELECT * FROM comments
WHERE room_id = $1
ORDER BY created_at DESC
LIMIT 10;
-- name: GetFromLatestToSpecifiedPositionComments :many
SELECT * FROM comments
WHERE room_id = $1 AND created_at > $2
ORDER BY created_at DESC;
-- name: GetFromPositionToPositionComments :many
SELECT * FROM comments
WHERE room_id = $1 AND created_at BETWEEN $2 AND $3
ORDER BY created_at;
