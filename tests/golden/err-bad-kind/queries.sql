-- name: GetCustomer :single
SELECT * FROM customers WHERE id = $1;

-- name: ListCustomers
SELECT * FROM customers WHERE email = $1;
