CREATE TABLE employees (
    employee_id text PRIMARY KEY,
    name        text NOT NULL,
    state       text NOT NULL,
    city        text NOT NULL,
    dept        text NOT NULL,
    is_manager  boolean NOT NULL DEFAULT false,
    hire_date   date NOT NULL
);
CREATE TABLE employee_titles (
    employee_id text NOT NULL REFERENCES employees (employee_id) ON DELETE CASCADE,
    title       text NOT NULL,
    started_on  date NOT NULL,
    ended_on    date,
    PRIMARY KEY (employee_id, title, started_on)
);
-- queries
-- name: GetEmployee :one
SELECT * FROM employees
WHERE employee_id = $1;
-- name: QueryEmployeesByState :many
SELECT employee_id, name, city, dept FROM employees
WHERE state = $1;
-- name: QueryEmployeesByCurrentTitle :many
SELECT employee_id, title, started_on FROM employee_titles
WHERE title = $1 AND ended_on IS NULL;
-- name: QueryEmployeesByTitleEverHeld :many
SELECT employee_id, title, started_on, ended_on FROM employee_titles
WHERE title = $1;
-- name: QueryEmployeesByName :many
SELECT * FROM employees
WHERE name = $1;
-- name: ListManagers :many
SELECT employee_id, name, state, dept FROM employees
WHERE is_manager = true;
-- name: QueryEmployeesByStateAndCity :many
SELECT employee_id, name, dept FROM employees
WHERE state = $1 AND city = $2;
-- name: QueryEmployeesByStateCityDept :many
SELECT employee_id, name FROM employees
WHERE state = $1 AND city = $2 AND dept = $3;
-- name: CreateEmployee :exec
INSERT INTO employees (employee_id, name, state, city, dept, is_manager, hire_date)
VALUES ($1, $2, $3, $4, $5, $6, $7);
-- name: AddEmployeeTitle :exec
INSERT INTO employee_titles (employee_id, title, started_on)
VALUES ($1, $2, $3);
