-- Queries for the tracker API (sqlc, engine: mysql, go-sql-driver/mysql).

-- name: GetOrganizationBySlug :one
-- Resolves the tenant from the URL: /o/{slug}/...
SELECT id, slug, name, plan, settings, created_at
FROM organizations
WHERE slug = ?;

-- name: GetUser :one
SELECT * FROM users
WHERE id = ?;

-- name: GetUserByEmail :one
-- Login and invitation flows.
SELECT id, email, display_name, password_hash, status
FROM users
WHERE email = ?;

-- name: CreateUser :execlastid
INSERT INTO users (email, display_name, password_hash, status)
VALUES (?, ?, ?, 'invited');

-- name: ActivateUser :execrows
UPDATE users
SET status = 'active', last_login_at = ?
WHERE id = ?;

-- name: AddMembership :exec
INSERT INTO memberships (org_id, user_id, role)
VALUES (?, ?, ?);

-- name: ListOrganizationsForUser :many
-- Org switcher in the top bar.
SELECT o.id, o.slug, o.name, m.role
FROM memberships m
JOIN organizations o ON o.id = m.org_id
WHERE m.user_id = ?
ORDER BY m.joined_at DESC
LIMIT 50;

-- name: ListMembersOfOrganization :many
SELECT u.id, u.email, u.display_name, m.role, m.joined_at
FROM memberships m
JOIN users u ON u.id = m.user_id
WHERE m.org_id = ?
ORDER BY m.joined_at
LIMIT 500;

-- name: ListActiveProjects :many
SELECT id, project_key, name, created_at
FROM projects
WHERE org_id = ? AND archived_at IS NULL
ORDER BY created_at DESC
LIMIT 100;

-- name: GetProjectByKey :one
SELECT * FROM projects
WHERE org_id = ? AND project_key = ?;

-- name: CreateTask :execresult
INSERT INTO tasks (project_id, number, title, description, priority, assignee_id, reporter_id, due_date)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: GetTaskByNumber :one
-- Deep links such as /ENG-42.
SELECT * FROM tasks
WHERE project_id = ? AND number = ?;

-- name: ListOpenTasksByProject :many
SELECT id, number, title, status, priority, assignee_id, updated_at
FROM tasks
WHERE project_id = ? AND status IN ('todo', 'in_progress', 'in_review')
ORDER BY number DESC
LIMIT 50;

-- name: ListMyTasksInProgress :many
-- "My work" page.
SELECT t.id, t.project_id, t.number, t.title, t.priority, t.updated_at
FROM tasks t
WHERE t.assignee_id = ? AND t.status = 'in_progress'
ORDER BY t.updated_at DESC
LIMIT 25;

-- name: ListUnassignedTasks :many
-- Triage queue.
SELECT id, number, title, priority, created_at
FROM tasks
WHERE project_id = ? AND assignee_id IS NULL
ORDER BY created_at
LIMIT 50;

-- name: ListTasksDueBetween :many
SELECT id, number, title, status, assignee_id, due_date
FROM tasks
WHERE project_id = ? AND due_date BETWEEN ? AND ?
ORDER BY due_date;

-- name: CountTasksByStatus :many
-- Column counts on the board.
SELECT status, COUNT(*) AS task_count
FROM tasks
WHERE project_id = ?
GROUP BY status;

-- name: ListRecentlyClosedTasks :many
-- "Done this week" column.
SELECT id, number, title, assignee_id, closed_at
FROM tasks
WHERE project_id = ? AND closed_at IS NOT NULL
ORDER BY closed_at DESC
LIMIT 20;

-- name: UpdateTaskStatus :execrows
UPDATE tasks
SET status = ?, closed_at = ?
WHERE id = ?;

-- name: AssignTask :exec
UPDATE tasks
SET assignee_id = ?
WHERE id = ?;

-- name: GetTaskWithComments :many
-- Task detail page: the task row joined to its comment thread.
SELECT t.id, t.title, t.status, c.id AS comment_id, c.author_id, c.body, c.created_at
FROM tasks t
JOIN comments c ON c.task_id = t.id
WHERE t.id = ?
ORDER BY c.created_at
LIMIT 200;

-- name: AddComment :execlastid
INSERT INTO comments (task_id, author_id, body)
VALUES (?, ?, ?);

-- name: DeleteComment :execrows
-- Authors may delete their own comments only.
DELETE FROM comments
WHERE id = ? AND author_id = ?;

-- name: ListTeamLabels :many
-- Team labels follow the 'team:<name>' convention.
SELECT id, name, color
FROM labels
WHERE org_id = ? AND name LIKE 'team:%'
ORDER BY name;

-- name: ListLabelsForTask :many
SELECT l.id, l.name, l.color
FROM task_labels tl
JOIN labels l ON l.id = tl.label_id
WHERE tl.task_id = ?;

-- name: ListTasksWithLabel :many
SELECT t.id, t.number, t.title, t.status
FROM task_labels tl
JOIN tasks t ON t.id = tl.task_id
WHERE tl.label_id = ?
ORDER BY tl.added_at DESC
LIMIT 100;

-- name: AddLabelToTask :exec
INSERT INTO task_labels (task_id, label_id)
VALUES (?, ?);

/* name: RemoveLabelFromTask :exec */
DELETE FROM task_labels
WHERE task_id = ? AND label_id = ?;

-- name: RecordAuditEvent :exec
INSERT INTO audit_events (org_id, actor_id, action, entity_type, entity_id, payload)
VALUES (?, ?, ?, ?, ?, ?);

-- name: ListAuditEventsSince :many
SELECT id, actor_id, action, entity_type, entity_id, payload, created_at
FROM audit_events
WHERE org_id = ? AND created_at >= ?
ORDER BY created_at DESC
LIMIT 100;
