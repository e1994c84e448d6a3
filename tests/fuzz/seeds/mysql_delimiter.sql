/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
DROP TABLE IF EXISTS `tasks`;
CREATE TABLE `projects` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `project_key` varchar(10) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `projects_key_uq` (`project_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `tasks` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `project_id` int unsigned NOT NULL,
  `title` varchar(200) NOT NULL DEFAULT 'it''s \'new\'',
  `status` enum('todo','in_progress','done') NOT NULL DEFAULT 'todo',
  `closed_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `tasks_project_idx` (`project_id`,`status`),
  CONSTRAINT `tasks_project_fk` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 # trailing comment
;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`app`@`%`*/ /*!50003 TRIGGER `tasks_bu` BEFORE UPDATE ON `tasks` FOR EACH ROW BEGIN
  IF NEW.status = 'done' THEN
    SET NEW.closed_at = UTC_TIMESTAMP();
  END IF;
END */;;
DELIMITER ;
-- name: ListOpenTasks :many
SELECT id, title FROM tasks WHERE project_id = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 50;
-- name: CloseTask :exec
UPDATE tasks SET status = 'done' WHERE id = ?;
