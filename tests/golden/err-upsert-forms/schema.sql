-- INSERT … ON CONFLICT forms the runtime cannot run as the SQL says: each is
-- an error at its clause, with the reason and a fix.
CREATE TABLE accounts (
    id      bigint PRIMARY KEY,
    email   text NOT NULL UNIQUE,
    name    text,
    visits  integer NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id      bigint PRIMARY KEY,
    label   text NOT NULL,
    uses    integer NOT NULL DEFAULT 0
);
