BEGIN;

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    status      order_status NOT NULL,
    total       INTEGER NOT NULL,
    coupon_code TEXT,
    placed_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    shipped_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE order_items (
    order_id    BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     INTEGER NOT NULL,
    sku         TEXT NOT NULL,
    quantity    INTEGER NOT NULL DEFAULT 1,
    unit_price  INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE INDEX orders_user_id_placed_at_idx ON orders (user_id, placed_at DESC);

COMMIT;
