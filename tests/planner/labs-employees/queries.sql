-- Access patterns of the employees table in amazon-dynamodb-labs, design patterns
-- exercises 4 (GSI_1, overloaded), 5 (GSI_2, sparse on is_manager) and
-- 6 (GSI_3, state / city#dept composite sort key): 3 GSIs.

-- name: GetEmployee :one
-- the "root" item of an employee
SELECT * FROM employees
WHERE employee_id = $1;

-- name: QueryEmployeesByState :many
-- "Query all employees of a state"
SELECT employee_id, name, city, dept FROM employees
WHERE state = $1;

-- name: QueryEmployeesByCurrentTitle :many
-- "Query all employees with one specific current title"
SELECT employee_id, title, started_on FROM employee_titles
WHERE title = $1 AND ended_on IS NULL;

-- name: QueryEmployeesByTitleEverHeld :many
-- "Query all employees who had ever one specific title"
SELECT employee_id, title, started_on, ended_on FROM employee_titles
WHERE title = $1;

-- name: QueryEmployeesByName :many
-- "Query employees by name"
SELECT * FROM employees
WHERE name = $1;

-- name: ListManagers :many
-- sparse index: "find all the managers" (only items with is_manager are in GSI_2)
SELECT employee_id, name, state, dept FROM employees
WHERE is_manager = true;

-- name: QueryEmployeesByStateAndCity :many
-- "query the employees by geographic location (state and city)"
SELECT employee_id, name, dept FROM employees
WHERE state = $1 AND city = $2;

-- name: QueryEmployeesByStateCityDept :many
-- "query the employees by geographic location (state and city) and by department"
SELECT employee_id, name FROM employees
WHERE state = $1 AND city = $2 AND dept = $3;

-- name: CreateEmployee :exec
INSERT INTO employees (employee_id, name, state, city, dept, is_manager, hire_date)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: AddEmployeeTitle :exec
INSERT INTO employee_titles (employee_id, title, started_on)
VALUES ($1, $2, $3);
