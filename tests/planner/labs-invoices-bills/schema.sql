-- Customers, invoices and bills: a customer has many invoices; an invoice has many
-- bills and a bill can be split across many invoices (many-to-many).
-- Expert design: amazon-dynamodb-labs, design patterns exercise 7 (adjacency lists).

CREATE TABLE customers (
    customer_id text PRIMARY KEY,
    name        text NOT NULL
);

CREATE TABLE invoices (
    invoice_id   text PRIMARY KEY,
    customer_id  text NOT NULL REFERENCES customers (customer_id),
    invoice_date date NOT NULL,
    status       text NOT NULL,
    total_amount numeric(12, 2) NOT NULL
);

CREATE TABLE bills (
    bill_id   text PRIMARY KEY,
    bill_date date NOT NULL,
    amount    numeric(12, 2) NOT NULL,
    balance   numeric(12, 2) NOT NULL
);

CREATE TABLE invoice_bills (
    invoice_id  text NOT NULL REFERENCES invoices (invoice_id) ON DELETE CASCADE,
    bill_id     text NOT NULL REFERENCES bills (bill_id) ON DELETE CASCADE,
    bill_amount numeric(12, 2) NOT NULL,
    PRIMARY KEY (invoice_id, bill_id)
);
