-- name: GetCustomer :one
SELECT * FROM customers WHERE id = $1;

-- name: GetCustomer :one
SELECT * FROM customers WHERE email = $1;
