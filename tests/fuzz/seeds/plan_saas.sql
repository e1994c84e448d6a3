CREATE TABLE `organizations` (
  `id`         bigint unsigned NOT NULL AUTO_INCREMENT,
  `slug`       varchar(64)  NOT NULL,
  `name`       varchar(255) NOT NULL,
  `plan`       enum('free','team','enterprise') NOT NULL DEFAULT 'free',
  `settings`   json DEFAULT NULL COMMENT 'feature flags, SSO config',
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_organizations_slug` (`slug`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `users` (
  `id`            bigint unsigned NOT NULL AUTO_INCREMENT,
  `email`         varchar(255) NOT NULL,
  `display_name`  varchar(100) NOT NULL,
  `password_hash` varbinary(60) DEFAULT NULL COMMENT 'NULL for SSO-only accounts',
  `status`        enum('invited','active','disabled') NOT NULL DEFAULT 'invited',
  `last_login_at` datetime DEFAULT NULL,
  `created_at`    datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_users_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `memberships` (
  `org_id`    bigint unsigned NOT NULL,
  `user_id`   bigint unsigned NOT NULL,
  `role`      enum('owner','admin','member','guest') NOT NULL DEFAULT 'member',
  `joined_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`org_id`, `user_id`),
  KEY `idx_memberships_user` (`user_id`),
  CONSTRAINT `fk_memberships_org` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_memberships_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `projects` (
  `id`          bigint unsigned NOT NULL AUTO_INCREMENT,
  `org_id`      bigint unsigned NOT NULL,
  `project_key` varchar(10)  NOT NULL COMMENT 'short prefix shown in task ids, e.g. ENG',
  `name`        varchar(255) NOT NULL,
  `description` text,
  `created_by`  bigint unsigned NOT NULL,
  `created_at`  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `archived_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_projects_org_key` (`org_id`, `project_key`),
  KEY `fk_projects_created_by` (`created_by`),
  CONSTRAINT `fk_projects_org` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_projects_created_by` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `tasks` (
  `id`          bigint unsigned NOT NULL AUTO_INCREMENT,
  `project_id`  bigint unsigned NOT NULL,
  `number`      int unsigned NOT NULL COMMENT 'per-project sequence: ENG-42',
  `title`       varchar(500) NOT NULL,
  `description` mediumtext,
  `status`      enum('todo','in_progress','in_review','done') NOT NULL DEFAULT 'todo',
  `priority`    enum('low','medium','high','urgent') NOT NULL DEFAULT 'medium',
  `assignee_id` bigint unsigned DEFAULT NULL,
  `reporter_id` bigint unsigned NOT NULL,
  `due_date`    date DEFAULT NULL,
  `created_at`  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at`  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `closed_at`   datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_tasks_project_number` (`project_id`, `number`),
  KEY `idx_tasks_assignee_status` (`assignee_id`, `status`),
  KEY `fk_tasks_reporter` (`reporter_id`),
  CONSTRAINT `fk_tasks_project` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_tasks_assignee` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
  CONSTRAINT `fk_tasks_reporter` FOREIGN KEY (`reporter_id`) REFERENCES `users` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX `idx_tasks_project_due` ON `tasks` (`project_id`, `due_date`);
CREATE TABLE `comments` (
  `id`         bigint unsigned NOT NULL AUTO_INCREMENT,
  `task_id`    bigint unsigned NOT NULL,
  `author_id`  bigint unsigned NOT NULL,
  `body`       text NOT NULL,
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `edited_at`  datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_comments_task_created` (`task_id`, `created_at`),
  KEY `fk_comments_author` (`author_id`),
  CONSTRAINT `fk_comments_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_comments_author` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `labels` (
  `id`         int unsigned NOT NULL AUTO_INCREMENT,
  `org_id`     bigint unsigned NOT NULL,
  `name`       varchar(64) NOT NULL,
  `color`      char(7) NOT NULL DEFAULT '#808080',
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_labels_org_name` (`org_id`, `name`),
  CONSTRAINT `fk_labels_org` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `task_labels` (
  `task_id`  bigint unsigned NOT NULL,
  `label_id` int unsigned NOT NULL,
  `added_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`task_id`, `label_id`),
  KEY `idx_task_labels_label` (`label_id`),
  CONSTRAINT `fk_task_labels_task` FOREIGN KEY (`task_id`) REFERENCES `tasks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_task_labels_label` FOREIGN KEY (`label_id`) REFERENCES `labels` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `audit_events` (
  `id`          bigint unsigned NOT NULL AUTO_INCREMENT,
  `org_id`      bigint unsigned NOT NULL,
  `actor_id`    bigint unsigned DEFAULT NULL,
  `action`      varchar(64) NOT NULL COMMENT 'task.created, member.removed, ...',
  `entity_type` varchar(32) NOT NULL,
  `entity_id`   bigint unsigned NOT NULL,
  `payload`     json NOT NULL,
  `created_at`  datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  KEY `idx_audit_org_created` (`org_id`, `created_at`),
  KEY `fk_audit_actor` (`actor_id`),
  CONSTRAINT `fk_audit_org` FOREIGN KEY (`org_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE,
  CONSTRAINT `fk_audit_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
-- queries
-- name: GetOrganizationBySlug :one
SELECT id, slug, name, plan, settings, created_at
FROM organizations
WHERE slug = ?;
-- name: GetUser :one
SELECT * FROM users
WHERE id = ?;
-- name: GetUserByEmail :one
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
SELECT * FROM tasks
WHERE project_id = ? AND number = ?;
-- name: ListOpenTasksByProject :many
SELECT id, number, title, status, priority, assignee_id, updated_at
FROM tasks
WHERE project_id = ? AND status IN ('todo', 'in_progress', 'in_review')
ORDER BY number DESC
LIMIT 50;
-- name: ListMyTasksInProgress :many
SELECT t.id, t.project_id, t.number, t.title, t.priority, t.updated_at
FROM tasks t
WHERE t.assignee_id = ? AND t.status = 'in_progress'
ORDER BY t.updated_at DESC
LIMIT 25;
-- name: ListUnassignedTasks :many
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
SELECT status, COUNT(*) AS task_count
FROM tasks
WHERE project_id = ?
GROUP BY status;
-- name: ListRecentlyClosedTasks :many
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
DELETE FROM comments
WHERE id = ? AND author_id = ?;
-- name: ListTeamLabels :many
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
