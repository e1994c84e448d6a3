-- Access patterns of the AWS complaint management design (Base table + 3 GSIs:
-- Customer_Complaint_GSI, Escalations_GSI, Agents_Comments_GSI).
-- Not included: "Find complaints by severity and state", which the expert serves
-- with a Scan (not a pattern the expert serves efficiently).

-- name: GetComplaint :one
-- "Get complaint metadata"
SELECT * FROM complaints
WHERE complaint_id = $1;

-- name: CreateComplaint :exec
-- "Create and update complaints"
INSERT INTO complaints (complaint_id, customer_id, severity, complaint_description, current_state, creation_time)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: UpdateComplaintState :exec
-- "Create and update complaints"
UPDATE complaints SET current_state = $2
WHERE complaint_id = $1;

-- name: EscalateComplaint :exec
-- "Escalate a complaint"
UPDATE complaints SET escalated_to = $2, escalation_time = $3
WHERE complaint_id = $1;

-- name: AddCommunication :exec
-- "Create and read comments on a complaint"
INSERT INTO communications (complaint_id, comm_id, comm_date, agent_id, comm_text, complaint_state, attachments)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: ListCommunicationsForComplaint :many
-- "Get all communications for a complaint"
SELECT * FROM communications
WHERE complaint_id = $1
ORDER BY comm_date;

-- name: TrackComplaintStateChanges :many
-- "Track complaint state changes"
SELECT comm_date, complaint_state, agent_id FROM communications
WHERE complaint_id = $1
ORDER BY comm_date;

-- name: ListComplaintsForCustomer :many
-- "Get all complaints for a customer"
SELECT complaint_id, severity, current_state, creation_time FROM complaints
WHERE customer_id = $1
ORDER BY complaint_id;

-- name: ListComplaintsEscalatedToAgent :many
-- "Find complaints escalated to an agent"
-- An escalation always records its time; saying so lets the index on
-- escalation_time be sparse, as the expert's GSI is (without it the NULL rows
-- would be missing from the result: E0416).
SELECT complaint_id, customer_id, severity, escalation_time FROM complaints
WHERE escalated_to = $1 AND escalation_time IS NOT NULL
ORDER BY escalation_time DESC;

-- name: ListCommunicationsByAgent :many
-- "View agent's communication history"
SELECT complaint_id, comm_id, comm_date, comm_text, complaint_state FROM communications
WHERE agent_id = $1
ORDER BY comm_date DESC;
