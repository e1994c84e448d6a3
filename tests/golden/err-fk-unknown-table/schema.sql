CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id)
);

CREATE TABLE customers (
    id bigint PRIMARY KEY
);
