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
-- queries
-- name: GetInvoiceAndBills :many
SELECT i.invoice_id, i.customer_id, i.invoice_date, i.status, i.total_amount, ib.bill_id, ib.bill_amount
FROM invoices i
JOIN invoice_bills ib ON ib.invoice_id = i.invoice_id
WHERE i.invoice_id = $1;
-- name: ListInvoiceIdsForCustomer :many
SELECT invoice_id FROM invoices
WHERE customer_id = $1;
-- name: GetBillAndInvoices :many
SELECT b.bill_id, b.bill_date, b.amount, b.balance, ib.invoice_id, ib.bill_amount
FROM bills b
JOIN invoice_bills ib ON ib.bill_id = b.bill_id
WHERE b.bill_id = $1;
-- name: CreateInvoice :exec
INSERT INTO invoices (invoice_id, customer_id, invoice_date, status, total_amount)
VALUES ($1, $2, $3, $4, $5);
-- name: CreateBill :exec
INSERT INTO bills (bill_id, bill_date, amount, balance)
VALUES ($1, $2, $3, $4);
-- name: AddBillToInvoice :exec
INSERT INTO invoice_bills (invoice_id, bill_id, bill_amount)
VALUES ($1, $2, $3);
