PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO users VALUES(1,'ana@example.com','Ana','2024-02-01T08:00:00Z');
INSERT INTO users VALUES(2,'bo@example.org',NULL,'2024-02-03T19:12:44Z');
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  etag,
  last_fetched_at TEXT,
  fetch_interval_s INTEGER NOT NULL DEFAULT 3600
);
INSERT INTO feeds VALUES(1,'https://blog.example.com/feed.xml','Example Engineering','W/"5e1-18d"','2024-03-01T06:00:00Z',3600);
INSERT INTO feeds VALUES(2,'https://news.example.net/rss','Example News; Daily',NULL,NULL,3600);
CREATE TABLE subscriptions (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  folder TEXT DEFAULT 'Unsorted',
  subscribed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, feed_id)
) WITHOUT ROWID;
INSERT INTO subscriptions VALUES(1,1,'Work','2024-02-01 08:01:00');
INSERT INTO subscriptions VALUES(1,2,'Unsorted','2024-02-01 08:02:00');
INSERT INTO subscriptions VALUES(2,1,'Tech','2024-02-03 19:13:00');
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
INSERT INTO entries VALUES(1,1,'tag:blog.example.com,2024:1','Why we moved to SQLite','https://blog.example.com/sqlite','2024-02-28T10:00:00Z','<p>It''s fast; it''s simple.</p>');
INSERT INTO entries VALUES(2,1,'tag:blog.example.com,2024:2','CREATE TABLE considered harmful?','https://blog.example.com/ddl','2024-02-29T10:00:00Z',X'3c703e42696e6172793c2f703e');
CREATE TABLE read_marks (
  user_id INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  read_at TEXT NOT NULL,
  starred INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, entry_id),
  FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
  FOREIGN KEY (entry_id) REFERENCES entries(id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO read_marks VALUES(1,1,'2024-03-01T07:30:00Z',1);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('users',2);
INSERT INTO sqlite_sequence VALUES('feeds',2);
CREATE INDEX entries_feed_published ON entries(feed_id, published_at DESC);
CREATE INDEX read_marks_starred ON read_marks(user_id) WHERE starred = 1;
CREATE VIEW unread_counts AS SELECT s.user_id, s.feed_id, count(e.id) AS unread FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id LEFT JOIN read_marks r ON r.entry_id = e.id AND r.user_id = s.user_id WHERE r.entry_id IS NULL GROUP BY s.user_id, s.feed_id;
CREATE TRIGGER feeds_fetch_interval_floor AFTER UPDATE OF fetch_interval_s ON feeds WHEN NEW.fetch_interval_s < 300 BEGIN
  UPDATE feeds SET fetch_interval_s = 300 WHERE id = NEW.id;
END;
COMMIT;
