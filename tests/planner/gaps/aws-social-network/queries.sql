-- Access patterns of the AWS social network design (Base table only, 0 GSIs: the
-- follower and following lists are two partitions, u#<id>#follower and u#<id>#following).

-- name: GetUserInfoByUserID :one
-- "getUserInfoByUserID"
SELECT * FROM users
WHERE user_id = $1;

-- name: GetFollowerListByUserID :many
-- "getFollowerListByUserID"
SELECT follower_id FROM follows
WHERE user_id = $1;

-- name: GetFollowingListByUserID :many
-- "getFollowingListByUserID"
SELECT user_id FROM follows
WHERE follower_id = $1;

-- name: GetPostListByUserID :many
-- "getPostListByUserID"
SELECT * FROM posts
WHERE user_id = $1;

-- name: GetUserLikesByPostID :many
-- "getUserLikesByPostID"
SELECT user_id FROM likes
WHERE post_id = $1;

-- name: GetLikeCountByPostID :one
-- "getLikeCountByPostID"
SELECT post_id, COUNT(*) FROM likes
WHERE post_id = $1
GROUP BY post_id;

-- name: GetTimelineByUserID :many
-- "getTimelineByUserID"
SELECT post_id, author_id FROM timeline_entries
WHERE user_id = $1;

-- name: FollowUser :exec
INSERT INTO follows (user_id, follower_id)
VALUES ($1, $2);

-- name: CreatePost :exec
INSERT INTO posts (post_id, user_id, content, image_url)
VALUES ($1, $2, $3, $4);

-- name: LikePost :exec
INSERT INTO likes (post_id, user_id)
VALUES ($1, $2);

-- name: AddTimelineEntry :exec
INSERT INTO timeline_entries (user_id, post_id, author_id, expires_at)
VALUES ($1, $2, $3, $4);
