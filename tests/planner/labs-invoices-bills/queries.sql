-- Access patterns of the InvoiceAndBills table (Base table + GSI_1, the reverse lookup
-- whose partition key is the table's sort key).

-- name: GetInvoiceAndBills :many
-- "Using the invoice ID, retrieve the top-level invoice details, customer, and associated bill details."
SELECT i.invoice_id, i.customer_id, i.invoice_date, i.status, i.total_amount, ib.bill_id, ib.bill_amount
FROM invoices i
JOIN invoice_bills ib ON ib.invoice_id = i.invoice_id
WHERE i.invoice_id = $1;

-- name: ListInvoiceIdsForCustomer :many
-- "Retrieve all invoice IDs for a customer."
SELECT invoice_id FROM invoices
WHERE customer_id = $1;

-- name: GetBillAndInvoices :many
-- "Using the bill ID, retrieve the top-level bill details and the associated invoice details."
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
