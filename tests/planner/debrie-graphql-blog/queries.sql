-- Resolvers of the single-table GraphQL example (Base table only, 0 GSIs). Post and
-- comment ids are ULIDs, so id order is creation order.

-- name: GetSite :many
-- "getSite(domain)": one Query returns the Site and its latest posts (limit 11, ScanIndexForward false)
SELECT s.domain, s.name, p.post_id, p.title, p.publish_date, p.content
FROM sites s
JOIN posts p ON p.domain = s.domain
WHERE s.domain = $1
ORDER BY p.post_id DESC
LIMIT 10;

-- name: GetPostsForSite :many
-- "getPostsForSite(domain, num, after)"
SELECT * FROM posts
WHERE domain = $1 AND post_id < $2
ORDER BY post_id DESC
LIMIT 20;

-- name: GetCommentsForPost :many
-- "Post.comments(num, after)"
SELECT * FROM comments
WHERE post_id = $1
ORDER BY comment_id DESC
LIMIT 20;

-- name: CreateSite :exec
-- "createSite"
INSERT INTO sites (domain, name)
VALUES ($1, $2);

-- name: CreatePost :exec
-- "createPost"
INSERT INTO posts (post_id, domain, title, content, publish_date)
VALUES ($1, $2, $3, $4, $5);

-- name: CreateComment :exec
-- "createComment"
INSERT INTO comments (comment_id, post_id, username, content, publish_date)
VALUES ($1, $2, $3, $4, $5);
