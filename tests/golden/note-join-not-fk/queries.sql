-- name: SignupsOfCustomer :many
-- Joined on email, which no foreign key declares.
SELECT s.* FROM customers c
JOIN newsletter_signups s ON s.email = c.email
WHERE c.id = $1;
