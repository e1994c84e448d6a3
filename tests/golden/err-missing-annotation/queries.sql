-- name: GetCustomer :one
SELECT * FROM customers WHERE id = $1;

SELECT * FROM customers WHERE email = $1;

-- name: DeleteCustomer :exec
