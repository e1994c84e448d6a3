CREATE TYPE severity_level AS ENUM ('P1', 'P2', 'P3');
CREATE TYPE complaint_status AS ENUM ('waiting', 'assigned', 'investigating', 'resolved');
CREATE TABLE customers (
    customer_id text PRIMARY KEY,
    full_name   text NOT NULL,
    email       text NOT NULL UNIQUE
);
CREATE TABLE agents (
    agent_id  text PRIMARY KEY,
    full_name text NOT NULL
);
CREATE TABLE complaints (
    complaint_id          text PRIMARY KEY,
    customer_id           text NOT NULL REFERENCES customers (customer_id),
    severity              severity_level NOT NULL,
    complaint_description text NOT NULL,
    current_state         complaint_status NOT NULL DEFAULT 'waiting',
    creation_time         timestamptz NOT NULL DEFAULT now(),
    escalated_to          text REFERENCES agents (agent_id),
    escalation_time       timestamptz
);
CREATE TABLE communications (
    complaint_id    text NOT NULL REFERENCES complaints (complaint_id) ON DELETE CASCADE,
    comm_id         text NOT NULL,
    comm_date       timestamptz NOT NULL DEFAULT now(),
    agent_id        text REFERENCES agents (agent_id),
    comm_text       text NOT NULL,
    complaint_state complaint_status NOT NULL,
    attachments     text[],
    PRIMARY KEY (complaint_id, comm_id)
);
-- queries
-- name: GetComplaint :one
SELECT * FROM complaints
WHERE complaint_id = $1;
-- name: CreateComplaint :exec
INSERT INTO complaints (complaint_id, customer_id, severity, complaint_description, current_state, creation_time)
VALUES ($1, $2, $3, $4, $5, $6);
-- name: UpdateComplaintState :exec
UPDATE complaints SET current_state = $2
WHERE complaint_id = $1;
-- name: EscalateComplaint :exec
UPDATE complaints SET escalated_to = $2, escalation_time = $3
WHERE complaint_id = $1;
-- name: AddCommunication :exec
INSERT INTO communications (complaint_id, comm_id, comm_date, agent_id, comm_text, complaint_state, attachments)
VALUES ($1, $2, $3, $4, $5, $6, $7);
-- name: ListCommunicationsForComplaint :many
SELECT * FROM communications
WHERE complaint_id = $1
ORDER BY comm_date;
-- name: TrackComplaintStateChanges :many
SELECT comm_date, complaint_state, agent_id FROM communications
WHERE complaint_id = $1
ORDER BY comm_date;
-- name: ListComplaintsForCustomer :many
SELECT complaint_id, severity, current_state, creation_time FROM complaints
WHERE customer_id = $1
ORDER BY complaint_id;
-- name: ListComplaintsEscalatedToAgent :many
SELECT complaint_id, customer_id, severity, escalation_time FROM complaints
WHERE escalated_to = $1
ORDER BY escalation_time DESC;
-- name: ListCommunicationsByAgent :many
SELECT complaint_id, comm_id, comm_date, comm_text, complaint_state FROM communications
WHERE agent_id = $1
ORDER BY comm_date DESC;
