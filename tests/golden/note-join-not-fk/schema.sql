CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL UNIQUE
);

CREATE TABLE newsletter_signups (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    signed_up_at timestamptz NOT NULL
);
