-- name: Everything :many
SELECT * FROM orders WHERE placed_at > $1;
-- name: EitherOr :many
SELECT * FROM orders WHERE customer_id = $1 OR status = $2;
-- name: Paged :many
SELECT * FROM orders WHERE customer_id = $1 LIMIT 10 OFFSET 20;
-- name: Tagged :many
SELECT * FROM customers WHERE tags = $1;
-- name: Suffix :many
SELECT * FROM customers WHERE name LIKE '%son';
-- name: Mixed :many
SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at, id DESC;
-- name: Total :one
SELECT max(placed_at) FROM orders WHERE customer_id = $1;
-- name: ByLowerName :many
SELECT * FROM customers WHERE lower(name) = $1;
-- name: WithSubquery :many
SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE name = $1);
-- name: DeleteStale :exec
DELETE FROM orders WHERE placed_at < $1;
-- name: ShippedFirst :many
SELECT * FROM orders WHERE customer_id = $1 ORDER BY shipped_at;
