CREATE TABLE events (
    id bigint PRIMARY KEY,
    tenant_id bigint NOT NULL,
    kind text NOT NULL,
    payload jsonb,
    happened_at timestamptz NOT NULL
);
