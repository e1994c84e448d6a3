-- Sessions expire: expires_at holds epoch seconds (a Number in DynamoDB).
-- Users have no such column: their items never expire.
CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  expires_at BIGINT
);
