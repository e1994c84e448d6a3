-- name: GetUser :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByEmail :one
SELECT * FROM users WHERE email = $1;

-- name: CreateUser :one
INSERT INTO users (email, name) VALUES ($1, $2) RETURNING *;

-- name: GetPost :one
SELECT * FROM posts WHERE id = $1;

-- name: ListPostsByAuthor :many
SELECT * FROM posts WHERE author_id = $1 ORDER BY posted_at DESC LIMIT 20;

-- name: CreatePost :one
INSERT INTO posts (author_id, title, body, posted_at) VALUES ($1, $2, $3, $4) RETURNING *;

-- name: ListCommentsByPost :many
SELECT * FROM comments WHERE post_id = $1 ORDER BY created_at LIMIT 50;

-- name: CreateComment :exec
INSERT INTO comments (post_id, author_id, body) VALUES ($1, $2, $3);

-- name: CountPostView :exec
UPDATE posts SET view_count = view_count + 1 WHERE id = $1;

-- name: ListPostsByAuthorSince :many
SELECT * FROM posts
WHERE author_id = $1 AND posted_at >= $2
ORDER BY posted_at DESC
LIMIT 20;

-- name: ListLatestComments :many
SELECT * FROM comments WHERE post_id = $1 ORDER BY created_at DESC LIMIT 10;

-- name: ListCommentsByAuthor :many
SELECT * FROM comments WHERE author_id = $1 ORDER BY created_at DESC LIMIT 20;

-- name: ListUsersByName :many
SELECT * FROM users WHERE name = $1 ORDER BY created_at LIMIT 20;
