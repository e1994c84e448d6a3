-- Shop: storefront database (PostgreSQL 15).
--
-- Owned by the checkout team. Money is stored in integer cents; every
-- timestamp is timestamptz and written in UTC by the application.

CREATE TYPE order_status AS ENUM (
    'PENDING',      -- cart submitted, payment not yet authorized
    'PAID',
    'SHIPPED',
    'DELIVERED',
    'CANCELLED',
    'REFUNDED'
);

CREATE TYPE payment_status AS ENUM ('AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED');

-- People who can log in and place orders. Email is the login name.
CREATE TABLE customers (
    id               bigserial   PRIMARY KEY,
    email            text        NOT NULL UNIQUE,
    full_name        text        NOT NULL,
    phone            text,
    marketing_opt_in boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz              -- soft delete (GDPR erasure runs nightly)
);

-- Shipping / billing addresses; a customer has a handful at most.
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

-- Category tree used by the navigation menu ("shoes" > "running").
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
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- size, colour, material ...
    tags        text[]      NOT NULL DEFAULT '{}',
    is_active   boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A product can appear in several categories; position orders the grid.
CREATE TABLE product_categories (
    product_id  bigint  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, category_id)
);

CREATE INDEX product_categories_category_idx ON product_categories (category_id, position);

-- Stock per warehouse. Warehouse codes look like 'EU-AMS1', 'US-SEA2'.
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

-- One order can have several payment attempts (declines, split tender).
CREATE TABLE payments (
    id           uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id     bigint         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    provider     text           NOT NULL,          -- 'stripe', 'adyen'
    provider_ref text           NOT NULL UNIQUE,   -- the PSP's charge id
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
    status      text        NOT NULL DEFAULT 'PENDING',  -- PENDING | APPROVED | REJECTED
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (product_id, customer_id)
);

CREATE INDEX reviews_product_created_idx ON reviews (product_id, created_at DESC);
