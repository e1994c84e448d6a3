-- name: Broken :one
SELECT * FROM t WHERE a = 'x
