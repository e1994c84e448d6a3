-- Recurring payments: accounts, their subscriptions to SKUs, and payment receipts.
-- Expert design: AWS, "Recurring payments schema design in DynamoDB".

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
