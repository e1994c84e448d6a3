-- tests/ttl — sessions expire through DynamoDB's TTL: expires_at holds epoch
-- seconds (BIGINT, a Number attribute); a NULL expires_at never expires.
-- Users have no such column, so their items never expire either.
CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at BIGINT
);
