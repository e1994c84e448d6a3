-- Tracker: multi-tenant project and issue tracker (MySQL 8.0, InnoDB).
--
-- Every row that belongs to a customer carries org_id (directly or through
-- its project) so that tenant data can be exported and deleted as a unit.

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

-- Which users belong to which organizations, and with what role.
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

-- Labels are per organization; names like 'bug', 'team:backend', 'team:web'.
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

-- Append-only trail shown on the org's security page; kept 400 days.
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
