-- name: ListOrdersOfCustomer :many
SELECT o.id, name
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE c.id = $1;
