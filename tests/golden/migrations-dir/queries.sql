-- name: ListPostsByAuthor :many
SELECT p.id, p.title, u.display_name
FROM users u JOIN posts p ON p.author_id = u.id
WHERE u.id = @author_id
ORDER BY p.created_at DESC
LIMIT 20;
