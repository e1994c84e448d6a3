-- Queries used by the storefront and back-office services (sqlc, pgx/v5).

-- name: GetCustomer :one
SELECT * FROM customers
WHERE id = $1;

-- name: GetCustomerByEmail :one
-- Used by the login flow.
SELECT * FROM customers
WHERE email = $1;

-- name: CreateCustomer :one
INSERT INTO customers (email, full_name, phone, marketing_opt_in)
VALUES ($1, $2, $3, $4)
RETURNING id, created_at;

-- name: ListAddressesByCustomer :many
-- Address book on the checkout page, newest first.
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
-- Hydrates the cart (at most four lines per request from the mobile app).
SELECT id, sku, name, price_cents, currency
FROM products
WHERE id IN ($1, $2, $3, $4);

-- name: ListProductsInCategory :many
-- Category grid; the join table carries the merchandiser's ordering.
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
-- Warehouses in the EU all have codes starting with 'EU-'.
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
-- Order detail page: the order header repeated on every line.
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
-- "Orders in 2023" filter on the account page.
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
-- Nightly job: cancel carts that never got paid.
SELECT id, customer_id, placed_at
FROM orders
WHERE status = 'PENDING' AND placed_at < $1
ORDER BY placed_at
LIMIT 500;

-- name: ListPaidOrdersAwaitingShipment :many
-- Warehouse pick list.
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
-- Webhook handler: the PSP only tells us its own charge id.
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
