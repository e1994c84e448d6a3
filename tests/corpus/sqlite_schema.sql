CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  etag,
  last_fetched_at TEXT,
  fetch_interval_s INTEGER NOT NULL DEFAULT 3600
);
CREATE TABLE subscriptions (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  folder TEXT DEFAULT 'Unsorted',
  subscribed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, feed_id)
) WITHOUT ROWID;
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  guid TEXT NOT NULL,
  title TEXT,
  link TEXT,
  published_at TEXT,
  content,
  UNIQUE (feed_id, guid)
);
CREATE TABLE read_marks (
  user_id INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  read_at TEXT NOT NULL,
  starred INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, entry_id),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (entry_id) REFERENCES entries(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX entries_feed_published ON entries(feed_id, published_at DESC);
CREATE INDEX read_marks_starred ON read_marks(user_id) WHERE starred = 1;
CREATE VIEW unread_counts AS SELECT s.user_id, s.feed_id, count(e.id) AS unread FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id LEFT JOIN read_marks r ON r.entry_id = e.id AND r.user_id = s.user_id WHERE r.entry_id IS NULL GROUP BY s.user_id, s.feed_id
/* unread_counts(user_id,feed_id,unread) */;
CREATE TRIGGER feeds_fetch_interval_floor AFTER UPDATE OF fetch_interval_s ON feeds WHEN NEW.fetch_interval_s < 300 BEGIN
  UPDATE feeds SET fetch_interval_s = 300 WHERE id = NEW.id;
END;
