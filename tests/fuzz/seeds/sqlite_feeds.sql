PRAGMA foreign_keys=ON;
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE subscriptions (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  feed_id INTEGER NOT NULL,
  folder TEXT DEFAULT 'Unsorted',
  content,
  PRIMARY KEY (user_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX subs_folder ON subscriptions(user_id, folder) WHERE folder IS NOT NULL;
CREATE TRIGGER subs_floor AFTER UPDATE OF folder ON subscriptions WHEN NEW.folder = '' BEGIN
  UPDATE subscriptions SET folder = 'Unsorted' WHERE user_id = NEW.user_id;
END;
-- name: ListSubscriptions :many
SELECT feed_id, folder FROM subscriptions WHERE user_id = ? AND folder LIKE 'Work%' ORDER BY folder LIMIT 100;
-- name: Subscribe :execlastid
INSERT INTO subscriptions (user_id, feed_id, folder) VALUES (?, ?, ?);
