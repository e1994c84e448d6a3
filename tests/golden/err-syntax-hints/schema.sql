CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    status text NOT NULL DEFAULT
);

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL,
);
