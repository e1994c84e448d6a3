-- Every table has an expires_at; none of them holds epoch seconds as a Number.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE coupons (
  code TEXT PRIMARY KEY,
  expires_at DATE
);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  expires_at TEXT
);
CREATE TABLE carts (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT GENERATED ALWAYS AS (created_at + 86400) STORED
);
