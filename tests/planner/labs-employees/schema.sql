-- Employees of the amazon-dynamodb-labs advanced design patterns exercises 4-6
-- (GSI key overloading, sparse index, composite keys).

CREATE TABLE employees (
    employee_id text PRIMARY KEY,
    name        text NOT NULL,
    state       text NOT NULL,
    city        text NOT NULL,
    dept        text NOT NULL,
    is_manager  boolean NOT NULL DEFAULT false,
    hire_date   date NOT NULL
);

-- Every title an employee has held; the current one has no end date.
CREATE TABLE employee_titles (
    employee_id text NOT NULL REFERENCES employees (employee_id) ON DELETE CASCADE,
    title       text NOT NULL,
    started_on  date NOT NULL,
    ended_on    date,
    PRIMARY KEY (employee_id, title, started_on)
);
