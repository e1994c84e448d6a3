-- name: ListPostsByAuthor :many
SELECT * FROM posts WHERE author = $1 ORDER BY id;

-- ILIKE folds case, which no DynamoDB expression does: served by the design,
-- but the generated C has no function for it, and ddbc says so (W0106).
-- name: ListPostsByAuthorNotTitled :many
SELECT * FROM posts WHERE author = $1 AND title NOT ILIKE $2 ORDER BY id;
