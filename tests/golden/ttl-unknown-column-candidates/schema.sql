CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  valid_until BIGINT NOT NULL
);
CREATE TABLE carts (
  id TEXT PRIMARY KEY,
  expiry TIMESTAMPTZ
);
