-- Access patterns of the AWS chat system design (Base table + 1 GSI on RoomID / CreatedAt).

-- name: CreateChatRoom :exec
-- "createChatRoom" (if not exists)
INSERT INTO rooms (room_id, created_by, created_at)
VALUES ($1, $2, $3);

-- name: DeleteChatRoom :exec
-- "deleteChatRoom" (createdBy = UserID)
DELETE FROM rooms
WHERE room_id = $1 AND created_by = $2;

-- name: JoinChatRoom :exec
-- "joinChatRoom"
INSERT INTO room_members (user_id, room_id)
VALUES ($1, $2);

-- name: LeaveChatRoom :exec
-- "leaveChatRoom"
DELETE FROM room_members
WHERE user_id = $1 AND room_id = $2;

-- name: AddComment :exec
-- "addComments"
INSERT INTO comments (comment_id, room_id, user_id, body, created_at)
VALUES ($1, $2, $3, $4, $5);

-- name: GetAllComments :many
-- "getAllComments"
SELECT * FROM comments
WHERE room_id = $1
ORDER BY created_at;

-- name: GetLatestComments :many
-- "getLatestComments" (Limit 10 & ScanIndexForward = false)
SELECT * FROM comments
WHERE room_id = $1
ORDER BY created_at DESC
LIMIT 10;

-- name: GetFromLatestToSpecifiedPositionComments :many
-- "getFromLatestToSpecifiedPositionComments" (SK > FromPosition)
SELECT * FROM comments
WHERE room_id = $1 AND created_at > $2
ORDER BY created_at DESC;

-- name: GetFromPositionToPositionComments :many
-- "getFromPositionToPositionComments" (SK between FromPosition and ToPosition)
SELECT * FROM comments
WHERE room_id = $1 AND created_at BETWEEN $2 AND $3
ORDER BY created_at;
