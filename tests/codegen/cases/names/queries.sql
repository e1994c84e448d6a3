-- name: StatusPut :one
SELECT * FROM statuses WHERE id = $1;

-- name: Status :many
SELECT * FROM status WHERE status_id = $1;

-- name: ListStatusesByIds :many
SELECT * FROM statuses WHERE id = ANY(sqlc.slice(ids));

-- name: FindPeople :many
SELECT * FROM people WHERE name = sqlc.arg(name) AND age = sqlc.narg(age);

-- name: PersonWithAddresses :many
SELECT p.id, p.name, a.city FROM people p LEFT JOIN addresses a ON a.person_id = p.id WHERE p.id = $1;

-- name: CountAddressesByKind :many
SELECT kind, COUNT(*) AS n FROM addresses WHERE person_id = $1 GROUP BY kind;

-- name: SetStatusBlob :execrows
UPDATE statuses SET blob = $2, ratio = $3, amount = $4 WHERE id = $1;

-- name: AddStatus :one
INSERT INTO status (code, status_id, note) VALUES ($1, $2, $3) RETURNING *;

-- name: AddressesByPersonName :many
SELECT a.* FROM addresses a JOIN people p ON a.person_id = p.id WHERE p.name = $1 ORDER BY a.city;

-- name: StatusesByLabel :many
SELECT * FROM statuses WHERE label = sqlc.arg(st) LIMIT sqlc.arg(rows);

-- name: PeopleByNameWithAddresses :many
SELECT p.*, a.* FROM people p JOIN addresses a ON a.person_id = p.id WHERE p.name = $1;

-- name: LastAddressesOfPerson :many
SELECT p.name, a.city FROM people p JOIN addresses a ON a.person_id = p.id WHERE p.id = $1 ORDER BY a.city DESC LIMIT 5;
