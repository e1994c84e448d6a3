-- name: GetCustomerByEmail :one
SELECT id, email FROM customers WHERE emial = $1;

-- name: ListRecentCustomers :many
SELECT * FROM customers WHERE created_at > $1 ORDER BY create_at DESC LIMIT 20;
