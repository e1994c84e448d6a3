CREATE TABLE "we""ird" (/* nested /* comment */ */ id int, x text);
-- name: Q :one
SELECT * FROM "we""ird" WHERE id = $1 OR x = $2;
