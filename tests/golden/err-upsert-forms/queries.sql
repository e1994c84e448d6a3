-- name: ReplaceAccount :exec
REPLACE INTO accounts (id, email, name) VALUES ($1, $2, $3);

-- name: UpsertOnConstraint :exec
INSERT INTO accounts (id, email) VALUES ($1, $2)
ON CONFLICT ON CONSTRAINT accounts_pkey DO NOTHING;

-- name: UpsertWithWhere :exec
INSERT INTO accounts (id, email, name) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE accounts.name IS NULL;

-- name: UpsertNotAKey :exec
INSERT INTO accounts (id, email, name) VALUES ($1, $2, $3)
ON CONFLICT (name) DO NOTHING;

-- name: UpsertUpdateByEmail :exec
INSERT INTO accounts (id, email, name) VALUES ($1, $2, $3)
ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;

-- name: UpsertExcludedUnlisted :exec
INSERT INTO accounts (id, email) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;

-- name: UpsertExpression :exec
INSERT INTO accounts (id, email, visits) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET visits = accounts.visits * 2;

-- name: UpsertNoTarget :exec
INSERT INTO accounts (id, email) VALUES ($1, $2)
ON CONFLICT DO UPDATE SET visits = accounts.visits + 1;

-- name: DuplicateKeyWithUnique :exec
INSERT INTO accounts (id, email) VALUES (?, ?)
ON DUPLICATE KEY UPDATE visits = visits + 1;

-- name: DuplicateKeyOk :exec
INSERT INTO tags (id, label) VALUES (?, ?)
ON DUPLICATE KEY UPDATE uses = uses + 1, label = VALUES(label);
