-- Complaint management system (contact center), as a relational team would have it.
-- Expert design: AWS, "Complaint management system schema design in DynamoDB".

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

-- A comment on a complaint, by the customer or by an agent.
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
