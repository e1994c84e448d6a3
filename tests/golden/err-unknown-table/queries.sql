-- name: GetCustomer :one
SELECT * FROM customer WHERE id = $1;
