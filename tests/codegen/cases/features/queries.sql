-- name: PostsByAuthor :many
SELECT * FROM posts WHERE author = $1 ORDER BY id;

-- name: PostsByAuthorNotPrefixed :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE 'draft:%' ORDER BY id;

-- name: PostsByAuthorNotParamPrefix :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE $2 || '%' ORDER BY id;

-- name: PostsByAuthorNotMatching :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE '%a_b\%%' ORDER BY id;

-- name: PostsByAuthorNotPercentEscaped :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE '%!%%' ESCAPE '!' ORDER BY id;

-- name: PostsByAuthorNotBackslash :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE 'a\_b%' ESCAPE '!' ORDER BY id;

-- name: PostsByAuthorNotPattern :many
SELECT * FROM posts WHERE author = $1 AND title NOT LIKE $2 ORDER BY id;

-- name: PostsByAuthorOutside :many
SELECT * FROM posts WHERE author = $1 AND view_count NOT BETWEEN $2 AND $3 AND id NOT IN ($4, $5) ORDER BY id;

-- name: HidePostsNotLike :execrows
UPDATE posts SET pinned = true WHERE id = $1 AND title NOT LIKE $2;

-- name: CountView :execrows
UPDATE posts SET view_count = view_count + 1 WHERE id = $1;

-- name: AddLikes :execrows
UPDATE posts SET likes = likes + $2, balance = balance - $3 WHERE id = $1;

-- name: UpsertPostIgnore :execrows
INSERT INTO posts (id, author, slug, title) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO NOTHING;

-- name: UpsertPost :execrows
INSERT INTO posts (id, author, slug, title) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, view_count = 0;

-- name: UpsertSlugIgnore :execrows
INSERT INTO posts (id, author, slug, title) VALUES ($1, $2, $3, $4)
ON CONFLICT (slug) DO NOTHING;

-- name: UpsertAnyIgnore :execrows
INSERT OR IGNORE INTO posts (id, author, slug) VALUES ($1, $2, $3);

-- name: UpsertView :one
INSERT INTO posts (id, author, slug, view_count) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET view_count = posts.view_count + EXCLUDED.view_count, slug = posts.slug, title = 'seen'
RETURNING *;

-- name: CountHit :execrows
UPDATE hits SET n = n + 1 WHERE id = $1;
