-- Identifier and literal edge cases for the C generator: singular names that
-- collide, C keywords as columns, presence flags that meet a column's name,
-- every value kind, and defaults that need escaping.
CREATE TABLE statuses (
    id        bigserial PRIMARY KEY,
    label     text NOT NULL DEFAULT 'it''s "quoted" \ ??= ok',
    "int"     integer,
    class     text,
    x         integer,
    has_x     boolean NOT NULL DEFAULT false,
    ratio     double precision,
    amount    numeric(12,2) NOT NULL DEFAULT 0,
    blob      bytea,
    tags      text[],
    doc       jsonb,
    enabled   boolean NOT NULL DEFAULT true
);

CREATE TABLE status (
    code       text PRIMARY KEY,
    status_id  bigint NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    note       text,
    UNIQUE (status_id, note)
);

CREATE TABLE people (
    id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name    text NOT NULL,
    age     integer
);

CREATE TABLE addresses (
    id         bigserial PRIMARY KEY,
    person_id  uuid REFERENCES people (id) ON DELETE CASCADE,
    city       text NOT NULL,
    kind       text NOT NULL
);
