CREATE TABLE accounts (
    account_id text PRIMARY KEY,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE subscriptions (
    account_id         text NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    subscription_id    text NOT NULL,
    sku                text NOT NULL,
    email              text NOT NULL,
    payment_day        integer NOT NULL,
    payment_amount     numeric(12, 2) NOT NULL,
    payment_details    jsonb,
    next_payment_date  date NOT NULL,
    last_payment_date  date,
    next_reminder_date date NOT NULL,
    last_reminder_date date,
    PRIMARY KEY (account_id, subscription_id)
);
CREATE TABLE receipts (
    account_id       text NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    processed_date   timestamptz NOT NULL,
    sku              text NOT NULL,
    processed_amount numeric(12, 2) NOT NULL,
    expires_at       timestamptz,
    PRIMARY KEY (account_id, processed_date, sku)
);
-- queries
-- name: ListSubscriptionsForAccount :many
SELECT * FROM subscriptions
WHERE account_id = $1;
-- name: ListReceiptsForAccount :many
SELECT * FROM receipts
WHERE account_id = $1
ORDER BY processed_date DESC;
-- name: GetSubscription :one
SELECT * FROM subscriptions
WHERE account_id = $1 AND subscription_id = $2;
-- name: CreateSubscription :exec
INSERT INTO subscriptions (account_id, subscription_id, sku, email, payment_day, payment_amount,
                           payment_details, next_payment_date, next_reminder_date)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- name: CreateReceipt :exec
INSERT INTO receipts (account_id, processed_date, sku, processed_amount, expires_at)
VALUES ($1, $2, $3, $4, $5);
-- name: UpdateSubscription :exec
UPDATE subscriptions
SET next_payment_date = $3, last_payment_date = $4, next_reminder_date = $5, last_reminder_date = $6
WHERE account_id = $1 AND subscription_id = $2;
-- name: GetDueRemindersByDate :many
SELECT account_id, subscription_id, sku, email, next_payment_date FROM subscriptions
WHERE next_reminder_date = $1;
-- name: GetDuePaymentsByDate :many
SELECT account_id, subscription_id, sku, email, payment_day, payment_amount, payment_details FROM subscriptions
WHERE next_payment_date = $1;
