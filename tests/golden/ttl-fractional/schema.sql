CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  expires_at NUMERIC(14,3)
);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  expires_at DOUBLE PRECISION
);
