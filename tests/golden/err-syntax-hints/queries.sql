-- name: ListOrders :many
SELECT * FORM orders WHERE customer_id = $1;

-- name: CancelOrder :exec
UPDATE orders SET status = 'cancelled' WHER id = $1;

-- name: GetOrder :one
SELECT * FROM orders WHERE id = ;
