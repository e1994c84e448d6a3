CREATE TABLE sites (
    domain     text PRIMARY KEY,
    name       text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE posts (
    post_id      text PRIMARY KEY,
    domain       text NOT NULL REFERENCES sites (domain) ON DELETE CASCADE,
    title        text NOT NULL,
    content      text NOT NULL,
    publish_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE comments (
    comment_id   text PRIMARY KEY,
    post_id      text NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    username     text NOT NULL,
    content      text NOT NULL,
    publish_date timestamptz NOT NULL DEFAULT now()
);
-- queries
-- name: GetSite :many
SELECT s.domain, s.name, p.post_id, p.title, p.publish_date, p.content
FROM sites s
JOIN posts p ON p.domain = s.domain
WHERE s.domain = $1
ORDER BY p.post_id DESC
LIMIT 10;
-- name: GetPostsForSite :many
SELECT * FROM posts
WHERE domain = $1 AND post_id < $2
ORDER BY post_id DESC
LIMIT 20;
-- name: GetCommentsForPost :many
SELECT * FROM comments
WHERE post_id = $1
ORDER BY comment_id DESC
LIMIT 20;
-- name: CreateSite :exec
INSERT INTO sites (domain, name)
VALUES ($1, $2);
-- name: CreatePost :exec
INSERT INTO posts (post_id, domain, title, content, publish_date)
VALUES ($1, $2, $3, $4, $5);
-- name: CreateComment :exec
INSERT INTO comments (comment_id, post_id, username, content, publish_date)
VALUES ($1, $2, $3, $4, $5);
