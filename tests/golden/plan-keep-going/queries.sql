-- name: ListOrdersByCustomer :many
SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20;

-- name: Paged :many
-- Refused (OFFSET); with --keep-going the design is still written for the rest.
SELECT * FROM orders WHERE customer_id = $1 LIMIT 10 OFFSET 20;
