-- Session management: customer sessions and the child sessions spawned from them.
-- Expert design: AWS, "Session management schema design in DynamoDB".

CREATE TABLE customers (
    customer_id text PRIMARY KEY,
    email       text NOT NULL
);

CREATE TABLE sessions (
    session_id      uuid PRIMARY KEY,
    customer_id     text NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    access_token    text NOT NULL,
    session_state   text NOT NULL,
    last_login_time timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);

CREATE TABLE child_sessions (
    session_id       uuid NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    child_session_id uuid NOT NULL,
    access_token     text NOT NULL,
    session_state    text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, child_session_id)
);
