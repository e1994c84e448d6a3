-- Access patterns of the AWS recurring payments design (Base table + GSI-1 reminder
-- workflow on NextReminderDate + GSI-2 payment workflow on NextPaymentDate).

-- name: ListSubscriptionsForAccount :many
-- "Get all subscriptions for an account"
SELECT * FROM subscriptions
WHERE account_id = $1;

-- name: ListReceiptsForAccount :many
-- "Get all receipts for an account"
SELECT * FROM receipts
WHERE account_id = $1
ORDER BY processed_date DESC;

-- name: GetSubscription :one
-- "Get specific subscription details"
SELECT * FROM subscriptions
WHERE account_id = $1 AND subscription_id = $2;

-- name: CreateSubscription :exec
-- "Create new subscription"
INSERT INTO subscriptions (account_id, subscription_id, sku, email, payment_day, payment_amount,
                           payment_details, next_payment_date, next_reminder_date)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: CreateReceipt :exec
-- "Create new receipt"
INSERT INTO receipts (account_id, processed_date, sku, processed_amount, expires_at)
VALUES ($1, $2, $3, $4, $5);

-- name: UpdateSubscription :exec
-- "Update subscription"
UPDATE subscriptions
SET next_payment_date = $3, last_payment_date = $4, next_reminder_date = $5, last_reminder_date = $6
WHERE account_id = $1 AND subscription_id = $2;

-- name: GetDueRemindersByDate :many
-- "Find accounts needing reminders for a specific date" (getDueRemindersByDate)
SELECT account_id, subscription_id, sku, email, next_payment_date FROM subscriptions
WHERE next_reminder_date = $1;

-- name: GetDuePaymentsByDate :many
-- "Find accounts with payments due on a specific date" (getDuePaymentsByDate)
SELECT account_id, subscription_id, sku, email, payment_day, payment_amount, payment_details FROM subscriptions
WHERE next_payment_date = $1;
