-- The generator's narrower features: DEFAULTs in INIT, NOT LIKE, upserts and
-- counters (`SET n = n + 1`).  tests/codegen/features.c runs them on moto.
CREATE TABLE posts (
    id          bigint PRIMARY KEY,
    author      text NOT NULL,
    slug        text NOT NULL UNIQUE,
    title       text,
    view_count  integer NOT NULL DEFAULT 7,
    score       double precision NOT NULL DEFAULT 1.5,
    published   boolean NOT NULL DEFAULT true,
    pinned      boolean NOT NULL DEFAULT false,
    rating      numeric(10,2) NOT NULL DEFAULT 2.50,
    likes       bigint DEFAULT 3,
    balance     numeric(20,4)
);

-- No UNIQUE column: its create is one PutItem, so the two-writer counter test
-- also runs on dynalite, whose conditional writes are atomic.
CREATE TABLE hits (
    id  bigint PRIMARY KEY,
    n   integer NOT NULL DEFAULT 0
);
