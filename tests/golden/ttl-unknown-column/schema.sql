CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  expires_at BIGINT
);
