CREATE TYPE order_status AS ENUM (
    'PENDING',
    'PAID',
    'SHIPPED',
    'DELIVERED',
    'CANCELLED',
    'REFUNDED'
);
CREATE TYPE payment_status AS ENUM ('AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED');
CREATE TABLE customers (
    id               bigserial   PRIMARY KEY,
    email            text        NOT NULL UNIQUE,
    full_name        text        NOT NULL,
    phone            text,
    marketing_opt_in boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE TABLE addresses (
    id           bigserial   PRIMARY KEY,
    customer_id  bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    label        text        NOT NULL DEFAULT 'home',
    line1        text        NOT NULL,
    line2        text,
    city         text        NOT NULL,
    region       text,
    postal_code  text        NOT NULL,
    country_code char(2)     NOT NULL,
    is_default   boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE categories (
    id         serial      PRIMARY KEY,
    parent_id  integer     REFERENCES categories (id),
    slug       text        NOT NULL UNIQUE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
    id          bigserial   PRIMARY KEY,
    sku         varchar(64) NOT NULL UNIQUE,
    name        text        NOT NULL,
    description text,
    price_cents integer     NOT NULL CHECK (price_cents >= 0),
    currency    char(3)     NOT NULL DEFAULT 'USD',
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tags        text[]      NOT NULL DEFAULT '{}',
    is_active   boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE product_categories (
    product_id  bigint  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category_idx ON product_categories (category_id, position);
CREATE TABLE inventory (
    product_id bigint      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    warehouse  text        NOT NULL,
    on_hand    integer     NOT NULL DEFAULT 0,
    reserved   integer     NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, warehouse)
);
CREATE TABLE orders (
    id                  bigserial    PRIMARY KEY,
    customer_id         bigint       NOT NULL REFERENCES customers (id),
    shipping_address_id bigint       REFERENCES addresses (id) ON DELETE SET NULL,
    status              order_status NOT NULL DEFAULT 'PENDING',
    total_cents         integer      NOT NULL DEFAULT 0,
    currency            char(3)      NOT NULL DEFAULT 'USD',
    placed_at           timestamptz  NOT NULL DEFAULT now(),
    shipped_at          timestamptz,
    notes               text
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_status_placed_idx ON orders (status, placed_at);
CREATE TABLE order_lines (
    order_id         bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no          integer NOT NULL,
    product_id       bigint  NOT NULL REFERENCES products (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
CREATE TABLE payments (
    id           uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id     bigint         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    provider     text           NOT NULL,
    provider_ref text           NOT NULL UNIQUE,
    status       payment_status NOT NULL DEFAULT 'AUTHORIZED',
    amount_cents integer        NOT NULL,
    created_at   timestamptz    NOT NULL DEFAULT now(),
    captured_at  timestamptz
);
CREATE TABLE reviews (
    id          bigserial   PRIMARY KEY,
    product_id  bigint      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    customer_id bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    rating      smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title       text,
    body        text,
    status      text        NOT NULL DEFAULT 'PENDING',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, customer_id)
);
CREATE INDEX reviews_product_created_idx ON reviews (product_id, created_at DESC);
-- queries
-- name: GetCustomer :one
SELECT * FROM customers
WHERE id = $1;
-- name: GetCustomerByEmail :one
SELECT * FROM customers
WHERE email = $1;
-- name: CreateCustomer :one
INSERT INTO customers (email, full_name, phone, marketing_opt_in)
VALUES ($1, $2, $3, $4)
RETURNING id, created_at;
-- name: ListAddressesByCustomer :many
SELECT id, label, line1, line2, city, region, postal_code, country_code, is_default
FROM addresses
WHERE customer_id = $1
ORDER BY created_at DESC
LIMIT 10;
-- name: AddAddress :one
INSERT INTO addresses (customer_id, label, line1, line2, city, region, postal_code, country_code)
VALUES (@customer_id, @label, @line1, @line2, @city, @region, @postal_code, @country_code)
RETURNING *;
-- name: DeleteAddress :exec
DELETE FROM addresses
WHERE id = $1 AND customer_id = $2;
-- name: GetProductBySku :one
SELECT id, sku, name, description, price_cents, currency, attributes, tags, is_active
FROM products
WHERE sku = sqlc.arg(sku);
-- name: GetProductsByIds :many
SELECT id, sku, name, price_cents, currency
FROM products
WHERE id IN ($1, $2, $3, $4);
-- name: ListProductsInCategory :many
SELECT p.id, p.sku, p.name, p.price_cents, p.currency, pc.position
FROM product_categories pc
JOIN products p ON p.id = pc.product_id
WHERE pc.category_id = $1
ORDER BY pc.position
LIMIT 48;
-- name: ListCategoriesForProduct :many
SELECT c.id, c.slug, c.name
FROM product_categories pc
JOIN categories c ON c.id = pc.category_id
WHERE pc.product_id = $1;
-- name: ListSubcategories :many
SELECT id, slug, name FROM categories
WHERE parent_id = $1
ORDER BY slug
LIMIT 100;
-- name: ListEuropeanStock :many
SELECT warehouse, on_hand, reserved, updated_at
FROM inventory
WHERE product_id = $1 AND warehouse LIKE 'EU-%'
ORDER BY warehouse;
/* name: SetStockLevel :exec */
UPDATE inventory
SET on_hand = sqlc.arg(on_hand), reserved = sqlc.arg(reserved), updated_at = sqlc.arg(updated_at)
WHERE product_id = sqlc.arg(product_id) AND warehouse = sqlc.arg(warehouse);
-- name: CreateOrder :one
INSERT INTO orders (customer_id, shipping_address_id, total_cents, currency)
VALUES ($1, $2, $3, $4)
RETURNING id, status, placed_at;
-- name: AddOrderLine :exec
INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_cents)
VALUES ($1, $2, $3, $4, $5);
-- name: GetOrderWithLines :many
SELECT o.id, o.status, o.placed_at, o.total_cents,
       l.line_no, l.product_id, l.quantity, l.unit_price_cents
FROM orders o
JOIN order_lines l ON l.order_id = o.id
WHERE o.id = $1
ORDER BY l.line_no;
-- name: ListOrdersByCustomer :many
SELECT o.id, o.status, o.placed_at FROM orders o
WHERE o.customer_id = $1 ORDER BY o.placed_at DESC LIMIT 20;
-- name: ListCustomerOrdersBetween :many
SELECT id, status, total_cents, placed_at
FROM orders
WHERE customer_id = $1 AND placed_at BETWEEN $2 AND $3
ORDER BY placed_at DESC;
-- name: ListOpenOrdersForCustomer :many
SELECT id, status, placed_at
FROM orders
WHERE customer_id = $1 AND status IN ('PENDING', 'PAID', 'SHIPPED')
ORDER BY placed_at DESC
LIMIT 20;
-- name: ListStalePendingOrders :many
SELECT id, customer_id, placed_at
FROM orders
WHERE status = 'PENDING' AND placed_at < $1
ORDER BY placed_at
LIMIT 500;
-- name: ListPaidOrdersAwaitingShipment :many
SELECT id, customer_id, shipping_address_id, placed_at
FROM orders
WHERE status = 'PAID' AND shipped_at IS NULL
ORDER BY placed_at
LIMIT 200;
-- name: ListShippedOrdersForCustomer :many
SELECT id, status, placed_at, shipped_at
FROM orders
WHERE customer_id = $1 AND shipped_at IS NOT NULL
ORDER BY placed_at DESC
LIMIT 20;
-- name: CountOrdersByStatusForCustomer :many
SELECT status, COUNT(*) AS order_count
FROM orders
WHERE customer_id = $1
GROUP BY status;
-- name: UpdateOrderStatus :execrows
UPDATE orders
SET status = sqlc.arg(status)
WHERE id = sqlc.arg(id);
-- name: MarkOrderShipped :exec
UPDATE orders
SET status = 'SHIPPED', shipped_at = $2
WHERE id = $1;
-- name: RecordPayment :one
INSERT INTO payments (order_id, provider, provider_ref, amount_cents)
VALUES ($1, $2, $3, $4)
RETURNING id, status, created_at;
-- name: GetPaymentByProviderRef :one
SELECT * FROM payments
WHERE provider_ref = $1;
-- name: ListPaymentsByOrder :many
SELECT id, provider, status, amount_cents, created_at, captured_at
FROM payments
WHERE order_id = $1
ORDER BY created_at;
-- name: ListApprovedReviewsForProduct :many
SELECT r.id, r.rating, r.title, r.body, r.created_at
FROM reviews r
WHERE r.product_id = $1 AND r.status = 'APPROVED'
ORDER BY r.created_at DESC
LIMIT 20;
-- name: DeleteReview :execresult
DELETE FROM reviews
WHERE id = $1;
