CREATE TABLE users (
    user_id         text PRIMARY KEY,
    name            text NOT NULL,
    content         text,
    image_url       text,
    follower_count  integer NOT NULL DEFAULT 0,
    following_count integer NOT NULL DEFAULT 0,
    post_count      integer NOT NULL DEFAULT 0
);
CREATE TABLE follows (
    user_id     text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    follower_id text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    followed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, follower_id)
);
CREATE TABLE posts (
    post_id    text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    content    text NOT NULL,
    image_url  text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE likes (
    post_id  text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    user_id  text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    liked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id)
);
CREATE TABLE timeline_entries (
    user_id    text NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    post_id    text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    author_id  text NOT NULL REFERENCES users (user_id),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
-- queries
-- name: GetUserInfoByUserID :one
SELECT * FROM users
WHERE user_id = $1;
-- name: GetFollowerListByUserID :many
SELECT follower_id FROM follows
WHERE user_id = $1;
-- name: GetFollowingListByUserID :many
SELECT user_id FROM follows
WHERE follower_id = $1;
-- name: GetPostListByUserID :many
SELECT * FROM posts
WHERE user_id = $1;
-- name: GetUserLikesByPostID :many
SELECT user_id FROM likes
WHERE post_id = $1;
-- name: GetLikeCountByPostID :one
SELECT post_id, COUNT(*) FROM likes
WHERE post_id = $1
GROUP BY post_id;
-- name: GetTimelineByUserID :many
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
