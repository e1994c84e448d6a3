-- Two broken statements between good ones: every error is reported.
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL UNIQUE
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id)
    placed_at timestamptz NOT NULL
);

CREATE TABLE order_lines (
    order_id bigint NOT NULL REFERENCES orders (id),
    line_no int NOT NULL,
    PRIMARY KEY (order_id, line_no
);

CREATE TABLE payments (
    id bigint PRIMARY KEY,
    amount numeric(10,2) NOT NULL
);
