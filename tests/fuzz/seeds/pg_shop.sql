CREATE TYPE order_status AS ENUM ('PENDING', 'PAID', 'SHIPPED');

CREATE TABLE customers (
    id         bigserial   PRIMARY KEY,
    email      text        NOT NULL UNIQUE,
    full_name  text        NOT NULL,
    tags       text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id          bigserial    PRIMARY KEY,
    customer_id bigint       NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    status      order_status NOT NULL DEFAULT 'PENDING',
    total_cents integer      NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
    attributes  jsonb        NOT NULL DEFAULT '{}'::jsonb,
    placed_at   timestamptz  NOT NULL DEFAULT now(),
    shipped_at  timestamptz
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC);

-- name: GetCustomerByEmail :one
SELECT * FROM customers WHERE email = $1;

-- name: ListOrdersByCustomer :many
SELECT o.id, o.status, o.placed_at FROM orders o
WHERE o.customer_id = $1 AND o.status IN ('PENDING', 'PAID') ORDER BY o.placed_at DESC LIMIT 20;

-- name: GetCustomerWithOrders :many
SELECT c.id, c.full_name, o.id AS order_id, o.total_cents
FROM customers c JOIN orders o ON o.customer_id = c.id
WHERE c.id = $1 AND o.placed_at BETWEEN $2 AND $3 ORDER BY o.placed_at;

-- name: CountOrdersByStatus :many
SELECT status, COUNT(*) AS n FROM orders WHERE customer_id = $1 GROUP BY status;

-- name: CreateOrder :one
INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id, placed_at;

/* name: MarkShipped :execrows */
UPDATE orders SET status = 'SHIPPED', shipped_at = sqlc.arg(shipped_at) WHERE id = sqlc.arg(id);

-- name: DeleteOrder :exec
DELETE FROM orders WHERE id = @id AND shipped_at IS NULL;
